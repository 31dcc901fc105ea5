r"""The cliff of Pascanu, Mikolov and Bengio (2013), on a one-unit RNN.

The network :math:`h_t = \tanh(w\, h_{t-1} + b)` runs ``T`` steps from :math:`h_0` with no
input, and the loss is :math:`L(w) = (h_T - y)^2`. With :math:`b < 0` the unit has, for large
enough :math:`w`, a resting point near :math:`+1` and one near :math:`-1`; which one :math:`h_0`
falls into changes at one value of :math:`w`, and there :math:`h_T` jumps from one to the other.
Over ``T`` steps the jump is a wall in the loss: :math:`L` falls by several units over a sliver of
:math:`w`, and its gradient there is enormous. A gradient step taken on the wall throws
:math:`w` far away; a clipped step moves a fixed distance in the same direction.

:func:`cliff_loss` computes :math:`L` and :math:`dL/dw` for many :math:`w` at once by the chain
rule run forward, :math:`\partial h_t / \partial w = (1 - h_t^2)(h_{t-1} + w\, \partial h_{t-1} /
\partial w)`; a test checks it against the package's ``RNNCell.backward``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["cliff_loss", "plot_cliff"]


def cliff_loss(
    ws: Any, *, T: int = 20, b: float = -0.3, h0: float = 0.5, target: float = 0.8
) -> tuple[np.ndarray, np.ndarray]:
    r"""The loss :math:`(h_T - y)^2` of the one-unit RNN and its derivative, for every ``w``.

    Parameters
    ----------
    ws : array_like
        Recurrent weights, any shape.
    T : int, default 20
        Steps.
    b, h0, target : float
        The bias, the starting state and the target :math:`y` (by default -0.3, 0.5 and 0.8).

    Returns
    -------
    loss, grad : ndarray
        Same shape as ``ws``: :math:`L(w)` and :math:`dL/dw`.

    Examples
    --------
    >>> loss, grad = cliff_loss([1.0, 1.6967, 2.5])
    >>> np.round(loss, 2), bool(abs(grad[1]) > 100 * abs(grad[0]))
    (array([2.56, 1.56, 0.03]), True)
    """
    w = np.asarray(ws, dtype=np.float64)
    if T < 1:
        raise ValueError(f"T must be at least 1; got {T}")
    h = np.full_like(w, h0)
    dh = np.zeros_like(w)
    for _ in range(T):
        h_new = np.tanh(w * h + b)
        dh = (1.0 - h_new**2) * (h + w * dh)
        h = h_new
    return (h - target) ** 2, 2.0 * (h - target) * dh


def plot_cliff(
    ax: Any, ws: np.ndarray, w0: float, *, lr: float, clip: float, color: str = "#0072B2", **kw: Any
) -> dict[str, float]:
    r"""Draw :math:`L(w)` over ``ws`` and one clipped gradient step from ``w0``.

    Returns
    -------
    dict
        ``w0``, ``grad`` (:math:`dL/dw` at ``w0``), ``w_plain`` (where a plain step of learning
        rate ``lr`` lands), ``w_clipped`` (where the same step clipped to norm ``clip`` lands).
    """
    loss, _ = cliff_loss(ws, **kw)
    (l0,), (g0,) = cliff_loss([w0], **kw)
    step = -lr * g0
    clipped = -lr * g0 * min(1.0, clip / abs(g0))
    (l1,), _ = cliff_loss([w0 + clipped], **kw)
    ax.plot(ws, loss, color=color, lw=2)
    ax.annotate(
        "",
        (w0 + clipped, l1),
        (w0, l0),
        arrowprops={"arrowstyle": "-|>", "color": "#D55E00", "lw": 1.5},
    )
    ax.plot([w0], [l0], "o", color="#D55E00", ms=5)
    ax.set_xlabel("recurrent weight $w$")
    ax.set_ylabel("loss $L(w)$")
    return {"w0": w0, "grad": float(g0), "w_plain": w0 + step, "w_clipped": w0 + clipped}
