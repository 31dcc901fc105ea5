"""The clockwork RNN: the clock and the mask from the definition, other periods, a sequence
continued with ``t0`` (the contract every model keeps is tested in test_base and friends)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import reference as ref

from lstm_explained import ClockworkRNNCell, gradcheck

PERIODS = [(1, 2, 4, 8), (1, 3, 5), (2, 2)]


def _cell(periods=(1, 2, 4, 8), m=2, I=3, seed=0, dtype=np.float64):
    cell = ClockworkRNNCell(I, m * len(periods), periods=periods, rng=seed, dtype=dtype)
    cell.params["b"][:] = np.random.default_rng(seed + 100).standard_normal(cell.hidden_size)
    return cell


def _step_reference(W, b, periods, m, h_prev, x, t):
    """Koutnik et al.'s rule, module by module in pure Python: module k ticks when t % T_k == 0
    and then reads the input and the modules j with T_j >= T_k; otherwise it keeps its value."""
    h = list(h_prev)
    for k, T_k in enumerate(periods):
        if t % T_k:
            continue
        read = [j for j in range(len(periods)) if periods[j] >= T_k]
        for u in range(k * m, (k + 1) * m):
            a = float(b[u]) + sum(float(W[u][len(h_prev) + q]) * x[q] for q in range(len(x)))
            for j in read:
                a += sum(float(W[u][v]) * h_prev[v] for v in range(j * m, (j + 1) * m))
            h[u] = math.tanh(a)
    return h


@pytest.mark.parametrize("periods", PERIODS)
def test_step_follows_the_definition(periods):
    rng = np.random.default_rng(1)
    cell = _cell(periods)
    # Fill every entry of W, masked ones included: the model must ignore the masked ones.
    cell.params["W"][...] = rng.standard_normal(cell.params["W"].shape)
    h = rng.standard_normal((1, cell.hidden_size))
    for t in range(12):
        x = rng.standard_normal((1, 3))
        expected = _step_reference(cell.params["W"], cell.params["b"], periods, 2, h[0], x[0], t)
        h, values = cell.step(x, h, t=t)
        np.testing.assert_allclose(h[0], expected, rtol=0, atol=1e-14, err_msg=f"t={t}")
        assert set(values) == {"u", "h_tilde", "h"}
        ticking = [t % T == 0 for T in periods for _ in range(2)]
        np.testing.assert_array_equal(values["u"], np.array(ticking, dtype=float))


def test_rnn_step_when_every_module_ticks():
    """With one module of period 1 the clockwork cell is the vanilla RNN."""
    rng = np.random.default_rng(2)
    cell = ClockworkRNNCell(3, 4, periods=(1,), rng=0)
    h_prev, x = rng.standard_normal(4), rng.standard_normal(3)
    h, _ = cell.step(x[None], h_prev[None], t=5)
    np.testing.assert_allclose(h[0], ref.rnn_step(cell.params, h_prev, x)["h"], atol=1e-14)


def test_slow_modules_hold_between_their_ticks():
    rng = np.random.default_rng(3)
    cell = _cell((1, 2, 4, 8))
    xs = rng.standard_normal((33, 2, 3))
    h0 = rng.standard_normal((2, 8))
    hs, _, _ = cell.forward(xs, h0)
    traj = np.concatenate([h0[None], hs])  # traj[t + 1] is h after step t
    for k, T_k in enumerate((1, 2, 4, 8)):
        units = slice(2 * k, 2 * k + 2)
        for t in range(33):
            same = np.array_equal(traj[t + 1][:, units], traj[t][:, units])
            assert same == (t % T_k != 0), (k, t)


def test_faster_modules_never_reach_slower_ones():
    """A change in the fastest module's initial state leaves every slower module untouched."""
    rng = np.random.default_rng(4)
    cell = _cell((1, 2, 4, 8))
    xs = rng.standard_normal((20, 1, 3))
    h0 = rng.standard_normal((1, 8))
    h0_changed = h0.copy()
    h0_changed[0, :2] += 1.0
    hs, _, _ = cell.forward(xs, h0)
    hs_changed, _, _ = cell.forward(xs, h0_changed)
    np.testing.assert_array_equal(hs_changed[:, :, 2:], hs[:, :, 2:])
    assert np.abs(hs_changed[:, :, :2] - hs[:, :, :2]).max() > 1e-3
    # ... while a change in the slowest module reaches every module.
    h0_changed = h0.copy()
    h0_changed[0, 6:] += 1.0
    hs_changed, _, _ = cell.forward(xs, h0_changed)
    assert np.all(np.abs(hs_changed[-1] - hs[-1]) > 0)


