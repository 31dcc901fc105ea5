"""The RNN with ``nonlinearity="relu"``: its equation, its slope, and what it is not.

The contract suite (tests/cells/test_base.py, test_validation.py) runs on it as ``rnn_relu``;
tests/test_interop.py compares it with ``torch.nn.RNN(nonlinearity="relu")``.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import randomize

from lstm_explained import RNNCell, gradcheck


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_step_is_max_of_the_pre_activation_and_zero(seed):
    rng = np.random.default_rng(seed)
    cell = RNNCell(3, 4, rng=seed, nonlinearity="relu")
    randomize(cell, rng)
    x, h_prev = rng.standard_normal((1, 3)), rng.standard_normal((1, 4))
    W, b = cell.params["W"], cell.params["b"]
    hx = list(h_prev[0]) + list(x[0])
    expected = [max(sum(W[j, k] * hx[k] for k in range(7)) + b[j], 0.0) for j in range(4)]
    h, values = cell.step(x, h_prev)
    np.testing.assert_allclose(h[0], expected, rtol=0, atol=1e-14)
    assert set(values) == {"h"}


def test_identity_recurrence_carries_the_gradient_exactly_through_active_units():
    """With W_h = I, no bias and positive inputs every unit stays active: each Jacobian is I."""
    cell = RNNCell(2, 3, rng=0, nonlinearity="relu")
    cell.params["W"][:, :3] = np.eye(3)
    cell.params["b"][:] = 0.0
    xs = np.abs(np.random.default_rng(0).standard_normal((50, 1, 2)))
    cell.params["W"][:, 3:] = np.abs(cell.params["W"][:, 3:])
    hs, _, cache = cell.forward(xs)
    dhs = np.zeros_like(hs)
    dhs[-1] = [1.0, -2.0, 0.5]
    _, dh0, _ = cell.backward(dhs, cache)
    np.testing.assert_array_equal(dh0[0], [1.0, -2.0, 0.5])
    assert np.all(np.diff(hs[:, 0, 0]) >= 0)  # and the state only grows: no bound


def test_a_silent_unit_passes_no_gradient():
    cell = RNNCell(1, 2, rng=0, nonlinearity="relu")
    cell.params["W"][:] = [[1.0, 0.0, 1.0], [0.0, 1.0, -1.0]]  # unit 2 reads -x
    cell.params["b"][:] = 0.0
    hs, _, cache = cell.forward(np.ones((3, 1, 1)))
    assert np.all(hs[:, 0, 1] == 0.0)
    dhs = np.zeros_like(hs)
    dhs[-1] = 1.0
    dxs, dh0, _ = cell.backward(dhs, cache)
    np.testing.assert_array_equal(dh0[0], [1.0, 0.0])


@pytest.mark.parametrize("dtype", [np.float64])
def test_gradcheck_away_from_the_kink(dtype):
    cell = RNNCell(3, 5, rng=1, dtype=dtype, nonlinearity="relu")
    randomize(cell, np.random.default_rng(1))
    xs = np.random.default_rng(2).standard_normal((6, 3, 3))
    errors = gradcheck(cell, xs)
    assert max(errors.values()) < 1e-7, errors


def test_bad_nonlinearity_is_refused_by_name():
    with pytest.raises(ValueError, match="nonlinearity must be one of"):
        RNNCell(2, 3, nonlinearity="sigmoid")
    with pytest.raises(ValueError, match="nonlinearity"):
        RNNCell(2, 3, nonlinearity=None)


def test_default_is_tanh_and_repr_names_relu():
    assert RNNCell(2, 3, rng=0).nonlinearity == "tanh"
    assert repr(RNNCell(2, 3, rng=0)) == "RNNCell(input_size=2, hidden_size=3, dtype=float64)"
    assert "nonlinearity='relu'" in repr(RNNCell(2, 3, rng=0, nonlinearity="relu"))


def test_same_weights_tanh_and_relu_agree_where_the_pre_activation_is_small_and_positive():
    """Near zero tanh(a) ~ a = relu(a) for a > 0: a sanity link between the two forms."""
    tanh_cell = RNNCell(2, 3, rng=0)
    relu_cell = RNNCell(2, 3, rng=0, nonlinearity="relu")
    for c in (tanh_cell, relu_cell):
        c.params["W"][:] = 1e-4 * np.abs(c.params["W"])
        c.params["b"][:] = 1e-4
    xs = np.full((4, 1, 2), 1e-2)
    np.testing.assert_allclose(relu_cell.forward(xs)[0], tanh_cell.forward(xs)[0], rtol=1e-8)


def test_relu_and_its_slope_from_the_output():
    from lstm_explained.cells.activations import drelu_from_output, relu

    x = np.array([-3.0, -0.0, 0.0, 2e-300, 5.0], dtype=np.float32)
    y = relu(x)
    np.testing.assert_array_equal(y, [0.0, 0.0, 0.0, 0.0, 5.0])  # 2e-300 is 0 in float32
    assert y.dtype == np.float32
    np.testing.assert_array_equal(drelu_from_output(np.array([0.0, 1e-300, 4.0])), [0, 1, 1])
