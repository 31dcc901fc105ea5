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
highlighting a part draws its elements in full and fades the rest. Laying copies side by side and
placing diagrams together is ``compose``'s job.

Describing a new cell is writing one function that returns a ``Diagram``; nothing in the
renderer knows about LSTMs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["At", "Node", "Wire", "Label", "Diagram"]

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
    size : float, optional
        The font size in points; by default the style's size for symbols or for words.
    """

    name: str
    text: str
    xy: Point
    quantity: str | None = None
    role: Role = "value"
    ha: str = "center"
    va: str = "center"
    parts: frozenset[str] = frozenset()
    size: float | None = None


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
