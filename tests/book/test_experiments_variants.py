"""Experiment 4, small: the forget-gate bias decides; the table renders."""

import pytest

from lstm_explained.book.experiments.configs import CONFIGS
from lstm_explained.book.experiments.variants import COMPARED, compare_variants, markdown_table

LSTM0, LSTM3 = "LSTM, forget bias 0 (b_f = 0)", "LSTM, forget bias 3 (b_f = 3)"


def test_forget_bias_zero_fails_where_three_solves():
    rows = compare_variants([LSTM0, LSTM3], gaps=[20], seeds=[0], workers=1)
    solved = {r["variant"]: r["solved"] for r in rows}
    assert solved == {LSTM0: 0, LSTM3: 1}
    by_name = {r["variant"]: r for r in rows}
    assert by_name[LSTM0]["accuracies"][0] < 0.6
    assert by_name[LSTM0]["steps"] == [300]  # the whole budget, in vain
    assert by_name[LSTM0]["text"] == "0 of 1 seed" and by_name[LSTM3]["text"] == "1 of 1 seed"
    assert by_name[LSTM0]["chance"] == 0.5 and by_name[LSTM0]["threshold"] == 0.95


def test_rows_follow_the_requested_order():
    gru = "GRU, keep bias 3 (b_z = -3)"
    rows = compare_variants([gru, "RNN"], gaps=[4, 3], seeds=2, workers=1, max_steps=5,
                            test_size=50)  # fmt: skip
    assert [(r["variant"], r["gap"]) for r in rows] == [(gru, 4), (gru, 3), ("RNN", 4), ("RNN", 3)]
    assert all(r["runs"] == 2 and r["seeds"] == [0, 1] and len(r["accuracies"]) == 2 for r in rows)


def test_every_variant_of_the_post_is_in_the_study():
    assert set(COMPARED) <= set(CONFIGS)
    names = " ".join(COMPARED)
    for word in ("forget bias 0", "forget bias 1", "peephole", "coupled", "GRU", "depth-gated",
                 "clockwork", "RNN"):  # fmt: skip
        assert word in names


def test_markdown_table():
    rows = [
        {"variant": LSTM3, "gap": 20, "solved": 3, "runs": 3},
        {"variant": LSTM3, "gap": 40, "solved": 2, "runs": 3},
        {"variant": "RNN", "gap": 20, "solved": 0, "runs": 3},
    ]
    assert markdown_table(rows).splitlines() == [
        "| variant | solved, gap 20 | solved, gap 40 |",
        "|---|---|---|",
        "| LSTM, forget bias 3 ($b_f = 3$) | 3 of 3 | 2 of 3 |",
        "| RNN | 0 of 3 |  |",
    ]


def test_bad_input():
    with pytest.raises(ValueError, match="CONFIGS"):
        compare_variants(["LSTM, forget bias 9"])


@pytest.mark.slow
def test_at_gap_20_the_keep_bias_decides_for_every_seed():
    """8 seeds each: every variant whose keep gate starts near one solves, the others do not."""
    rows = compare_variants(gaps=[20], seeds=8)
    text = {r["variant"]: r["text"] for r in rows}
    for variant, solved in text.items():
        keeps = "bias 3" in variant or "bias 1" in variant
        assert solved == ("8 of 8 seeds" if keeps else "0 of 8 seeds"), variant
