r"""The one training loop of the package, and :func:`train`, which runs it on a task.

:func:`run_loop` is the loop itself: for every batch of an iterator, the loss and its gradients,
the gradient-norm clipping, the optimiser's step, and a record of the loss and the norm; the
state a batch ends in is handed to the next one or not. :func:`train` (a fresh batch from a task
at every step, no state carried) and :func:`lstm_explained.lm.tbptt.train_truncated` (windows of a
text in order, the state carried) both run it.

:func:`train` draws a fresh batch from a task at every step, runs the model forward and backward,
clips the joint gradient norm (at 1 unless told otherwise) and lets the optimiser (Adam by
default) update the parameters in place. Its :class:`TrainHistory` keeps, for every step, the
loss, the accuracy on that step's batch and the gradient norm before clipping, so a chapter can
plot how a model learns. It stops after
``max_steps`` or as soon as an exponential moving average of the loss,

.. math:: \bar L_s = \beta \bar L_{s-1} + (1 - \beta) L_s, \qquad \bar L_1 = L_1,

falls below ``stop_below``. All randomness comes from the generator passed in, so the same seed
gives the same loss history, step for step.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, TextIO

import numpy as np
from threadpoolctl import threadpool_limits

from ..cells.init import as_generator
from ..cells.validation import check_int
from .losses import mean_squared_error, softmax_cross_entropy
from .optim import Adam, clip_grad_norm
from .sequence_model import SequenceModel

__all__ = ["TrainHistory", "accuracy", "run_loop", "train"]

_LOSSES: dict[str, Callable[[Any, Any], tuple[float, np.ndarray]]] = {
    "cross_entropy": softmax_cross_entropy,
    "mse": mean_squared_error,
}


@dataclass
class TrainHistory:
    r"""What :func:`train` returns.

    Attributes
    ----------
    losses : ndarray
        The training loss at every step, shape ``(steps,)``.
    accuracies : ndarray
        The fraction of that step's training batch whose most likely class is the target,
        ``(steps,)``; NaN for a loss on numbers (``"mse"``).
    ema : ndarray
        Its exponential moving average, the quantity early stopping watches, ``(steps,)``.
    grad_norms : ndarray
        The joint gradient norm :math:`\|g\|` at every step, *before* clipping, ``(steps,)``;
        the step itself used :math:`g \min(1, c / \|g\|)` with ``c = clip``.
    clip : float or None
        The clipping threshold the run used (``None``: no clipping).
    steps : int
        The number of steps taken.
    seconds : float
        Wall time of the whole loop.
    stopped_early : bool
        Whether the moving average fell below the threshold before ``max_steps``.
    """

    losses: np.ndarray
    accuracies: np.ndarray
    ema: np.ndarray
    grad_norms: np.ndarray
    clip: float | None
    steps: int
    seconds: float
    stopped_early: bool


class _ProgressBar:
    """A one-line text bar, redrawn at most every 0.2 s, for long interactive runs."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream, self.last = total, stream, 0.0

    def update(self, step: int, ema: float, *, final: bool = False) -> None:
        now = time.perf_counter()
        if not final and now - self.last < 0.2:
            return
        self.last = now
        filled = int(30 * step / self.total)
        bar = "#" * filled + "." * (30 - filled)
        self.stream.write(f"\r[{bar}] step {step}/{self.total}  loss (EMA) {ema:.4f}")
        if final:
            self.stream.write("\n")
        self.stream.flush()


