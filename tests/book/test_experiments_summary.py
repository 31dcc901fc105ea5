"""The solved threshold, defined once, and the glue-ready counts."""

import pytest

from lstm_explained.book.experiments import clockwork_copy, pronoun
from lstm_explained.book.experiments.summary import (
    SOLVED_ACCURACY,
    k_of_n,
    solved_counts,
    solved_summary,
)


def test_one_threshold_for_every_experiment():
    assert SOLVED_ACCURACY == 0.95
    assert pronoun.SOLVED_ACCURACY is SOLVED_ACCURACY
    assert clockwork_copy.SOLVED_ACCURACY is SOLVED_ACCURACY


def test_summary_groups_in_order_and_counts_at_the_threshold():
    rows = [
        {"model": m, "gap": g, "seed": s, "accuracy": a, "steps": 10, "seconds": 1.0}
        for m, g, s, a in [
            ("B", 5, 0, 0.95), ("B", 5, 1, 0.9499), ("A", 5, 0, 1.0), ("B", 9, 0, 0.2),
        ]
    ]  # fmt: skip
    lines = solved_summary(rows, chance=0.25)
    assert [(x["model"], x["gap"], x["solved"], x["runs"]) for x in lines] == [
        ("B", 5, 1, 2), ("A", 5, 1, 1), ("B", 9, 0, 1),
    ]  # fmt: skip
    assert lines[0]["text"] == "1 of 2 seeds" and lines[0]["seconds"] == 2.0
    assert lines[0]["accuracies"] == [0.95, 0.9499] and lines[0]["seeds"] == [0, 1]
    assert "cpu_seconds" not in lines[0]
    assert solved_summary(rows, chance=0.25, threshold=0.9)[0]["solved"] == 2
    with pytest.raises(ValueError, match="chance and threshold"):
        solved_summary(rows, chance=0.96)


def test_k_of_n_and_counts():
    assert k_of_n(3, 8) == "3 of 8 seeds" and k_of_n(0, 1) == "0 of 1 seed"
    rows = [{"model": "A", "gap": 1, "solved": s} for s in (True, False, True)]
    assert solved_counts(rows) == {"A": {1: (2, 3)}}
