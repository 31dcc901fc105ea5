r"""Descriptions of the figures that are not a cell's insides: the black-box cell ``A`` and its
loop, the notation legend and a lone gate. They are ``Diagram`` data like the cells,
drawn by the same renderer.
"""

from __future__ import annotations

from .compose import chain, combine, moved
from .spec import At, Diagram, Label, Node, Wire

__all__ = ["block", "loop", "unrolled", "dependencies", "notation", "gate"]

_A = (1.4, 1.2)  # size of the black-box cell


def block() -> Diagram:
    r"""The recurrent cell as a black box ``A``: :math:`x_t` in, :math:`h_t` out, state passed on.

    Examples
    --------
    >>> [lb.text for lb in block().labels]
    ['$x_t$', '$h_t$']
    """
    nodes = (Node("A", "block", r"$A$", (1.0, 2.2), size=_A),)
    wires = (
        Wire("x_in", ((1.0, 0.55), At("A"))),
        Wire("h_out", (At("A"), (1.0, 3.85))),
        Wire("state_in", ((-0.2, 2.2), At("A"))),
        Wire("state_out", (At("A"), (2.2, 2.2)), arrow=False),
    )
    labels = (
        Label("x", r"$x_t$", (1.0, 0.4), role="input", va="top"),
        Label("h", r"$h_t$", (1.0, 4.0), role="output", va="bottom"),
    )
    return Diagram("block", nodes, wires, labels, (-0.3, -0.25, 2.3, 4.65), period=2.4)


def loop() -> Diagram:
    """The recurrent cell ``A`` with the loop that carries its state to the next step.

    Examples
    --------
    >>> [w.name for w in loop().wires]
    ['x_in', 'h_out', 'loop']
    """
    b = block()
    wires = (
        *(w for w in b.wires if not w.name.startswith("state")),
        Wire("loop", (At("A", dy=0.3), (2.45, 2.5), (2.45, 1.9), At("A", dy=-0.3))),
    )
    return Diagram("loop", b.nodes, wires, b.labels, (-0.05, -0.25, 2.75, 4.65))


def unrolled(times: tuple[str | None, ...] = ("0", "1", "2", None, "t")) -> Diagram:
    r"""The loop, an equals sign, and the same cell unrolled into a chain of copies.

    Examples
    --------
    >>> sorted({lb.text for lb in unrolled().labels if lb.role == "input"})
    ['$x_0$', '$x_1$', '$x_2$', '$x_t$']
    """
    folded = moved(loop(), 0.0, prefix="loop.")
    chained = moved(chain(block(), times), 3.9, prefix="")
    equals = Label("equals", r"$=$", (3.2, 2.2), role="note")
    return combine("unrolled", folded, chained, labels=(equals,))


def dependencies(gap: str = "short") -> tuple[Diagram, tuple[str, ...]]:
    """A chain of cells where the output at one step needs inputs from a few or many steps back.

    Parameters
    ----------
    gap : {"short", "long"}
        ``"short"``: :math:`h_3` needs :math:`x_0, x_1`. ``"long"``: :math:`h_{t+1}` needs them.

    Returns
    -------
    diagram : Diagram
    relevant : tuple of str
        The names of the labels to mark: the relevant inputs and the output that needs them.

    Examples
    --------
    >>> d, relevant = dependencies("long")
    >>> [d[name].text for name in relevant]
    ['$x_0$', '$x_1$', '$h_{t+1}$']
    """
    if gap == "short":
        times: tuple[str | None, ...] = ("0", "1", "2", "3", "4")
        out = "c3.h"
    elif gap == "long":
        times = ("0", "1", None, "t", "t+1")
        out = "c4.h"
    else:
        raise ValueError(f"gap must be 'short' or 'long'; got {gap!r}")
    return chain(block(), times), ("c0.x", "c1.x", out)


def notation() -> Diagram:
    """The legend of the diagrams: layer, pointwise operation, vector transfer, concatenate, copy.

    Examples
    --------
    >>> [lb.text for lb in notation().labels][:2]
    ['Neural network\\nlayer', 'Pointwise\\noperation']
    """
    y = 1.5
    xs = (0.9, 3.4, 5.9, 8.6, 11.3)
    nodes = (
        Node("layer", "layer", "", (xs[0], y), frozenset({"layer"})),
        Node("op", "op", "", (xs[1], y), frozenset({"op"})),
    )
    wires = (
        Wire("transfer", ((xs[2] - 0.8, y), (xs[2] + 0.8, y)), frozenset({"transfer"})),
        Wire("concat_a", ((xs[3] - 0.9, y), (xs[3] - 0.2, y)), frozenset({"concat"}), arrow=False),
        Wire(
            "concat_b",
            ((xs[3] - 0.2, y - 0.75), (xs[3] - 0.2, y)),
            frozenset({"concat"}),
            arrow=False,
        ),
        Wire("concat_ab", ((xs[3] - 0.2, y), (xs[3] + 0.9, y)), frozenset({"concat"})),
        Wire("copy_in", ((xs[4] - 0.9, y), (xs[4] - 0.1, y)), frozenset({"copy"}), arrow=False),
        Wire("copy_a", ((xs[4] - 0.1, y), (xs[4] + 0.9, y)), frozenset({"copy"})),
        Wire("copy_b", ((xs[4] - 0.1, y), (xs[4] - 0.1, y + 0.8)), frozenset({"copy"})),
    )
    captions = (
        "Neural network\nlayer",
        "Pointwise\noperation",
        "Vector\ntransfer",
        "Concatenate",
        "Copy",
    )
    parts = ("layer", "op", "transfer", "concat", "copy")
    labels = tuple(
        Label(f"caption_{p}", text, (x, 0.25), role="note", va="top", parts=frozenset({p}))
        for p, text, x in zip(parts, captions, xs, strict=True)
    )
    return Diagram("notation", nodes, wires, labels, (-0.55, -0.9, 12.6, 2.55))


def gate() -> Diagram:
    r"""A gate: a :math:`\sigma` layer whose output multiplies a vector, entry by entry.

    Examples
    --------
    >>> sorted(n.name for n in gate().nodes)
    ['sigma', 'times']
    """
    nodes = (
        Node("sigma", "layer", r"$\sigma$", (1.6, 1.0), frozenset({"gate"})),
        Node("times", "op", r"$\times$", (1.6, 2.5), frozenset({"gate"})),
    )
    wires = (
        Wire("in", ((1.6, -0.2), At("sigma")), frozenset({"gate"})),
        Wire("g_out", (At("sigma"), At("times")), frozenset({"gate"})),
        Wire("v_in", ((0.0, 2.5), At("times"))),
        Wire("v_out", (At("times"), (3.2, 2.5))),
    )
    labels = (
        Label("v", r"$v$", (0.35, 2.65), ha="center", va="bottom"),
        Label("gv", r"$g * v$", (2.85, 2.65), ha="center", va="bottom"),
        Label("g", r"$g \in (0, 1)$", (1.75, 1.75), ha="left"),
    )
    return Diagram("gate", nodes, wires, labels, (-0.3, -0.35, 4.1, 3.3))
