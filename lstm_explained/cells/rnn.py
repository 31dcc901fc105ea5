r"""The vanilla recurrent network: one tanh layer repeated along the sequence.

.. math:: h_t = \tanh(W \cdot [h_{t-1}, x_t] + b)

With ``nonlinearity="relu"`` the layer is :math:`h_t = \max(W \cdot [h_{t-1}, x_t] + b, 0)`
instead, as ``torch.nn.RNN(nonlinearity="relu")`` computes it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import fast_path
from .activations import linear, relu, tanh
from .base import ForwardCache, RecurrentCell

__all__ = ["NONLINEARITIES", "RNNCell"]

#: The nonlinearities the cell accepts, by name.
NONLINEARITIES = {"tanh": tanh, "relu": relu}


class RNNCell(RecurrentCell):
    r"""A vanilla (Elman) recurrent cell, :math:`h_t = \tanh(W \cdot [h_{t-1}, x_t] + b)`.

    With ``nonlinearity="relu"``, :math:`h_t = \max(W \cdot [h_{t-1}, x_t] + b, 0)`.

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
    nonlinearity : {"tanh", "relu"}, default "tanh"
        The function applied to the pre-activation. ``"relu"``, :math:`\max(a, 0)`, has slope
        exactly 1 wherever a unit is active (no saturation) but no bound on the state.

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
    >>> relu_cell = RNNCell(3, 4, rng=0, nonlinearity="relu")
    >>> bool((relu_cell.forward(xs)[0] >= 0).all())
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
        nonlinearity: str = "tanh",
    ) -> None:
        if not isinstance(nonlinearity, str) or nonlinearity not in NONLINEARITIES:
            raise ValueError(
                f"nonlinearity must be one of {sorted(NONLINEARITIES)}; got {nonlinearity!r}"
            )
        self.nonlinearity = nonlinearity
        super().__init__(input_size, hidden_size, rng=rng, dtype=dtype)
        self._W[:, : self.hidden_size] *= recurrent_gain

    def __repr__(self) -> str:
        text = super().__repr__()
        if self.nonlinearity == "tanh":
            return text
        return f"{text[:-1]}, nonlinearity={self.nonlinearity!r})"

    def _step(self, x_t: np.ndarray, h_prev: np.ndarray) -> tuple[Any, dict[str, np.ndarray]]:
        W, b = self._params["W"], self._params["b"]
        h = NONLINEARITIES[self.nonlinearity](linear(self._concat(h_prev, x_t), W, b))
        return h, {"h": h}

    # The fast path, gate-major with one gate (see fast_path): one product per step on
    # preallocated buffers; the cache is xs and every h (tanh'(a) = 1 - h^2, or relu'(a) = [h > 0],
    # is recomputed from h in backward, a block of steps at a time).

    def _forward_loop(self, xs, state0):
        T, B, _ = xs.shape
        H = self.hidden_size
        W_hT = np.ascontiguousarray(self._W[:, :H].T)  # (H, H)
        hs = np.empty((T + 1, B, H), dtype=self.dtype)  # hs[0] is h_0, hs[t + 1] is h_t
        hs[0] = state0[0]
        a = fast_path.project_inputs_by_gate(xs, self._W[:, H:], self._b, 1)[0]  # (T, B, H)
        rec = np.empty((B, H), dtype=self.dtype)
        act = NONLINEARITIES[self.nonlinearity]
        for t in range(T):
            np.matmul(hs[t], W_hT, out=rec)
            a_t = a[t]
            a_t += rec
            act(a_t, out=hs[t + 1])
        cache = ForwardCache(self, (T, B), xs=xs, hs=hs)
        return hs[1:], (hs[T].copy(),), cache

    def _block_step_bytes(self, B):
        """Bytes one step adds to a block of the backward: its ``tanh'``."""
        return B * self.hidden_size * self.dtype.itemsize

    def _backward_loop(self, dhs, dstate_T, cache):
        hs = cache["hs"]
        T, B, H = dhs.shape
        W_h = np.ascontiguousarray(self._W[:, :H])
        dA4 = np.empty((1, T, B, H), dtype=self.dtype)  # gate-major, one gate
        dA = dA4[0]
        dh_next = dstate_T[0].copy()
        dh = np.empty((B, H), dtype=self.dtype)
        for t0, t1 in fast_path.reversed_blocks(T, self._block_step_bytes(B)):
            h = hs[t0 + 1 : t1 + 1]
            if self.nonlinearity == "relu":
                K = np.greater(h, 0.0).astype(self.dtype)  # relu'(a) = 1 where h > 0, else 0
            else:
                K = np.multiply(h, h)
                np.subtract(1.0, K, out=K)  # tanh'(a) = 1 - h^2
            for t in range(t1 - 1, t0 - 1, -1):
                np.add(dhs[t], dh_next, out=dh)
                np.multiply(dh, K[t - t0], out=dA[t])
                np.matmul(dA[t], W_h, out=dh_next)
        dWh = dA.reshape(T * B, H).T @ hs[:T].reshape(T * B, H)
        return dA4, dWh, np.zeros_like(self._v), (dh_next,)
