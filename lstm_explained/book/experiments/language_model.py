r"""The language-model chapter's trained claims, as functions: the cells compared, the probes.

The chapter trains character models on the book's own prose and asserts things about them; each
assertion rests on a function here (or, for clipping, in
:mod:`~lstm_explained.book.experiments.clipping`), and a slow test runs it over seeds 0, 1 and 2
with the chapter's settings: the cells compared over seeds at their best pass
(:func:`compare_cells`, :func:`beats`), and the samples, unit search and exercises
(:func:`repeat_period`, :func:`math_units`, :func:`truncation_profile`,
:func:`temperature_entropies`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from lstm_explained.cells.gru import GRUCell
from lstm_explained.cells.lstm import LSTMCell
from lstm_explained.cells.rnn import RNNCell
from lstm_explained.lm.char_model import CharLanguageModel, sequence_cross_entropy
from lstm_explained.lm.tbptt import train_truncated
from lstm_explained.lm.units import best_units, separation_auc, text_properties
from lstm_explained.training.layers import Readout
from lstm_explained.training.optim import Adam

from .runs import run_many

__all__ = [
    "CELL_SPECS",
    "LMRun",
    "beats",
    "build_model",
    "compare_cells",
    "held_out_bits",
    "hidden_states",
    "math_units",
    "repeat_period",
    "temperature_entropies",
    "train_cell",
    "truncation_profile",
]

_CLASSES = {"RNN": RNNCell, "GRU": GRUCell, "LSTM": LSTMCell}
#: The chapter's cells: each label's kind of cell and its hidden units. Three of the same width,
#: then a GRU and an LSTM narrowed to about the RNN's number of parameters.
CELL_SPECS: dict[str, tuple[str, int]] = {
    "RNN": ("RNN", 64),
    "GRU": ("GRU", 64),
    "LSTM": ("LSTM", 64),
    "narrow GRU": ("GRU", 34),
    "narrow LSTM": ("LSTM", 28),
}


def build_model(kind: str, hidden: int, vocab_size: int, seed: int) -> CharLanguageModel:
    """A float32 character model: one-hot input, a cell, a readout to ``vocab_size`` scores.

    Every cell starts with the same keep factor :math:`\\sigma(1)`: the LSTM's forget bias is 1
    (the package's default) and the GRU's update bias is -1 (its state is kept when ``z`` is
    near 0, so it keeps :math:`1 - \\sigma(-1) = \\sigma(1)`).

    Examples
    --------
    >>> m = build_model("GRU", 8, 5, seed=0)
    >>> float(m.cell.params["b_z"][0]), m.num_parameters
    (-1.0, 381)
    """
    if kind not in _CLASSES:
        raise ValueError(f"kind must be one of {sorted(_CLASSES)}; got {kind!r}")
    rng = np.random.default_rng(seed)
    extra = {"update_bias": -1.0} if kind == "GRU" else {}
    cell = _CLASSES[kind](vocab_size, hidden, rng=rng, dtype=np.float32, **extra)
    return CharLanguageModel(cell, Readout(hidden, vocab_size, rng=rng, dtype=np.float32))


def held_out_bits(model: CharLanguageModel, tokens: Any, streams: int = 8) -> float:
    """Bits per character of ``tokens[1:]``, read as ``streams`` consecutive parts at once.

    Part ``s`` starts from a zero state one character before its first prediction, so every
    position is scored once and only the first characters of each part see less context (a
    change of about a hundredth of a bit on the chapter's text, for a fraction of the time).

    Examples
    --------
    >>> m = build_model("LSTM", 3, 4, seed=0)
    >>> m.readout.params["W"][:] = 0.0
    >>> held_out_bits(m, np.array([0, 1, 2, 3, 0, 1, 2]), streams=2)
    2.0
    """
    arr = np.asarray(tokens)
    if arr.ndim != 1 or arr.size < 2 * streams:
        raise ValueError(f"tokens must be 1-d with >= 2 * streams entries; got {arr.shape}")
    n = arr.size - 1
    length = -(-n // streams)
    starts = np.arange(streams) * length
    idx = np.minimum(starts[None, :] + np.arange(length)[:, None], n - 1)  # (L, S)
    valid = starts[None, :] + np.arange(length)[:, None] < n
    logits, _, _ = model.forward(arr[idx])
    z = logits.astype(np.float64)
    z -= z.max(axis=2, keepdims=True)
    log_p = np.take_along_axis(z, arr[idx + 1][:, :, None], axis=2)[:, :, 0]
    log_p -= np.log(np.exp(z).sum(axis=2))
    return float(-log_p[valid].sum() / n / np.log(2.0))


@dataclass
class LMRun:
    """One cell trained by :func:`train_cell`; ``model`` holds its parameters at the best pass."""

    label: str
    seed: int
    model: CharLanguageModel
    held_bits: np.ndarray  # (epochs + 1,): before training and after every pass (NaN: not scored)
    losses: np.ndarray  # (steps,): training nats per character of every window
    grad_norms: np.ndarray  # (steps,): before clipping
    cpu_seconds: float
    #: pass -> (parameters after that pass, held-out bits then), for the passes asked for
    snapshots: dict[int, tuple[dict[str, np.ndarray], float]] = field(default_factory=dict)
    best_pass: int = field(init=False)
    best_bits: float = field(init=False)

    def __post_init__(self) -> None:
        self.best_pass = int(np.nanargmin(self.held_bits))
        self.best_bits = float(self.held_bits[self.best_pass])


def train_cell(
    label: str,
    seed: int,
    inputs: Any,
    targets: Any,
    held_tokens: Any,
    *,
    epochs: int = 10,
    lr: float = 3e-2,
    vocab_size: int | None = None,
    snapshots: Any = (),
    eval_every: int = 1,
) -> LMRun:
    """Train the cell ``CELL_SPECS[label]`` with Adam and clipping at 1; keep its best pass.

    Parameters
    ----------
    label : str
        A key of :data:`CELL_SPECS` (``"LSTM"``, ``"narrow GRU"``, ...).
    seed : int
        Decides the initial weights (:func:`build_model`).
    inputs, targets : ndarray
        Shape ``(K, T, B)``, int: the training windows of truncated BPTT
        (:func:`~lstm_explained.lm.text.stream_windows`).
    held_tokens : ndarray
        Shape ``(N,)``, int: the held-out text, scored (:func:`held_out_bits`) before training
        and after every pass.
    epochs : int
        Passes over the windows; the state is reset to zeros at the start of each.
    lr : float
        Adam's learning rate.
    vocab_size : int, optional
        Defaults to the largest token of ``targets`` and ``held_tokens``, plus one.
    snapshots : sequence of int, optional
        Passes after which to keep a copy of the parameters (``LMRun.snapshots``). A pass beyond
        ``epochs`` continues the same run (same optimiser) that far; those passes change neither
        the best pass nor ``held_bits``, ``losses`` and ``grad_norms``, which stop at ``epochs``.
    eval_every : int, default 1
        Score the held-out text after every ``eval_every``-th pass (and the last); the passes in
        between are NaN in ``held_bits`` and cannot be the best.

    Returns
    -------
    LMRun
        The model holds the parameters of the pass that scored best on the held-out text (early
        stopping); ``held_bits`` has the score of every pass.
    """
    if label not in CELL_SPECS:
        raise ValueError(f"label must be one of {list(CELL_SPECS)}; got {label!r}")
    kind, hidden = CELL_SPECS[label]
    V = _vocab_size(vocab_size, targets, held_tokens)
    model = build_model(kind, hidden, V, seed)
    opt = Adam(model.params, lr=lr)
    snaps = sorted({int(p) for p in snapshots})
    if snaps and snaps[0] < 1:
        raise ValueError(f"snapshots must be passes >= 1; got {snaps}")
    kept: dict[int, tuple[dict[str, np.ndarray], float]] = {}
    cpu = time.process_time()
    with threadpool_limits(1, "blas"):
        bits = [held_out_bits(model, held_tokens)]
        best = {k: v.copy() for k, v in model.params.items()}
        losses, norms = [], []
        for p in range(1, max([epochs, *snaps]) + 1):
            h = train_truncated(model, inputs, targets, epochs=1, optimizer=opt, clip=1.0)
            scored = p in snaps or p == epochs or (p < epochs and p % eval_every == 0)
            score = held_out_bits(model, held_tokens) if scored else np.nan
            if p in snaps:
                kept[p] = ({k: v.copy() for k, v in model.params.items()}, score)
            if p > epochs:
                continue
            losses.append(h.losses)
            norms.append(h.grad_norms)
            bits.append(score)
            if bits[-1] < np.nanmin(bits[:-1]):
                best = {k: v.copy() for k, v in model.params.items()}
        for k, v in model.params.items():
            v[...] = best[k]
    cpu = time.process_time() - cpu
    arrays = map(np.concatenate, (losses, norms))
    return LMRun(label, seed, model, np.array(bits), *arrays, cpu, kept)


def _vocab_size(vocab_size, *tokens):
    largest = max(int(np.max(t)) for t in tokens) + 1
    if vocab_size is None:
        return largest
    if vocab_size < largest:
        raise ValueError(f"vocab_size={vocab_size} is smaller than the largest token + 1")
    return int(vocab_size)


def compare_cells(
    seeds: Any,
    inputs: Any,
    targets: Any,
    held_tokens: Any,
    *,
    epochs: int = 10,
    lr: float = 3e-2,
    labels: Any = None,
    vocab_size: int | None = None,
    snapshots: Any = None,
    workers: int | None = None,
) -> dict[str, list[LMRun]]:
    """Every cell of :data:`CELL_SPECS` (or of ``labels``) trained on each seed.

    Parameters
    ----------
    seeds : sequence of int
        One run per seed and cell (the chapter uses 0, 1 and 2).
    inputs, targets, held_tokens, epochs, lr, vocab_size
        As for :func:`train_cell`.
    labels : sequence of str, optional
        Keys of :data:`CELL_SPECS`; all of them by default.
    snapshots : mapping, optional
        ``(label, seed) -> passes``: the ``snapshots`` of that run (:func:`train_cell`).
    workers : int, optional
        Worker processes (:func:`~lstm_explained.book.experiments.runs.run_many`); the runs are
        independent and each is decided by its cell and seed, so the result does not depend on
        it. The longest runs go first.

    Returns
    -------
    dict
        label -> one :class:`LMRun` per seed, in the order of ``seeds``. Compare them with
        :func:`beats`, which calls a ranking only where every seed agrees.
    """
    labels = list(CELL_SPECS) if labels is None else list(labels)
    if unknown := [label for label in labels if label not in CELL_SPECS]:
        raise ValueError(f"labels must be keys of CELL_SPECS {list(CELL_SPECS)}; got {unknown}")
    snapshots = dict(snapshots or {})
    gates = {"RNN": 1, "GRU": 3, "LSTM": 4}  # the work of a run, about, to start the longest first
    work = {(lb, int(s)): gates[CELL_SPECS[lb][0]] * CELL_SPECS[lb][1]
            * max([epochs, *snapshots.get((lb, int(s)), ())])
            for lb in labels for s in seeds}  # fmt: skip
    order = sorted(work, key=work.get, reverse=True)
    kw = {"epochs": epochs, "lr": lr, "vocab_size": vocab_size}
    jobs = [((lb, s, inputs, targets, held_tokens), {**kw, "snapshots": snapshots.get((lb, s), ())})
            for lb, s in order]  # fmt: skip
    done = dict(zip(order, run_many(train_cell, jobs, workers=workers), strict=True))
    return {label: [done[label, int(s)] for s in seeds] for label in labels}


def beats(a: Any, b: Any) -> bool:
    """Whether scores ``a`` (bits, lower is better, one per seed) beat ``b`` on every seed pairing.

    ``max(a) < min(b)``: the worst seed of ``a`` is better than the best seed of ``b``; when the
    ranges overlap, neither beats the other and the page calls it a tie.

    Examples
    --------
    >>> beats([2.1, 2.2], [2.3, 2.5]), beats([2.1, 2.4], [2.3, 2.5]), beats([2.3], [2.1])
    (True, False, False)
    """
    return bool(np.max(a) < np.min(b))


def repeat_period(sample: str, tail: int = 100, max_period: int = 50) -> int | None:
    """The shortest period ``p < max_period`` with which the last ``tail`` characters repeat.

    Examples
    --------
    >>> repeat_period("x" + "the cell " * 20), repeat_period("abcdefghij" * 3, tail=20)
    (9, 10)
    >>> repeat_period("no loop here at all", tail=10) is None
    True
    """
    end = sample[-tail:]
    for p in range(1, max_period):
        if len(sample) >= tail + p and end == sample[-tail - p : -p]:
            return p
    return None


def math_units(model: CharLanguageModel, vocab: Any, selection_text: str, held_text: str):
    """The unit search: each property's best unit on ``selection_text``, scored on held-out text.

    The unit *and its sign* are chosen on the selection text; the held-out score is the AUC of
    that unit in that direction (below one half if the unit turns on the held-out text).

    Returns
    -------
    rows : list of dict
        As :func:`~lstm_explained.lm.units.best_units`, plus ``held_out``.
    hs_held : ndarray
        Shape ``(len(held_text), H)``. Every unit's value on the held-out text.
    """
    with threadpool_limits(1, "blas"):
        rows = best_units(hidden_states(model, vocab.encode(selection_text)),
                          text_properties(selection_text))  # fmt: skip
        hs_held = hidden_states(model, vocab.encode(held_text))
    props = text_properties(held_text)
    for row in rows:
        auc = float(separation_auc(hs_held[:, [row["unit"]]], props[row["property"]])[0])
        row["held_out"] = auc if row["sign"] > 0 else 1.0 - auc
    return rows, hs_held


def hidden_states(
    model: CharLanguageModel, tokens: Any, streams: int = 8, warmup: int = 64
) -> np.ndarray:
    """The hidden state after every token, read as ``streams`` parts at once.

    Part ``s > 0`` starts from a zero state ``warmup`` tokens before its first position, so its
    first states have seen text as one long read would have (they differ from it by far less
    than the units' range), for an eighth of the steps.

    Returns
    -------
    ndarray
        Shape ``(len(tokens), H)``.

    Examples
    --------
    >>> m = build_model("LSTM", 4, 5, seed=0)
    >>> x = np.arange(300) % 5
    >>> _, _, cache = m.forward(x[:, None])
    >>> bool(np.allclose(hidden_states(m, x, streams=4, warmup=40), cache["hs"][:, 0], atol=1e-2))
    True
    """
    arr = np.asarray(tokens)
    n = arr.size
    length = -(-n // streams)
    starts = np.arange(streams) * length
    first = np.maximum(starts - warmup, 0)
    steps = np.arange(length + warmup)[:, None]
    _, _, cache = model.forward(arr[np.minimum(first[None, :] + steps, n - 1)])
    lead = starts - first  # tokens read before the part's own
    rows = lead[None, :] + np.arange(length)[:, None]  # (length, S)
    hs = np.take_along_axis(cache["hs"], rows[:, :, None], axis=0)  # (length, S, H)
    return hs.transpose(1, 0, 2).reshape(streams * length, -1)[:n]


def truncation_profile(model: CharLanguageModel, inputs: Any, targets: Any) -> np.ndarray:
    """The size of the gradient of window 1's last-step loss with respect to each step's input.

    Returns
    -------
    ndarray
        Shape ``(T,)``: ``size[t]`` is the norm over the streams of :math:`\\partial L_T /
        \\partial x_t`, ``t = 0`` the window's first step.
    """
    with threadpool_limits(1, "blas"):
        _, state, _ = model.forward(inputs[0])
        logits, _, cache = model.forward(inputs[1], state)
        _, dlogits = sequence_cross_entropy(logits, targets[1])
        dlogits[:-1] = 0.0
        T, B, _ = dlogits.shape
        H = model.cell.hidden_size
        dh, _ = model.readout.backward(dlogits.reshape(T * B, -1), cache["hs"].reshape(T * B, H))
        dxs, _, _ = model.cell.backward(dh.reshape(T, B, H), cache["cell"])
    return np.linalg.norm(dxs, axis=(1, 2))


def temperature_entropies(model: CharLanguageModel, prompt: Any, taus: Any) -> np.ndarray:
    """Entropy in bits of :math:`\\operatorname{softmax}(y / \\tau)` after ``prompt``, per tau."""
    logits, _, _ = model.forward(np.asarray(prompt)[:, None])
    y = logits[-1, 0].astype(np.float64)
    out = []
    for tau in taus:
        z = y / tau
        p = np.exp(z - z.max())
        p /= p.sum()
        out.append(float(-np.sum(p * np.log2(np.maximum(p, 1e-300)))))
    return np.array(out)
