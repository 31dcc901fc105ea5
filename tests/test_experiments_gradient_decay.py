"""Experiment 1, small: the gradient through an RNN fades or explodes, an LSTM's survives."""

import numpy as np
import pytest

from lstm_explained.experiments.gradient_decay import CONFIGS, gradient_decay


@pytest.fixture(scope="module")
def result():
    return gradient_decay(seeds=[0, 1, 2], T=61)


def test_shapes_and_the_first_step(result):
    assert result["configs"] == list(CONFIGS)
    assert np.array_equal(result["k"], np.arange(61))
    for name in CONFIGS:
        assert result["per_seed"][name].shape == (3, 61)
        assert result["median"][name][0] == pytest.approx(1.0)  # g(0) = 1 by definition


def test_the_rnn_forgets_geometrically(result):
    g = result["median"]["RNN, gain 1"]
    assert g[30] < 1e-3 and g[60] < 1e-8
    # a steady rate: log g falls about linearly, twice the steps, about twice the decades
    assert 1.5 < np.log(g[60]) / np.log(g[30]) < 2.5


def test_gain_3_explodes(result):
    g = result["median"]["RNN, gain 3 (explodes)"]
    assert g[30] > 1e2 and g[60] > g[30]


def test_the_forget_bias_keeps_the_gradient(result):
    m = result["median"]
    at = 50
    assert m["LSTM, forget bias 3"][at] > 0.05
    assert m["LSTM, forget bias 1"][at] < 1e-2
    assert m["RNN, gain 1"][at] < m["LSTM, forget bias 1"][at] < m["LSTM, forget bias 3"][at]
    assert m["RNN, gain 1"][at] < m["GRU, update bias 3"][at]


def test_same_seeds_same_numbers():
    a = gradient_decay(["LSTM, forget bias 1"], seeds=[4], T=20)
    b = gradient_decay(["LSTM, forget bias 1"], seeds=[4], T=20)
    assert np.array_equal(
        a["per_seed"]["LSTM, forget bias 1"], b["per_seed"]["LSTM, forget bias 1"]
    )


def test_bad_input():
    with pytest.raises(ValueError, match="CONFIGS"):
        gradient_decay(["LSTM, forget bias 7"])
    with pytest.raises(ValueError, match="seeds"):
        gradient_decay(seeds=[])
