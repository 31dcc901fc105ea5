"""Checks of arguments shared by the models: one way to say what was expected.

A value of the wrong *type* raises :class:`TypeError`, a value of the right type but out of range
raises :class:`ValueError`; both messages name the argument and what it must be.

Examples
--------
>>> check_int(3, "hidden_size")
3
>>> check_int(0, "t", minimum=0)
0
>>> check_int(2.0, "hidden_size")
Traceback (most recent call last):
...
TypeError: hidden_size must be a positive int; got 2.0
>>> check_int(-1, "t", minimum=0)
Traceback (most recent call last):
...
ValueError: t must be a non-negative int; got -1
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["check_int", "as_real_array"]


def check_int(value: Any, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an ``int`` if it is an integer ``>= minimum``.

    Parameters
    ----------
    value : Any
        The argument to check; ``bool`` is refused (``True`` is not a size).
    name : str
        Its name, for the message.
    minimum : int, default 1
        The smallest value allowed.

    Raises
    ------
    TypeError
        If ``value`` is not an integer (Python or numpy).
    ValueError
        If it is smaller than ``minimum``.
    """
    kind = {1: "a positive int", 0: "a non-negative int"}.get(minimum, f"an int >= {minimum}")
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be {kind}; got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be {kind}; got {value}")
    return int(value)


def as_real_array(value: Any, name: str, dtype: np.dtype) -> np.ndarray:
    """Convert to a contiguous float array of ``dtype``, refusing non-real kinds (``TypeError``)
    and non-finite values or values beyond the dtype's range (``ValueError``).

    Examples
    --------
    >>> as_real_array([[1, 2]], "x_t", np.dtype(np.float32))
    array([[1., 2.]], dtype=float32)
    """
    if value is None:
        raise TypeError(f"{name} must be an array of real numbers; got None")
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold real numbers (int or float dtype); got dtype {arr.dtype}"
        )
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite; it contains NaN or inf")
    with np.errstate(over="raise"):
        try:
            arr = np.ascontiguousarray(arr, dtype=dtype)
        except FloatingPointError:
            raise ValueError(
                f"{name} holds values beyond the range of {dtype} "
                f"(largest magnitude {np.finfo(dtype).max:.3g})"
            ) from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite; it contains NaN or inf")
    return arr
