r"""The gated recurrent unit (Cho et al. 2014), in the post's form and in the cuDNN/PyTorch form.

The post's form (``reset_after=False``) applies the reset gate to :math:`h_{t-1}` before the
candidate's matrix product:

.. math::

    z_t &= \sigma(W_z \cdot [h_{t-1}, x_t] + b_z) \\
    r_t &= \sigma(W_r \cdot [h_{t-1}, x_t] + b_r) \\
    \tilde{h}_t &= \tanh(W_h \cdot [r_t * h_{t-1}, x_t] + b_h) \\
    h_t &= (1 - z_t) * h_{t-1} + z_t * \tilde{h}_t

The reset-after form (``reset_after=True``, used by cuDNN and ``torch.nn.GRU``) applies it after
the recurrent product, which lets all three recurrent products be done as one. Writing
:math:`W_h = [W_h^{(h)}, W_h^{(x)}]` for the columns that multiply :math:`h_{t-1}` and
:math:`x_t`, and with one more bias vector :math:`b_{hh}`:

.. math::

    \tilde{h}_t = \tanh(W_h^{(x)} x_t + b_h + r_t * (W_h^{(h)} h_{t-1} + b_{hh}))
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import fast_path
from .activations import linear, sigmoid, tanh
from .base import ForwardCache, RecurrentCell

__all__ = ["GRUCell"]


class GRUCell(RecurrentCell):
    r"""A gated recurrent unit: an update gate ``z``, a reset gate ``r``, no separate cell state.

    Parameters
    ----------
    input_size, hidden_size : int
        Sizes of ``x_t`` and of ``h_t``.
    rng : numpy.random.Generator or int, optional
        Random generator (or seed) for the initial weights.
    dtype : float32 or float64, default float64
        The dtype of the parameters and of every computation.
    reset_after : bool, default False
        ``False``: the post's form (reset applied to ``h_prev`` before the matmul).
        ``True``: the cuDNN/PyTorch form (reset applied to the recurrent product, plus the bias
        ``b_hh``).
    update_bias : float, default 0.0
        Initial value of every entry of ``b_z``. In this convention ``z`` near 0 *keeps* the old
        state, so a negative bias (say -3) plays the part of an LSTM's positive forget bias.

    Attributes
    ----------
    params : mapping
        ``W_z, b_z, W_r, b_r, W_h, b_h``; each ``W_*`` has shape
        ``(hidden_size, hidden_size + input_size)`` and each ``b_*`` ``(hidden_size,)``. With
        ``reset_after=True`` also ``b_hh``, shape ``(hidden_size,)``: the bias of the recurrent
        product inside the reset, PyTorch's ``b_hn``.

    Notes
    -----
    :meth:`step` returns ``z``, ``r``, ``h_tilde`` and ``h``. PyTorch writes
    ``h' = (1 - z') * n + z' * h``, so its update gate is ``z' = 1 - z``: see
    :func:`lstm_explained.from_torch` for the exact mapping.

    Examples
    --------
    >>> import numpy as np
    >>> cell = GRUCell(3, 4, rng=0)
    >>> h, v = cell.step(np.ones((2, 3)))
    >>> np.allclose(h, (1 - v["z"]) * 0.0 + v["z"] * v["h_tilde"])
    True
    >>> GRUCell(3, 4, reset_after=True).params["b_hh"].shape
    (4,)
    """

    _gates = ("z", "r", "h")
    _param_names = ("W_z", "b_z", "W_r", "b_r", "W_h", "b_h")
    _state_names = ("h",)

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        *,
        rng: np.random.Generator | int | None = None,
        dtype: Any = np.float64,
        reset_after: bool = False,
        update_bias: float = 0.0,
    ) -> None:
        if not isinstance(reset_after, (bool, np.bool_)):
            raise TypeError(f"reset_after must be a bool; got {reset_after!r}")
        self.reset_after = bool(reset_after)
        if self.reset_after:
            # Instance attributes shadow the class defaults before the base class builds views.
            self._vectors = ("b_hh",)
            self._param_names = GRUCell._param_names + ("b_hh",)
        super().__init__(input_size, hidden_size, rng=rng, dtype=dtype)
        self._params["b_z"][:] = update_bias

    def __repr__(self) -> str:
        return super().__repr__()[:-1] + f", reset_after={self.reset_after})"

    def _step(self, x_t, h_prev):
        p = self._params
        H = self.hidden_size
        hx = self._concat(h_prev, x_t)
        z = sigmoid(linear(hx, p["W_z"], p["b_z"]))
        r = sigmoid(linear(hx, p["W_r"], p["b_r"]))
        if self.reset_after:
            W_h = p["W_h"]
            h_tilde = tanh(
                linear(x_t, W_h[:, H:], p["b_h"]) + r * linear(h_prev, W_h[:, :H], p["b_hh"])
            )
        else:
            h_tilde = tanh(linear(self._concat(r * h_prev, x_t), p["W_h"], p["b_h"]))
        h = (1 - z) * h_prev + z * h_tilde
        return h, {"z": z, "r": r, "h_tilde": h_tilde, "h": h}

    # The fast path, gate-major (see fast_path): gates (3, T, B, H) in the order z, r, h_tilde.
    # The cache holds the activated gates, every h, and for the reset-after form the recurrent
    # product u = W_h^(h) h_prev + b_hh that the reset gate scales. The backward prepares the local
    # derivatives of a block of steps at once, and loops over time only for what needs dh.

    def _forward_loop(self, xs, state0):
        T, B, _ = xs.shape
        H = self.hidden_size
        after = self.reset_after
        # z and r rows halved, so that one tanh gives both gates.
        W, b = fast_path.halve_sigmoid_rows(self._W, self._b, H, n_sigmoid=2)
        W_hT = fast_path.recurrent_weights_by_gate(W[:, :H], 3)  # (3, H, H)
        W_zrT = W_hT if after else W_hT[:2]  # the products taken from h_prev itself
        gates = fast_path.project_inputs_by_gate(xs, W[:, H:], b, 3)  # activated in place
        hs = np.empty((T + 1, B, H), dtype=self.dtype)
        hs[0] = state0[0]
        rec = np.empty((len(W_zrT), B, H), dtype=self.dtype)
        r_h = np.empty((B, H), dtype=self.dtype)
        cand = np.empty((B, H), dtype=self.dtype)
        cache = ForwardCache(self, (T, B), xs=xs, gates=gates, hs=hs)
        if after:
            b_hh = self._v[0]
            us = cache["us"] = np.empty((T, B, H), dtype=self.dtype)
        for t in range(T):
            g, h_prev = gates[:, t], hs[t]
            z, r, h_tilde = g
            np.matmul(h_prev, W_zrT, out=rec)
            zr = g[:2]
            zr += rec[:2]
            np.tanh(zr, out=zr)
            zr *= 0.5  # sigmoid(a) = 0.5 * tanh(a / 2) + 0.5
            zr += 0.5
            if after:  # r * (W_h^(h) h_prev + b_hh)
                np.add(rec[2], b_hh, out=us[t])
                np.multiply(r, us[t], out=cand)
            else:  # W_h^(h) (r * h_prev)
                np.multiply(r, h_prev, out=r_h)
                np.matmul(r_h, W_hT[2], out=cand)
            h_tilde += cand
            np.tanh(h_tilde, out=h_tilde)
            h = hs[t + 1]
            np.subtract(h_tilde, h_prev, out=h)  # h = h_prev + z * (h_tilde - h_prev)
            h *= z
            h += h_prev
        return hs[1:], (hs[T].copy(),), cache

    def _coefficients(self, gates, h_prev, u):
        """Local derivatives of a block of steps, from their cached values.

        ``gates`` is ``(3, n, B, H)`` (z, r, h_tilde), ``h_prev`` ``(n, B, H)``, ``u`` the cached
        ``W_h^(h) h_prev + b_hh`` (reset-after form) or ``None``. Returns ``K``, ``(4, n, B, H)``:
        ``(h_tilde - h_prev) z (1 - z)`` (``dh`` to ``da_z``), ``u r (1 - r)`` (reset-after) or
        ``h_prev r (1 - r)`` (post form) (the reset gate's factor), ``z (1 - h_tilde^2)``
        (``dh`` to ``da_h``), and ``1 - z`` (``dh`` straight to ``dh_prev``).
        """
        z, r, h_tilde = gates
        K = np.empty((4, *z.shape), dtype=z.dtype)
        np.subtract(1.0, z, out=K[3])
        np.multiply(z, K[3], out=K[0])
        K[0] *= np.subtract(h_tilde, h_prev, out=K[2])
        np.subtract(1.0, r, out=K[1])
        K[1] *= r
        K[1] *= h_prev if u is None else u
        np.multiply(h_tilde, h_tilde, out=K[2])
        np.subtract(1.0, K[2], out=K[2])
        K[2] *= z
        return K

    def _block_step_bytes(self, B):
        """Bytes one step adds to a block of the backward: its ``K``."""
        return 4 * B * self.hidden_size * self.dtype.itemsize

    def _backward_loop(self, dhs, dstate_T, cache):
        gates, hs = cache["gates"], cache["hs"]
        us = cache.get("us")
        after = self.reset_after
        T, B, H = dhs.shape
        W_h = np.ascontiguousarray(self._W[:, :H]).reshape(3, H, H)
        # Gate-major gradients of the recurrent products: z, r, then (reset-after) u or
        # (post form) h_tilde. For the reset-after form slot 2 is first du = da_h * r, and
        # becomes da_h once the recurrent side is done.
        dA = np.empty_like(gates)
        da_h = np.empty((T, B, H), dtype=self.dtype) if after else dA[2]
        dh_next = dstate_T[0].copy()
        dh = np.empty((B, H), dtype=self.dtype)
        d_rh = np.empty((B, H), dtype=self.dtype)
        parts = np.empty((4, B, H), dtype=self.dtype)  # the terms of dh_prev, summed
        for t0, t1 in fast_path.reversed_blocks(T, self._block_step_bytes(B)):
            u = None if us is None else us[t0:t1]
            K = self._coefficients(gates[:, t0:t1], hs[t0:t1], u)
            for t in range(t1 - 1, t0 - 1, -1):
                k, da, r = t - t0, dA[:, t], gates[1, t]
                np.add(dhs[t], dh_next, out=dh)
                np.multiply(dh, K[0, k], out=da[0])  # z
                np.multiply(dh, K[2, k], out=da_h[t])  # h_tilde
                np.multiply(dh, K[3, k], out=parts[3])  # through 1 - z
                if after:
                    np.multiply(da_h[t], K[1, k], out=da[1])  # r
                    np.multiply(da_h[t], r, out=da[2])  # u
                    np.matmul(da, W_h, out=parts[:3])
                else:
                    np.matmul(da_h[t], W_h[2], out=d_rh)  # gradient of r * h_prev
                    np.multiply(d_rh, K[1, k], out=da[1])  # r
                    np.multiply(d_rh, r, out=parts[2])
                    np.matmul(da[:2], W_h[:2], out=parts[:2])
                np.add.reduce(parts, axis=0, out=dh_next)
        H_prev = hs[:T].reshape(T * B, H)
        dWh = np.empty((3, H, H), dtype=self.dtype)
        dA3 = dA.reshape(3, T * B, H)
        dv = np.zeros_like(self._v)
        if after:
            np.matmul(dA3.transpose(0, 2, 1), H_prev, out=dWh)
            dv[0] = dA3[2].sum(axis=0)
            dA[2] = da_h
        else:
            np.matmul(dA3[:2].transpose(0, 2, 1), H_prev, out=dWh[:2])
            R_H = np.multiply(gates[1].reshape(T * B, H), H_prev)
            np.matmul(dA3[2].T, R_H, out=dWh[2])
        return dA, dWh.reshape(3 * H, H), dv, (dh_next,)
