"""The one routine that draws any ``Diagram``, with any parts highlighted.

Every shape gets its element's name as its ``gid`` (the ``id`` in the SVG: ``gate-f``,
``line-C-in``, ``label-h``), and the text inside a node ``<name>.text``, so tests and a page's
script can find the parts of a drawing by name. The ids are the same on every run. The figure
it returns, and its saving as SVG, are ``svg``'s.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from matplotlib.axes import Axes
from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path

from . import style as S
from .spec import At, Diagram, Label, Node, Wire
from .svg import DiagramFigure

__all__ = ["render", "wire_points"]

Point = tuple[float, float]


# ------------------------------------------------------------------ geometry
def _node_size(node: Node) -> Point:
    if node.size is not None:
        return node.size
    if node.kind == "op":
        return (2 * S.OP_RADIUS, 2 * S.OP_RADIUS)
    return S.LAYER_SIZE


def _exit(node: Node, start: Point, toward: Point) -> Point:
    """Where the ray from ``start`` (inside ``node``) toward ``toward`` leaves its outline."""
    dx, dy = toward[0] - start[0], toward[1] - start[1]
    length = math.hypot(dx, dy)
    if length == 0:
        return start
    ux, uy = dx / length, dy / length
    cx, cy = node.xy
    w, h = _node_size(node)
    if node.kind == "op":
        # the ellipse ((x - cx) / a)^2 + ((y - cy) / b)^2 = 1 met by start + s u: the positive root
        a, b = w / 2, h / 2
        px, py = (start[0] - cx) / a, (start[1] - cy) / b
        qx, qy = ux / a, uy / b
        qq, pq, pp = qx * qx + qy * qy, px * qx + py * qy, px * px + py * py - 1.0
        s = (-pq + math.sqrt(max(pq * pq - qq * pp, 0.0))) / qq
    else:
        s = math.inf
        if ux:
            s = min(s, ((cx + math.copysign(w / 2, ux)) - start[0]) / ux)
        if uy:
            s = min(s, ((cy + math.copysign(h / 2, uy)) - start[1]) / uy)
    s = min(max(s, 0.0), length)
    return (start[0] + s * ux, start[1] + s * uy)


def wire_points(diagram: Diagram, wire: Wire) -> list[Point]:
    """The corners of ``wire`` in units, its ends trimmed to the outlines of anchoring nodes."""
    pts: list[Point] = []
    for p in wire.route:
        if isinstance(p, At):
            n = diagram[p.node]
            pts.append((n.xy[0] + p.dx, n.xy[1] + p.dy))
        else:
            pts.append((float(p[0]), float(p[1])))
    if len(pts) < 2:
        raise ValueError(f"wire {wire.name!r} needs at least two points")
    first, last = wire.route[0], wire.route[-1]
    if isinstance(last, At):
        pts[-1] = _exit(diagram[last.node], pts[-1], pts[-2])
    if isinstance(first, At):
        pts[0] = _exit(diagram[first.node], pts[0], pts[1])
    return pts


def _rounded(points: list[Point], radius: float) -> Path:
    """A polyline with its corners rounded by quadratic curves of the given radius."""
    verts: list[Point] = [points[0]]
    codes = [Path.MOVETO]
    for a, b, c in zip(points, points[1:], points[2:], strict=False):
        d1 = math.dist(a, b)
        d2 = math.dist(b, c)
        r = min(radius, d1 / 2, d2 / 2)
        if r <= 0:
            continue
        p = (b[0] + (a[0] - b[0]) * r / d1, b[1] + (a[1] - b[1]) * r / d1)
        q = (b[0] + (c[0] - b[0]) * r / d2, b[1] + (c[1] - b[1]) * r / d2)
        verts += [p, b, q]
        codes += [Path.LINETO, Path.CURVE3, Path.CURVE3]
    verts.append(points[-1])
    codes.append(Path.LINETO)
    return Path(verts, codes)


def _crossings(a: list[Point], b: list[Point]) -> list[tuple[Point, Point]]:
    """Points where a segment of ``a`` properly crosses one of ``b``, with ``a``'s direction."""
    out = []
    for p, q in zip(a, a[1:], strict=False):
        for r, s in zip(b, b[1:], strict=False):
            d = (q[0] - p[0]) * (s[1] - r[1]) - (q[1] - p[1]) * (s[0] - r[0])
            if abs(d) < 1e-12:
                continue
            t = ((r[0] - p[0]) * (s[1] - r[1]) - (r[1] - p[1]) * (s[0] - r[0])) / d
            u = ((r[0] - p[0]) * (q[1] - p[1]) - (r[1] - p[1]) * (q[0] - p[0])) / d
            eps = 1e-6
            if eps < t < 1 - eps and eps < u < 1 - eps:
                length = math.dist(p, q)
                direction = ((q[0] - p[0]) / length, (q[1] - p[1]) / length)
                out.append(((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])), direction))
    return out


