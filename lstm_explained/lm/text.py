r"""Text as numbers: a character :class:`Vocabulary`, and the windows of truncated BPTT.

A language model reads characters as integer tokens. :func:`stream_windows` lays a long token
sequence out the way stateful truncated backpropagation through time consumes it: the text is cut
into ``B`` contiguous streams, one per row of the batch, and each stream into consecutive windows
of ``T`` steps, so that window ``k + 1`` of a row continues where window ``k`` of the same row
stopped and the state can be carried from one to the next.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ..cells.validation import check_int

__all__ = ["Vocabulary", "stream_windows"]


class Vocabulary:
    r"""The characters a model knows, each with its token (its index in sorted order).

    Parameters
    ----------
    text : str or iterable of str
        The characters to know: every distinct character of it becomes one token.

    Attributes
    ----------
    chars : str
        The characters in token order (sorted by code point).

    Examples
    --------
    >>> vocab = Vocabulary("hello")
    >>> vocab.chars, len(vocab)
    ('ehlo', 4)
    >>> vocab.encode("hole").tolist()
    [1, 3, 2, 0]
    >>> vocab.decode([2, 0])
    'le'
    """

    def __init__(self, text: str | Iterable[str]) -> None:
        chars = sorted(set(text))
        if not chars or not all(isinstance(c, str) and len(c) == 1 for c in chars):
            raise ValueError("text must hold at least one character (a str or characters)")
        self.chars = "".join(chars)
        self._index = {c: k for k, c in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def __repr__(self) -> str:
        return f"Vocabulary({len(self)} characters)"

    def encode(self, text: str) -> np.ndarray:
        """The tokens of ``text``, ``(len(text),)`` int64; every character must be known."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str; got {type(text).__name__}")
        unknown = sorted(set(text) - set(self._index))
        if unknown:
            raise ValueError(f"text has characters outside the vocabulary: {unknown[:10]}")
        return np.fromiter((self._index[c] for c in text), dtype=np.int64, count=len(text))

    def decode(self, tokens: Any) -> str:
        """The characters of ``tokens`` (any shape; read in C order)."""
        arr = np.asarray(tokens)
        if arr.dtype.kind not in "iu":
            raise TypeError(f"tokens must be ints; got dtype {arr.dtype}")
        if arr.size and (arr.min() < 0 or arr.max() >= len(self)):
            raise ValueError(f"tokens must lie in [0, {len(self)}); got {arr.min()}..{arr.max()}")
        return "".join(self.chars[k] for k in arr.reshape(-1))


def stream_windows(tokens: Any, batch_size: int, window: int) -> tuple[np.ndarray, np.ndarray]:
    r"""Cut a token sequence into ``batch_size`` streams and those into windows of ``window`` steps.

    Row ``b`` of the batch reads the ``b``-th contiguous stretch of the text, of length
    ``L = (N - 1) // batch_size``; window ``k`` holds its steps ``kT .. kT + T - 1``. The target at
    every step is the next character. What does not fill a whole window is dropped.

    Parameters
    ----------
    tokens : array_like of int
        Shape ``(N,)``. The text as tokens.
    batch_size : int
        ``B``, the number of parallel streams.
    window : int
        ``T``, the steps per window (the truncation length of BPTT).

    Returns
    -------
    inputs, targets : ndarray
        Shape ``(K, T, B)``: ``K = L // T`` windows, time-major inside each.
        ``targets[k, t, b]`` is the token after ``inputs[k, t, b]`` in the text, and
        ``inputs[k + 1, 0, b]`` follows ``inputs[k, -1, b]``.

    Examples
    --------
    >>> import numpy as np
    >>> inputs, targets = stream_windows(np.arange(13), batch_size=2, window=3)
    >>> inputs.shape
    (2, 3, 2)
    >>> inputs[:, :, 0].tolist(), targets[:, :, 0].tolist()   # row 0 reads tokens 0..5
    ([[0, 1, 2], [3, 4, 5]], [[1, 2, 3], [4, 5, 6]])
    >>> inputs[0, :, 1].tolist()                                # row 1 starts at token 6
    [6, 7, 8]
    """
    arr = np.asarray(tokens)
    if arr.ndim != 1 or arr.dtype.kind not in "iu":
        raise TypeError(f"tokens must be a 1-d int array; got {arr.dtype} of shape {arr.shape}")
    check_int(batch_size, "batch_size")
    check_int(window, "window")
    L = (arr.size - 1) // batch_size
    K = L // window
    if K < 1:
        raise ValueError(
            f"tokens too short: {arr.size} tokens give no whole window of {window} steps "
            f"in each of {batch_size} streams"
        )
    starts = np.arange(batch_size) * L
    steps = np.arange(K * window)
    inputs = arr[starts[None, :] + steps[:, None]]  # (K T, B)
    targets = arr[starts[None, :] + steps[:, None] + 1]
    shape = (K, window, batch_size)
    return inputs.reshape(shape), targets.reshape(shape)
