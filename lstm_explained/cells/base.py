"""What every recurrent cell of the package shares: parameters, validation, the public frame.

A cell keeps its weights in one *fused* buffer ``_W`` of shape ``(G * hidden_size, hidden_size +
input_size)`` (one row block per gate, in the order of ``_gates``) and ``_b`` of shape
``(G * hidden_size,)``. :attr:`RecurrentCell.params` holds *named views* into those buffers:
``params["W_f"]`` is the forget-gate block and reads like the equations, while the fast path
multiplies the whole buffer in one product. Columns follow the post's concatenation
``[h_prev, x_t]``: the first ``hidden_size`` columns of every ``W_*`` multiply the previous hidden
state, the rest multiply the input.

Every way of writing a parameter changes the model: in place, or by assigning to its name, which
copies the new values into the live view (the names themselves are fixed).

>>> import numpy as np
>>> from lstm_explained import LSTMCell
>>> cell = LSTMCell(2, 3, rng=0)
>>> W_f = cell.params["W_f"]
>>> cell.params["W_f"] -= 0.1 * np.ones((3, 5))   # a gradient step
>>> cell.params["b_f"] = np.full(3, 2.0)          # new values, same array
>>> cell.params["W_f"] is W_f, cell.params["b_f"]
(True, array([2., 2., 2.]))
>>> cell.params["b_f"] = np.zeros(4)
Traceback (most recent call last):
...
ValueError: params['b_f'] must have shape (3,); got shape (4,)
>>> cell.params["W_x"] = np.zeros((3, 5))
Traceback (most recent call last):
...
KeyError: "LSTMCell has no parameter 'W_x' (...); names cannot be added"
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .fast_path import input_side_gradients
from .init import as_generator, glorot_uniform, orthogonal
from .validation import as_real_array, check_int
from .views import ParameterViews

__all__ = ["RecurrentCell", "ForwardCache"]

_FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


class ForwardCache(dict):
    """What :meth:`RecurrentCell.forward` keeps for :meth:`RecurrentCell.backward`.

    A plain ``dict`` (arrays keyed by name) that also remembers which cell made it, so that a
    cache cannot be fed to the backward pass of another cell by mistake, and the sizes ``(T, B)``
    of the sequence it was made from.
    """

    def __init__(self, cell: RecurrentCell, sizes: tuple[int, int], /, **arrays: Any) -> None:
        super().__init__(**arrays)
        self.cell_id = id(cell)
        self.sizes = (int(sizes[0]), int(sizes[1]))

    @property
    def nbytes(self) -> int:
        """Bytes held by the cached arrays."""
        return sum(v.nbytes for v in self.values() if isinstance(v, np.ndarray))


class RecurrentCell:
    """Base class of the recurrent cells: parameters, validation and the public frame.

    :meth:`step`, :meth:`forward` and :meth:`backward` validate their arguments here and hand
    the work to hooks. A subclass sets the class attributes

    * ``_gates``: the fused gate order (the suffixes of ``W_*``, ``b_*``);
    * ``_param_names``: the order of :attr:`params`;
    * ``_state_names``: ``("h",)`` or ``("h", "C")``;
    * ``_vectors`` (optional): extra per-unit parameter vectors, such as peephole weights;

    and implements the hooks

    * ``_step(x_t, *state)``: one readable step on validated arrays;
    * ``_forward_loop(xs, state0)``: the fast forward pass, returning ``hs``, the final state
      as a tuple and a :class:`ForwardCache`;
    * ``_backward_loop(dhs, dstate_T, cache)``: the sequential part of the backward pass,
      returning the gate-major pre-activation gradients ``dA`` ``(G, T, B, H)``, the recurrent
      weights' gradient ``(G*H, H)``, that of the vectors and the initial state's; the base
      class adds the input side (:func:`~lstm_explained.cells.fast_path.input_side_gradients`).

    A cell laid out otherwise overrides ``_backward_all(dhs, dstate_T, cache, input_grads)``
    (the whole backward pass, ``dxs`` ``None`` when ``input_grads`` is false) instead of
    ``_backward_loop``; ``_init_weights``, ``_check_state`` and ``_pack_state`` may be
    overridden too (the clockwork RNN's masked weights, the depth-gated stack's state).
    """

    _gates: tuple[str, ...] = ()
    _vectors: tuple[str, ...] = ()
    _param_names: tuple[str, ...] = ()
    _state_names: tuple[str, ...] = ("h",)

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        *,
        rng: np.random.Generator | int | None = None,
        dtype: Any = np.float64,
    ) -> None:
        self.input_size = check_int(input_size, "input_size")
        self.hidden_size = check_int(hidden_size, "hidden_size")
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
        """Named views into buffers shaped like ``_W``, ``_b``, ``_v`` (parameters or grads)."""
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
    def params(self) -> ParameterViews:
        """The parameters by the names used in the text, as live (writable) arrays.

        Update a parameter in place (``params["b_f"][:] = 1``, ``params["W_f"] -= lr * grad``)
        or assign to its name (``params["b_f"] = values``, copied into the live array); either
        changes the model. Names can be neither added nor deleted.
        """
        return ParameterViews(self._params, type(self).__name__, self.dtype)

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
    def _check_xs(self, xs: Any) -> np.ndarray:
        want = f"(T, B, input_size={self.input_size})"
        arr = as_real_array(xs, "xs", self.dtype)
        if arr.ndim != 3 or arr.shape[2] != self.input_size:
            raise ValueError(f"xs must have shape {want}; got shape {arr.shape}")
        if arr.shape[0] == 0 or arr.shape[1] == 0:
            raise ValueError(f"xs must have shape {want} with T >= 1 and B >= 1; got {arr.shape}")
        return arr

    def _check_x(self, x_t: Any) -> np.ndarray:
        want = f"(B, input_size={self.input_size})"
        arr = as_real_array(x_t, "x_t", self.dtype)
        if arr.ndim != 2 or arr.shape[1] != self.input_size or arr.shape[0] == 0:
            raise ValueError(f"x_t must have shape {want}; got shape {arr.shape}")
        return arr

    def _check_hidden(self, value: Any, name: str, B: int) -> np.ndarray:
        arr = as_real_array(value, name, self.dtype)
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
        arr = as_real_array(dhs, "dhs", self.dtype)
        if arr.shape != (T, B, H):
            raise ValueError(
                f"dhs must have shape (T={T}, B={B}, hidden_size={H}), like the hs returned by "
                f"forward; got shape {arr.shape}"
            )
        return arr

    def zero_state(self, batch_size: int) -> Any:
        """The all-zeros state for a batch: ``h`` or ``(h, C)``, each ``(batch_size, H)``."""
        B = check_int(batch_size, "batch_size")
        return self._pack_state(self._check_state(None, B))

    # ------------------------------------------------------------------ the public frame
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

    def forward(self, xs: Any, state: Any = None) -> tuple[np.ndarray, Any, ForwardCache]:
        """Run the cell over a whole sequence (the fast path).

        Parameters
        ----------
        xs : (T, B, input_size) array_like
            The inputs, time-major.
        state : optional
            The initial state, its parts as :attr:`state_names` lists them (``h``, ``(h, C)``,
            ...), each ``(B, hidden_size)``; ``None`` for zeros.

        Returns
        -------
        hs : (T, B, hidden_size) ndarray
            The hidden state after every step (of the top layer, for a stack).
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
        self, dhs: Any, cache: ForwardCache, dstate: Any = None, *, input_grads: bool = True
    ) -> tuple[np.ndarray | None, Any, dict[str, np.ndarray]]:
        """Exact backpropagation through time for the sequence of the last :meth:`forward`.

        Parameters
        ----------
        dhs : (T, B, hidden_size) array_like or None
            The gradient of the loss with respect to every ``h_t`` returned by forward.
        cache : ForwardCache
            The third value returned by :meth:`forward`.
        dstate : optional
            The gradient with respect to the final state, shaped like the state; ``None`` for
            zeros.
        input_grads : bool, default True
            ``False`` skips the gradient of the inputs (``dxs`` is ``None``), for inputs nothing
            learns from, such as one-hot characters or a fixed embedding; the rest is unchanged.

        Returns
        -------
        dxs : (T, B, input_size) ndarray or None
            The gradient with respect to the inputs (``None`` when ``input_grads`` is false).
        dstate_0
            The gradient with respect to the initial state, shaped like the state.
        grads : dict of ndarray
            The gradient of every parameter, keyed and shaped like :attr:`params`.
        """
        cache = self._check_cache(cache)
        T, B = cache.sizes
        dhs = self._check_dhs(dhs, T, B)
        dstate_T = self._check_state(dstate, B, name="dstate")
        if not isinstance(input_grads, (bool, np.bool_)):
            raise TypeError(f"input_grads must be a bool; got {input_grads!r}")
        dxs, dstate0, grads = self._backward_all(dhs, dstate_T, cache, bool(input_grads))
        return dxs, self._pack_state(dstate0), grads

    # ------------------------------------------------------------------ hooks
    def _backward_all(
        self,
        dhs: np.ndarray,
        dstate_T: tuple[np.ndarray, ...],
        cache: ForwardCache,
        input_grads: bool = True,
    ) -> tuple[np.ndarray | None, tuple[np.ndarray, ...], dict[str, np.ndarray]]:
        """The whole backward pass: ``(dxs, dstate_0, grads)``, ``dxs`` ``None`` unless
        ``input_grads``.

        Runs ``_backward_loop`` (the sequential part) and then the input side in whole-sequence
        products.
        """
        dA, dWh, dv, dstate0 = self._backward_loop(dhs, dstate_T, cache)
        W_x = self._W[:, self.hidden_size :]
        dWx, db, dxs = input_side_gradients(dA, cache["xs"], W_x, input_grads=input_grads)
        dW = np.concatenate([dWh, dWx], axis=1)
        return dxs, dstate0, self._views(dW, db, dv)

    def _step(self, x_t: np.ndarray, *state: np.ndarray) -> tuple[Any, dict[str, np.ndarray]]:
        raise NotImplementedError

    def _forward_loop(
        self, xs: np.ndarray, state0: tuple[np.ndarray, ...]
    ) -> tuple[np.ndarray, tuple[np.ndarray, ...], ForwardCache]:
        raise NotImplementedError

    def _backward_loop(
        self, dhs: np.ndarray, dstate_T: tuple[np.ndarray, ...], cache: ForwardCache
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
        raise NotImplementedError

    def _concat(self, h_prev: np.ndarray, x_t: np.ndarray) -> np.ndarray:
        """The post's ``[h_prev, x_t]``, row-wise: ``(B, hidden_size + input_size)``."""
        return np.concatenate([h_prev, x_t], axis=1)
