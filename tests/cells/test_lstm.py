"""The LSTM's unit-major fast path: its overflow branch and its backward over several blocks."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import randomize

from lstm_explained import LSTMCell, PeepholeLSTMCell
from lstm_explained.cells import fast_path


def _run(cell, xs, dhs, state, dstate):
    """Forward and backward; every output array by name, gradients by their parameter's name."""
    hs, (h_T, C_T), cache = cell.forward(xs, state)
    dxs, (dh_0, dC_0), grads = cell.backward(dhs, cache, dstate)
    return {"hs": hs, "h_T": h_T, "C_T": C_T, "dxs": dxs, "dh_0": dh_0, "dC_0": dC_0, **grads}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_projected_branch_equals_fused_branch(monkeypatch, dtype):
    """The branch for inputs that could overflow gives what the one-product branch gives."""
    rng = np.random.default_rng(3)
    cell = LSTMCell(5, 7, rng=rng, dtype=dtype)
    randomize(cell, rng)
    xs = rng.standard_normal((6, 3, 5))
    dhs = rng.standard_normal((6, 3, 7))
    state = (rng.standard_normal((3, 7)), rng.standard_normal((3, 7)))
    dstate = (rng.standard_normal((3, 7)), rng.standard_normal((3, 7)))
    assert not cell._inputs_may_overflow(xs.astype(dtype))
    fused = _run(cell, xs, dhs, state, dstate)
    monkeypatch.setattr(LSTMCell, "_inputs_may_overflow", lambda self, xs: True)
    projected = _run(cell, xs, dhs, state, dstate)
    tol = 1e-12 if dtype == np.float64 else 1e-5
    assert len(fused) == 6 + 8
    for name, value in fused.items():
        np.testing.assert_allclose(value, projected[name], rtol=tol, atol=tol, err_msg=name)


@pytest.mark.parametrize(
    ("dtype", "x_max", "w_max"), [(np.float64, 1e307, 1e150), (np.float32, 1e37, 1e15)]
)
def test_overflow_check_warns_nothing_and_picks_the_safe_branch(dtype, x_max, w_max):
    rng = np.random.default_rng(4)
    cell = LSTMCell(3, 4, rng=rng, dtype=dtype)
    randomize(cell, rng, scale=w_max)
    xs = (rng.standard_normal((5, 2, 3)) * x_max).astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cell._inputs_may_overflow(xs)
        hs, (h, C), _ = cell.forward(xs)
    assert np.all(np.isfinite(hs)) and np.all(np.isfinite(h)) and np.all(np.isfinite(C))


def test_backward_over_several_blocks_equals_the_gate_major_path():
    """A peephole cell with zero peepholes is an LSTM computed by the gate-major fast path."""
    T, B, I, H = 40, 16, 5, 64
    rng = np.random.default_rng(5)
    lstm = LSTMCell(I, H, rng=rng)
    assert len(fast_path.reversed_blocks(T, lstm._block_step_bytes(B))) >= 3  # default budget
    randomize(lstm, rng, scale=0.3)
    peep = PeepholeLSTMCell(I, H, rng=rng)
    for name, value in lstm.params.items():
        peep.params[name][...] = value
    for name in ("p_f", "p_i", "p_o"):
        peep.params[name][...] = 0.0
    xs = rng.standard_normal((T, B, I))
    dhs = rng.standard_normal((T, B, H))
    state = (rng.standard_normal((B, H)), rng.standard_normal((B, H)))
    dstate = (rng.standard_normal((B, H)), rng.standard_normal((B, H)))
    ours = _run(lstm, xs, dhs, state, dstate)
    ref = _run(peep, xs, dhs, state, dstate)
    assert len(ours) == 6 + 8
    for name, value in ours.items():
        np.testing.assert_allclose(value, ref[name], rtol=1e-10, atol=1e-11, err_msg=name)