# ------------------------------------------------------------------ drawing
def _colour(colour: str, on: bool) -> str:
    return colour if on else S.faded(colour)


def _draw_node(ax: Axes, node: Node, on: bool, marked: bool) -> None:
    x, y = node.xy
    w, h = _node_size(node)
    if node.kind == "op":
        shape = Ellipse(
            node.xy,
            w,
            h,
            fc=_colour(S.OP_FACE, on),
            ec=_colour(S.OP_EDGE, on),
            lw=S.LW_OUTLINE,
            zorder=4,
        )
        size = S.FS_OP if w == h else S.FS_OP_WORD
    else:
        face, edge, lw, rounding, size, z = {
            "layer": (S.LAYER_FACE, S.LAYER_EDGE, S.LW_OUTLINE, S.LAYER_ROUNDING, S.FS_LAYER, 4),
            "block": (S.BLOCK_FACE, S.BLOCK_EDGE, S.LW_FRAME, S.BLOCK_ROUNDING, S.FS_BLOCK, 1),
            "frame": (S.FRAME_FACE, S.FRAME_EDGE, S.LW_FRAME, S.FRAME_ROUNDING, S.FS_BLOCK, 0.5),
        }[node.kind]
        if marked:
            face, edge = S.MARK_FACE, S.MARK_EDGE
        shape = FancyBboxPatch(
            (x - w / 2, y - h / 2),
            w,
            h,
            boxstyle=f"round,pad=0,rounding_size={rounding}",
            fc=_colour(face, on),
            ec=_colour(edge, on),
            lw=lw,
            zorder=z,
        )
    shape.set_gid(node.name)
    ax.add_patch(shape)
    if node.text:
        t = ax.text(
            x,
            y,
            node.text,
            ha="center",
            va="center_baseline",
            fontsize=size,
            color=_colour(S.INK, on),
            math_fontfamily=S.MATH_FONT,
            zorder=5,
        )
        t.set_gid(f"{node.name}.text")


def _draw_wire(ax: Axes, name: str, points: list[Point], wire: Wire, on: bool) -> None:
    state = wire.kind == "state"
    colour = S.CELL_STATE if state else S.INK
    lw = S.LW_STATE if state else S.LW_WIRE
    arrow = FancyArrowPatch(
        path=_rounded(points, S.CORNER_RADIUS),
        arrowstyle=S.ARROW_STYLE if wire.arrow else "-",
        mutation_scale=S.ARROW_MUTATION * (1.15 if state else 1.0),
        color=_colour(colour, on),
        lw=lw,
        capstyle="butt",
        joinstyle="round",
        linestyle=(0, (4, 3)) if wire.kind == "dashed" else "-",
        zorder=3 if wire.over else 2,
    )
    arrow.set_gid(name)
    ax.add_patch(arrow)


def _background(diagram: Diagram, at: Point) -> str:
    """The colour under the point ``at``: the face of the frame or block around it, or the panel."""
    colour = S.PANEL
    for node in diagram.nodes:
        if node.kind in ("frame", "block"):
            w, h = _node_size(node)
            if abs(at[0] - node.xy[0]) < w / 2 and abs(at[1] - node.xy[1]) < h / 2:
                colour = S.FRAME_FACE if node.kind == "frame" else S.BLOCK_FACE
    return colour


def _draw_gap(ax: Axes, name: str, at: Point, direction: Point, wire: Wire, colour: str) -> None:
    """Cut a gap, in the background colour, into whatever lies under ``wire`` at ``at``."""
    half = S.BRIDGE_GAP / 2
    lw = (S.LW_STATE if wire.kind == "state" else S.LW_WIRE) + S.BRIDGE_HALO
    a = (at[0] - half * direction[0], at[1] - half * direction[1])
    b = (at[0] + half * direction[0], at[1] + half * direction[1])
    gap = FancyArrowPatch(
        path=Path([a, b]), arrowstyle="-", color=colour, lw=lw, capstyle="butt", zorder=2.5
    )
    gap.set_gid(name)
    ax.add_patch(gap)