def train(
    model: SequenceModel,
    task: Callable[[np.random.Generator], Sequence[Any]],
    *,
    rng: np.random.Generator | int,
    max_steps: int = 800,
    optimizer: Any = None,
    lr: float = 4e-3,
    clip: float | None = 1.0,
    loss: str = "cross_entropy",
    stop_below: float | None = 0.02,
    ema_decay: float = 0.95,
    progress: bool = False,
    blas_threads: int | None = 1,
) -> TrainHistory:
    r"""Train a model on batches drawn from a task; return the loss history.

    Parameters
    ----------
    model : SequenceModel
        Anything with ``params``, ``forward(inputs) -> (outputs, cache)`` and
        ``backward(doutputs, cache) -> grads``.
    task
        A callable: ``task(rng)`` returns a fresh batch whose first two items are the inputs and
        the targets, for example ``functools.partial(pronoun_batch, batch_size=64, gap=20)``.
    rng : numpy.random.Generator or int
        The only source of randomness of the loop (the batches).
    max_steps : int, default 800
        The most optimiser steps to take.
    optimizer : optional
        An optimiser built on ``model.params`` (such as :class:`~lstm_explained.SGD`);
        by default ``Adam(model.params, lr=lr)``.
    lr : float, default 4e-3
        The learning rate of the default Adam.
    clip : float or None, default 1.0
        Gradient-norm clipping: when the joint norm :math:`\|g\|` of all the gradients (every
        parameter's, taken together) exceeds ``clip``, every gradient is scaled by
        ``clip / ||g||`` before the optimiser sees it, which keeps the direction and bounds the
        step (see :func:`~lstm_explained.clip_grad_norm`). ``None`` does not clip. Every
        model of the book clips at 1 but one: the language model's run without clipping, kept
        for comparison (:func:`~lstm_explained.lm.tbptt.train_truncated` with ``clip=None``).
    loss : str, default "cross_entropy"
        ``"cross_entropy"``: softmax cross-entropy on class targets; ``"mse"``: mean squared error
        on number targets.
    stop_below : float or None, default 0.02
        Stop once the moving average of the loss is below this; ``None`` always runs
        ``max_steps``.
    ema_decay : float, default 0.95
        :math:`\beta` of the moving average, in ``[0, 1)``.
    progress : bool, default False
        Draw a text progress bar on standard error. Meant for long interactive runs; leave it off
        in scripts, tests and the built book.
    blas_threads : int or None, default 1
        Threads numpy's BLAS may use while training. The matrices of these models are tiny, so
        one thread is fastest (more threads only contend for the cores, badly so on a busy
        machine); ``None`` leaves the setting alone.

    Returns
    -------
    TrainHistory
        Per step: loss, batch accuracy, moving average, gradient norm before clipping.

    Examples
    --------
    >>> from functools import partial
    >>> from lstm_explained import LSTMCell
    >>> from lstm_explained import Embedding, Readout, SequenceModel
    >>> from lstm_explained.training.tasks import pronoun_batch, pronoun_embeddings
    >>> model = SequenceModel(LSTMCell(16, 8, rng=0, forget_bias=3.0), Readout(8, 2, rng=0),
    ...                       Embedding(pronoun_embeddings(0)))
    >>> history = train(model, partial(pronoun_batch, batch_size=32, gap=3), rng=1, max_steps=50)
    >>> history.steps, bool(history.losses[-1] < history.losses[0])
    (50, True)
    >>> history.accuracies.shape, history.grad_norms.shape, history.clip
    ((50,), (50,), 1.0)
    """
    rng = as_generator(rng)
    max_steps = check_int(max_steps, "max_steps")
    if loss not in _LOSSES:
        raise ValueError(f"loss must be one of {sorted(_LOSSES)}; got {loss!r}")
    if not 0.0 <= ema_decay < 1.0:
        raise ValueError(f"ema_decay must be in [0, 1); got {ema_decay}")
    if clip is not None and not clip > 0:
        raise ValueError(f"clip must be a positive number or None; got {clip}")
    if not callable(task):
        raise TypeError(
            f"task must be callable as task(rng) -> (inputs, targets, ...); got {task!r}"
        )
    params = model.params
    if optimizer is None:
        optimizer = Adam(params, lr=lr)
    elif {k: id(v) for k, v in optimizer.params.items()} != {k: id(v) for k, v in params.items()}:
        raise ValueError("optimizer must be built on this model's params (the same arrays)")
    bar = _ProgressBar(max_steps, sys.stderr) if progress else None

    limit = (
        nullcontext()
        if blas_threads is None
        else threadpool_limits(limits=blas_threads, user_api="blas")
    )
    with limit:
        return _train_loop(
            model, task, rng, max_steps, optimizer, clip, loss, stop_below, ema_decay, bar
        )


