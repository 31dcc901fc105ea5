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

from .activations import linear, sigmoid, tanh
from .base import ForwardCache, RecurrentCell, _reversed_blocks

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

    # The fast path. Gate arrays are gate-major, (4, T, B, H) in the order f, i, o, C_tilde, so
    # each gate's block of a step is contiguous. The forward keeps the minimum backpropagation
    # needs: the activated gates, every h and every C (tanh(C_t) is recomputed). The backward first
    # turns the cached values of a block of steps into the local derivatives ("coefficients") of
    # every gate in a few whole-block operations, so that the sequential loop over time does only
    # the work that depends on dh and dC.

    def _forward_loop(self, xs, state0):
        T, B, _ = xs.shape
        H = self.hidden_size
        # f, i, o rows halved: the products give a/2 there, and one tanh covers all four gates.
        W_hT = self._recurrent_weights_by_gate(n_sigmoid=3)  # (4, H, H)
        gates = self._project_inputs_by_gate(xs, n_sigmoid=3)  # (4, T, B, H), activated in place
        hs = np.empty((T + 1, B, H), dtype=self.dtype)
        Cs = np.empty((T + 1, B, H), dtype=self.dtype)
        hs[0], Cs[0] = state0
        rec = np.empty((4, B, H), dtype=self.dtype)
        i_C_tilde = np.empty((B, H), dtype=self.dtype)
        tanh_C = np.empty((B, H), dtype=self.dtype)
        for t in range(T):
            g = gates[:, t]
            np.matmul(hs[t], W_hT, out=rec)
            g += rec
            np.tanh(g, out=g)
            sig = g[:3]  # sigmoid(a) = 0.5 * tanh(a / 2) + 0.5
            sig *= 0.5
            sig += 0.5
            f, i, o, C_tilde = g
            C = Cs[t + 1]
            np.multiply(f, Cs[t], out=C)
            np.multiply(i, C_tilde, out=i_C_tilde)
            C += i_C_tilde
            np.tanh(C, out=tanh_C)
            np.multiply(o, tanh_C, out=hs[t + 1])
        cache = ForwardCache(self, xs=xs, gates=gates, hs=hs, Cs=Cs)
        return hs[1:], (hs[T].copy(), Cs[T].copy()), cache

    @staticmethod
    def _coefficients(gates, C_prev, C):
        """Local derivatives of a block of steps, from their cached values.

        ``gates`` is ``(4, n, B, H)`` (f, i, o, C_tilde), ``C_prev`` and ``C`` are ``(n, B, H)``.
        Returns ``K``, ``(4, n, B, H)``, the factors that turn ``dC`` (``dh`` for ``o``) into
        each gate's pre-activation gradient: ``C_prev f (1 - f)``, ``C_tilde i (1 - i)``,
        ``tanh(C) o (1 - o)``, ``i (1 - C_tilde^2)``; and ``K_C = o (1 - tanh(C)^2)``,
        ``(n, B, H)``, which takes ``dh`` into ``dC``.
        """
        _, i, o, C_tilde = gates
        K = np.empty_like(gates)
        sig, dsig = gates[:3], K[:3]
        np.multiply(sig, sig, out=dsig)
        np.subtract(sig, dsig, out=dsig)  # s (1 - s) for f, i, o
        tanh_C = np.tanh(C)
        K[0] *= C_prev
        K[1] *= C_tilde
        K[2] *= tanh_C
        np.multiply(C_tilde, C_tilde, out=K[3])
        np.subtract(1.0, K[3], out=K[3])
        K[3] *= i
        K_C = np.multiply(tanh_C, tanh_C, out=tanh_C)
        np.subtract(1.0, K_C, out=K_C)
        K_C *= o
        return K, K_C

    def _backward_loop(self, dhs, dstate_T, cache):
        gates, hs, Cs = cache["gates"], cache["hs"], cache["Cs"]
        T, B, H = dhs.shape
        W_h = np.ascontiguousarray(self._W[:, :H]).reshape(4, H, H)
        dA = np.empty_like(gates)  # (4, T, B, H)
        dh_next, dC_next = (s.copy() for s in dstate_T)
        dh = np.empty((B, H), dtype=self.dtype)
        dC = np.empty((B, H), dtype=self.dtype)
        parts = np.empty((4, B, H), dtype=self.dtype)
        for t0, t1 in _reversed_blocks(T, 5 * B * H * self.dtype.itemsize):
            K, K_C = self._coefficients(gates[:, t0:t1], Cs[t0:t1], Cs[t0 + 1 : t1 + 1])
            for t in range(t1 - 1, t0 - 1, -1):
                k, da = t - t0, dA[:, t]
                np.add(dhs[t], dh_next, out=dh)
                np.multiply(dh, K[2, k], out=da[2])  # o
                np.multiply(dh, K_C[k], out=dC)
                dC += dC_next
                np.multiply(dC, K[0, k], out=da[0])  # f
                np.multiply(dC, K[1, k], out=da[1])  # i
                np.multiply(dC, K[3, k], out=da[3])  # C_tilde
                np.multiply(dC, gates[0, t], out=dC_next)  # dC_prev = dC * f
                np.matmul(da, W_h, out=parts)
                np.add.reduce(parts, axis=0, out=dh_next)  # dh_prev = sum over gates of da_g W_g
        dWh = np.matmul(dA.reshape(4, T * B, H).transpose(0, 2, 1), hs[:T].reshape(T * B, H))
        return dA, dWh.reshape(4 * H, H), np.zeros_like(self._v), (dh_next, dC_next)
