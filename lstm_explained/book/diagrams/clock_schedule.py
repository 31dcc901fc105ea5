r"""The clockwork RNN's modules, described: which module updates when, and which reads which.

Koutník et al. (2014) split the hidden units of a vanilla RNN into modules with periods
:math:`T_k` (1, 2, 4, 8 here). Module :math:`k` computes a new value only at the steps where
:math:`T_k` divides :math:`t` and keeps its value at the others, and it reads only the modules
at least as slow as itself, so the recurrent weights, by module, are block-triangular.
``schedule`` draws both as grids of small blocks, one row per module: above, the time steps
(filled: the module updates); below, the blocks of the recurrent weights (filled: the row's
module reads the column's). The filled blocks are returned with the
description, to be drawn marked, as :class:`~lstm_explained.ClockworkRNNCell` computes them.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...cells.validation import check_int
from .spec import Diagram, Label, Node
from .style import FS_GRID, FS_GRID_NUMBER

__all__ = ["schedule"]

PITCH = 0.62  # distance between the centres of neighbouring blocks, units
SIZE = 0.5  # side of a block


def _check(periods: Sequence[int], steps: int) -> tuple[tuple[int, ...], int]:
    try:
        out = tuple(int(p) for p in periods)
    except TypeError:
        raise TypeError(f"periods must be a sequence of ints; got {periods!r}") from None
    if not out or any(p < 1 for p in out) or list(out) != sorted(out):
        raise ValueError(f"periods must be positive ints sorted from fast to slow; got {out}")
    steps = check_int(steps, "steps")
    return out, steps


def schedule(
    periods: Sequence[int] = (1, 2, 4, 8), steps: int = 16
) -> tuple[Diagram, frozenset[str]]:
    r"""The modules of a clockwork RNN as rows: what each reads, and when it updates.

    Parameters
    ----------
    periods : sequence of int, default (1, 2, 4, 8)
        The modules' periods, fast to slow (as :class:`~lstm_explained.ClockworkRNNCell` takes
        them).
    steps : int, default 16
        How many time steps, :math:`t = 0, \ldots,` ``steps - 1``, the timeline shows.

    Returns
    -------
    diagram : Diagram
        Blocks ``tick-<k>-<t>`` (module ``k`` at step ``t``) and ``read-<k>-<j>`` (module
        ``k`` reads module ``j``), ``k`` and ``j`` counting from 0, fastest first; row labels,
        column labels and a caption for each grid (``label-...``).
    filled : frozenset of str
        The names of the blocks that are true: ``tick-k-t`` when ``periods[k]`` divides
        ``t``, ``read-k-j`` when ``periods[j] >= periods[k]``.

    Examples
    --------
    >>> d, filled = schedule((1, 2), steps=4)
    >>> sorted(n for n in filled if n.startswith("tick-1"))
    ['tick-1-0', 'tick-1-2']
    >>> sorted(n for n in filled if n.startswith("read"))
    ['read-0-0', 'read-0-1', 'read-1-1']
    """
    periods, steps = _check(periods, steps)
    nodes: list[Node] = []
    labels: list[Label] = []
    filled: set[str] = set()
    x0 = 0.45  # centre of the first column; the row labels end left of it

    def grid(y_top: float, kind: str, columns: Sequence[object], caption: str) -> float:
        """Draw one grid under ``y_top``: caption, column labels, a row per module."""
        labels.append(
            Label(
                f"label-{kind}",
                caption,
                (x0 - SIZE / 2, y_top),
                role="note",
                ha="left",
                size=FS_GRID,
            )
        )
        y_head = y_top - 0.55
        for j, column in enumerate(columns):
            labels.append(
                Label(
                    f"label-{kind}-{j}",
                    str(column),
                    (x0 + j * PITCH, y_head),
                    role="note",
                    size=FS_GRID_NUMBER,
                )
            )
        for k, period in enumerate(periods):
            y = y_head - 0.7 - k * PITCH
            labels.append(
                Label(f"label-{kind}-T{k}", rf"$T = {period}$", (-0.1, y), role="note", ha="right")
            )
            for j, column in enumerate(columns):
                name = f"{kind}-{k}-{j}"
                nodes.append(Node(name, "block", "", (x0 + j * PITCH, y), size=(SIZE, SIZE)))
                is_on = column % period == 0 if kind == "tick" else column >= period
                if is_on:
                    filled.add(name)
        return y_head - 0.7 - (len(periods) - 1) * PITCH - SIZE / 2

    bottom = grid(0.0, "tick", range(steps), "updates (filled) at time step t")
    top = bottom - 0.75
    bottom = grid(top, "read", periods, "reads (filled) the module of period")
    labels.append(
        Label(
            "label-read-rule",
            "A module reads only the\nmodules as slow as itself\nor slower: slow ones inform\n"
            "fast ones, never back.",
            (x0 + (len(periods) + 0.6) * PITCH, (top - 0.55 + bottom) / 2),
            role="note",
            ha="left",
            size=FS_GRID,
        )
    )
    x_end = x0 + (max(steps, len(periods)) - 1) * PITCH + SIZE / 2
    bounds = (-1.75, bottom - 0.15, x_end + 0.15, 0.35)
    return Diagram("clockwork_modules", tuple(nodes), (), tuple(labels), bounds), frozenset(filled)
