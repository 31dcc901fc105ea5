r"""The practice chapter's evidence on a task that needs the future, and on padded batches.

*The look-ahead task*: a sequence of random symbols (one-hot, ``V`` of them), of a random length;
at every step the model must name the symbol that comes ``shift`` steps *later*. A cell that reads
forwards has not seen it yet, so it can do no better than chance, :math:`1 / V`; a bidirectional
layer's backward cell has. :func:`future_runs` trains both at about equal numbers of parameters
from several seeds, on padded batches of sequences of different lengths, and
:func:`future_claims` states what the chapter asserts. :func:`padding_agreement` checks that a
padded batch gives the losses and the gradients of its sequences run one at a time.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from lstm_explained.cells.init import as_generator
from lstm_explained.check import relative_error
from lstm_explained.layers.lengths import mask_from_lengths
from lstm_explained.layers.stack import RecurrentStack
from lstm_explained.training.layers import Readout
from lstm_explained.training.loop import run_loop
from lstm_explained.training.optim import Adam

__all__ = [
    "FUTURE_MODELS",
    "Tagger",
    "future_batch",
    "future_claims",
    "future_runs",
    "masked_cross_entropy",
    "padding_agreement",
]

#: The two models of the look-ahead task: for each label, whether it reads both ways and its
#: hidden size. They have about the same number of parameters.
FUTURE_MODELS: dict[str, tuple[bool, int]] = {
    "one direction, 12 units": (False, 12),
    "both directions, 8 + 8 units": (True, 8),
}


def future_batch(
    rng: np.random.Generator | int,
    batch_size: int,
    *,
    vocab: int = 4,
    shift: int = 2,
    min_len: int = 6,
    max_len: int = 12,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A padded batch of the look-ahead task.

    Returns
    -------
    xs : (max_len, B, vocab) ndarray
        One-hot symbols, zeros at padded steps.
    targets : (max_len, B) ndarray of int
        The symbol ``shift`` steps later; ``-1`` where there is none (the last ``shift`` steps of
        a sequence, and the padding).
    lengths : (B,) ndarray of int

    Examples
    --------
    >>> xs, y, n = future_batch(0, 2, max_len=8)
    >>> xs.shape, bool(np.all(y[: n[0] - 2, 0] == xs[2 : n[0], 0].argmax(1)))
    ((8, 2, 4), True)
    """
    gen = as_generator(rng)
    lengths = gen.integers(min_len, max_len + 1, size=batch_size)
    tokens = gen.integers(0, vocab, size=(max_len, batch_size))
    real = mask_from_lengths(lengths, max_len)
    xs = np.eye(vocab)[tokens] * real[:, :, None]
    targets = np.full((max_len, batch_size), -1, dtype=np.int64)
    targets[:-shift] = tokens[shift:]
    targets[~mask_from_lengths(lengths - shift, max_len)] = -1
    return xs, targets, lengths


