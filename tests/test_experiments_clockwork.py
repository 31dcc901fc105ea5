"""Experiment 5, small: the clockwork RNN remembers where a vanilla RNN of its size cannot."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explained import ClockworkRNNCell, RNNCell
from lstm_explained.experiments.clockwork_memory import (
    _model,
    clockwork_memory,
    erased_module_accuracy,
    matched_rnn_size,
)
from lstm_explained.tasks import copy_first_batch


@pytest.fixture(scope="module")
def small_result():
    # Length 32: the clockwork model learns it in about 200 steps, the RNN not in 400.
    return clockwork_memory(lengths=[32], seeds=[0], max_steps=400, test_size=500)


def test_clockwork_solves_and_rnn_fails_at_length_32(small_result):
    runs = {r["model"]: r for r in small_result["runs"]}
    assert runs["clockwork"]["solved"] and runs["clockwork"]["accuracy"] >= 0.95
    assert runs["clockwork"]["steps"] < 400  # stopped early: the loss went down
    assert runs["rnn"]["accuracy"] < 0.3  # chance is 1 / 8
    assert not runs["rnn"]["solved"] and runs["rnn"]["steps"] == 400


def test_the_two_models_have_the_same_size(small_result):
    cw, rnn = (r["parameters"] for r in small_result["runs"])
    assert abs(cw - rnn) / cw < 0.02


def test_erasing_the_slowest_module_costs_the_most(small_result):
    by_period = {r["period"]: r["accuracy"] for r in small_result["erasure"]}
    assert set(by_period) == {1, 2, 4, 8}
    assert by_period[1] >= 0.95  # the fastest module is rewritten every step anyway
    assert by_period[8] < by_period[1] - 0.05


def test_matched_rnn_size_counts_the_models_built():
    """The formula agrees with the parameters of the two models actually built."""
    for hidden, periods, K in [(32, (1, 2, 4, 8), 8), (24, (1, 4, 16), 5), (6, (1, 2), 3)]:
        H = matched_rnn_size(hidden, periods, K)
        cw = _model("clockwork", hidden, periods, K, 0, np.float64)
        counts = {}
        for h in (H - 1, H, H + 1):
            rnn = _model("rnn", h, periods, K, 0, np.float64)
            counts[h] = sum(p.size for p in rnn.params.values())  # the fixed one-hot has none
        target = cw.cell.mask.sum() + hidden + sum(p.size for p in cw.readout.params.values())
        assert isinstance(cw.cell, ClockworkRNNCell) and isinstance(rnn.cell, RNNCell)
        assert abs(counts[H] - target) <= min(abs(counts[h] - target) for h in counts)


def test_runs_are_deterministic():
    a = clockwork_memory(lengths=[8], seeds=[3], max_steps=20, test_size=50)
    b = clockwork_memory(lengths=[8], seeds=[3], max_steps=20, test_size=50)
    for ra, rb in zip(a["runs"], b["runs"], strict=True):
        assert {k: v for k, v in ra.items() if k != "seconds"} == {
            k: v for k, v in rb.items() if k != "seconds"
        }
    assert a["erasure"] == b["erasure"]


def test_erasing_a_module_matches_a_manual_run():
    """Erasure from the definition: step by step, zero the module's units before step ``at``."""
    model = _model("clockwork", 8, (1, 2, 4, 8), 4, 0, np.float64)
    tokens, targets = copy_first_batch(1, 30, 10, 4)
    xs = np.eye(4)[tokens]
    h = None
    for t in range(10):
        if t == 6:
            h = h.copy()
            h[:, 4:6] = 0.0  # module 2 holds units 4 and 5
        h, _ = model.cell.step(xs[t], h, t=t)
    W_y, b_y = model.readout.params["W"], model.readout.params["b"]
    expected = np.mean((h @ W_y.T + b_y).argmax(1) == targets)
    assert erased_module_accuracy(model, tokens, targets, module=2, at=6) == expected


def test_bad_arguments():
    model = _model("clockwork", 8, (1, 2, 4, 8), 4, 0, np.float64)
    tokens, targets = copy_first_batch(1, 5, 10, 4)
    with pytest.raises(ValueError, match=r"module must be in \[0, 4\)"):
        erased_module_accuracy(model, tokens, targets, module=4, at=5)
    with pytest.raises(ValueError, match=r"at must be a step index with 0 < at < T=10"):
        erased_module_accuracy(model, tokens, targets, module=0, at=10)
    with pytest.raises(TypeError, match=r"model.cell must be a ClockworkRNNCell"):
        erased_module_accuracy(_model("rnn", 8, (1,), 4, 0, np.float64), tokens, targets, 0, 5)
    with pytest.raises(ValueError, match=r"lengths \(each >= 2\) and seeds must be non-empty"):
        clockwork_memory(lengths=[1], seeds=[0])
    with pytest.raises(ValueError, match=r"lengths \(each >= 2\) and seeds must be non-empty"):
        clockwork_memory(lengths=[8], seeds=[])
