r"""Stateful truncated backpropagation through time for a character language model.

A long text does not fit in one backward pass, and does not need to. :func:`train_truncated`
walks the windows of :func:`~lstm_explained.lm.text.stream_windows` in order: each window's forward
pass starts from the state the previous window ended in (the state is *carried*), and its
backward pass stops at the window's first step (nothing is propagated into the previous window:
the state arrives as a constant). The gradient of window :math:`k` is therefore

.. math:: g_k = \frac{\partial L_k(\theta; s_{k-1})}{\partial \theta}\Big|_{s_{k-1}\ \text{fixed}},

where :math:`s_{k-1}` is the carried state. Each step costs ``T`` steps of time and memory,
however long the text, and the model still sees context from before the window through the
state; what it cannot learn is a dependency whose *gradient* would have to cross a window's
start. Each update clips the joint gradient norm and lets Adam move the parameters, in the
package's one training loop (:func:`~lstm_explained.training.loop.run_loop`), here with the state
carried from one window to the next.
:func:`bits_per_character` scores a text with one forward pass.
"""

from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from ..cells.validation import check_int
from ..training.loop import run_loop
from ..training.optim import Adam
from .char_model import CharLanguageModel, sequence_cross_entropy

__all__ = ["TruncatedHistory", "bits_per_character", "train_truncated", "window_gradients"]


@dataclass
class TruncatedHistory:
    r"""What :func:`train_truncated` returns.

    Attributes
    ----------
    losses : ndarray
        Shape ``(steps,)``. The training loss of every window, in nats per character, before
        its update.
    grad_norms : ndarray
        Shape ``(steps,)``. The joint gradient norm of every window, before clipping.
    clip : float or None
        The clipping threshold (``None``: no clipping).
    eval_steps : ndarray of int
        Shape ``(n,)``. The steps after which the evaluation text was scored (0: before training).
    eval_bits : ndarray
        Shape ``(n,)``. Its bits per character at those steps.
    steps : int
    seconds : float
        Wall time of the loop, evaluations included.
    cpu_seconds : float
        Processor time of the loop (this process), evaluations included.
    """

    losses: np.ndarray
    grad_norms: np.ndarray
    clip: float | None
    eval_steps: np.ndarray
    eval_bits: np.ndarray
    steps: int
    seconds: float
    cpu_seconds: float


def window_gradients(
    model: CharLanguageModel, inputs: Any, targets: Any, state: Any = None
) -> tuple[float, dict[str, np.ndarray], Any]:
    """One window of truncated BPTT: the loss, its gradients, and the state to carry on.

    Parameters
    ----------
    model : CharLanguageModel
    inputs, targets : array_like of int
        Shape ``(T, B)``. A window and the characters that follow each of its steps.
    state : optional
        The state the window starts from, treated as a constant (``None``: zeros).

    Returns
    -------
    loss : float
        Mean cross-entropy over the window, nats per character.
    grads : dict
        Keyed like ``model.params``.
    state_T
        The state after the window's last step.
    """
    logits, state_T, cache = model.forward(inputs, state)
    loss, dlogits = sequence_cross_entropy(logits, targets)
    return loss, model.backward(dlogits, cache), state_T


def bits_per_character(model: CharLanguageModel, tokens: Any) -> float:
    r"""Mean bits per character of a text under the model, read in one stream from a zero state.

    .. math:: \text{bpc} = -\frac{1}{N - 1} \sum_{t=1}^{N-1} \log_2 p(x_{t+1} \mid x_{\le t})

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_explained import LSTMCell, Readout
    >>> model = CharLanguageModel(LSTMCell(4, 3, rng=0), Readout(3, 4, rng=0))
    >>> model.readout.params["W"][:] = 0.0                    # uniform predictions
    >>> bits_per_character(model, np.array([0, 1, 2, 3, 0]))
    2.0
    """
    arr = np.asarray(tokens)
    if arr.ndim != 1 or arr.size < 2:
        raise ValueError(f"tokens must be a 1-d token array of length >= 2; got shape {arr.shape}")
    logits, _, _ = model.forward(arr[:-1, None])
    loss, _ = sequence_cross_entropy(logits, arr[1:, None])
    return float(loss / np.log(2.0))


