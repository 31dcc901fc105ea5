r"""The layers around a recurrent cell: an :class:`Embedding` in front, a :class:`Readout` behind.

The readout maps the last hidden state to the outputs,

.. math:: y = W_y h_T + b_y,

which a loss scores (:func:`~lstm_explained.softmax_cross_entropy`, for classes);
:class:`~lstm_explained.SequenceModel` chains embedding, cell and readout. Like
the cells, every layer has ``params`` (named, live arrays), a ``forward`` that returns what its
``backward`` needs, and a ``backward`` that returns gradients keyed like ``params``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..cells.init import as_generator, glorot_uniform
from ..cells.validation import check_int

__all__ = ["Embedding", "Readout"]


def _float_dtype(dtype: Any) -> np.dtype:
    dt = np.dtype(dtype)
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"dtype must be float32 or float64; got {dt}")
    return dt


def _check_tokens(tokens: Any, num_embeddings: int) -> np.ndarray:
    arr = np.asarray(tokens)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"tokens must be an int array of shape (T, B); got dtype {arr.dtype}")
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"tokens must have shape (T, B) with T, B >= 1; got shape {arr.shape}")
    if arr.min() < 0 or arr.max() >= num_embeddings:
        raise ValueError(
            f"tokens must lie in [0, num_embeddings={num_embeddings}); "
            f"got values {arr.min()}..{arr.max()}"
        )
    return arr


class Embedding:
    r"""A lookup table from tokens to vectors, fixed or trained.

    Parameters
    ----------
    table : array_like
        The initial vectors, ``(num_embeddings, dim)``, one row per token (copied, in ``dtype``).
    trainable : bool, default False
        Whether training updates the table. A fixed table has no parameters.
    dtype : float32 or float64, default float64
        The dtype of the vectors.

    Attributes
    ----------
    table : ndarray
        The vectors, ``(num_embeddings, dim)``.
    params : dict
        ``{"E": table}`` when trainable, else empty.

    Examples
    --------
    >>> import numpy as np
    >>> emb = Embedding(np.eye(3), trainable=True)
    >>> xs = emb.forward(np.array([[0, 2], [1, 1]]))    # T=2 steps, B=2
    >>> xs.shape
    (2, 2, 3)
    >>> emb.backward(np.ones((2, 2, 3)), np.array([[0, 2], [1, 1]]))["E"][:, 0]
    array([1., 2., 1.])
    """

    def __init__(self, table: Any, *, trainable: bool = False, dtype: Any = np.float64) -> None:
        dt = _float_dtype(dtype)
        arr = np.asarray(table)
        if arr.dtype.kind not in "iuf":
            raise TypeError(f"table must hold real numbers; got dtype {arr.dtype}")
        if arr.ndim != 2 or arr.size == 0:
            raise ValueError(f"table must have shape (num_embeddings, dim); got shape {arr.shape}")
        if not np.all(np.isfinite(arr)):
            raise ValueError("table must be finite; it contains NaN or inf")
        if not isinstance(trainable, (bool, np.bool_)):
            raise TypeError(f"trainable must be a bool; got {trainable!r}")
        self.table = np.array(arr, dtype=dt)
        self.trainable = bool(trainable)
        self.num_embeddings, self.dim = self.table.shape

    @classmethod
    def random(
        cls,
        num_embeddings: int,
        dim: int,
        *,
        rng: np.random.Generator | int | None = None,
        trainable: bool = True,
        dtype: Any = np.float64,
    ) -> Embedding:
        """A table of standard normal vectors.

        Examples
        --------
        >>> Embedding.random(5, 3, rng=0).table.shape
        (5, 3)
        """
        table = as_generator(rng).standard_normal((num_embeddings, dim))
        return cls(table, trainable=trainable, dtype=dtype)

    @property
    def params(self) -> dict[str, np.ndarray]:
        """``{"E": table}`` if trainable, else ``{}``."""
        return {"E": self.table} if self.trainable else {}

    def forward(self, tokens: Any) -> np.ndarray:
        """Look up the vectors: tokens ``(T, B)`` -> ``(T, B, dim)``."""
        return self.table[_check_tokens(tokens, self.num_embeddings)]

    def backward(self, dxs: np.ndarray, tokens: Any) -> dict[str, np.ndarray]:
        """Gradient of the table from the gradient of the looked-up vectors ``(T, B, dim)``."""
        if not self.trainable:
            return {}
        tokens = _check_tokens(tokens, self.num_embeddings)
        dE = np.zeros_like(self.table)
        np.add.at(dE, tokens.reshape(-1), np.asarray(dxs).reshape(-1, self.dim))
        return {"E": dE}


class Readout:
    r"""A linear layer on a hidden state, :math:`y = W_y h + b_y`.

    Parameters
    ----------
    hidden_size : int
        Size of the hidden state it reads.
    output_size : int
        Number of outputs (classes for :func:`~lstm_explained.softmax_cross_entropy`,
        1 for a number).
    rng : numpy.random.Generator or int, optional
        Random generator (or seed) for the Glorot-uniform ``W``; ``b`` starts at zero.
    dtype : float32 or float64, default float64
        The dtype of the parameters.

    Attributes
    ----------
    params : dict
        ``W``, shape ``(output_size, hidden_size)``, and ``b``, shape ``(output_size,)``.

    Examples
    --------
    >>> import numpy as np
    >>> readout = Readout(4, 2, rng=0)
    >>> h = np.ones((3, 4))
    >>> y = readout.forward(h)
    >>> y.shape
    (3, 2)
    >>> dh, grads = readout.backward(np.ones((3, 2)), h)
    >>> dh.shape, grads["W"].shape, grads["b"].tolist()
    ((3, 4), (2, 4), [3.0, 3.0])
    """

    def __init__(
        self,
        hidden_size: int,
        output_size: int,
        *,
        rng: np.random.Generator | int | None = None,
        dtype: Any = np.float64,
    ) -> None:
        check_int(hidden_size, "hidden_size")
        check_int(output_size, "output_size")
        dt = _float_dtype(dtype)
        self.hidden_size, self.output_size = int(hidden_size), int(output_size)
        W = glorot_uniform(as_generator(rng), (self.output_size, self.hidden_size)).astype(dt)
        self._params = {"W": W, "b": np.zeros(self.output_size, dtype=dt)}

    @property
    def params(self) -> dict[str, np.ndarray]:
        """``W`` and ``b``, the live arrays."""
        return dict(self._params)

    def _check_h(self, h: Any) -> np.ndarray:
        arr = np.asarray(h)
        if arr.ndim != 2 or arr.shape[1] != self.hidden_size:
            raise ValueError(
                f"h must have shape (B, hidden_size={self.hidden_size}); got shape {arr.shape}"
            )
        return arr

    def forward(self, h: Any) -> np.ndarray:
        """The outputs ``(B, output_size)`` for hidden states ``h``, ``(B, hidden_size)``."""
        h = self._check_h(h)
        return h @ self._params["W"].T + self._params["b"]

    def backward(self, dy: Any, h: Any) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """``(dh, grads)`` from the gradient ``dy`` ``(B, output_size)`` of the outputs."""
        h = self._check_h(h)
        dy = np.asarray(dy)
        if dy.shape != (h.shape[0], self.output_size):
            raise ValueError(
                f"dy must have shape (B={h.shape[0]}, output_size={self.output_size}); "
                f"got shape {dy.shape}"
            )
        return dy @ self._params["W"], {"W": dy.T @ h, "b": dy.sum(axis=0)}
