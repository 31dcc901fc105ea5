"""The practice chapter's experiments: fast checks of the pieces, and every trained claim of the
chapter over seeds 0, 1 and 2 with the chapter's settings (marked slow; docs/practice.md calls the
same functions with their defaults)."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explained.book.experiments.practice import (
    FUTURE_MODELS,
    Tagger,
    future_batch,
    future_claims,
    future_runs,
    masked_cross_entropy,
    padding_agreement,
)
from lstm_explained.book.experiments.practice_dropout import (
    StackLanguageModel,
    depth_claims,
    dropout_claims,
    dropout_runs,
    held_bits,
)

SEEDS = (0, 1, 2)


def test_future_batch_targets_are_the_symbol_two_steps_later():
    xs, y, n = future_batch(1, 5)
    tokens = xs.argmax(axis=2)
    for b in range(5):
        assert np.array_equal(y[: n[b] - 2, b], tokens[2 : n[b], b])
        assert (y[n[b] - 2 :, b] == -1).all() and not xs[n[b] :, b].any()


def test_masked_cross_entropy_gradient():
    rng = np.random.default_rng(0)
    logits = rng.standard_normal((4, 3, 5))
    y = np.array([[0, 1, -1], [2, -1, -1], [4, 3, 1], [-1, -1, -1]])
    loss, d = masked_cross_entropy(logits, y)
    eps, num = 1e-6, np.zeros_like(logits)
    for idx in np.ndindex(logits.shape):
        up, down = logits.copy(), logits.copy()
        up[idx] += eps
        down[idx] -= eps
        num[idx] = (masked_cross_entropy(up, y)[0] - masked_cross_entropy(down, y)[0]) / (2 * eps)
    assert np.abs(num - d).max() < 1e-8 and not d[y < 0].any()


def test_the_two_models_have_about_equal_parameters():
    counts = [Tagger(4, h, bidirectional=bi).num_parameters for bi, h in FUTURE_MODELS.values()]
    assert abs(counts[0] - counts[1]) / max(counts) < 0.05


@pytest.mark.parametrize("seed", SEEDS)
def test_padding_agrees_with_one_at_a_time(seed):
    r = padding_agreement(seed)
    assert r["loss"] < 1e-12 and r["grads"] < 1e-12
    assert len(set(r["lengths"])) > 1


def test_stack_language_model_gradient_with_dropout():
    """The language model's own backward pass (readout, output mask, stack) by central
    differences, float64, masks fixed by the generator's seed."""
    m = StackLanguageModel(4, 3, output_dropout=0.5, recurrent_dropout=0.3, rng=0, dtype=np.float64)
    tokens, targets = np.array([[0, 1], [2, 3], [1, 1]]), np.array([[1, 2], [3, 0], [2, 2]])
    from lstm_explained.lm.char_model import sequence_cross_entropy

    def loss():
        return sequence_cross_entropy(m.forward(tokens, rng=3)[0], targets)[0]

    logits, _, cache = m.forward(tokens, rng=3)
    grads = m.backward(sequence_cross_entropy(logits, targets)[1], cache)
    for name in ("stack.l0.W_f", "readout.W"):
        p, num = m.params[name], np.zeros_like(m.params[name])
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + 1e-6
            up = loss()
            p[idx] = old - 1e-6
            num[idx] = (up - loss()) / 2e-6
            p[idx] = old
        assert np.abs(num - grads[name]).max() < 1e-8 * max(1.0, np.abs(num).max()), name
    assert held_bits(m, np.array([0, 1, 2, 3] * 5), streams=2) > 0


def test_claim_functions_fail_on_made_up_runs():
    """The claims can fail: a one-directional model above chance, a curve that never turns up."""
    runs = [
        {"label": "one direction, 12 units", "accuracy": 0.5, "chance": 0.25},
        {"label": "both directions, 8 + 8 units", "accuracy": 0.99, "chance": 0.25},
    ]
    assert not future_claims(runs)
    from lstm_explained.book.experiments.practice_dropout import DropoutRun

    flat = np.linspace(4, 3, 5)
    made = [
        DropoutRun(lbl, 0, flat, flat, 0.0, 1)
        for lbl in ("no dropout", "2 layers of 44, no dropout")
    ]
    made.append(DropoutRun("dropout 0.5 before the readout", 0, flat + 0.1, flat, 0.0, 1))
    assert not dropout_claims(made)["holds"]
    made[1] = DropoutRun("2 layers of 44, no dropout", 0, flat - 0.5, flat, 0.0, 1)
    assert not depth_claims(made)["holds"]


@pytest.mark.slow
def test_bidirectional_solves_the_look_ahead_task_and_one_direction_cannot():
    runs = future_runs(SEEDS)
    accuracy = {(r["label"], r["seed"]): r["accuracy"] for r in runs}
    assert future_claims(runs), accuracy


@pytest.mark.slow
def test_dropout_and_depth_on_the_language_model():
    runs = dropout_runs(SEEDS)
    verdict = dropout_claims(runs)
    assert verdict["holds"], verdict
    depth = depth_claims(runs)
    assert depth["holds"], depth
