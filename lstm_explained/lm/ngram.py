r"""Counting baselines for a language model: the n-gram model with Witten-Bell smoothing.

An n-gram model predicts the next character from the ``n - 1`` before it, by counting how often
each character followed that context in the training text. A context seen rarely (or never) is
unreliable, so its estimate is mixed with the next shorter context's, down to the uniform
distribution, with Witten-Bell weights (Witten & Bell 1991):

.. math:: p(c \mid u) = \frac{N(u, c) + D(u)\, p(c \mid u')}{N(u) + D(u)},

where :math:`N(u, c)` counts ``c`` after the context :math:`u`, :math:`N(u) = \sum_c N(u, c)`,
:math:`D(u)` is the number of *distinct* characters seen after :math:`u`, and :math:`u'` is
:math:`u` without its oldest character. A context never seen gives its shorter context's
distribution. ``order=1`` is the unigram model (the characters' frequencies, mixed with the
uniform); the uniform model is the ``order=0`` case, :math:`p(c) = 1/V`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..cells.validation import check_int

__all__ = ["NGramModel"]


class NGramModel:
    r"""A Witten-Bell smoothed n-gram model of tokens.

    Parameters
    ----------
    order : int
        ``n``: the prediction uses the ``n - 1`` tokens before; 0 is uniform, 1 is unigram.
    vocab_size : int
        ``V``, the number of tokens.

    Examples
    --------
    After ``abab`` a bigram model has seen ``b`` follow ``a`` twice and nothing else
    (:math:`N = 2, D = 1`), so :math:`p(b \mid a) = (2 + 1 \cdot p(b)) / 3`:

    >>> import numpy as np
    >>> model = NGramModel(2, vocab_size=3).fit(np.array([0, 1, 0, 1]))
    >>> p_unigram = model.probabilities([])          # (2 + 2 * 1/3) / (4 + 2) for a and b
    >>> np.round(p_unigram, 4).tolist()
    [0.4444, 0.4444, 0.1111]
    >>> bool(np.isclose(model.probabilities([0])[1], (2 + p_unigram[1]) / 3))
    True
    """

    def __init__(self, order: int, vocab_size: int) -> None:
        check_int(order, "order", minimum=0)
        check_int(vocab_size, "vocab_size")
        self.order, self.vocab_size = int(order), int(vocab_size)
        self._counts: dict[tuple[int, ...], np.ndarray] = {}

    def _check(self, tokens: Any, name: str) -> np.ndarray:
        arr = np.asarray(tokens)
        if arr.ndim != 1 or (arr.size and arr.dtype.kind not in "iu"):
            raise TypeError(f"{name} must be a 1-d int array; got {arr.dtype} {arr.shape}")
        if arr.size and (arr.min() < 0 or arr.max() >= self.vocab_size):
            raise ValueError(
                f"{name} must lie in [0, vocab_size={self.vocab_size}); "
                f"got {arr.min()}..{arr.max()}"
            )
        return arr.astype(np.int64)

    def fit(self, tokens: Any) -> NGramModel:
        """Count every context of length ``0 .. order - 1`` and what followed it; returns self."""
        arr = self._check(tokens, "tokens").tolist()
        counts: dict[tuple[int, ...], np.ndarray] = {}
        for t, c in enumerate(arr):
            for n in range(min(self.order, t + 1)):  # contexts of length n before position t
                u = tuple(arr[t - n : t])
                row = counts.get(u)
                if row is None:
                    row = counts[u] = np.zeros(self.vocab_size)
                row[c] += 1
        self._counts = counts
        return self

    def probabilities(self, context: Any) -> np.ndarray:
        """The distribution of the next token after ``context`` (its last ``order - 1`` count).

        Returns
        -------
        ndarray
            Shape ``(V,)``. Non-negative, summing to one.
        """
        ctx = self._check(context, "context").tolist()
        p = np.full(self.vocab_size, 1.0 / self.vocab_size)
        longest = min(self.order - 1, len(ctx))
        for n in range(longest + 1):  # from the empty context to the longest, each on the last
            u = tuple(ctx[len(ctx) - n :]) if n else ()
            row = self._counts.get(u)
            if row is None:
                break  # a longer context contains this one: it was not seen either
            total, distinct = row.sum(), np.count_nonzero(row)
            p = (row + distinct * p) / (total + distinct)
        return p

    def bits_per_character(self, tokens: Any) -> float:
        r"""Mean bits per token of ``tokens[1:]``, each given the tokens before it.

        .. math:: -\frac{1}{N - 1} \sum_{t=1}^{N-1} \log_2 p(x_{t+1} \mid x_{t-n+2} \dots x_t)

        The same positions :func:`~lstm_explained.lm.tbptt.bits_per_character` scores.

        Examples
        --------
        >>> import numpy as np
        >>> NGramModel(0, vocab_size=8).bits_per_character(np.array([1, 5, 2]))
        3.0
        """
        arr = self._check(tokens, "tokens")
        if arr.size < 2:
            raise ValueError(f"tokens must hold at least two tokens; got {arr.size}")
        history = max(self.order - 1, 0)
        total = 0.0
        for t in range(1, arr.size):
            context = arr[max(0, t - history) : t] if history else arr[:0]
            total -= np.log2(self.probabilities(context)[arr[t]])
        return float(total / (arr.size - 1))
