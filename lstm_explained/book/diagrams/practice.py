r"""The practice chapter's figures: a stack of recurrent layers and a bidirectional pair.

Both are built from the black-box cell of :mod:`.sketches` (a box ``A`` that reads :math:`x_t`,
passes its state on and emits :math:`h_t`), unrolled over three steps, in the book's visual
language, and drawn by the shared renderer.

* :func:`stack`: two layers; each step's output of layer 1 is the input of layer 2, through a
  dropout mask (a pointwise multiplication, active only in training).
* :func:`bidirectional`: a forward row reading left to right, a backward row reading right to
  left; each step's output :math:`y_t` is the two hidden states side by side.
"""

from __future__ import annotations

from .drawing import DiagramFigure, render
from .spec import At, Diagram, Label, Node, Wire

__all__ = ["ALT", "bidirectional", "bidirectional_diagram", "stack", "stack_diagram"]

_DX = 2.6  # distance between steps
_BOX = (1.1, 0.9)
_TIMES = ("t-1", "t", "t+1")


def _sub(t: str) -> str:
    return "{" + t + "}" if len(t) > 1 else t


#: Alternative text of the two figures.
ALT: dict[str, str] = {
    "stack": (
        "A stack of two recurrent layers unrolled over steps t-1, t and t+1. The bottom row of "
        "cells A1 reads the inputs x; each passes its state to the right. Each cell of the "
        "bottom row sends its output up, through a pointwise multiplication by a dropout mask m, "
        "into the cell A2 of the top row at the same step; the top row passes its own state to "
        "the right and emits the outputs h at the top."
    ),
    "bidirectional": (
        "A bidirectional layer unrolled over steps t-1, t and t+1. Each input x feeds two "
        "cells: a forward cell in the lower row, whose state passes to the right, and a "
        "backward cell in the upper row, whose state passes to the left. At every step the two "
        "cells' outputs merge into y, the forward and backward hidden states side by side."
    ),
}


def stack_diagram(times: tuple[str, ...] = _TIMES) -> Diagram:
    """Two stacked layers over ``times``, with the dropout mask between them.

    Examples
    --------
    >>> d = stack_diagram()
    >>> sorted(n.text for n in d.nodes if n.name.startswith("l") and n.name.endswith(".t0"))
    ['$A_1$', '$A_2$']
    """
    nodes, wires, labels = [], [], []
    rows = (1.5, 4.0)  # the two layers' heights
    x_first, x_last = 1.2, 1.2 + _DX * (len(times) - 1)
    for k, t in enumerate(times):
        x = 1.2 + _DX * k
        for l, y in enumerate(rows):
            nodes.append(
                Node(
                    f"l{l}.t{k}",
                    "block",
                    rf"$A_{l + 1}$",
                    (x, y),
                    frozenset({f"layer{l + 1}"}),
                    _BOX,
                )
            )
        nodes.append(Node(f"mask.t{k}", "op", r"$\times$", (x, 2.75), frozenset({"dropout"})))
        labels.append(Label(f"x{k}", rf"$x_{_sub(t)}$", (x, 0.15), role="input", va="top"))
        wires.append(Wire(f"x{k}.in", ((x, 0.3), At(f"l0.t{k}")), frozenset({"layer1"})))
        wires.append(Wire(f"up{k}", (At(f"l0.t{k}"), At(f"mask.t{k}")), frozenset({"layer1"})))
        wires.append(Wire(f"m{k}", (At(f"mask.t{k}"), At(f"l1.t{k}")), frozenset({"dropout"})))
        wires.append(Wire(f"h{k}.out", (At(f"l1.t{k}"), (x, 5.3)), frozenset({"layer2"})))
        labels.append(Label(f"h{k}", rf"$h_{_sub(t)}$", (x, 5.45), role="output", va="bottom"))
        labels.append(
            Label(
                f"mlab{k}",
                r"$m$",
                (x - 0.55, 2.75),
                role="value",
                ha="right",
                parts=frozenset({"dropout"}),
            )
        )
    for l, y in enumerate(rows):
        part = frozenset({f"layer{l + 1}"})
        wires.append(Wire(f"l{l}.enter", ((x_first - 1.3, y), At(f"l{l}.t0")), part))
        for k in range(len(times) - 1):
            wires.append(Wire(f"l{l}.s{k}", (At(f"l{l}.t{k}"), At(f"l{l}.t{k + 1}")), part))
        wires.append(Wire(f"l{l}.leave", (At(f"l{l}.t{len(times) - 1}"), (x_last + 1.3, y)), part))
    return Diagram(
        "stack", tuple(nodes), tuple(wires), tuple(labels), (-0.2, -0.35, x_last + 1.4, 5.95)
    )


