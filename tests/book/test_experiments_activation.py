"""ReLU in the recurrence: the untrained measurement and the IRNN trained with and without
clipping (the slow test runs the training chapter's claim over seeds 0, 1 and 2)."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explained.book.experiments.activation import (
    check_irnn_clipping,
    irnn_clipping,
    state_and_reach,
    train_irnn,
)


def test_bounded_state_against_kept_gradient():
    """The training chapter's untrained claims, with its settings."""
    r = state_and_reach()
    size, rho = r["size"], r["rho"]
    tanh, relu_orth, relu_id, relu_up = (
        "tanh, orthogonal",
        "ReLU, orthogonal",
        "ReLU, identity",
        "ReLU, 1.02 x identity",
    )
    assert size[tanh].max() <= 1 and size[relu_orth].max() < 1.5
    assert rho[tanh][100] < 1e-12 and rho[relu_orth][100] < 1e-12  # both vanish
    assert rho[relu_id][100] > 0.3  # measured 0.71
    assert size[relu_id][-1] > 5 * size[relu_id][0]  # grows (0.61 -> 11)
    assert size[relu_up][-1] > 10 * size[relu_id][-1] and rho[relu_up][100] > 2  # explodes


def test_state_and_reach_refuses_a_bad_window():
    with pytest.raises(ValueError, match="window"):
        state_and_reach(T=10, window=11)


def test_train_irnn_starts_from_the_identity():
    row = train_irnn(0, gap=3, max_steps=1, test_size=50, lr=1e-12)
    assert row["steps"] == 1 and row["sigma1"] == pytest.approx(1.0, abs=1e-5)
    assert row["finite"] and row["clip"] == 1.0


def _row(seed, clip, acc, scale):
    return {"seed": seed, "clip": clip, "accuracy": acc, "solved": acc >= 0.95, "adam_scale": scale}


def test_check_irnn_clipping_names_the_failing_claim():
    good = [_row(s, 1.0, 0.99, 0.02) for s in range(3)]
    good += [_row(s, None, 0.5, 2.0) for s in range(3)]
    check_irnn_clipping(good)
    with pytest.raises(AssertionError, match="clipped run not solved"):
        check_irnn_clipping([_row(0, 1.0, 0.9, 0.02), _row(0, None, 0.5, 2.0)])
    with pytest.raises(AssertionError, match="unclipped not at chance"):
        check_irnn_clipping([_row(0, 1.0, 0.99, 0.02), _row(0, None, 0.7, 2.0)])
    with pytest.raises(AssertionError, match="Adam's scale"):
        check_irnn_clipping([_row(0, 1.0, 0.99, 0.02), _row(0, None, 0.5, 0.1)])
    with pytest.raises(ValueError, match="every seed"):
        check_irnn_clipping([_row(0, 1.0, 0.99, 0.02)])


@pytest.mark.slow
def test_irnn_learns_gap_40_with_clipping_and_not_without_over_seeds_0_1_2():
    """The chapter's settings: gap 40, 300 steps, seeds 0, 1, 2, clipped at 1 and not."""
    rows = irnn_clipping((0, 1, 2), 40, max_steps=300)
    check_irnn_clipping(rows)
    assert all(r["finite"] for r in rows)
    assert all(np.max(r["grad_norms"][:5]) > 100 for r in rows)  # the first gradients are huge
