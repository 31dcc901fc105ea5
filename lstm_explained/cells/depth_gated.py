r"""The depth-gated LSTM (Yao et al. 2015): stacked LSTM layers whose memory cells are linked
upwards through a *depth gate*.

In a plain stack, layer :math:`l` sees the layer below only through its output
:math:`x_t^{(l)} = h_t^{(l-1)}`. The depth-gated stack also adds the lower layer's fresh memory
cell :math:`C_t^{(l-1)}` into this layer's cell, scaled by a gate :math:`d_t`: a linear, gated path
through depth, like the forget gate's linear path through time. For layer :math:`l \ge 2`, with
:math:`x_t` standing for :math:`h_t^{(l-1)}` and every unlabelled symbol belonging to layer
:math:`l`:

.. math::

    f_t &= \sigma(W_f \cdot [h_{t-1}, x_t] + b_f) \\
    i_t &= \sigma(W_i \cdot [h_{t-1}, x_t] + b_i) \\
    \tilde{C}_t &= \tanh(W_C \cdot [h_{t-1}, x_t] + b_C) \\
    d_t &= \sigma(W_d \cdot x_t + p_d * C_{t-1} + l_d * C_t^{(l-1)} + b_d) \\
    C_t &= f_t * C_{t-1} + i_t * \tilde{C}_t + d_t * C_t^{(l-1)} \\
    o_t &= \sigma(W_o \cdot [h_{t-1}, x_t] + b_o) \\
    h_t &= o_t * \tanh(C_t)

The bottom layer (:math:`l = 1`) has no cell below it: it is a plain LSTM reading the input
:math:`x_t`, as :class:`~lstm_explained.LSTMCell` computes it.

As in the paper, the depth gate looks at the layer's input :math:`x_t` (not at :math:`h_{t-1}`),
at its own previous cell and at the cell below, the last two through *diagonal* weights
:math:`p_d` and :math:`l_d` (unit :math:`j` sees cell :math:`j` only). The paper's gates
:math:`f, i, o` also carry peephole connections; they are left out here so that a depth-gated layer
is exactly our LSTM plus the depth gate (:class:`~lstm_explained.PeepholeLSTMCell` shows
peepholes on their own).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .activations import dsigmoid_from_output, dtanh_from_output, linear, sigmoid, tanh
from .base import ForwardCache, RecurrentCell
from .init import as_generator, glorot_uniform, orthogonal
from .validation import check_int

__all__ = ["DepthGatedLSTM"]

_GATES = ("f", "i", "o", "C")  # fused order, as in LSTMCell: the sigmoid gates first
_LSTM_NAMES = ("W_f", "b_f", "W_i", "b_i", "W_C", "b_C", "W_o", "b_o")
_DEPTH_NAMES = ("W_d", "b_d", "p_d", "l_d")


class DepthGatedLSTM(RecurrentCell):
    r"""A stack of LSTM layers whose cells are connected upwards through depth gates.

    Parameters
    ----------
    input_size : int
        Size of each input vector ``x_t`` (the input of the bottom layer).
    hidden_size : int
        Size of ``h_t`` and ``C_t`` in every layer (equal sizes are what let a cell be added
        into the cell above).
    num_layers : int, default 2
        How many layers; layers ``2 .. num_layers`` have a depth gate.
    rng : numpy.random.Generator or int, optional
        Random generator (or seed) for the initial weights.
    dtype : float32 or float64, default float64
        The dtype of the parameters and of every computation.
    forget_bias : float, default 1.0
        Initial value of every ``b_f``.
    depth_bias : float, default 0.0
        Initial value of every ``b_d``: 0 starts each depth gate half open, a large negative value
        starts the stack as a plain stack of LSTMs.

    Attributes
    ----------
    params : mapping
        Keyed ``"layer<l>.<name>"`` with ``l`` counted from 1 at the bottom, in this order: for
        every layer ``W_f, b_f, W_i, b_i, W_C, b_C, W_o, b_o`` (each ``W_*`` multiplies
        ``[h_prev, x_t]``, shape ``(hidden_size, hidden_size + n_in)`` with ``n_in`` the
        ``input_size`` in layer 1 and ``hidden_size`` above; each ``b_*`` is
        ``(hidden_size,)``), then for layers 2 and up ``W_d`` (``(hidden_size, hidden_size)``,
        multiplies ``x_t`` alone) and the vectors ``b_d``, ``p_d``, ``l_d`` (``(hidden_size,)``;
        ``p_d`` and ``l_d`` start at zero).
    num_layers : int
        The number of layers.

    Notes
    -----
    *State.* A flat tuple ``(h_1, C_1, h_2, C_2, ...)``, bottom layer first, each array
    ``(B, hidden_size)``; its names, in :attr:`state_names`, are ``"layer1.h", "layer1.C", ...``.
    ``None`` means zeros everywhere.

    *Outputs.* :meth:`forward` returns the top layer's ``h`` at every step as ``hs``, and
    :meth:`backward` takes the gradient with respect to those.

    *Values.* :meth:`step` returns every intermediate keyed like the parameters:
    ``"layer<l>.f"``, ``".i"``, ``".C_tilde"``, ``".C"``, ``".o"``, ``".h"`` for every layer, and
    ``"layer<l>.d"`` for layers 2 and up, each ``(B, hidden_size)``.

    *Fast path.* Layer ``l`` at step ``t`` needs only layer ``l`` at ``t - 1`` and layer ``l - 1``
    at ``t``, so :meth:`forward` runs the whole sequence one layer at a time (each layer's input
    projection is one matrix product over all steps) and :meth:`backward` runs the layers top
    down, handing each lower layer the gradients of its ``h_t`` and of its ``C_t``.

    Examples
    --------
    >>> import numpy as np
    >>> model = DepthGatedLSTM(3, 4, num_layers=2, rng=0)
    >>> model.state_names
    ('layer1.h', 'layer1.C', 'layer2.h', 'layer2.C')
    >>> state, values = model.step(np.ones((2, 3)))
    >>> d, C_below = values["layer2.d"], values["layer1.C"]
    >>> f, i, C_tilde = (values[f"layer2.{k}"] for k in ("f", "i", "C_tilde"))
    >>> np.allclose(values["layer2.C"], f * 0.0 + i * C_tilde + d * C_below)
    True
    >>> hs, state_T, cache = model.forward(np.ones((5, 2, 3)))
    >>> hs.shape, len(state_T)
    ((5, 2, 4), 4)
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        *,
        num_layers: int = 2,
        rng: np.random.Generator | int | None = None,
        dtype: Any = np.float64,
        forget_bias: float = 1.0,
        depth_bias: float = 0.0,
    ) -> None:
        self.num_layers = check_int(num_layers, "num_layers")
        super().__init__(input_size, hidden_size, rng=rng, dtype=dtype)  # validates; no gates here
        H, L, dt = self.hidden_size, self.num_layers, self.dtype
        self._state_names = tuple(f"layer{l + 1}.{s}" for l in range(L) for s in ("h", "C"))
        n_in = [self.input_size] + [H] * (L - 1)
        # Per layer: the fused gate buffer (rows f, i, o, C) and bias, as in LSTMCell; for layers
        # above the first also the depth gate's input weights and its vectors (rows b_d, p_d, l_d).
        self._Wg = [np.zeros((4 * H, H + n), dtype=dt) for n in n_in]
        self._bg = [np.zeros((4 * H,), dtype=dt) for _ in range(L)]
        self._Wd = [None] + [np.zeros((H, H), dtype=dt) for _ in range(L - 1)]
        self._vd = [None] + [np.zeros((3, H), dtype=dt) for _ in range(L - 1)]
        self._params = self._layer_views(self._Wg, self._bg, self._Wd, self._vd)
        gen = as_generator(rng)
        for l in range(L):
            for k in range(4):
                W = self._Wg[l][k * H : (k + 1) * H]
                W[:, :H] = orthogonal(gen, H)
                W[:, H:] = glorot_uniform(gen, (H, n_in[l]))
            self._params[f"layer{l + 1}.b_f"][:] = forget_bias
            if l > 0:
                self._Wd[l][:] = glorot_uniform(gen, (H, H))
                self._params[f"layer{l + 1}.b_d"][:] = depth_bias

    def _layer_views(self, Wg, bg, Wd, vd) -> dict[str, np.ndarray]:
        H = self.hidden_size
        named: dict[str, np.ndarray] = {}
        for l in range(self.num_layers):
            blocks = {}
            for k, g in enumerate(_GATES):
                blocks[f"W_{g}"] = Wg[l][k * H : (k + 1) * H]
                blocks[f"b_{g}"] = bg[l][k * H : (k + 1) * H]
            names = _LSTM_NAMES
            if l > 0:
                blocks.update(W_d=Wd[l], b_d=vd[l][0], p_d=vd[l][1], l_d=vd[l][2])
                names = _LSTM_NAMES + _DEPTH_NAMES
            named.update({f"layer{l + 1}.{n}": blocks[n] for n in names})
        return named

    def _layer_params(self, l: int) -> dict[str, np.ndarray]:
        """Layer ``l``'s parameters (counted from 0) by their short names, ``W_f``, ..., ``l_d``."""
        prefix = f"layer{l + 1}."
        return {n[len(prefix) :]: v for n, v in self._params.items() if n.startswith(prefix)}

    def __repr__(self) -> str:
        return (
            f"DepthGatedLSTM(input_size={self.input_size}, hidden_size={self.hidden_size}, "
            f"num_layers={self.num_layers}, dtype={self.dtype.name})"
        )

    # ------------------------------------------------------------------ validation
    def _check_state(self, state: Any, B: int, name: str = "state") -> tuple[np.ndarray, ...]:
        n = len(self._state_names)
        if state is None:
            return tuple(np.zeros((B, self.hidden_size), dtype=self.dtype) for _ in range(n))
        if not isinstance(state, (tuple, list)) or len(state) != n:
            got = f"a tuple of {len(state)}" if isinstance(state, (tuple, list)) else None
            raise TypeError(
                f"{name} of DepthGatedLSTM with num_layers={self.num_layers} must be a tuple of "
                f"{n} arrays {self._state_names}, each of shape (B, hidden_size); "
                f"got {got or type(state).__name__}"
            )
        return tuple(
            self._check_hidden(s, f"{name}[{k}] ({part})", B)
            for k, (s, part) in enumerate(zip(state, self._state_names, strict=True))
        )

    def _pack_state(self, parts: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
        return tuple(parts)

    # ------------------------------------------------------------------ the readable path
    def _step(self, x_t: np.ndarray, *state: np.ndarray):
        values: dict[str, np.ndarray] = {}
        new_state: list[np.ndarray] = []
        x, C_below = x_t, None
        for l in range(self.num_layers):
            p = self._layer_params(l)
            h_prev, C_prev = state[2 * l], state[2 * l + 1]
            hx = self._concat(h_prev, x)
            f = sigmoid(linear(hx, p["W_f"], p["b_f"]))
            i = sigmoid(linear(hx, p["W_i"], p["b_i"]))
            C_tilde = tanh(linear(hx, p["W_C"], p["b_C"]))
            if C_below is None:
                C = f * C_prev + i * C_tilde
                here = {"f": f, "i": i, "C_tilde": C_tilde}
            else:
                d = sigmoid(linear(x, p["W_d"], p["b_d"]) + p["p_d"] * C_prev + p["l_d"] * C_below)
                C = f * C_prev + i * C_tilde + d * C_below
                here = {"f": f, "i": i, "C_tilde": C_tilde, "d": d}
            o = sigmoid(linear(hx, p["W_o"], p["b_o"]))
            h = o * tanh(C)
            here.update(C=C, o=o, h=h)
            values.update({f"layer{l + 1}.{k}": v for k, v in here.items()})
            new_state += [h, C]
            x, C_below = h, C
        return tuple(new_state), values

    # ------------------------------------------------------------------ the fast path
    def _forward_loop(self, xs, state0):
        layers = []
        x, Cs_below = xs, None
        final: list[np.ndarray] = []
        for l in range(self.num_layers):
            c = self._layer_forward(l, x, Cs_below, state0[2 * l], state0[2 * l + 1])
            layers.append(c)
            final += [c["hs"][-1].copy(), c["Cs"][-1].copy()]
            x, Cs_below = c["hs"][1:], c["Cs"][1:]
        cache = ForwardCache(self, xs.shape[:2], xs=xs, layers=layers)
        return x, tuple(final), cache

    def _layer_forward(self, l, xs, Cs_below, h0, C0) -> dict[str, np.ndarray]:
        T, B, n = xs.shape
        H = self.hidden_size
        Wg, bg = self._Wg[l], self._bg[l]
        Wh_T = np.ascontiguousarray(Wg[:, :H].T)
        gates = linear(xs.reshape(T * B, n), Wg[:, H:], bg).reshape(T, B, 4 * H)
        hs = np.empty((T + 1, B, H), dtype=self.dtype)
        Cs = np.empty((T + 1, B, H), dtype=self.dtype)
        tanhC = np.empty((T, B, H), dtype=self.dtype)
        hs[0], Cs[0] = h0, C0
        ds = None
        if Cs_below is not None:
            b_d, p_d, l_d = self._vd[l]
            # Everything of the depth gate that does not depend on C_prev, for all steps at once.
            ds = linear(xs.reshape(T * B, n), self._Wd[l], b_d).reshape(T, B, H) + l_d * Cs_below
        for t in range(T):
            g = gates[t]
            g += hs[t] @ Wh_T
            sigmoid(g[:, : 3 * H], out=g[:, : 3 * H])
            tanh(g[:, 3 * H :], out=g[:, 3 * H :])
            f, i, C_tilde = g[:, :H], g[:, H : 2 * H], g[:, 3 * H :]
            C = Cs[t + 1]
            np.multiply(f, Cs[t], out=C)
            C += i * C_tilde
            if ds is not None:
                d = ds[t]
                d += p_d * Cs[t]
                sigmoid(d, out=d)
                C += d * Cs_below[t]
            tanh(C, out=tanhC[t])
            np.multiply(g[:, 2 * H : 3 * H], tanhC[t], out=hs[t + 1])
        return {"xs": xs, "gates": gates, "ds": ds, "Cs_below": Cs_below, "hs": hs, "Cs": Cs,
                "tanhC": tanhC}  # fmt: skip

    def _backward_all(self, dhs, dstate_T, cache, input_grads=True):
        """Backward through time and depth: the layers top down, each handing the layer below
        the gradients of its ``h_t`` (as ``dhs``) and of its ``C_t``; the bottom layer's are
        those of the inputs (computed either way, dropped unless ``input_grads``)."""
        dstate0: list[np.ndarray] = [np.empty(0)] * len(self._state_names)
        buffers: list[Any] = [None] * self.num_layers
        dCs_above = None  # the top layer's cell feeds no layer above it
        for l in range(self.num_layers - 1, -1, -1):
            # The layer's dxs is the gradient of the hs of the layer below; its dCs_below that of
            # the cells below, which enter the next layer's backward as extra dC at every step.
            dhs, dCs_above, dh0, dC0, buffers[l] = self._layer_backward(
                l, cache["layers"][l], dhs, dCs_above, dstate_T[2 * l], dstate_T[2 * l + 1]
            )
            dstate0[2 * l], dstate0[2 * l + 1] = dh0, dC0
        grads = self._layer_views(*zip(*buffers, strict=True))
        return (dhs if input_grads else None), tuple(dstate0), grads

    def _layer_backward(self, l, c, dhs, dCs_above, dh_T, dC_T):
        """Backward through layer ``l`` alone; returns ``dxs``, ``dCs_below``, ``dh_0``, ``dC_0``
        and the gradient buffers of the layer."""
        xs, gates, ds, hs, Cs, tanhC = (c[k] for k in ("xs", "gates", "ds", "hs", "Cs", "tanhC"))
        Cs_below = c["Cs_below"]
        T, B, H = dhs.shape
        Wh = self._Wg[l][:, :H]
        dA = np.empty_like(gates)
        dD = None if ds is None else np.empty_like(ds)
        dCs_below = None if ds is None else np.empty_like(ds)
        dh_next, dC_next = dh_T, dC_T
        for t in range(T - 1, -1, -1):
            g = gates[t]
            f, i, o, C_tilde = g[:, :H], g[:, H : 2 * H], g[:, 2 * H : 3 * H], g[:, 3 * H :]
            dh = dhs[t] + dh_next
            dC = dC_next + dh * o * dtanh_from_output(tanhC[t])
            if dCs_above is not None:
                dC += dCs_above[t]
            da = dA[t]
            da[:, :H] = dC * Cs[t] * dsigmoid_from_output(f)
            da[:, H : 2 * H] = dC * C_tilde * dsigmoid_from_output(i)
            da[:, 2 * H : 3 * H] = dh * tanhC[t] * dsigmoid_from_output(o)
            da[:, 3 * H :] = dC * i * dtanh_from_output(C_tilde)
            dC_next = dC * f
            if ds is not None:
                d = ds[t]
                dD[t] = dC * Cs_below[t] * dsigmoid_from_output(d)
                dCs_below[t] = dC * d + dD[t] * self._vd[l][2]
                dC_next += dD[t] * self._vd[l][1]
            dh_next = da @ Wh
        n = xs.shape[2]
        dA2, xs2 = dA.reshape(T * B, -1), xs.reshape(T * B, n)
        dWg = np.empty_like(self._Wg[l])
        dWg[:, :H] = dA2.T @ hs[:T].reshape(T * B, H)
        dWg[:, H:] = dA2.T @ xs2
        dbg = dA2.sum(axis=0)
        dxs = (dA2 @ self._Wg[l][:, H:]).reshape(T, B, n)
        dWd = dvd = None
        if ds is not None:
            dD2 = dD.reshape(T * B, H)
            dWd = dD2.T @ xs2
            dvd = np.stack(
                [dD2.sum(axis=0), (dD * Cs[:T]).sum(axis=(0, 1)), (dD * Cs_below).sum(axis=(0, 1))]
            )
            dxs += (dD2 @ self._Wd[l]).reshape(T, B, n)
        return dxs, dCs_below, dh_next, dC_next, (dWg, dbg, dWd, dvd)
