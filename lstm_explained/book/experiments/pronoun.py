r"""Train one model on the pronoun language and test it: the unit of work of the experiments.

The settings are those measured to work for every model of the package (hidden size 32, batch
64, Adam with learning rate 4e-3, gradient norm clipped at 1, at most 800 steps, early stop when
the moving average of the loss falls below 0.02, float32, a fixed embedding with a shared gender
direction, 1000 fresh test sentences). A run is decided by its configuration, its gap and its
seed alone: the seed is split (:func:`~lstm_explained.book.experiments.runs.seed_streams`) into
independent streams for the weights, the embedding, the training batches and the test sentences,
so a run gives the same numbers wherever and in whatever order it runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from ...training.layers import Embedding, Readout
from ...training.loop import TrainHistory, accuracy, train
from ...training.sequence_model import SequenceModel
from ...training.tasks import PRONOUNS, pronoun_batch, pronoun_embeddings
from .configs import make_cell
from .runs import seed_streams
from .summary import SOLVED_ACCURACY

__all__ = [
    "CHANCE",
    "EMBEDDING_DIM",
    "HIDDEN_SIZE",
    "PronounRun",
    "pronoun_row",
    "run_pronoun",
    "train_pronoun",
]

#: The accuracy of guessing he or she.
CHANCE = 1 / len(PRONOUNS)
#: The hidden size of every model trained on the pronoun language.
HIDDEN_SIZE = 32
#: The size of the fixed word vectors.
EMBEDDING_DIM = 16


@dataclass
class PronounRun:
    """What :func:`train_pronoun` returns: the trained model and how it did.

    Attributes
    ----------
    model : SequenceModel
        The trained model (embedding, cell, readout).
    history : TrainHistory
        The training loss per step, steps taken, wall time.
    accuracy : float
        Accuracy on the fresh test sentences.
    test_rng : numpy.random.Generator
        The test stream, positioned after the test sentences (for more fresh data).
    """

    model: SequenceModel
    history: TrainHistory
    accuracy: float
    test_rng: np.random.Generator


def train_pronoun(
    config: str,
    gap: int,
    seed: int,
    *,
    second_subject: float = 0.0,
    hidden_size: int = HIDDEN_SIZE,
    batch_size: int = 64,
    max_steps: int = 800,
    lr: float = 4e-3,
    test_size: int = 1000,
    dtype: Any = np.float32,
) -> PronounRun:
    """Train a configuration on the pronoun language at one gap, from one seed, and test it.

    Parameters
    ----------
    config : str
        A label of :data:`~lstm_explained.book.experiments.configs.CONFIGS`.
    gap : int
        Steps from the subject to the full stop (see :func:`~lstm_explained.pronoun_batch`).
    seed : int
        Decides the weights, the embedding, the training batches and the test sentences.
    second_subject : float, default 0.0
        Probability of a second subject in a sentence, in training and test.
    hidden_size, batch_size, max_steps, lr, test_size : int or float
        The settings (defaults as measured to work).
    dtype : float32 or float64, default float32

    Returns
    -------
    PronounRun

    Examples
    --------
    >>> run = train_pronoun("LSTM, forget bias 3 (b_f = 3)", gap=3, seed=0, max_steps=60,
    ...                     test_size=200)
    >>> run.history.steps <= 60 and 0.0 <= run.accuracy <= 1.0
    True
    """
    rngs = seed_streams(seed, ("weights", "embedding", "data", "test"))
    cell = make_cell(config, EMBEDDING_DIM, hidden_size, rng=rngs["weights"], dtype=dtype)
    readout = Readout(hidden_size, len(PRONOUNS), rng=rngs["weights"], dtype=dtype)
    embedding = Embedding(pronoun_embeddings(rngs["embedding"], EMBEDDING_DIM), dtype=dtype)
    model = SequenceModel(cell, readout, embedding)
    task = partial(pronoun_batch, batch_size=batch_size, gap=gap, second_subject=second_subject)
    history = train(model, task, rng=rngs["data"], max_steps=max_steps, lr=lr, clip=1.0)
    test = pronoun_batch(rngs["test"], test_size, gap, second_subject=second_subject)
    return PronounRun(model, history, accuracy(model, test.inputs, test.targets), rngs["test"])


def run_pronoun(config: str, gap: int, seed: int, **settings: Any) -> dict[str, Any]:
    """:func:`train_pronoun` as a plain row: configuration, gap, seed, accuracy, solved, steps.

    ``model`` is the configuration's label, ``solved`` whether the accuracy reaches
    :data:`~lstm_explained.book.experiments.summary.SOLVED_ACCURACY`, ``seconds`` the wall time of
    the run, ``cpu_seconds`` the processor time it used (on a busy machine the first grows, the
    second hardly).

    Examples
    --------
    >>> row = run_pronoun("RNN", gap=2, seed=0, max_steps=5, test_size=50)
    >>> sorted(row)
    ['accuracy', 'cpu_seconds', 'gap', 'model', 'seconds', 'seed', 'solved', 'steps']
    """
    start, cpu_start = time.perf_counter(), time.process_time()
    run = train_pronoun(config, gap, seed, **settings)
    row = pronoun_row(run, config, gap, seed)
    row["seconds"] = time.perf_counter() - start
    row["cpu_seconds"] = time.process_time() - cpu_start
    return row


def pronoun_row(run: PronounRun, config: str, gap: int, seed: int) -> dict[str, Any]:
    """A run already trained, as the row :func:`run_pronoun` would give (without its times).

    So that a chapter which trained a model itself (to show its training curve) can hand the run
    to a sweep (:func:`~lstm_explained.book.experiments.sweep.pronoun_sweep`'s ``done``) instead of
    training it again.

    Examples
    --------
    >>> run = train_pronoun("RNN", gap=2, seed=0, max_steps=5, test_size=50)
    >>> row = pronoun_row(run, "RNN", 2, 0)
    >>> row["model"], row["gap"], row["seed"], row["steps"]
    ('RNN', 2, 0, 5)
    """
    return {
        "model": config,
        "gap": gap,
        "seed": seed,
        "accuracy": run.accuracy,
        "solved": run.accuracy >= SOLVED_ACCURACY,
        "steps": run.history.steps,
    }
