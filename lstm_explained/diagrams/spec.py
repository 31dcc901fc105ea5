r"""The data a diagram is drawn from: nodes, wires and labels, placed on a plane.

A ``Diagram`` says *what* is in a figure and *where*; ``render``
draws any diagram in the book's one visual language. The pieces:

- ``Node``: a neural-network layer (a box: ``"layer"``), a pointwise operation (a circle:
  ``"op"``), a black-box cell (``"block"``, like the post's ``A``) or the background frame of a
  repeating module (``"frame"``).
- ``Wire``: a vector moving from one place to another, an orthogonal polyline. Either end may
  be an ``At`` anchor on a node: the renderer trims the wire to the node's outline, so an
  arrow always meets its box or circle. Wires that start or end at the same point merge
  (concatenation) or fork (copy).
- ``Label``: a symbol in mathtext (``r"$\tilde{C}_t$"``). A label that names a value the
  model computes carries that value's key in ``cell.step``'s ``values`` as its ``quantity``.

Every element has a unique ``name`` and a set of ``parts`` (``"forget"``, ``"cell_state"``, ...):
highlighting a part draws its elements in full and fades the rest. ``chain`` lays copies of a
repeating module side by side, re-indexing the time subscripts of their labels.

Describing a new cell is writing one function that returns a ``Diagram``; nothing in the
renderer knows about LSTMs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

__all__ = ["At", "Node", "Wire", "Label", "Diagram", "chain", "combine", "moved", "shift_time"]

Point = tuple[float, float]
NodeKind = Literal["layer", "op", "block", "frame"]
WireKind = Literal["vector", "state", "dashed"]
Role = Literal["value", "input", "output", "state", "note"]


@dataclass(frozen=True)
class At:
    """An anchor on a node: its centre moved by ``(dx, dy)`` units, trimmed to its outline."""

    node: str
    dx: float = 0.0
    dy: float = 0.0


@dataclass(frozen=True)
class Node:
    r"""A box or circle of the diagram.

    Parameters
    ----------
    name : str
        Unique within the diagram; becomes the SVG id (gid) of the drawn shape.
    kind : {"layer", "op", "block", "frame"}
        A neural-network layer (box), a pointwise operation (circle), a black-box recurrent cell
        (a large box with a letter) or the background frame of a repeating module.
    text : str
        What is written inside, in mathtext (``r"$\sigma$"``, ``r"$\times$"``); may be empty.
    xy : (float, float)
        The centre, in units.
    parts : frozenset of str
        The highlightable parts the node belongs to. Frames never fade.
    size : (float, float), optional
        Width and height for a ``"layer"``, ``"block"`` or ``"frame"`` (default: a layer box).
    """

    name: str
    kind: NodeKind
    text: str
    xy: Point
    parts: frozenset[str] = frozenset()
    size: Point | None = None


@dataclass(frozen=True)
class Wire:
    """A vector transfer: a polyline from ``route[0]`` to ``route[-1]``.

    Parameters
    ----------
    name : str
        Unique within the diagram.
    route : tuple of points or ``At``
        The corners in order. The first and last may be ``At`` anchors on nodes.
    parts : frozenset of str
        The highlightable parts the wire belongs to.
    arrow : bool, default True
        Draw an arrowhead at the end.
    kind : {"vector", "state", "dashed"}
        An ordinary wire, the heavier cell-state line, or a dashed hint (a dependency).
    over : bool, default False
        The wire passes over the wires it crosses (they get a small gap around the crossing).
    """

    name: str
    route: tuple[Point | At, ...]
    parts: frozenset[str] = frozenset()
    arrow: bool = True
    kind: WireKind = "vector"
    over: bool = False


@dataclass(frozen=True)
class Label:
    r"""A symbol or caption placed at ``xy``.

    Parameters
    ----------
    name : str
        Unique within the diagram.
    text : str
        Mathtext (``r"$h_{t-1}$"``) or plain words (for ``role="note"``). Time subscripts
        ``_t``, ``_{t-1}``, ``_{t+1}`` are re-indexed by ``chain``.
    xy : (float, float)
        The anchor point, in units.
    quantity : str or None
        The key of ``cell.step``'s ``values`` that this label names (``"C_tilde"``), if any.
    role : {"value", "input", "output", "state", "note"}
        ``"value"``: an intermediate inside a cell; ``"input"``/``"output"``: the per-step
        input and output (kept when chained); ``"state"``: the state entering or leaving at the
        sides (dropped when chained); ``"note"``: a caption in words.
    ha, va : str
        Alignment of the text at ``xy``.
    parts : frozenset of str
        The highlightable parts the label belongs to.
    """

    name: str
    text: str
    xy: Point
    quantity: str | None = None
    role: Role = "value"
    ha: str = "center"
    va: str = "center"
    parts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Diagram:
    """A whole figure's content: nodes, wires and labels, and the region they occupy.

    Parameters
    ----------
    name : str
        What is drawn, e.g. ``"lstm"``.
    nodes, wires, labels : tuple
        The elements; names are unique across all three.
    bounds : (x0, y0, x1, y1)
        The region to show, in units (the panel is drawn a little outside it).
    period : float, optional
        For a repeating module: the distance between copies when chained, such that the state
        wires leaving one copy end where the next copy's begin.
    """

    name: str
    nodes: tuple[Node, ...] = ()
    wires: tuple[Wire, ...] = ()
    labels: tuple[Label, ...] = ()
    bounds: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    period: float | None = None
    _index: dict = field(default=None, init=False, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        names = [e.name for e in (*self.nodes, *self.wires, *self.labels)]
        seen: set[str] = set()
        for n in names:
            if n in seen:
                raise ValueError(f"diagram {self.name!r}: element name {n!r} is used twice")
            seen.add(n)
        node_names = {n.name for n in self.nodes}
        for w in self.wires:
            for p in w.route:
                if isinstance(p, At) and p.node not in node_names:
                    raise ValueError(
                        f"diagram {self.name!r}: wire {w.name!r} is anchored on unknown node "
                        f"{p.node!r}"
                    )
        x0, y0, x1, y1 = self.bounds
        if not (x1 > x0 and y1 > y0):
            raise ValueError(
                f"bounds must be (x0, y0, x1, y1) with x1 > x0, y1 > y0; got {self.bounds}"
            )
        object.__setattr__(self, "_index", {e.name: e for e in self.elements()})

    def elements(self) -> tuple[Node | Wire | Label, ...]:
        """Every node, wire and label, in drawing order of kind."""
        return (*self.nodes, *self.wires, *self.labels)

    def __getitem__(self, name: str) -> Node | Wire | Label:
        return self._index[name]

    @property
    def quantities(self) -> frozenset[str]:
        """The model values the diagram names: the ``quantity`` of every label that has one."""
        return frozenset(lb.quantity for lb in self.labels if lb.quantity is not None)

    @property
    def parts(self) -> frozenset[str]:
        """Every highlightable part named by some element."""
        return frozenset(p for e in self.elements() for p in e.parts)

    def members(self, highlight: Iterable[str]) -> frozenset[str]:
        """The names of the elements that ``highlight`` (part or element names) selects."""
        want = frozenset(highlight)
        unknown = want - self.parts - set(self._index)
        if unknown:
            raise ValueError(
                f"highlight names no part or element of diagram {self.name!r}: "
                f"{sorted(unknown)}; its parts are {sorted(self.parts)}"
            )
        return frozenset(e.name for e in self.elements() if e.name in want or e.parts & want)


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
    >>> from lstm_explained.diagrams.cells import describe
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
