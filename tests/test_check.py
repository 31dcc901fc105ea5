"""The gradient checker itself: it reports every array and catches a wrong gradient."""

from __future__ import annotations

import numpy as np

from lstm_explained import LSTMCell, RNNCell, gradcheck, relative_error


def test_relative_error_is_scaled_by_the_gradient():
    assert relative_error(np.array([0.0]), np.array([0.0])) == 0.0
    assert relative_error(np.array([1e-8, 0.0]), np.array([2e-8, 0.0])) == 0.5
    assert relative_error(np.array([100.0]), np.array([101.0])) == 1 / 101


def test_an_explicit_state_is_checked_as_given():
    cell = RNNCell(2, 3, rng=0)
    errors = gradcheck(cell, np.ones((3, 1, 2)), np.full((1, 3), 0.2))
    assert set(errors) == {"W", "b", "xs", "h_0"}
    assert max(errors.values()) < 1e-6


def test_without_final_state_gradient():
    errors = gradcheck(LSTMCell(2, 3, rng=0), np.ones((3, 2, 2)), final_state_grad=False)
    assert max(errors.values()) < 1e-6


def test_a_forward_that_ignores_a_parameter_is_caught():
    """Zeroing b_o's gradient (as a buggy backward might) must show up as a large error."""
    cell = LSTMCell(2, 3, rng=0)
    backward = cell.backward

    def buggy(dhs, cache, dstate=None):
        dxs, ds, grads = backward(dhs, cache, dstate)
        grads["b_o"] = np.zeros_like(grads["b_o"])
        return dxs, ds, grads

    cell.backward = buggy
    errors = gradcheck(cell, np.ones((3, 2, 2)))
    assert errors["b_o"] == 1.0
    assert errors["b_f"] < 1e-6
