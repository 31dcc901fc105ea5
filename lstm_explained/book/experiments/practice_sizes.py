r"""The practice chapter's sweep of sizes: hidden units and window length against held-out bits.

The chapter's language model (:mod:`~lstm_explained.book.experiments.practice_dropout`: one
LSTM layer on one-hot characters, a readout at every step, Adam, clipping at 1, the state
carried from window to window) is trained again with ``H`` hidden units and windows of ``T``
steps, from several seeds, and scored on held-out text after every pass. Its cost per character
does not depend on ``T``:

.. math:: \text{multiply-adds per character} \approx 3\,\bigl(4H(H + V) + HV\bigr)

(the forward pass's four gate products and the readout, and about twice that backwards);
``T`` sets how many updates a pass makes and how far back a gradient reaches.

To keep the sweep cheap the seeds train *side by side*:
:class:`~lstm_explained.book.experiments.practice_seeds.SeedLanguageModels` holds one such model
per seed with a leading seed axis, so numpy's fixed cost per operation is paid once for all of
them. Each model is initialised with the weights of
:class:`~lstm_explained.book.experiments.practice_dropout.StackLanguageModel` for its seed and
trained with exactly :func:`~lstm_explained.book.experiments.practice_dropout.dropout_runs`'
recipe (its gradients are clipped by its own norm, and Adam is element-wise), so a cell of the
sweep is the same experiment as that function's model without dropout, up to rounding; that
run is reused when it is at hand. :func:`size_claims` states what the chapter asserts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from lstm_explained.book.experiments.practice_dropout import DropoutRun, dropout_data
from lstm_explained.book.experiments.practice_seeds import SeedLanguageModels, held_bits_per_seed
from lstm_explained.cells.validation import check_int
from lstm_explained.lm.text import stream_windows
from lstm_explained.training.optim import Adam

__all__ = ["SIZES", "SizeRun", "macs_per_char", "size_claims", "size_runs", "size_table"]

#: The chapter's grid: (hidden units, window steps, passes). A window of 8 steps updates four times
#: as often per pass as one of 32 and reaches its best held-out score in fewer passes, so it trains
#: for fewer; the cell of 64 units and 32 steps is the chapter's model without dropout.
SIZES: tuple[tuple[int, int, int], ...] = (
    (16, 8, 12),
    (32, 8, 12),
    (64, 8, 12),
    (16, 32, 20),
    (64, 32, 20),
)


def macs_per_char(hidden: int, vocab: int) -> int:
    """Multiply-adds per character of training: ``3 (4H(H + V) + HV)``.

    >>> macs_per_char(64, 67)
    113472
    """
    hidden = check_int(hidden, "hidden", minimum=1)
    vocab = check_int(vocab, "vocab", minimum=1)
    return 3 * (4 * hidden * (hidden + vocab) + hidden * vocab)


@dataclass
class SizeRun:
    """One cell and seed of :func:`size_runs`: held-out bits before training and after every
    pass ``(passes + 1,)``, the training loss of every pass ``(passes,)`` (bits per character),
    the parameters, the multiply-adds per character of training and the updates per pass."""

    hidden: int
    window: int
    seed: int
    held: np.ndarray
    train: np.ndarray
    params: int
    macs: int
    updates: int

    @property
    def best(self) -> float:
        """The best held-out bits per character over the passes."""
        return float(self.held.min())

    @property
    def best_pass(self) -> int:
        return int(np.argmin(self.held))


def size_runs(
    seeds: Any = (0, 1, 2),
    sizes: Any = SIZES,
    *,
    reuse: Any = (),
    reuse_window: int = 32,
    batch: int = 8,
    lr: float = 2e-2,
    data: Any = None,
) -> list[SizeRun]:
    """Train every ``(hidden, window, passes)`` of ``sizes`` from every seed, seeds side by side.

    Parameters
    ----------
    seeds : sequence of int
    sizes : sequence of (int, int, int)
        Hidden units, window steps, passes.
    reuse : sequence of DropoutRun
        Runs of :func:`~lstm_explained.book.experiments.practice_dropout.dropout_runs`; its
        models without dropout, made with windows of ``reuse_window`` steps and the same
        ``batch``, ``lr`` and data, stand for the cell of their size when they have at least its
        passes (cut to them) and every seed.
    batch, lr, data
        As for ``dropout_runs``: streams, Adam's learning rate, ``(vocab, train, held)``.

    Returns
    -------
    list of SizeRun
        Grouped by cell in the order of ``sizes``, seeds in order.
    """
    seeds = [check_int(s, "seeds", minimum=0) for s in seeds]
    sizes = [tuple(check_int(v, "sizes", minimum=1) for v in cell) for cell in sizes]
    if not seeds or not sizes or any(len(cell) != 3 for cell in sizes):
        raise ValueError("seeds and sizes must be non-empty; sizes holds (hidden, window, passes)")
    if not all(isinstance(r, DropoutRun) for r in reuse):
        raise TypeError("reuse must hold DropoutRun objects from dropout_runs")
    vocab, train_tokens, held_tokens = dropout_data() if data is None else data
    V = len(vocab)
    found = {(r.seed, r.params): r for r in reuse if r.label == "no dropout"}
    runs: list[SizeRun] = []
    with threadpool_limits(1, "blas"):
        for hidden, window, passes in sizes:
            models = SeedLanguageModels(V, hidden, seeds)
            n = models.num_parameters
            old = [found.get((s, n)) for s in seeds]
            if window == reuse_window and all(
                r is not None and r.train.size >= passes for r in old
            ):
                held = np.array([r.held[: passes + 1] for r in old])
                train = np.array([r.train[:passes] for r in old])
            else:
                held, train = _train(models, train_tokens, held_tokens, batch, window, passes, lr)
            updates = stream_windows(train_tokens, batch_size=batch, window=window)[0].shape[0]
            cost = macs_per_char(hidden, V)
            for k, s in enumerate(seeds):
                runs.append(SizeRun(hidden, window, s, held[k], train[k], n, cost, updates))
    return runs


def _train(models, train_tokens, held_tokens, batch, window, passes, lr):
    """Held-out bits ``(S, passes + 1)`` and pass losses ``(S, passes)`` of one cell's seeds."""
    inputs, targets = stream_windows(train_tokens, batch_size=batch, window=window)
    opt = Adam({"flat": models.flat}, lr=lr)
    held, train = [held_bits_per_seed(models, held_tokens)], []
    for _ in range(passes):
        state, losses = None, []
        for k in range(inputs.shape[0]):
            loss, grads, state = models.gradients(inputs[k], targets[k], state)
            flat = models.flatten(grads)
            norm = np.sqrt(np.square(flat, dtype=float).sum(axis=1))
            flat *= np.minimum(1.0, 1.0 / np.maximum(norm, 1e-300)).astype(flat.dtype)[:, None]
            opt.step({"flat": flat})
            losses.append(loss)
        train.append(np.mean(losses, axis=0) / np.log(2.0))
        held.append(held_bits_per_seed(models, held_tokens))
    return np.array(held).T, np.array(train).T


