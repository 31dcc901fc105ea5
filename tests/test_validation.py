"""Bad input gets a clear error naming the argument and what was expected."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explained import GRUCell, LSTMCell, RNNCell


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"input_size": 0, "hidden_size": 3}, ValueError, r"input_size must be a positive int"),
        ({"input_size": 2, "hidden_size": -1}, ValueError, r"hidden_size must be a positive int"),
        ({"input_size": 2.5, "hidden_size": 3}, TypeError, r"input_size must be a positive int"),
        ({"input_size": True, "hidden_size": 3}, TypeError, r"input_size must be a positive int"),
        ({"input_size": 2, "hidden_size": 3, "dtype": np.int32}, TypeError, r"float32 or float64"),
        ({"input_size": 2, "hidden_size": 3, "dtype": "bogus"}, TypeError, r"float32 or float64"),
        ({"input_size": 2, "hidden_size": 3, "rng": "seed"}, TypeError, r"rng must be"),
    ],
)
def test_bad_construction(make_cell, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        make_cell(**kwargs)


@pytest.mark.parametrize(
    ("xs", "exc", "match"),
    [
        (
            np.zeros((4, 3)),
            ValueError,
            r"xs must have shape \(T, B, input_size=2\); got shape \(4, 3\)",
        ),
        (np.zeros((4, 1, 3)), ValueError, r"xs must have shape \(T, B, input_size=2\)"),
        (np.zeros((0, 1, 2)), ValueError, r"T >= 1 and B >= 1"),
        (np.full((4, 1, 2), np.nan), ValueError, r"xs must be finite"),
        (np.full((4, 1, 2), np.inf), ValueError, r"xs must be finite"),
        (np.zeros((4, 1, 2), dtype=complex), TypeError, r"xs must hold real numbers"),
        (np.array([[["a", "b"]]]), TypeError, r"xs must hold real numbers"),
        (np.zeros((4, 1, 2), dtype=bool), TypeError, r"xs must hold real numbers"),
        (None, TypeError, r"xs must be an array of real numbers"),
    ],
)
def test_bad_xs(make_cell, xs, exc, match):
    cell = make_cell(2, 3, rng=0)
    with pytest.raises(exc, match=match):
        cell.forward(xs)


def test_integer_inputs_are_accepted_and_cast(make_cell):
    cell = make_cell(2, 3, rng=0)
    hs, _, _ = cell.forward(np.ones((2, 1, 2), dtype=np.int64))
    np.testing.assert_array_equal(hs, cell.forward(np.ones((2, 1, 2)))[0])


@pytest.mark.parametrize(
    ("x_t", "match"),
    [
        (np.zeros(2), r"x_t must have shape \(B, input_size=2\); got shape \(2,\)"),
        (np.zeros((1, 5)), r"x_t must have shape \(B, input_size=2\); got shape \(1, 5\)"),
        (np.array([[np.nan, 0.0]]), r"x_t must be finite"),
    ],
)
def test_bad_step_input(make_cell, x_t, match):
    with pytest.raises(ValueError, match=match):
        make_cell(2, 3, rng=0).step(x_t)


def test_bad_state_for_h_cells():
    for cell in (RNNCell(2, 3, rng=0), GRUCell(2, 3, rng=0)):
        xs = np.zeros((4, 2, 2))
        with pytest.raises(ValueError, match=r"state must have shape \(B=2, hidden_size=3\)"):
            cell.forward(xs, np.zeros((2, 4)))
        with pytest.raises(TypeError, match=r"one array h"):
            cell.forward(xs, (np.zeros((2, 3)), np.zeros((2, 3))))
        with pytest.raises(ValueError, match=r"state must be finite"):
            cell.forward(xs, np.full((2, 3), np.inf))


def test_bad_state_for_lstm():
    cell = LSTMCell(2, 3, rng=0)
    xs = np.zeros((4, 2, 2))
    with pytest.raises(TypeError, match=r"must be a tuple \(h, C\)"):
        cell.forward(xs, np.zeros((2, 3)))
    with pytest.raises(
        ValueError, match=r"state\[1\] \(C\) must have shape \(B=2, hidden_size=3\)"
    ):
        cell.forward(xs, (np.zeros((2, 3)), np.zeros((1, 3))))
    with pytest.raises(ValueError, match=r"state\[0\] \(h\) must be finite"):
        cell.step(np.zeros((2, 2)), (np.full((2, 3), np.nan), np.zeros((2, 3))))


def test_bad_backward_arguments(make_cell):
    cell = make_cell(2, 3, rng=0)
    hs, state_T, cache = cell.forward(np.zeros((4, 2, 2)))
    with pytest.raises(ValueError, match=r"dhs must have shape \(T=4, B=2, hidden_size=3\)"):
        cell.backward(np.zeros((4, 2, 4)), cache)
    with pytest.raises(ValueError, match=r"dhs must be finite"):
        cell.backward(np.full(hs.shape, np.nan), cache)
    with pytest.raises(TypeError, match=r"cache must be the third value returned by forward"):
        cell.backward(hs, {"xs": 0})
    other = make_cell(2, 3, rng=0)
    with pytest.raises(ValueError, match=r"different cell"):
        other.backward(hs, cache)
    bad = tuple(np.zeros((2, 5)) for _ in cell._state_names)
    bad = bad[0] if len(bad) == 1 else bad
    with pytest.raises(ValueError, match=r"dstate.* must have shape \(B=2, hidden_size=3\)"):
        cell.backward(hs, cache, bad)


def test_gru_reset_after_must_be_bool():
    with pytest.raises(TypeError, match=r"reset_after must be a bool"):
        GRUCell(2, 3, reset_after="yes")


def test_gradcheck_refuses_float32():
    from lstm_explained import gradcheck

    with pytest.raises(ValueError, match=r"gradcheck needs a float64 cell"):
        gradcheck(LSTMCell(2, 3, rng=0, dtype=np.float32), np.zeros((2, 1, 2)))


def test_float32_cell_refuses_inputs_beyond_float32():
    cell = LSTMCell(2, 3, rng=0, dtype=np.float32)
    with pytest.raises(ValueError, match=r"xs holds values beyond the range of float32"):
        cell.forward(np.full((2, 1, 2), 1e39))
