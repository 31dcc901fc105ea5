"""The contract every model keeps: shapes, step == forward, exact gradients, live parameters.

Every test runs for every model of :data:`lstm_explained.cells.registry.MODELS` (and the GRU's
second form); the gradient tests run with the default backward blocks and with blocks of two
steps, so the code that carries gradients across block boundaries is checked too.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import H, as_tuple, random_state, randomize, run_steps, use_blocks_of

from lstm_explained import ClockworkRNNCell, gradcheck
from lstm_explained.cells import fast_path


def _forward_kwargs(cell, t0: int) -> dict:
    return {"t0": t0} if isinstance(cell, ClockworkRNNCell) else {}


def test_shapes_and_dtype(make_cell):
    cell = make_cell(3, H, rng=0)
    hs, state_T, cache = cell.forward(np.zeros((7, 2, 3)))
    assert hs.shape == (7, 2, H) and hs.dtype == np.float64
    assert len(as_tuple(state_T)) == len(cell.state_names)
    for part in as_tuple(state_T):
        assert part.shape == (2, H)
    dxs, dstate0, grads = cell.backward(np.ones_like(hs), cache)
    assert dxs.shape == (7, 2, 3)
    assert [d.shape for d in as_tuple(dstate0)] == [(2, H)] * len(cell.state_names)
    assert list(grads) == list(cell.params)
    for name, g in grads.items():
        assert g.shape == cell.params[name].shape, name


def test_param_shapes_have_one_row_per_unit(make_cell):
    cell = make_cell(3, H, rng=0)
    for name, p in cell.params.items():
        short = name.rsplit(".", 1)[-1]
        if short.startswith("W") and short != "W_d":  # W_d (depth gate) reads x_t alone
            assert p.shape[0] == H and p.shape[1] in (H + 3, H + H), name
        elif short != "W_d":
            assert p.shape == (H,), name
    assert cell.num_parameters <= sum(p.size for p in cell.params.values())


def test_step_loop_equals_forward(make_cell):
    rng = np.random.default_rng(1)
    cell = make_cell(3, H, rng=0)
    randomize(cell, rng)
    xs = rng.standard_normal((9, 3, 3))
    state0 = random_state(cell, 3, rng)
    hs, state_T, _ = cell.forward(xs, state0)
    hs_loop, state_loop = run_steps(cell, xs, state0)
    np.testing.assert_allclose(hs_loop, hs, rtol=0, atol=1e-13)
    for a, b in zip(as_tuple(state_loop), as_tuple(state_T), strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-13)


def test_gradients_match_central_differences(make_cell, block_steps, monkeypatch):
    rng = np.random.default_rng(2)
    cell = make_cell(3, H, rng=0)
    randomize(cell, rng)
    xs = rng.standard_normal((5, 2, 3))
    if block_steps:
        use_blocks_of(monkeypatch, cell, 2, block_steps)
    errors = gradcheck(cell, xs, rng=3)
    expected = set(cell.params) | {"xs"} | {f"{n}_0" for n in cell.state_names}
    assert set(errors) == expected
    worst = max(errors, key=errors.get)
    assert errors[worst] < 1e-6, (worst, errors[worst])


def test_backward_equals_a_loop_of_one_step_backwards(make_cell, block_steps, monkeypatch):
    """One backward over 11 steps equals 11 backwards over one step each, chained through the
    state gradient: the whole-sequence blocks against steps that are each their own block."""
    rng = np.random.default_rng(3)
    cell = make_cell(3, H, rng=0)
    randomize(cell, rng, scale=0.5)
    T, B = 11, 3
    xs = rng.standard_normal((T, B, 3))
    dhs = rng.standard_normal((T, B, H))
    state0 = random_state(cell, B, rng)
    dstate_T = random_state(cell, B, rng)
    if block_steps:
        use_blocks_of(monkeypatch, cell, B, block_steps)
    _, _, cache = cell.forward(xs, state0)
    dxs, dstate0, grads = cell.backward(dhs, cache, dstate_T)

    caches, state = [], state0
    for t in range(T):
        _, state, c = cell.forward(xs[t : t + 1], state, **_forward_kwargs(cell, t))
        caches.append(c)
    dxs_loop = np.empty_like(dxs)
    total = {k: np.zeros_like(g) for k, g in grads.items()}
    dstate = dstate_T
    for t in range(T - 1, -1, -1):
        d, dstate, g = cell.backward(dhs[t : t + 1], caches[t], dstate)
        dxs_loop[t] = d[0]
        for k in total:
            total[k] += g[k]
    np.testing.assert_allclose(dxs_loop, dxs, rtol=0, atol=1e-12)
    for a, b in zip(as_tuple(dstate), as_tuple(dstate0), strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    for k in grads:
        np.testing.assert_allclose(total[k], grads[k], rtol=0, atol=1e-11, err_msg=k)


def test_blocks_of_two_steps_are_what_the_backward_uses(make_cell, monkeypatch):
    """The fixture's setting reaches the cell: its backward asks for blocks of two steps."""
    cell = make_cell(3, H, rng=0)
    if not hasattr(cell, "_block_step_bytes"):
        pytest.skip(f"{type(cell).__name__}'s backward has no blocks")
    use_blocks_of(monkeypatch, cell, 2, 2)
    seen = []
    real = fast_path.reversed_blocks

    def spy(T, step_bytes):
        seen.append(real(T, step_bytes))
        return seen[-1]

    monkeypatch.setattr(fast_path, "reversed_blocks", spy)
    hs, _, cache = cell.forward(np.ones((5, 2, 3)))
    cell.backward(np.ones_like(hs), cache)
    assert seen == [[(3, 5), (1, 3), (0, 1)]]


