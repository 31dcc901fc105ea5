r"""Experiment 5: the clockwork RNN's memory, against a vanilla RNN of the same size.

The task is copy-first (:func:`~lstm_explained.tasks.copy_first_batch`): read ``length`` random
symbols (one-hot), then name the first one; everything after the first step is distraction.
A vanilla RNN has to carry the symbol through ``length - 1`` tanh layers, and the gradient that
would teach it to do so crosses the same number of Jacobians on the way back. In a clockwork RNN
(:class:`~lstm_explained.ClockworkRNNCell`) every module reads the first symbol (step 0 is a tick
of every period), and a module of period :math:`T_k` then changes only every :math:`T_k` steps,
so both the memory and its gradient cross :math:`T_k` times fewer layers.

Two measurements:

* :func:`clockwork_memory` trains both models from the same seeds, with the same budget, the RNN
  sized to the clockwork model's parameter count (:func:`matched_rnn_size`), and tests them on
  fresh sequences.
* Each trained clockwork model is then tested again with one module *erased* (set to zero)
  halfway through the sequence: the answer is lost when, and only when, the erased module is one
  of those that carry it, which shows where the memory lives.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from ..clockwork import ClockworkRNNCell
from ..layers import Embedding, Readout, SequenceModel
from ..rnn import RNNCell
from ..tasks import copy_first_batch
from ..train import accuracy, train

__all__ = [
    "BOOK_SEEDS",
    "LENGTHS",
    "PERIODS",
    "SOLVED_ACCURACY",
    "clockwork_memory",
    "erased_module_accuracy",
    "matched_rnn_size",
]

#: The clockwork model's module periods (fastest first).
PERIODS = (1, 2, 4, 8)
#: Sequence lengths of the default run: one that both models learn, one that only one does.
LENGTHS = (16, 64)
#: The seeds the book uses; the tests check that each of them shows the result.
BOOK_SEEDS = (0, 1)
#: Test accuracy from which a run counts as solved (chance is ``1 / num_symbols``).
SOLVED_ACCURACY = 0.95


def _parameter_count(model: SequenceModel) -> int:
    """Free parameters: the cell's own count (the clockwork cell leaves out its masked weights),
    the readout's, and the embedding's only if it is trained (here it is a fixed one-hot)."""
    return model.cell.num_parameters + sum(p.size for p in model.readout.params.values())


def matched_rnn_size(hidden_size: int, periods: Sequence[int], num_symbols: int) -> int:
    """The RNN hidden size whose copy-first model has the parameter count nearest to that of a
    clockwork model with ``hidden_size`` units in ``len(periods)`` modules.

    Counts are those of :func:`clockwork_memory`'s models: the cell (``W``, ``b``; for the
    clockwork cell only the weights inside its mask) and the readout to ``num_symbols`` classes.

    Examples
    --------
    >>> matched_rnn_size(32, (1, 2, 4, 8), 8)
    27
    """
    g = len(periods)
    m = hidden_size // g
    recurrent = m * m * g * (g + 1) // 2  # the block upper triangle
    target = recurrent + hidden_size * (2 * num_symbols + 1) + num_symbols
    sizes = np.arange(1, 4 * hidden_size + 1)
    counts = sizes * sizes + sizes * (2 * num_symbols + 1) + num_symbols
    return int(sizes[np.argmin(np.abs(counts - target))])


def _model(kind: str, hidden_size: int, periods, num_symbols: int, seed: int, dtype) -> Any:
    if kind == "clockwork":
        cell = ClockworkRNNCell(num_symbols, hidden_size, periods=periods, rng=seed, dtype=dtype)
    else:
        cell = RNNCell(num_symbols, hidden_size, rng=seed, dtype=dtype)
    readout = Readout(hidden_size, num_symbols, rng=seed + 1, dtype=dtype)
    return SequenceModel(cell, readout, Embedding(np.eye(num_symbols), dtype=dtype))


def erased_module_accuracy(
    model: SequenceModel, tokens: np.ndarray, targets: np.ndarray, module: int, at: int
) -> float:
    """Test accuracy of a trained clockwork model when one module is set to zero before step
    ``at`` (the run continues from there with the right step index).

    Parameters
    ----------
    model : SequenceModel
        A model whose cell is a :class:`~lstm_explained.ClockworkRNNCell`.
    tokens : (T, N) int ndarray
        Test sequences.
    targets : (N,) int ndarray
        Their answers.
    module : int
        Which module to erase, 0 for the fastest.
    at : int
        The step index before which the module is erased, ``0 < at < T``.

    Returns
    -------
    float
    """
    cell = model.cell
    if not isinstance(cell, ClockworkRNNCell):
        raise TypeError(f"model.cell must be a ClockworkRNNCell; got {type(cell).__name__}")
    T = np.shape(tokens)[0]
    if not 0 <= module < len(cell.periods):
        raise ValueError(f"module must be in [0, {len(cell.periods)}); got {module}")
    if not 0 < at < T:
        raise ValueError(f"at must be a step index with 0 < at < T={T}; got {at}")
    m = cell.hidden_size // len(cell.periods)
    xs = model.embedding.forward(tokens)
    _, h, _ = cell.forward(xs[:at])
    h[:, module * m : (module + 1) * m] = 0.0
    hs, _, _ = cell.forward(xs[at:], h, t0=at)
    predicted = model.readout.forward(hs[-1]).argmax(axis=1)
    return float(np.mean(predicted == targets))


def clockwork_memory(
    lengths: Sequence[int] = LENGTHS,
    seeds: Sequence[int] = BOOK_SEEDS,
    *,
    periods: Sequence[int] = PERIODS,
    hidden_size: int = 32,
    num_symbols: int = 8,
    batch_size: int = 32,
    max_steps: int = 600,
    lr: float = 4e-3,
    test_size: int = 1000,
    dtype: Any = np.float32,
) -> dict[str, list[dict[str, Any]]]:
    r"""Train a clockwork RNN and a vanilla RNN of the same size on copy-first; test both.

    Parameters
    ----------
    lengths : sequence of int, default (16, 64)
        Sequence lengths (the first symbol has to survive ``length - 1`` steps).
    seeds : sequence of int, default (0, 1)
        One independent run of each model per seed and length: the seed fixes the initial
        weights, the training batches and the test set.
    periods : sequence of int, default (1, 2, 4, 8)
        The clockwork modules' periods.
    hidden_size : int, default 32
        The clockwork model's hidden size; the RNN gets :func:`matched_rnn_size`.
    num_symbols : int, default 8
        The alphabet (chance accuracy is its inverse).
    batch_size, max_steps, lr : int, int, float
        Training: Adam with gradient-norm clipping at 1 (:func:`~lstm_explained.train.train`),
        stopping early once the moving average of the loss is below 0.02.
    test_size : int, default 1000
        Fresh test sequences per run.
    dtype : float32 or float64, default float32

    Returns
    -------
    dict
        ``"runs"``: one dict per (model, length, seed), with the keys ``model``
        (``"clockwork"`` or ``"rnn"``), ``length``, ``seed``, ``hidden_size``, ``parameters``,
        ``accuracy``, ``solved`` (accuracy >= 0.95), ``steps`` and ``seconds``.
        ``"erasure"``: one dict per (length, seed, module) of the clockwork model, with the keys
        ``length``, ``seed``, ``module``, ``period`` and ``accuracy``: the test accuracy when that
        module is set to zero halfway through (at step ``length // 2``).

    Notes
    -----
    Measured on this project's 2-core machine, default size (8 training runs, BLAS on one
    thread): 3.9 s of CPU time (6.7 s of wall time on a machine busy with other work).

    With the default seeds 0 and 1, the clockwork model (32 units, 1192 free parameters) and the
    RNN (27 units, 1196 parameters) both reach accuracy 1.0 at length 16. At length 64 the
    clockwork model reaches 0.996 and 0.999 (in about 310 steps), while the RNN stays at chance
    (0.12) for all 600 steps; it still does after 3000 steps. Erasing the period-1 or period-2
    module halfway leaves the clockwork model's answer intact (0.996 to 0.999); erasing the
    period-8 module drops it to 0.35 and 0.21, the period-4 module to 0.98 and 0.95: the first
    symbol is kept mostly by the slowest module (at length 16 erasing it costs less, 0.92 and
    0.82).

    Examples
    --------
    >>> result = clockwork_memory(lengths=[6], seeds=[0], max_steps=5, test_size=20)
    >>> [(r["model"], r["length"], r["seed"]) for r in result["runs"]]
    [('clockwork', 6, 0), ('rnn', 6, 0)]
    >>> [r["period"] for r in result["erasure"]]
    [1, 2, 4, 8]
    """
    periods = tuple(periods)
    lengths, seeds = [int(n) for n in lengths], [int(s) for s in seeds]
    if not lengths or not seeds or min(lengths) < 2:
        raise ValueError(
            f"lengths (each >= 2) and seeds must be non-empty; got lengths={lengths}, seeds={seeds}"
        )
    rnn_size = matched_rnn_size(hidden_size, periods, num_symbols)
    runs: list[dict[str, Any]] = []
    erasure: list[dict[str, Any]] = []
    # Small matrix products: one BLAS thread is fastest and leaves the other core alone.
    with threadpool_limits(limits=1, user_api="blas"):
        for length in lengths:
            for seed in seeds:
                test = copy_first_batch(10_000 + seed, test_size, length, num_symbols)
                task = partial(
                    copy_first_batch, batch_size=batch_size, length=length, num_symbols=num_symbols
                )
                for kind, H in (("clockwork", hidden_size), ("rnn", rnn_size)):
                    model = _model(kind, H, periods, num_symbols, seed, dtype)
                    start = time.perf_counter()
                    history = train(model, task, rng=seed, max_steps=max_steps, lr=lr)
                    acc = accuracy(model, test.inputs, test.targets)
                    runs.append(
                        {
                            "model": kind,
                            "length": length,
                            "seed": seed,
                            "hidden_size": H,
                            "parameters": _parameter_count(model),
                            "accuracy": acc,
                            "solved": acc >= SOLVED_ACCURACY,
                            "steps": history.steps,
                            "seconds": time.perf_counter() - start,
                        }
                    )
                    if kind == "clockwork":
                        for k, period in enumerate(periods):
                            acc_k = erased_module_accuracy(
                                model, test.inputs, test.targets, k, length // 2
                            )
                            erasure.append(
                                {"length": length, "seed": seed, "module": k,
                                 "period": period, "accuracy": acc_k}
                            )  # fmt: skip
    return {"runs": runs, "erasure": erasure}
