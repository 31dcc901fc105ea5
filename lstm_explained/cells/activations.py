r"""Activation functions that stay finite for every finite input.

The logistic sigmoid is written here as

.. math:: \sigma(x) = \tfrac12 \left(1 + \tanh(x / 2)\right),

which is the same function as :math:`1 / (1 + e^{-x})` but never evaluates an exponential that can
overflow: ``tanh`` saturates at :math:`\pm 1` for large arguments instead of returning ``inf``. So
``sigmoid(-1e308)`` is exactly ``0.0`` with no warning, where ``1 / (1 + exp(1e308))`` warns.

The derivatives are written in terms of the activation's *output*, which is what a backward pass
has at hand: :math:`\sigma' = \sigma (1 - \sigma)` and :math:`\tanh' = 1 - \tanh^2`.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "linear",
    "sigmoid",
    "tanh",
    "relu",
    "dsigmoid_from_output",
    "dtanh_from_output",
    "drelu_from_output",
]


def sigmoid(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    r"""Logistic sigmoid :math:`\sigma(x) = 1 / (1 + e^{-x})`, safe for any finite ``x``.

    Parameters
    ----------
    x : ndarray
        Pre-activation, any shape.
    out : ndarray, optional
        Where to write the result (may be ``x`` itself).

    Returns
    -------
    ndarray
        Same shape and dtype as ``x``, every value in :math:`[0, 1]`.

    Examples
    --------
    >>> import numpy as np
    >>> sigmoid(np.array([-1e308, 0.0, 1e308]))
    array([0. , 0.5, 1. ])
    """
    out = np.asarray(np.multiply(x, 0.5, out=out))  # asarray: a 0-d input gives a scalar here
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5
    return out


def tanh(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Hyperbolic tangent (numpy's, which never overflows).

    Examples
    --------
    >>> import numpy as np
    >>> tanh(np.array([-1e308, 0.0, 1e308]))
    array([-1.,  0.,  1.])
    """
    return np.tanh(x, out=out)


def relu(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    r"""Rectified linear unit :math:`\max(x, 0)`: unbounded above, its slope 0 or 1.

    Examples
    --------
    >>> import numpy as np
    >>> relu(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 3.])
    """
    return np.maximum(x, 0.0, out=out)


def dsigmoid_from_output(s: np.ndarray) -> np.ndarray:
    r"""Derivative of the sigmoid given its output ``s``: :math:`s (1 - s)`.

    Examples
    --------
    >>> import numpy as np
    >>> dsigmoid_from_output(np.array([0.5]))
    array([0.25])
    """
    return s * (1.0 - s)


def dtanh_from_output(y: np.ndarray) -> np.ndarray:
    r"""Derivative of tanh given its output ``y``: :math:`1 - y^2`.

    Examples
    --------
    >>> import numpy as np
    >>> dtanh_from_output(np.array([0.0]))
    array([1.])
    """
    return 1.0 - y * y


def drelu_from_output(y: np.ndarray) -> np.ndarray:
    r"""Derivative of the ReLU given its output ``y``: 1 where :math:`y > 0`, else 0.

    At :math:`x = 0` exactly the slope is taken as 0, as PyTorch takes it.

    Examples
    --------
    >>> import numpy as np
    >>> drelu_from_output(np.array([0.0, 2.5]))
    array([0., 1.])
    """
    return (y > 0).astype(y.dtype)


def linear(v: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    r"""The layer's pre-activation :math:`W \cdot v + b`, row-wise: ``v @ W.T + b``.

    Parameters
    ----------
    v : (B, n) ndarray
        One input vector per row, e.g. the concatenation ``[h_prev, x_t]``.
    W : (m, n) ndarray
        The weights.
    b : (m,) ndarray
        The bias.

    Returns
    -------
    (B, m) ndarray
        Finite where the exact result is representable, and :math:`\pm\infty` (never NaN) where
        it is beyond the dtype's range, so a following sigmoid or tanh saturates correctly.

    Notes
    -----
    The plain product is tried first. Only if it overflows (inputs of enormous magnitude), it is
    redone on rescaled operands, :math:`W v = \lVert W\rVert_\infty \lVert v\rVert_\infty
    (W / \lVert W\rVert_\infty)(v / \lVert v\rVert_\infty)`, where the inner product cannot
    overflow and cancellations such as :math:`10^{300} - 10^{300}` come out exactly.

    Examples
    --------
    >>> import numpy as np
    >>> linear(np.array([[1e300, -1e300]]), np.array([[1e10, 1e10], [1e10, 0.0]]), np.zeros(2))
    array([[  0.,  inf]])
    """
    with np.errstate(over="raise", invalid="raise"):
        try:
            return v @ W.T + b
        except FloatingPointError:
            pass
    s = np.abs(v).max()
    w = np.abs(W).max()
    small, large = sorted((s, w))
    with np.errstate(over="ignore"):
        out = (v / s) @ (W / w).T
        out *= small
        out *= large
        out += b
    return out
