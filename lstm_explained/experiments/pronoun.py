r"""Train one model on the pronoun language and test it: the unit of work of the experiments.

The settings are those measured to work for every model of the package (hidden size 32, batch
64, Adam with learning rate 4e-3, gradient norm clipped at 1, at most 800 steps, early stop when
the moving average of the loss falls below 0.02, float32, a fixed embedding with a shared gender
direction, 1000 fresh test sentences). A run is decided by its name, its gap and its seed alone:
the seed is split into independent streams for the weights, the embedding, the training batches
and the test sentences, so a run gives the same numbers wherever and in whatever order it runs.

:func:`run_many` runs a list of such jobs, on worker processes if asked; numpy's BLAS is pinned
to one thread for the duration (these matrices are tiny, and two BLAS threads on two busy cores
slow a run down by an order of magnitude), which also makes every result independent of the
machine's load.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from ..clockwork import ClockworkRNNCell
from ..coupled import CoupledLSTMCell
from ..depth_gated import DepthGatedLSTM
from ..gru import GRUCell
from ..layers import Embedding, Readout, SequenceModel
from ..lstm import LSTMCell
from ..peephole import PeepholeLSTMCell
from ..rnn import RNNCell
from ..tasks import PRONOUNS, pronoun_batch, pronoun_embeddings
from ..train import TrainHistory, accuracy, train

__all__ = [
    "CELLS",
    "SOLVED_ACCURACY",
    "PronounRun",
    "make_cell",
    "run_many",
    "run_pronoun",
    "train_pronoun",
]

#: A run counts as solved when its test accuracy reaches this (chance is 0.5; training is all or
#: nothing, so solved runs score 0.99 or more and failed ones about 0.5).
SOLVED_ACCURACY = 0.95

#: The models by name: ``(class, keyword arguments)``. The GRU's ``update_bias=-3`` is the
#: counterpart of an LSTM's forget bias +3 (in our GRU, ``z`` near 0 keeps the state).
CELLS: dict[str, tuple[type, dict[str, Any]]] = {
    "RNN": (RNNCell, {}),
    "LSTM": (LSTMCell, {"forget_bias": 3.0}),
    "GRU": (GRUCell, {"update_bias": -3.0}),
    "LSTM, forget bias 0": (LSTMCell, {"forget_bias": 0.0}),
    "LSTM, forget bias 1": (LSTMCell, {"forget_bias": 1.0}),
    "LSTM, forget bias 3": (LSTMCell, {"forget_bias": 3.0}),
    "peephole LSTM, bias 3": (PeepholeLSTMCell, {"forget_bias": 3.0}),
    "coupled LSTM (CIFG), bias 3": (CoupledLSTMCell, {"forget_bias": 3.0}),
    "GRU, update bias 0": (GRUCell, {"update_bias": 0.0}),
    "GRU, update bias 3": (GRUCell, {"update_bias": -3.0}),
    "depth-gated LSTM, 2 layers, bias 3": (DepthGatedLSTM, {"num_layers": 2, "forget_bias": 3.0}),
    "clockwork RNN, periods 1-8": (ClockworkRNNCell, {"periods": (1, 2, 4, 8)}),
}

HIDDEN_SIZE = 32
EMBEDDING_DIM = 16


def make_cell(
    name: str, input_size: int, hidden_size: int, *, rng: np.random.Generator | int, dtype: Any
) -> Any:
    """Build the cell called ``name`` in :data:`CELLS`.

    Examples
    --------
    >>> import numpy as np
    >>> cell = make_cell("GRU", 16, 32, rng=0, dtype=np.float32)
    >>> type(cell).__name__, float(cell.params["b_z"][0])
    ('GRUCell', -3.0)
    """
    if name not in CELLS:
        raise ValueError(f"name must be one of {sorted(CELLS)}; got {name!r}")
    cls, kwargs = CELLS[name]
    return cls(input_size, hidden_size, rng=rng, dtype=dtype, **kwargs)


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
    name: str,
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
    """Train the model ``name`` on the pronoun language at one gap, from one seed, and test it.

    Parameters
    ----------
    name : str
        A key of :data:`CELLS`.
    gap : int
        Steps from the subject to the full stop (see :func:`~lstm_explained.tasks.pronoun_batch`).
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
    >>> run = train_pronoun("LSTM", gap=3, seed=0, max_steps=60, test_size=200)
    >>> run.history.steps <= 60 and 0.0 <= run.accuracy <= 1.0
    True
    """
    streams = np.random.SeedSequence(seed).spawn(4)
    rng_model, rng_embedding, rng_data, rng_test = (np.random.default_rng(s) for s in streams)
    cell = make_cell(name, EMBEDDING_DIM, hidden_size, rng=rng_model, dtype=dtype)
    readout = Readout(hidden_size, len(PRONOUNS), rng=rng_model, dtype=dtype)
    embedding = Embedding(pronoun_embeddings(rng_embedding, EMBEDDING_DIM), dtype=dtype)
    model = SequenceModel(cell, readout, embedding)
    task = partial(pronoun_batch, batch_size=batch_size, gap=gap, second_subject=second_subject)
    history = train(model, task, rng=rng_data, max_steps=max_steps, lr=lr)
    test = pronoun_batch(rng_test, test_size, gap, second_subject=second_subject)
    return PronounRun(model, history, accuracy(model, test.inputs, test.targets), rng_test)


def run_pronoun(name: str, gap: int, seed: int, **settings: Any) -> dict[str, Any]:
    """:func:`train_pronoun` as a plain row: name, gap, seed, accuracy, solved, steps, times.

    ``seconds`` is the wall time of the run, ``cpu_seconds`` the processor time it used (on a
    busy machine the first grows, the second hardly).

    Examples
    --------
    >>> row = run_pronoun("RNN", gap=2, seed=0, max_steps=5, test_size=50)
    >>> sorted(row)
    ['accuracy', 'cpu_seconds', 'gap', 'model', 'seconds', 'seed', 'solved', 'steps']
    """
    start, cpu_start = time.perf_counter(), time.process_time()
    run = train_pronoun(name, gap, seed, **settings)
    return {
        "model": name,
        "gap": gap,
        "seed": seed,
        "accuracy": run.accuracy,
        "solved": run.accuracy >= SOLVED_ACCURACY,
        "steps": run.history.steps,
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu_start,
    }


def _call_one_thread(job: tuple[Callable[..., Any], tuple, dict]) -> Any:
    fn, args, kwargs = job
    with threadpool_limits(limits=1, user_api="blas"):
        return fn(*args, **kwargs)


def run_many(
    fn: Callable[..., Any],
    jobs: Iterable[tuple[Sequence[Any], dict[str, Any]]],
    *,
    workers: int = 2,
) -> list[Any]:
    """Call ``fn(*args, **kwargs)`` for every job, in order, with numpy's BLAS on one thread.

    Parameters
    ----------
    fn : callable
        A module-level function (it is sent to worker processes by name).
    jobs : iterable of (args, kwargs)
        The calls to make.
    workers : int, default 2
        Worker processes; 1 runs the jobs here, one after another. The results are the same
        either way: each job is seeded by its own arguments.

    Returns
    -------
    list
        The results, in the order of ``jobs``.

    Examples
    --------
    >>> run_many(divmod, [((7, 2), {}), ((9, 4), {})], workers=1)
    [(3, 1), (2, 1)]
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive int; got {workers!r}")
    calls = [(fn, tuple(args), dict(kwargs)) for args, kwargs in jobs]
    if workers == 1 or len(calls) <= 1:
        return [_call_one_thread(call) for call in calls]
    # fork: the workers inherit the imported package, and a script that calls this without an
    # ``if __name__ == "__main__"`` guard still works (spawn would re-run it in every worker).
    # Where fork does not exist (Windows), the platform's default start method is used.
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else None)
    with ProcessPoolExecutor(max_workers=min(workers, len(calls)), mp_context=context) as pool:
        return list(pool.map(_call_one_thread, calls))
