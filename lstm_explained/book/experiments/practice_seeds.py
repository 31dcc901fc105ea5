r"""Several seeds of one character language model, trained side by side.

A sweep over seeds trains the same small model several times; at the sizes of the practice
chapter numpy's fixed cost per operation (microseconds, whatever the array's size) is most of
the time. :class:`SeedLanguageModels` holds ``S`` one-layer LSTM character models with a leading
seed axis on every array, so each operation of a time step serves all of them. Model ``s`` starts
from the weights of
:class:`~lstm_explained.book.experiments.practice_dropout.StackLanguageModel` for seed
``seeds[s]`` and computes exactly its loss and gradients (tested in float64 to rounding); the
models only share the arithmetic.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lstm_explained.book.experiments.practice_dropout import StackLanguageModel, held_streams
from lstm_explained.cells.validation import check_int

__all__ = ["SeedLanguageModels", "held_bits_per_seed"]


class SeedLanguageModels:
    r"""``S`` one-layer LSTM character models, one per seed, computed together.

    Parameters
    ----------
    vocab_size : int
        ``V``.
    hidden_size : int
        ``H``.
    seeds : sequence of int
        Model ``s`` starts from the weights of ``StackLanguageModel(V, H, rng=seeds[s])``.
    dtype : numpy dtype, default float32

    Attributes
    ----------
    params : dict
        ``"W_h"`` ``(S, 4H, H)``, ``"W_x"`` ``(S, 4H, V)``, ``"b"`` ``(S, 4H, 1)`` (rows: the gates
        f, i, o, then the candidate :math:`\tilde C`), ``"W_y"`` ``(S, V, H)``, ``"b_y"``
        ``(S, V, 1)``. Every array has the seed axis first; all are views of ``flat``.
    flat : ndarray
        Shape ``(S, P)``: every parameter of each model in one row (an optimiser on it updates
        them all in a few operations; :meth:`flatten` lays gradients out the same way).

    Examples
    --------
    >>> m = SeedLanguageModels(5, 3, seeds=(0, 1))
    >>> tokens = np.array([[0, 1], [2, 3], [4, 0]])            # T=3 steps, B=2 streams
    >>> loss, grads, state = m.gradients(tokens, np.roll(tokens, -1, axis=0))
    >>> loss.shape, grads["W_h"].shape, state[0].shape
    ((2,), (2, 12, 3), (2, 2, 3))
    """

    def __init__(
        self, vocab_size: int, hidden_size: int, seeds: Any, *, dtype: Any = np.float32
    ) -> None:
        V = check_int(vocab_size, "vocab_size", minimum=1)
        H = check_int(hidden_size, "hidden_size", minimum=1)
        seeds = [check_int(s, "seeds", minimum=0) for s in np.atleast_1d(seeds).tolist()]
        if not seeds:
            raise ValueError("seeds must hold at least one seed")
        if np.dtype(dtype).kind != "f":
            raise TypeError(f"dtype must be a floating-point type; got {np.dtype(dtype)}")
        stacked: dict[str, list[np.ndarray]] = {k: [] for k in ("W_h", "W_x", "b", "W_y", "b_y")}
        for seed in seeds:
            p = StackLanguageModel(V, H, rng=seed, dtype=dtype).params
            W = np.concatenate([p[f"stack.l0.W_{g}"] for g in "fioC"])  # (4H, H + V): [h, x]
            stacked["W_h"].append(W[:, :H])
            stacked["W_x"].append(W[:, H:])
            stacked["b"].append(np.concatenate([p[f"stack.l0.b_{g}"] for g in "fioC"])[:, None])
            stacked["W_y"].append(p["readout.W"])
            stacked["b_y"].append(p["readout.b"][:, None])
        arrays = {k: np.stack(v) for k, v in stacked.items()}
        self.flat = np.concatenate([a.reshape(len(seeds), -1) for a in arrays.values()], axis=1)
        self.params: dict[str, np.ndarray] = {}
        start = 0
        for k, a in arrays.items():
            size = a[0].size
            self.params[k] = self.flat[:, start : start + size].reshape(a.shape)
            start += size
        self.seeds, self.vocab_size, self.hidden_size = seeds, V, H
        self._buffers: dict[tuple[str, tuple[int, ...]], np.ndarray] = {}

    def flatten(self, grads: dict[str, np.ndarray]) -> np.ndarray:
        """Gradients keyed like ``params`` as one ``(S, P)`` array, laid out as ``flat``."""
        return np.concatenate([grads[k].reshape(len(self.seeds), -1) for k in self.params], axis=1)

    @property
    def num_parameters(self) -> int:
        """The trained numbers of *one* model."""
        return int(sum(p[0].size for p in self.params.values()))

    def _check(self, tokens: Any, name: str) -> np.ndarray:
        arr = np.asarray(tokens)
        if arr.dtype.kind not in "iu" or arr.ndim != 2 or arr.size == 0:
            raise ValueError(f"{name} must be ints of shape (T, B); got {arr.dtype} {arr.shape}")
        if arr.min() < 0 or arr.max() >= self.vocab_size:
            raise ValueError(f"{name} must lie in [0, {self.vocab_size}); got {arr.min()}..")
        return arr

    def _work(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """A scratch array kept between calls: fresh arrays of hundreds of kilobytes cost more
        in page faults than the arithmetic done on them."""
        buf = self._buffers.get((name, shape))
        if buf is None:
            buf = self._buffers[(name, shape)] = np.empty(shape, dtype=self.flat.dtype)
        return buf

    def _forward(self, tokens: np.ndarray, state: Any):
        """Gate-major forward pass: every gate's ``(S, B, H)`` block of a step is contiguous."""
        p, H = self.params, self.hidden_size
        T, B = tokens.shape
        S = len(self.seeds)
        half = np.where(np.arange(4 * H) < 3 * H, 0.5, 1.0).astype(self.flat.dtype)
        # sigmoid(a) = (tanh(a / 2) + 1) / 2: halved rows, then one tanh for every gate
        W_hT = np.ascontiguousarray((p["W_h"] * half[:, None]).transpose(0, 2, 1))  # (S, H, 4H)
        W_xT = np.ascontiguousarray(((p["W_x"] + p["b"]) * half[:, None]).transpose(2, 0, 1))
        xs = np.take(W_xT, tokens, axis=0, out=self._work("xs", (T, B, S, 4 * H)))  # one-hot
        gates = self._work("gates", (T, 4, S, B, H))
        np.copyto(gates, xs.reshape(T, B, S, 4, H).transpose(0, 3, 2, 1, 4))
        hs, cs = self._work("hs", (T + 1, S, B, H)), self._work("cs", (T + 1, S, B, H))
        tcs = self._work("tcs", (T, S, B, H))
        if state is None:
            hs[0], cs[0] = 0.0, 0.0
        else:
            hs[0], cs[0] = state
        for t in range(T):
            g = gates[t]  # (4, S, B, H): f, i, o, C_tilde
            g += np.matmul(hs[t], W_hT).reshape(S, B, 4, H).transpose(2, 0, 1, 3)
            np.tanh(g, out=g)
            g[:3] *= 0.5
            g[:3] += 0.5
            np.multiply(g[0], cs[t], out=cs[t + 1])
            cs[t + 1] += g[1] * g[3]
            np.tanh(cs[t + 1], out=tcs[t])
            np.multiply(g[2], tcs[t], out=hs[t + 1])
        flat = self._work("flat", (S, T * B, H))
        np.copyto(flat.reshape(S, T, B, H), hs[1:].transpose(1, 0, 2, 3))
        logits = self._work("logits", (S, T * B, self.vocab_size))
        np.matmul(flat, p["W_y"].transpose(0, 2, 1), out=logits)
        logits += p["b_y"].transpose(0, 2, 1)
        return logits, (hs[T].copy(), cs[T].copy()), (hs, cs, gates, tcs, flat)

    def loss(self, tokens: Any, targets: Any, state: Any = None):
        """Mean cross-entropy of each model, nats per character: ``(S,)``, and the final state."""
        tokens, targets = self._check(tokens, "tokens"), self._check(targets, "targets")
        logits, state_T, _ = self._forward(tokens, state)
        return _cross_entropy(logits, targets.reshape(-1), grad=False), state_T

    def gradients(self, tokens: Any, targets: Any, state: Any = None):
        """One window of truncated BPTT for every model.

        Parameters
        ----------
        tokens, targets : array_like of int
            Shape ``(T, B)``: a window and the characters that follow each of its steps.
        state : tuple of ndarray, optional
            ``(h, C)``, each ``(S, B, H)``, treated as a constant (``None``: zeros).

        Returns
        -------
        loss : ndarray
            Shape ``(S,)``: each model's mean cross-entropy, nats per character.
        grads : dict
            Keyed like ``params``, same shapes.
        state_T : tuple of ndarray
            ``(h, C)`` after the last step, to carry into the next window.
        """
        tokens, targets = self._check(tokens, "tokens"), self._check(targets, "targets")
        if targets.shape != tokens.shape:
            raise ValueError(f"targets must have shape {tokens.shape}; got {targets.shape}")
        p, H = self.params, self.hidden_size
        S, (T, B) = len(self.seeds), tokens.shape
        logits, state_T, (hs, cs, gates, tcs, flat) = self._forward(tokens, state)
        loss = _cross_entropy(logits, targets.reshape(-1), grad=True)
        dlogits = logits  # overwritten with the gradient
        grads = {"W_y": np.matmul(dlogits.transpose(0, 2, 1), flat)}
        grads["b_y"] = dlogits.sum(1)[..., None]
        dflat = np.matmul(dlogits, p["W_y"], out=self._work("dflat", (S, T * B, H)))
        dhs = self._work("dhs", (T, S, B, H))
        np.copyto(dhs, dflat.reshape(S, T, B, H).transpose(1, 0, 2, 3))
        # Every step's local derivatives at once: (T, 4, S, B, H), and dC/dh through tanh(C).
        f, i, o, C_tilde = (gates[:, k] for k in range(4))
        local = self._work("local", gates.shape)
        for k, (gate, other) in enumerate(((f, cs[:-1]), (i, C_tilde), (o, tcs))):
            np.subtract(1.0, gate, out=local[:, k])  # sigma' = sigma (1 - sigma)
            local[:, k] *= gate
            local[:, k] *= other
        np.square(C_tilde, out=local[:, 3])  # tanh' = 1 - tanh^2
        np.subtract(1.0, local[:, 3], out=local[:, 3])
        local[:, 3] *= i
        dC_dh = self._work("dC_dh", tcs.shape)
        np.square(tcs, out=dC_dh)
        np.subtract(1.0, dC_dh, out=dC_dh)
        dC_dh *= o
        dA = self._work("dA", gates.shape)
        dh_next = np.zeros((S, B, H), dtype=flat.dtype)
        dC_next = np.zeros_like(dh_next)
        for t in range(T - 1, -1, -1):
            dh = dhs[t] + dh_next
            dC = dh * dC_dh[t]
            dC += dC_next
            d = dA[t]
            np.multiply(dC, local[t, :2], out=d[:2])
            np.multiply(dh, local[t, 2], out=d[2])
            np.multiply(dC, local[t, 3], out=d[3])
            dC_next = dC * f[t]
            dh_next = np.matmul(d.transpose(1, 2, 0, 3).reshape(S, B, 4 * H), p["W_h"])
        dA2 = self._work("dA2", (S, 4 * H, T * B))
        np.copyto(dA2.reshape(S, 4, H, T, B), dA.transpose(2, 1, 4, 0, 3))
        h_prev = self._work("h_prev", (S, T * B, H))
        np.copyto(h_prev.reshape(S, T, B, H), hs[:-1].transpose(1, 0, 2, 3))
        grads["W_h"] = np.matmul(dA2, h_prev)
        one_hot = np.eye(self.vocab_size, dtype=flat.dtype)[tokens.reshape(-1)]  # (T*B, V)
        grads["W_x"] = np.matmul(dA2, one_hot)
        grads["b"] = dA2.sum(2)[..., None]
        return loss, grads, state_T


