"""The contract every cell keeps: shapes, step == forward, exact gradients, live parameters."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import random_state, randomize

from lstm_explained import gradcheck


def _run_steps(cell, xs, state):
    hs = []
    for x_t in xs:
        state, values = cell.step(x_t, state)
        hs.append(values["h"])
    return np.stack(hs), state


def _as_tuple(state):
    return state if isinstance(state, tuple) else (state,)


def test_shapes_and_dtype(make_cell):
    cell = make_cell(3, 5, rng=0)
    hs, state_T, cache = cell.forward(np.zeros((7, 2, 3)))
    assert hs.shape == (7, 2, 5) and hs.dtype == np.float64
    for part in _as_tuple(state_T):
        assert part.shape == (2, 5)
    dxs, dstate0, grads = cell.backward(np.ones_like(hs), cache)
    assert dxs.shape == (7, 2, 3)
    assert [d.shape for d in _as_tuple(dstate0)] == [(2, 5)] * len(_as_tuple(state_T))
    assert set(grads) == set(cell.params)
    for name, g in grads.items():
        assert g.shape == cell.params[name].shape, name


def test_param_shapes_follow_the_concatenation(make_cell):
    cell = make_cell(3, 5, rng=0)
    for name, p in cell.params.items():
        if name.startswith("W"):
            assert p.shape == (5, 5 + 3), name
        else:
            assert p.shape == (5,), name


def test_step_loop_equals_forward(make_cell):
    rng = np.random.default_rng(1)
    cell = make_cell(3, 4, rng=0)
    randomize(cell, rng)
    xs = rng.standard_normal((9, 3, 3))
    state0 = random_state(cell, 3, rng)
    hs, state_T, _ = cell.forward(xs, state0)
    hs_loop, state_loop = _run_steps(cell, xs, state0)
    np.testing.assert_allclose(hs_loop, hs, rtol=0, atol=1e-13)
    for a, b in zip(_as_tuple(state_loop), _as_tuple(state_T), strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-13)


def test_gradients_match_central_differences(make_cell):
    rng = np.random.default_rng(2)
    cell = make_cell(3, 4, rng=0)
    randomize(cell, rng)
    xs = rng.standard_normal((5, 2, 3))
    errors = gradcheck(cell, xs, rng=3)
    expected = set(cell.params) | {"xs"} | {f"{n}_0" for n in cell._state_names}
    assert set(errors) == expected
    worst = max(errors, key=errors.get)
    assert errors[worst] < 1e-6, (worst, errors[worst])


def test_a_wrong_backward_is_caught_by_gradcheck(make_cell):
    """The gradient check can fail: corrupt one gradient and it must notice."""
    cell = make_cell(2, 3, rng=0)
    original = cell.backward

    def corrupted(dhs, cache, dstate=None):
        dxs, ds, grads = original(dhs, cache, dstate)
        first = next(iter(grads))
        grads[first] = grads[first] * 1.01
        return dxs, ds, grads

    cell.backward = corrupted
    errors = gradcheck(cell, np.ones((3, 2, 2)))
    assert errors[next(iter(cell.params))] > 1e-3


def test_float32_end_to_end_matches_float64(make_cell):
    rng = np.random.default_rng(4)
    c64 = make_cell(3, 4, rng=0)
    randomize(c64, rng, scale=0.5)
    c32 = make_cell(3, 4, rng=0, dtype=np.float32)
    for name, p in c64.params.items():
        c32.params[name][...] = p
    xs = rng.standard_normal((12, 2, 3))
    hs64, _, cache64 = c64.forward(xs)
    hs32, st32, cache32 = c32.forward(xs.astype(np.float32))
    assert hs32.dtype == np.float32
    assert all(s.dtype == np.float32 for s in _as_tuple(st32))
    np.testing.assert_allclose(hs32, hs64, rtol=0, atol=2e-5)
    dhs = rng.standard_normal(hs64.shape)
    dxs64, _, g64 = c64.backward(dhs, cache64)
    dxs32, ds32, g32 = c32.backward(dhs.astype(np.float32), cache32)
    assert dxs32.dtype == np.float32
    assert all(g.dtype == np.float32 for g in g32.values())
    np.testing.assert_allclose(dxs32, dxs64, rtol=0, atol=1e-4 * np.abs(dxs64).max())
    for name in g64:
        scale = np.abs(g64[name]).max()
        np.testing.assert_allclose(g32[name], g64[name], rtol=0, atol=1e-4 * scale, err_msg=name)


def test_params_are_live_views(make_cell):
    cell = make_cell(2, 3, rng=0)
    xs = np.ones((4, 1, 2))
    before, _, _ = cell.forward(xs)
    for p in cell.params.values():
        p[...] = 0.0  # in place: the model must change (all zero weights give h = 0)
    after, _, _ = cell.forward(xs)
    assert not np.allclose(before, after)
    np.testing.assert_array_equal(after, 0.0)
    with pytest.raises(TypeError):
        cell.params["b_f" if "b_f" in cell.params else "b"] = np.zeros(3)  # type: ignore[index]


def test_in_place_update_with_an_optimiser_step_changes_the_output(make_cell):
    cell = make_cell(2, 3, rng=0)
    xs = np.ones((4, 1, 2))
    hs, _, cache = cell.forward(xs)
    _, _, grads = cell.backward(np.ones_like(hs), cache)
    for name, p in cell.params.items():
        p -= 0.1 * grads[name]
    hs2, _, _ = cell.forward(xs)
    assert hs2.sum() < hs.sum()  # a step down the gradient of sum(h) lowers sum(h)


def test_same_seed_same_weights_and_no_global_random_state(make_cell):
    # This test touches numpy's legacy global state on purpose: to show the cells do not.
    np.random.seed(123)  # noqa: NPY002
    before = np.random.random()  # noqa: NPY002
    np.random.seed(123)  # noqa: NPY002
    a = make_cell(3, 4, rng=7)
    b = make_cell(3, 4, rng=np.random.default_rng(7))
    assert np.random.random() == before  # noqa: NPY002  (the global state was not consumed)
    for name in a.params:
        np.testing.assert_array_equal(a.params[name], b.params[name])
    c = make_cell(3, 4, rng=8)
    assert any(not np.array_equal(a.params[n], c.params[n]) for n in a.params)


def test_final_state_gradient_flows_in(make_cell):
    """With dhs = 0, the only gradient is dstate: it must reach the inputs and the parameters."""
    cell = make_cell(2, 3, rng=0)
    xs = np.random.default_rng(0).standard_normal((4, 2, 2))
    hs, state_T, cache = cell.forward(xs)
    dstate = tuple(np.ones_like(s) for s in _as_tuple(state_T))
    dstate = dstate[0] if len(dstate) == 1 else dstate
    dxs, _, grads = cell.backward(np.zeros_like(hs), cache, dstate)
    assert np.abs(dxs).max() > 0
    dxs0, _, _ = cell.backward(np.zeros_like(hs), cache)
    np.testing.assert_array_equal(dxs0, 0.0)