def masked_cross_entropy(logits: np.ndarray, targets: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy over the steps whose target is not ``-1``, and its gradient."""
    keep = targets >= 0
    z = logits - logits.max(axis=2, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=2, keepdims=True)
    k = np.where(keep, targets, 0)
    picked = np.take_along_axis(p, k[:, :, None], axis=2)[:, :, 0]
    n = max(int(keep.sum()), 1)
    loss = float(-np.log(picked[keep]).sum() / n)
    d = p.copy()
    np.put_along_axis(d, k[:, :, None], picked[:, :, None] - 1.0, axis=2)
    d *= keep[:, :, None] / n
    return loss, d.astype(logits.dtype)


class Tagger:
    """A :class:`~lstm_explained.layers.RecurrentStack` and a readout at every step.

    Examples
    --------
    >>> m = Tagger(4, 3, bidirectional=True, rng=0)
    >>> logits, cache = m.forward(np.zeros((5, 2, 4)), [5, 3])
    >>> logits.shape, m.num_parameters
    ((5, 2, 4), 220)
    """

    def __init__(
        self,
        vocab: int,
        hidden: int,
        *,
        bidirectional: bool,
        num_layers: int = 1,
        rng: Any = None,
        dtype: Any = np.float64,
    ) -> None:
        gen = as_generator(rng)
        self.stack = RecurrentStack(
            vocab, hidden, num_layers, bidirectional=bidirectional, rng=gen, dtype=dtype
        )
        D = self.stack.num_directions
        self.readout = Readout(D * hidden, vocab, rng=gen, dtype=dtype)

    @property
    def params(self) -> dict[str, np.ndarray]:
        named = {f"stack.{k}": v for k, v in self.stack.params.items()}
        named.update({f"readout.{k}": v for k, v in self.readout.params.items()})
        return named

    @property
    def num_parameters(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    def forward(self, xs: Any, lengths: Any) -> tuple[np.ndarray, dict[str, Any]]:
        ys, _, cache = self.stack.forward(xs, lengths=lengths)
        T, B, F = ys.shape
        return self.readout.forward(ys.reshape(T * B, F)).reshape(T, B, -1), {"s": cache, "y": ys}

    def backward(self, dlogits: np.ndarray, cache: dict[str, Any]) -> dict[str, np.ndarray]:
        ys = cache["y"]
        T, B, F = ys.shape
        dy, g_r = self.readout.backward(dlogits.reshape(T * B, -1), ys.reshape(T * B, F))
        _, _, g_s = self.stack.backward(dy.reshape(T, B, F), cache["s"])
        grads = {f"stack.{k}": v for k, v in g_s.items()}
        grads.update({f"readout.{k}": v for k, v in g_r.items()})
        return grads


def _accuracy(model: Tagger, rng: np.random.Generator, n: int, **task: Any) -> float:
    xs, y, lengths = future_batch(rng, n, **task)
    logits, _ = model.forward(xs, lengths)
    keep = y >= 0
    return float((logits.argmax(axis=2) == y)[keep].mean())


def future_runs(
    seeds: Any = (0, 1, 2),
    labels: Any = tuple(FUTURE_MODELS),
    *,
    steps: int = 150,
    batch: int = 32,
    lr: float = 2e-2,
    test_size: int = 300,
    **task: Any,
) -> list[dict[str, Any]]:
    """Train every model of :data:`FUTURE_MODELS` from every seed on the look-ahead task.

    Float32, one BLAS thread, Adam, clipping at 1, a fresh padded batch at every step. Each
    entry: ``label``, ``seed``, ``params``, ``losses`` (per step), ``accuracy`` (on
    ``test_size`` fresh sequences, real steps only), ``chance`` and ``cpu_seconds``.
    """
    out = []
    vocab = task.get("vocab", 4)
    with threadpool_limits(1, "blas"):
        for seed in seeds:
            for label in labels:
                bi, hidden = FUTURE_MODELS[label]
                cpu = time.process_time()
                rng = np.random.default_rng([seed, 2])
                model = Tagger(vocab, hidden, bidirectional=bi, rng=seed, dtype=np.float32)

                def gradients(batch_data, _state, model=model):
                    xs, y, lengths = batch_data
                    logits, cache = model.forward(xs, lengths)
                    loss, d = masked_cross_entropy(logits, y)
                    return loss, model.backward(d, cache), None

                batches = (future_batch(rng, batch, **task) for _ in range(steps))
                losses, _ = run_loop(batches, gradients, Adam(model.params, lr=lr), clip=1.0)
                acc = _accuracy(model, np.random.default_rng([seed, 3]), test_size, **task)
                out.append(
                    {
                        "label": label,
                        "seed": seed,
                        "params": model.num_parameters,
                        "losses": losses,
                        "accuracy": acc,
                        "chance": 1.0 / vocab,
                        "cpu_seconds": time.process_time() - cpu,
                    }
                )
    return out


def future_claims(runs: list[dict[str, Any]], *, solved: float = 0.9, slack: float = 0.05) -> bool:
    """Every seed: the bidirectional model's accuracy is at least ``solved``, the
    one-directional one's at most chance plus ``slack``."""
    ok = True
    for r in runs:
        bi = FUTURE_MODELS[r["label"]][0]
        ok &= r["accuracy"] >= solved if bi else r["accuracy"] <= r["chance"] + slack
    return bool(ok)


def padding_agreement(seed: int = 0, *, batch: int = 6, cell: str = "lstm") -> dict[str, float]:
    """A padded batch against its sequences one at a time, in float64.

    The loss of the batch is the *sum* of the sequences' masked losses (so that it is comparable
    with one at a time). Returns the largest relative difference of the per-sequence losses and
    of every gradient (``"loss"``, ``"grads"``), and the lengths used.

    Examples
    --------
    >>> r = padding_agreement(0)
    >>> r["loss"] < 1e-12 and r["grads"] < 1e-12
    True
    """
    rng = np.random.default_rng([seed, 4])
    model = Tagger(4, 5, bidirectional=True, num_layers=2, rng=seed)
    xs, y, lengths = future_batch(rng, batch)
    logits, cache = model.forward(xs, lengths)
    per_seq, d_all = [], np.zeros_like(logits)
    for b in range(batch):
        loss_b, d_b = masked_cross_entropy(logits[:, b : b + 1], y[:, b : b + 1])
        per_seq.append(loss_b)
        d_all[:, b : b + 1] = d_b
    grads = model.backward(d_all, cache)
    alone_losses, total = [], {k: np.zeros_like(v) for k, v in grads.items()}
    for b in range(batch):
        n = int(lengths[b])
        lg, c = model.forward(xs[:n, b : b + 1], [n])
        loss_b, d_b = masked_cross_entropy(lg, y[:n, b : b + 1])
        alone_losses.append(loss_b)
        for k, v in model.backward(d_b, c).items():
            total[k] += v
    return {
        "loss": relative_error(np.array(per_seq), np.array(alone_losses)),
        "grads": max(relative_error(total[k], grads[k]) for k in grads),
        "lengths": lengths.tolist(),
    }
