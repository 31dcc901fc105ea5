"""Experiment 4, small: the forget-gate bias decides; the table renders."""

import pytest

from lstm_explained.experiments.variants import VARIANTS, compare_variants, markdown_table


def test_forget_bias_zero_fails_where_three_solves():
    rows = compare_variants(
        ["LSTM, forget bias 0", "LSTM, forget bias 3"], gaps=[20], seeds=[0], workers=1
    )
    solved = {r["variant"]: r["solved"] for r in rows}
    assert solved == {"LSTM, forget bias 0": 0, "LSTM, forget bias 3": 1}
    by_name = {r["variant"]: r for r in rows}
    assert by_name["LSTM, forget bias 0"]["accuracies"][0] < 0.6
    assert by_name["LSTM, forget bias 0"]["steps"] == [300]  # the whole budget, in vain


def test_rows_follow_the_requested_order():
    rows = compare_variants(["GRU, update bias 3", "RNN"], gaps=[4, 3], seeds=[0, 1],
                            workers=1, max_steps=5, test_size=50)  # fmt: skip
    assert [(r["variant"], r["gap"]) for r in rows] == [
        ("GRU, update bias 3", 4),
        ("GRU, update bias 3", 3),
        ("RNN", 4),
        ("RNN", 3),
    ]
    assert all(r["runs"] == 2 and len(r["accuracies"]) == 2 for r in rows)


def test_every_variant_of_the_post_is_in_the_study():
    names = " ".join(VARIANTS)
    for word in ("forget bias 0", "forget bias 1", "peephole", "coupled", "GRU", "depth-gated",
                 "clockwork", "RNN"):  # fmt: skip
        assert word in names


def test_markdown_table():
    rows = [
        {"variant": "LSTM, forget bias 3", "gap": 20, "solved": 3, "runs": 3},
        {"variant": "LSTM, forget bias 3", "gap": 40, "solved": 2, "runs": 3},
        {"variant": "RNN", "gap": 20, "solved": 0, "runs": 3},
    ]
    assert markdown_table(rows).splitlines() == [
        "| variant | gap 20 | gap 40 |",
        "|---|---|---|",
        "| LSTM, forget bias 3 | 3/3 | 2/3 |",
        "| RNN | 0/3 |  |",
    ]


def test_bad_input():
    with pytest.raises(ValueError, match="CELLS"):
        compare_variants(["LSTM, forget bias 9"])
