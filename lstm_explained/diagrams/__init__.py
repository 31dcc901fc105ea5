"""Every figure of the book, drawn by code from descriptions of the cells.

Import it as ``from lstm_explained import diagrams`` (it needs matplotlib, which the rest of the
package does not import). A diagram is data (``spec``): nodes, wires and labels. The cells'
descriptions are in ``cells``, the other figures' in ``sketches``, the visual language in
``style``, and ``render`` draws any description with any parts highlighted. The figure
functions return a ``DiagramFigure`` (a matplotlib figure with an ``alt`` text);
``save_svg`` writes it as SVG, the same bytes on every run.

Examples
--------
>>> from lstm_explained import diagrams
>>> fig = diagrams.lstm_step("forget")
>>> fig.alt[:40]
'The LSTM module with the forget gate hig'
"""

from . import cells, sketches, spec, style
from .cells import CELLS, describe
from .figures import (
    STEPS,
    VARIANTS,
    cell_state,
    dependencies,
    gate,
    lstm_chain,
    lstm_step,
    module,
    notation,
    rnn_chain,
    rnn_loop,
    rnn_unrolled,
    variant,
)
from .render import DiagramFigure, render, save_svg, svg_text
from .spec import At, Diagram, Label, Node, Wire, chain

__all__ = [
    "CELLS",
    "STEPS",
    "VARIANTS",
    "At",
    "Diagram",
    "DiagramFigure",
    "Label",
    "Node",
    "Wire",
    "cell_state",
    "cells",
    "chain",
    "dependencies",
    "describe",
    "gate",
    "lstm_chain",
    "lstm_step",
    "module",
    "notation",
    "render",
    "rnn_chain",
    "rnn_loop",
    "rnn_unrolled",
    "save_svg",
    "sketches",
    "spec",
    "style",
    "svg_text",
    "variant",
]
