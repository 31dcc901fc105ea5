r"""The LSTM with coupled forget and input gates (CIFG): what is forgotten is what is written.

.. math::

    f_t &= \sigma(W_f \cdot [h_{t-1}, x_t] + b_f) \\
    \tilde{C}_t &= \tanh(W_C \cdot [h_{t-1}, x_t] + b_C) \\
    C_t &= f_t * C_{t-1} + (1 - f_t) * \tilde{C}_t \\
    o_t &= \sigma(W_o \cdot [h_{t-1}, x_t] + b_o) \\
    h_t &= o_t * \tanh(C_t)
"""

from __future__ import annotations

import numpy as np

from . import fast_path
from .activations import linear, sigmoid, tanh
from .base import ForwardCache
from .lstm_family import LSTMFamilyCell, output_slopes, sigmoid_slopes

__all__ = ["CoupledLSTMCell"]


class CoupledLSTMCell(LSTMFamilyCell):
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

    def _step(self, x_t, h_prev, C_prev):
        p = self._params
        hx = self._concat(h_prev, x_t)
        f = sigmoid(linear(hx, p["W_f"], p["b_f"]))
        C_tilde = tanh(linear(hx, p["W_C"], p["b_C"]))
        C = f * C_prev + (1 - f) * C_tilde
        o = sigmoid(linear(hx, p["W_o"], p["b_o"]))
        h = o * tanh(C)
        return (h, C), {"f": f, "C_tilde": C_tilde, "C": C, "o": o, "h": h}

    # The fast path, gate-major (see fast_path): gates (3, T, B, H) in the order f, o, C_tilde;
    # the cache holds the activated gates, every h and every C.

    def _forward_loop(self, xs, state0):
        T, B, _ = xs.shape
        H = self.hidden_size
        W, b = fast_path.halve_sigmoid_rows(self._W, self._b, H, n_sigmoid=2)  # f and o rows
        W_hT = fast_path.recurrent_weights_by_gate(W[:, :H], 3)
        gates = fast_path.project_inputs_by_gate(xs, W[:, H:], b, 3)  # activated in place
        hs = np.empty((T + 1, B, H), dtype=self.dtype)
        Cs = np.empty((T + 1, B, H), dtype=self.dtype)
        hs[0], Cs[0] = state0
        rec = np.empty((3, B, H), dtype=self.dtype)
        tanh_C = np.empty((B, H), dtype=self.dtype)
        for t in range(T):
            g = gates[:, t]
            np.matmul(hs[t], W_hT, out=rec)
            g += rec
            np.tanh(g, out=g)
            sig = g[:2]  # sigmoid(a) = 0.5 * tanh(a / 2) + 0.5
            sig *= 0.5
            sig += 0.5
            f, o, C_tilde = g
            C = Cs[t + 1]
            np.subtract(Cs[t], C_tilde, out=C)  # C = C_tilde + f * (C_prev - C_tilde)
            C *= f
            C += C_tilde
            np.tanh(C, out=tanh_C)
            np.multiply(o, tanh_C, out=hs[t + 1])
        cache = ForwardCache(self, (T, B), xs=xs, gates=gates, hs=hs, Cs=Cs)
        return hs[1:], (hs[T].copy(), Cs[T].copy()), cache

    @staticmethod
    def _coefficients(gates, C_prev, C):
        """Local derivatives of a block of steps: ``K`` ``(3, n, B, H)`` and ``K_C`` ``(n, B, H)``.

        In the fused order f, o, C_tilde: ``(C_prev - C_tilde) f (1 - f)`` (``dC`` to ``da_f``),
        ``tanh(C) o (1 - o)`` (``dh`` to ``da_o``), ``(1 - f)(1 - C_tilde^2)`` (``dC`` to
        ``da_C``); ``K_C = o (1 - tanh(C)^2)`` takes ``dh`` into ``dC``.
        """
        f, o, C_tilde = gates
        K = np.empty_like(gates)
        sigmoid_slopes(gates[:2], out=K[:2])
        tanh_C, K_C = output_slopes(o, C)
        K[0] *= np.subtract(C_prev, C_tilde, out=K[2])
        K[1] *= tanh_C
        np.multiply(C_tilde, C_tilde, out=K[2])
        np.subtract(1.0, K[2], out=K[2])
        K[2] *= 1.0 - f
        return K, K_C

    def _block_step_bytes(self, B):
        """Bytes one step adds to a block of the backward: its ``K`` and ``K_C``."""
        return 4 * B * self.hidden_size * self.dtype.itemsize

    def _backward_loop(self, dhs, dstate_T, cache):
        gates, hs, Cs = cache["gates"], cache["hs"], cache["Cs"]
        T, B, H = dhs.shape
        W_h = np.ascontiguousarray(self._W[:, :H]).reshape(3, H, H)
        dA = np.empty_like(gates)  # (3, T, B, H)
        dh_next, dC_next = (s.copy() for s in dstate_T)
        dh = np.empty((B, H), dtype=self.dtype)
        dC = np.empty((B, H), dtype=self.dtype)
        parts = np.empty((3, B, H), dtype=self.dtype)
        for t0, t1 in fast_path.reversed_blocks(T, self._block_step_bytes(B)):
            K, K_C = self._coefficients(gates[:, t0:t1], Cs[t0:t1], Cs[t0 + 1 : t1 + 1])
            for t in range(t1 - 1, t0 - 1, -1):
                k, da = t - t0, dA[:, t]
                np.add(dhs[t], dh_next, out=dh)
                np.multiply(dh, K[1, k], out=da[1])  # o
                np.multiply(dh, K_C[k], out=dC)
                dC += dC_next
                np.multiply(dC, K[0, k], out=da[0])  # f
                np.multiply(dC, K[2, k], out=da[2])  # C_tilde
                np.multiply(dC, gates[0, t], out=dC_next)  # dC_prev = dC * f
                np.matmul(da, W_h, out=parts)
                np.add.reduce(parts, axis=0, out=dh_next)
        dWh = np.matmul(dA.reshape(3, T * B, H).transpose(0, 2, 1), hs[:T].reshape(T * B, H))
        return dA, dWh.reshape(3 * H, H), np.zeros_like(self._v), (dh_next, dC_next)
