"""Seed-batched character models: each seed's model computes exactly what the chapter's
`StackLanguageModel` computes, and a short training run follows `dropout_runs`' model."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explained.book.experiments.practice_dropout import (
    StackLanguageModel,
    dropout_data,
    dropout_runs,
    held_bits,
)
from lstm_explained.book.experiments.practice_seeds import SeedLanguageModels, held_bits_per_seed
from lstm_explained.book.experiments.practice_sizes import size_runs
from lstm_explained.lm.char_model import sequence_cross_entropy


def test_every_seed_matches_the_stack_model_in_float64():
    V, H, T, B, seeds = 7, 5, 6, 3, (0, 3)
    rng = np.random.default_rng(1)
    tokens, targets = rng.integers(0, V, (T, B)), rng.integers(0, V, (T, B))
    h0, c0 = rng.standard_normal((2, len(seeds), B, H))
    m = SeedLanguageModels(V, H, seeds, dtype=np.float64)
    loss, grads, (h_T, c_T) = m.gradients(tokens, targets, (h0, c0))
    for k, seed in enumerate(seeds):
        ref = StackLanguageModel(V, H, rng=seed, dtype=np.float64)
        logits, state, cache = ref.forward(tokens, (h0[k][None], c0[k][None]))
        ref_loss, dlogits = sequence_cross_entropy(logits, targets)
        g = ref.backward(dlogits, cache)
        W = np.concatenate([g[f"stack.l0.W_{q}"] for q in "fioC"])
        b = np.concatenate([g[f"stack.l0.b_{q}"] for q in "fioC"])
        assert abs(loss[k] - ref_loss) < 1e-12
        assert np.abs(state[0][0] - h_T[k]).max() < 1e-12
        assert np.abs(state[1][0] - c_T[k]).max() < 1e-12
        for ours, theirs in [
            (grads["W_h"][k], W[:, :H]),
            (grads["W_x"][k], W[:, H:]),
            (grads["b"][k, :, 0], b),
            (grads["W_y"][k], g["readout.W"]),
            (grads["b_y"][k, :, 0], g["readout.b"]),
        ]:
            assert np.abs(ours - theirs).max() < 1e-12 * max(1.0, np.abs(theirs).max())


def test_held_bits_per_seed_matches_held_bits():
    vocab, _, held = dropout_data(train_chars=300, held_chars=400)
    m = SeedLanguageModels(len(vocab), 8, (0, 1))
    ours = held_bits_per_seed(m, held)
    for k, seed in enumerate((0, 1)):
        assert abs(ours[k] - held_bits(StackLanguageModel(len(vocab), 8, rng=seed), held)) < 1e-5


def test_the_flat_buffer_holds_the_parameters():
    m = SeedLanguageModels(4, 3, (0, 1))
    m.flat += 1.0
    assert all(np.shares_memory(p, m.flat) for p in m.params.values())
    assert m.flatten(m.params).shape == m.flat.shape == (2, m.num_parameters)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"seeds": ()}, ValueError),
        ({"seeds": (-1,)}, ValueError),
        ({"hidden_size": 0}, ValueError),
        ({"dtype": np.int32}, TypeError),
    ],
)
def test_bad_arguments_are_named(kwargs, error):
    args = {"vocab_size": 4, "hidden_size": 3, "seeds": (0,)} | kwargs
    with pytest.raises(error):
        SeedLanguageModels(**args)


def test_bad_tokens_are_named():
    m = SeedLanguageModels(4, 3, (0,))
    with pytest.raises(ValueError, match="tokens"):
        m.gradients(np.array([[4]]), np.array([[0]]))
    with pytest.raises(ValueError, match="targets"):
        m.gradients(np.array([[1, 2]]), np.array([[0]]))
    with pytest.raises(ValueError, match="tokens"):
        m.loss(np.array([0.5]), np.array([0]))


@pytest.mark.slow
def test_a_short_run_follows_dropout_runs_model_without_dropout():
    """Two passes of the chapter's model, trained side by side and one by one: the held-out bits
    agree to float32 rounding, and a reused run is taken as it is."""
    data = dropout_data()
    theirs = dropout_runs((0, 1), ("no dropout",), passes=2, data=data)
    ours = size_runs((0, 1), [(64, 32, 2)], data=data)
    for a, b in zip(ours, theirs, strict=True):
        assert np.abs(a.held - b.held).max() < 2e-3 and np.abs(a.train - b.train).max() < 2e-3
        assert a.params == b.params
    reused = size_runs((0, 1), [(64, 32, 2)], reuse=theirs, data=data)
    assert all(np.array_equal(a.held, b.held) for a, b in zip(reused, theirs, strict=True))