def _cross_entropy(logits: np.ndarray, targets: np.ndarray, *, grad: bool) -> np.ndarray:
    """Mean softmax cross-entropy of ``logits`` ``(S, N, V)`` per model, ``(S,)``; with ``grad``,
    ``logits`` is overwritten with the loss's gradient."""
    n = targets.size
    rows = np.arange(n)
    logits -= logits.max(axis=2, keepdims=True)
    picked = logits[:, rows, targets]
    np.exp(logits, out=logits)
    total = logits.sum(axis=2)
    loss = (np.log(total) - picked).mean(axis=1)
    if grad:
        logits /= total[..., None] * n
        logits[:, rows, targets] -= 1.0 / n
    return loss.astype(float)


def held_bits_per_seed(models: SeedLanguageModels, tokens: Any, streams: int = 8) -> np.ndarray:
    """Bits per character of ``tokens[1:]`` under every model, read as ``streams`` parts at
    once from zero states (as :func:`~lstm_explained.book.experiments.practice_dropout.held_bits`
    reads one model): ``(S,)``.

    >>> m = SeedLanguageModels(4, 2, seeds=(0, 1, 2))
    >>> held_bits_per_seed(m, np.arange(41) % 4, streams=4).shape
    (3,)
    """
    tokens = np.asarray(tokens)
    streams = check_int(streams, "streams", minimum=1)
    if tokens.ndim != 1 or tokens.size < streams + 1:
        raise ValueError(f"tokens must be 1-d with more than streams={streams} tokens")
    return models.loss(*held_streams(tokens, streams))[0] / np.log(2.0)
