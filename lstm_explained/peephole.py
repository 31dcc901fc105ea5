r"""The LSTM with peephole connections (Gers & Schmidhuber 2000).

The gates also look at the cell state: the forget and input gates at :math:`C_{t-1}`, the output
gate at the freshly updated :math:`C_t`.

.. math::

    f_t &= \sigma(W_f \cdot [h_{t-1}, x_t] + p_f * C_{t-1} + b_f) \\
    i_t &= \sigma(W_i \cdot [h_{t-1}, x_t] + p_i * C_{t-1} + b_i) \\
    \tilde{C}_t &= \tanh(W_C \cdot [h_{t-1}, x_t] + b_C) \\
    C_t &= f_t * C_{t-1} + i_t * \tilde{C}_t \\
    o_t &= \sigma(W_o \cdot [h_{t-1}, x_t] + p_o * C_t + b_o) \\
    h_t &= o_t * \tanh(C_t)
"""

from __future__ import annotations

import numpy as np

from .activations import dsigmoid_from_output, dtanh_from_output, linear, sigmoid, tanh
from .base import ForwardCache
from .lstm import LSTMCell

__all__ = ["PeepholeLSTMCell"]


class PeepholeLSTMCell(LSTMCell):
    r"""An LSTM whose gates also see the cell state through *diagonal* peephole weights.

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
        Those of :class:`LSTMCell` plus the peephole vectors ``p_f``, ``p_i`` and ``p_o``, each
        of shape ``(hidden_size,)`` and initialised to zero (so the cell starts as a plain LSTM).

    Notes
    -----
    The peepholes are diagonal: unit ``j`` of a gate sees only cell ``j``, as in Gers &
    Schmidhuber (2000), where each peephole is a connection from a memory cell's own state to its
    own gates, and as in the LSTM variants studied by Greff et al. (2015). The post draws them as a
    full concatenation ``W_f . [C_{t-1}, h_{t-1}, x_t]``, which would add three
    ``hidden_size x hidden_size`` matrices; the diagonal form is the one in the literature and in
    practice, and costs only ``3 * hidden_size`` parameters.

    Examples
    --------
    >>> import numpy as np
    >>> cell = PeepholeLSTMCell(3, 4, rng=0)
    >>> cell.params["p_f"].shape
    (4,)
    >>> hs, (h_T, C_T), cache = cell.forward(np.ones((5, 2, 3)))
    >>> hs.shape
    (5, 2, 4)
    """

    _vectors = ("p_f", "p_i", "p_o")
    _param_names = (
        "W_f", "b_f", "p_f", "W_i", "b_i", "p_i", "W_C", "b_C", "W_o", "b_o", "p_o",
    )  # fmt: skip

    def _step(self, x_t, h_prev, C_prev):
        p = self._params
        hx = self._concat(h_prev, x_t)
        f = sigmoid(linear(hx, p["W_f"], p["b_f"]) + p["p_f"] * C_prev)
        i = sigmoid(linear(hx, p["W_i"], p["b_i"]) + p["p_i"] * C_prev)
        C_tilde = tanh(linear(hx, p["W_C"], p["b_C"]))
        C = f * C_prev + i * C_tilde
        o = sigmoid(linear(hx, p["W_o"], p["b_o"]) + p["p_o"] * C)
        h = o * tanh(C)
        return (h, C), {"f": f, "i": i, "C_tilde": C_tilde, "C": C, "o": o, "h": h}

    def _forward_loop(self, xs, state0):
        T, B, _ = xs.shape
        H = self.hidden_size
        p_f, p_i, p_o = self._v
        Wh_T = np.ascontiguousarray(self._W[:, :H].T)
        gates = self._project_inputs(xs)
        hs = np.empty((T + 1, B, H), dtype=self.dtype)
        Cs = np.empty((T + 1, B, H), dtype=self.dtype)
        tanhC = np.empty((T, B, H), dtype=self.dtype)
        hs[0], Cs[0] = state0
        for t in range(T):
            g = gates[t]
            g += hs[t] @ Wh_T
            f, i, o, C_tilde = g[:, :H], g[:, H : 2 * H], g[:, 2 * H : 3 * H], g[:, 3 * H :]
            f += p_f * Cs[t]
            i += p_i * Cs[t]
            sigmoid(g[:, : 2 * H], out=g[:, : 2 * H])
            tanh(C_tilde, out=C_tilde)
            C = Cs[t + 1]
            np.multiply(f, Cs[t], out=C)
            C += i * C_tilde
            o += p_o * C
            sigmoid(o, out=o)
            tanh(C, out=tanhC[t])
            np.multiply(o, tanhC[t], out=hs[t + 1])
        cache = ForwardCache(self, xs=xs, gates=gates, hs=hs, Cs=Cs, tanhC=tanhC)
        return hs[1:], (hs[T].copy(), Cs[T].copy()), cache

    def _backward_loop(self, dhs, dstate_T, cache):
        gates, hs, Cs, tanhC = cache["gates"], cache["hs"], cache["Cs"], cache["tanhC"]
        T, B, H = dhs.shape
        p_f, p_i, p_o = self._v
        Wh = self._W[:, :H]
        dA = np.empty_like(gates)
        dh_next, dC_next = dstate_T
        for t in range(T - 1, -1, -1):
            g = gates[t]
            f, i, o, C_tilde = g[:, :H], g[:, H : 2 * H], g[:, 2 * H : 3 * H], g[:, 3 * H :]
            da = dA[t]
            da_f, da_i, da_o = da[:, :H], da[:, H : 2 * H], da[:, 2 * H : 3 * H]
            dh = dhs[t] + dh_next
            da_o[...] = dh * tanhC[t] * dsigmoid_from_output(o)
            dC = dC_next + dh * o * dtanh_from_output(tanhC[t]) + da_o * p_o
            da_f[...] = dC * Cs[t] * dsigmoid_from_output(f)
            da_i[...] = dC * C_tilde * dsigmoid_from_output(i)
            da[:, 3 * H :] = dC * i * dtanh_from_output(C_tilde)
            dC_next = dC * f + da_f * p_f + da_i * p_i
            dh_next = da @ Wh
        dWh = dA.reshape(T * B, -1).T @ hs[:T].reshape(T * B, H)
        dv = np.stack(
            [
                np.einsum("tbh,tbh->h", dA[:, :, :H], Cs[:T]),
                np.einsum("tbh,tbh->h", dA[:, :, H : 2 * H], Cs[:T]),
                np.einsum("tbh,tbh->h", dA[:, :, 2 * H : 3 * H], Cs[1:]),
            ]
        )
        return dA, dWh, dv, (dh_next, dC_next)