def _draw_label(ax: Axes, label: Label, on: bool, marked: bool) -> None:
    note = label.role == "note"
    kw: dict[str, Any] = {
        "ha": label.ha,
        "va": label.va,
        "color": _colour(S.INK, on),
        "zorder": 6,
        "math_fontfamily": S.MATH_FONT,
    }
    if note and not (label.text.startswith("$") and label.text.endswith("$")):
        kw["fontproperties"] = S.text_font(label.size or S.FS_NOTE)
    else:
        kw["fontsize"] = label.size or S.FS_LABEL
    if marked:
        kw["bbox"] = {
            "boxstyle": "round,pad=0.25",
            "fc": _colour(S.MARK_FACE, on),
            "ec": _colour(S.MARK_EDGE, on),
            "lw": S.LW_OUTLINE,
        }
    t = ax.text(*label.xy, label.text, **kw)
    t.set_gid(label.name)


def render(
    diagram: Diagram,
    *,
    highlight: Iterable[str] | None = None,
    mark: Iterable[str] = (),
    alt: str = "",
) -> DiagramFigure:
    """Draw ``diagram`` as a figure, optionally highlighting some parts and fading the rest.

    Parameters
    ----------
    diagram : Diagram
        What to draw.
    highlight : iterable of str, optional
        Part names (``"forget"``) or element names to draw in full; everything else is faded
        (the frames of modules excepted). ``None`` draws everything in full; an empty set fades
        everything.
    mark : iterable of str
        Names of labels or nodes to mark with a coloured background (the relevant inputs of a
        dependency, say). Marking does not fade anything.
    alt : str
        The figure's alternative text, kept as ``fig.alt``.

    Returns
    -------
    DiagramFigure
        A matplotlib figure, one axes without ticks, sized so that one diagram unit is
        ``style.UNIT`` inches.

    Examples
    --------
    >>> from lstm_explained.book.diagrams import cells
    >>> fig = render(cells.lstm(), highlight={"forget"}, alt="The forget gate.")
    >>> fig.alt
    'The forget gate.'
    >>> sorted(p.get_gid() for p in fig.axes[0].patches if p.get_gid() in {"gate-f", "frame"})
    ['frame', 'gate-f']
    """
    if not isinstance(diagram, Diagram):
        raise TypeError(f"diagram must be a Diagram; got {type(diagram).__name__}")
    on_names = None if highlight is None else diagram.members(highlight)
    marked = frozenset(mark)
    missing = marked - {e.name for e in diagram.elements()}
    if missing:
        raise ValueError(f"mark names no element of diagram {diagram.name!r}: {sorted(missing)}")

    def on(name: str) -> bool:
        return on_names is None or name in on_names

    x0, y0, x1, y1 = diagram.bounds
    m = S.PANEL_MARGIN
    px0, py0, px1, py1 = x0 - m, y0 - m, x1 + m, y1 + m
    edge = 0.04  # room for the panel's outline
    width, height = px1 - px0 + 2 * edge, py1 - py0 + 2 * edge
    fig = DiagramFigure(figsize=(width * S.UNIT, height * S.UNIT), alt=alt, diagram=diagram)
    fig.patch.set_facecolor("none")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(px0 - edge, px1 + edge)
    ax.set_ylim(py0 - edge, py1 + edge)
    ax.set_axis_off()
    panel = FancyBboxPatch(
        (px0, py0),
        px1 - px0,
        py1 - py0,
        boxstyle=f"round,pad=0,rounding_size={S.PANEL_ROUNDING}",
        fc=S.PANEL,
        ec=S.PANEL_EDGE,
        lw=0.8,
        zorder=0,
    )
    panel.set_gid("panel")
    ax.add_patch(panel)

    for node in diagram.nodes:
        _draw_node(ax, node, node.kind == "frame" or on(node.name), node.name in marked)
    drawn: list[tuple[Wire, list[Point]]] = []
    for wire in sorted(diagram.wires, key=lambda w: w.over):
        pts = wire_points(diagram, wire)
        if wire.over:
            for k, (at, direction) in enumerate(
                c for _, other in drawn for c in _crossings(pts, other)
            ):
                gap = f"{wire.name}.gap{k}"
                _draw_gap(ax, gap, at, direction, wire, _background(diagram, at))
        _draw_wire(ax, wire.name, pts, wire, on(wire.name))
        drawn.append((wire, pts))
    for label in diagram.labels:
        _draw_label(ax, label, on(label.name), label.name in marked)
    return fig
