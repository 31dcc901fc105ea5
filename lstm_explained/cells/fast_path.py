"""Layouts and helpers of the cells' fast paths (``forward`` and ``backward``), as functions.

The readable ``step`` of every cell follows the equations; the fast paths lay the same numbers out
so that numpy does little work per time step. Two layouts are used:

* **gate-major**, ``(G, T, B, H)``: every gate's ``(B, H)`` block of a step is contiguous, so the
  element-wise work of a step runs on contiguous memory (numpy is 3 to 5 times slower on the
  strided column blocks of a ``(B, G*H)`` array). The RNN and the clockwork RNN are the case
  ``G = 1``; the peephole and coupled LSTMs and the GRU use it with their gates.
* **unit-major**, ``(T, G*H, B)``: one row per gate unit and one column per sequence, used by
  :class:`~lstm_explained.LSTMCell` so that one product per step fills all its gates.

The fast loops evaluate a sigmoid as ``0.5 * tanh(0.5 * a) + 0.5``: with the sigmoid gates'
weight rows halved beforehand (:func:`halve_sigmoid_rows`) the products give ``0.5 * a``
directly, so one in-place ``tanh`` covers all the gates of a step. Halving is exact in binary
floating point.

The backward passes walk the time steps from the last one back in *blocks*
(:func:`reversed_blocks`): each block's local derivatives are prepared in a few whole-block
operations, and a block is small enough to stay in the processor's cache. :data:`BLOCK_BYTES`
sets the size of a block; it is read at every call, so a test can lower it to check the code
that carries gradients across block boundaries.

Examples
--------
>>> reversed_blocks(T=5, step_bytes=BLOCK_BYTES // 2)
[(3, 5), (1, 3), (0, 1)]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .activations import linear

__all__ = [
    "BLOCK_BYTES",
    "reversed_blocks",
    "row_scale",
    "halve_sigmoid_rows",
    "project_inputs_by_gate",
    "project_inputs_by_unit",
    "recurrent_weights_by_gate",
    "input_side_gradients",
]

#: How many bytes of per-step values one block of a backward pass holds, about 1 MiB (large
#: enough to make the whole-block operations cheap per step, small enough to stay in the cache).
BLOCK_BYTES: int = 1 << 20


def reversed_blocks(T: int, step_bytes: int) -> list[tuple[int, int]]:
    """Blocks ``(t0, t1)`` of time steps from the last one back, each at most
    :data:`BLOCK_BYTES` (and at least one step).

    Parameters
    ----------
    T : int
        The number of time steps.
    step_bytes : int
        The bytes one time step adds to a block.

    Returns
    -------
    list of (int, int)
        Half-open ranges ``t0 <= t < t1`` that cover ``0 .. T - 1`` once, latest first.
    """
    n = min(T, max(1, BLOCK_BYTES // step_bytes))
    return [(max(t1 - n, 0), t1) for t1 in range(T, 0, -n)]


def row_scale(rows: int, hidden_size: int, n_sigmoid: int, dtype: Any) -> np.ndarray:
    """``0.5`` for the rows of the first ``n_sigmoid`` gates, ``1`` for the rest: ``(rows,)``.

    Examples
    --------
    >>> row_scale(6, 2, 2, float)
    array([0.5, 0.5, 0.5, 0.5, 1. , 1. ])
    """
    scale = np.ones(rows, dtype=dtype)
    scale[: n_sigmoid * hidden_size] = 0.5
    return scale


def halve_sigmoid_rows(
    W: np.ndarray, b: np.ndarray, hidden_size: int, n_sigmoid: int
) -> tuple[np.ndarray, np.ndarray]:
    """Copies of the fused ``W`` ``(G*H, H + I)`` and ``b`` ``(G*H,)`` with the rows of the
    first ``n_sigmoid`` gates halved (see the module docstring)."""
    scale = row_scale(W.shape[0], hidden_size, n_sigmoid, W.dtype)
    return W * scale[:, None], b * scale


def project_inputs_by_gate(
    xs: np.ndarray, W_x: np.ndarray, b: np.ndarray, num_gates: int
) -> np.ndarray:
    """The input projections ``x_t W_x^T + b`` of all steps, gate-major: ``(G, T, B, H)``.

    Parameters
    ----------
    xs : ndarray
        The inputs, ``(T, B, I)``.
    W_x : ndarray
        The input columns of the fused weights, ``(G*H, I)``.
    b : ndarray
        The fused bias, ``(G*H,)``.
    num_gates : int
        ``G``.
    """
    T, B, I = xs.shape
    G = num_gates
    H = W_x.shape[0] // G
    x2 = xs.reshape(T * B, I)
    out = np.empty((G, T * B, H), dtype=W_x.dtype)
    with np.errstate(over="raise", invalid="raise"):
        try:
            np.matmul(x2, W_x.reshape(G, H, I).transpose(0, 2, 1), out=out)
            out += b.reshape(G, 1, H)
            return out.reshape(G, T, B, H)
        except FloatingPointError:
            pass
    # Inputs of enormous magnitude: the overflow-safe product, then regrouped by gate.
    out[...] = linear(x2, W_x, b).reshape(T * B, G, H).transpose(1, 0, 2)
    return out.reshape(G, T, B, H)


def project_inputs_by_unit(xT: np.ndarray, W_x: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The input projections of all steps, unit-major: ``(T, G*H, B)``.

    ``xT`` holds the inputs as ``(T, I, B)`` (any strides, e.g. a view of a larger buffer).
    Step ``t``'s block ``out[t]`` is ``W_x x_t^T + b``, one row per gate unit and one column per
    sequence, contiguous.
    """
    T, I, B = xT.shape
    out = np.empty((T, W_x.shape[0], B), dtype=W_x.dtype)
    with np.errstate(over="raise", invalid="raise"):
        try:
            np.matmul(W_x, xT, out=out)
            out += b[:, None]
            return out
        except FloatingPointError:
            pass
    # Inputs of enormous magnitude: the overflow-safe product, then regrouped by unit.
    x2 = xT.transpose(0, 2, 1).reshape(T * B, I)
    out[...] = linear(x2, W_x, b).reshape(T, B, -1).transpose(0, 2, 1)
    return out


