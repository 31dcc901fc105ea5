r"""The "Train it yourself" page: its settings, its build-time runs, and the test vectors that
check the page's own training code against the package.

The page (``docs/playground.md``) trains a vanilla RNN, a GRU and an LSTM on the pronoun task in
the reader's browser, with a script of its own (``docs/_static/playground/train.js``). Everything
that script computes is the package's: the cells' forward and backward passes, the readout, the
softmax cross-entropy, gradient-norm clipping and Adam. :func:`agreement_vectors` exports what the
package computes for a small model (its weights, a batch, the loss, every gradient, and the
parameters after 20 Adam updates with clipping), and a browser test runs the script on them.

* :data:`SETTINGS`: what the page starts from (the training chapter's settings, a smaller
  hidden size);
* :func:`agreement_vectors`: the test vectors of one cell;
* :func:`page_data`: the JSON the page's script reads (settings, the fixed word vectors, the
  vocabulary);
* :func:`build_runs`: the runs the page shows without scripts, trained by the package.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from ...cells.gru import GRUCell
from ...cells.lstm import LSTMCell
from ...cells.rnn import RNNCell
from ...training.layers import Embedding, Readout
from ...training.loop import accuracy, run_loop, train
from ...training.losses import softmax_cross_entropy
from ...training.optim import Adam
from ...training.sequence_model import SequenceModel
from ...training.tasks import (
    FEMALE_SUBJECTS,
    FILLERS,
    MALE_SUBJECTS,
    PERIOD,
    PRONOUNS,
    pronoun_batch,
    pronoun_embeddings,
)
from ..experiments.claims import CHANCE_BAND
from ..experiments.pronoun import CHANCE, EMBEDDING_DIM
from ..experiments.runs import seed_streams
from ..experiments.summary import SOLVED_ACCURACY

__all__ = [
    "CELLS",
    "AGREEMENT_UPDATES",
    "SETTINGS",
    "TOLERANCE",
    "agreement_vectors",
    "build_runs",
    "check_runs",
    "make_model",
    "page_data",
]

#: How closely the page's script must agree with the package on :func:`agreement_vectors`, the
#: largest error relative to ``max(1, |value|)``: after one step (the loss and every gradient),
#: and after the updates (the losses, the norms and the weights); the browser tests hold it to
#: these, and the page says them.
TOLERANCE = {"one_step": 1e-12, "updates": 1e-9}
#: How many Adam updates :func:`agreement_vectors` takes.
AGREEMENT_UPDATES = 20

#: The page's cells: name -> the label the page shows.
CELLS = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}

#: What the page starts from: the training chapter's settings (batch 64, Adam at 4e-3, clipping
#: at 1, the moving-average stop at 0.02, 1000 test sentences) with a hidden size of 16, and the
#: two configurations side by side. ``bias`` is the keeping gate's starting bias in the book's
#: convention: the LSTM's forget bias ``b_f``, the GRU's keep bias (``b_z = -bias``).
SETTINGS: dict[str, Any] = {
    "hidden_size": 16,
    "batch_size": 64,
    "lr": 4e-3,
    "clip": 1.0,
    "stop_below": 0.02,
    "ema_decay": 0.95,
    "budget": 800,
    "test_size": 1000,
    "test_every": 25,
    "seed": 0,
    "configs": [
        {"cell": "rnn", "gap": 20, "bias": 3.0},
        {"cell": "lstm", "gap": 20, "bias": 3.0},
    ],
}


def make_model(
    cell: str, hidden_size: int, bias: float, *, rng: Any, table: np.ndarray, dtype: Any
) -> SequenceModel:
    """The page's model, built by the package: the fixed word vectors, a cell, a readout.

    Parameters
    ----------
    cell : {"rnn", "gru", "lstm"}
    hidden_size : int
    bias : float
        The keeping gate's starting bias: ``forget_bias`` of the LSTM, ``-update_bias`` of the
        GRU; ignored by the RNN.
    rng : numpy.random.Generator or int
        Draws the cell's weights, then the readout's.
    table : ndarray
        The word vectors, one row per word of the vocabulary
        (:func:`~lstm_explained.pronoun_embeddings`).
    dtype : float32 or float64

    Examples
    --------
    >>> model = make_model("gru", 4, 3.0, rng=0, table=np.eye(38, 5), dtype=np.float64)
    >>> float(model.cell.params["b_z"][0])
    -3.0
    """
    if cell not in CELLS:
        raise ValueError(f"cell must be one of {sorted(CELLS)}; got {cell!r}")
    I = table.shape[1]
    if cell == "lstm":
        c = LSTMCell(I, hidden_size, rng=rng, dtype=dtype, forget_bias=bias)
    elif cell == "gru":
        c = GRUCell(I, hidden_size, rng=rng, dtype=dtype, update_bias=-bias)
    else:
        c = RNNCell(I, hidden_size, rng=rng, dtype=dtype)
    readout = Readout(hidden_size, len(PRONOUNS), rng=rng, dtype=dtype)
    return SequenceModel(c, readout, Embedding(table, dtype=dtype))


def _lists(arrays: dict[str, np.ndarray]) -> dict[str, list[float]]:
    return {k: np.asarray(v, dtype=np.float64).ravel().tolist() for k, v in arrays.items()}


def agreement_vectors(
    cell: str,
    *,
    hidden_size: int = 5,
    gap: int = 6,
    batch_size: int = 8,
    updates: int = AGREEMENT_UPDATES,
    lr: float = 0.02,
    clip: float = 0.3,
    bias: float = 1.0,
    seed: int = 0,
) -> dict[str, Any]:
    """What the package computes for a small model: the page's script must compute the same.

    Parameters
    ----------
    cell : {"rnn", "gru", "lstm"}
    hidden_size, gap, batch_size : int
        The model's and the batches' sizes (small: the vectors are compared element by element).
    updates : int, default 20
        Adam updates with clipping, each on a batch of its own.
    lr : float, default 0.02
        Adam's learning rate: large, so that 20 updates move the weights well away from the start.
    clip : float, default 0.3
        The clipping threshold: some updates are clipped, some not.
    bias : float, default 1.0
        The keeping gate's starting bias (see :func:`make_model`).
    seed : int, default 0

    Returns
    -------
    dict
        ``cell``, ``hidden_size``, ``input_size``, ``lr``, ``clip``; ``table`` (the word vectors,
        row-major); ``params`` (name -> row-major floats, the start); ``batches`` (``updates``
        of ``{tokens, targets}``, tokens time-major, ``(T, B)`` flattened); for the first batch
        ``logits``, ``loss`` and ``grads`` (every parameter's, before clipping); and, after the
        updates, ``losses``, ``norms`` (before clipping) and ``final`` (the parameters), all in
        float64.

    Examples
    --------
    >>> v = agreement_vectors("lstm", updates=2)
    >>> sorted(v["grads"]) == sorted(v["params"]), len(v["batches"]), len(v["losses"])
    (True, 2, 2)
    """
    updates = int(updates)
    table = pronoun_embeddings(seed, EMBEDDING_DIM)
    model = make_model(cell, hidden_size, bias, rng=seed, table=table, dtype=np.float64)
    start = _lists(model.params)
    batches: list[Any] = []

    def task(rng: np.random.Generator) -> Any:
        batch = pronoun_batch(rng, batch_size, gap)
        batches.append(batch)
        return batch

    first = pronoun_batch(np.random.default_rng([seed, 1]), batch_size, gap)
    logits, cache = model.forward(first.inputs)
    loss, dlogits = softmax_cross_entropy(logits, first.targets)
    grads = model.backward(dlogits, cache)
    history = train(model, task, rng=seed, max_steps=updates, lr=lr, clip=clip, stop_below=None)
    return {
        "cell": cell,
        "hidden_size": hidden_size,
        "input_size": EMBEDDING_DIM,
        "lr": lr,
        "clip": clip,
        "table": table.ravel().tolist(),
        "params": start,
        "first": {"tokens": first.inputs.ravel().tolist(), "targets": first.targets.tolist()},
        "T": int(first.inputs.shape[0]),
        "B": batch_size,
        "logits": logits.ravel().tolist(),
        "loss": loss,
        "grads": _lists(grads),
        "batches": [
            {"tokens": b.inputs.ravel().tolist(), "targets": b.targets.tolist()} for b in batches
        ],
        "losses": history.losses.tolist(),
        "norms": history.grad_norms.tolist(),
        "final": _lists(model.params),
    }


def page_data(settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON the page's script reads: settings, word vectors, vocabulary, levels.

    The word vectors are the training chapter's (:func:`~lstm_explained.pronoun_embeddings` from
    the embedding stream of the seed), rounded to 6 significant digits.

    Examples
    --------
    >>> data = page_data()
    >>> len(data["vocabulary"]), len(data["table"]) == 38 * data["input_size"]
    (38, True)
    >>> data["solved"], data["chance"]
    (0.95, 0.5)
    """
    s = dict(SETTINGS if settings is None else settings)
    rngs = seed_streams(int(s["seed"]), ("weights", "embedding", "data", "test"))
    table = pronoun_embeddings(rngs["embedding"], EMBEDDING_DIM)
    return {
        **s,
        "input_size": EMBEDDING_DIM,
        "table": [float(f"{v:.6g}") for v in table.ravel()],
        "vocabulary": [*MALE_SUBJECTS, *FEMALE_SUBJECTS, *FILLERS, PERIOD],
        "pronouns": list(PRONOUNS),
        "cells": CELLS,
        "solved": SOLVED_ACCURACY,
        "chance": CHANCE,
        "chance_band": CHANCE_BAND,
    }


def build_runs(
    data: dict[str, Any], *, test_size: int = 500, test_every: int = 50, dtype: Any = np.float32
) -> list[dict[str, Any]]:
    """Train the page's two starting configurations with the package: what the page shows
    without scripts.

    Parameters
    ----------
    data : dict
        :func:`page_data` (its settings, word vectors and configurations).
    test_size, test_every : int
        Test sentences, and how many updates apart the test accuracy is taken.
    dtype : float32 or float64

    Returns
    -------
    list of dict
        One per configuration: ``cell``, ``gap``, ``bias``, ``losses`` and ``norms`` per update,
        ``at`` and ``accuracy`` (the test accuracy after those updates), ``updates``.

    Examples
    --------
    >>> d = page_data({**SETTINGS, "budget": 4, "configs": [{"cell": "rnn", "gap": 2, "bias": 0}]})
    >>> runs = build_runs(d, test_size=20, test_every=2)
    >>> runs[0]["updates"], runs[0]["at"]
    (4, [0, 2, 4])
    """
    table = np.asarray(data["table"], dtype=np.float64).reshape(-1, data["input_size"])
    return [_build_run(data, c, table, test_size, test_every, dtype) for c in data["configs"]]


def _build_run(
    data: dict[str, Any], c: dict[str, Any], table: np.ndarray, test_size: int, test_every: int,
    dtype: Any,
) -> dict[str, Any]:  # fmt: skip
    """One configuration of :func:`build_runs`, through the package's loop (``run_loop``)."""
    rngs = seed_streams(int(data["seed"]), ("weights", "embedding", "data", "test"))
    model = make_model(
        c["cell"], data["hidden_size"], c["bias"], rng=rngs["weights"], table=table, dtype=dtype
    )
    test = pronoun_batch(rngs["test"], test_size, c["gap"])
    at, acc = [0], [accuracy(model, test.inputs, test.targets)]
    emas: list[float] = []

    def after_step(n: int, loss: float) -> bool:
        d = data["ema_decay"]  # the package's moving average and its stop
        emas.append(loss if n == 1 else d * emas[-1] + (1.0 - d) * loss)
        stop = emas[-1] < data["stop_below"]
        if stop or n % test_every == 0 or n == data["budget"]:
            at.append(n)
            acc.append(accuracy(model, test.inputs, test.targets))
        return stop

    def gradients(batch: Any, _state: Any) -> tuple[float, dict[str, np.ndarray], None]:
        outputs, cache = model.forward(batch.inputs)
        value, doutputs = softmax_cross_entropy(outputs, batch.targets)
        return value, model.backward(doutputs, cache), None

    task = partial(pronoun_batch, batch_size=data["batch_size"], gap=c["gap"])
    batches = (task(rngs["data"]) for _ in range(data["budget"]))
    with threadpool_limits(limits=1, user_api="blas"):
        losses, norms = run_loop(
            batches, gradients, Adam(model.params, lr=data["lr"]), clip=data["clip"],
            after_step=after_step,
        )  # fmt: skip
    return {**c, "losses": losses.tolist(), "norms": norms.tolist(), "at": at,
            "accuracy": acc, "updates": len(losses)}  # fmt: skip


def check_runs(runs: list[dict[str, Any]], data: dict[str, Any]) -> None:
    """The page's claim about its build-time runs: every gated run solved, every RNN at chance.

    An LSTM or GRU run must end at a test accuracy of at least ``data["solved"]``, and stop
    early (its moving average below the threshold, within the budget); an RNN run must not
    solve, and end within ``data["chance_band"]`` of chance.

    Raises
    ------
    AssertionError
        Naming the run that breaks the claim.

    Examples
    --------
    >>> data = page_data()
    >>> rnn = {"cell": "rnn", "gap": 20, "accuracy": [0.5, 0.53], "updates": 800}
    >>> check_runs([rnn], data)
    >>> check_runs([{**rnn, "accuracy": [0.5, 0.97]}], data)
    Traceback (most recent call last):
    ...
    AssertionError: rnn at gap 20: test accuracy 0.97, claimed at chance (0.5 +- 0.1)
    """
    for run in runs:
        acc, what = run["accuracy"][-1], f"{run['cell']} at gap {run['gap']}"
        if run["cell"] == "rnn":
            if abs(acc - data["chance"]) > data["chance_band"]:
                raise AssertionError(
                    f"{what}: test accuracy {acc:.2f}, claimed at chance "
                    f"({data['chance']} +- {data['chance_band']})"
                )
        elif acc < data["solved"] or run["updates"] >= data["budget"]:
            raise AssertionError(
                f"{what}: test accuracy {acc:.3f} after {run['updates']} updates, claimed "
                f"solved (>= {data['solved']}) before the budget of {data['budget']}"
            )
