"""Fixtures shared by the language-model chapter's tests: its text, and its cells trained once."""

from __future__ import annotations

import re

import pytest

from lstm_explained.book.experiments import compare_cells
from lstm_explained.lm.corpus import load_book_text
from lstm_explained.lm.text import Vocabulary, stream_windows

#: the language-model chapter's settings (docs/language-model.md)
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
