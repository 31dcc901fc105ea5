"""What a chapter needs to run both in the book's build and as a plain downloaded notebook.

The book's chapters hand computed values to their prose with :func:`glue`. Inside the build it
is myst-nb's ``glue``; in a reader's Jupyter, where myst-nb is not installed, it shows the value
(or nothing, with ``display=False``), so a downloaded chapter needs nothing but this package.
A figure is always shown there: the page shows it in the prose, and a reader who changes a number
and runs the cell again should see the new figure in the cell. :func:`power_of_ten` writes a very
small or large number for the prose as a formula, :math:`3 \\times 10^{-5}`, not ``3e-05``.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

from ..cells.validation import check_int


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


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class PowerOfTen:
    r"""A number in scientific notation: TeX for the book's page, Unicode for plain text.

    Glued (``glue(name, power_of_ten(x))``) and shown with ``{glue}`name``` in the prose, it is
    typeset like any other formula (its ``text/latex`` form, :meth:`_repr_latex_`); a downloaded
    notebook and a plain ``print`` show its text form, ``3 × 10⁻⁵``.

    Attributes
    ----------
    mantissa : str
        The digits before the power, ``"3"`` or ``"4.2"``.
    power : int
        The exponent of ten.
    """

    __slots__ = ("mantissa", "power")

    def __init__(self, mantissa: str, power: int) -> None:
        self.mantissa = mantissa
        self.power = power

    def tex(self, bold: bool = False) -> str:
        r"""The number as inline TeX: ``$3 \times 10^{-5}$``, ``$10^{-18}$`` or ``$7$``.

        ``bold=True`` wraps it in ``\mathbf``, as the page shows it: every glued number of the
        book is set in bold.
        """
        if self.power == 0:
            body = self.mantissa
        elif self.mantissa == "1":
            body = f"10^{{{self.power}}}"
        else:
            body = f"{self.mantissa} \\times 10^{{{self.power}}}"
        return f"$\\mathbf{{{body}}}$" if bold else f"${body}$"

    def _repr_latex_(self) -> str:
        return self.tex(bold=True)

    def __str__(self) -> str:
        if self.power == 0:
            return self.mantissa
        power = "10" + str(self.power).translate(_SUPERSCRIPT)
        return power if self.mantissa == "1" else f"{self.mantissa} × {power}"

    __repr__ = __str__


def power_of_ten(value: float, digits: int = 0) -> PowerOfTen:
    r"""A number for the prose in scientific notation, typeset: :math:`3 \times 10^{-5}`.

    Write ``{glue}`name``` (not ``glue:text``) in the prose to show it as a formula.

    Parameters
    ----------
    value : float
        A finite number.
    digits : int, default 0
        Digits after the decimal point of the mantissa.

    Returns
    -------
    PowerOfTen
        Its :meth:`~PowerOfTen.tex` is ``$m \times 10^{e}$``; ``$10^{e}$`` when the mantissa
        is one with no digits; ``$m$`` when the exponent is zero.

    Raises
    ------
    TypeError
        If ``value`` is not a real number or ``digits`` not an int.
    ValueError
        If ``value`` is not finite or ``digits`` is negative.

    Examples
    --------
    >>> power_of_ten(3.2e-5).tex(), power_of_ten(4.24e9, 1).tex(), power_of_ten(1e-18).tex()
    ('$3 \\times 10^{-5}$', '$4.2 \\times 10^{9}$', '$10^{-18}$')
    >>> print(power_of_ten(3.2e-5), power_of_ten(1e-18), power_of_ten(7.0))
    3 × 10⁻⁵ 10⁻¹⁸ 7
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"value must be a real number; got {type(value).__name__}")
    if not math.isfinite(value):
        raise ValueError(f"value must be finite; got {value}")
    digits = check_int(digits, "digits", minimum=0)
    mantissa, exponent = f"{float(value):.{digits}e}".split("e")
    return PowerOfTen(mantissa, int(exponent))


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
