"""Figures to play with: their data, computed by the package, and their static HTML.

A chapter cell shows one of them (``scrub_figure``, ``decay_figure``, ``playground_figure``);
the book's small page script (``docs/_static/explorables.js``) reads the figure's data and
gives it controls. What the browser computes itself (the playground's six equations) is checked
against the package's ``step`` by the browser tests, on the test vectors exported here.

The "Train it yourself" page (``docs/playground.md``) has modules of its own:
:mod:`~lstm_explained.book.explorables.train_yourself` (its settings, build-time runs and the test
vectors its training script is checked on) and :mod:`~lstm_explained.book.explorables.train_page`
(its figure).
"""

from .data import PARTS, decay_curve, decay_data, playground_cell, playground_data, scrub_data
from .page import Explorable, decay_figure, playground_figure, scrub_figure
from .svg import fmt, lstm_values_svg, prefix_ids

__all__ = [
    "PARTS",
    "Explorable",
    "decay_curve",
    "decay_data",
    "decay_figure",
    "fmt",
    "lstm_values_svg",
    "playground_cell",
    "playground_data",
    "playground_figure",
    "prefix_ids",
    "scrub_data",
    "scrub_figure",
]
