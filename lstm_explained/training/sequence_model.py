r"""A sequence-to-one model: an optional embedding, a recurrent cell, a readout of the last state.

Tokens (or feature vectors) go through an optional :class:`~lstm_explained.Embedding`, any
recurrent cell of the package, and a :class:`~lstm_explained.Readout` of the *last* hidden
state, :math:`y = W_y h_T + b_y`. Every model of the package trains through it with the same loop
(:func:`~lstm_explained.train`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..cells.base import RecurrentCell
from .layers import Embedding, Readout

__all__ = ["SequenceModel"]


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
        # The inputs' gradient only if a trained embedding learns from it (a cell of the
        # package can skip it; another cell keeping the contract computes it).
        learns = self.embedding is not None and self.embedding.trainable
        skip = {} if learns or not isinstance(self.cell, RecurrentCell) else {"input_grads": False}
        dxs, _, grads_cell = self.cell.backward(dhs, cache["cell"], **skip)
        grads = {f"cell.{k}": v for k, v in grads_cell.items()}
        grads.update({f"readout.{k}": v for k, v in grads_readout.items()})
        if learns:
            grads_emb = self.embedding.backward(dxs, cache["inputs"])
            grads.update({f"embedding.{k}": v for k, v in grads_emb.items()})
        return grads

    def predict(self, inputs: Any) -> np.ndarray:
        """The most likely class of every sequence, ``(B,)`` ints."""
        y, _ = self.forward(inputs)
        return y.argmax(axis=1)
