"""Shared fixtures: every recurrent model of the package, built the same way."""

from __future__ import annotations

import functools
import re

import numpy as np
import pytest

from lstm_explained import ClockworkRNNCell, GRUCell, RNNCell
from lstm_explained.book.experiments import compare_cells
from lstm_explained.cells import fast_path
from lstm_explained.cells.registry import MODELS
from lstm_explained.lm.corpus import load_book_text
from lstm_explained.lm.text import Vocabulary, stream_windows

# name -> factory(input_size, hidden_size, **kwargs): every registered model, plus the
# configurations that take another code path.
CELLS = {
    **MODELS,
    "gru_reset_after": functools.partial(GRUCell, reset_after=True),
    "rnn_relu": functools.partial(RNNCell, nonlinearity="relu"),
}

#: A hidden size every model accepts (the clockwork RNN's four default modules divide it).
H = 4


def randomize(cell, rng: np.random.Generator, scale: float = 0.7) -> None:
    """Give every parameter (peepholes and biases included) random non-zero values, in place.

    The clockwork RNN's masked entries stay zero, as its constructor leaves them.
    """
    for name, p in cell.params.items():
        p[...] = rng.standard_normal(p.shape) * scale
        if isinstance(cell, ClockworkRNNCell) and name == "W":
            p *= cell.mask


def random_state(cell, B: int, rng: np.random.Generator):
    parts = tuple(rng.standard_normal((B, cell.hidden_size)) for _ in cell.state_names)
    return parts[0] if len(parts) == 1 else parts


def as_tuple(state):
    return state if isinstance(state, tuple) else (state,)


def step(cell, x_t, state, t: int):
    """``cell.step`` at step ``t`` (the clockwork RNN needs the index, the others ignore it)."""
    if isinstance(cell, ClockworkRNNCell):
        return cell.step(x_t, state, t=t)
    return cell.step(x_t, state)


def run_steps(cell, xs, state):
    """The readable path over a sequence: ``hs`` (the output ``h`` of every step) and the state."""
    hs = []
    for t, x_t in enumerate(xs):
        state, _ = step(cell, x_t, state, t)
        hs.append(as_tuple(state)[-2 if len(cell.state_names) > 1 else 0])
    return np.stack(hs), state


@pytest.fixture(params=sorted(CELLS))
def cell_name(request) -> str:
    return request.param


@pytest.fixture
def make_cell(cell_name):
    return CELLS[cell_name]


def use_blocks_of(monkeypatch, cell, B: int, steps: int) -> None:
    """Lower :data:`fast_path.BLOCK_BYTES` so that ``cell``'s backward works in blocks of
    ``steps`` steps (a cell whose backward has no blocks is left as it is)."""
    step_bytes = getattr(cell, "_block_step_bytes", None)
    if step_bytes is not None:
        monkeypatch.setattr(fast_path, "BLOCK_BYTES", steps * step_bytes(B))


@pytest.fixture(params=[None, 2], ids=["default blocks", "blocks of 2 steps"])
def block_steps(request) -> int | None:
    """Run a test with the default block budget and with backward blocks of two steps."""
    return request.param


# --- the language-model chapter's text, and its cells trained once for every test file that
# checks its claims (tests/book/test_experiments_language_model.py and ..._lm_learning.py)
# The chapter's settings (docs/language-model.md):
LM_SEEDS, LM_B, LM_T, LM_EPOCHS, LM_LR = (0, 1, 2), 32, 64, 10, 3e-2


@pytest.fixture(scope="session")
def lm_data():
    """The chapter's training and held-out text, as characters, tokens and windows."""
    train_text, held_text = load_book_text("train"), load_book_text("held_out")
    vocab = Vocabulary(train_text + held_text)
    train, held = vocab.encode(train_text), vocab.encode(held_text)
    inputs, targets = stream_windows(train, batch_size=LM_B, window=LM_T)
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", train_text)}
    return {"vocab": vocab, "train_text": train_text, "held_text": held_text, "train": train,
            "held": held, "inputs": inputs, "targets": targets, "V": len(vocab),
            "words": words}  # fmt: skip


@pytest.fixture(scope="session")
def lm_runs(lm_data):
    """Every cell of the chapter on seeds 0, 1 and 2, as the chapter trains them; each LSTM also
    keeps its parameters after passes 1, 4 and 16 (which changes none of its scores)."""
    d = lm_data
    keep = {("LSTM", s): (1, 4, 16) for s in LM_SEEDS}
    return compare_cells(LM_SEEDS, d["inputs"], d["targets"], d["held"], epochs=LM_EPOCHS,
                         lr=LM_LR, vocab_size=d["V"], snapshots=keep)  # fmt: skip
