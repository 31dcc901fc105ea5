"""Embedding, Readout, the losses and SequenceModel: values by hand, gradients by differences."""

import math

import numpy as np
import pytest
from reference import numeric_grad

from lstm_explained import GRUCell, LSTMCell, RNNCell
from lstm_explained.training.layers import Embedding, Readout
from lstm_explained.training.losses import mean_squared_error, softmax, softmax_cross_entropy
from lstm_explained.training.sequence_model import SequenceModel


def test_embedding_lookup_and_accumulated_gradient():
    table = np.arange(12.0).reshape(4, 3)
    emb = Embedding(table, trainable=True)
    tokens = np.array([[0, 3], [3, 1]])
    xs = emb.forward(tokens)
    assert xs.shape == (2, 2, 3)
    assert np.array_equal(xs[0, 1], [9.0, 10.0, 11.0]) and np.array_equal(xs[1, 0], xs[0, 1])
    dxs = np.ones((2, 2, 3))
    dxs[1, 0] = 2.0
    dE = emb.backward(dxs, tokens)["E"]
    # token 3 appears twice (gradients 1 and 2 add up), token 2 never
    assert np.array_equal(dE[:, 0], [1.0, 1.0, 0.0, 3.0])
    # the table is a copy, and it is the parameter
    table[0, 0] = 100.0
    assert emb.table[0, 0] == 0.0 and emb.params["E"] is emb.table


def test_fixed_embedding_has_no_parameters():
    emb = Embedding(np.eye(3))
    assert emb.params == {}
    assert emb.backward(np.ones((1, 1, 3)), np.array([[0]])) == {}


@pytest.mark.parametrize(
    ("tokens", "error", "match"),
    [
        (np.array([[0, 4]]), ValueError, r"\[0, num_embeddings=4\)"),
        (np.array([[-1]]), ValueError, "tokens"),
        (np.array([[0.0]]), TypeError, "int"),
        (np.array([0, 1]), ValueError, r"\(T, B\)"),
    ],
)
def test_embedding_bad_tokens(tokens, error, match):
    with pytest.raises(error, match=match):
        Embedding(np.zeros((4, 2))).forward(tokens)


def test_embedding_bad_table():
    with pytest.raises(ValueError, match="table"):
        Embedding(np.zeros(3))
    with pytest.raises(ValueError, match="finite"):
        Embedding(np.array([[np.nan]]))
    with pytest.raises(TypeError, match="dtype"):
        Embedding(np.eye(2), dtype=np.int32)


def test_readout_forward_and_gradients():
    rng = np.random.default_rng(0)
    readout = Readout(4, 3, rng=rng)
    W, b = readout.params["W"], readout.params["b"]
    b[:] = [0.1, -0.2, 0.3]
    h = rng.standard_normal((5, 4))
    assert np.allclose(readout.forward(h), h @ W.T + b)
    P = rng.standard_normal((5, 3))  # loss = sum(P * y)

    def loss():
        return float(np.sum(P * readout.forward(h)))

    dh, grads = readout.backward(P, h)
    assert np.allclose(grads["W"], numeric_grad(loss, W), atol=1e-7)
    assert np.allclose(grads["b"], numeric_grad(loss, b), atol=1e-7)
    assert np.allclose(dh, numeric_grad(loss, h), atol=1e-7)
    with pytest.raises(ValueError, match="hidden_size=4"):
        readout.forward(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="dy"):
        readout.backward(np.zeros((5, 2)), h)


def test_softmax_cross_entropy_by_hand():
    logits = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    targets = np.array([2, 0])
    loss, d = softmax_cross_entropy(logits, targets)
    first = math.log(math.e + math.e**2 + math.e**3) - 3.0
    assert loss == pytest.approx((first + math.log(3.0)) / 2, rel=1e-12)
    p = np.exp([1.0, 2.0, 3.0]) / np.exp([1.0, 2.0, 3.0]).sum()
    assert np.allclose(d[0], (p - [0, 0, 1]) / 2) and np.allclose(
        d[1], ([1 / 3] * 3 - np.eye(3)[0]) / 2
    )


def test_softmax_cross_entropy_gradient_and_extremes():
    rng = np.random.default_rng(1)
    logits = rng.standard_normal((4, 5))
    targets = np.array([0, 4, 2, 2])
    _, d = softmax_cross_entropy(logits, targets)
    assert np.allclose(d, numeric_grad(lambda: softmax_cross_entropy(logits, targets)[0], logits))
    # huge logits: finite, no warning (warnings are errors in this suite)
    loss, d = softmax_cross_entropy(np.array([[1e4, -1e4]]), np.array([1]))
    assert loss == pytest.approx(2e4) and np.all(np.isfinite(d))
    assert np.allclose(softmax(np.array([[1e4, 0.0]])), [[1.0, 0.0]])
    with pytest.raises(ValueError, match="targets"):
        softmax_cross_entropy(np.zeros((2, 2)), np.array([0, 2]))
    with pytest.raises(ValueError, match="targets"):
        softmax_cross_entropy(np.zeros((2, 2)), np.array([0.0, 1.0]))


