r"""The practice chapter's dropout experiment: a character model that overfits, with and without.

A small LSTM language model trained for many passes over a short slice of the book's prose
learns the slice by heart: its training loss keeps falling while its bits per character on
held-out text stop falling and turn up. Dropout makes memorising harder. :func:`dropout_runs`
trains the same model (same seed, same windows) with no dropout, with dropout on the LSTM's
outputs before the readout (what ``dropout`` between layers does, here between the one layer
and the readout, as Zaremba et al. 2014 do) and with recurrent dropout in the form of Gal &
Ghahramani (2016), and records the held-out bits after every pass; :func:`dropout_claims`
states what the chapter asserts about them over seeds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from lstm_explained.cells.init import as_generator
from lstm_explained.layers.dropout import check_probability, dropout_mask
from lstm_explained.layers.stack import RecurrentStack
from lstm_explained.lm.char_model import sequence_cross_entropy
from lstm_explained.lm.corpus import load_book_text
from lstm_explained.lm.text import Vocabulary, stream_windows
from lstm_explained.training.layers import Readout
from lstm_explained.training.loop import run_loop
from lstm_explained.training.optim import Adam

__all__ = [
    "CHAPTER_LABELS",
    "DROPOUT_CONFIGS",
    "DropoutRun",
    "StackLanguageModel",
    "dropout_claims",
    "dropout_data",
    "depth_claims",
    "dropout_runs",
    "held_bits",
]

#: The language models of the chapter: for each label, its layers, hidden units, dropout on the
#: outputs before the readout and recurrent dropout. The deep model has about the wide one's
#: number of parameters with the book's vocabulary.
DROPOUT_CONFIGS: dict[str, tuple[int, int, float, float]] = {
    "no dropout": (1, 64, 0.0, 0.0),
    "dropout 0.5 before the readout": (1, 64, 0.5, 0.0),
    "2 layers of 44, no dropout": (2, 44, 0.0, 0.0),
    "recurrent dropout 0.25": (1, 64, 0.0, 0.25),
}
#: What the chapter trains.
CHAPTER_LABELS = ("no dropout", "dropout 0.5 before the readout", "2 layers of 44, no dropout")


class StackLanguageModel:
    """One-hot characters into a :class:`~lstm_explained.layers.RecurrentStack`, dropout on its
    outputs while training, and a readout at every step.

    Examples
    --------
    >>> m = StackLanguageModel(5, 8, output_dropout=0.5, rng=0)
    >>> logits, state, cache = m.forward(np.array([[0, 1], [2, 3]]), rng=0)
    >>> logits.shape, sorted(m.backward(np.ones_like(logits), cache)) == sorted(m.params)
    ((2, 2, 5), True)
    """

    def __init__(
        self,
        vocab_size: int,
        hidden_size: int,
        *,
        num_layers: int = 1,
        output_dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        rng: np.random.Generator | int | None = None,
        dtype: Any = np.float32,
    ) -> None:
        gen = as_generator(rng)
        self.stack = RecurrentStack(
            vocab_size,
            hidden_size,
            num_layers,
            recurrent_dropout=recurrent_dropout,
            rng=gen,
            dtype=dtype,
        )
        self.readout = Readout(hidden_size, vocab_size, rng=gen, dtype=dtype)
        self.output_dropout = check_probability(output_dropout, "output_dropout")
        self._eye = np.eye(vocab_size, dtype=dtype)

    @property
    def num_parameters(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    @property
    def params(self) -> dict[str, np.ndarray]:
        named = {f"stack.{k}": v for k, v in self.stack.params.items()}
        named.update({f"readout.{k}": v for k, v in self.readout.params.items()})
        return named

    def forward(self, tokens: np.ndarray, state: Any = None, *, rng: Any = None):
        """Logits ``(T, B, V)``; ``rng`` given: training, with the dropout masks drawn from it."""
        gen = None if rng is None else as_generator(rng)
        ys, state_n, cache = self.stack.forward(self._eye[tokens], state, rng=gen)
        mask = None if gen is None else dropout_mask(gen, ys.shape, self.output_dropout, ys.dtype)
        hs = ys if mask is None else ys * mask
        T, B, H = hs.shape
        logits = self.readout.forward(hs.reshape(T * B, H)).reshape(T, B, -1)
        return logits, state_n, {"stack": cache, "hs": hs, "mask": mask}

    def backward(self, dlogits: np.ndarray, cache: dict[str, Any]) -> dict[str, np.ndarray]:
        hs = cache["hs"]
        T, B, H = hs.shape
        dh, g_readout = self.readout.backward(dlogits.reshape(T * B, -1), hs.reshape(T * B, H))
        dh = dh.reshape(T, B, H)
        if cache["mask"] is not None:
            dh = dh * cache["mask"]
        _, _, g_stack = self.stack.backward(dh, cache["stack"])
        grads = {f"stack.{k}": v for k, v in g_stack.items()}
        grads.update({f"readout.{k}": v for k, v in g_readout.items()})
        return grads


def held_streams(tokens: np.ndarray, streams: int) -> tuple[np.ndarray, np.ndarray]:
    """``tokens`` cut into ``streams`` consecutive parts read side by side: the inputs and the
    characters that follow them, each ``(n, streams)`` with ``n = (len(tokens) - 1) // streams``.

    >>> inputs, targets = held_streams(np.arange(9), 2)
    >>> inputs.T.tolist(), targets.T.tolist()
    ([[0, 1, 2, 3], [4, 5, 6, 7]], [[1, 2, 3, 4], [5, 6, 7, 8]])
    """
    n = (tokens.size - 1) // streams
    idx = np.arange(streams)[None, :] * n + np.arange(n)[:, None]  # (n, streams)
    return tokens[idx], tokens[idx + 1]


def held_bits(model: StackLanguageModel, tokens: np.ndarray, streams: int = 8) -> float:
    """Bits per character of ``tokens[1:]`` without dropout, read as ``streams`` parts at once."""
    inputs, targets = held_streams(tokens, streams)
    logits, _, _ = model.forward(inputs)
    loss, _ = sequence_cross_entropy(logits, targets)
    return float(loss / np.log(2.0))


def dropout_data(train_chars: int = 2500, held_chars: int = 2000):
    """A slice of the book's prose: ``(vocab, train tokens, held-out tokens)``."""
    train_text = load_book_text("train")[:train_chars]
    held_text = load_book_text("held_out")[:held_chars]
    vocab = Vocabulary(train_text + held_text)
    return vocab, vocab.encode(train_text), vocab.encode(held_text)


