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

from . import fast_path
from .activations import linear, sigmoid, tanh
from .base import ForwardCache
from .lstm_family import LSTMFamilyCell, lstm_coefficients

__all__ = ["PeepholeLSTMCell"]


class PeepholeLSTMCell(LSTMFamilyCell):
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

    _gates = ("f", "i", "o", "C")  # the sigmoid gates first, as in LSTMCell
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

    # The fast path, gate-major (see fast_path): gates (4, T, B, H) in the order f, i, o,
    # C_tilde. The sigmoid gates' rows and the peephole weights are halved, so that one tanh
    # gives a sigmoid. The cache holds the activated gates, every h and every C.

    def _forward_loop(self, xs, state0):
        T, B, _ = xs.shape
        H = self.hidden_size
        p_half = 0.5 * self._v  # (3, H): p_f, p_i, p_o
        p_fi, p_o = p_half[:2, None, :], p_half[2]
        W, b = fast_path.halve_sigmoid_rows(self._W, self._b, H, n_sigmoid=3)
        W_hT = fast_path.recurrent_weights_by_gate(W[:, :H], 4)
        gates = fast_path.project_inputs_by_gate(xs, W[:, H:], b, 4)  # activated in place
        hs = np.empty((T + 1, B, H), dtype=self.dtype)
        Cs = np.empty((T + 1, B, H), dtype=self.dtype)
        hs[0], Cs[0] = state0
        rec = np.empty((4, B, H), dtype=self.dtype)
        peep = np.empty((2, B, H), dtype=self.dtype)
        tmp = np.empty((B, H), dtype=self.dtype)
        for t in range(T):
            g, C_prev, C = gates[:, t], Cs[t], Cs[t + 1]
            f, i, o, C_tilde = g
            np.matmul(hs[t], W_hT, out=rec)
            g += rec
            fi = g[:2]
            fi += np.multiply(p_fi, C_prev, out=peep)
            np.tanh(fi, out=fi)
            fi *= 0.5  # sigmoid(a) = 0.5 * tanh(a / 2) + 0.5
            fi += 0.5
            np.tanh(C_tilde, out=C_tilde)
            np.multiply(f, C_prev, out=C)
            C += np.multiply(i, C_tilde, out=tmp)
            o += np.multiply(p_o, C, out=tmp)  # the output gate looks at the new C
            np.tanh(o, out=o)
            o *= 0.5
            o += 0.5
            np.tanh(C, out=tmp)
            np.multiply(o, tmp, out=hs[t + 1])
        cache = ForwardCache(self, (T, B), xs=xs, gates=gates, hs=hs, Cs=Cs)
        return hs[1:], (hs[T].copy(), Cs[T].copy()), cache

    def _block_step_bytes(self, B):
        """Bytes one step adds to a block of the backward: its ``K`` and ``K_C``."""
        return 5 * B * self.hidden_size * self.dtype.itemsize

    def _backward_loop(self, dhs, dstate_T, cache):
        gates, hs, Cs = cache["gates"], cache["hs"], cache["Cs"]
        T, B, H = dhs.shape
        p_fi, p_o = self._v[:2, None, :], self._v[2]
        W_h = np.ascontiguousarray(self._W[:, :H]).reshape(4, H, H)
        dA = np.empty_like(gates)  # (4, T, B, H)
        dh_next, dC_next = (s.copy() for s in dstate_T)
        dh = np.empty((B, H), dtype=self.dtype)
        dC = np.empty((B, H), dtype=self.dtype)
        tmp = np.empty((B, H), dtype=self.dtype)
        peep = np.empty((2, B, H), dtype=self.dtype)
        parts = np.empty((4, B, H), dtype=self.dtype)
        for t0, t1 in fast_path.reversed_blocks(T, self._block_step_bytes(B)):
            # The same local derivatives as the plain LSTM's; the peepholes add the p terms.
            K, K_C = lstm_coefficients(gates[:, t0:t1], Cs[t0:t1], Cs[t0 + 1 : t1 + 1])
            for t in range(t1 - 1, t0 - 1, -1):
                k, da = t - t0, dA[:, t]
                np.add(dhs[t], dh_next, out=dh)
                np.multiply(dh, K[2, k], out=da[2])  # o
                np.multiply(dh, K_C[k], out=dC)
                dC += dC_next
                dC += np.multiply(da[2], p_o, out=tmp)  # through o's peephole on C_t
                np.multiply(dC, K[0, k], out=da[0])  # f
                np.multiply(dC, K[1, k], out=da[1])  # i
                np.multiply(dC, K[3, k], out=da[3])  # C_tilde
                np.multiply(dC, gates[0, t], out=dC_next)  # dC_prev = dC * f + peephole terms
                np.multiply(da[:2], p_fi, out=peep)
                dC_next += peep[0]
                dC_next += peep[1]
                np.matmul(da, W_h, out=parts)
                np.add.reduce(parts, axis=0, out=dh_next)
        dWh = np.matmul(dA.reshape(4, T * B, H).transpose(0, 2, 1), hs[:T].reshape(T * B, H))
        dv = np.stack(
            [
                np.einsum("tbh,tbh->h", dA[0], Cs[:T]),
                np.einsum("tbh,tbh->h", dA[1], Cs[:T]),
                np.einsum("tbh,tbh->h", dA[2], Cs[1:]),
            ]
        )
        return dA, dWh.reshape(4 * H, H), dv, (dh_next, dC_next)
