r"""Both directions: one cell reads the sequence forwards, another reads it backwards.

At step :math:`t` a one-directional cell has read :math:`x_1 \dots x_t` only. A bidirectional
layer (Schuster & Paliwal 1997) runs a second cell from the end of each sequence back to its
start and puts the two hidden states side by side,

.. math::

    \overrightarrow{h}_t = \mathrm{cell}_{\rightarrow}(x_t, \overrightarrow{h}_{t-1}), \qquad
    \overleftarrow{h}_t = \mathrm{cell}_{\leftarrow}(x_t, \overleftarrow{h}_{t+1}), \qquad
    y_t = [\overrightarrow{h}_t, \overleftarrow{h}_t],

so :math:`y_t` depends on the whole sequence. With a padded batch the backward cell starts at
each sequence's own last step, not at the padding (:func:`~.lengths.reverse_padded`). The final
states follow PyTorch's ``h_n``: the forward cell's after the last step, the backward cell's
after it has read back to the *first* step.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..cells.base import RecurrentCell
from .lengths import PackedCache, check_lengths, packed_backward, packed_forward, reverse_padded

__all__ = ["Bidirectional", "direction_backward", "direction_forward"]


def direction_forward(
    cell: RecurrentCell,
    xs: np.ndarray,
    state: Any,
    lengths: np.ndarray | None,
    *,
    reverse: bool,
    h_mask: np.ndarray | None = None,
) -> tuple[np.ndarray, Any, PackedCache]:
    """Run one direction over a padded batch: ``hs`` ``(T, B, H)`` in the batch's time order."""
    x_in = reverse_padded(xs, lengths) if reverse else xs
    hs, state_T, cache = packed_forward(cell, x_in, state, lengths=lengths, h_mask=h_mask)
    return (reverse_padded(hs, lengths) if reverse else hs), state_T, cache


def direction_backward(
    cell: RecurrentCell, dhs: np.ndarray, cache: PackedCache, dstate: Any, *, reverse: bool
) -> tuple[np.ndarray, Any, dict[str, np.ndarray]]:
    """The backward pass of :func:`direction_forward`: ``dxs`` in the batch's time order."""
    n = cache.lengths
    d_in = reverse_padded(dhs, n) if reverse else dhs
    dxs, dstate0, grads = packed_backward(cell, d_in, cache, dstate)
    return (reverse_padded(dxs, n) if reverse else dxs), dstate0, grads


