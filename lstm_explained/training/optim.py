r"""Optimisers that update named parameter arrays in place, and gradient-norm clipping.

An optimiser is built on a mapping from names to *live* arrays (``cell.params``, or
``model.params`` of a :class:`~lstm_explained.SequenceModel`) and its
:meth:`step` takes gradients keyed the same way. It writes into the arrays (``p -= ...``), so the
model changes without any copying back; the cells' named views into their fused buffers make that
work.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["SGD", "Adam", "clip_grad_norm"]


def _check_lr(lr: float, name: str = "lr") -> float:
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating)):
        raise TypeError(f"{name} must be a positive number; got {lr!r}")
    if not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"{name} must be a positive finite number; got {lr}")
    return float(lr)


def _check_params(params: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    if not isinstance(params, Mapping) or not params:
        raise TypeError("params must be a non-empty mapping from names to arrays")
    checked = {}
    for name, p in params.items():
        if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
            raise TypeError(f"params[{name!r}] must be a float ndarray; got {type(p).__name__}")
        if not p.flags.writeable:
            raise ValueError(f"params[{name!r}] must be writeable (it is updated in place)")
        checked[name] = p
    return checked


class _Optimizer:
    def __init__(self, params: Mapping[str, np.ndarray], lr: float) -> None:
        self.params = _check_params(params)
        self.lr = _check_lr(lr)

    def _check_grads(self, grads: Mapping[str, np.ndarray]) -> None:
        if set(grads) != set(self.params):
            missing = sorted(set(self.params) - set(grads))
            extra = sorted(set(grads) - set(self.params))
            raise ValueError(
                f"grads must have the keys of params; missing {missing}, extra {extra}"
            )
        for name, p in self.params.items():
            if np.shape(grads[name]) != p.shape:
                raise ValueError(
                    f"grads[{name!r}] must have shape {p.shape} like the parameter; "
                    f"got {np.shape(grads[name])}"
                )

    def step(self, grads: Mapping[str, np.ndarray]) -> None:
        """Update every parameter in place from its gradient (same keys as ``params``)."""
        self._check_grads(grads)
        self._update(grads)

    def _update(self, grads: Mapping[str, np.ndarray]) -> None:
        raise NotImplementedError


class SGD(_Optimizer):
    r"""Stochastic gradient descent, with optional (heavy-ball) momentum.

    .. math:: v \leftarrow \mu v + g, \qquad \theta \leftarrow \theta - \eta v

    Parameters
    ----------
    params : mapping
        Names to the live parameter arrays, which are updated in place.
    lr : float, default 0.1
        The learning rate :math:`\eta`.
    momentum : float, default 0.0
        :math:`\mu` in ``[0, 1)``; 0 is plain SGD.

    Examples
    --------
    >>> import numpy as np
    >>> w = np.array([1.0, 2.0])
    >>> SGD({"w": w}, lr=0.5).step({"w": np.array([2.0, -2.0])})
    >>> w
    array([0., 3.])
    """

    def __init__(
        self, params: Mapping[str, np.ndarray], lr: float = 0.1, *, momentum: float = 0.0
    ) -> None:
        super().__init__(params, lr)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1); got {momentum}")
        self.momentum = float(momentum)
        self.velocity = {k: np.zeros_like(p) for k, p in self.params.items()}

    def _update(self, grads):
        for name, p in self.params.items():
            v = self.velocity[name]
            v *= self.momentum
            v += grads[name]
            p -= self.lr * v


class Adam(_Optimizer):
    r"""Adam (Kingma & Ba 2015): steps scaled by running estimates of the gradient's moments.

    .. math::

        m &\leftarrow \beta_1 m + (1 - \beta_1) g, \qquad
        v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \\
        \theta &\leftarrow \theta - \eta\,
            \frac{m / (1 - \beta_1^t)}{\sqrt{v / (1 - \beta_2^t)} + \epsilon}

    Parameters
    ----------
    params : mapping
        Names to the live parameter arrays, which are updated in place.
    lr : float, default 1e-3
        The learning rate :math:`\eta`.
    betas : (float, float), optional
        :math:`\beta_1, \beta_2` in ``[0, 1)``; by default ``(0.9, 0.999)``.
    eps : float, default 1e-8
        :math:`\epsilon`.

    Examples
    --------
    The first step moves every parameter by ``lr`` against the sign of its gradient:

    >>> import numpy as np
    >>> w = np.array([1.0, 1.0])
    >>> Adam({"w": w}, lr=0.1).step({"w": np.array([3.0, -0.5])})
    >>> w
    array([0.9, 1.1])
    """

    def __init__(
        self,
        params: Mapping[str, np.ndarray],
        lr: float = 1e-3,
        *,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        super().__init__(params, lr)
        beta1, beta2 = betas
        if not (0.0 <= beta1 < 1.0 and 0.0 <= beta2 < 1.0):
            raise ValueError(f"betas must both be in [0, 1); got {betas}")
        self.beta1, self.beta2 = float(beta1), float(beta2)
        self.eps = _check_lr(eps, "eps")
        self.t = 0
        self.m = {k: np.zeros_like(p) for k, p in self.params.items()}
        self.v = {k: np.zeros_like(p) for k, p in self.params.items()}

    def _update(self, grads):
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        step = self.lr / (1.0 - b1**self.t)
        v_scale = 1.0 / (1.0 - b2**self.t)
        for name, p in self.params.items():
            g = grads[name]
            m, v = self.m[name], self.v[name]
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * (g * g)
            p -= step * m / (np.sqrt(v * v_scale) + self.eps)


def clip_grad_norm(grads: Mapping[str, np.ndarray], max_norm: float) -> float:
    r"""Scale the gradients down together, in place, so their joint norm is at most ``max_norm``.

    The joint norm is :math:`\|g\| = \sqrt{\sum_k \|g_k\|^2}` over every array; when it exceeds
    ``max_norm`` each array is multiplied by ``max_norm / ||g||``, which keeps the direction.

    Parameters
    ----------
    grads : mapping
        Names to the gradient arrays, which are modified in place.
    max_norm : float
        The largest joint norm allowed, positive.

    Returns
    -------
    float
        The joint norm *before* clipping.

    Examples
    --------
    >>> import numpy as np
    >>> grads = {"a": np.array([3.0]), "b": np.array([4.0])}
    >>> clip_grad_norm(grads, 1.0)
    5.0
    >>> grads["a"], grads["b"]
    (array([0.6]), array([0.8]))
    """
    max_norm = _check_lr(max_norm, "max_norm")
    total = float(np.sqrt(sum(float(np.vdot(g, g)) for g in grads.values())))
    if not np.isfinite(total):
        raise ValueError("grads must be finite to be clipped; their norm is NaN or inf")
    if total > max_norm:
        scale = max_norm / total
        for g in grads.values():
            g *= scale
    return total
