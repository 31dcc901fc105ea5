r"""The long short-term memory cell (Hochreiter & Schmidhuber 1997, with the forget gate of
Gers et al. 2000), in the notation of Olah (2015).

.. math::

    f_t &= \sigma(W_f \cdot [h_{t-1}, x_t] + b_f) \\
    i_t &= \sigma(W_i \cdot [h_{t-1}, x_t] + b_i) \\
    \tilde{C}_t &= \tanh(W_C \cdot [h_{t-1}, x_t] + b_C) \\
    C_t &= f_t * C_{t-1} + i_t * \tilde{C}_t \\
    o_t &= \sigma(W_o \cdot [h_{t-1}, x_t] + b_o) \\
    h_t &= o_t * \tanh(C_t)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .activations import dsigmoid_from_output, dtanh_from_output, linear, sigmoid, tanh
from .base import ForwardCache, RecurrentCell

__all__ = ["LSTMCell"]


class LSTMCell(RecurrentCell):
    r"""The standard LSTM cell with forget, input and output gates.

    Parameters
    ----------
    input_size : int
        Size of each input vector ``x_t``.
    hidden_size : int
        Size of the hidden state ``h_t`` and of the cell state ``C_t``.
    rng : numpy.random.Generator or int, optional
        Random generator (or seed) for the initial weights.
    dtype : float32 or float64, default float64
        The dtype of the parameters and of every computation.
    forget_bias : float, default 1.0
        Initial value of every entry of ``b_f``. A positive bias makes the cell remember by
        default at the start of training (Gers et al. 2000; Jozefowicz et al. 2015).

    Attributes
    ----------
    params : mapping
        ``W_f, b_f, W_i, b_i, W_C, b_C, W_o, b_o``. Each ``W_*`` has shape
        ``(hidden_size, hidden_size + input_size)`` and multiplies ``[h_prev, x_t]``; each ``b_*``
        has shape ``(hidden_size,)``.

    Notes
    -----
    The state is the pair ``(h, C)``. :meth:`step` returns the values ``f``, ``i``, ``C_tilde``,
    ``C``, ``o`` and ``h``, each ``(B, hidden_size)``.

    Examples
    --------
    >>> import numpy as np
    >>> cell = LSTMCell(3, 4, rng=0)
    >>> (h, C), values = cell.step(np.ones((2, 3)))
    >>> sorted(values)
    ['C', 'C_tilde', 'f', 'h', 'i', 'o']
    >>> f, i, C_tilde, o = (values[k] for k in ("f", "i", "C_tilde", "o"))
    >>> np.allclose(C, f * 0.0 + i * C_tilde) and np.allclose(h, o * np.tanh(C))
    True
    """

    # Fused order: the three sigmoid gates first, so one sigmoid call covers them, then the tanh.
    _gates = ("f", "i", "o", "C")
    _param_names = ("W_f", "b_f", "W_i", "b_i", "W_C", "b_C", "W_o", "b_o")
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
        i = sigmoid(linear(hx, p["W_i"], p["b_i"]))
        C_tilde = tanh(linear(hx, p["W_C"], p["b_C"]))
        C = f * C_prev + i * C_tilde
        o = sigmoid(linear(hx, p["W_o"], p["b_o"]))
        h = o * tanh(C)
        return (h, C), {"f": f, "i": i, "C_tilde": C_tilde, "C": C, "o": o, "h": h}

    def _forward_loop(self, xs, state0):
        T, B, _ = xs.shape
        H = self.hidden_size
        Wh_T = np.ascontiguousarray(self._W[:, :H].T)
        gates = self._project_inputs(xs)  # (T, B, 4H): pre-activations, then activations in place
        hs = np.empty((T + 1, B, H), dtype=self.dtype)
        Cs = np.empty((T + 1, B, H), dtype=self.dtype)
        tanhC = np.empty((T, B, H), dtype=self.dtype)
        hs[0], Cs[0] = state0
        for t in range(T):
            g = gates[t]
            g += hs[t] @ Wh_T
            sigmoid(g[:, : 3 * H], out=g[:, : 3 * H])
            tanh(g[:, 3 * H :], out=g[:, 3 * H :])
            f, i, o, C_tilde = g[:, :H], g[:, H : 2 * H], g[:, 2 * H : 3 * H], g[:, 3 * H :]
            C = Cs[t + 1]
            np.multiply(f, Cs[t], out=C)
            C += i * C_tilde
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
            f, i, o, C_tilde = g[:, :H], g[:, H : 2 * H], g[:, 2 * H : 3 * H], g[:, 3 * H :]
            dh = dhs[t] + dh_next
            do = dh * tanhC[t]
            dC = dC_next + dh * o * dtanh_from_output(tanhC[t])
            da = dA[t]
            da[:, :H] = dC * Cs[t] * dsigmoid_from_output(f)
            da[:, H : 2 * H] = dC * C_tilde * dsigmoid_from_output(i)
            da[:, 2 * H : 3 * H] = do * dsigmoid_from_output(o)
            da[:, 3 * H :] = dC * i * dtanh_from_output(C_tilde)
            dC_next = dC * f
            dh_next = da @ Wh
        dWh = dA.reshape(T * B, -1).T @ hs[:T].reshape(T * B, H)
        return dA, dWh, np.zeros_like(self._v), (dh_next, dC_next)
