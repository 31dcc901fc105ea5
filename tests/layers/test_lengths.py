"""Padded batches and the bidirectional layer, piece by piece."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reference import numeric_grad

from lstm_explained import GRUCell, LSTMCell
from lstm_explained.check import relative_error
from lstm_explained.layers import Bidirectional, packed_backward, packed_forward, reverse_padded
from lstm_explained.layers.lengths import segments


@given(st.lists(st.integers(1, 6), min_size=1, max_size=5))
def test_reverse_padded_is_its_own_inverse_and_keeps_padding(lengths):
    T, n = 6, np.array(lengths)
    xs = np.arange(T * len(n)).reshape(T, len(n))
    r = reverse_padded(xs, n)
    assert np.array_equal(reverse_padded(r, n), xs)
    for b, m in enumerate(n):
        assert np.array_equal(r[:m, b], xs[:m, b][::-1]) and np.array_equal(r[m:, b], xs[m:, b])


def test_segments_cover_every_real_step_once():
    n = np.array([4, 1, 4, 2])
    seen = np.zeros((4, 4), dtype=int)
    for t0, t1, rows in segments(n, 4):
        seen[t0:t1, rows] += 1
    assert np.array_equal(seen, (np.arange(4)[:, None] < n[None, :]).astype(int))
    assert len(segments(n, 4, every_step=True)) == 4


def test_packed_gradcheck():
    """packed_forward/backward alone, with a recurrent mask: central differences agree."""
    rng = np.random.default_rng(0)
    cell = LSTMCell(2, 3, rng=rng)
    xs, n = rng.standard_normal((4, 3, 2)), np.array([4, 1, 3])
    mask = np.array([[2.0, 0.0, 2.0]] * 3)
    P = rng.standard_normal((4, 3, 3))
    Q = (rng.standard_normal((3, 3)), rng.standard_normal((3, 3)))

    def loss():
        hs, (h, C), _ = packed_forward(cell, xs, lengths=n, h_mask=mask)
        return float(np.sum(P * hs) + np.sum(Q[0] * h) + np.sum(Q[1] * C))

    _, _, cache = packed_forward(cell, xs, lengths=n, h_mask=mask)
    dxs, _, grads = packed_backward(cell, P, cache, Q)
    for name, arr, g in [("xs", xs, dxs), ("W_f", cell.params["W_f"], grads["W_f"])]:
        assert relative_error(numeric_grad(loss, arr), g) < 1e-7, name


def test_bidirectional_backward_cell_reads_from_the_end():
    rng = np.random.default_rng(1)
    layer = Bidirectional(GRUCell(2, 3, rng=0), GRUCell(2, 3, rng=1))
    xs = rng.standard_normal((5, 2, 2))
    ys, (h_fw, h_bw), _ = layer.forward(xs, lengths=[5, 3])
    alone, h_alone, _ = layer.cells[1].forward(xs[:3, 1:][::-1])
    assert np.allclose(ys[:3, 1, 3:], alone[::-1, 0]) and np.allclose(h_bw[1], h_alone[0])
    assert np.allclose(ys[2, 1, :3], h_fw[1]) and not ys[3:, 1].any()


def test_bidirectional_refusals():
    a = LSTMCell(2, 3)
    with pytest.raises(ValueError, match="two cells"):
        Bidirectional(a, a)
    with pytest.raises(ValueError, match="must match forward_cell"):
        Bidirectional(a, LSTMCell(2, 4))
    with pytest.raises(TypeError, match="forward_cell must be a RecurrentCell"):
        Bidirectional("lstm", a)
    with pytest.raises(TypeError, match="cache must be the PackedCache"):
        packed_backward(a, None, {})
