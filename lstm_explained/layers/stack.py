r"""A stack of recurrent layers, one or two directions each: the numpy twin of ``torch.nn.LSTM``.

``RecurrentStack(I, H, num_layers=L, bidirectional=True, dropout=p)`` computes what
``torch.nn.LSTM(I, H, num_layers=L, bidirectional=True, dropout=p)`` computes (time-major, as
PyTorch's default ``batch_first=False``). Layer :math:`l + 1` reads the hidden states of layer
:math:`l` as its inputs,

.. math::

    h^{(1)}_t = \mathrm{cell}^{(1)}(x_t, h^{(1)}_{t-1}), \qquad
    h^{(l+1)}_t = \mathrm{cell}^{(l+1)}\big(m^{(l)}_t * h^{(l)}_t,\ h^{(l+1)}_{t-1}\big),

with a dropout mask :math:`m^{(l)}_t` between layers while training
(:mod:`~lstm_explained.layers.dropout`); with both directions, :math:`h^{(l)}_t` is the pair
:math:`[\overrightarrow{h}^{(l)}_t, \overleftarrow{h}^{(l)}_t]`
(:mod:`~lstm_explained.layers.bidirectional`). The outputs are the top layer's hidden states.

The state follows PyTorch's layout: ``h_n`` of shape ``(L * D, B, H)`` with ``D = 2`` for both
directions, row ``l * D + d`` for layer ``l`` and direction ``d`` (0 forwards, 1 backwards); the
LSTM family's state is the pair ``(h_n, C_n)``. It can start from zeros, from a state carried
over from the previous batch (pass the last ``state_n``: the backward pass stops there, which is
truncated BPTT), or from a state *learned* as a parameter (``learn_initial_state=True``:
parameters ``h_0`` and ``C_0`` of shape ``(L * D, H)``, shared by every sequence).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..cells.base import RecurrentCell
from ..cells.init import as_generator
from ..cells.lstm_family import LSTMFamilyCell
from ..cells.registry import MODELS
from ..cells.validation import as_real_array, check_int
from .bidirectional import direction_backward, direction_forward
from .dropout import check_probability, dropout_mask
from .lengths import check_lengths

__all__ = ["RecurrentStack"]


class RecurrentStack:
    r"""``num_layers`` recurrent layers, one or both directions, dropout between layers.

    Parameters
    ----------
    input_size, hidden_size : int
        Sizes of ``x_t`` and of every cell's ``h_t``.
    num_layers : int, default 1
        ``L``, the number of stacked layers.
    cell : str or type, default "lstm"
        A key of ``lstm_explained.cells.registry.MODELS`` (``"lstm"``, ``"gru"``, ``"rnn"``, ...)
        or a :class:`~lstm_explained.RecurrentCell` subclass.
    bidirectional : bool, default False
        Two cells per layer, one reading each way; the outputs have ``2 * hidden_size`` features.
    dropout : float, default 0
        Probability of dropping each output of every layer but the last, while training.
    recurrent_dropout : float, default 0
        Probability of dropping each unit of :math:`h_{t-1}` where it enters the gates, one
        mask per sequence for all steps (Gal & Ghahramani 2016); LSTM family only.
    learn_initial_state : bool, default False
        Learn the state the stack starts from (parameters ``h_0`` and, for the LSTM family,
        ``C_0``, each ``(L * D, hidden_size)``).
    rng : numpy.random.Generator or int, optional
        For the initial weights.
    dtype : float32 or float64, default float64
    **cell_kwargs
        Passed to every cell (``forget_bias``, ``reset_after``, ...).

    Attributes
    ----------
    cells : list of list of RecurrentCell
        ``cells[l][d]``: layer ``l``, direction ``d``.
    params : dict of ndarray
        ``"l0.W_f"``, ``"l0_reverse.W_f"``, ... (PyTorch's suffixes) and ``"h_0"``, ``"C_0"``.

    Examples
    --------
    >>> import numpy as np
    >>> stack = RecurrentStack(3, 4, num_layers=2, bidirectional=True, dropout=0.5, rng=0)
    >>> xs = np.random.default_rng(0).standard_normal((6, 2, 3))        # T=6, B=2
    >>> ys, (h_n, C_n), cache = stack.forward(xs, lengths=[6, 4])        # evaluation
    >>> ys.shape, h_n.shape                       # (T, B, D*H), (L*D, B, H)
    ((6, 2, 8), (4, 2, 4))
    >>> np.allclose(h_n[2, 1], ys[3, 1, :4])      # top layer forwards; sequence 1 ends at t=3
    True
    >>> ys_train, _, cache = stack.forward(xs, rng=1)                    # training: dropout on
    >>> dxs, dstate0, grads = stack.backward(np.ones_like(ys_train), cache)
    >>> sorted(grads) == sorted(stack.params), dxs.shape
    (True, (6, 2, 3))
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        *,
        cell: str | type[RecurrentCell] = "lstm",
        bidirectional: bool = False,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        learn_initial_state: bool = False,
        rng: np.random.Generator | int | None = None,
        dtype: Any = np.float64,
        **cell_kwargs: Any,
    ) -> None:
        self.input_size = check_int(input_size, "input_size")
        self.hidden_size = check_int(hidden_size, "hidden_size")
        self.num_layers = check_int(num_layers, "num_layers")
        if isinstance(cell, str):
            if cell not in MODELS:
                raise ValueError(f"cell must be one of {sorted(MODELS)} or a class; got {cell!r}")
            cls = MODELS[cell]
        elif isinstance(cell, type) and issubclass(cell, RecurrentCell):
            cls = cell
        else:
            raise TypeError(f"cell must be a registry name or a RecurrentCell class; got {cell!r}")
        for name, flag in (
            ("bidirectional", bidirectional),
            ("learn_initial_state", learn_initial_state),
        ):
            if not isinstance(flag, (bool, np.bool_)):
                raise TypeError(f"{name} must be a bool; got {flag!r}")
        self.bidirectional = bool(bidirectional)
        self.num_directions = 2 if self.bidirectional else 1
        self.dropout = check_probability(dropout, "dropout")
        self.recurrent_dropout = check_probability(recurrent_dropout, "recurrent_dropout")
        if self.recurrent_dropout and not issubclass(cls, LSTMFamilyCell):
            raise ValueError(
                f"recurrent_dropout needs a cell of the LSTM family (h_prev enters only through "
                f"the gates' products); {cls.__name__} also carries h_prev forward directly"
            )
        gen = as_generator(rng)
        D, H = self.num_directions, self.hidden_size
        self.cells: list[list[RecurrentCell]] = [
            [
                cls(self.input_size if l == 0 else D * H, H, rng=gen, dtype=dtype, **cell_kwargs)
                for _ in range(D)
            ]
            for l in range(self.num_layers)
        ]
        first = self.cells[0][0]
        self.dtype = first.dtype
        self.state_names = first.state_names
        self.learn_initial_state = bool(learn_initial_state)
        self._initial = {
            f"{s}_0": np.zeros((self.num_layers * D, H), dtype=self.dtype) for s in self.state_names
        }

    # ------------------------------------------------------------------ parameters
    def _suffix(self, l: int, d: int) -> str:
        return f"l{l}" + ("_reverse" if d else "")

    @property
    def params(self) -> dict[str, np.ndarray]:
        """Every live parameter: ``"l{layer}[_reverse].{name}"``, and the learned state's."""
        named = {
            f"{self._suffix(l, d)}.{k}": v
            for l, layer in enumerate(self.cells)
            for d, c in enumerate(layer)
            for k, v in c.params.items()
        }
        if self.learn_initial_state:
            named.update(self._initial)
        return named

    @property
    def num_parameters(self) -> int:
        """How many scalar parameters the stack has."""
        return int(sum(p.size for p in self.params.values()))

    def __repr__(self) -> str:
        return (
            f"RecurrentStack({self.input_size}, {self.hidden_size}, num_layers={self.num_layers}, "
            f"cell={type(self.cells[0][0]).__name__}, bidirectional={self.bidirectional}, "
            f"dropout={self.dropout}, recurrent_dropout={self.recurrent_dropout})"
        )

    # ------------------------------------------------------------------ state layout
    def _split_state(self, state: Any, B: int, name: str) -> list[list[Any]]:
        """``(L*D, B, H)`` arrays (or a tuple of them) -> ``per[l][d]``, as the cells take them."""
        LD, H = self.num_layers * self.num_directions, self.hidden_size
        k = len(self.state_names)
        if state is None:
            if name == "state" and self.learn_initial_state:
                parts = [
                    np.broadcast_to(self._initial[f"{s}_0"][:, None], (LD, B, H))
                    for s in self.state_names
                ]
            else:
                return [[None] * self.num_directions for _ in range(self.num_layers)]
        else:
            parts = list(state) if k > 1 else [state]
            if k > 1 and (not isinstance(state, (tuple, list)) or len(state) != k):
                raise TypeError(f"{name} must be a tuple ({', '.join(self.state_names)}) of arrays")
            for j, p in enumerate(parts):
                parts[j] = as_real_array(p, f"{name}[{j}]", self.dtype)
                if parts[j].shape != (LD, B, H):
                    raise ValueError(
                        f"{name}[{j}] ({self.state_names[j]}) must have shape "
                        f"(num_layers * num_directions={LD}, B={B}, hidden_size={H}); "
                        f"got shape {parts[j].shape}"
                    )
        D = self.num_directions
        per = [
            [tuple(p[l * D + d] for p in parts) for d in range(D)] for l in range(self.num_layers)
        ]
        return [[s if k > 1 else s[0] for s in row] for row in per]

    def _join_state(self, per: list[list[Any]]) -> Any:
        flat = [s if isinstance(s, tuple) else (s,) for row in per for s in row]
        joined = tuple(np.stack([f[j] for f in flat]) for j in range(len(self.state_names)))
        return joined if len(joined) > 1 else joined[0]

    # ------------------------------------------------------------------ forward and backward
    def forward(
        self,
        xs: Any,
        state: Any = None,
        *,
        lengths: Any = None,
        rng: np.random.Generator | int | None = None,
    ) -> tuple[np.ndarray, Any, dict[str, Any]]:
        """Run the stack over a (padded) batch.

        Parameters
        ----------
        xs : (T, B, input_size) array_like
        state : optional
            ``h_0`` ``(L*D, B, H)``, or ``(h_0, C_0)`` for the LSTM family; ``None`` for zeros
            (or the learned state).
        lengths : (B,) array_like of int, optional
            Real steps of each sequence; padded steps are inert (``None``: all ``T``).
        rng : numpy.random.Generator or int, optional
            ``None``: evaluation, no dropout. Given: training, the dropout masks come from it.

        Returns
        -------
        ys : (T, B, D * hidden_size) ndarray
            The top layer's hidden states; zeros at padded steps.
        state_n
            Like ``state``: every layer's and direction's final state, each sequence's own.
        cache : dict
        """
        xs = self.cells[0][0]._check_xs(xs)
        T, B, _ = xs.shape
        n = None if lengths is None else check_lengths(lengths, T, B)
        per = self._split_state(state, B, "state")
        gen = None if rng is None else as_generator(rng)
        D, H = self.num_directions, self.hidden_size
        layer_in, finals, caches, masks, rec_masks = xs, [], [], [], []
        for l, layer in enumerate(self.cells):
            row_masks = [
                None
                if gen is None
                else dropout_mask(gen, (B, H), self.recurrent_dropout, self.dtype)
                for _ in range(D)
            ]
            outs, row_finals, row_caches = [], [], []
            for d, cell in enumerate(layer):
                hs, st, c = direction_forward(
                    cell, layer_in, per[l][d], n, reverse=d == 1, h_mask=row_masks[d]
                )
                outs.append(hs)
                row_finals.append(st)
                row_caches.append(c)
            ys = outs[0] if D == 1 else np.concatenate(outs, axis=2)
            mask = None
            if gen is not None and l < self.num_layers - 1:
                mask = dropout_mask(gen, (T, B, D * H), self.dropout, self.dtype)
            layer_in = ys if mask is None else ys * mask
            finals.append(row_finals)
            caches.append(row_caches)
            masks.append(mask)
            rec_masks.append(row_masks)
        cache = {"sizes": (T, B), "caches": caches, "masks": masks, "learned": state is None}
        return ys, self._join_state(finals), cache

    def backward(
        self, dys: Any, cache: dict[str, Any], dstate: Any = None
    ) -> tuple[np.ndarray, Any, dict[str, np.ndarray]]:
        """Exact BPTT through every layer and direction, the same dropout masks applied.

        Parameters
        ----------
        dys : (T, B, D * hidden_size) array_like
            Gradient with respect to ``ys``; padded steps are ignored.
        cache : dict
            The third value of :meth:`forward`.
        dstate : optional
            Gradient with respect to ``state_n``, in its layout; ``None`` for zeros.

        Returns
        -------
        dxs : (T, B, input_size) ndarray
        dstate_0
            Gradient with respect to the initial state, in its layout.
        grads : dict of ndarray
            Keyed like :attr:`params`; ``h_0``'s (``C_0``'s) gradient is ``dstate_0`` summed
            over the batch when the learned state was used, zeros otherwise.
        """
        T, B = cache["sizes"]
        D, H = self.num_directions, self.hidden_size
        d_out = as_real_array(dys, "dys", self.dtype)
        if d_out.shape != (T, B, D * H):
            raise ValueError(f"dys must have shape (T={T}, B={B}, {D * H}); got {d_out.shape}")
        dper = self._split_state(dstate, B, "dstate")
        grads: dict[str, np.ndarray] = {}
        d0 = [[None] * D for _ in range(self.num_layers)]
        for l in range(self.num_layers - 1, -1, -1):
            if cache["masks"][l] is not None:
                d_out = d_out * cache["masks"][l]
            d_in = None
            for d, cell in enumerate(self.cells[l]):
                part = np.ascontiguousarray(d_out[:, :, d * H : (d + 1) * H])
                dx, ds, g = direction_backward(
                    cell, part, cache["caches"][l][d], dper[l][d], reverse=d == 1
                )
                d_in = dx if d_in is None else d_in + dx
                d0[l][d] = ds
                grads.update({f"{self._suffix(l, d)}.{k}": v for k, v in g.items()})
            d_out = d_in
        dstate0 = self._join_state(d0)
        if self.learn_initial_state:
            parts = dstate0 if isinstance(dstate0, tuple) else (dstate0,)
            for s, p in zip(self.state_names, parts, strict=True):
                grads[f"{s}_0"] = p.sum(axis=1) if cache["learned"] else np.zeros_like(p[:, 0])
        return d_out, dstate0, grads
