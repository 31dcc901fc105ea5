"""Weight initialisers and the random-generator convention of the package.

Every function takes a :class:`numpy.random.Generator`; nothing here touches numpy's global
random state.
"""

from __future__ import annotations

import numpy as np

__all__ = ["as_generator", "glorot_uniform", "orthogonal"]


def as_generator(rng: np.random.Generator | int | None) -> np.random.Generator:
    """Return ``rng`` as a :class:`numpy.random.Generator`.

    Parameters
    ----------
    rng : Generator, int or None
        A generator (used as is), a seed, or ``None`` for fresh entropy.

    Examples
    --------
    >>> as_generator(0).integers(10) == as_generator(0).integers(10)
    np.True_
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(
        f"rng must be a numpy.random.Generator, an int seed or None; got {type(rng).__name__}"
    )


def glorot_uniform(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Uniform Glorot/Xavier initialisation for a ``(fan_out, fan_in)`` matrix.

    Examples
    --------
    >>> w = glorot_uniform(np.random.default_rng(0), (4, 6))
    >>> bool(np.all(np.abs(w) <= np.sqrt(6 / 10)))
    True
    """
    fan_out, fan_in = shape
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape)


def orthogonal(rng: np.random.Generator, n: int, gain: float = 1.0) -> np.ndarray:
    """A random ``(n, n)`` orthogonal matrix times ``gain`` (QR of a Gaussian, signs fixed).

    Examples
    --------
    >>> q = orthogonal(np.random.default_rng(0), 3)
    >>> np.allclose(q @ q.T, np.eye(3))
    True
    """
    a = rng.standard_normal((n, n))
    q, r = np.linalg.qr(a)
    q *= np.sign(np.diag(r))
    return gain * q
