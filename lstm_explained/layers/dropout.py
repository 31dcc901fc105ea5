r"""Dropout masks: between layers (a fresh mask at every step) and on the recurrent input
(one mask for the whole sequence, Gal & Ghahramani 2016).

*Inverted* dropout keeps each unit with probability :math:`1 - p` and scales what it keeps by
:math:`1 / (1 - p)`, so a unit's expected value is unchanged and nothing needs rescaling at
evaluation, where no mask is applied at all:

.. math:: \tilde{x} = m * x, \qquad m_j = \frac{\mathbb{1}[u_j \ge p]}{1 - p},
          \quad u_j \sim U(0, 1).

**Between layers** (PyTorch's ``dropout`` argument) draws a new mask for every step and every
sequence, on the outputs of each layer but the last. **Recurrent dropout** in the variational
form of Gal & Ghahramani (2016) draws one mask per sequence and applies it to :math:`h_{t-1}`
where it enters the gates, *the same mask at every step*: a unit that is dropped is dropped for
the whole sequence. Dropping a fresh random set at every step would add noise at every one of
the T steps of the recurrence and wash out what the state carries (Zaremba et al. 2014 kept
dropout off the recurrent connections for that reason); one mask per sequence is the same thin
network at every step. The cell state :math:`C` is never masked.

Examples
--------
>>> import numpy as np
>>> m = dropout_mask(np.random.default_rng(0), (2, 5), 0.5, np.float64)
>>> sorted(set(m.ravel().tolist()))
[0.0, 2.0]
>>> dropout_mask(np.random.default_rng(0), (2, 5), 0.0, np.float64) is None
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["check_probability", "dropout_mask"]


def check_probability(p: Any, name: str) -> float:
    """Return ``p`` as a float in ``[0, 1)`` or raise naming the argument.

    Examples
    --------
    >>> check_probability(1.0, "dropout")
    Traceback (most recent call last):
    ...
    ValueError: dropout must be a probability in [0, 1); got 1.0
    """
    if isinstance(p, bool) or not isinstance(p, (int, float, np.floating, np.integer)):
        raise TypeError(f"{name} must be a float in [0, 1); got {p!r}")
    if not 0.0 <= float(p) < 1.0:
        raise ValueError(f"{name} must be a probability in [0, 1); got {p!r}")
    return float(p)


def dropout_mask(
    rng: np.random.Generator, shape: tuple[int, ...], p: float, dtype: Any
) -> np.ndarray | None:
    """An inverted-dropout mask of ``shape``: ``0`` with probability ``p``, else ``1 / (1 - p)``.

    Returns ``None`` when ``p`` is zero (nothing to drop).
    """
    if p == 0.0:
        return None
    keep = rng.random(shape) >= p
    return (keep / (1.0 - p)).astype(dtype)
