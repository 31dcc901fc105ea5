r"""The layers around a recurrent cell: an embedding in front, a readout and its loss behind.

A :class:`SequenceModel` chains them for a sequence-to-one task: tokens (or feature vectors) go
through an optional :class:`Embedding`, any recurrent cell of the package, and a
:class:`Readout` of the *last* hidden state,

.. math:: y = W_y h_T + b_y,

scored by :func:`softmax_cross_entropy` (classes) or :func:`mean_squared_error` (numbers). Like the
cells, every layer has ``params`` (named, live arrays), a ``forward`` that returns what its
``backward`` needs, and a ``backward`` that returns gradients keyed like ``params``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .base import RecurrentCell
from .init import as_generator, glorot_uniform

__all__ = [
    "Embedding",
    "Readout",
    "SequenceModel",
    "mean_squared_error",
    "softmax",
    "softmax_cross_entropy",
]


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
        Number of outputs (classes for :func:`softmax_cross_entropy`, 1 for a number).
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
        for name, value in (("hidden_size", hidden_size), ("output_size", output_size)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"{name} must be a positive int; got {value!r}")
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
        The predictions (a :class:`Readout` with ``output_size=1``).
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


class SequenceModel:
    r"""Inputs, an optional embedding, a recurrent cell, and a readout of the last hidden state.

    Works with any cell that keeps the package's contract (``params``, ``forward``,
    ``backward``), so every model of the package trains through the same loop.

    Parameters
    ----------
    cell : RecurrentCell
        The recurrent cell; its ``input_size`` must match the embedding's ``dim``.
    readout : Readout
        Reads the hidden state after the last step.
    embedding : Embedding, optional
        Turns ``(T, B)`` tokens into ``(T, B, dim)`` vectors; without it the inputs are
        ``(T, B, input_size)`` values.

    Attributes
    ----------
    params : dict
        Every parameter, named ``"cell.W_f"``, ``"readout.W"``, ``"embedding.E"``...

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_explained import LSTMCell
    >>> model = SequenceModel(LSTMCell(3, 4, rng=0), Readout(4, 2, rng=0), Embedding(np.eye(3)))
    >>> tokens = np.array([[0, 1], [2, 2], [1, 0]])      # T=3, B=2
    >>> y, cache = model.forward(tokens)
    >>> y.shape
    (2, 2)
    >>> grads = model.backward(np.ones_like(y), cache)
    >>> sorted(grads) == sorted(model.params)
    True
    """

    def __init__(
        self, cell: RecurrentCell, readout: Readout, embedding: Embedding | None = None
    ) -> None:
        if readout.hidden_size != cell.hidden_size:
            raise ValueError(
                f"readout reads hidden_size={readout.hidden_size} but the cell has "
                f"hidden_size={cell.hidden_size}"
            )
        if embedding is not None and embedding.dim != cell.input_size:
            raise ValueError(
                f"embedding dim={embedding.dim} must equal the cell's input_size={cell.input_size}"
            )
        self.cell, self.readout, self.embedding = cell, readout, embedding
        self.dtype = cell.dtype

    @property
    def params(self) -> dict[str, np.ndarray]:
        """Every parameter of the model, prefixed by its layer."""
        named: dict[str, np.ndarray] = {}
        layers: list[tuple[str, Any]] = [("cell", self.cell), ("readout", self.readout)]
        if self.embedding is not None:
            layers.append(("embedding", self.embedding))
        for prefix, layer in layers:
            for name, p in layer.params.items():
                named[f"{prefix}.{name}"] = p
        return named

    def forward(self, inputs: Any) -> tuple[np.ndarray, dict[str, Any]]:
        """The outputs ``(B, output_size)`` after the last step, and a cache for backward."""
        xs = self.embedding.forward(inputs) if self.embedding is not None else inputs
        hs, _, cell_cache = self.cell.forward(xs)
        h_T = hs[-1]
        y = self.readout.forward(h_T)
        return y, {"inputs": inputs, "hs": hs, "cell": cell_cache}

    def backward(self, dy: Any, cache: Mapping[str, Any]) -> dict[str, np.ndarray]:
        """Gradients of every parameter (keyed like :attr:`params`) from ``dy`` of the outputs."""
        hs = cache["hs"]
        dh_T, grads_readout = self.readout.backward(dy, hs[-1])
        dhs = np.zeros_like(hs)
        dhs[-1] = dh_T
        dxs, _, grads_cell = self.cell.backward(dhs, cache["cell"])
        grads = {f"cell.{k}": v for k, v in grads_cell.items()}
        grads.update({f"readout.{k}": v for k, v in grads_readout.items()})
        if self.embedding is not None:
            grads_emb = self.embedding.backward(dxs, cache["inputs"])
            grads.update({f"embedding.{k}": v for k, v in grads_emb.items()})
        return grads

    def predict(self, inputs: Any) -> np.ndarray:
        """The most likely class of every sequence, ``(B,)`` ints."""
        y, _ = self.forward(inputs)
        return y.argmax(axis=1)
