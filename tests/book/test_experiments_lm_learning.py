"""The language model as it learns and how far back it looks (docs/language-model.md): fast
checks of the pieces, and the chapter's trained claims over seeds 0, 1 and 2 (marked slow)."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explained.book.experiments import beats, build_model, train_cell
from lstm_explained.book.experiments.language_model import hidden_states
from lstm_explained.book.experiments.lm_learning import (
    best_ngram,
    input_dependence,
    known_words,
    line_crossing,
    model_at,
    ngram_generate,
    perturbation_effect,
    share_curve,
)
from lstm_explained.lm.char_model import generate
from lstm_explained.lm.ngram import NGramModel
from lstm_explained.lm.text import stream_windows

SEEDS = (0, 1, 2)
# the chapter's settings (docs/language-model.md)
B, T, EPOCHS, LR, TAU = 32, 64, 10, 3e-2, 0.5
BACK, POSITIONS, WARM = 128, 64, 64


@pytest.fixture(scope="module")
def data(lm_data):
    return lm_data


@pytest.fixture(scope="module")
def runs(lm_runs):
    return lm_runs


# ---- fast: the pieces


def test_share_curve_gives_the_same_runs_on_any_number_of_workers(data):
    kw = {"updates": 62, "batch_size": 4, "window": 16, "vocab_size": data["V"]}
    train, held = data["train"][:4000], data["held"][:300]
    one = share_curve(0, train, held, (0.5, 1.0), workers=1, **kw)
    two = share_curve(0, train, held, (0.5, 1.0), workers=2, **kw)
    assert list(one) == list(two) == [0.5, 1.0]
    for share in (0.5, 1.0):
        np.testing.assert_array_equal(one[share].held_bits, two[share].held_bits)
    # the half share has half the windows, so twice the passes for the same updates
    assert len(two[0.5].held_bits) > len(two[1.0].held_bits)


def test_snapshots_beyond_the_epochs_change_nothing_before():
    tokens = np.tile(np.arange(5), 120)
    x, y = stream_windows(tokens, batch_size=4, window=8)
    plain = train_cell("LSTM", 0, x, y, tokens[:60], epochs=2)
    longer = train_cell("LSTM", 0, x, y, tokens[:60], epochs=2, snapshots=(1, 4))
    assert np.array_equal(plain.held_bits, longer.held_bits) and sorted(longer.snapshots) == [1, 4]
    assert np.array_equal(plain.model.params["readout.W"], longer.model.params["readout.W"])
    assert not np.array_equal(
        model_at(longer, 4).params["readout.W"], plain.model.params["readout.W"]
    )
    with pytest.raises(ValueError, match="passes=3"):
        model_at(longer, 3)
    with pytest.raises(ValueError, match="snapshots"):
        train_cell("LSTM", 0, x, y, tokens[:60], epochs=1, snapshots=(0,))


def test_eval_every_skips_passes_but_keeps_the_best_of_those_scored():
    tokens = np.tile(np.arange(5), 120)
    x, y = stream_windows(tokens, batch_size=4, window=8)
    run = train_cell("RNN", 0, x, y, tokens[:60], epochs=5, eval_every=2)
    assert np.isnan(run.held_bits[[1, 3]]).all() and not np.isnan(run.held_bits[[0, 2, 4, 5]]).any()
    assert run.best_pass in (0, 2, 4, 5)


def test_hidden_states_in_streams_match_one_read():
    m = build_model("GRU", 6, 5, seed=1)
    x = np.arange(400) % 5
    _, _, cache = m.forward(x[:, None])
    assert np.allclose(hidden_states(m, x, streams=8, warmup=120), cache["hs"][:, 0], atol=1e-4)


def test_ngram_sampling_follows_the_counts():
    m = NGramModel(3, 4).fit(np.array([0, 1, 2, 3] * 30))
    out = ngram_generate(m, [0, 1], 12, temperature=0.3, rng=0)
    assert out.tolist() == [2, 3, 0, 1] * 3
    with pytest.raises(ValueError, match="temperature"):
        ngram_generate(m, [0], 3, temperature=-1.0, rng=0)


def test_line_crossing_and_known_words():
    assert line_crossing([1, 2, 4], [3, 2.5, 2], [2.2, 2.0, 1.8]) == pytest.approx(2 ** (8 / 3))
    assert line_crossing([1, 2, 4], [3, 2.5, 2], [2, 1.5, 1]) is None
    assert known_words("", {"a"}) == 0.0 and known_words("And bee", {"and"}) == 0.5


def test_dependence_and_perturbation_reject_short_text():
    m = build_model("RNN", 4, 5, seed=0)
    with pytest.raises(ValueError, match="tokens"):
        input_dependence(m, np.arange(20) % 5, back=16, warmup=8)
    with pytest.raises(ValueError, match="tokens"):
        perturbation_effect(m, np.arange(20) % 5, (1, 16), warmup=8)


def test_dependence_is_the_gradient():
    """D_k of one position against a finite difference of the log-probability (float64)."""
    from lstm_explained.cells.lstm import LSTMCell
    from lstm_explained.lm.char_model import CharLanguageModel
    from lstm_explained.training.layers import Readout

    m = CharLanguageModel(LSTMCell(5, 6, rng=0), Readout(6, 5, rng=0))
    x = np.arange(40) % 5
    d = input_dependence(m, x, back=6, positions=1, warmup=0)
    t = 6  # the one position: linspace(6, 38, 1) is [6]
    idx = np.arange(t - 5, t + 1)
    eye = np.eye(5)

    def log_p(inputs):
        hs, _, _ = m.cell.forward(inputs[:, None, :])
        y = m.readout.forward(hs[-1])[0]
        return y[x[t + 1]] - np.log(np.exp(y).sum())

    base = eye[x[idx]]
    for k in (0, 3):
        grad = np.zeros(5)
        for j in range(5):
            plus, minus = base.copy(), base.copy()
            plus[-1 - k, j] += 1e-6
            minus[-1 - k, j] -= 1e-6
            grad[j] = (log_p(plus) - log_p(minus)) / 2e-6
        assert np.isclose(d[k], np.linalg.norm(grad), rtol=1e-5)


# ---- slow: the chapter's trained claims, on every seed


@pytest.mark.slow
def test_lstm_samples_gain_real_words_after_the_first_pass(data, runs):
    prompt = data["vocab"].encode("The cell state ")
    for seed, run in zip(SEEDS, runs["LSTM"], strict=True):
        share = []
        for p in (1, 4, 16):
            out = generate(model_at(run, p), prompt, 200, temperature=TAU,
                           rng=np.random.default_rng(seed))  # fmt: skip
            share.append(known_words(data["vocab"].decode(out), data["words"]))
        # measured 0.05, 0.74, 0.78; 0.00, 0.39, 0.78; 0.00, 0.43, 0.71 (pass 4 against 16 is
        # a word or two on seed 0: not asserted)
        assert share[0] < 0.2 and min(share[1:]) > share[0] + 0.3, (seed, share)
        assert run.snapshots[16][1] < run.best_bits - 0.05  # seed 0: 2.46 against 2.60


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_more_text_does_not_close_the_gap_at_this_budget(data, runs, seed):
    shares = (0.25, 0.5, 1.0)
    curve = share_curve(seed, data["train"], data["held"], shares[:-1], updates=EPOCHS * len(
        data["inputs"]), lr=LR, vocab_size=data["V"])  # fmt: skip
    lstm = [curve[0.25].best_bits, curve[0.5].best_bits, runs["LSTM"][seed].best_bits]
    n = len(data["train"])
    ngram = [best_ngram(data["train"][: round(s * n)], data["held"], data["V"], (4, 5))[1]
             for s in shares]  # fmt: skip
    assert np.all(np.diff(lstm) < 0) and np.all(np.diff(ngram) < 0)
    gaps = np.array(lstm) - np.array(ngram)
    assert gaps[-1] > gaps[0] > 0, gaps  # measured: 0.28 -> 0.40, 0.18 -> 0.45, 0.29 -> 0.36


@pytest.mark.slow
def test_how_far_back_each_cell_looks(data, runs):
    rel = {}
    for name in ("RNN", "GRU", "LSTM"):
        d = np.array([input_dependence(r.model, data["held"], back=BACK, positions=POSITIONS,
                                       warmup=WARM) for r in runs[name]])  # fmt: skip
        rel[name] = d / d[:, :1]
    k32 = {n: np.log10(r[:, 32]) for n, r in rel.items()}
    k96 = {n: np.log10(r[:, 96]) for n, r in rel.items()}
    assert beats(k32["LSTM"], k32["RNN"]) and beats(k32["RNN"], k32["GRU"]), k32
    assert beats(k96["RNN"], k96["LSTM"]) and beats(k96["LSTM"], k96["GRU"]), k96
    assert np.all(rel["LSTM"][:, 32] < (1 / (1 + np.exp(-1.0))) ** 32)


@pytest.mark.slow
def test_a_changed_character_matters_less_the_further_back(data, runs):
    for lstm, gru in zip(runs["LSTM"], runs["GRU"], strict=True):
        kw = {"positions": POSITIONS, "warmup": WARM, "rng": 0}
        e_lstm = perturbation_effect(lstm.model, data["held"], (1, 8, 32, 96), **kw)
        e_gru = perturbation_effect(gru.model, data["held"], (1, 8, 32, 96), **kw)
        assert np.all(np.diff(e_lstm) < 0) and e_gru[2] > e_lstm[2], (e_lstm, e_gru)
        # the character just read matters most (seed 0: 1.7 against 0.04; 2.0 against 0.18)
        assert e_lstm[0] > 3 * e_lstm[1] and e_gru[0] > 3 * e_gru[1], (e_lstm, e_gru)