@dataclass
class DropoutRun:
    """One model of :func:`dropout_runs`: its held-out bits before training and after every pass,
    and its mean training loss (bits per character, with dropout) of every pass."""

    label: str
    seed: int
    held: np.ndarray
    train: np.ndarray
    cpu_seconds: float
    params: int

    @property
    def best(self) -> float:
        return float(self.held.min())

    @property
    def rise(self) -> float:
        """How far the last pass's held-out bits are above the best pass's."""
        return float(self.held[-1] - self.held.min())


def dropout_runs(
    seeds: Any = (0, 1, 2),
    labels: Any = CHAPTER_LABELS,
    *,
    passes: int = 20,
    batch: int = 8,
    window: int = 32,
    lr: float = 2e-2,
    data: Any = None,
) -> list[DropoutRun]:
    """Train every configuration of :data:`DROPOUT_CONFIGS` in ``labels`` from every seed.

    The seed fixes the initial weights and the dropout masks; the model of every label starts
    from the same weights for a given seed. Float32, one BLAS thread, Adam, clipping at 1, the
    state carried from window to window (truncated BPTT).
    """
    vocab, train_tokens, held_tokens = dropout_data() if data is None else data
    inputs, targets = stream_windows(train_tokens, batch_size=batch, window=window)
    runs = []
    with threadpool_limits(1, "blas"):
        for seed in seeds:
            for label in labels:
                layers, hidden, p_out, p_rec = DROPOUT_CONFIGS[label]
                cpu = time.process_time()
                model = StackLanguageModel(
                    len(vocab),
                    hidden,
                    num_layers=layers,
                    output_dropout=p_out,
                    recurrent_dropout=p_rec,
                    rng=seed,
                )
                masks = np.random.default_rng([seed, 1])
                opt = Adam(model.params, lr=lr)

                def gradients(window_k, state, model=model, masks=masks):
                    k, x, y = window_k
                    logits, state_n, cache = model.forward(x, None if k == 0 else state, rng=masks)
                    loss, dlogits = sequence_cross_entropy(logits, y)
                    return loss, model.backward(dlogits, cache), state_n

                held, train = [held_bits(model, held_tokens)], []
                for _ in range(passes):
                    windows = ((k, inputs[k], targets[k]) for k in range(inputs.shape[0]))
                    losses, _ = run_loop(windows, gradients, opt, clip=1.0, carry_state=True)
                    train.append(losses.mean() / np.log(2.0))
                    held.append(held_bits(model, held_tokens))
                runs.append(
                    DropoutRun(
                        label,
                        seed,
                        np.array(held),
                        np.array(train),
                        time.process_time() - cpu,
                        model.num_parameters,
                    )
                )
    return runs


