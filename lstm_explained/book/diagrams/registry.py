"""One registry of the cells' descriptions: ``DIAGRAMS``, keyed like the cells' registry.

Every model of ``lstm_explained.cells.registry.MODELS`` has a description of its repeating module
here under the same key, and ``describe`` returns it. ``figures.module`` draws any of them, with
the alternative text from ``alt_text.ALT`` under the same key.
"""

from __future__ import annotations

from collections.abc import Callable

from . import cells, more_cells
from .spec import Diagram

__all__ = ["DIAGRAMS", "describe"]

#: The description of every model's repeating module, by the model's key in ``MODELS``.
#: Adding a cell to the book's diagrams is adding an entry (and its words to ``ALT``).
DIAGRAMS: dict[str, Callable[[], Diagram]] = {
    "rnn": cells.rnn,
    "lstm": cells.lstm,
    "peephole": cells.peephole,
    "coupled": cells.coupled,
    "gru": cells.gru,
    "depth_gated": more_cells.depth_gated,
    "clockwork": more_cells.clockwork,
}


def describe(name: str) -> Diagram:
    """The description of the repeating module of the model called ``name``.

    Parameters
    ----------
    name : str
        A key of ``DIAGRAMS`` (and of ``lstm_explained.cells.registry.MODELS``).

    Returns
    -------
    Diagram

    Examples
    --------
    >>> describe("gru").name
    'gru'
    >>> sorted(describe("clockwork").quantities)
    ['h', 'h_tilde', 'u']
    """
    if not isinstance(name, str) or name not in DIAGRAMS:
        raise ValueError(f"name must be one of {sorted(DIAGRAMS)}; got {name!r}")
    return DIAGRAMS[name]()
