r"""The losses that score a readout's outputs, each with its gradient.

:func:`softmax_cross_entropy` scores class scores (the pronoun task, copy-first), and
:func:`mean_squared_error` one number per sequence (the adding task). Each returns the mean loss
over the batch and its gradient with respect to the outputs, which is where backpropagation
starts.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["mean_squared_error", "softmax", "softmax_cross_entropy"]


def softmax(logits: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, shifted by the maximum so it never overflows.

    Examples
    --------
    >>> import numpy as np
    >>> softmax(np.array([[0.0, 0.0], [1000.0, 0.0]]))
    array([[0.5, 0.5],
           [1. , 0. ]])
    """
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def softmax_cross_entropy(logits: Any, targets: Any) -> tuple[float, np.ndarray]:
    r"""Mean cross-entropy of a softmax, and its gradient with respect to the logits.

    .. math:: L = -\frac{1}{B} \sum_b \log \operatorname{softmax}(y_b)_{k_b}, \qquad
              \frac{\partial L}{\partial y_b} = \frac{1}{B}(\operatorname{softmax}(y_b) - e_{k_b})

    Parameters
    ----------
    logits : array_like
        Unnormalised scores, ``(B, K)``.
    targets : array_like
        The right class of each row, ``(B,)`` ints in ``[0, K)``.

    Returns
    -------
    loss : float
    dlogits : ndarray
        Shaped like ``logits``.

    Examples
    --------
    >>> import numpy as np
    >>> loss, d = softmax_cross_entropy(np.zeros((2, 2)), np.array([0, 1]))
    >>> round(loss, 6) == round(float(np.log(2)), 6), d.tolist()
    (True, [[-0.25, 0.25], [0.25, -0.25]])
    """
    logits = np.asarray(logits)
    targets = np.asarray(targets)
    if logits.ndim != 2:
        raise ValueError(f"logits must have shape (B, K); got shape {logits.shape}")
    B, K = logits.shape
    if targets.shape != (B,) or targets.dtype.kind not in "iu":
        raise ValueError(
            f"targets must be ints of shape (B={B},); got {targets.dtype} {targets.shape}"
        )
    if targets.min() < 0 or targets.max() >= K:
        raise ValueError(f"targets must lie in [0, K={K}); got {targets.min()}..{targets.max()}")
    z = logits - logits.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(z).sum(axis=1))
    rows = np.arange(B)
    loss = float(np.mean(log_norm - z[rows, targets]))
    dlogits = np.exp(z - log_norm[:, None])
    dlogits[rows, targets] -= 1.0
    dlogits /= B
    return loss, dlogits


def mean_squared_error(outputs: Any, targets: Any) -> tuple[float, np.ndarray]:
    r"""Mean squared error of one output per row, and its gradient.

    .. math:: L = \frac{1}{B} \sum_b (y_b - t_b)^2

    Parameters
    ----------
    outputs : (B, 1) array_like
        The predictions (a :class:`~lstm_explained.Readout` with ``output_size=1``).
    targets : (B,) array_like
        The true numbers.

    Returns
    -------
    loss : float
    doutputs : (B, 1) ndarray

    Examples
    --------
    >>> import numpy as np
    >>> mean_squared_error(np.array([[1.0], [3.0]]), np.array([0.0, 3.0]))
    (0.5, array([[1.],
           [0.]]))
    """
    outputs = np.asarray(outputs)
    targets = np.asarray(targets)
    if outputs.ndim != 2 or outputs.shape[1] != 1:
        raise ValueError(f"outputs must have shape (B, 1); got shape {outputs.shape}")
    if targets.shape != (outputs.shape[0],):
        raise ValueError(f"targets must have shape (B={outputs.shape[0]},); got {targets.shape}")
    diff = outputs[:, 0] - targets
    loss = float(np.mean(diff * diff))
    return loss, (2.0 / diff.size * diff)[:, None].astype(outputs.dtype)
