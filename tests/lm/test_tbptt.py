"""Stateful truncated BPTT: each window's gradient is the one of its loss with the carried state
held constant (checked by central differences against one long forward pass cut by hand), the
training loop carries the state across windows and starts afresh at every epoch."""

import numpy as np
import pytest
from reference import numeric_grad

from lstm_explained import SGD, LSTMCell, Readout
from lstm_explained.lm.char_model import CharLanguageModel, sequence_cross_entropy
from lstm_explained.lm.tbptt import bits_per_character, train_truncated, window_gradients
from lstm_explained.lm.text import stream_windows


def make_model(V=4, H=3, seed=0):
    rng = np.random.default_rng(seed)
    cell = LSTMCell(V, H, rng=rng)
    for p in cell.params.values():
        p[...] = rng.standard_normal(p.shape) * 0.8
    return CharLanguageModel(cell, Readout(H, V, rng=rng))


class Recorder:
    """An optimiser that keeps every gradient it is given and changes nothing."""

    def __init__(self, params):
        self.params, self.seen = params, []

    def step(self, grads):
        self.seen.append({k: v.copy() for k, v in grads.items()})


def text_and_windows(T=4, B=2, K=3, seed=1):
    tokens = np.random.default_rng(seed).integers(0, 4, size=B * K * T + 1)
    inputs, targets = stream_windows(tokens, batch_size=B, window=T)
    assert inputs.shape == (K, T, B)
    return inputs, targets


def test_each_window_gradient_is_the_long_pass_cut_at_the_window_start():
    model = make_model()
    inputs, targets = text_and_windows()
    K, T, B = inputs.shape
    # the long pass that gives the carried state runs on a copy (same parameters, other arrays),
    # so perturbing the model's parameters does not move the state: "not backpropagated through"
    frozen = make_model()
    recorder = Recorder(model.params)
    history = train_truncated(model, inputs, targets, optimizer=recorder, clip=None)
    assert history.steps == K and len(recorder.seen) == K
    long_inputs = inputs.reshape(K * T, B)  # the windows of a row, one after the other
    long_targets = targets.reshape(K * T, B)
    for k in range(K):
        window = slice(k * T, (k + 1) * T)

        def cut_loss():
            # the window's part of one long pass, from the state the long pass reached
            logits, _, _ = model.forward(long_inputs[window], carried)
            return sequence_cross_entropy(logits, long_targets[window])[0]

        carried = None
        if k:
            _, carried, _ = frozen.forward(long_inputs[: k * T])
        for name, p in model.params.items():
            np.testing.assert_allclose(
                recorder.seen[k][name], numeric_grad(cut_loss, p), atol=1e-7, err_msg=f"{k} {name}"
            )
        assert history.losses[k] == pytest.approx(cut_loss(), rel=1e-12)


def test_truncation_drops_what_the_full_gradient_has():
    """Without the cut the second window's gradient differs: the test above can fail."""
    model = make_model()
    inputs, targets = text_and_windows(K=2)
    K, T, B = inputs.shape
    recorder = Recorder(model.params)
    train_truncated(model, inputs, targets, optimizer=recorder, clip=None)
    long_inputs, long_targets = inputs.reshape(K * T, B), targets.reshape(K * T, B)

    def full_loss():  # the second window's loss, the state depending on the parameters
        logits, _, _ = model.forward(long_inputs)
        return sequence_cross_entropy(logits[T:], long_targets[T:])[0]

    W = model.params["cell.W_f"]
    assert not np.allclose(recorder.seen[1]["cell.W_f"], numeric_grad(full_loss, W), atol=1e-5)


def test_state_is_carried_within_an_epoch_and_reset_between_epochs():
    model = make_model()
    inputs, targets = text_and_windows(K=2)
    recorder = Recorder(model.params)
    history = train_truncated(model, inputs, targets, optimizer=recorder, clip=None, epochs=2)
    assert history.steps == 4
    # parameters never change (the recorder does not update), so epoch 2 repeats epoch 1
    np.testing.assert_allclose(history.losses[2:], history.losses[:2], rtol=1e-12)
    loss_from_zeros, _, _ = window_gradients(model, inputs[1], targets[1])
    assert history.losses[1] != pytest.approx(loss_from_zeros, rel=1e-6)


def test_sgd_through_the_loop_equals_the_updates_by_hand():
    inputs, targets = text_and_windows(K=3)
    model, by_hand = make_model(), make_model()
    train_truncated(model, inputs, targets, optimizer=SGD(model.params, lr=0.1), clip=None)
    state = None
    for k in range(3):
        _, grads, state = window_gradients(by_hand, inputs[k], targets[k], state)
        for name, p in by_hand.params.items():
            p -= 0.1 * grads[name]
    for name, p in model.params.items():
        np.testing.assert_allclose(p, by_hand.params[name], rtol=1e-12, err_msg=name)


def test_clipping_bounds_every_update_and_records_the_norm_before():
    model = make_model()
    inputs, targets = text_and_windows()
    recorder = Recorder(model.params)
    history = train_truncated(model, inputs, targets, optimizer=recorder, clip=1e-3)
    norms = [np.sqrt(sum(np.vdot(g, g) for g in seen.values())) for seen in recorder.seen]
    np.testing.assert_allclose(norms, 1e-3, rtol=1e-9)
    assert np.all(history.grad_norms > 1e-3)


def test_bits_per_character_is_the_mean_log2_loss():
    model = make_model()
    tokens = np.array([0, 1, 3, 2, 2, 0])
    logits, _, _ = model.forward(tokens[:-1, None])
    p = np.exp(logits[:, 0]) / np.exp(logits[:, 0]).sum(axis=1, keepdims=True)
    expected = -np.mean(np.log2(p[np.arange(5), tokens[1:]]))
    assert bits_per_character(model, tokens) == pytest.approx(expected, rel=1e-12)


def test_learns_a_periodic_text_and_evaluates_on_schedule():
    tokens = np.tile(np.arange(4), 60)
    inputs, targets = stream_windows(tokens, batch_size=4, window=8)
    model = CharLanguageModel(LSTMCell(4, 8, rng=0), Readout(8, 4, rng=0))
    history = train_truncated(
        model, inputs, targets, epochs=10, lr=0.02, eval_tokens=tokens[:40], eval_every=20
    )
    assert history.eval_steps.tolist() == [0, 20, 40, 60, 70]
    assert history.eval_bits[-1] < 0.2 < 1.5 < history.eval_bits[0]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"epochs": -1}, ValueError, "epochs"),
        ({"clip": 0.0}, ValueError, "clip"),
        ({"eval_every": 1.5}, TypeError, "eval_every"),
        ({"epochs": True}, TypeError, "epochs"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    inputs, targets = text_and_windows()
    with pytest.raises(error, match=match):
        train_truncated(make_model(), inputs, targets, **kwargs)


def test_bad_windows():
    inputs, targets = text_and_windows()
    with pytest.raises(ValueError, match="share a shape"):
        train_truncated(make_model(), inputs, targets[:, :2])
    with pytest.raises(TypeError, match="CharLanguageModel"):
        train_truncated(object(), inputs, targets)
