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

from .activations import dsigmoid_from_output, dtanh_from_output, linear, sigmoid, tanh
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

    def _forward_loop(self, xs, state0):
        T, B, _ = xs.shape
        H = self.hidden_size
        Wh = self._W[:, :H]
        gates = self._project_inputs(xs)  # (T, B, 3H) -> z, r, h_tilde
        hs = np.empty((T + 1, B, H), dtype=self.dtype)
        hs[0] = state0[0]
        if self.reset_after:
            Wh_T = np.ascontiguousarray(Wh.T)
            b_hh = self._v[0]
            us = np.empty((T, B, H), dtype=self.dtype)  # W_h^(h) h_prev + b_hh, for backward
        else:
            Wzr_T = np.ascontiguousarray(Wh[: 2 * H].T)
            Whh_T = np.ascontiguousarray(Wh[2 * H :].T)
        for t in range(T):
            g, h_prev = gates[t], hs[t]
            zr, cand = g[:, : 2 * H], g[:, 2 * H :]
            if self.reset_after:
                rec = h_prev @ Wh_T
                zr += rec[:, : 2 * H]
                sigmoid(zr, out=zr)
                r = g[:, H : 2 * H]
                np.add(rec[:, 2 * H :], b_hh, out=us[t])
                cand += r * us[t]
            else:
                zr += h_prev @ Wzr_T
                sigmoid(zr, out=zr)
                r = g[:, H : 2 * H]
                cand += (r * h_prev) @ Whh_T
            tanh(cand, out=cand)
            z = g[:, :H]
            h = hs[t + 1]
            np.subtract(cand, h_prev, out=h)  # h = h_prev + z * (h_tilde - h_prev)
            h *= z
            h += h_prev
        cache = ForwardCache(self, xs=xs, gates=gates, hs=hs)
        if self.reset_after:
            cache["us"] = us
        return hs[1:], (hs[T].copy(),), cache

    def _backward_loop(self, dhs, dstate_T, cache):
        gates, hs = cache["gates"], cache["hs"]
        T, B, H = dhs.shape
        Wh = self._W[:, :H]
        dA = np.empty_like(gates)
        dRec = np.empty_like(gates) if self.reset_after else None
        us = cache.get("us")
        Whh = Wh[2 * H :]
        Wzr = Wh[: 2 * H]
        dh_next = dstate_T[0]
        for t in range(T - 1, -1, -1):
            g, h_prev = gates[t], hs[t]
            z, r, h_tilde = g[:, :H], g[:, H : 2 * H], g[:, 2 * H :]
            dh = dhs[t] + dh_next
            da = dA[t]
            da_h = da[:, 2 * H :]
            da_h[...] = dh * z * dtanh_from_output(h_tilde)
            da[:, :H] = dh * (h_tilde - h_prev) * dsigmoid_from_output(z)
            dh_prev = dh * (1 - z)
            if self.reset_after:
                du = da_h * r
                da[:, H : 2 * H] = da_h * us[t] * dsigmoid_from_output(r)
                rec = dRec[t]
                rec[:, : 2 * H] = da[:, : 2 * H]
                rec[:, 2 * H :] = du
                dh_prev += rec @ Wh
            else:
                d_rh = da_h @ Whh  # gradient of r * h_prev
                da[:, H : 2 * H] = d_rh * h_prev * dsigmoid_from_output(r)
                dh_prev += d_rh * r + da[:, : 2 * H] @ Wzr
            dh_next = dh_prev
        Hprev = hs[:T].reshape(T * B, H)
        dv = np.zeros_like(self._v)
        if self.reset_after:
            dRec2 = dRec.reshape(T * B, -1)
            dWh = dRec2.T @ Hprev
            dv[0] = dRec2[:, 2 * H :].sum(axis=0)
        else:
            dA2 = dA.reshape(T * B, -1)
            R = gates[:, :, H : 2 * H].reshape(T * B, H)
            dWh = np.empty((3 * H, H), dtype=self.dtype)
            dWh[: 2 * H] = dA2[:, : 2 * H].T @ Hprev
            dWh[2 * H :] = dA2[:, 2 * H :].T @ (R * Hprev)
        return dA, dWh, dv, (dh_next,)
