"""The geometry every repeating module shares, so the cells' figures line up and chain.

A module is drawn the way Olah (2015) draws it: the state enters on the left at ``X_IN`` and
leaves on the right, the input :math:`x_t` comes in from below (``Y_X``) and the output
:math:`h_t` leaves through the top (``Y_OUT``). The layers sit on ``Y_LAYER``, the line that
carries :math:`[h_{t-1}, x_t]` to them on ``Y_BUS`` and the cell state on ``Y_TOP``. Units are
the diagrams' own (``style.UNIT`` inches each).
"""

from __future__ import annotations

from .spec import Node

__all__ = [
    "Y_BUS",
    "Y_LAYER",
    "Y_TOP",
    "X_IN",
    "Y_X",
    "Y_OUT",
    "FRAME_H",
    "WORD_OP",
    "SIGMA",
    "TANH",
    "TIMES",
    "PLUS",
    "ONE_MINUS",
    "parts",
    "frame",
    "bounds",
]

Y_BUS = 0.9  # the line that carries [h_{t-1}, x_t] to the layers (and h_t out, on the right)
Y_LAYER = 2.4  # centre of the layer boxes
Y_TOP = 5.2  # the cell-state line (the hidden-state line of the GRU)
X_IN = -0.5  # where the state wires enter a module
Y_X = -0.7  # where x_t enters
Y_OUT = 6.7  # where h_t leaves through the top
FRAME_H = 6.0  # height of a module's frame
WORD_OP = (0.98, 0.56)  # a pointwise operation written as a word (tanh, 1-) is an ellipse
SIGMA, TANH, TIMES, PLUS = r"$\sigma$", r"$\tanh$", r"$\times$", r"$+$"
ONE_MINUS = r"$1{-}$"


def parts(*names: str) -> frozenset[str]:
    """The set of highlightable parts ``names``, as an element's ``parts`` takes it.

    Examples
    --------
    >>> sorted(parts("forget", "cell_state"))
    ['cell_state', 'forget']
    """
    return frozenset(names)


def frame(width: float) -> Node:
    """The background frame of a module ``width`` units wide, its left edge at 0.

    Examples
    --------
    >>> frame(4.0).xy
    (2.0, 3.0)
    """
    return Node("frame", "frame", "", (width / 2, FRAME_H / 2), size=(width, FRAME_H))


def bounds(x_out: float) -> tuple[float, float, float, float]:
    """The region a module shows, given where its outgoing state wires end (``x_out``).

    Examples
    --------
    >>> bounds(3.9)
    (-1.95, -1.45, 5.0, 7.4)
    """
    return (X_IN - 1.45, Y_X - 0.75, x_out + 1.1, Y_OUT + 0.7)
