r"""Diagrams built from diagrams: chains of copies of a module, moved and combined figures.

``chain`` lays copies of a repeating module side by side and re-indexes the time subscripts of
their labels (``shift_time``); ``moved`` and ``combine`` place finished descriptions on one plane.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from .spec import At, Diagram, Label, Node, Wire

__all__ = ["chain", "combine", "moved", "shift_time"]

Point = tuple[float, float]


# ------------------------------------------------------------------ time subscripts
_SUBSCRIPT = re.compile(r"_(?:\{t(?P<off>[+-]\d+)?\}|t(?![A-Za-z0-9]))")


def _parse_time(time: str) -> tuple[str, int]:
    m = re.fullmatch(r"\s*(t)?\s*([+-]?\s*\d+)?\s*", time)
    if not m or (m.group(1) is None and m.group(2) is None):
        raise ValueError(f"a time must look like 't', 't-1', 't+2' or '3'; got {time!r}")
    sym = m.group(1) or ""
    off = int(m.group(2).replace(" ", "")) if m.group(2) else 0
    return sym, off


def _format_time(sym: str, off: int) -> str:
    if not sym:
        return str(off)
    return "t" if off == 0 else f"t{off:+d}"


def shift_time(text: str, time: str) -> str:
    r"""Re-index the time subscripts of ``text`` for the copy at ``time``.

    Subscripts are written for the copy at ``t``; the copy at ``time`` gets them moved along.

    Examples
    --------
    >>> shift_time(r"$h_{t-1}$ and $x_t$", "t+1")
    '$h_t$ and $x_{t+1}$'
    >>> shift_time(r"$x_t$", "0")
    '$x_0$'
    """
    sym, base = _parse_time(time)

    def sub(m: re.Match) -> str:
        out = _format_time(sym, base + int(m.group("off") or 0))
        return f"_{out}" if len(out) == 1 else f"_{{{out}}}"

    return _SUBSCRIPT.sub(sub, text)


# ------------------------------------------------------------------ chains of copies
def _state_height(module: Diagram) -> float:
    """The height of the lowest wire leaving the module on the right: where an ellipsis goes."""
    reach = max(q[0] for w in module.wires for q in w.route if not isinstance(q, At))
    ends = [w.route[-1] for w in module.wires if not isinstance(w.route[-1], At)]
    return min(q[1] for q in ends if q[0] == reach)


def _moved(point: Point | At, dx: float, prefix: str) -> Point | At:
    if isinstance(point, At):
        return At(prefix + point.node, point.dx, point.dy)
    return (point[0] + dx, point[1])


def chain(
    module: Diagram,
    times: Sequence[str | None] = ("t-1", "t", "t+1"),
    *,
    ellipsis_width: float = 0.5,
    keep: Iterable[str] = ("input", "output"),
) -> Diagram:
    r"""Lay copies of a repeating module side by side, one per entry of ``times``.

    Parameters
    ----------
    module : Diagram
        A module with a ``period``.
    times : sequence of str or None
        The time of each copy (``"t"``, ``"t-1"``, ``"0"``); ``None`` leaves a gap with an
        ellipsis, ``ellipsis_width`` periods wide.
    keep : iterable of str
        The label roles drawn on every copy; other labels are dropped (the state labels at the
        sides and the values inside would repeat on every copy).

    Returns
    -------
    Diagram
        Element names are prefixed with the copy's position (``"c0."``, ``"c1."``, ...).

    Examples
    --------
    >>> from lstm_explained.book.diagrams.registry import describe
    >>> three = chain(describe("rnn"))
    >>> sorted(lb.text for lb in three.labels if lb.role == "input")
    ['$x_t$', '$x_{t+1}$', '$x_{t-1}$']
    """
    if module.period is None:
        raise ValueError(f"module {module.name!r} has no period, so it cannot be chained")
    if not times:
        raise ValueError("times must name at least one copy")
    keep = frozenset(keep)
    nodes: list[Node] = []
    wires: list[Wire] = []
    labels: list[Label] = []
    x = 0.0
    x0, y0, x1, y1 = module.bounds
    left = None
    reach = max(q[0] for w in module.wires for q in w.route if not isinstance(q, At))
    ymid = _state_height(module)
    for k, time in enumerate(times):
        if time is None:
            # the gap sits between the previous copy's outgoing wires and the next one's
            step = ellipsis_width * module.period
            centre = x - module.period + reach + 0.5 * step
            labels.append(Label(f"c{k}.ellipsis", r"$\cdots$", (centre, ymid), role="note"))
            x += step
            continue
        p = f"c{k}."
        nodes += [replace(n, name=p + n.name, xy=(n.xy[0] + x, n.xy[1])) for n in module.nodes]
        wires += [
            replace(w, name=p + w.name, route=tuple(_moved(q, x, p) for q in w.route))
            for w in module.wires
        ]
        labels += [
            replace(
                lb,
                name=p + lb.name,
                text=shift_time(lb.text, time),
                xy=(lb.xy[0] + x, lb.xy[1]),
            )
            for lb in module.labels
            if lb.role in keep
        ]
        left = x if left is None else left
        x += module.period
    if left is None:
        raise ValueError("times must name at least one copy, not only ellipses")
    # The side labels are gone, so the chain is as wide as its wires (and a little more).
    xs = [q[0] for w in wires for q in w.route if not isinstance(q, At)]
    return Diagram(
        name=f"{module.name}-chain",
        nodes=tuple(nodes),
        wires=tuple(wires),
        labels=tuple(labels),
        bounds=(min(xs) - 0.3, y0, max(xs) + 0.3, y1),
    )


# ------------------------------------------------------------------ composing diagrams
def moved(diagram: Diagram, dx: float, dy: float = 0.0, prefix: str = "") -> Diagram:
    """A copy of ``diagram`` shifted by ``(dx, dy)`` units, its element names prefixed.

    Examples
    --------
    >>> d = Diagram("one", labels=(Label("a", "$a$", (1.0, 1.0)),), bounds=(0, 0, 2, 2))
    >>> moved(d, 3.0, prefix="p.").labels[0].xy
    (4.0, 1.0)
    """

    def move(q: Point | At) -> Point | At:
        if isinstance(q, At):
            return At(prefix + q.node, q.dx, q.dy)
        return (q[0] + dx, q[1] + dy)

    x0, y0, x1, y1 = diagram.bounds
    return Diagram(
        diagram.name,
        tuple(replace(n, name=prefix + n.name, xy=move(n.xy)) for n in diagram.nodes),
        tuple(
            replace(w, name=prefix + w.name, route=tuple(move(q) for q in w.route))
            for w in diagram.wires
        ),
        tuple(replace(lb, name=prefix + lb.name, xy=move(lb.xy)) for lb in diagram.labels),
        (x0 + dx, y0 + dy, x1 + dx, y1 + dy),
        diagram.period,
    )


def combine(name: str, *diagrams: Diagram, labels: Sequence[Label] = ()) -> Diagram:
    """One diagram holding the elements of several (already placed) ones, plus extra labels.

    The bounds are the union of the parts' bounds.
    """
    if not diagrams:
        raise ValueError("combine needs at least one diagram")
    bounds = (
        min(d.bounds[0] for d in diagrams),
        min(d.bounds[1] for d in diagrams),
        max(d.bounds[2] for d in diagrams),
        max(d.bounds[3] for d in diagrams),
    )
    return Diagram(
        name,
        tuple(n for d in diagrams for n in d.nodes),
        tuple(w for d in diagrams for w in d.wires),
        (*(lb for d in diagrams for lb in d.labels), *labels),
        bounds,
    )
