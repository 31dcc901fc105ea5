"""What a chapter needs to run both in the book's build and as a plain downloaded notebook.

The book's chapters hand computed values to their prose with :func:`glue`. Inside the build it
is myst-nb's ``glue``; in a reader's Jupyter, where myst-nb is not installed, it shows the value
(or nothing, with ``display=False``), so a downloaded chapter needs nothing but this package.
A figure is always shown there: the page shows it in the prose, and a reader who changes a number
and runs the cell again should see the new figure in the cell.
"""

from __future__ import annotations

from typing import Any


def glue(name: str, value: Any, display: bool = True) -> None:
    """Name a computed value so that the book's prose can show it.

    Parameters
    ----------
    name : str
        The key the chapter's text refers to (``{glue:text}`name```).
    value : object
        A number, a string, an ``IPython.display`` object or a matplotlib figure.
    display : bool, default True
        Also show the value where the cell runs. Without myst-nb a matplotlib figure is shown
        even when this is False, since the prose that would show it is not run.

    Examples
    --------
    >>> glue("answer", 42, display=False)
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty str; got {name!r}")
    try:
        from myst_nb import glue as myst_glue
    except ImportError:
        myst_glue = None
    if myst_glue is not None:
        myst_glue(name, value, display=display)
    elif display or _is_figure(value):
        _show(value)


def _is_figure(value: Any) -> bool:
    from matplotlib.figure import Figure

    return isinstance(value, Figure)


def _show(value: Any) -> None:
    """Show a value in Jupyter (its rich display), or print it outside IPython."""
    try:
        from IPython import get_ipython
        from IPython.display import display as show
    except ImportError:
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        show(value)
    elif not _is_figure(value):
        print(value)
