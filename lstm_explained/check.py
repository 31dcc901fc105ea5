r"""A central-difference gradient check for any recurrent cell of the package.

The loss is a random linear projection of everything the forward pass returns,

.. math:: L = \sum_{t,b,j} P_{tbj}\, h_{t,bj} + \sum_{s} \langle Q_s, \mathrm{state}_{T,s} \rangle,

so its gradient with respect to the outputs is simply ``P`` and ``Q``: the analytic gradients come
from one call of ``backward(P, cache, Q)``. Every entry of every parameter, of the inputs and of the
initial state is then nudged by :math:`\pm\epsilon` and the slope compared:

.. math::

    \frac{\partial L}{\partial \theta}
    \approx \frac{L(\theta + \epsilon) - L(\theta - \epsilon)}{2\epsilon}.

The error of each array is measured against the gradient's own scale,
``max|numeric - analytic| / max(max|numeric|, max|analytic|)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .cells.base import RecurrentCell
from .cells.init import as_generator

__all__ = ["gradcheck", "relative_error"]


def relative_error(numeric: np.ndarray, analytic: np.ndarray) -> float:
    """``max|numeric - analytic|`` divided by the larger of the two arrays' largest magnitude.

    Examples
    --------
    >>> import numpy as np
    >>> relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.002]))
    0.000999...
    """
    scale = max(np.abs(numeric).max(initial=0.0), np.abs(analytic).max(initial=0.0))
    if scale == 0.0:
        return 0.0
    return float(np.abs(numeric - analytic).max() / scale)


def _numeric_grad(loss: Callable[[], float], x: np.ndarray, eps: float) -> np.ndarray:
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        up = loss()
        x[idx] = old - eps
        down = loss()
        x[idx] = old
        grad[idx] = (up - down) / (2 * eps)
    return grad


def gradcheck(
    cell: RecurrentCell,
    xs: Any,
    state: Any = None,
    *,
    eps: float = 1e-6,
    rng: np.random.Generator | int | None = 0,
    final_state_grad: bool = True,
) -> dict[str, float]:
    """Compare ``cell.backward`` with central differences of ``cell.forward``.

    Parameters
    ----------
    cell : RecurrentCell
        A float64 cell (float32 differences are too coarse to mean anything).
    xs : (T, B, input_size) array_like
        Inputs; keep them small, every entry costs two forward passes.
    state : optional
        Initial state; ``None`` draws a random one so its gradient is checked too.
    eps : float
        The finite-difference step.
    rng : Generator or int, optional
        Random source for the projections (and the random initial state).
    final_state_grad : bool, default True
        Also project the final state into the loss, so the ``dstate`` input of backward is used.

    Returns
    -------
    dict of str to float
        The relative error of every parameter (by its name), of ``"xs"`` and of each part of the
        initial state (``"h_0"``, and ``"C_0"`` for the LSTM family).

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_explained import LSTMCell
    >>> errors = gradcheck(LSTMCell(2, 3, rng=0), np.ones((4, 2, 2)))
    >>> sorted(errors)
    ['C_0', 'W_C', 'W_f', 'W_i', 'W_o', 'b_C', 'b_f', 'b_i', 'b_o', 'h_0', 'xs']
    >>> max(errors.values()) < 1e-6
    True
    """
    if cell.dtype != np.float64:
        raise ValueError(f"gradcheck needs a float64 cell; got dtype {cell.dtype}")
    gen = as_generator(rng)
    xs = cell._check_xs(xs).copy()
    T, B, _ = xs.shape
    H = cell.hidden_size
    names = cell.state_names
    if state is None:
        parts = [gen.standard_normal((B, H)) * 0.5 for _ in names]
    else:
        parts = [p.copy() for p in cell._check_state(state, B)]

    def pack(ps: list[np.ndarray]) -> Any:
        return ps[0] if len(ps) == 1 else tuple(ps)

    P = gen.standard_normal((T, B, H))
    Q = [gen.standard_normal((B, H)) if final_state_grad else np.zeros((B, H)) for _ in names]

    def loss() -> float:
        hs, state_T, _ = cell.forward(xs, pack(parts))
        finals = state_T if isinstance(state_T, tuple) else (state_T,)
        return float(np.sum(P * hs) + sum(np.sum(q * s) for q, s in zip(Q, finals, strict=True)))

    _, _, cache = cell.forward(xs, pack(parts))
    dxs, dstate0, grads = cell.backward(P, cache, pack(Q))
    dstate0 = dstate0 if isinstance(dstate0, tuple) else (dstate0,)

    errors = {}
    for name, param in cell.params.items():
        errors[name] = relative_error(_numeric_grad(loss, param, eps), grads[name])
    errors["xs"] = relative_error(_numeric_grad(loss, xs, eps), dxs)
    for name, part, d in zip(names, parts, dstate0, strict=True):
        errors[f"{name}_0"] = relative_error(_numeric_grad(loss, part, eps), d)
    return errors
