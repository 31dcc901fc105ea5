"""The fast-path helpers against plain numpy written the obvious way."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explained.cells import fast_path
from lstm_explained.cells.activations import linear


@pytest.mark.parametrize("T", [1, 2, 5, 7, 40])
@pytest.mark.parametrize("steps", [1, 2, 3, 100])
def test_reversed_blocks_cover_every_step_once_latest_first(monkeypatch, T, steps):
    monkeypatch.setattr(fast_path, "BLOCK_BYTES", steps * 1000)
    blocks = fast_path.reversed_blocks(T, 1000)
    covered = [t for t0, t1 in blocks for t in range(t1 - 1, t0 - 1, -1)]
    assert covered == list(range(T - 1, -1, -1))
    assert all(0 < t1 - t0 <= steps for t0, t1 in blocks)
    assert blocks[0][1] - blocks[0][0] == min(T, steps)  # full blocks from the end


def test_reversed_blocks_read_the_setting_at_every_call(monkeypatch):
    assert fast_path.reversed_blocks(10, fast_path.BLOCK_BYTES) == [
        (t, t + 1) for t in range(9, -1, -1)
    ]
    assert fast_path.reversed_blocks(10, 1) == [(0, 10)]
    monkeypatch.setattr(fast_path, "BLOCK_BYTES", 2)
    assert fast_path.reversed_blocks(5, 1) == [(3, 5), (1, 3), (0, 1)]
    assert fast_path.reversed_blocks(5, 10**9) == [(4, 5), (3, 4), (2, 3), (1, 2), (0, 1)]


def _case(G=3, T=4, B=2, I=5, H=6, seed=0):
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal((T, B, I)),
        rng.standard_normal((G * H, I)),
        rng.standard_normal(G * H),
        rng.standard_normal((G * H, H)),
    )


def test_halve_sigmoid_rows_halves_only_the_first_gates():
    _, W, b, _ = _case()
    W2, b2 = fast_path.halve_sigmoid_rows(W, b, 6, n_sigmoid=2)
    np.testing.assert_array_equal(W2[:12], W[:12] / 2)
    np.testing.assert_array_equal(W2[12:], W[12:])
    np.testing.assert_array_equal(b2, np.concatenate([b[:12] / 2, b[12:]]))


@pytest.mark.parametrize("G", [1, 3])
def test_projections_by_gate_and_by_unit(G):
    xs, W_x, b, W_h = _case(G=G)
    T, B, _ = xs.shape
    H = W_h.shape[1]
    expected = np.einsum("tbi,ji->tbj", xs, W_x) + b  # (T, B, G*H)
    by_gate = fast_path.project_inputs_by_gate(xs, W_x, b, G)
    assert by_gate.shape == (G, T, B, H)
    for k in range(G):
        np.testing.assert_allclose(by_gate[k], expected[:, :, k * H : (k + 1) * H], atol=1e-13)
    by_unit = fast_path.project_inputs_by_unit(xs.transpose(0, 2, 1), W_x, b)
    np.testing.assert_allclose(by_unit, expected.transpose(0, 2, 1), atol=1e-13)
    rec = fast_path.recurrent_weights_by_gate(W_h, G)
    h = np.random.default_rng(1).standard_normal((B, H))
    for k in range(G):
        np.testing.assert_allclose(h @ rec[k], h @ W_h[k * H : (k + 1) * H].T, atol=1e-13)


def test_projections_of_enormous_inputs_take_the_overflow_safe_product():
    xs, W_x, b, _ = _case(G=2)
    xs = xs * 1e300
    W_x = W_x * 1e10
    expected = linear(xs.reshape(-1, xs.shape[2]), W_x, b).reshape(4, 2, -1)
    with np.errstate(all="raise"):  # no warning, no NaN
        by_gate = fast_path.project_inputs_by_gate(xs, W_x, b, 2)
        by_unit = fast_path.project_inputs_by_unit(xs.transpose(0, 2, 1), W_x, b)
    assert np.isinf(expected).any() and not np.isnan(expected).any()
    np.testing.assert_array_equal(by_gate[1], expected[:, :, 6:])
    np.testing.assert_array_equal(by_unit, expected.transpose(0, 2, 1))


@pytest.mark.parametrize("G", [1, 4])
def test_input_side_gradients(G):
    xs, W_x, b, W_h = _case(G=G)
    T, B, I = xs.shape
    H = W_h.shape[1]
    dA = np.random.default_rng(2).standard_normal((G, T, B, H))
    dW_x, db, dxs = fast_path.input_side_gradients(dA, xs, W_x)
    flat = dA.transpose(1, 2, 0, 3).reshape(T * B, G * H)  # (T*B, G*H), gate blocks in order
    np.testing.assert_allclose(dW_x, flat.T @ xs.reshape(T * B, I), atol=1e-12)
    np.testing.assert_allclose(db, flat.sum(axis=0), atol=1e-12)
    np.testing.assert_allclose(dxs, (flat @ W_x).reshape(T, B, I), atol=1e-12)
