"""SGD, Adam and clip_grad_norm against steps computed by hand; updates land in the model."""

import math

import numpy as np
import pytest

from lstm_explained import LSTMCell
from lstm_explained.training.optim import SGD, Adam, clip_grad_norm


def test_sgd_step_by_hand():
    w = np.array([1.0, 2.0])
    opt = SGD({"w": w}, lr=0.1)
    opt.step({"w": np.array([0.5, -1.0])})
    assert np.allclose(w, [0.95, 2.1])


def test_sgd_momentum_two_steps_by_hand():
    w = np.array([1.0])
    opt = SGD({"w": w}, lr=0.1, momentum=0.9)
    opt.step({"w": np.array([1.0])})  # v = 1, w = 1 - 0.1
    opt.step({"w": np.array([2.0])})  # v = 0.9 + 2 = 2.9, w = 0.9 - 0.29
    assert w[0] == pytest.approx(0.61)


def test_adam_two_steps_by_hand():
    w = np.array([1.0])
    opt = Adam({"w": w}, lr=0.1, betas=(0.9, 0.999), eps=1e-8)
    opt.step({"w": np.array([2.0])})
    # m = 0.2, v = 0.004; corrected m = 2, v = 4; step = 0.1 * 2 / (2 + 1e-8)
    assert w[0] == pytest.approx(0.9, abs=1e-9)
    opt.step({"w": np.array([1.0])})
    # m = 0.9 * 0.2 + 0.1 * 1 = 0.28, v = 0.999 * 0.004 + 0.001 * 1 = 0.004996
    m_hat = 0.28 / (1 - 0.9**2)
    v_hat = 0.004996 / (1 - 0.999**2)
    w1 = 1.0 - 0.1 * 2.0 / (2.0 + 1e-8)
    assert w[0] == pytest.approx(w1 - 0.1 * m_hat / (math.sqrt(v_hat) + 1e-8), rel=1e-12)
    assert opt.t == 2


def test_adam_first_step_is_lr_times_sign():
    w = np.zeros(4)
    Adam({"w": w}, lr=0.01).step({"w": np.array([1e-3, -5.0, 300.0, -0.2])})
    assert np.allclose(w, [-0.01, 0.01, -0.01, 0.01], rtol=1e-4)


def test_updates_reach_the_cell_through_its_views():
    cell = LSTMCell(2, 3, rng=0)
    before = cell._W.copy()
    xs = np.ones((4, 1, 2))
    hs_before = cell.forward(xs)[0]
    opt = Adam(cell.params, lr=0.1)
    opt.step({k: np.ones_like(p) for k, p in cell.params.items()})
    assert np.allclose(cell._W, before - 0.1)  # every entry of the fused buffer moved
    assert np.allclose(cell.params["b_f"], 1.0 - 0.1)
    assert not np.allclose(cell.forward(xs)[0], hs_before)


def test_optimizer_checks():
    w = np.zeros(3)
    opt = SGD({"w": w}, lr=0.1)
    with pytest.raises(ValueError, match="missing"):
        opt.step({"v": np.zeros(3)})
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        opt.step({"w": np.zeros(2)})
    with pytest.raises(ValueError, match="lr"):
        SGD({"w": w}, lr=0.0)
    with pytest.raises(TypeError, match="lr"):
        Adam({"w": w}, lr="fast")
    frozen = np.zeros(2)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="writeable"):
        Adam({"w": frozen})
    with pytest.raises(TypeError, match="float"):
        Adam({"w": np.zeros(2, dtype=int)})
    with pytest.raises(ValueError, match="betas"):
        Adam({"w": w}, betas=(1.0, 0.9))


def test_clip_grad_norm_scales_jointly():
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([[0.0], [4.0]])}
    assert clip_grad_norm(grads, 2.5) == pytest.approx(5.0)
    assert np.allclose(grads["a"], [1.5, 0.0]) and np.allclose(grads["b"], [[0.0], [2.0]])
    # the norm after clipping is the maximum, the direction is kept
    norm = math.sqrt(sum(float((g**2).sum()) for g in grads.values()))
    assert norm == pytest.approx(2.5)


def test_clip_grad_norm_leaves_small_gradients_alone():
    grads = {"a": np.array([0.3, 0.4])}
    assert clip_grad_norm(grads, 1.0) == pytest.approx(0.5)
    assert np.array_equal(grads["a"], [0.3, 0.4])


def test_clip_grad_norm_checks():
    with pytest.raises(ValueError, match="max_norm"):
        clip_grad_norm({"a": np.ones(2)}, -1.0)
    with pytest.raises(ValueError, match="finite"):
        clip_grad_norm({"a": np.array([np.inf])}, 1.0)