def test_a_wrong_backward_is_caught_by_gradcheck(make_cell):
    """The gradient check can fail: corrupt one gradient and it must notice."""
    cell = make_cell(2, H, rng=0)
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
    c64 = make_cell(3, H, rng=0)
    randomize(c64, rng, scale=0.5)
    c32 = make_cell(3, H, rng=0, dtype=np.float32)
    for name, p in c64.params.items():
        c32.params[name] = p
    xs = rng.standard_normal((12, 2, 3))
    hs64, _, cache64 = c64.forward(xs)
    hs32, st32, cache32 = c32.forward(xs.astype(np.float32))
    assert hs32.dtype == np.float32
    assert all(s.dtype == np.float32 for s in as_tuple(st32))
    np.testing.assert_allclose(hs32, hs64, rtol=0, atol=2e-5)
    dhs = rng.standard_normal(hs64.shape)
    dxs64, _, g64 = c64.backward(dhs, cache64)
    dxs32, ds32, g32 = c32.backward(dhs.astype(np.float32), cache32)
    assert dxs32.dtype == np.float32
    assert all(s.dtype == np.float32 for s in as_tuple(ds32))
    assert all(g.dtype == np.float32 for g in g32.values())
    np.testing.assert_allclose(dxs32, dxs64, rtol=0, atol=1e-4 * np.abs(dxs64).max())
    for name in g64:
        scale = max(np.abs(g64[name]).max(), 1e-3)
        np.testing.assert_allclose(g32[name], g64[name], rtol=0, atol=1e-4 * scale, err_msg=name)


def test_params_are_live_views(make_cell):
    cell = make_cell(2, H, rng=0)
    xs = np.ones((4, 1, 2))
    before, _, _ = cell.forward(xs)
    for p in cell.params.values():
        p[...] = 0.0  # in place: the model must change (all zero weights give h = 0)
    after, _, _ = cell.forward(xs)
    assert not np.allclose(before, after)
    np.testing.assert_array_equal(after, 0.0)


def test_in_place_update_with_an_optimiser_step_changes_the_output(make_cell):
    cell = make_cell(2, H, rng=0)
    xs = np.ones((4, 1, 2))
    hs, _, cache = cell.forward(xs)
    _, _, grads = cell.backward(np.ones_like(hs), cache)
    for name, p in cell.params.items():
        p -= 0.1 * grads[name]
    hs2, _, _ = cell.forward(xs)
    assert hs2.sum() < hs.sum()  # a step down the gradient of sum(h) lowers sum(h)


@pytest.mark.parametrize("how", ["augmented", "assigned"])
def test_assigning_to_a_name_updates_the_model(make_cell, how):
    """``params[name] -= lr * grad`` and ``params[name] = new`` write into the live arrays."""
    cell = make_cell(2, H, rng=0)
    arrays = {name: p for name, p in cell.params.items()}
    xs = np.ones((4, 1, 2))
    hs, _, cache = cell.forward(xs)
    _, _, grads = cell.backward(np.ones_like(hs), cache)
    expected = {name: p - 0.1 * grads[name] for name, p in cell.params.items()}
    params = cell.params
    for name in list(params):
        if how == "augmented":
            params[name] -= 0.1 * grads[name]
        else:
            params[name] = params[name] - 0.1 * grads[name]
    for name, p in cell.params.items():
        assert p is arrays[name], name  # the same live array, not a new one
        np.testing.assert_array_equal(p, expected[name], err_msg=name)
    assert cell.forward(xs)[0].sum() < hs.sum()


