"""The practice chapter's sweep of sizes: its bookkeeping, and its claims over seeds 0, 1 and 2
with the chapter's settings (marked slow; docs/practice.md calls the same functions)."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explained.book.experiments.practice_dropout import dropout_runs
from lstm_explained.book.experiments.practice_seeds import SeedLanguageModels
from lstm_explained.book.experiments.practice_sizes import (
    SIZES,
    SizeRun,
    macs_per_char,
    size_claims,
    size_runs,
)

SEEDS = (0, 1, 2)


def _run(hidden, window, seed, best):
    return SizeRun(hidden, window, seed, np.array([4.0, best]), np.array([best]), 0, 0, 1)


def test_macs_per_char_counts_the_gates_and_the_readout_three_times():
    H, V = 16, 67
    assert macs_per_char(H, V) == 3 * (4 * H * (H + V) + H * V)
    with pytest.raises(ValueError, match="hidden"):
        macs_per_char(0, V)


def test_the_parameter_count_is_the_table_s_formula():
    for H in (16, 64):
        assert SeedLanguageModels(67, H, (0,)).num_parameters == 4 * H * (H + 67 + 1) + 67 * H + 67


def test_claims_read_width_and_window_seed_by_seed():
    bests = [(16, 8, 3.60), (64, 8, 3.50), (16, 32, 3.62), (64, 32, 3.49)]
    runs = [_run(h, w, 0, b) for h, w, b in bests]
    c = size_claims(runs)
    assert c["width"] == pytest.approx({(8, 0): 0.10, (32, 0): 0.13})
    assert c["window"] == pytest.approx({(16, 0): 0.02, (64, 0): -0.01})
    assert c["holds"]
    assert not size_claims(runs, tie=0.005)["holds"]  # the long window 0.01 better at 64 units
    assert not size_claims(runs, margin=0.11)["holds"]


def test_claims_name_bad_input():
    with pytest.raises(ValueError, match="margin"):
        size_claims([_run(16, 8, 0, 3.6)], margin=0.0)
    with pytest.raises(ValueError, match="both"):
        size_claims([_run(16, 8, 0, 3.6)])


def test_size_runs_names_bad_input():
    with pytest.raises(ValueError, match="sizes"):
        size_runs((0,), [(16, 8)])
    with pytest.raises(TypeError, match="reuse"):
        size_runs((0,), [(16, 8, 1)], reuse=[object()])


def test_the_grid_holds_the_chapter_s_model():
    assert (64, 32, 20) in SIZES and {h for h, _, _ in SIZES} >= {16, 64}


@pytest.mark.slow
def test_the_chapter_s_claims_hold_on_every_seed():
    """Width buys bits at both windows; the long window buys nothing (docs/practice.md)."""
    runs = size_runs(SEEDS, reuse=dropout_runs(SEEDS, ("no dropout",)))
    assert [r.seed for r in runs] == list(SEEDS) * len(SIZES)
    claims = size_claims(runs)
    assert claims["holds"], claims
    assert len(claims["width"]) == len(claims["window"]) == 2 * len(SEEDS)
