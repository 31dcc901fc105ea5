"""The language-model chapter's experiments: fast checks of the pieces, and every trained claim
of the chapter over seeds 0, 1 and 2 with the chapter's settings (marked slow)."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explained.book.experiments import (
    CELL_SPECS,
    beats,
    build_model,
    clip_direction,
    compare_cells,
    exploding_gradient,
    gradient_growth,
    held_out_bits,
    math_units,
    repeat_period,
    sgd_clipping,
    temperature_entropies,
    truncation_profile,
)
from lstm_explained.lm.char_model import generate
from lstm_explained.lm.ngram import NGramModel
from lstm_explained.lm.tbptt import bits_per_character
from lstm_explained.lm.text import stream_windows

SEEDS = (0, 1, 2)
# the chapter's settings (docs/language-model.md)
B, T, EPOCHS, LR = 32, 64, 10, 3e-2
SGD_H, SGD_B, SGD_EPOCHS = 128, 16, 6


@pytest.fixture(scope="module")
def data(lm_data):
    return lm_data


@pytest.fixture(scope="module")
def runs(lm_runs):
    return lm_runs


# ---- fast: the pieces


def test_compare_cells_gives_the_same_runs_on_any_number_of_workers(data):
    inputs, targets = stream_windows(data["train"][:3000], batch_size=8, window=32)
    held = data["held"][:400]
    kw = {"epochs": 2, "vocab_size": data["V"], "snapshots": {("LSTM", 1): (1, 3)},
          "labels": ("RNN", "LSTM")}  # fmt: skip
    one = compare_cells((0, 1), inputs, targets, held, workers=1, **kw)
    two = compare_cells((0, 1), inputs, targets, held, workers=2, **kw)
    assert list(one) == list(two) == ["RNN", "LSTM"]
    assert [(r.label, r.seed) for rs in two.values() for r in rs] == [
        ("RNN", 0), ("RNN", 1), ("LSTM", 0), ("LSTM", 1)]  # fmt: skip
    for a, b in zip(one["RNN"] + one["LSTM"], two["RNN"] + two["LSTM"], strict=True):
        assert (a.label, a.seed) == (b.label, b.seed)
        np.testing.assert_array_equal(a.held_bits, b.held_bits)
        np.testing.assert_array_equal(a.losses, b.losses)
        for name, value in a.model.params.items():
            np.testing.assert_array_equal(value, b.model.params[name])
        assert sorted(a.snapshots) == sorted(b.snapshots)
    assert sorted(two["LSTM"][1].snapshots) == [1, 3]


def test_compare_cells_names_an_unknown_label(data):
    with pytest.raises(ValueError, match="labels"):
        compare_cells((0,), data["inputs"], data["targets"], data["held"], labels=["LSTM2"])


def test_every_cell_starts_with_the_same_keep_factor():
    keep = 1 / (1 + np.exp(-1.0))
    lstm = build_model("LSTM", 4, 5, seed=0)
    gru = build_model("GRU", 4, 5, seed=0)
    assert np.allclose(1 / (1 + np.exp(-lstm.cell.params["b_f"])), keep)
    assert np.allclose(1 - 1 / (1 + np.exp(-gru.cell.params["b_z"])), keep)


def test_narrow_cells_have_about_the_rnns_parameters():
    sizes = {
        label: build_model(kind, h, 82, 0).num_parameters for label, (kind, h) in CELL_SPECS.items()
    }
    for label in ("narrow GRU", "narrow LSTM"):
        assert abs(sizes[label] / sizes["RNN"] - 1) < 0.02


def test_held_out_bits_is_close_to_one_stream(data):
    model = build_model("LSTM", 16, data["V"], seed=0)
    one = bits_per_character(model, data["held"])
    assert abs(held_out_bits(model, data["held"]) - one) < 0.02


def test_held_out_bits_rejects_bad_input():
    with pytest.raises(ValueError, match="tokens"):
        held_out_bits(build_model("RNN", 4, 5, 0), np.array([[0, 1]]))
    with pytest.raises(ValueError, match="kind"):
        build_model("Elman", 4, 5, 0)


def test_beats_is_every_seed():
    assert beats([1.0, 1.1], [1.2]) and not beats([1.0, 1.3], [1.2, 1.4])


def test_norm_clipping_keeps_the_direction_elementwise_does_not(data):
    c = clip_direction(exploding_gradient(0, data["inputs"][0]), 1.0)
    assert c["norm"] > 1 and np.isclose(c["norm_norm"], 1.0) and c["norm_cos"] == 1.0
    assert c["elementwise_cos"] < 0.99


def test_repeat_period():
    assert repeat_period("ab" * 80) == 2 and repeat_period("abcdefghij" * 5, max_period=5) is None


# ---- slow: the chapter's trained claims, on every seed


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_gradient_grows_with_the_window_above_gain_one(data, seed):
    g = gradient_growth(seed, data["inputs"][0], (0.5, 1.0, 2.0), (1, 64))
    assert g[2, 1] > 100 * g[2, 0]  # gain 2: grows (measured 3e4 to 5e4 times)
    assert g[0, 1] < 1e-6 * g[0, 0]  # gain 0.5: vanishes
    assert g[1, 1] < g[1, 0]  # gain 1: fades


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_unclipped_sgd_diverges_and_clipped_learns(data, seed):
    inputs, targets = stream_windows(data["train"], batch_size=SGD_B, window=T)
    runs = sgd_clipping(seed, inputs, targets, data["held"], epochs=SGD_EPOCHS, hidden=SGD_H)
    assert runs[None].eval_bits[-1] > np.log2(data["V"]) > runs[1.0].eval_bits[-1]


@pytest.mark.slow
def test_networks_against_the_ngrams(data, runs):
    count = {
        n: NGramModel(n, data["V"]).fit(data["train"]).bits_per_character(data["held"])
        for n in (1, 2, 5, 6)
    }
    every = [r.best_bits for rs in runs.values() for r in rs]
    assert max(every) < count[2] - 0.2 and max(every) < count[1] - 1
    assert count[5] < min(every) and count[6] > count[5]


@pytest.mark.slow
def test_best_pass_is_kept(data, runs):
    for rs in runs.values():
        for r in rs:
            assert r.best_bits == min(r.held_bits) and r.best_bits < 3.2
            assert np.isclose(held_out_bits(r.model, data["held"]), r.best_bits, atol=1e-4)


@pytest.mark.slow
def test_lstm_samples_units_and_exercises(data, runs):
    vocab = data["vocab"]
    prompt = vocab.encode("The cell state ")
    for seed, run in zip(SEEDS, runs["LSTM"], strict=True):
        m = run.model
        greedy = generate(m, prompt, 240, temperature=0.0, rng=np.random.default_rng(seed))
        assert repeat_period(vocab.decode(greedy)) is not None
        rows, _ = math_units(m, vocab, data["train_text"][:12000], data["held_text"])
        held = {row["property"]: row["held_out"] for row in rows}
        assert held["inline math"] > 0.85 and held["word start"] > 0.85
        assert held["quotes"] < 0.75 and held["parentheses"] < 0.75
        size = truncation_profile(m, data["inputs"], data["targets"])
        assert size[-1] > 100 * size[0]
        ent = temperature_entropies(m, prompt, (0.01, 0.1, 0.5, 1.0, 2.0, 10.0, 1000.0))
        assert np.all(np.diff(ent) > 0) and ent[0] < 0.5 * ent[2]
        assert np.isclose(ent[-1], np.log2(data["V"]), atol=0.01)