def bidirectional_diagram(times: tuple[str, ...] = _TIMES) -> Diagram:
    """A forward row and a backward row over ``times``; their outputs merge at every step.

    Examples
    --------
    >>> d = bidirectional_diagram()
    >>> [lb.text for lb in d.labels if lb.role == "output"]
    ['$y_{t-1}$', '$y_t$', '$y_{t+1}$']
    """
    nodes, wires, labels = [], [], []
    y_fw, y_bw, y_top = 1.6, 3.7, 5.3
    fw, bw = frozenset({"forward"}), frozenset({"backward"})
    x_first, x_last = 1.3, 1.3 + _DX * (len(times) - 1)
    for k, t in enumerate(times):
        x = 1.3 + _DX * k
        nodes.append(Node(f"fw.t{k}", "block", r"$A_{\rightarrow}$", (x, y_fw), fw, _BOX))
        nodes.append(Node(f"bw.t{k}", "block", r"$A_{\leftarrow}$", (x, y_bw), bw, _BOX))
        labels.append(Label(f"x{k}", rf"$x_{_sub(t)}$", (x, 0.15), role="input", va="top"))
        wires.append(Wire(f"x{k}.fw", ((x, 0.3), At(f"fw.t{k}")), fw))
        lx = x - 0.85
        wires.append(
            Wire(
                f"x{k}.bw",
                ((x, 0.62), (lx, 0.62), (lx, 2.75), (x - 0.3, 2.75), At(f"bw.t{k}", dx=-0.3)),
                bw,
                over=True,
            )
        )
        rx = x + 0.85
        wires.append(
            Wire(
                f"fw{k}.out",
                (At(f"fw.t{k}", dx=0.3), (x + 0.3, 2.55), (rx, 2.55), (rx, 4.75), (x + 0.05, 4.75)),
                fw,
                arrow=False,
                over=True,
            )
        )
        wires.append(Wire(f"bw{k}.out", (At(f"bw.t{k}"), (x, y_top)), bw))
        labels.append(
            Label(f"y{k}", rf"$y_{_sub(t)}$", (x, y_top + 0.15), role="output", va="bottom")
        )
    n = len(times) - 1
    wires.append(Wire("fw.enter", ((x_first - 1.35, y_fw), At("fw.t0")), fw))
    wires.append(Wire("bw.enter", ((x_last + 1.35, y_bw), At(f"bw.t{n}")), bw))
    for k in range(n):
        wires.append(Wire(f"fw.s{k}", (At(f"fw.t{k}"), At(f"fw.t{k + 1}")), fw))
        wires.append(Wire(f"bw.s{k}", (At(f"bw.t{k + 1}"), At(f"bw.t{k}")), bw))
    wires.append(Wire("fw.leave", (At(f"fw.t{n}"), (x_last + 1.35, y_fw)), fw))
    wires.append(Wire("bw.leave", (At("bw.t0"), (x_first - 1.35, y_bw)), bw))
    return Diagram(
        "bidirectional",
        tuple(nodes),
        tuple(wires),
        tuple(labels),
        (-0.15, -0.35, x_last + 1.45, 5.95),
    )


def stack(*, highlight: set[str] | None = None) -> DiagramFigure:
    """The figure of :func:`stack_diagram`; ``highlight`` names parts (``"layer1"``,
    ``"layer2"``, ``"dropout"``) to draw in full, the rest faded.

    Examples
    --------
    >>> stack().alt.split(".")[0]
    'A stack of two recurrent layers unrolled over steps t-1, t and t+1'
    """
    return render(stack_diagram(), highlight=highlight, alt=ALT["stack"])


def bidirectional(*, highlight: set[str] | None = None) -> DiagramFigure:
    """The figure of :func:`bidirectional_diagram`; parts ``"forward"`` and ``"backward"``.

    Examples
    --------
    >>> fig = bidirectional(highlight={"backward"})
    >>> fig.alt.startswith("A bidirectional layer")
    True
    """
    return render(bidirectional_diagram(), highlight=highlight, alt=ALT["bidirectional"])