def test_mask_is_block_upper_triangular_and_kept_by_gradients():
    cell = _cell((1, 2, 4, 8))
    mask = cell.mask
    assert mask.shape == (8, 8 + 3) and mask.dtype == bool
    assert np.all(mask[:, 8:])
    expected = np.kron(np.triu(np.ones((4, 4), dtype=bool)), np.ones((2, 2), dtype=bool))
    np.testing.assert_array_equal(mask[:, :8], expected)
    np.testing.assert_array_equal(cell.params["W"][~mask], 0.0)
    assert cell.num_parameters == expected.sum() + 8 * 3 + 8
    hs, _, cache = cell.forward(np.random.default_rng(5).standard_normal((9, 2, 3)))
    _, _, grads = cell.backward(np.ones_like(hs), cache)
    np.testing.assert_array_equal(grads["W"][~mask], 0.0)
    assert np.all(grads["W"][mask] != 0.0)


def test_masked_weights_have_no_effect():
    rng = np.random.default_rng(6)
    cell = _cell((1, 2, 4, 8))
    xs = rng.standard_normal((9, 2, 3))
    hs, _, _ = cell.forward(xs)
    cell.params["W"][~cell.mask] = 100.0
    np.testing.assert_array_equal(cell.forward(xs)[0], hs)


@pytest.mark.parametrize("periods", PERIODS)
def test_step_loop_equals_forward(periods):
    rng = np.random.default_rng(7)
    cell = _cell(periods)
    xs = rng.standard_normal((17, 3, 3))
    h0 = rng.standard_normal((3, cell.hidden_size))
    for t0 in (0, 3):
        hs, h_T, _ = cell.forward(xs, h0, t0=t0)
        h, loop = h0, []
        for t, x_t in enumerate(xs):
            h, values = cell.step(x_t, h, t=t0 + t)
            loop.append(values["h"])
        np.testing.assert_allclose(np.stack(loop), hs, rtol=0, atol=1e-14)
        np.testing.assert_allclose(h, h_T, rtol=0, atol=1e-14)


@pytest.mark.parametrize("periods", PERIODS[1:])  # the default periods: in test_base
def test_gradients_match_central_differences(periods):
    cell = _cell(periods)
    xs = np.random.default_rng(8).standard_normal((11, 2, 3))
    errors = gradcheck(cell, xs)
    assert set(errors) == {"W", "b", "xs", "h_0"}
    worst = max(errors, key=errors.get)
    assert errors[worst] < 1e-6, (worst, errors[worst])


def test_a_split_sequence_continues_with_t0():
    """forward over xs[:5] then xs[5:] with t0=5 equals one forward, and so do the gradients."""
    rng = np.random.default_rng(9)
    cell = _cell((1, 2, 4, 8))
    xs = rng.standard_normal((13, 2, 3))
    dhs = rng.standard_normal((13, 2, 8))
    hs, h_T, cache = cell.forward(xs)
    dxs, dh0, grads = cell.backward(dhs, cache)
    hs1, h_mid, cache1 = cell.forward(xs[:5])
    hs2, h_end, cache2 = cell.forward(xs[5:], h_mid, t0=5)
    np.testing.assert_array_equal(np.concatenate([hs1, hs2]), hs)
    dxs2, dh_mid, grads2 = cell.backward(dhs[5:], cache2)
    dxs1, dh0_split, grads1 = cell.backward(dhs[:5], cache1, dh_mid)
    np.testing.assert_allclose(np.concatenate([dxs1, dxs2]), dxs, rtol=0, atol=1e-13)
    np.testing.assert_allclose(dh0_split, dh0, rtol=0, atol=1e-13)
    for k in grads:
        np.testing.assert_allclose(grads1[k] + grads2[k], grads[k], rtol=0, atol=1e-13)


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"hidden_size": 6}, ValueError, r"hidden_size=6 must be a multiple of .*len\(periods\)=4"),
        ({"periods": (2, 1)}, ValueError, r"periods must be sorted from fast to slow"),
        ({"periods": (1, 0)}, ValueError, r"periods\[1\] must be a positive int; got 0"),
        ({"periods": ()}, ValueError, r"periods must be a non-empty sequence of positive"),
        ({"periods": (1, 2.5)}, TypeError, r"periods\[1\] must be a positive int; got 2.5"),
        ({"periods": 4}, TypeError, r"periods must be a sequence of positive ints"),
    ],
)
def test_bad_construction(kwargs, exc, match):
    args = {"input_size": 2, "hidden_size": 8} | kwargs
    with pytest.raises(exc, match=match):
        ClockworkRNNCell(**args)


def test_bad_time():
    cell = _cell((1, 2, 4, 8))
    x = np.zeros((2, 3))
    with pytest.raises(TypeError, match=r"missing 1 required keyword-only argument: 't'"):
        cell.step(x)
    with pytest.raises(ValueError, match=r"t must be a non-negative int"):
        cell.step(x, t=-1)
    with pytest.raises(TypeError, match=r"t must be a non-negative int"):
        cell.step(x, t=1.0)
    with pytest.raises(TypeError, match=r"t0 must be a non-negative int"):
        cell.forward(np.zeros((3, 2, 3)), t0=True)
