"""The stack: central-difference gradient checks of every piece, inert padding, float32, errors."""

from __future__ import annotations

import numpy as np
import pytest
from reference import numeric_grad

from lstm_explained import LSTMCell
from lstm_explained.check import relative_error
from lstm_explained.layers import RecurrentStack

T, B, I, H = 5, 3, 2, 3
LENGTHS = np.array([5, 2, 4])


def _randomize(stack, rng, scale=0.6):
    for p in stack.params.values():
        p[...] = rng.standard_normal(p.shape) * scale


def _state(stack, rng, B=B):
    LD = stack.num_layers * stack.num_directions
    parts = tuple(rng.standard_normal((LD, B, H)) * 0.5 for _ in stack.state_names)
    return parts if len(parts) > 1 else parts[0]


def _parts(s):
    return s if isinstance(s, tuple) else (s,)


def stack_gradcheck(stack, xs, state, *, lengths=None, seed=None, rng=0):
    """Relative errors of every parameter, the inputs and the initial state, by central
    differences of the loss sum(P * ys) + sum(Q * state_n); ``seed`` fixes the dropout masks."""
    gen = np.random.default_rng(rng)
    D = stack.num_directions
    P = gen.standard_normal((xs.shape[0], xs.shape[1], D * H))
    Q = [gen.standard_normal((stack.num_layers * D, xs.shape[1], H)) for _ in stack.state_names]
    state_parts = [p.copy() for p in _parts(state)] if state is not None else None

    def run():
        st = None if state_parts is None else (tuple(state_parts) if len(Q) > 1 else state_parts[0])
        return stack.forward(xs, st, lengths=lengths, rng=seed)

    def loss():
        ys, sn, _ = run()
        return float(np.sum(P * ys) + sum(np.sum(q * s) for q, s in zip(Q, _parts(sn))))

    _, _, cache = run()
    dxs, d0, grads = stack.backward(P, cache, tuple(Q) if len(Q) > 1 else Q[0])
    errors = {k: relative_error(numeric_grad(loss, v), grads[k]) for k, v in stack.params.items()}
    errors["xs"] = relative_error(numeric_grad(loss, xs), dxs)
    if state_parts is not None:
        for name, part, d in zip(stack.state_names, state_parts, _parts(d0)):
            errors[f"{name}_init"] = relative_error(numeric_grad(loss, part), d)
    return errors


CASES = {
    "lstm 2 layers both ways, lengths, both dropouts": dict(
        cell="lstm", num_layers=2, bidirectional=True, dropout=0.4, recurrent_dropout=0.3
    ),
    "gru (post form) 2 layers both ways, lengths": dict(
        cell="gru", num_layers=2, bidirectional=True, dropout=0.4
    ),
    "gru reset-after 2 layers one way": dict(cell="gru", num_layers=2, reset_after=True),
    "rnn 1 layer both ways": dict(cell="rnn", bidirectional=True),
    "peephole, recurrent dropout": dict(cell="peephole", num_layers=1, recurrent_dropout=0.5),
}


@pytest.mark.parametrize("name", list(CASES))
def test_gradcheck(name):
    rng = np.random.default_rng(1)
    stack = RecurrentStack(I, H, rng=rng, **CASES[name])
    _randomize(stack, rng)
    xs = rng.standard_normal((T, B, I))
    errors = stack_gradcheck(stack, xs, _state(stack, rng), lengths=LENGTHS, seed=7)
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_gradcheck_learned_initial_state(cell):
    """h_0 (and C_0) are parameters: their gradient is the initial state's, summed over B."""
    rng = np.random.default_rng(2)
    stack = RecurrentStack(
        I, H, num_layers=2, bidirectional=True, cell=cell, learn_initial_state=True, rng=rng
    )
    _randomize(stack, rng)
    assert "h_0" in stack.params and ("C_0" in stack.params) == (cell == "lstm")
    xs = rng.standard_normal((T, B, I))
    errors = stack_gradcheck(stack, xs, None, lengths=LENGTHS)
    assert max(errors.values()) < 1e-7, errors


def test_dropout_masks_come_from_the_generator_and_are_off_in_evaluation():
    rng = np.random.default_rng(3)
    stack = RecurrentStack(I, H, num_layers=2, dropout=0.5, recurrent_dropout=0.5, rng=rng)
    xs = rng.standard_normal((T, B, I))
    ev1, _, _ = stack.forward(xs)
    ev2, _, _ = stack.forward(xs)
    tr1, _, _ = stack.forward(xs, rng=5)
    tr2, _, _ = stack.forward(xs, rng=5)
    tr3, _, _ = stack.forward(xs, rng=6)
    plain = RecurrentStack(I, H, num_layers=2, rng=0)
    for k, v in plain.params.items():
        v[...] = stack.params[k]
    assert np.array_equal(ev1, ev2) and np.array_equal(tr1, tr2)
    assert np.allclose(ev1, plain.forward(xs)[0], rtol=0, atol=1e-15)
    assert not np.allclose(tr1, ev1) and not np.allclose(tr1, tr3)


def test_one_layer_one_way_is_the_cell():
    rng = np.random.default_rng(4)
    stack = RecurrentStack(I, H, rng=rng)
    cell = stack.cells[0][0]
    assert isinstance(cell, LSTMCell)
    xs = rng.standard_normal((T, B, I))
    ys, (h_n, C_n), cache = stack.forward(xs)
    hs, (h, C), c = cell.forward(xs)
    assert np.array_equal(ys, hs) and np.array_equal(h_n[0], h) and np.array_equal(C_n[0], C)
    dys = rng.standard_normal(ys.shape)
    dxs, _, grads = stack.backward(dys, cache)
    dxs2, _, grads2 = cell.backward(dys, c)
    assert np.allclose(dxs, dxs2, atol=1e-15)
    assert all(np.allclose(grads[f"l0.{k}"], v, atol=1e-15) for k, v in grads2.items())


