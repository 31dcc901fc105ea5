"""Properties that hold for every input: bounded gates and states, finite outputs, any shape."""

from __future__ import annotations

import numpy as np
from conftest import CELLS
from hypothesis import given, settings
from hypothesis import strategies as st

GATES = {"f", "i", "o", "z", "r"}

sizes = st.integers(min_value=1, max_value=6)
names = st.sampled_from(sorted(CELLS))


@st.composite
def cases(draw, max_x: float, max_w: float):
    """A random cell and inputs; magnitudes log-uniform up to the bounds (capped per dtype)."""
    name = draw(names)
    T, B, I, H = draw(sizes), draw(sizes), draw(sizes), draw(sizes)
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    if dtype == np.float32:  # float32 tops out at 3.4e38
        max_x, max_w = min(max_x, 1e37), min(max_w, 1e15)
    scale_w = 10.0 ** draw(st.floats(-3, np.log10(max_w)))
    scale_x = 10.0 ** draw(st.floats(-3, np.log10(max_x)))
    cell = CELLS[name](I, H, rng=seed, dtype=dtype)
    for p in cell.params.values():
        p[...] = rng.standard_normal(p.shape) * scale_w
    xs = rng.standard_normal((T, B, I)) * scale_x
    return name, cell, xs


@settings(max_examples=60, deadline=None)
@given(cases(max_x=1e30, max_w=1e30))
def test_gates_in_unit_interval_and_h_bounded(case):
    name, cell, xs = case
    state = None
    h_bound = 1.0
    for x_t in xs:
        state, values = cell.step(x_t, state)
        for k in GATES & set(values):
            assert np.all((values[k] >= 0) & (values[k] <= 1)), k
        # LSTM family and RNN: |h| <= 1 by the equations; GRU: h is a convex mix of h_prev and a
        # tanh, so it never leaves [-1, 1] from the zero state either.
        assert np.all(np.abs(values["h"]) <= h_bound), name
        if "C_tilde" in values:
            assert np.all(np.abs(values["C_tilde"]) <= 1)


@settings(max_examples=60, deadline=None)
@given(cases(max_x=1e307, max_w=1e150))
def test_extreme_finite_inputs_and_weights_give_finite_outputs(case):
    """Inputs of any finite magnitude (up to 1e307) and huge weights: finite, no warning.

    pytest turns every RuntimeWarning (overflow, invalid value) into an error here.
    """
    _, cell, xs = case
    hs, state_T, _ = cell.forward(xs)
    assert np.all(np.isfinite(hs))
    for part in state_T if isinstance(state_T, tuple) else (state_T,):
        assert np.all(np.isfinite(part))
    _, values = cell.step(xs[0])
    assert all(np.all(np.isfinite(v)) for v in values.values())


@settings(max_examples=40, deadline=None)
@given(cases(max_x=10.0, max_w=10.0))
def test_shapes_and_finite_gradients_for_any_size(case):
    _, cell, xs = case
    T, B, I = xs.shape
    H = cell.hidden_size
    hs, _, cache = cell.forward(xs)
    assert hs.shape == (T, B, H) and hs.dtype == cell.dtype
    dxs, _, grads = cell.backward(np.ones_like(hs), cache)
    assert dxs.shape == (T, B, I) and dxs.dtype == cell.dtype
    assert all(np.all(np.isfinite(g)) for g in grads.values())
    assert all(g.dtype == cell.dtype for g in grads.values())
