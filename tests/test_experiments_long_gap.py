"""Experiment 2: the RNN fails a long gap that the LSTM and the GRU learn."""

import numpy as np
import pytest

from lstm_explained.experiments.long_gap import (
    BOOK_SEEDS,
    GAPS,
    MODELS,
    long_gap_sweep,
    solved_counts,
)
from lstm_explained.experiments.pronoun import run_many, run_pronoun, train_pronoun


def test_small_rnn_fails_where_lstm_solves():
    rows = long_gap_sweep(["RNN", "LSTM"], gaps=[20], seeds=[0], workers=1, max_steps=300)
    by_model = {r["model"]: r for r in rows}
    assert by_model["RNN"]["accuracy"] < 0.6 and not by_model["RNN"]["solved"]
    assert by_model["RNN"]["steps"] == 300  # it never got below the early-stop threshold
    assert by_model["LSTM"]["accuracy"] > 0.97 and by_model["LSTM"]["solved"]
    assert by_model["LSTM"]["steps"] < 300


def test_a_run_is_decided_by_its_seed():
    a = train_pronoun("GRU", 5, 3, max_steps=25)
    b = train_pronoun("GRU", 5, 3, max_steps=25)
    c = train_pronoun("GRU", 5, 4, max_steps=25)
    assert np.array_equal(a.history.losses, b.history.losses) and a.accuracy == b.accuracy
    assert not np.array_equal(a.history.losses, c.history.losses)


def test_workers_do_not_change_the_result():
    jobs = [(("LSTM", 4, s), {"max_steps": 30, "test_size": 200}) for s in (0, 1, 2)]

    def strip(rows):
        return [{k: v for k, v in r.items() if not k.endswith("seconds")} for r in rows]

    assert strip(run_many(run_pronoun, jobs)) == strip(run_many(run_pronoun, jobs, workers=1))


def test_solved_counts():
    rows = [
        {"model": "LSTM", "gap": 5, "solved": True},
        {"model": "LSTM", "gap": 5, "solved": True},
        {"model": "RNN", "gap": 5, "solved": False},
    ]
    assert solved_counts(rows) == {"LSTM": {5: (2, 2)}, "RNN": {5: (0, 1)}}


def test_bad_input():
    with pytest.raises(ValueError, match="CELLS"):
        long_gap_sweep(["Transformer"])
    with pytest.raises(ValueError, match="at least one"):
        long_gap_sweep(seeds=[])
    with pytest.raises(ValueError, match="workers"):
        run_many(run_pronoun, [], workers=0)


@pytest.mark.slow
def test_the_book_sweep_shows_the_claim_for_every_book_seed():
    """The sweep exactly as the book runs it: the RNN fails from gap 20, LSTM and GRU never."""
    rows = long_gap_sweep()
    assert len(rows) == len(MODELS) * len(GAPS) * len(BOOK_SEEDS)
    counts = solved_counts(rows)
    n = len(BOOK_SEEDS)
    for gap in GAPS:
        assert counts["LSTM"][gap] == (n, n) and counts["GRU"][gap] == (n, n)
        if gap >= 20:
            assert counts["RNN"][gap] == (0, n)
    for r in rows:
        if r["model"] == "RNN" and r["gap"] >= 20:
            assert 0.4 < r["accuracy"] < 0.6  # chance, not a half-learned task
        if r["model"] != "RNN":
            assert r["accuracy"] >= 0.98