class Bidirectional:
    r"""A forward cell and a backward cell over the same sequence, outputs concatenated.

    Parameters
    ----------
    forward_cell, backward_cell : RecurrentCell
        Two cells of the same class, sizes and dtype (two sets of weights).

    Attributes
    ----------
    params : dict of ndarray
        ``"forward.W_f"``, ..., ``"backward.W_f"``, ...: the two cells' live arrays.
    hidden_size : int
        Of each cell; the outputs have ``2 * hidden_size`` features.

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_explained import LSTMCell
    >>> layer = Bidirectional(LSTMCell(3, 4, rng=0), LSTMCell(3, 4, rng=1))
    >>> xs = np.random.default_rng(0).standard_normal((5, 2, 3))
    >>> ys, (state_fw, state_bw), cache = layer.forward(xs)
    >>> ys.shape                                      # (T, B, 2 * hidden_size)
    (5, 2, 8)
    >>> np.allclose(ys[-1, :, :4], state_fw[0]), np.allclose(ys[0, :, 4:], state_bw[0])
    (True, True)
    >>> dxs, dstate0, grads = layer.backward(np.ones_like(ys), cache)
    >>> dxs.shape, len(grads)
    ((5, 2, 3), 16)
    """

    def __init__(self, forward_cell: RecurrentCell, backward_cell: RecurrentCell) -> None:
        for name, c in (("forward_cell", forward_cell), ("backward_cell", backward_cell)):
            if not isinstance(c, RecurrentCell):
                raise TypeError(f"{name} must be a RecurrentCell; got {type(c).__name__}")
        a, b = forward_cell, backward_cell
        if a is b:
            raise ValueError("forward_cell and backward_cell must be two cells (two weight sets)")
        if (type(a), a.input_size, a.hidden_size, a.dtype) != (
            type(b),
            b.input_size,
            b.hidden_size,
            b.dtype,
        ):
            raise ValueError(
                f"backward_cell must match forward_cell in class, sizes and dtype; got {a!r} "
                f"and {b!r}"
            )
        self.cells = (a, b)
        self.input_size, self.hidden_size, self.dtype = a.input_size, a.hidden_size, a.dtype

    @property
    def params(self) -> dict[str, np.ndarray]:
        """The live parameters of both cells, prefixed ``forward.`` and ``backward.``."""
        named = {f"forward.{k}": v for k, v in self.cells[0].params.items()}
        named.update({f"backward.{k}": v for k, v in self.cells[1].params.items()})
        return named

    def forward(
        self,
        xs: Any,
        state: Any = None,
        *,
        lengths: Any = None,
        h_masks: tuple[np.ndarray | None, np.ndarray | None] = (None, None),
    ) -> tuple[np.ndarray, tuple[Any, Any], dict[str, Any]]:
        """Both directions over a (padded) batch.

        Parameters
        ----------
        xs : (T, B, input_size) array_like
        state : tuple, optional
            ``(state_fw, state_bw)``, each as its cell takes it; ``None`` for zeros.
        lengths : (B,) array_like of int, optional
            Real steps of every sequence (see :mod:`~lstm_explained.layers.lengths`).
        h_masks : tuple
            Recurrent dropout masks of the two cells, ``(B, hidden_size)`` arrays or ``None``.

        Returns
        -------
        ys : (T, B, 2 * hidden_size) ndarray
            ``[h_fw_t, h_bw_t]`` at every step; zeros at padded steps.
        state_n : tuple
            ``(state_fw, state_bw)``: the forward cell's state after each sequence's last
            step, the backward cell's after its first.
        cache : dict
        """
        xs = self.cells[0]._check_xs(xs)
        T, B, _ = xs.shape
        n = None if lengths is None else check_lengths(lengths, T, B)
        if state is None:
            state = (None, None)
        if not isinstance(state, (tuple, list)) or len(state) != 2:
            raise TypeError("state must be a pair (state_fw, state_bw) or None")
        outs, finals, caches = [], [], []
        for d, cell in enumerate(self.cells):
            hs, st, c = direction_forward(cell, xs, state[d], n, reverse=d == 1, h_mask=h_masks[d])
            outs.append(hs)
            finals.append(st)
            caches.append(c)
        return np.concatenate(outs, axis=2), tuple(finals), {"caches": caches, "sizes": (T, B)}

    def backward(
        self, dys: Any, cache: dict[str, Any], dstate: Any = None
    ) -> tuple[np.ndarray, tuple[Any, Any], dict[str, np.ndarray]]:
        """Exact BPTT through both directions.

        Returns
        -------
        dxs : (T, B, input_size) ndarray
            The sum of what the two directions send back.
        dstate_0 : tuple
            ``(dstate_fw, dstate_bw)``.
        grads : dict of ndarray
            Keyed like :attr:`params`.
        """
        T, B = cache["sizes"]
        H = self.hidden_size
        dys = np.asarray(dys)
        if dys.shape != (T, B, 2 * H):
            raise ValueError(f"dys must have shape (T={T}, B={B}, 2H={2 * H}); got {dys.shape}")
        if dstate is None:
            dstate = (None, None)
        dxs = np.zeros((T, B, self.input_size), dtype=self.dtype)
        d0, grads = [], {}
        for d, (cell, prefix) in enumerate(zip(self.cells, ("forward", "backward"), strict=True)):
            part = np.ascontiguousarray(dys[:, :, d * H : (d + 1) * H])
            dx, ds, g = direction_backward(
                cell, part, cache["caches"][d], dstate[d], reverse=d == 1
            )
            dxs += dx
            d0.append(ds)
            grads.update({f"{prefix}.{k}": v for k, v in g.items()})
        return dxs, tuple(d0), grads