def run_loop(
    batches: Iterable[Any],
    gradients: Callable[[Any, Any], tuple[float, dict[str, np.ndarray], Any]],
    optimizer: Any,
    *,
    clip: float | None,
    carry_state: bool = False,
    after_step: Callable[[int, float], bool] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""The training loop: for each batch, the gradients, clipping, one optimiser step, a record.

    Parameters
    ----------
    batches : iterable
        The batches, in order; the loop takes one step for each and stops when they run out.
    gradients : callable
        ``gradients(batch, state) -> (loss, grads, state_T)``: the loss of one batch, the
        gradients of every parameter (keyed like the optimiser's ``params``) and the state the
        batch ended in.
    optimizer
        Anything with ``step(grads)`` that updates the parameters in place.
    clip : float or None
        Scale the gradients to this joint norm when their norm is larger
        (:func:`~lstm_explained.clip_grad_norm`); ``None`` does not clip.
    carry_state : bool, default False
        ``True``: each batch starts from the state the previous one ended in (``None`` for the
        first); ``False``: every batch gets ``None``.
    after_step : callable, optional
        ``after_step(steps, loss) -> stop``, called after every optimiser step with the number of
        steps taken; a true return ends the loop.

    Returns
    -------
    losses, grad_norms : ndarray
        Shape ``(steps,)``. The loss of every batch, before its step, and the joint gradient norm,
        before clipping.

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_explained import SGD
    >>> w = {"w": np.array([3.0])}
    >>> def gradients(batch, state):                     # loss (w - batch)^2 / 2
    ...     return float((w["w"][0] - batch) ** 2 / 2), {"w": w["w"] - batch}, None
    >>> losses, norms = run_loop([1.0] * 3, gradients, SGD(w, lr=0.5), clip=None)
    >>> losses.tolist(), norms.tolist()
    ([2.0, 0.5, 0.125], [2.0, 1.0, 0.5])
    """
    losses: list[float] = []
    norms: list[float] = []
    state = None
    for batch in batches:
        value, grads, state_T = gradients(batch, state)
        norms.append(clip_grad_norm(grads, clip) if clip is not None else _norm(grads))
        optimizer.step(grads)
        losses.append(value)
        state = state_T if carry_state else None
        if after_step is not None and after_step(len(losses), value):
            break
    return np.array(losses, dtype=float), np.array(norms, dtype=float)


def _train_loop(model, task, rng, max_steps, optimizer, clip, loss, stop_below, ema_decay, bar):
    loss_fn = _LOSSES[loss]
    classes = loss == "cross_entropy"
    accuracies: list[float] = []
    emas: list[float] = []

    def gradients(batch, _state):
        inputs, targets = batch[0], batch[1]
        outputs, cache = model.forward(inputs)
        value, doutputs = loss_fn(outputs, targets)
        accuracies.append(np.mean(outputs.argmax(axis=1) == targets) if classes else np.nan)
        return value, model.backward(doutputs, cache), None

    def after_step(steps, value):
        ema = value if steps == 1 else ema_decay * emas[-1] + (1.0 - ema_decay) * value
        emas.append(ema)
        if bar is not None:
            bar.update(steps, ema)
        return stop_below is not None and ema < stop_below

    start = time.perf_counter()
    batches = (task(rng) for _ in range(max_steps))
    losses, norms = run_loop(batches, gradients, optimizer, clip=clip, after_step=after_step)
    seconds = time.perf_counter() - start
    steps = len(losses)
    if bar is not None:
        bar.update(steps, emas[-1], final=True)
    return TrainHistory(
        losses=losses,
        accuracies=np.array(accuracies, dtype=float),
        ema=np.array(emas, dtype=float),
        grad_norms=norms,
        clip=None if clip is None else float(clip),
        steps=steps,
        seconds=seconds,
        stopped_early=stop_below is not None and emas[-1] < stop_below,
    )


def _norm(grads: dict[str, np.ndarray]) -> float:
    return float(np.sqrt(sum(float(np.vdot(g, g)) for g in grads.values())))


def accuracy(model: SequenceModel, inputs: Any, targets: Any, *, batch_size: int = 1000) -> float:
    """The fraction of sequences whose most likely class is the target.

    Parameters
    ----------
    model : SequenceModel
        A classifier.
    inputs : array_like
        The ``N`` test sequences, time-major: ``(T, N)`` tokens or ``(T, N, input_size)`` values.
    targets : array_like
        The right class of each sequence, ``(N,)`` ints.
    batch_size : int, default 1000
        Sequences per forward pass (bounds the memory of long tests).

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_explained import LSTMCell
    >>> from lstm_explained import Embedding, Readout, SequenceModel
    >>> model = SequenceModel(LSTMCell(2, 3, rng=0), Readout(3, 2, rng=0), Embedding(np.eye(2)))
    >>> 0.0 <= accuracy(model, np.zeros((4, 10), dtype=int), np.zeros(10, dtype=int)) <= 1.0
    True
    """
    targets = np.asarray(targets)
    N = targets.shape[0]
    if np.shape(inputs)[1] != N:
        raise ValueError(f"inputs must hold N={N} sequences along axis 1; got {np.shape(inputs)}")
    correct = 0
    for lo in range(0, N, batch_size):
        predicted = model.predict(inputs[:, lo : lo + batch_size])
        correct += int((predicted == targets[lo : lo + batch_size]).sum())
    return correct / N
