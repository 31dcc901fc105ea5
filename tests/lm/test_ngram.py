"""The n-gram baselines, on texts whose probabilities are known."""

import numpy as np
import pytest

from lstm_explained.lm.ngram import NGramModel


def test_uniform_is_log2_of_the_vocabulary():
    model = NGramModel(0, vocab_size=16).fit(np.array([0, 0, 0]))
    assert model.bits_per_character(np.array([3, 9, 1, 1])) == pytest.approx(4.0)


def test_witten_bell_by_hand():
    # "aab" over {a, b, c}: unigram counts a 2, b 1 (N = 3, D = 2)
    model = NGramModel(2, vocab_size=3).fit(np.array([0, 0, 1]))
    p1 = model.probabilities([])
    np.testing.assert_allclose(p1, [(2 + 2 / 3) / 5, (1 + 2 / 3) / 5, (2 / 3) / 5])
    # after "a": a once, b once (N = 2, D = 2); after "b": never seen, so the unigram
    np.testing.assert_allclose(model.probabilities([0]), (np.array([1, 1, 0]) + 2 * p1) / 4)
    np.testing.assert_allclose(model.probabilities([1]), p1)
    # only the last order - 1 tokens of a context count
    np.testing.assert_allclose(model.probabilities([1, 1, 0]), model.probabilities([0]))


@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_distributions_sum_to_one(order):
    tokens = np.random.default_rng(0).integers(0, 5, size=300)
    model = NGramModel(order, vocab_size=6).fit(tokens)
    for context in ([], [1], [2, 3], [5, 5, 5], [0, 1, 2, 3]):
        p = model.probabilities(context)
        assert p.sum() == pytest.approx(1.0) and np.all(p > 0)


def test_recovers_a_known_markov_chain():
    """A first-order chain: a bigram model of a long sample scores its entropy rate."""
    P = np.array([[0.9, 0.1, 0.0], [0.2, 0.3, 0.5], [0.5, 0.0, 0.5]])
    rng = np.random.default_rng(1)
    N = 40_000
    x = np.empty(N, dtype=np.int64)
    x[0] = 0
    u = rng.random(N)
    cdf = P.cumsum(axis=1)
    for t in range(1, N):
        x[t] = np.searchsorted(cdf[x[t - 1]], u[t])
    # stationary distribution and entropy rate, computed from P alone
    w, v = np.linalg.eig(P.T)
    pi = np.real(v[:, np.argmin(abs(w - 1))])
    pi /= pi.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        H = -np.nansum(pi[:, None] * P * np.log2(P))
    bigram = NGramModel(2, vocab_size=3).fit(x[: N // 2])
    for a in range(3):
        np.testing.assert_allclose(bigram.probabilities([a]), P[a], atol=0.02)
    assert bigram.bits_per_character(x[N // 2 :]) == pytest.approx(H, abs=0.02)
    unigram = NGramModel(1, vocab_size=3).fit(x[: N // 2])
    np.testing.assert_allclose(unigram.probabilities([]), pi, atol=0.02)
    assert unigram.bits_per_character(x[N // 2 :]) > H + 0.2  # less context, more bits


def test_unseen_character_has_probability_from_the_uniform():
    model = NGramModel(1, vocab_size=4).fit(np.array([0, 1, 0, 1]))
    assert model.probabilities([])[3] == pytest.approx((2 / 4) / (4 + 2))


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: NGramModel(-1, 3), ValueError, "order"),
        (lambda: NGramModel(2, 0), ValueError, "vocab_size"),
        (lambda: NGramModel(2, 3).fit(np.array([0, 3])), ValueError, r"\[0, vocab_size=3\)"),
        (lambda: NGramModel(2, 3).fit(np.array([[0]])), TypeError, "1-d"),
        (lambda: NGramModel(2, 3).bits_per_character(np.array([1])), ValueError, "two"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
