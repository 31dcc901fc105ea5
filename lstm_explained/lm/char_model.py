r"""A character-level language model: one-hot characters, a recurrent cell, a readout at every step.

At every step :math:`t` the model reads character :math:`x_t` (a one-hot vector), updates its
state, and scores every character of the vocabulary as the next one,

.. math:: y_t = W_y h_t + b_y, \qquad
          p(x_{t+1} = k \mid x_{\le t}) = \operatorname{softmax}(y_t)_k .

Its loss, :func:`sequence_cross_entropy`, is the mean over all steps of the cross-entropy of the
next character; by the chain rule of probability :math:`p(x_1 \dots x_N) = \prod_t p(x_{t+1} \mid
x_{\le t})`, so ``N`` times the loss is minus the log-probability of the whole text.
:func:`generate` samples text from the model, one character at a time, at a temperature.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..cells.base import RecurrentCell
from ..cells.init import as_generator
from ..cells.validation import check_int
from ..training.layers import Readout

__all__ = ["CharLanguageModel", "generate", "sequence_cross_entropy"]


def sequence_cross_entropy(logits: Any, targets: Any) -> tuple[float, np.ndarray]:
    r"""Mean cross-entropy of the next-token softmax over every step and row, and its gradient.

    .. math:: L = -\frac{1}{T B} \sum_{t, b} \log \operatorname{softmax}(y_{t,b})_{k_{t,b}},
              \qquad \frac{\partial L}{\partial y_{t,b}}
              = \frac{\operatorname{softmax}(y_{t,b}) - e_{k_{t,b}}}{T B}

    Parameters
    ----------
    logits : array_like
        Shape ``(T, B, V)``. The scores of every token at every step.
    targets : array_like of int
        Shape ``(T, B)``. The token that came next, in ``[0, V)``.

    Returns
    -------
    loss : float
        In nats per token; divide by :math:`\ln 2` for bits.
    dlogits : ndarray
        Shape ``(T, B, V)``. In the dtype of ``logits``.

    Examples
    --------
    >>> import numpy as np
    >>> loss, d = sequence_cross_entropy(np.zeros((2, 1, 4)), np.array([[0], [3]]))
    >>> round(loss, 6) == round(float(np.log(4)), 6), d[0, 0].tolist()
    (True, [-0.375, 0.125, 0.125, 0.125])
    """
    y = np.asarray(logits)
    k = np.asarray(targets)
    if y.ndim != 3 or y.dtype.kind != "f":
        raise ValueError(f"logits must be floats of shape (T, B, V); got {y.dtype} {y.shape}")
    T, B, V = y.shape
    if k.shape != (T, B) or k.dtype.kind not in "iu":
        raise ValueError(f"targets must be ints of shape (T={T}, B={B}); got {k.dtype} {k.shape}")
    if k.size and (k.min() < 0 or k.max() >= V):
        raise ValueError(f"targets must lie in [0, V={V}); got {k.min()}..{k.max()}")
    z = y - y.max(axis=2, keepdims=True)
    log_norm = np.log(np.exp(z).sum(axis=2))
    picked = np.take_along_axis(z, k[:, :, None], axis=2)[:, :, 0]
    loss = float(np.mean(log_norm - picked, dtype=np.float64))
    d = np.exp(z - log_norm[:, :, None])
    np.put_along_axis(d, k[:, :, None], np.take_along_axis(d, k[:, :, None], axis=2) - 1, axis=2)
    d /= T * B
    return loss, d.astype(y.dtype, copy=False)


class CharLanguageModel:
    r"""One-hot characters into a recurrent cell, and a readout of the hidden state at every step.

    Parameters
    ----------
    cell : RecurrentCell
        Any cell of the package; its ``input_size`` is the vocabulary size ``V`` (the input is
        one-hot, so the input columns of its weights act as the characters' embedding).
    readout : Readout
        ``hidden_size -> V``, applied to every ``h_t``.

    Attributes
    ----------
    params : dict
        ``"cell.W_f"``, ..., ``"readout.W"``, ``"readout.b"``: the live arrays.
    vocab_size : int

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_explained import LSTMCell, Readout
    >>> model = CharLanguageModel(LSTMCell(5, 8, rng=0), Readout(8, 5, rng=0))
    >>> tokens = np.array([[0, 1], [2, 3], [4, 0]])          # T=3 steps, B=2 streams
    >>> logits, state, cache = model.forward(tokens)
    >>> logits.shape, state[0].shape
    ((3, 2, 5), (2, 8))
    >>> loss, dlogits = sequence_cross_entropy(logits, np.array([[1, 2], [3, 4], [0, 1]]))
    >>> grads = model.backward(dlogits, cache)
    >>> sorted(grads) == sorted(model.params)
    True
    """

    def __init__(self, cell: RecurrentCell, readout: Readout) -> None:
        if not isinstance(cell, RecurrentCell):
            raise TypeError(f"cell must be a RecurrentCell; got {type(cell).__name__}")
        if not isinstance(readout, Readout):
            raise TypeError(f"readout must be a Readout; got {type(readout).__name__}")
        if readout.hidden_size != cell.hidden_size:
            raise ValueError(
                f"readout reads hidden_size={readout.hidden_size}; the cell has {cell.hidden_size}"
            )
        if readout.output_size != cell.input_size:
            raise ValueError(
                f"readout.output_size={readout.output_size} must equal the cell's "
                f"input_size={cell.input_size} (both are the vocabulary size)"
            )
        if readout.params["W"].dtype != cell.dtype:
            raise TypeError(f"readout and cell must share a dtype; got {readout.params['W'].dtype}")
        self.cell, self.readout = cell, readout
        self.vocab_size = cell.input_size
        self.dtype = cell.dtype
        self._eye = np.eye(self.vocab_size, dtype=self.dtype)

    @property
    def params(self) -> dict[str, np.ndarray]:
        """Every parameter, prefixed by its layer (``"cell."`` or ``"readout."``)."""
        named = {f"cell.{k}": v for k, v in self.cell.params.items()}
        named.update({f"readout.{k}": v for k, v in self.readout.params.items()})
        return named

    @property
    def num_parameters(self) -> int:
        """The number of trained numbers."""
        return int(sum(p.size for p in self.params.values()))

    def _check_tokens(self, tokens: Any) -> np.ndarray:
        arr = np.asarray(tokens)
        if arr.dtype.kind not in "iu" or arr.ndim != 2 or arr.size == 0:
            raise ValueError(f"tokens must be ints of shape (T, B); got {arr.dtype} {arr.shape}")
        if arr.min() < 0 or arr.max() >= self.vocab_size:
            raise ValueError(
                f"tokens must lie in [0, vocab_size={self.vocab_size}); "
                f"got {arr.min()}..{arr.max()}"
            )
        return arr

    def forward(self, tokens: Any, state: Any = None) -> tuple[np.ndarray, Any, dict[str, Any]]:
        """Scores of the next token at every step.

        Parameters
        ----------
        tokens : array_like of int
            Shape ``(T, B)``.
        state : optional
            The cell's state to start from (``None``: zeros), e.g. the last window's final state.

        Returns
        -------
        logits : ndarray
            Shape ``(T, B, V)``.
        state_T
            The state after the last step, to carry into the next window.
        cache : dict
            What :meth:`backward` needs.
        """
        tokens = self._check_tokens(tokens)
        hs, state_T, cell_cache = self.cell.forward(self._eye[tokens], state)
        T, B, H = hs.shape
        logits = self.readout.forward(hs.reshape(T * B, H)).reshape(T, B, -1)
        return logits, state_T, {"hs": hs, "cell": cell_cache}

    def backward(
        self, dlogits: Any, cache: dict[str, Any], dstate: Any = None
    ) -> dict[str, np.ndarray]:
        """Gradients of every parameter (keyed like :attr:`params`) from ``dlogits``.

        ``dstate`` is the gradient arriving at the final state; ``None`` (zeros) is what
        truncated BPTT uses: nothing flows back from later windows.
        """
        hs = cache["hs"]
        T, B, H = hs.shape
        dlogits = np.asarray(dlogits)
        if dlogits.shape != (T, B, self.vocab_size):
            raise ValueError(
                f"dlogits must have shape (T={T}, B={B}, V={self.vocab_size}); got {dlogits.shape}"
            )
        dh, grads_readout = self.readout.backward(dlogits.reshape(T * B, -1), hs.reshape(T * B, H))
        # One-hot inputs learn nothing: their gradient is not computed.
        _, _, grads_cell = self.cell.backward(
            dh.reshape(T, B, H), cache["cell"], dstate, input_grads=False
        )
        grads = {f"cell.{k}": v for k, v in grads_cell.items()}
        grads.update({f"readout.{k}": v for k, v in grads_readout.items()})
        return grads


def generate(
    model: CharLanguageModel,
    prompt: Any,
    length: int,
    *,
    temperature: float = 1.0,
    rng: np.random.Generator | int | None = None,
) -> np.ndarray:
    r"""Sample ``length`` tokens after a prompt, from :math:`\operatorname{softmax}(y_t / \tau)`.

    The temperature :math:`\tau` sharpens (:math:`\tau < 1`) or flattens (:math:`\tau > 1`) the
    model's distribution; ``temperature=0`` takes the most likely token at every step (greedy).

    Parameters
    ----------
    model : CharLanguageModel
    prompt : array_like of int
        Shape ``(P,)``. The tokens to read first, at least one.
    length : int
        How many tokens to generate.
    temperature : float, default 1.0
        :math:`\tau \ge 0`.
    rng : numpy.random.Generator or int, optional
        The only source of randomness.

    Returns
    -------
    ndarray of int64
        Shape ``(length,)``. The generated tokens (the prompt not included).

    Examples
    --------
    >>> from lstm_explained import LSTMCell, Readout
    >>> model = CharLanguageModel(LSTMCell(4, 6, rng=0), Readout(6, 4, rng=0))
    >>> generate(model, [0, 1], 5, temperature=0.8, rng=1).shape
    (5,)
    """
    if not isinstance(model, CharLanguageModel):
        raise TypeError(f"model must be a CharLanguageModel; got {type(model).__name__}")
    prompt = np.asarray(prompt)
    if prompt.ndim != 1 or prompt.size == 0:
        raise ValueError(f"prompt must be a non-empty 1-d token array; got shape {prompt.shape}")
    length = check_int(length, "length", minimum=0)
    if isinstance(temperature, bool) or not np.isfinite(temperature) or temperature < 0:
        raise ValueError(f"temperature must be a finite number >= 0; got {temperature!r}")
    rng = as_generator(rng)
    logits, state, _ = model.forward(prompt[:, None])
    y = logits[-1, 0].astype(np.float64)
    out = np.empty(length, dtype=np.int64)
    for n in range(length):
        if temperature == 0:
            k = int(np.argmax(y))
        else:
            z = y / temperature
            p = np.exp(z - z.max())
            k = int(rng.choice(len(p), p=p / p.sum()))
        out[n] = k
        logits, state, _ = model.forward(np.array([[k]]), state)
        y = logits[0, 0].astype(np.float64)
    return out
