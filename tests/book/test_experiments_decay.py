"""Experiment 1, small: the gradient through an RNN fades or explodes, a gated cell's survives,
the keep path alone predicts the GRU and the LSTM without recurrent weights but not the LSTM."""

import numpy as np
import pytest

from lstm_explained import sigmoid
from lstm_explained.book.experiments.decay import CONFIGS, gradient_decay

LSTM3 = "LSTM, forget bias 3 (b_f = 3)"
CUT = "LSTM, forget bias 3, no recurrent weights"
GRU3 = "GRU, keep bias 3 (b_z = -3)"


@pytest.fixture(scope="module")
def result():
    return gradient_decay(seeds=[0, 1, 2], T=61, burn_in=100)


def test_shapes_and_the_first_step(result):
    assert result["configs"] == list(CONFIGS)
    assert np.array_equal(result["k"], np.arange(61))
    assert result["burn_in"] == 100
    for name in CONFIGS:
        assert result["per_seed"][name].shape == (3, 61)
        assert result["state_size"][name].shape == (161,)
        assert result["median"][name][0] == pytest.approx(1.0)  # g(0) = 1 by definition
    assert sorted(result["keep"]) == sorted(n for n in CONFIGS if not n.startswith("RNN"))
    for p in result["keep"].values():
        assert p[0] == pytest.approx(1.0) and np.all(np.diff(p) <= 0)  # products of numbers < 1


def test_the_rnn_forgets_geometrically(result):
    g = result["median"]["RNN"]
    assert g[30] < 1e-3 and g[60] < 1e-8
    # a steady rate: log g falls about linearly, twice the steps, about twice the decades
    assert 1.5 < np.log(g[60]) / np.log(g[30]) < 2.5


def test_gain_3_explodes(result):
    g = result["median"]["RNN, recurrent gain 3 (recurrent weights x 3)"]
    assert g[30] > 1e2 and g[60] > g[30]


def test_the_forget_bias_keeps_the_gradient(result):
    m = result["median"]
    at = 50
    assert m[LSTM3][at] > 0.05
    assert m["LSTM, forget bias 1 (b_f = 1)"][at] < 1e-2
    assert m["RNN"][at] < m["LSTM, forget bias 1 (b_f = 1)"][at] < m[LSTM3][at]
    assert m["RNN"][at] < m[GRU3][at]


def test_the_keep_path_is_the_product_of_the_forget_gates(result):
    # With weights that barely move f away from sigmoid(3), p(k) is close to sigmoid(3)**k.
    p = result["keep"][LSTM3]
    assert p[40] == pytest.approx(sigmoid(3.0) ** 40, rel=0.5)


def test_the_gru_and_the_cut_lstm_follow_their_keep_path(result):
    g, p = result["median"], result["keep"]
    ratio_gru = g[GRU3][1:31] / p[GRU3][1:31]
    assert np.all((0.7 < ratio_gru) & (ratio_gru < 1.5))
    ratio_cut = g[CUT][1:] / p[CUT][1:]  # a constant factor: the last step's own input path
    assert ratio_cut.max() / ratio_cut.min() < 1.5


def test_the_lstm_is_far_above_its_keep_path(result):
    g, p = result["median"][LSTM3], result["keep"][LSTM3]
    assert g[50] > 3 * p[50] and g[60] > 5 * p[60]


def test_the_zero_start_makes_the_far_end_rise():
    m0 = gradient_decay([LSTM3], seeds=[0, 1, 2], T=101, burn_in=0)["median"][LSTM3]
    m1 = gradient_decay([LSTM3], seeds=[0, 1, 2], T=101, burn_in=200)["median"][LSTM3]
    assert m0[100] > 2 * m0[50]  # the artefact: rises toward the start of the sequence
    assert m1[100] < 1.2 * m1[50]  # after a burn-in: flat or falling


def test_same_seeds_same_numbers():
    name = "LSTM, forget bias 1 (b_f = 1)"
    a = gradient_decay([name], seeds=[4], T=20, burn_in=10)
    b = gradient_decay([name], seeds=[4], T=20, burn_in=10)
    for key in ("per_seed", "keep", "state_size"):
        assert np.array_equal(a[key][name], b[key][name])


def test_bad_input():
    with pytest.raises(ValueError, match="CONFIGS"):
        gradient_decay(["LSTM, forget bias 7 (b_f = 7)"])
    with pytest.raises(ValueError, match="seeds"):
        gradient_decay(seeds=[])
    with pytest.raises(ValueError, match="burn_in"):
        gradient_decay(burn_in=-1)
    with pytest.raises(ValueError, match="T must"):
        gradient_decay(T=1)
