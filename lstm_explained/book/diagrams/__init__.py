"""Every figure of the book, drawn by code from descriptions of the cells.

Import it as ``from lstm_explained import diagrams`` (it needs matplotlib, which the rest of the
package does not import). A diagram is data (``spec``): nodes, wires and labels, placed on a
plane; ``compose`` builds chains of copies and combined figures. The cells' descriptions are in
``cells`` and ``more_cells`` (on the shared ``geometry``), registered by model name in
``registry.DIAGRAMS``; the other figures' descriptions are in ``sketches`` and
``clock_schedule``. ``style`` is the visual language (and the book's palette), ``drawing``
draws any description with any parts highlighted, and ``alt_text.ALT`` holds every figure's
words. The figure functions (``figures``) return a ``DiagramFigure`` (``svg``: a matplotlib
figure with an ``alt`` text); ``save_svg`` writes it as SVG, the same bytes on every run.

Examples
--------
>>> from lstm_explained.book import diagrams
>>> fig = diagrams.lstm_step("forget")
>>> fig.alt[:40]
'The LSTM module with the forget gate hig'
>>> from lstm_explained.cells.registry import MODELS
>>> list(diagrams.DIAGRAMS) == list(MODELS)
True
"""

from . import (
    alt_text,
    cells,
    clock_schedule,
    compose,
    drawing,
    figures,
    geometry,
    more_cells,
    registry,
    sketches,
    spec,
    style,
    svg,
)
from .alt_text import ALT
from .compose import chain
from .drawing import render
from .figures import (
    STEPS,
    cell_state,
    clockwork_modules,
    dependencies,
    gate,
    lstm_chain,
    lstm_step,
    module,
    notation,
    rnn_chain,
    rnn_loop,
    rnn_unrolled,
)
from .figures import (
    VARIANTS as VARIANTS,  # old name, until the chapters call module()
)
from .figures import (
    variant as variant,  # old name, until the chapters call module()
)
from .registry import DIAGRAMS, describe
from .spec import At, Diagram, Label, Node, Wire
from .svg import DiagramFigure, save_svg, svg_text

__all__ = [
    "ALT",
    "DIAGRAMS",
    "STEPS",
    "At",
    "Diagram",
    "DiagramFigure",
    "Label",
    "Node",
    "Wire",
    "alt_text",
    "cell_state",
    "cells",
    "chain",
    "clock_schedule",
    "clockwork_modules",
    "compose",
    "dependencies",
    "describe",
    "drawing",
    "figures",
    "gate",
    "geometry",
    "lstm_chain",
    "lstm_step",
    "module",
    "more_cells",
    "notation",
    "registry",
    "render",
    "rnn_chain",
    "rnn_loop",
    "rnn_unrolled",
    "save_svg",
    "sketches",
    "spec",
    "style",
    "svg",
    "svg_text",
]