def test_mean_squared_error_by_hand():
    loss, d = mean_squared_error(np.array([[2.0], [0.0], [1.0]]), np.array([1.0, 1.0, 1.0]))
    assert loss == pytest.approx(2 / 3)
    assert np.allclose(d[:, 0], [2 / 3, -2 / 3, 0.0])
    with pytest.raises(ValueError, match=r"\(B, 1\)"):
        mean_squared_error(np.zeros((3, 2)), np.zeros(3))


@pytest.mark.parametrize("cell_cls", [RNNCell, LSTMCell, GRUCell])
def test_sequence_model_gradients_by_central_differences(cell_cls):
    rng = np.random.default_rng(2)
    model = SequenceModel(
        cell_cls(3, 4, rng=rng),
        Readout(4, 3, rng=rng),
        Embedding.random(5, 3, rng=rng, trainable=True),
    )
    tokens = rng.integers(0, 5, size=(4, 3))
    targets = np.array([0, 2, 1])

    def loss():
        return softmax_cross_entropy(model.forward(tokens)[0], targets)[0]

    y, cache = model.forward(tokens)
    _, dy = softmax_cross_entropy(y, targets)
    grads = model.backward(dy, cache)
    assert set(grads) == set(model.params)
    assert {"embedding.E", "readout.W", "readout.b"} <= set(grads)
    for name, p in model.params.items():
        numeric = numeric_grad(loss, p)
        scale = max(np.abs(numeric).max(), 1e-12)
        assert np.abs(numeric - grads[name]).max() / scale < 1e-6, name


def test_sequence_model_on_vectors_and_checks():
    rng = np.random.default_rng(3)
    model = SequenceModel(LSTMCell(2, 3, rng=rng), Readout(3, 1, rng=rng))
    xs = rng.standard_normal((6, 4, 2))
    y, cache = model.forward(xs)
    assert y.shape == (4, 1)
    hs, _, _ = model.cell.forward(xs)
    assert np.allclose(y, model.readout.forward(hs[-1]))
    assert sorted(model.params) == sorted(f"cell.{k}" for k in model.cell.params) + [
        "readout.W",
        "readout.b",
    ]
    with pytest.raises(ValueError, match="hidden_size"):
        SequenceModel(LSTMCell(2, 3), Readout(4, 2))
    with pytest.raises(ValueError, match="input_size"):
        SequenceModel(LSTMCell(2, 3), Readout(3, 2), Embedding(np.eye(3)))


def test_float32_end_to_end():
    model = SequenceModel(
        GRUCell(3, 4, rng=0, dtype=np.float32),
        Readout(4, 2, rng=0, dtype=np.float32),
        Embedding(np.eye(3), dtype=np.float32, trainable=True),
    )
    y, cache = model.forward(np.array([[0, 1], [2, 2]]))
    _, dy = softmax_cross_entropy(y, np.array([0, 1]))
    grads = model.backward(dy, cache)
    assert y.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())


class _DuckCell:
    """A cell that keeps the contract (params, forward, backward) but is no RecurrentCell, and
    whose backward takes no ``input_grads``."""

    def __init__(self, cell):
        self.cell, self.params, self.input_size = cell, cell.params, cell.input_size
        self.hidden_size, self.dtype, self.calls = cell.hidden_size, cell.dtype, []

    def forward(self, xs):
        return self.cell.forward(xs)

    def backward(self, dhs, cache):
        self.calls.append("duck")
        return self.cell.backward(dhs, cache)


@pytest.mark.parametrize("trainable", [False, True])
def test_sequence_model_asks_for_the_inputs_gradient_only_when_the_embedding_learns(
    trainable, monkeypatch
):
    """A fixed embedding learns nothing from ``dxs``, so the cell skips it; the gradients are
    those of the full backward, bit for bit. A duck-typed cell is called as before."""
    rng = np.random.default_rng(4)
    cell = LSTMCell(3, 4, rng=rng)
    model = SequenceModel(
        cell, Readout(4, 2, rng=rng), Embedding.random(5, 3, rng=rng, trainable=trainable)
    )
    tokens, targets = rng.integers(0, 5, size=(6, 3)), np.array([0, 1, 1])
    y, cache = model.forward(tokens)
    _, dy = softmax_cross_entropy(y, targets)
    seen, backward = [], LSTMCell.backward

    def spy(self, *args, **kwargs):
        seen.append(kwargs.get("input_grads", True))
        return backward(self, *args, **kwargs)

    monkeypatch.setattr(LSTMCell, "backward", spy)
    grads = model.backward(dy, cache)
    assert seen == [trainable]
    monkeypatch.setattr(LSTMCell, "backward", backward)
    full = SequenceModel(_DuckCell(cell), model.readout, model.embedding)
    expected = full.backward(dy, full.forward(tokens)[1])
    assert full.cell.calls == ["duck"] and expected.keys() == grads.keys()
    for name in grads:
        np.testing.assert_array_equal(grads[name], expected[name], err_msg=name)