def train_truncated(
    model: CharLanguageModel,
    inputs: Any,
    targets: Any,
    *,
    epochs: int = 1,
    lr: float = 3e-3,
    clip: float | None = 1.0,
    optimizer: Any = None,
    eval_tokens: Any = None,
    eval_every: int = 0,
    blas_threads: int | None = 1,
) -> TruncatedHistory:
    r"""Train on windows in order, carrying the state from one window to the next.

    Parameters
    ----------
    model : CharLanguageModel
    inputs, targets : array_like of int
        Shape ``(K, T, B)``. Windows from :func:`~lstm_explained.lm.text.stream_windows`: row ``b``
        of window ``k + 1`` continues row ``b`` of window ``k``.
    epochs : int, default 1
        Passes over the windows; the state starts from zeros at every pass.
    lr : float, default 3e-3
        The learning rate of the default Adam.
    clip : float or None, default 1.0
        Scale the joint gradient down to this norm when it is larger; ``None`` does not clip.
    optimizer : optional
        An optimiser on ``model.params`` (e.g. :class:`~lstm_explained.SGD`); by default Adam.
    eval_tokens : array_like of int, optional
        Shape ``(N,)``. A text to score with :func:`bits_per_character` every ``eval_every``
        steps (and before the first and after the last).
    eval_every : int, default 0
        ``0``: only before and after training.
    blas_threads : int or None, default 1
        BLAS threads while training; ``None`` leaves the setting alone.

    Returns
    -------
    TruncatedHistory

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_explained import LSTMCell, Readout
    >>> from lstm_explained.lm.text import stream_windows
    >>> tokens = np.tile(np.arange(4), 50)                       # 0 1 2 3 0 1 2 3 ...
    >>> inputs, targets = stream_windows(tokens, batch_size=4, window=8)
    >>> model = CharLanguageModel(LSTMCell(4, 8, rng=0), Readout(8, 4, rng=0))
    >>> history = train_truncated(model, inputs, targets, epochs=20, lr=0.02)
    >>> history.steps, bool(history.losses[-1] < 0.1 * history.losses[0])
    (120, True)
    """
    if not isinstance(model, CharLanguageModel):
        raise TypeError(f"model must be a CharLanguageModel; got {type(model).__name__}")
    inputs, targets = np.asarray(inputs), np.asarray(targets)
    if inputs.ndim != 3 or inputs.shape != targets.shape:
        raise ValueError(
            f"inputs and targets must share a shape (K, T, B); got {inputs.shape}, {targets.shape}"
        )
    epochs = check_int(epochs, "epochs", minimum=0)
    eval_every = check_int(eval_every, "eval_every", minimum=0)
    if clip is not None and not clip > 0:
        raise ValueError(f"clip must be a positive number or None; got {clip}")
    if optimizer is None:
        optimizer = Adam(model.params, lr=lr)
    limit = nullcontext() if blas_threads is None else threadpool_limits(blas_threads, "blas")
    with limit:
        return _loop(model, inputs, targets, epochs, clip, optimizer, eval_tokens, eval_every)


def _loop(model, inputs, targets, epochs, clip, optimizer, eval_tokens, eval_every):
    K = inputs.shape[0]
    steps = epochs * K
    eval_steps: list[int] = []
    eval_bits: list[float] = []

    def evaluate(step):
        if eval_tokens is not None:
            eval_steps.append(step)
            eval_bits.append(bits_per_character(model, eval_tokens))

    def gradients(window, state):
        k, x, y = window
        return window_gradients(model, x, y, None if k == 0 else state)

    def after_step(s, _loss):
        if eval_every and s % eval_every == 0 and s < steps:
            evaluate(s)
        return False

    start, cpu_start = time.perf_counter(), time.process_time()
    evaluate(0)
    windows = ((k, inputs[k], targets[k]) for _ in range(epochs) for k in range(K))
    losses, norms = run_loop(
        windows, gradients, optimizer, clip=clip, carry_state=True, after_step=after_step
    )
    evaluate(steps)
    return TruncatedHistory(
        losses=losses,
        grad_norms=norms,
        clip=None if clip is None else float(clip),
        eval_steps=np.array(eval_steps, dtype=np.int64),
        eval_bits=np.array(eval_bits),
        steps=steps,
        seconds=time.perf_counter() - start,
        cpu_seconds=time.process_time() - cpu_start,
    )