def _run(stack, xs, state, dys, dstate, lengths):
    ys, sn, cache = stack.forward(xs, state, lengths=lengths)
    dxs, d0, grads = stack.backward(dys, cache, dstate)
    return ys, sn, dxs, d0, grads


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_padded_steps_are_inert(cell):
    """Changing the padding (inputs there and the gradient arriving there) changes nothing."""
    rng = np.random.default_rng(5)
    stack = RecurrentStack(I, H, num_layers=2, bidirectional=True, cell=cell, rng=rng)
    _randomize(stack, rng)
    xs = rng.standard_normal((T, B, I))
    dys = rng.standard_normal((T, B, 2 * H))
    state, dstate = _state(stack, rng), _state(stack, rng)
    pad = np.arange(T)[:, None] >= LENGTHS[None, :]
    a = _run(stack, xs, state, dys, dstate, LENGTHS)
    xs2, dys2 = xs.copy(), dys.copy()
    xs2[pad] = 1e3 * rng.standard_normal(xs2[pad].shape)
    dys2[pad] = rng.standard_normal(dys2[pad].shape)
    b = _run(stack, xs2, state, dys2, dstate, LENGTHS)
    ys, sn, dxs, d0, grads = a
    assert np.array_equal(ys, b[0]) and not ys[pad].any()
    assert all(np.array_equal(p, q) for p, q in zip(_parts(sn), _parts(b[1])))
    assert np.array_equal(dxs, b[2]) and not dxs[pad].any()
    assert all(np.array_equal(p, q) for p, q in zip(_parts(d0), _parts(b[3])))
    assert all(np.array_equal(grads[k], b[4][k]) for k in grads)


def test_batch_equals_one_at_a_time():
    """A padded batch gives each sequence's outputs, final state and gradients alone."""
    rng = np.random.default_rng(6)
    stack = RecurrentStack(I, H, num_layers=2, bidirectional=True, rng=rng)
    xs = rng.standard_normal((T, B, I))
    dys = rng.standard_normal((T, B, 2 * H))
    ys, (h_n, C_n), dxs, _, grads = _run(stack, xs, None, dys, None, LENGTHS)
    total = {k: np.zeros_like(v) for k, v in grads.items()}
    for b, n in enumerate(LENGTHS):
        y1, (h1, C1), dx1, _, g1 = _run(
            stack, xs[:n, b : b + 1], None, dys[:n, b : b + 1], None, None
        )
        assert np.allclose(ys[:n, b], y1[:, 0], atol=1e-14)
        assert np.allclose(h_n[:, b], h1[:, 0], atol=1e-14)
        assert np.allclose(dxs[:n, b], dx1[:, 0], atol=1e-14)
        for k in total:
            total[k] += g1[k]
    assert max(relative_error(total[k], grads[k]) for k in grads) < 1e-13


def test_float32_end_to_end():
    rng = np.random.default_rng(7)
    s64 = RecurrentStack(I, H, num_layers=2, bidirectional=True, rng=0)
    s32 = RecurrentStack(I, H, num_layers=2, bidirectional=True, rng=0, dtype=np.float32)
    xs = rng.standard_normal((T, B, I))
    dys = rng.standard_normal((T, B, 2 * H))
    a = _run(s64, xs, None, dys, None, LENGTHS)
    b = _run(s32, xs, None, dys, None, LENGTHS)
    assert b[0].dtype == np.float32 and b[2].dtype == np.float32
    assert all(v.dtype == np.float32 for v in b[4].values())
    assert np.allclose(a[0], b[0], atol=1e-5) and np.allclose(a[2], b[2], atol=1e-5)
    assert max(np.abs(a[4][k] - b[4][k]).max() for k in a[4]) < 1e-4


def test_num_parameters_like_torch():
    # torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True) has 736 numbers: 64 of them are the
    # second bias vector, which only ever appears summed with the first.
    assert RecurrentStack(3, 4, num_layers=2, bidirectional=True).num_parameters == 736 - 64


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(num_layers=0), ValueError, "num_layers"),
        (dict(cell="transformer"), ValueError, "cell must be one of"),
        (dict(cell=int), TypeError, "cell must be"),
        (dict(dropout=1.0), ValueError, "dropout must be a probability"),
        (dict(dropout="0.1"), TypeError, "dropout"),
        (dict(cell="gru", recurrent_dropout=0.2), ValueError, "recurrent_dropout needs"),
        (dict(bidirectional=1), TypeError, "bidirectional must be a bool"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        RecurrentStack(I, H, **kwargs)


def test_bad_inputs():
    stack = RecurrentStack(I, H, num_layers=2, bidirectional=True, rng=0)
    xs = np.zeros((T, B, I))
    with pytest.raises(ValueError, match="lengths must lie in 1 .. T=5"):
        stack.forward(xs, lengths=[6, 1, 1])
    with pytest.raises(ValueError, match=r"lengths must have shape \(B=3,\)"):
        stack.forward(xs, lengths=[1, 1])
    with pytest.raises(TypeError, match="lengths must be an int array"):
        stack.forward(xs, lengths=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"state\[0\] \(h\) must have shape \(num_layers"):
        stack.forward(xs, (np.zeros((2, B, H)), np.zeros((4, B, H))))
    with pytest.raises(TypeError, match=r"state must be a tuple \(h, C\)"):
        stack.forward(xs, np.zeros((4, B, H)))
    ys, _, cache = stack.forward(xs)
    with pytest.raises(ValueError, match="dys must have shape"):
        stack.backward(ys[:, :, :H], cache)
