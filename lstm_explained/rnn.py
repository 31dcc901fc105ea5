r"""The vanilla recurrent network: one tanh layer repeated along the sequence.

.. math:: h_t = \tanh(W \cdot [h_{t-1}, x_t] + b)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .activations import linear, tanh
from .base import ForwardCache, RecurrentCell, _reversed_blocks

__all__ = ["RNNCell"]


class RNNCell(RecurrentCell):
    r"""A vanilla (Elman) recurrent cell, :math:`h_t = \tanh(W \cdot [h_{t-1}, x_t] + b)`.

    Parameters
    ----------
    input_size : int
        Size of each input vector ``x_t``.
    hidden_size : int
        Size of the hidden state ``h_t``.
    rng : numpy.random.Generator or int, optional
        Random generator (or seed) for the initial weights.
    dtype : float32 or float64, default float64
        The dtype of the parameters and of every computation.
    recurrent_gain : float, default 1.0
        The recurrent block of ``W`` starts as an orthogonal matrix times this gain; above 1 the
        gradients explode, below 1 they vanish faster.

    Attributes
    ----------
    params : mapping
        ``W``, shape ``(hidden_size, hidden_size + input_size)``, and ``b``, shape
        ``(hidden_size,)``.

    Examples
    --------
    >>> import numpy as np
    >>> cell = RNNCell(3, 4, rng=0)
    >>> xs = np.ones((5, 2, 3))                  # T=5 steps, a batch of B=2, 3 features
    >>> hs, h_T, cache = cell.forward(xs)
    >>> hs.shape, h_T.shape
    ((5, 2, 4), (2, 4))
    >>> h, values = cell.step(xs[0])             # one step from the zero state
    >>> np.allclose(h, hs[0])
    True
    """

    _gates = ("",)
    _param_names = ("W", "b")
    _state_names = ("h",)

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        *,
        rng: np.random.Generator | int | None = None,
        dtype: Any = np.float64,
        recurrent_gain: float = 1.0,
    ) -> None:
        super().__init__(input_size, hidden_size, rng=rng, dtype=dtype)
        self._W[:, : self.hidden_size] *= recurrent_gain

    def _step(self, x_t: np.ndarray, h_prev: np.ndarray) -> tuple[Any, dict[str, np.ndarray]]:
        W, b = self._params["W"], self._params["b"]
        h = tanh(linear(self._concat(h_prev, x_t), W, b))
        return h, {"h": h}

    # The fast path: one product per step on preallocated buffers; the cache is xs and every h
    # (tanh'(a) = 1 - h^2 is recomputed from h in backward, a block of steps at a time).

    def _forward_loop(self, xs, state0):
        T, B, _ = xs.shape
        H = self.hidden_size
        W_hT = self._recurrent_weights_by_gate()[0]  # (H, H)
        hs = np.empty((T + 1, B, H), dtype=self.dtype)  # hs[0] is h_0, hs[t + 1] is h_t
        hs[0] = state0[0]
        a = self._project_inputs(xs)  # (T, B, H)
        rec = np.empty((B, H), dtype=self.dtype)
        for t in range(T):
            np.matmul(hs[t], W_hT, out=rec)
            a_t = a[t]
            a_t += rec
            np.tanh(a_t, out=hs[t + 1])
        cache = ForwardCache(self, xs=xs, hs=hs)
        return hs[1:], (hs[T].copy(),), cache

    def _backward_loop(self, dhs, dstate_T, cache):
        hs = cache["hs"]
        T, B, H = dhs.shape
        W_h = np.ascontiguousarray(self._W[:, :H])
        dA = np.empty((T, B, H), dtype=self.dtype)
        dh_next = dstate_T[0].copy()
        dh = np.empty((B, H), dtype=self.dtype)
        for t0, t1 in _reversed_blocks(T, B * H * self.dtype.itemsize):
            h = hs[t0 + 1 : t1 + 1]
            K = np.multiply(h, h)
            np.subtract(1.0, K, out=K)  # tanh'(a) = 1 - h^2
            for t in range(t1 - 1, t0 - 1, -1):
                np.add(dhs[t], dh_next, out=dh)
                np.multiply(dh, K[t - t0], out=dA[t])
                np.matmul(dA[t], W_h, out=dh_next)
        dWh = dA.reshape(T * B, H).T @ hs[:T].reshape(T * B, H)
        return dA, dWh, np.zeros_like(self._v), (dh_next,)
