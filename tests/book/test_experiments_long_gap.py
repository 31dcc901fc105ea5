"""Experiment 2: the RNN fails a long gap that the LSTM and the GRU learn."""

import numpy as np
import pytest

from lstm_explained.book.experiments.long_gap import (
    BOOK_SEEDS,
    COMPARED,
    GAPS,
    long_gap_summary,
    long_gap_sweep,
)
from lstm_explained.book.experiments.pronoun import CHANCE, run_pronoun, train_pronoun
from lstm_explained.book.experiments.runs import run_many
from lstm_explained.book.experiments.summary import SOLVED_ACCURACY, solved_counts

LSTM3, LSTM0, GRU3 = COMPARED[1], COMPARED[3], COMPARED[2]


def test_the_compared_configurations():
    assert COMPARED == (
        "RNN",
        "LSTM, forget bias 3 (b_f = 3)",
        "GRU, keep bias 3 (b_z = -3)",
        "LSTM, forget bias 0 (b_f = 0)",
    )


def test_small_rnn_and_unbiased_lstm_fail_where_lstm_solves():
    rows = long_gap_sweep(["RNN", LSTM3, LSTM0], gaps=[20], seeds=[0], workers=1, max_steps=300)
    by_model = {r["model"]: r for r in rows}
    for failed in ("RNN", LSTM0):
        assert by_model[failed]["accuracy"] < 0.6 and not by_model[failed]["solved"]
        assert by_model[failed]["steps"] == 300  # it never got below the early-stop threshold
    assert by_model[LSTM3]["accuracy"] > 0.97 and by_model[LSTM3]["solved"]
    assert by_model[LSTM3]["steps"] < 300


def test_a_run_is_decided_by_its_seed():
    a = train_pronoun(GRU3, 5, 3, max_steps=25)
    b = train_pronoun(GRU3, 5, 3, max_steps=25)
    c = train_pronoun(GRU3, 5, 4, max_steps=25)
    assert np.array_equal(a.history.losses, b.history.losses) and a.accuracy == b.accuracy
    assert not np.array_equal(a.history.losses, c.history.losses)


def test_workers_do_not_change_the_result():
    def strip(rows):
        return [{k: v for k, v in r.items() if not k.endswith("seconds")} for r in rows]

    kwargs = {"gaps": [3, 4], "seeds": 3, "max_steps": 30, "test_size": 200}
    one = long_gap_sweep([LSTM3, "RNN"], workers=1, **kwargs)
    two = long_gap_sweep([LSTM3, "RNN"], workers=2, **kwargs)
    assert strip(one) == strip(two)
    jobs = [((LSTM3, 4, s), {"max_steps": 30, "test_size": 200}) for s in (0, 1, 2)]
    assert strip(run_many(run_pronoun, jobs, workers=2)) == strip(one[3:6])


def test_summary_counts_k_of_n_with_threshold_and_chance():
    rows = [
        {"model": "RNN", "gap": 20, "seed": s, "accuracy": a, "steps": 300}
        for s, a in enumerate([0.5, 0.96, 0.94])
    ]
    (line,) = long_gap_summary(rows)
    assert (line["solved"], line["runs"], line["text"]) == (1, 3, "1 of 3 seeds")
    assert line["threshold"] == SOLVED_ACCURACY and line["chance"] == CHANCE == 0.5
    assert solved_counts([dict(r, solved=r["accuracy"] >= 0.95) for r in rows]) == {
        "RNN": {20: (1, 3)}
    }


def test_bad_input():
    with pytest.raises(ValueError, match="CONFIGS"):
        long_gap_sweep(["Transformer"])
    with pytest.raises(ValueError, match="at least one"):
        long_gap_sweep(seeds=[])
    with pytest.raises(ValueError, match="seeds"):
        long_gap_sweep(seeds=0)
    with pytest.raises(ValueError, match="workers"):
        run_many(run_pronoun, [], workers=0)


@pytest.mark.slow
def test_the_book_sweep_shows_the_claim_for_every_book_seed():
    """The sweep as the book runs it: the RNN and the unbiased LSTM fail from gap 20, the
    biased LSTM and GRU never."""
    rows = long_gap_sweep()
    assert len(rows) == len(COMPARED) * len(GAPS) * BOOK_SEEDS
    counts = solved_counts(rows)
    n = BOOK_SEEDS
    for gap in GAPS:
        assert counts[LSTM3][gap] == (n, n) and counts[GRU3][gap] == (n, n)
        if gap >= 20:
            assert counts["RNN"][gap] == (0, n) and counts[LSTM0][gap] == (0, n)
    for r in rows:
        if r["model"] in ("RNN", LSTM0) and r["gap"] >= 20:
            assert 0.4 < r["accuracy"] < 0.6  # chance, not a half-learned task
        if r["model"] in (LSTM3, GRU3):
            assert r["accuracy"] >= 0.98
