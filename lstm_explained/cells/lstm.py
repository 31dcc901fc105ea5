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

import numpy as np

from . import fast_path
from .activations import linear, sigmoid, tanh
from .base import ForwardCache
from .lstm_family import LSTMFamilyCell, lstm_coefficients

__all__ = ["LSTMCell"]


class LSTMCell(LSTMFamilyCell):
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

    # The fast path, unit-major: every array of a time step has one row per unit and one column
    # per sequence. hx[t], (H + I + 1, B), holds [h_{t-1}; x_t; 1], so one product of the fused
    # weights and bias (4H, H + I + 1) with it fills the step's four gates, a contiguous (4H, B)
    # block (rows f, i, o, C_tilde). One product per step parallelises better over BLAS threads
    # than four per-gate ones. The forward keeps the minimum backpropagation needs: the activated
    # gates, every h (in hx) and every C (tanh(C_t) is recomputed). The backward works through
    # blocks of steps small enough to stay in the cache: it turns the block's cached values into
    # the local derivatives ("coefficients") of every gate in a few whole-block operations, runs
    # the sequential loop (only the work that depends on dh and dC, and one product W_h^T da per
    # step), then takes the block's share of every weight and bias gradient in one product
    # dA [h_{t-1}; x_t; 1]^T and its input gradients in another.

    def _forward_loop(self, xs, state0):
        T, B, I = xs.shape
        H = self.hidden_size
        # hx[t] is [h_{t-1}; x_t; 1], (H + I + 1, B): one product W hx[t] per step gives the
        # pre-activations of all four gates, input side and bias included.
        hx = np.empty((T + 1, H + I + 1, B), dtype=self.dtype)
        hx[0, :H] = state0[0].T
        hx[:T, H : H + I] = xs.transpose(0, 2, 1)
        hx[T, H : H + I] = 0.0
        hx[:, H + I] = 1.0
        # f, i, o rows halved: the products give a/2 there, and one tanh covers all four gates.
        W = np.empty((4 * H, H + I + 1), dtype=self.dtype)
        scale = fast_path.row_scale(4 * H, H, 3, self.dtype)
        np.multiply(self._W, scale[:, None], out=W[:, : H + I])
        np.multiply(self._b, scale, out=W[:, H + I])
        gates = np.empty((T, 4 * H, B), dtype=self.dtype)  # activated in place
        by_gate = gates.reshape(T, 4, H, B)
        projected = self._inputs_may_overflow(xs)
        if projected:  # inputs of enormous magnitude: the overflow-safe input projection first
            W_x, b = W[:, H : H + I], W[:, H + I]
            np.copyto(gates, fast_path.project_inputs_by_unit(hx[:T, H : H + I], W_x, b))
            rec = np.empty((4 * H, B), dtype=self.dtype)
        Cs = np.empty((T + 1, H, B), dtype=self.dtype)
        Cs[0] = state0[1].T
        tmp = np.empty((H, B), dtype=self.dtype)
        for t in range(T):
            g = gates[t]  # (4H, B)
            if projected:
                np.matmul(W[:, :H], hx[t, :H], out=rec)
                g += rec
            else:
                np.matmul(W, hx[t], out=g)
            np.tanh(g, out=g)
            sig = g[: 3 * H]  # sigmoid(a) = 0.5 * tanh(a / 2) + 0.5
            sig *= 0.5
            sig += 0.5
            f, i, o, C_tilde = by_gate[t]
            C = Cs[t + 1]
            np.multiply(f, Cs[t], out=C)
            np.multiply(i, C_tilde, out=tmp)
            C += tmp
            np.tanh(C, out=tmp)
            np.multiply(o, tmp, out=hx[t + 1, :H])
        hs = np.ascontiguousarray(hx[1:, :H].transpose(0, 2, 1))
        cache = ForwardCache(self, (T, B), hx=hx, gates=gates, Cs=Cs)
        return hs, (hs[T - 1].copy(), Cs[T].T.copy()), cache

    def _inputs_may_overflow(self, xs):
        """Whether some pre-activation ``W [h, x] + b`` could overflow for these inputs."""
        H = self.hidden_size
        W = np.abs(self._W).astype(np.float64)
        with np.errstate(over="ignore", invalid="ignore"):  # a bound of inf answers yes
            bound = W[:, H:].sum(axis=1) * float(np.abs(xs).max())
            bound += W[:, :H].sum(axis=1) + np.abs(self._b)  # |h| <= 1
            return not bool(np.all(bound < np.finfo(self.dtype).max / 4))

    def _block_step_bytes(self, B):
        """Bytes one step adds to a block of the backward: its local derivatives ``K`` and
        ``K_C``, its gradients ``dA`` and its copy of ``[h_{t-1}; x_t; 1]``."""
        H = self.hidden_size
        return (10 * H + self.input_size + 1) * B * self.dtype.itemsize

    def _backward_all(self, dhs, dstate_T, cache, input_grads=True):
        hx, gates, Cs = cache["hx"], cache["gates"], cache["Cs"]
        T, B, H = dhs.shape
        HI1 = hx.shape[1]
        W_hT = np.ascontiguousarray(self._W[:, :H].T)  # (H, 4H)
        W_x = self._W[:, H:]
        dxs = np.empty((T, B, W_x.shape[1]), dtype=self.dtype) if input_grads else None
        dWb = np.zeros((4 * H, HI1), dtype=self.dtype)  # [dW | db]
        dWb_block = np.empty_like(dWb)
        dh_next, dC_next = (np.ascontiguousarray(s.T) for s in dstate_T)
        dh = np.empty((H, B), dtype=self.dtype)
        dC = np.empty((H, B), dtype=self.dtype)
        da = np.empty((4 * H, B), dtype=self.dtype)  # one step's, contiguous
        da4 = da.reshape(4, H, B)
        blocks = fast_path.reversed_blocks(T, self._block_step_bytes(B))
        n_max = blocks[0][1] - blocks[0][0]
        # The pre-activation gradients of a block of steps, unit-major: dA[:, k] is step t0 + k's
        # (4H, B) block, and dA (4H, n * B) multiplies the block's hx transposed alike.
        dA_buffer = np.empty((4 * H, n_max, B), dtype=self.dtype)
        hx_block = np.empty((HI1, n_max, B), dtype=self.dtype)
        for t0, t1 in blocks:
            n = t1 - t0
            by_gate = gates[t0:t1].reshape(n, 4, H, B).transpose(1, 0, 2, 3)
            K, K_C = lstm_coefficients(by_gate, Cs[t0:t1], Cs[t0 + 1 : t1 + 1])
            K = K.transpose(1, 0, 2, 3)  # (n, 4, H, B), as laid out in memory
            dA = dA_buffer[:, :n]
            for k in range(n - 1, -1, -1):
                np.add(dhs[t0 + k].T, dh_next, out=dh)
                np.multiply(dh, K[k, 2], out=da4[2])  # o
                np.multiply(dh, K_C[k], out=dC)
                dC += dC_next
                np.multiply(dC, K[k, :2], out=da4[:2])  # f and i
                np.multiply(dC, K[k, 3], out=da4[3])  # C_tilde
                np.multiply(dC, gates[t0 + k, :H], out=dC_next)  # dC_prev = dC * f
                np.matmul(W_hT, da, out=dh_next)  # dh_prev = W_h^T da
                dA[:, k] = da
            # The block's share of every weight and bias gradient, dA [h_{t-1}; x_t; 1]^T, and
            # its input gradients.
            dA2 = dA.reshape(4 * H, n * B)
            np.copyto(hx_block[:, :n], hx[t0:t1].transpose(1, 0, 2))
            np.matmul(dA2, hx_block[:, :n].reshape(HI1, n * B).T, out=dWb_block)
            dWb += dWb_block
            if dxs is not None:
                np.matmul(dA2.T, W_x, out=dxs[t0:t1].reshape(n * B, -1))
        dW, db = np.ascontiguousarray(dWb[:, :-1]), dWb[:, -1].copy()
        grads = self._views(dW, db, np.zeros_like(self._v))
        return dxs, (dh_next.T.copy(), dC_next.T.copy()), grads
