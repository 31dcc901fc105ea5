"""The activations: the right values, and no overflow for any finite input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lstm_explained.cells.activations import (
    dsigmoid_from_output,
    dtanh_from_output,
    linear,
    sigmoid,
    tanh,
)


@pytest.mark.parametrize("x", [-30.0, -5.0, -0.5, 0.0, 0.25, 3.0, 30.0])
def test_sigmoid_matches_the_textbook_formula(x):
    assert sigmoid(np.array([x]))[0] == pytest.approx(1.0 / (1.0 + math.exp(-x)), abs=1e-15)


def test_sigmoid_and_tanh_saturate_without_warnings():
    extreme = np.array([-np.finfo(np.float64).max, -1e300, 1e300, np.finfo(np.float64).max])
    np.testing.assert_array_equal(sigmoid(extreme), [0.0, 0.0, 1.0, 1.0])
    np.testing.assert_array_equal(tanh(extreme), [-1.0, -1.0, 1.0, 1.0])
    x32 = np.array([-3e38, 3e38], dtype=np.float32)
    assert sigmoid(x32).dtype == np.float32
    np.testing.assert_array_equal(sigmoid(x32), [0.0, 1.0])


def test_sigmoid_in_place():
    x = np.array([0.0, 2.0])
    out = sigmoid(x, out=x)
    assert out is x
    assert x[0] == 0.5


@pytest.mark.parametrize("x", [-2.0, -0.3, 0.0, 0.7, 4.0])
def test_derivatives_from_outputs_match_central_differences(x):
    eps = 1e-6
    a = np.array([x])
    num_s = (sigmoid(a + eps) - sigmoid(a - eps)) / (2 * eps)
    num_t = (np.tanh(a + eps) - np.tanh(a - eps)) / (2 * eps)
    np.testing.assert_allclose(dsigmoid_from_output(sigmoid(a)), num_s, atol=1e-9)
    np.testing.assert_allclose(dtanh_from_output(np.tanh(a)), num_t, atol=1e-9)


def test_linear_is_the_affine_map_for_ordinary_values():
    rng = np.random.default_rng(0)
    v, W, b = rng.standard_normal((3, 4)), rng.standard_normal((5, 4)), rng.standard_normal(5)
    expected = [
        [sum(W[j, k] * v[r, k] for k in range(4)) + b[j] for j in range(5)] for r in range(3)
    ]
    np.testing.assert_allclose(linear(v, W, b), expected, rtol=1e-13)


def test_linear_survives_overflow_exactly():
    v = np.array([[1e300, -1e300, 1e300]])
    W = np.array([[1e10, 1e10, 0.0], [1e10, 0.0, 0.0], [-1e10, 0.0, 0.0], [1e-300, 0.0, 0.0]])
    out = linear(v, W, np.array([1.0, 0.0, 0.0, 0.5]))
    # 1e310 - 1e310 cancels exactly; 1e310 overflows to +inf; -1e310 to -inf; 1e0 + 0.5 stays
    np.testing.assert_allclose(out, [[1.0, np.inf, -np.inf, 1.5]], rtol=1e-14)


def test_sigmoid_of_a_scalar_and_a_0d_array():
    assert float(sigmoid(np.array(0.0))) == 0.5
    assert float(sigmoid(0.0)) == 0.5
