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

__all__ = ["sigmoid", "tanh", "dsigmoid_from_output", "dtanh_from_output"]


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
    out = np.multiply(x, 0.5, out=out)
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