def size_claims(
    runs: list[SizeRun],
    *,
    narrow: int = 16,
    wide: int = 64,
    short: int = 8,
    long: int = 32,
    margin: float = 0.03,
    tie: float = 0.03,
) -> dict[str, Any]:
    """What the chapter asserts about the sweep, seed by seed, on the best held-out pass.

    Width buys bits: at every window, ``wide`` units end at least ``margin`` bits per character
    below ``narrow`` units. The long window buys nothing here: at every size, the ``long``
    window's best is never more than ``tie`` bits below the ``short`` window's.

    Returns
    -------
    dict
        ``"width"``: ``{(window, seed): best(narrow) - best(wide)}`` (positive: width helped);
        ``"window"``: ``{(hidden, seed): best(long) - best(short)}`` (positive: the short window
        did better); ``"holds"``: both statements on every seed.

    Examples
    --------
    >>> runs = [SizeRun(h, w, 0, np.array([4.0, b]), np.array([b]), 0, 0, 1)
    ...         for h, w, b in [(16, 8, 3.6), (64, 8, 3.5), (16, 32, 3.6), (64, 32, 3.51)]]
    >>> c = size_claims(runs)
    >>> round(c["width"][(8, 0)], 2), round(c["window"][(64, 0)], 2), c["holds"]
    (0.1, 0.01, True)
    """
    if not (margin > 0 and tie >= 0):
        raise ValueError(f"margin must be positive and tie non-negative; got {margin}, {tie}")
    best = {(r.hidden, r.window, r.seed): r.best for r in runs}
    seeds = sorted({r.seed for r in runs})
    out: dict[str, Any] = {"width": {}, "window": {}}
    for (h, w, s), b in best.items():
        if h == narrow and (wide, w, s) in best:
            out["width"][(w, s)] = b - best[(wide, w, s)]
        if w == long and (h, short, s) in best:
            out["window"][(h, s)] = b - best[(h, short, s)]
    if not out["width"] or not out["window"]:
        raise ValueError("runs must hold both widths at one window and both windows at one size")
    for key in ("width", "window"):
        out[key] = dict(sorted(out[key].items()))
    out["holds"] = bool(
        all(v >= margin for v in out["width"].values())
        and all(v > -tie for v in out["window"].values())
        and len(seeds) == len({s for _, s in out["width"]})
    )
    return out


def size_table(runs: list[SizeRun]) -> str:
    """The sweep as a text table, one row per cell: hidden units, window steps, parameters,
    multiply-adds per character, updates per pass, and the best held-out bits and the pass that
    reached them as ranges over the seeds.

    >>> rows = [SizeRun(16, 8, s, np.array([4.0, b]), np.array([b]), 10, 20, 3)
    ...         for s, b in [(0, 3.61), (1, 3.55)]]
    >>> print(size_table(rows))  # doctest: +NORMALIZE_WHITESPACE
     H   T  params  mult-adds/char  updates/pass  best bits, seeds  at pass
    16   8      10              20             3      3.55 to 3.61   1 to 1
    """
    cells: dict[tuple[int, int], list[SizeRun]] = {}
    for r in runs:
        cells.setdefault((r.hidden, r.window), []).append(r)
    lines = [f"{'H':>2} {'T':>3}  params  mult-adds/char  updates/pass  best bits, seeds  at pass"]
    for (h, w), rs in sorted(cells.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        b = [r.best for r in rs]
        p = [r.best_pass for r in rs]
        lines.append(
            f"{h:>2} {w:>3}  {rs[0].params:>6,}  {rs[0].macs:>14,}  {rs[0].updates:>12}"
            f"  {min(b):>8.2f} to {max(b):.2f}  {min(p):>2} to {max(p)}"
        )
    return "\n".join(lines)
