"""What every recurrent cell of the package shares: parameters, validation, the fast-path frame.

A cell keeps its weights in one *fused* buffer ``_W`` of shape ``(G * hidden_size, hidden_size +
input_size)`` (one row block per gate, in the order of ``_gates``) and ``_b`` of shape
``(G * hidden_size,)``. The dictionary :attr:`RecurrentCell.params` holds *named views* into those
buffers: ``params["W_f"]`` is the forget-gate block and reads like the equations, while the fast
path multiplies the whole buffer in one product. Writing into a view (``params["W_f"][...] = 0``
or ``params["W_f"] -= lr * grad``) changes the model.

Columns follow the post's concatenation ``[h_prev, x_t]``: the first ``hidden_size`` columns of
every ``W_*`` multiply the previous hidden state, the rest multiply the input.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from .activations import linear
from .init import as_generator, glorot_uniform, orthogonal

__all__ = ["RecurrentCell", "ForwardCache"]

_FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


class ForwardCache(dict):
    """What :meth:`RecurrentCell.forward` keeps for :meth:`RecurrentCell.backward`.

    A plain ``dict`` (arrays keyed by name) that also remembers which cell made it, so that a
    cache cannot be fed to the backward pass of another cell by mistake.
    """

    def __init__(self, cell: RecurrentCell, **arrays: Any) -> None:
        super().__init__(**arrays)
        self.cell_id = id(cell)

    @property
    def nbytes(self) -> int:
        """Bytes held by the cached arrays."""
        return sum(v.nbytes for v in self.values() if isinstance(v, np.ndarray))


def _check_size(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a positive int; got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive int; got {value}")
    return int(value)


def _as_real_array(value: Any, name: str, dtype: np.dtype) -> np.ndarray:
    """Convert to a float array of ``dtype``, refusing non-real kinds and non-finite values."""
    if value is None:
        raise TypeError(f"{name} must be an array of real numbers; got None")
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold real numbers (int or float dtype); got dtype {arr.dtype}"
        )
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite; it contains NaN or inf")
    with np.errstate(over="raise"):
        try:
            arr = np.ascontiguousarray(arr, dtype=dtype)
        except FloatingPointError:
            raise ValueError(
                f"{name} holds values beyond the range of {dtype} "
                f"(largest magnitude {np.finfo(dtype).max:.3g})"
            ) from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite; it contains NaN or inf")
    return arr


def _reversed_blocks(T: int, step_bytes: int, budget: int = 1 << 20) -> list[tuple[int, int]]:
    """Blocks ``(t0, t1)`` of time steps from the last one back, each about ``budget`` bytes.

    The backward loops prepare the local derivatives of a block of steps at once: large enough to
    make the whole-block operations cheap per step, small enough to stay in the cache.
    """
    n = min(T, max(1, budget // step_bytes))
    return [(max(t1 - n, 0), t1) for t1 in range(T, 0, -n)]


class RecurrentCell:
    """Base class of the recurrent cells: parameters, validation and the shared fast-path frame.

    Subclasses set ``_gates`` (the fused gate order), ``_param_names`` (the order of
    :attr:`params`), ``_state_names`` (``("h",)`` or ``("h", "C")``) and optionally
    ``_vectors`` (extra per-unit parameter vectors, such as peephole weights), and implement
    :meth:`step`, ``_forward_loop`` and ``_backward_loop``.
    """

    _gates: tuple[str, ...] = ()
    _vectors: tuple[str, ...] = ()
    _param_names: tuple[str, ...] = ()
    _state_names: tuple[str, ...] = ("h",)
    _sigmoid_gates: tuple[str, ...] = ()

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        *,
        rng: np.random.Generator | int | None = None,
        dtype: Any = np.float64,
    ) -> None:
        self.input_size = _check_size(input_size, "input_size")
        self.hidden_size = _check_size(hidden_size, "hidden_size")
        try:
            dt = np.dtype(dtype)
        except TypeError as exc:
            raise TypeError(f"dtype must be float32 or float64; got {dtype!r}") from exc
        if dt not in _FLOAT_DTYPES:
            raise TypeError(f"dtype must be float32 or float64; got {dt}")
        self.dtype = dt
        H, I, G = self.hidden_size, self.input_size, len(self._gates)
        self._W = np.zeros((G * H, H + I), dtype=dt)
        self._b = np.zeros((G * H,), dtype=dt)
        self._v = np.zeros((len(self._vectors), H), dtype=dt)
        self._params = self._views(self._W, self._b, self._v)
        self._init_weights(as_generator(rng))

    # ------------------------------------------------------------------ parameters
    def _views(self, W: np.ndarray, b: np.ndarray, v: np.ndarray) -> dict[str, np.ndarray]:
        H = self.hidden_size
        named: dict[str, np.ndarray] = {}
        for k, g in enumerate(self._gates):
            suffix = f"_{g}" if g else ""  # the RNN's single layer is plain W, b
            named[f"W{suffix}"] = W[k * H : (k + 1) * H]
            named[f"b{suffix}"] = b[k * H : (k + 1) * H]
        for k, name in enumerate(self._vectors):
            named[name] = v[k]
        return {name: named[name] for name in self._param_names}

    def _init_weights(self, rng: np.random.Generator) -> None:
        """Glorot-uniform input weights, an orthogonal recurrent block per gate, zero biases."""
        H, I = self.hidden_size, self.input_size
        for k in range(len(self._gates)):
            W = self._W[k * H : (k + 1) * H]
            W[:, :H] = orthogonal(rng, H)
            W[:, H:] = glorot_uniform(rng, (H, I))

    @property
    def params(self) -> Mapping[str, np.ndarray]:
        """The parameters by the names used in the text, as live (writable) arrays.

        The mapping itself is read-only: update a parameter in place (``params["b_f"][:] = 1``),
        which changes the model; rebinding a name would silently disconnect it.
        """
        return MappingProxyType(self._params)

    def _grad_views(self, dW: np.ndarray, db: np.ndarray, dv: np.ndarray) -> dict[str, np.ndarray]:
        return self._views(dW, db, dv)

    @property
    def state_names(self) -> tuple[str, ...]:
        """The names of the parts of the state, in the order ``forward`` returns them
        (``("h",)`` for the RNN and GRU, ``("h", "C")`` for the LSTM family)."""
        return self._state_names

    @property
    def num_parameters(self) -> int:
        """How many scalar parameters the cell has."""
        return int(sum(p.size for p in self._params.values()))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(input_size={self.input_size}, hidden_size={self.hidden_size}, "
            f"dtype={self.dtype.name})"
        )

    # ------------------------------------------------------------------ validation
    def _shape_text(self, leading: str, size_name: str) -> str:
        size = self.input_size if size_name == "input_size" else self.hidden_size
        return f"({leading}{size_name}={size})"

    def _check_xs(self, xs: Any) -> np.ndarray:
        want = self._shape_text("T, B, ", "input_size")
        arr = _as_real_array(xs, "xs", self.dtype)
        if arr.ndim != 3 or arr.shape[2] != self.input_size:
            raise ValueError(f"xs must have shape {want}; got shape {arr.shape}")
        if arr.shape[0] == 0 or arr.shape[1] == 0:
            raise ValueError(f"xs must have shape {want} with T >= 1 and B >= 1; got {arr.shape}")
        return arr

    def _check_x(self, x_t: Any) -> np.ndarray:
        want = self._shape_text("B, ", "input_size")
        arr = _as_real_array(x_t, "x_t", self.dtype)
        if arr.ndim != 2 or arr.shape[1] != self.input_size or arr.shape[0] == 0:
            raise ValueError(f"x_t must have shape {want}; got shape {arr.shape}")
        return arr

    def _check_hidden(self, value: Any, name: str, B: int) -> np.ndarray:
        arr = _as_real_array(value, name, self.dtype)
        if arr.shape != (B, self.hidden_size):
            raise ValueError(
                f"{name} must have shape (B={B}, hidden_size={self.hidden_size}); "
                f"got shape {arr.shape}"
            )
        return arr

    def _check_state(self, state: Any, B: int, name: str = "state") -> tuple[np.ndarray, ...]:
        """Return the state as a tuple of ``(B, H)`` arrays (zeros for ``None``)."""
        H = self.hidden_size
        if state is None:
            return tuple(np.zeros((B, H), dtype=self.dtype) for _ in self._state_names)
        if len(self._state_names) == 1:
            if isinstance(state, tuple):
                raise TypeError(
                    f"{name} of {type(self).__name__} is one array h of shape (B, hidden_size); "
                    f"got a tuple of {len(state)}"
                )
            return (self._check_hidden(state, name, B),)
        if not isinstance(state, (tuple, list)) or len(state) != len(self._state_names):
            raise TypeError(
                f"{name} of {type(self).__name__} must be a tuple (h, C) of two arrays of shape "
                f"(B, hidden_size); got {type(state).__name__}"
            )
        return tuple(
            self._check_hidden(s, f"{name}[{k}] ({n})", B)
            for k, (s, n) in enumerate(zip(state, self._state_names, strict=True))
        )

    def _pack_state(self, parts: tuple[np.ndarray, ...]) -> Any:
        return parts[0] if len(parts) == 1 else tuple(parts)

    def _check_cache(self, cache: Any) -> ForwardCache:
        if not isinstance(cache, ForwardCache):
            raise TypeError(f"cache must be the third value returned by forward; got {cache!r:.60}")
        if cache.cell_id != id(self):
            raise ValueError("cache was made by the forward pass of a different cell")
        return cache

    def _check_dhs(self, dhs: Any, T: int, B: int) -> np.ndarray:
        H = self.hidden_size
        if dhs is None:
            return np.zeros((T, B, H), dtype=self.dtype)
        arr = _as_real_array(dhs, "dhs", self.dtype)
        if arr.shape != (T, B, H):
            raise ValueError(
                f"dhs must have shape (T={T}, B={B}, hidden_size={H}), like the hs returned by "
                f"forward; got shape {arr.shape}"
            )
        return arr

    def zero_state(self, batch_size: int) -> Any:
        """The all-zeros state for a batch: ``h`` or ``(h, C)``, each ``(batch_size, H)``."""
        B = _check_size(batch_size, "batch_size")
        return self._pack_state(self._check_state(None, B))

    # ------------------------------------------------------------------ the fast path
    def _project_inputs(self, xs: np.ndarray) -> np.ndarray:
        """All time steps' input projections ``x_t W_x^T + b`` in one product: ``(T, B, G*H)``."""
        T, B, I = xs.shape
        Wx = self._W[:, self.hidden_size :]
        return linear(xs.reshape(T * B, I), Wx, self._b).reshape(T, B, -1)

    # Gate-major helpers of the fast loops. Arrays of shape (G, T, B, H) keep every gate's
    # (B, H) block of a time step contiguous, so the element-wise work of a step runs on
    # contiguous memory (on this kind of machine, numpy is 3 to 5 times slower on the strided
    # column blocks of a (B, G*H) array).

    def _row_scale(self, n_sigmoid: int) -> np.ndarray:
        """``0.5`` for the rows of the first ``n_sigmoid`` gates, ``1`` for the rest, ``(G*H,)``.

        The fast loops evaluate a sigmoid as ``0.5 * tanh(0.5 * a) + 0.5``. With those gates'
        weight rows halved beforehand the products give ``0.5 * a`` directly, so one in-place
        ``tanh`` covers all the gates of a step. Halving is exact in binary floating point.
        """
        scale = np.ones(self._W.shape[0], dtype=self.dtype)
        scale[: n_sigmoid * self.hidden_size] = 0.5
        return scale

    def _project_inputs_by_gate(self, xs: np.ndarray, n_sigmoid: int = 0) -> np.ndarray:
        """The input projections of all steps, gate-major: ``(G, T, B, H)``.

        The rows of the first ``n_sigmoid`` gates come out halved (see :meth:`_row_scale`).
        """
        T, B, I = xs.shape
        G, H = len(self._gates), self.hidden_size
        scale = self._row_scale(n_sigmoid)
        Wx = self._W[:, H:] * scale[:, None]
        b = self._b * scale
        x2 = xs.reshape(T * B, I)
        out = np.empty((G, T * B, H), dtype=self.dtype)
        with np.errstate(over="raise", invalid="raise"):
            try:
                np.matmul(x2, Wx.reshape(G, H, I).transpose(0, 2, 1), out=out)
                out += b.reshape(G, 1, H)
                return out.reshape(G, T, B, H)
            except FloatingPointError:
                pass
        # Inputs of enormous magnitude: the overflow-safe product, then regrouped by gate.
        out[...] = linear(x2, Wx, b).reshape(T * B, G, H).transpose(1, 0, 2)
        return out.reshape(G, T, B, H)

    def _project_inputs_by_unit(self, xT: np.ndarray, n_sigmoid: int = 0) -> np.ndarray:
        """The input projections of all steps, unit-major: ``(T, G*H, B)``.

        ``xT`` holds the inputs as ``(T, input_size, B)`` (any strides, e.g. a view of a larger
        buffer). Step ``t``'s block ``out[t]`` is ``W_x x_t^T + b``, one row per gate unit and one
        column per sequence, contiguous; the rows of the first ``n_sigmoid`` gates come out
        halved (see :meth:`_row_scale`).
        """
        T, I, B = xT.shape
        H = self.hidden_size
        scale = self._row_scale(n_sigmoid)
        Wx = self._W[:, H:] * scale[:, None]  # (G*H, I)
        b = self._b * scale
        out = np.empty((T, Wx.shape[0], B), dtype=self.dtype)
        with np.errstate(over="raise", invalid="raise"):
            try:
                np.matmul(Wx, xT, out=out)
                out += b[:, None]
                return out
            except FloatingPointError:
                pass
        # Inputs of enormous magnitude: the overflow-safe product, then regrouped by unit.
        x2 = xT.transpose(0, 2, 1).reshape(T * B, I)
        out[...] = linear(x2, Wx, b).reshape(T, B, -1).transpose(0, 2, 1)
        return out

    def _recurrent_weights_by_gate(self, n_sigmoid: int = 0) -> np.ndarray:
        """Each gate's recurrent block transposed, ``(G, H, H)``, so ``h_prev @ W[k]`` is
        gate ``k``'s recurrent product; rows scaled as in :meth:`_project_inputs_by_gate`."""
        G, H = len(self._gates), self.hidden_size
        Wh = self._W[:, :H] * self._row_scale(n_sigmoid)[:, None]
        return np.ascontiguousarray(Wh.reshape(G, H, H).transpose(0, 2, 1))

    def forward(self, xs: Any, state: Any = None) -> tuple[np.ndarray, Any, ForwardCache]:
        """Run the cell over a whole sequence (the fast path).

        Parameters
        ----------
        xs : (T, B, input_size) array_like
            The inputs, time-major.
        state : optional
            The initial state (``h`` or ``(h, C)``, each ``(B, hidden_size)``); ``None`` for zeros.

        Returns
        -------
        hs : (T, B, hidden_size) ndarray
            The hidden state after every step.
        state_T
            The final state, shaped like ``state``.
        cache : ForwardCache
            What :meth:`backward` needs.
        """
        xs = self._check_xs(xs)
        state0 = self._check_state(state, xs.shape[1])
        hs, state_T, cache = self._forward_loop(xs, state0)
        return hs, self._pack_state(state_T), cache

    def backward(
        self, dhs: Any, cache: ForwardCache, dstate: Any = None
    ) -> tuple[np.ndarray, Any, dict[str, np.ndarray]]:
        """Exact backpropagation through time for the sequence of the last :meth:`forward`.

        Parameters
        ----------
        dhs : (T, B, hidden_size) array_like or None
            The gradient of the loss with respect to every ``h_t`` returned by forward.
        cache : ForwardCache
            The third value returned by :meth:`forward`.
        dstate : optional
            The gradient with respect to the final state (``h`` or ``(h, C)``); ``None`` for zeros.

        Returns
        -------
        dxs : (T, B, input_size) ndarray
            The gradient with respect to the inputs.
        dstate_0
            The gradient with respect to the initial state, shaped like the state.
        grads : dict of ndarray
            The gradient of every parameter, keyed and shaped like :attr:`params`.
        """
        cache = self._check_cache(cache)
        T, B = self._cache_sizes(cache)
        dhs = self._check_dhs(dhs, T, B)
        if dstate is None:
            dstate_T = self._check_state(None, B)
        else:
            dstate_T = self._check_state(dstate, B, name="dstate")
        dxs, dstate0, dW, db, dv = self._backward_all(dhs, dstate_T, cache)
        return dxs, self._pack_state(dstate0), self._grad_views(dW, db, dv)

    def _cache_sizes(self, cache: ForwardCache) -> tuple[int, int]:
        """``(T, B)`` of the sequence a cache was made from."""
        T, B, _ = cache["xs"].shape
        return T, B

    def _backward_all(
        self, dhs: np.ndarray, dstate_T: tuple[np.ndarray, ...], cache: ForwardCache
    ) -> tuple[np.ndarray, tuple[np.ndarray, ...], np.ndarray, np.ndarray, np.ndarray]:
        """The whole backward pass: ``(dxs, dstate_0, dW, db, dv)``.

        This generic version runs ``_backward_loop`` (the sequential part, which returns the
        gates' pre-activation gradients ``dA``) and then does the input side in whole-sequence
        products. A cell whose fast path is laid out otherwise overrides it.
        """
        xs = cache["xs"]
        T, B, _ = xs.shape
        dA, dWh, dv, dstate0 = self._backward_loop(dhs, dstate_T, cache)
        # dA: the gradient of the gates' pre-activations, (T, B, G*H), or gate-major
        # (G, T, B, H); the input side in one product each (one per gate if gate-major).
        H = self.hidden_size
        x2 = xs.reshape(T * B, -1)
        dW = np.empty_like(self._W)
        dW[:, :H] = dWh
        if dA.ndim == 4:
            G = dA.shape[0]
            dA3 = dA.reshape(G, T * B, H)
            np.matmul(dA3.transpose(0, 2, 1), x2, out=dW[:, H:].reshape(G, H, -1))
            db = dA3.sum(axis=1).reshape(-1)
            dxs = np.matmul(dA3, self._W[:, H:].reshape(G, H, -1)).sum(axis=0).reshape(T, B, -1)
        else:
            dA2 = dA.reshape(T * B, -1)
            dW[:, H:] = dA2.T @ x2
            db = dA2.sum(axis=0)
            dxs = (dA2 @ self._W[:, H:]).reshape(T, B, -1)
        return dxs, dstate0, dW, db, dv

    def _forward_loop(
        self, xs: np.ndarray, state0: tuple[np.ndarray, ...]
    ) -> tuple[np.ndarray, tuple[np.ndarray, ...], ForwardCache]:
        raise NotImplementedError

    def _backward_loop(
        self, dhs: np.ndarray, dstate_T: tuple[np.ndarray, ...], cache: ForwardCache
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
        raise NotImplementedError

    def step(self, x_t: Any, state: Any = None) -> tuple[Any, dict[str, np.ndarray]]:
        """One time step, written to read like the equations (the readable path).

        Parameters
        ----------
        x_t : (B, input_size) array_like
            The input at this step.
        state : optional
            The previous state (``h_prev`` or ``(h_prev, C_prev)``); ``None`` for zeros.

        Returns
        -------
        new_state
            The next state, shaped like ``state``.
        values : dict of ndarray
            Every intermediate of the equations, by its name in the text.
        """
        x_t = self._check_x(x_t)
        parts = self._check_state(state, x_t.shape[0])
        return self._step(x_t, *parts)

    def _step(self, x_t: np.ndarray, *state: np.ndarray) -> tuple[Any, dict[str, np.ndarray]]:
        raise NotImplementedError

    def _concat(self, h_prev: np.ndarray, x_t: np.ndarray) -> np.ndarray:
        """The post's ``[h_prev, x_t]``, row-wise: ``(B, hidden_size + input_size)``."""
        return np.concatenate([h_prev, x_t], axis=1)
