"""Properties that hold for every input: bounded gates and states, finite outputs, any shape."""

from __future__ import annotations

import numpy as np
from conftest import CELLS, as_tuple, randomize, step
from hypothesis import given, settings
from hypothesis import strategies as st

GATES = {"f", "i", "o", "z", "r", "d", "u"}

sizes = st.integers(min_value=1, max_value=6)
# The ReLU RNN's state is unbounded by design (tests/cells/test_rnn_relu.py has its properties).
names = st.sampled_from(sorted(set(CELLS) - {"rnn_relu"}))


@st.composite
def cases(draw, max_x: float, max_w: float):
    """A random cell and inputs; magnitudes log-uniform up to the bounds (capped per dtype)."""
    name = draw(names)
    T, B, I, H = draw(sizes), draw(sizes), draw(sizes), draw(sizes)
    if name == "clockwork":  # four modules of equal size
        H = 4 * min(H, 2)
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    if dtype == np.float32:  # float32 tops out at 3.4e38
        max_x, max_w = min(max_x, 1e37), min(max_w, 1e15)
    scale_w = 10.0 ** draw(st.floats(-3, np.log10(max_w)))
    scale_x = 10.0 ** draw(st.floats(-3, np.log10(max_x)))
    cell = CELLS[name](I, H, rng=seed, dtype=dtype)
    randomize(cell, rng, scale=scale_w)
    xs = rng.standard_normal((T, B, I)) * scale_x
    return name, cell, xs


@settings(max_examples=60, deadline=None)
@given(cases(max_x=1e30, max_w=1e30))
def test_gates_in_unit_interval_and_h_bounded(case):
    name, cell, xs = case
    state = None
    for t, x_t in enumerate(xs):
        state, values = step(cell, x_t, state, t)
        by_short_name = {}  # the depth-gated stack names its values "layer<l>.<name>"
        for k, v in values.items():
            by_short_name.setdefault(k.rsplit(".", 1)[-1], []).append(v)
        assert "h" in by_short_name
        for k in GATES & set(by_short_name):
            assert all(np.all((v >= 0) & (v <= 1)) for v in by_short_name[k]), k
        # LSTM family and RNN: |h| <= 1 by the equations; GRU and clockwork: h is a convex mix of
        # h_prev and a tanh, so it never leaves [-1, 1] from the zero state either.
        for k in ("h", "h_tilde", "C_tilde"):
            assert all(np.all(np.abs(v) <= 1) for v in by_short_name.get(k, [])), (name, k)


@settings(max_examples=60, deadline=None)
@given(cases(max_x=1e307, max_w=1e150))
def test_extreme_finite_inputs_and_weights_give_finite_outputs(case):
    """Inputs of any finite magnitude (up to 1e307) and huge weights: finite, no warning.

    pytest turns every RuntimeWarning (overflow, invalid value) into an error here.
    """
    _, cell, xs = case
    hs, state_T, cache = cell.forward(xs)
    assert np.all(np.isfinite(hs))
    for part in as_tuple(state_T):
        assert np.all(np.isfinite(part))
    _, values = step(cell, xs[0], None, 0)
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
