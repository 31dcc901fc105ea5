r"""The LSTM with coupled forget and input gates (CIFG): what is forgotten is what is written.

.. math::

    f_t &= \sigma(W_f \cdot [h_{t-1}, x_t] + b_f) \\
    \tilde{C}_t &= \tanh(W_C \cdot [h_{t-1}, x_t] + b_C) \\
    C_t &= f_t * C_{t-1} + (1 - f_t) * \tilde{C}_t \\
    o_t &= \sigma(W_o \cdot [h_{t-1}, x_t] + b_o) \\
    h_t &= o_t * \tanh(C_t)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .activations import dsigmoid_from_output, dtanh_from_output, linear, sigmoid, tanh
from .base import ForwardCache, RecurrentCell

__all__ = ["CoupledLSTMCell"]


class CoupledLSTMCell(RecurrentCell):
    r"""An LSTM whose input gate is tied to its forget gate, :math:`i_t = 1 - f_t`.

    Parameters
    ----------
    input_size, hidden_size : int
        Sizes of ``x_t`` and of ``h_t`` / ``C_t``.
    rng : numpy.random.Generator or int, optional
        Random generator (or seed) for the initial weights.
    dtype : float32 or float64, default float64
        The dtype of the parameters and of every computation.
    forget_bias : float, default 1.0
        Initial value of every entry of ``b_f``.

    Attributes
    ----------
    params : mapping
        ``W_f, b_f, W_C, b_C, W_o, b_o``, shaped as in :class:`LSTMCell` (there is no ``W_i``).

    Notes
    -----
    :meth:`step` returns ``f``, ``C_tilde``, ``C``, ``o`` and ``h``. The cell is a quarter
    smaller than the LSTM; Greff et al. (2015) found it performs about as well.

    Examples
    --------
    >>> import numpy as np
    >>> cell = CoupledLSTMCell(3, 4, rng=0)
    >>> (h, C), v = cell.step(np.ones((2, 3)))
    >>> np.allclose(C, v["f"] * 0.0 + (1 - v["f"]) * v["C_tilde"])
    True
    """

    _gates = ("f", "o", "C")
    _param_names = ("W_f", "b_f", "W_C", "b_C", "W_o", "b_o")
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

    def _step(self, x_t, h_prev, C_prev):
        p = self._params
        hx = self._concat(h_prev, x_t)
        f = sigmoid(linear(hx, p["W_f"], p["b_f"]))
        C_tilde = tanh(linear(hx, p["W_C"], p["b_C"]))
        C = f * C_prev + (1 - f) * C_tilde
        o = sigmoid(linear(hx, p["W_o"], p["b_o"]))
        h = o * tanh(C)
        return (h, C), {"f": f, "C_tilde": C_tilde, "C": C, "o": o, "h": h}

    def _forward_loop(self, xs, state0):
        T, B, _ = xs.shape
        H = self.hidden_size
        Wh_T = np.ascontiguousarray(self._W[:, :H].T)
        gates = self._project_inputs(xs)
        hs = np.empty((T + 1, B, H), dtype=self.dtype)
        Cs = np.empty((T + 1, B, H), dtype=self.dtype)
        tanhC = np.empty((T, B, H), dtype=self.dtype)
        hs[0], Cs[0] = state0
        for t in range(T):
            g = gates[t]
            g += hs[t] @ Wh_T
            sigmoid(g[:, : 2 * H], out=g[:, : 2 * H])
            tanh(g[:, 2 * H :], out=g[:, 2 * H :])
            f, o, C_tilde = g[:, :H], g[:, H : 2 * H], g[:, 2 * H :]
            C = Cs[t + 1]
            np.subtract(Cs[t], C_tilde, out=C)  # C = C_tilde + f * (C_prev - C_tilde)
            C *= f
            C += C_tilde
            tanh(C, out=tanhC[t])
            np.multiply(o, tanhC[t], out=hs[t + 1])
        cache = ForwardCache(self, xs=xs, gates=gates, hs=hs, Cs=Cs, tanhC=tanhC)
        return hs[1:], (hs[T].copy(), Cs[T].copy()), cache

    def _backward_loop(self, dhs, dstate_T, cache):
        gates, hs, Cs, tanhC = cache["gates"], cache["hs"], cache["Cs"], cache["tanhC"]
        T, B, H = dhs.shape
        Wh = self._W[:, :H]
        dA = np.empty_like(gates)
        dh_next, dC_next = dstate_T
        for t in range(T - 1, -1, -1):
            g = gates[t]
            f, o, C_tilde = g[:, :H], g[:, H : 2 * H], g[:, 2 * H :]
            dh = dhs[t] + dh_next
            dC = dC_next + dh * o * dtanh_from_output(tanhC[t])
            da = dA[t]
            da[:, :H] = dC * (Cs[t] - C_tilde) * dsigmoid_from_output(f)
            da[:, H : 2 * H] = dh * tanhC[t] * dsigmoid_from_output(o)
            da[:, 2 * H :] = dC * (1 - f) * dtanh_from_output(C_tilde)
            dC_next = dC * f
            dh_next = da @ Wh
        dWh = dA.reshape(T * B, -1).T @ hs[:T].reshape(T * B, H)
        return dA, dWh, np.zeros_like(self._v), (dh_next, dC_next)
