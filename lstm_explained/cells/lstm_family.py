r"""What the LSTM, the peephole LSTM and the coupled LSTM share.

All three keep a cell state next to the hidden state, the pair ``(h, C)``, start with a positive
forget bias, and end every step the same way, :math:`h_t = o_t * \tanh(C_t)`. Their backward
passes need the same local derivatives of those shared parts, computed here for a block of steps
at once.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .base import RecurrentCell

__all__ = ["LSTMFamilyCell", "sigmoid_slopes", "output_slopes", "lstm_coefficients"]


class LSTMFamilyCell(RecurrentCell):
    """Base class of the cells with a cell state: the state ``(h, C)`` and the forget bias.

    It adds one argument to :class:`~lstm_explained.RecurrentCell`'s, ``forget_bias``, the
    initial value of every entry of ``b_f``; each cell documents its arguments in full
    (:class:`~lstm_explained.LSTMCell`, :class:`~lstm_explained.PeepholeLSTMCell`,
    :class:`~lstm_explained.CoupledLSTMCell`).
    """

    _state_names = ("h", "C")

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        *,
        rng: np.random.Generator | int | None = None,
        dtype: Any = np.float64,
        forget_bias: float = 1.0,
    ) -> None:
        super().__init__(input_size, hidden_size, rng=rng, dtype=dtype)
        self._params["b_f"][:] = forget_bias


def sigmoid_slopes(s: np.ndarray, out: np.ndarray) -> np.ndarray:
    """The sigmoid's slope from its output, ``s (1 - s)``, written into ``out``."""
    np.multiply(s, s, out=out)
    return np.subtract(s, out, out=out)


def output_slopes(o: np.ndarray, C: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""``tanh(C)`` and ``K_C = o (1 - tanh(C)^2)``, the factor that takes ``dh`` into ``dC``
    through :math:`h = o * \tanh(C)`; both shaped like ``C``."""
    tanh_C = np.tanh(C)
    K_C = np.multiply(tanh_C, tanh_C)
    np.subtract(1.0, K_C, out=K_C)
    K_C *= o
    return tanh_C, K_C


def lstm_coefficients(
    gates: np.ndarray, C_prev: np.ndarray, C: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Local derivatives of a block of LSTM steps, from their cached values.

    Parameters
    ----------
    gates : ndarray
        The activated gates ``f``, ``i``, ``o``, ``C_tilde`` of ``n`` steps, ``(4, n, B, H)``.
    C_prev, C : ndarray
        The cell state before and after each step, ``(n, B, H)``.

    Returns
    -------
    K : ndarray
        ``(4, n, B, H)``, the factors that turn ``dC`` (``dh`` for ``o``) into each gate's
        pre-activation gradient: ``C_prev f (1 - f)``, ``C_tilde i (1 - i)``,
        ``tanh(C) o (1 - o)``, ``i (1 - C_tilde^2)``.
    K_C : ndarray
        ``(n, B, H)``, ``o (1 - tanh(C)^2)``, which takes ``dh`` into ``dC``.
    """
    _, i, o, C_tilde = gates
    K = np.empty_like(gates)
    sigmoid_slopes(gates[:3], out=K[:3])
    tanh_C, K_C = output_slopes(o, C)
    K[0] *= C_prev
    K[1] *= C_tilde
    K[2] *= tanh_C
    np.multiply(C_tilde, C_tilde, out=K[3])
    np.subtract(1.0, K[3], out=K[3])
    K[3] *= i
    return K, K_C
