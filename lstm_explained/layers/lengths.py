r"""Batches of sequences of different lengths: run a cell so that padded steps do nothing.

A batch is one array ``(T, B, input_size)``, so sequences shorter than ``T`` are *padded* at the
end with anything (zeros, usually) and their ``lengths`` say where each one stops. Run naively,
the cell would keep stepping through the padding: the final state would be the padding's, not the
sequence's. Here the batch is cut into *segments* of steps during which the same sequences are
still running,

.. math:: [0, \ell_{(1)}),\ [\ell_{(1)}, \ell_{(2)}),\ \dots \qquad
          \text{(the distinct lengths, sorted)},

and each segment runs the cell's fast ``forward`` on the sequences that are still running only.
A finished sequence's state is simply not touched again, so

* its final state is the state after its own last step;
* its outputs at padded steps are zeros, and whatever gradient arrives there is ignored;
* the padding's values change nothing at all, forward or backward.

This is what PyTorch's ``pack_padded_sequence`` does with a batch sorted by length: at every step
the batch shrinks to the sequences still running.

Examples
--------
>>> import numpy as np
>>> segments(np.array([3, 1, 3]), T=4)
[(0, 1, array([0, 1, 2])), (1, 3, array([0, 2]))]
>>> mask_from_lengths([3, 1], T=3).astype(int).T
array([[1, 1, 1],
       [1, 0, 0]])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..cells.base import RecurrentCell

__all__ = [
    "PackedCache",
    "check_lengths",
    "mask_from_lengths",
    "packed_backward",
    "packed_forward",
    "reverse_padded",
    "segments",
]


def check_lengths(lengths: Any, T: int, B: int) -> np.ndarray:
    """Return ``lengths`` as ``(B,)`` int64, each in ``1 .. T``, or raise naming the argument.

    Examples
    --------
    >>> check_lengths([2, 3], T=3, B=2)
    array([2, 3])
    >>> check_lengths([0, 3], T=3, B=2)
    Traceback (most recent call last):
    ...
    ValueError: lengths must lie in 1 .. T=3; got 0 .. 3
    """
    arr = np.asarray(lengths)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"lengths must be an int array of shape (B={B},); got dtype {arr.dtype}")
    if arr.shape != (B,):
        raise ValueError(f"lengths must have shape (B={B},); got shape {arr.shape}")
    if arr.min() < 1 or arr.max() > T:
        raise ValueError(f"lengths must lie in 1 .. T={T}; got {arr.min()} .. {arr.max()}")
    return arr.astype(np.int64)


def mask_from_lengths(lengths: Any, T: int) -> np.ndarray:
    """``(T, B)`` bool: ``True`` at the steps that belong to a sequence, ``False`` at padding."""
    arr = np.asarray(lengths)
    return np.arange(T)[:, None] < arr[None, :]


def segments(
    lengths: np.ndarray | None, T: int, *, every_step: bool = False
) -> list[tuple[int, int, np.ndarray | None]]:
    """The segments ``(t0, t1, rows)``: steps ``t0 <= t < t1`` run the sequences ``rows``.

    Parameters
    ----------
    lengths : (B,) ndarray of int or None
        ``None``: every sequence runs all ``T`` steps (one segment, every row).
    T : int
        The padded length.
    every_step : bool, default False
        Cut every segment into single steps (recurrent dropout steps one at a time).
    """
    bounds = [0, T] if lengths is None else [0, *sorted({int(n) for n in lengths})]
    out = []
    for t0, t1 in zip(bounds[:-1], bounds[1:], strict=True):
        rows = None if lengths is None else np.flatnonzero(lengths >= t1)
        if every_step:
            out.extend((s, s + 1, rows) for s in range(t0, t1))
        else:
            out.append((t0, t1, rows))
    return out


def reverse_padded(xs: Any, lengths: Any = None) -> np.ndarray:
    """Reverse each sequence in time within its own length; padding stays at the end.

    Parameters
    ----------
    xs : (T, B, ...) array_like
    lengths : (B,) array_like of int, optional
        ``None``: every sequence is ``T`` long (a plain reversal of the time axis).

    Returns
    -------
    (T, B, ...) ndarray
        ``out[t, b] = xs[lengths[b] - 1 - t, b]`` for ``t < lengths[b]``, else ``xs[t, b]``.
        Applying it twice gives ``xs`` back.

    Examples
    --------
    >>> xs = np.arange(6).reshape(3, 2)            # T=3, B=2
    >>> reverse_padded(xs, [3, 2]).T
    array([[4, 2, 0],
           [3, 1, 5]])
    """
    arr = np.asarray(xs)
    T = arr.shape[0]
    if lengths is None:
        return arr[::-1].copy()
    n = np.asarray(lengths)
    t = np.arange(T)[:, None]
    src = np.where(t < n[None, :], n[None, :] - 1 - t, t)  # (T, B)
    cols = np.arange(arr.shape[1])[None, :]
    return arr[src, cols]


@dataclass
class PackedCache:
    """What :func:`~lstm_explained.layers.packed_forward` keeps for
    :func:`~lstm_explained.layers.packed_backward`."""

    cell_id: int
    sizes: tuple[int, int]
    segments: list[tuple[int, int, np.ndarray | None]]
    caches: list[Any]
    h_mask: np.ndarray | None
    lengths: np.ndarray | None = field(default=None)


def _parts(state: Any) -> tuple[np.ndarray, ...]:
    return state if isinstance(state, tuple) else (state,)


def _rows(rows: np.ndarray | None) -> Any:
    return slice(None) if rows is None else rows


def packed_forward(
    cell: RecurrentCell,
    xs: Any,
    state: Any = None,
    *,
    lengths: Any = None,
    h_mask: np.ndarray | None = None,
) -> tuple[np.ndarray, Any, PackedCache]:
    r"""Run ``cell`` over a padded batch; padded steps change neither the state nor the outputs.

    Parameters
    ----------
    cell : RecurrentCell
    xs : (T, B, input_size) array_like
        The padded inputs, time-major.
    state : optional
        The initial state, as ``cell.forward`` takes it; ``None`` for zeros.
    lengths : (B,) array_like of int, optional
        How many steps of each sequence are real (``1 .. T``); ``None``: all ``T``.
    h_mask : (B, hidden_size) ndarray, optional
        Recurrent dropout: :math:`h_{t-1}` is multiplied by this mask where it enters the cell's
        products, the same mask at every step (then the cell runs one step at a time).

    Returns
    -------
    hs : (T, B, hidden_size) ndarray
        Zeros at padded steps.
    state_T
        Each sequence's state after its own last step, shaped like ``state``.
    cache : lstm_explained.layers.lengths.PackedCache

    Examples
    --------
    >>> from lstm_explained import LSTMCell
    >>> cell = LSTMCell(2, 3, rng=0)
    >>> xs = np.random.default_rng(0).standard_normal((4, 2, 2))
    >>> hs, (h, C), cache = packed_forward(cell, xs, lengths=[4, 2])
    >>> alone, (h1, _), _ = cell.forward(xs[:2, 1:])           # the short one on its own
    >>> np.allclose(h[1], h1[0]), np.allclose(hs[:2, 1], alone[:, 0]), bool(hs[2:, 1].any())
    (True, True, False)
    """
    if not isinstance(cell, RecurrentCell):
        raise TypeError(f"cell must be a RecurrentCell; got {type(cell).__name__}")
    xs = cell._check_xs(xs)
    T, B, _ = xs.shape
    n = None if lengths is None else check_lengths(lengths, T, B)
    parts = [p.copy() for p in cell._check_state(state, B)]
    segs = segments(n, T, every_step=h_mask is not None)
    hs = np.zeros((T, B, cell.hidden_size), dtype=cell.dtype)
    caches = []
    for t0, t1, rows in segs:
        r = _rows(rows)
        sub = [p[r] for p in parts]
        if h_mask is not None:
            sub[0] = sub[0] * h_mask[r]
        out, st, c = cell.forward(xs[t0:t1, r], cell._pack_state(tuple(sub)))
        hs[t0:t1, r] = out
        for p, s in zip(parts, _parts(st), strict=True):
            p[r] = s
        caches.append(c)
    cache = PackedCache(id(cell), (T, B), segs, caches, h_mask, n)
    return hs, cell._pack_state(tuple(parts)), cache


def packed_backward(
    cell: RecurrentCell, dhs: Any, cache: PackedCache, dstate: Any = None
) -> tuple[np.ndarray, Any, dict[str, np.ndarray]]:
    """Exact BPTT for :func:`packed_forward`: the gradients at padded steps are ignored.

    Parameters
    ----------
    cell : RecurrentCell
        The cell that ran the forward pass.
    dhs : (T, B, hidden_size) array_like or None
        Gradient with respect to ``hs``; entries at padded steps have no effect.
    cache : lstm_explained.layers.lengths.PackedCache
    dstate : optional
        Gradient with respect to each sequence's final state; ``None`` for zeros.

    Returns
    -------
    dxs : (T, B, input_size) ndarray
        Zeros at padded steps.
    dstate_0
        Gradient with respect to the initial state.
    grads : dict of ndarray
        Keyed like ``cell.params``.
    """
    if not isinstance(cache, PackedCache):
        raise TypeError(f"cache must be the PackedCache of packed_forward; got {cache!r:.60}")
    if cache.cell_id != id(cell):
        raise ValueError("cache was made by packed_forward with a different cell")
    T, B = cache.sizes
    dhs = cell._check_dhs(dhs, T, B)
    d = [p.copy() for p in cell._check_state(dstate, B, name="dstate")]
    dxs = np.zeros((T, B, cell.input_size), dtype=cell.dtype)
    grads = {k: np.zeros_like(v) for k, v in cell.params.items()}
    for (t0, t1, rows), c in zip(reversed(cache.segments), reversed(cache.caches), strict=True):
        r = _rows(rows)
        sub = tuple(p[r] for p in d)
        dx, d0, g = cell.backward(dhs[t0:t1, r], c, cell._pack_state(sub))
        d0 = list(_parts(d0))
        if cache.h_mask is not None:
            d0[0] = d0[0] * cache.h_mask[r]
        for p, s in zip(d, d0, strict=True):
            p[r] = s
        dxs[t0:t1, r] = dx
        for k in grads:
            grads[k] += g[k]
    return dxs, cell._pack_state(tuple(d)), grads