def recurrent_weights_by_gate(W_h: np.ndarray, num_gates: int) -> np.ndarray:
    """Each gate's recurrent block transposed, ``(G, H, H)``, from the fused ``W_h``
    ``(G*H, H)``: ``h_prev @ out[k]`` is gate ``k``'s recurrent product."""
    H = W_h.shape[1]
    return np.ascontiguousarray(W_h.reshape(num_gates, H, H).transpose(0, 2, 1))


def input_side_gradients(
    dA: np.ndarray, xs: np.ndarray, W_x: np.ndarray, *, input_grads: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The input side of a gate-major backward pass, in whole-sequence products.

    Parameters
    ----------
    dA : ndarray
        The gradient of every gate's pre-activation, ``(G, T, B, H)``.
    xs : ndarray
        The inputs, ``(T, B, I)``.
    W_x : ndarray
        The input columns of the fused weights, ``(G*H, I)``.
    input_grads : bool, default True
        Whether to compute ``dxs`` (``None`` otherwise).

    Returns
    -------
    dW_x : ndarray
        The gradient of ``W_x``, ``(G*H, I)``.
    db : ndarray
        The gradient of the bias, ``(G*H,)``.
    dxs : ndarray or None
        The gradient of the inputs, ``(T, B, I)``.
    """
    G, T, B, H = dA.shape
    I = xs.shape[2]
    x2 = xs.reshape(T * B, I)
    dA3 = dA.reshape(G, T * B, H)
    dW_x = np.empty((G, H, I), dtype=W_x.dtype)
    np.matmul(dA3.transpose(0, 2, 1), x2, out=dW_x)
    db = dA3.sum(axis=1).reshape(-1)
    if not input_grads:
        return dW_x.reshape(G * H, I), db, None
    W3 = W_x.reshape(G, H, I)
    dxs = dA3[0] @ W3[0]
    for k in range(1, G):
        dxs += dA3[k] @ W3[k]
    return dW_x.reshape(G * H, I), db, dxs.reshape(T, B, I)
