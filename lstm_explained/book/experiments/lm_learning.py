r"""The language model as it learns, and how far back it looks: the language-model chapter's
second set of trained claims.

:func:`model_at` rebuilds a run's model as it was after an early pass (the samples over
training), :func:`ngram_generate` writes with a counting model for comparison, :func:`share_curve`
trains the LSTM on a share of the training text for the same number of updates (the test of "not
enough text"), :func:`best_ngram` and :func:`line_crossing` read the curves, and
:func:`input_dependence` measures how strongly a trained model's prediction depends on the
character it read ``k`` steps earlier (in the spirit of Madsen 2019).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from lstm_explained.lm.char_model import CharLanguageModel
from lstm_explained.lm.ngram import NGramModel
from lstm_explained.lm.text import stream_windows

from .language_model import CELL_SPECS, LMRun, build_model, train_cell
from .runs import run_many

__all__ = [
    "best_ngram",
    "input_dependence",
    "known_words",
    "line_crossing",
    "model_at",
    "ngram_generate",
    "perturbation_effect",
    "share_curve",
]


def model_at(run: LMRun, passes: int) -> CharLanguageModel:
    """A copy of ``run``'s model with its parameters after pass ``passes`` (a kept snapshot).

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_explained.lm.text import stream_windows
    >>> tokens = np.tile(np.arange(4), 200)
    >>> x, y = stream_windows(tokens, batch_size=4, window=8)
    >>> run = train_cell("RNN", 0, x, y, tokens[:40], epochs=1, snapshots=(2,))
    >>> sorted(run.snapshots), run.held_bits.shape
    ([2], (2,))
    >>> m = model_at(run, 2)
    >>> bool(np.all(m.params["readout.W"] == run.snapshots[2][0]["readout.W"]))
    True
    """
    if passes not in run.snapshots:
        raise ValueError(f"passes={passes} was not kept; the run kept {sorted(run.snapshots)}")
    kind, hidden = CELL_SPECS[run.label]
    model = build_model(kind, hidden, run.model.vocab_size, run.seed)
    for name, value in run.snapshots[passes][0].items():
        model.params[name][...] = value
    return model


def ngram_generate(
    model: NGramModel, prompt: Any, length: int, *, temperature: float, rng: Any
) -> np.ndarray:
    r"""Sample ``length`` tokens from a fitted n-gram model after ``prompt``.

    Each draw is from :math:`p^{1/\tau}`, renormalised: the same temperature as
    :func:`~lstm_explained.lm.char_model.generate`
    (:math:`\operatorname{softmax}(y / \tau)` with :math:`y = \ln p`); ``temperature=0`` takes
    the most likely token.

    Examples
    --------
    >>> import numpy as np
    >>> m = NGramModel(2, 3).fit(np.array([0, 1, 2] * 20))
    >>> ngram_generate(m, [0], 5, temperature=0.0, rng=0).tolist()
    [1, 2, 0, 1, 2]
    """
    if temperature < 0:
        raise ValueError(f"temperature must be >= 0; got {temperature}")
    rng = np.random.default_rng(rng)
    tokens = [int(t) for t in np.asarray(prompt).ravel()]
    context = max(model.order - 1, 0)
    out = []
    for _ in range(int(length)):
        p = model.probabilities(np.array(tokens[len(tokens) - context :], dtype=np.int64))
        if temperature == 0:
            nxt = int(np.argmax(p))
        else:
            w = np.exp(np.log(np.maximum(p, 1e-300)) / temperature - np.log(p.max()) / temperature)
            nxt = int(rng.choice(p.size, p=w / w.sum()))
        tokens.append(nxt)
        out.append(nxt)
    return np.array(out, dtype=np.int64)


def known_words(sample: str, words: Any, min_length: int = 3) -> float:
    """The share of the sample's words that are in ``words``.

    A word is a run of at least ``min_length`` letters, lowercased: shorter runs are left out,
    since a letter or two (``t``, ``re``) is a "word" of almost any text.

    Examples
    --------
    >>> known_words("The cel state, thw end t x", {"the", "cell", "state", "end", "t"})
    0.6
    """
    found = [w for w in re.findall(r"[A-Za-z]+", sample) if len(w) >= min_length]
    if not found:
        return 0.0
    vocabulary = set(words)
    return sum(w.lower() in vocabulary for w in found) / len(found)


def share_curve(
    seed: int,
    train_tokens: Any,
    held_tokens: Any,
    shares: Any,
    *,
    updates: int,
    batch_size: int = 32,
    window: int = 64,
    lr: float = 3e-2,
    vocab_size: int | None = None,
    eval_updates: int = 13,
    workers: int | None = None,
) -> dict[float, LMRun]:
    """The LSTM trained on the first ``share`` of the training text, for about ``updates`` updates.

    Each share is cut into windows as the whole text is
    (:func:`~lstm_explained.lm.text.stream_windows`) and trained by
    :func:`~lstm_explained.book.experiments.language_model.train_cell` for
    ``round(updates / K)`` passes over its ``K`` windows, so every share gets the same number of
    updates, and keeps its best pass on the held-out text, scored about
    every ``eval_updates`` updates (every ``round(eval_updates / K)`` passes).

    Parameters
    ----------
    seed : int
    train_tokens, held_tokens : ndarray
        Shape ``(N,)`` and ``(M,)``, int.
    shares : sequence of float
        In ``(0, 1]``; ``1`` with the chapter's settings is the chapter's own LSTM run.
    updates : int
        The chapter's number of updates (passes times windows per pass).
    workers : int, optional
        Worker processes for the shares' runs
        (:func:`~lstm_explained.book.experiments.runs.run_many`); the result does not depend on it.

    Returns
    -------
    dict
        share -> :class:`~lstm_explained.book.experiments.language_model.LMRun`
        (``best_bits`` is the point on the curve).
    """
    train_tokens = np.asarray(train_tokens)
    jobs = []
    for share in shares:
        if not 0 < share <= 1:
            raise ValueError(f"shares must lie in (0, 1]; got {share}")
        part = train_tokens[: int(round(share * train_tokens.size))]
        x, y = stream_windows(part, batch_size=batch_size, window=window)
        epochs = max(1, round(updates / x.shape[0]))
        every = max(1, round(eval_updates / x.shape[0]))
        kw = {"epochs": epochs, "lr": lr, "vocab_size": vocab_size, "eval_every": every}
        jobs.append((("LSTM", seed, x, y, held_tokens), kw))
    # independent runs, each decided by its share and seed: the same on any number of workers
    return dict(zip(map(float, shares), run_many(train_cell, jobs, workers=workers), strict=True))


def best_ngram(
    train_tokens: Any, held_tokens: Any, vocab_size: int, orders: Any = (3, 4, 5, 6)
) -> tuple[int, float]:
    """The order among ``orders`` whose Witten-Bell model scores best on the held-out text.

    Returns
    -------
    (order, bits) : (int, float)
    """
    scores = {
        n: NGramModel(n, vocab_size).fit(train_tokens).bits_per_character(held_tokens)
        for n in orders
    }
    n = min(scores, key=scores.get)
    return n, float(scores[n])


def line_crossing(shares: Any, a: Any, b: Any) -> float | None:
    """Where straight lines through ``a`` and ``b`` against ``log2(share)`` meet, beyond the data.

    Returns the share (a multiple of the whole text) at which the least-squares lines cross, or
    ``None`` when they do not cross beyond the largest share (they draw apart, or are parallel).

    Examples
    --------
    >>> line_crossing([0.25, 0.5, 1.0], [3.0, 2.8, 2.6], [2.6, 2.5, 2.4])  # gap 0.4 -> 0.2
    4.0
    >>> line_crossing([0.25, 0.5, 1.0], [3.0, 2.8, 2.6], [2.9, 2.6, 2.3]) is None
    True
    """
    x = np.log2(np.asarray(shares, dtype=np.float64))
    slope_a, icpt_a = np.polyfit(x, np.asarray(a, dtype=np.float64), 1)
    slope_b, icpt_b = np.polyfit(x, np.asarray(b, dtype=np.float64), 1)
    if np.isclose(slope_a, slope_b):
        return None
    where = (icpt_b - icpt_a) / (slope_a - slope_b)
    return float(2.0**where) if where > x.max() else None


def input_dependence(
    model: CharLanguageModel,
    tokens: Any,
    *,
    back: int = 96,
    positions: int = 64,
    warmup: int = 64,
) -> np.ndarray:
    r"""How strongly the prediction depends on the character read ``k`` steps earlier.

    At each of ``positions`` evenly spaced places ``t`` of ``tokens``, the model reads
    ``warmup`` characters (no gradient) and then ``back`` characters ending at ``x_t``; the
    gradient of :math:`\ln p(x_{t+1} \mid x_{\le t})` is sent back through those ``back``
    steps, and its norm with respect to the one-hot input :math:`x_{t-k}` is averaged over the
    positions.

    Parameters
    ----------
    model : CharLanguageModel
    tokens : ndarray
        Shape ``(N,)``, int, with ``N > warmup + back``.
    back, positions, warmup : int

    Returns
    -------
    ndarray
        Shape ``(back,)``: entry ``k`` is the mean of
        :math:`\|\partial \ln p(x_{t+1}) / \partial x_{t-k}\|` over the positions.

    Examples
    --------
    >>> import numpy as np
    >>> m = build_model("LSTM", 8, 5, seed=0)
    >>> d = input_dependence(m, np.arange(200) % 5, back=10, positions=4, warmup=5)
    >>> d.shape, bool(d[0] > d[9])
    ((10,), True)
    """
    arr = np.asarray(tokens)
    span = warmup + back
    if arr.ndim != 1 or arr.size < span + 2:
        raise ValueError(f"tokens must be 1-d and longer than warmup + back + 1; got {arr.shape}")
    last = np.linspace(span, arr.size - 2, positions).astype(np.int64)  # t, the last read
    idx = last[None, :] - np.arange(span)[::-1, None]  # (span, P): x_{t-span+1} .. x_t
    with threadpool_limits(1, "blas"):
        return _dependence(model, arr, idx, last, warmup, back, positions)


def _dependence(model, arr, idx, last, warmup, back, positions):
    _, state, _ = model.forward(arr[idx[:warmup]]) if warmup else (None, None, None)
    logits, _, cache = model.forward(arr[idx[warmup:]], state)
    z = logits[-1].astype(np.float64)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    dlogits = np.zeros_like(logits)
    dlogits[-1] = p  # d ln p(x_{t+1}) / d y is onehot - p; the sign does not change the norm
    dlogits[-1, np.arange(positions), arr[last + 1]] -= 1.0
    H = model.cell.hidden_size
    dh, _ = model.readout.backward(
        dlogits.reshape(back * positions, -1), cache["hs"].reshape(back * positions, H)
    )
    dxs, _, _ = model.cell.backward(dh.reshape(back, positions, H), cache["cell"])
    return np.linalg.norm(dxs, axis=2).mean(axis=1)[::-1].copy()


def perturbation_effect(
    model: CharLanguageModel,
    tokens: Any,
    back: Any,
    *,
    positions: int = 64,
    warmup: int = 64,
    rng: Any = 0,
) -> np.ndarray:
    r"""The mean change of :math:`\ln p(x_{t+1})` when the character ``k`` steps back is replaced.

    At the positions of :func:`input_dependence` (``warmup + max(back)`` characters read), the
    character :math:`x_{t-k}` is replaced by another one drawn at random from ``tokens``; the
    result is the mean absolute change of the log-probability of the true next character.

    Returns
    -------
    ndarray
        Shape ``(len(back),)``, in nats.

    Examples
    --------
    >>> import numpy as np
    >>> m = build_model("RNN", 8, 5, seed=0)
    >>> e = perturbation_effect(m, np.arange(300) % 5, (1, 40), positions=8, warmup=4)
    >>> bool(e[0] > 100 * e[1])
    True
    """
    arr = np.asarray(tokens)
    ks = [int(k) for k in np.atleast_1d(back)]
    span = warmup + max(ks) + 1
    if arr.ndim != 1 or arr.size < span + 2 or min(ks) < 0:
        raise ValueError(f"tokens must be 1-d and longer than the span; back >= 0; got {ks}")
    last = np.linspace(span, arr.size - 2, positions).astype(np.int64)
    idx = last[None, :] - np.arange(span)[::-1, None]  # (span, P)
    target = arr[last + 1]
    rng = np.random.default_rng(rng)

    def log_p(x):
        logits, _, _ = model.forward(x)
        z = logits[-1].astype(np.float64)
        z -= z.max(axis=1, keepdims=True)
        return z[np.arange(positions), target] - np.log(np.exp(z).sum(axis=1))

    out = []
    with threadpool_limits(1, "blas"):
        base = log_p(arr[idx])
        for k in ks:
            x = arr[idx].copy()
            old, new = x[-1 - k], rng.choice(arr, size=positions)
            x[-1 - k] = np.where(new == old, (old + 1) % model.vocab_size, new)  # another one
            out.append(float(np.mean(np.abs(log_p(x) - base))))
    return np.array(out)