def dropout_claims(runs: list[DropoutRun], *, min_rise: float = 0.1) -> dict[str, Any]:
    """What the chapter asserts, seed by seed: without dropout the held-out curve turns up (its
    last pass at least ``min_rise`` bits above its best), and each dropout ends below it and has
    a better best pass too.

    Returns a dict with, per seed, the rise without dropout (``"rise"``), and per (label, seed)
    of every dropout the margin at the last pass (``"margin"``: no dropout's last minus the
    other's) and at the best pass (``"best_gain"``: no dropout's best minus the other's), and
    ``"holds"``.
    """
    by = {(r.label, r.seed): r for r in runs}
    seeds = sorted({r.seed for r in runs})
    labels = [lbl for lbl in DROPOUT_CONFIGS if "dropout 0" in lbl and (lbl, seeds[0]) in by]
    out: dict[str, Any] = {"rise": {}, "margin": {}, "best_gain": {}}
    holds = True
    for s in seeds:
        base = by[("no dropout", s)]
        out["rise"][s] = base.rise
        holds &= base.rise >= min_rise
        for lbl in labels:
            m = float(base.held[-1] - by[(lbl, s)].held[-1])
            g = float(base.best - by[(lbl, s)].best)
            out["margin"][(lbl, s)] = m
            out["best_gain"][(lbl, s)] = g
            holds &= m > 0 and g > 0
    out["holds"] = bool(holds)
    return out


def depth_claims(
    runs: list[DropoutRun],
    *,
    deep: str = "2 layers of 44, no dropout",
    wide: str = "no dropout",
    tolerance: float = 0.2,
) -> dict[str, Any]:
    """Deep against wide at about equal parameters, by the best held-out bits of each seed.

    Returns ``"difference"`` (deep's best minus wide's best, per seed: positive means the wide
    model did better), ``"deep_better"`` (on how many seeds the deep model's best was lower)
    and ``"holds"``: on every seed the two are within ``tolerance`` bits of each other (what the
    chapter asserts: at this size depth buys no clear gain, and costs no large loss either).
    """
    by = {(r.label, r.seed): r for r in runs}
    seeds = sorted({r.seed for r in runs if r.label == deep})
    diff = {s: by[(deep, s)].best - by[(wide, s)].best for s in seeds}
    return {
        "difference": diff,
        "deep_better": sum(d < 0 for d in diff.values()),
        "holds": bool(all(abs(d) < tolerance for d in diff.values())),
    }
