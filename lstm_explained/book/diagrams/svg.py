"""A figure that knows what it shows, and its SVG: the same bytes on every run, with its words.

``DiagramFigure`` is the matplotlib figure every figure function returns: it keeps its
alternative text as ``alt``. Saved as SVG, by ``save_svg`` or by a notebook's inline backend,
it carries that text as the SVG's description (``<dc:description>``), so a page can take the
words from the picture.
"""

from __future__ import annotations

import io
import os
from typing import Any

import matplotlib as mpl
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.figure import Figure

from .spec import Diagram

__all__ = ["DiagramFigure", "svg_text", "save_svg", "SVG_RC"]

#: The rc settings that make an SVG the same bytes on every run (with the date left out).
SVG_RC = {"svg.hashsalt": "lstm-explained", "svg.fonttype": "path", "svg.id": None}


class DiagramFigure(Figure):
    """A matplotlib ``Figure`` that knows what it shows.

    Attributes
    ----------
    alt : str
        Alternative text for the figure: what it shows, in a sentence or two.
    diagram : Diagram or None
        The description it was drawn from.
    """

    def __init__(self, *args: Any, alt: str = "", diagram: Diagram | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.alt = alt
        self.diagram = diagram
        _DescribedCanvas(self)

    def _repr_svg_(self) -> str:
        return svg_text(self)


class _DescribedCanvas(FigureCanvasBase):
    """A canvas that writes its figure's ``alt`` into every SVG it prints, as the description."""

    def print_figure(self, filename: Any, *args: Any, **kw: Any) -> Any:
        fmt = kw.get("format")
        if fmt is None and isinstance(filename, str | os.PathLike):
            fmt = os.fspath(filename).rpartition(".")[2]
        alt = getattr(self.figure, "alt", "")
        if fmt == "svg" and alt:
            kw["metadata"] = {"Description": alt, **(kw.get("metadata") or {})}
        return super().print_figure(filename, *args, **kw)


def svg_text(fig: Figure) -> str:
    """The figure as SVG text, the same bytes on every run.

    The SVG's element ids are salted with a fixed string and its metadata carries no date; a
    ``DiagramFigure``'s alt text is its description.

    Examples
    --------
    >>> from lstm_explained.book import diagrams
    >>> fig = diagrams.notation()
    >>> svg_text(fig) == svg_text(fig)
    True
    """
    buf = io.StringIO()
    save_svg(fig, buf)
    return buf.getvalue()


def save_svg(fig: Figure, file: Any) -> None:
    """Save ``fig`` as SVG to a path or a text file object, the same bytes on every run.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    file : str, os.PathLike or file object
        Where to write.

    Notes
    -----
    A figure's ``alt`` (if it has one) becomes the SVG's description, whatever canvas it has.
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure; got {type(fig).__name__}")
    metadata = {"Date": None}
    if getattr(fig, "alt", ""):
        metadata["Description"] = fig.alt
    with mpl.rc_context(SVG_RC):
        fig.savefig(file, format="svg", metadata=metadata, facecolor="none", edgecolor="none")
