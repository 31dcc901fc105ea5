"""Each equation of the post, evaluated literally from ``params``, equals the model's ``step``.

The expected values come from ``reference.py``: pure Python, one unit at a time.
"""

from __future__ import annotations

import numpy as np
import pytest
import reference as ref
from conftest import CELLS, randomize


def _case(name: str, seed: int = 0):
    rng = np.random.default_rng(seed)
    cell = CELLS[name](3, 4, rng=seed)
    randomize(cell, rng)
    x = rng.standard_normal((1, 3))
    h_prev = rng.standard_normal((1, 4))
    C_prev = rng.standard_normal((1, 4))
    return cell, x, h_prev, C_prev


def _compare(values: dict, expected: dict) -> None:
    assert set(values) == set(expected)
    for k, v in expected.items():
        np.testing.assert_allclose(values[k][0], v, rtol=0, atol=1e-14, err_msg=k)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rnn(seed):
    cell, x, h_prev, _ = _case("rnn", seed)
    _, values = cell.step(x, h_prev)
    _compare(values, ref.rnn_step(cell.params, h_prev[0], x[0]))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(
    ("name", "flags"),
    [("lstm", {}), ("peephole", {"peephole": True}), ("coupled", {"coupled": True})],
)
def test_lstm_family(name, flags, seed):
    cell, x, h_prev, C_prev = _case(name, seed)
    (h, C), values = cell.step(x, (h_prev, C_prev))
    _compare(values, ref.lstm_step(cell.params, h_prev[0], C_prev[0], x[0], **flags))
    np.testing.assert_array_equal(h, values["h"])
    np.testing.assert_array_equal(C, values["C"])


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("reset_after", [False, True])
def test_gru(reset_after, seed):
    cell, x, h_prev, _ = _case("gru_reset_after" if reset_after else "gru", seed)
    h, values = cell.step(x, h_prev)
    _compare(values, ref.gru_step(cell.params, h_prev[0], x[0], reset_after=reset_after))
    np.testing.assert_array_equal(h, values["h"])


def test_the_two_gru_forms_differ():
    """Where the reset is applied matters: same weights, different outputs (b_hh = 0)."""
    rng = np.random.default_rng(0)
    post = CELLS["gru"](3, 4, rng=0)
    randomize(post, rng)
    after = CELLS["gru_reset_after"](3, 4, rng=0)
    for name, p in post.params.items():
        after.params[name][...] = p
    after.params["b_hh"][...] = 0.0
    x, h_prev = rng.standard_normal((1, 3)), rng.standard_normal((1, 4))
    assert not np.allclose(post.step(x, h_prev)[0], after.step(x, h_prev)[0])


def test_forget_gate_at_one_and_input_at_zero_keeps_the_cell():
    """f = 1, i = 0: the conveyor belt carries C unchanged (the core idea of the post)."""
    cell = CELLS["lstm"](2, 3, rng=0)
    cell.params["W_f"][...] = 0.0
    cell.params["b_f"][...] = 1e3  # sigmoid(1e3) == 1.0 exactly in floating point
    cell.params["W_i"][...] = 0.0
    cell.params["b_i"][...] = -1e3
    C_prev = np.array([[0.3, -2.0, 5.0]])
    (_, C), values = cell.step(np.ones((1, 2)), (np.zeros((1, 3)), C_prev))
    np.testing.assert_array_equal(values["f"], 1.0)
    np.testing.assert_array_equal(values["i"], 0.0)
    np.testing.assert_array_equal(C, C_prev)


def test_forget_bias_sets_b_f_only():
    cell = CELLS["lstm"](2, 3, rng=0, forget_bias=3.0)
    np.testing.assert_array_equal(cell.params["b_f"], 3.0)
    for name in ("b_i", "b_C", "b_o"):
        np.testing.assert_array_equal(cell.params[name], 0.0)
    gru = CELLS["gru"](2, 3, rng=0, update_bias=-3.0)
    np.testing.assert_array_equal(gru.params["b_z"], -3.0)
