"""The visual language shared by every diagram, and the book's palette: colours, lines, fonts.

The palette is Okabe and Ito's colour-blind-safe set, ``OKABE_ITO``; ``PALETTE`` orders it for
the data series of the book's plots (``lstm_explained.book.experiments.plots`` takes its colours
from here, so the book has one palette). Nothing is told apart by red against
green: layers and pointwise operations differ in shape (box, circle) as well as in hue, and a
faded part differs from a highlighted one in lightness. Every diagram sits on a light rounded
panel, so its dark strokes and text read the same on the book's light and dark themes.

Sizes are in the diagrams' own units: one unit is ``UNIT`` inches on the page, and a layer
box is about one unit wide. Font sizes and line widths are in points.
"""

from __future__ import annotations

from matplotlib.colors import to_hex, to_rgb
from matplotlib.font_manager import FontProperties

__all__ = [
    "OKABE_ITO",
    "PALETTE",
    "PANEL",
    "PANEL_EDGE",
    "INK",
    "UNIT",
    "faded",
    "mix",
]

#: The eight colours of Okabe & Ito (2008), by name.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: The colours of a plot's data series, in order: the first series is blue, the second
#: vermillion, and so on (a plot that needs more than seven series reuses them, with other line
#: styles). Every colour is one of ``OKABE_ITO``.
PALETTE: tuple[str, ...] = tuple(
    OKABE_ITO[name]
    for name in (
        "blue",
        "vermillion",
        "bluish_green",
        "reddish_purple",
        "orange",
        "sky_blue",
        "black",
    )
)


def mix(colour: str, other: str, amount: float) -> str:
    """Blend ``colour`` toward ``other`` by ``amount`` (0: ``colour``, 1: ``other``), as hex.

    Examples
    --------
    >>> mix("#000000", "#ffffff", 0.5)
    '#808080'
    """
    a, b = to_rgb(colour), to_rgb(other)
    return to_hex(tuple((1 - amount) * x + amount * y for x, y in zip(a, b, strict=True)))


# --- the panel every diagram sits on -----------------------------------------------------------
#: The light panel behind every diagram: the grey of the card the site puts behind images in dark
#: mode, so a diagram reads the same on the light and the dark theme.
PANEL = "#f7f7f7"
#: The panel's outline (the panel colour itself: no visible edge).
PANEL_EDGE = PANEL
PANEL_ROUNDING = 0.35  # units
PANEL_MARGIN = 0.25  # units between the description's bounds and the panel's edge

# --- ink and fills ------------------------------------------------------------------------------
#: The colour of wires, outlines of operations and text.
INK = "#1a1a1a"
CELL_STATE = OKABE_ITO["blue"]  # the cell-state line: a colour *and* a heavier stroke
FRAME_FACE = mix(OKABE_ITO["bluish_green"], PANEL, 0.84)
FRAME_EDGE = mix(OKABE_ITO["bluish_green"], INK, 0.15)
LAYER_FACE = mix(OKABE_ITO["orange"], PANEL, 0.45)
LAYER_EDGE = mix(OKABE_ITO["orange"], INK, 0.45)
OP_FACE = mix(OKABE_ITO["reddish_purple"], PANEL, 0.55)
OP_EDGE = mix(OKABE_ITO["reddish_purple"], INK, 0.45)
BLOCK_FACE = FRAME_FACE
BLOCK_EDGE = FRAME_EDGE
MARK_FACE = mix(OKABE_ITO["sky_blue"], PANEL, 0.45)
MARK_EDGE = OKABE_ITO["blue"]

#: How far a faded part is blended toward the panel colour.
FADE = 0.72


def faded(colour: str) -> str:
    """The faded version of ``colour``: the same hue, blended toward the panel.

    Examples
    --------
    >>> faded(INK) != INK
    True
    """
    return mix(colour, PANEL, FADE)


# --- geometry -----------------------------------------------------------------------------------
#: Inches per diagram unit: a layer box is about one unit wide.
UNIT = 0.42
LAYER_SIZE = (1.15, 0.68)  # width, height of a layer box, units
LAYER_ROUNDING = 0.1
OP_RADIUS = 0.3
FRAME_ROUNDING = 0.3
BLOCK_ROUNDING = 0.18
CORNER_RADIUS = 0.22  # rounding of a wire's corners
BRIDGE_GAP = 0.32  # length of the gap cut into a wire that another one passes over

# --- strokes (points) ---------------------------------------------------------------------------
LW_WIRE = 1.5
LW_STATE = 2.6  # the cell-state line, heavier than the other wires
LW_OUTLINE = 1.1
LW_FRAME = 1.3
BRIDGE_HALO = 5.0  # width added to a wire to cut the gap where it passes over another
ARROW_STYLE = "-|>,head_length=0.55,head_width=0.28"
ARROW_MUTATION = 14.0

# --- fonts (points) -----------------------------------------------------------------------------
MATH_FONT = "cm"  # mathtext in Computer Modern, like the book's typeset equations
TEXT_FAMILY = "DejaVu Sans"
FS_LABEL = 16.0  # symbols on wires: h_t, f_t, C_{t-1}
FS_LAYER = 16.0  # sigma and tanh inside layer boxes
FS_OP = 17.0  # x and + inside pointwise circles
FS_OP_WORD = 13.0  # "tanh" or "1-" inside a pointwise ellipse
FS_BLOCK = 18.0  # the A of a black-box recurrent cell
FS_NOTE = 11.0  # captions in plain words (the notation legend)
FS_GRID = 13.0  # words of a figure that is a grid of blocks (the clockwork modules)
FS_GRID_NUMBER = 12.0  # the numbers over its columns (two digits fit over a block)


def text_font(size: float) -> FontProperties:
    """The font of plain-word captions, fixed so an rc file cannot change the drawing."""
    return FontProperties(family=TEXT_FAMILY, size=size)
