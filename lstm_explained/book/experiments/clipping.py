r"""Exploding gradients and clipping, measured: the language-model chapter's clipping section.

An untrained RNN whose recurrent weights are an orthogonal matrix times a *gain* shows the
exploding gradient where one exists (:func:`gradient_growth`: above gain one, what reaches
:math:`h_0` grows with the window); :func:`clip_direction` compares clipping that gradient by its
norm (Pascanu et al., 2013) with clipping each entry (Mikolov, 2012); :func:`sgd_clipping` trains
the vanilla RNN by plain SGD at learning rate one with and without norm clipping. A slow test runs
each over seeds 0, 1 and 2 with the chapter's settings.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lstm_explained.book.experiments.language_model import _vocab_size, build_model
from lstm_explained.cells.rnn import RNNCell
from lstm_explained.lm.tbptt import TruncatedHistory, train_truncated
from lstm_explained.training.optim import SGD, clip_grad_norm

__all__ = ["clip_direction", "exploding_gradient", "gradient_growth", "sgd_clipping"]


def sgd_clipping(
    seed: int,
    inputs: Any,
    targets: Any,
    held_tokens: Any,
    *,
    epochs: int = 6,
    hidden: int = 128,
    clips: tuple = (None, 1.0),
    vocab_size: int | None = None,
) -> dict[Any, TruncatedHistory]:
    """The vanilla RNN trained by plain SGD at learning rate 1, once per clipping threshold.

    Parameters
    ----------
    seed : int
        Decides the initial weights; every threshold starts from the same ones.
    inputs, targets : ndarray
        Shape ``(K, T, B)``, int: the training windows
        (:func:`~lstm_explained.lm.text.stream_windows`).
    held_tokens : ndarray
        Shape ``(N,)``, int: the held-out text, scored after every pass.
    epochs : int
        Passes over the windows.
    hidden : int
        The RNN's hidden units.
    clips : tuple
        The thresholds of norm clipping; ``None`` trains without clipping.
    vocab_size : int, optional
        Defaults to the largest token plus one.

    Returns
    -------
    dict
        clip (``None``: no clipping) -> :class:`~lstm_explained.lm.tbptt.TruncatedHistory`, the
        held-out text scored after every pass.
    """
    out = {}
    K = np.asarray(inputs).shape[0]
    V = _vocab_size(vocab_size, targets, held_tokens)
    for clip in clips:
        model = build_model("RNN", hidden, V, seed)
        kw = {"epochs": epochs, "clip": clip, "eval_tokens": held_tokens, "eval_every": K}
        opt = SGD(model.params, lr=1.0)
        with np.errstate(over="ignore", invalid="ignore"):  # the unclipped run may overflow
            out[clip] = train_truncated(model, inputs, targets, optimizer=opt, **kw)
    return out


def _rnn_backward(seed, x, gain, T, hidden):
    """One untrained RNN read on ``x[:T]``; a unit vector per stream sent back from ``h_T``."""
    V = int(x.max()) + 1
    u = np.random.default_rng(seed + 1000).standard_normal((x.shape[1], hidden))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    cell = RNNCell(V, hidden, rng=np.random.default_rng(seed), recurrent_gain=float(gain))
    hs, _, cache = cell.forward(np.eye(V)[x[:T]])
    dhs = np.zeros_like(hs)
    dhs[-1] = u
    _, dh0, grads = cell.backward(dhs, cache)
    return (dh0[0] if isinstance(dh0, tuple) else dh0), grads


def gradient_growth(
    seed: int, inputs: Any, gains: Any, lengths: Any, *, hidden: int = 64
) -> np.ndarray:
    r"""How the gradient sent back through an untrained RNN grows or shrinks with the window.

    For each recurrent gain (the recurrent block of ``W`` is an orthogonal matrix times the gain)
    and window length ``T``, the RNN (float64, input size the largest token + 1) reads the first
    ``T`` steps of ``inputs`` (shape ``(T_max, B)``) from zeros; a random unit vector ``u`` per
    stream is sent back from :math:`h_T`; the mean norm of what reaches :math:`h_0`,
    :math:`\| (\partial h_T / \partial h_0)^\top u \|`, is returned.

    Parameters
    ----------
    seed : int
        Decides the RNN's weights and the vectors ``u``.
    inputs : ndarray
        Shape ``(T_max, B)``, int: tokens, read one-hot.
    gains : sequence of float
        Recurrent gains; above one the gradient can grow with ``T``.
    lengths : sequence of int
        Window lengths ``T``, each at most ``T_max``.
    hidden : int
        The RNN's hidden units.

    Returns
    -------
    ndarray
        Shape ``(len(gains), len(lengths))``.
    """
    x = np.asarray(inputs)
    if x.ndim != 2 or max(lengths) > x.shape[0]:
        raise ValueError(f"inputs must be (T_max, B) with T_max >= max(lengths); got {x.shape}")
    out = np.empty((len(gains), len(lengths)))
    for i, gain in enumerate(gains):
        for j, T in enumerate(lengths):
            dh0, _ = _rnn_backward(seed, x, gain, int(T), hidden)
            out[i, j] = float(np.linalg.norm(dh0, axis=1).mean())
    return out


def exploding_gradient(
    seed: int, inputs: Any, gain: float = 2.0, *, hidden: int = 64
) -> dict[str, np.ndarray]:
    """The parameter gradient of :func:`gradient_growth`'s RNN over the whole window."""
    x = np.asarray(inputs)
    return _rnn_backward(seed, x, gain, x.shape[0], hidden)[1]


def clip_direction(grads: dict[str, np.ndarray], threshold: float) -> dict[str, float]:
    """Norm clipping against element-wise clipping of one gradient, at the same threshold.

    Returns the norm before, each clipped gradient's norm, and its cosine with the original
    (norm clipping: cosine 1; element-wise clipping turns the gradient).

    Examples
    --------
    >>> r = clip_direction({"w": np.array([3.0, 0.5])}, 1.0)
    >>> r["norm_cos"], round(r["elementwise_cos"], 3), round(r["norm_norm"], 3)
    (1.0, 0.956, 1.0)
    """
    g = np.concatenate([np.ravel(v) for v in grads.values()]).astype(np.float64)
    clipped = {k: np.array(v, dtype=np.float64) for k, v in grads.items()}
    norm = clip_grad_norm(clipped, threshold)  # the training loop's own clipping, on a copy
    by_norm = np.concatenate([np.ravel(v) for v in clipped.values()])
    by_element = np.clip(g, -threshold, threshold)

    def cos(a):
        return float(np.round(a @ g / (np.linalg.norm(a) * norm), 12))

    return {
        "norm": norm,
        "norm_norm": float(np.linalg.norm(by_norm)),
        "norm_cos": cos(by_norm),
        "elementwise_norm": float(np.linalg.norm(by_element)),
        "elementwise_cos": cos(by_element),
    }