def test_assigning_the_wrong_shape_or_kind_or_a_new_name_is_refused(make_cell):
    cell = make_cell(2, H, rng=0)
    name, p = next(iter(cell.params.items()))
    before = {k: v.copy() for k, v in cell.params.items()}
    shape = rf"\({', '.join(map(str, p.shape))},?\)"
    with pytest.raises(ValueError, match=rf"params\['{name}'\] must have shape {shape}"):
        cell.params[name] = np.zeros((p.shape[0] + 1, *p.shape[1:]))
    with pytest.raises(TypeError, match=rf"params\['{name}'\] must hold real numbers"):
        cell.params[name] = np.zeros(p.shape, dtype=complex)
    with pytest.raises(ValueError, match=rf"params\['{name}'\] must be finite"):
        cell.params[name] = np.full(p.shape, np.nan)
    with pytest.raises(KeyError, match=r"has no parameter 'W_new'.*names cannot be added"):
        cell.params["W_new"] = np.zeros(p.shape)
    with pytest.raises(TypeError, match=r"cannot be deleted"):
        del cell.params[name]
    with pytest.raises(TypeError, match=r"cannot be deleted"):
        cell.params.pop(name)
    assert list(cell.params) == list(before)
    for k, v in cell.params.items():
        np.testing.assert_array_equal(v, before[k], err_msg=k)  # nothing was half-written


def test_same_seed_same_weights_and_no_global_random_state(make_cell):
    # This test touches numpy's legacy global state on purpose: to show the cells do not.
    np.random.seed(123)  # noqa: NPY002
    before = np.random.random()  # noqa: NPY002
    np.random.seed(123)  # noqa: NPY002
    a = make_cell(3, H, rng=7)
    b = make_cell(3, H, rng=np.random.default_rng(7))
    assert np.random.random() == before  # noqa: NPY002  (the global state was not consumed)
    for name in a.params:
        np.testing.assert_array_equal(a.params[name], b.params[name])
    c = make_cell(3, H, rng=8)
    assert any(not np.array_equal(a.params[n], c.params[n]) for n in a.params)


def test_final_state_gradient_flows_in(make_cell):
    """With dhs = 0, the only gradient is dstate: it must reach the inputs and the parameters."""
    cell = make_cell(2, H, rng=0)
    xs = np.random.default_rng(0).standard_normal((4, 2, 2))
    hs, state_T, cache = cell.forward(xs)
    dstate = tuple(np.ones_like(s) for s in as_tuple(state_T))
    dstate = dstate[0] if len(dstate) == 1 else dstate
    dxs, _, grads = cell.backward(np.zeros_like(hs), cache, dstate)
    assert np.abs(dxs).max() > 0
    dxs0, _, _ = cell.backward(np.zeros_like(hs), cache)
    np.testing.assert_array_equal(dxs0, 0.0)


def test_zero_state_has_the_state_names_shape(make_cell):
    cell = make_cell(2, H, rng=0)
    state = as_tuple(cell.zero_state(3))
    assert len(state) == len(cell.state_names)
    assert all(s.shape == (3, H) and not s.any() for s in state)


def test_backward_without_input_grads_skips_only_dxs(make_cell, block_steps, monkeypatch):
    """``input_grads=False`` returns no ``dxs`` and, bit for bit, the same state and parameter
    gradients as the full backward."""
    cell = make_cell(3, H, rng=0)
    rng = np.random.default_rng(1)
    randomize(cell, rng)
    xs, dhs = rng.standard_normal((5, 2, 3)), rng.standard_normal((5, 2, H))
    if block_steps:
        use_blocks_of(monkeypatch, cell, 2, block_steps)
    hs, state_T, cache = cell.forward(xs, random_state(cell, 2, rng))
    dstate = tuple(rng.standard_normal(s.shape) for s in as_tuple(state_T))
    dstate = dstate[0] if len(dstate) == 1 else dstate
    dxs, d0, grads = cell.backward(dhs, cache, dstate)
    none, d0_, grads_ = cell.backward(dhs, cache, dstate, input_grads=False)
    assert dxs.shape == xs.shape and none is None
    for a, b in zip(as_tuple(d0), as_tuple(d0_), strict=True):
        np.testing.assert_array_equal(a, b)
    assert grads.keys() == grads_.keys()
    for name in grads:
        np.testing.assert_array_equal(grads[name], grads_[name], err_msg=name)
    with pytest.raises(TypeError, match="input_grads must be a bool"):
        cell.backward(dhs, cache, input_grads="no")
