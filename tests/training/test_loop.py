"""The training loop: determinism, learning, early stopping, every cell through one loop."""

from functools import partial

import numpy as np
import pytest

from lstm_explained import Adam, LSTMCell, RNNCell
from lstm_explained.book.experiments.pronoun import train_pronoun
from lstm_explained.cells.registry import MODELS, make_model
from lstm_explained.training.layers import Embedding, Readout
from lstm_explained.training.loop import accuracy, train
from lstm_explained.training.losses import softmax_cross_entropy
from lstm_explained.training.optim import SGD, clip_grad_norm
from lstm_explained.training.sequence_model import SequenceModel
from lstm_explained.training.tasks import (
    adding_batch,
    copy_first_batch,
    pronoun_batch,
    pronoun_embeddings,
)


def pronoun_model(seed, hidden=8, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return SequenceModel(
        LSTMCell(16, hidden, rng=rng, dtype=dtype, forget_bias=3.0),
        Readout(hidden, 2, rng=rng, dtype=dtype),
        Embedding(pronoun_embeddings(rng), dtype=dtype),
    )


TASK = partial(pronoun_batch, batch_size=32, gap=4)


def test_same_seed_same_loss_history():
    a = train(pronoun_model(0), TASK, rng=5, max_steps=40, stop_below=None)
    b = train(pronoun_model(0), TASK, rng=np.random.default_rng(5), max_steps=40, stop_below=None)
    assert np.array_equal(a.losses, b.losses) and np.array_equal(a.grad_norms, b.grad_norms)
    c = train(pronoun_model(0), TASK, rng=6, max_steps=40, stop_below=None)
    assert not np.array_equal(a.losses, c.losses)


def test_train_leaves_global_random_state_alone():
    # the legacy global state is inspected on purpose: training must not draw from it
    before = np.random.get_state()  # noqa: NPY002
    train(pronoun_model(0), TASK, rng=1, max_steps=3)
    after = np.random.get_state()  # noqa: NPY002
    assert before[2:] == after[2:] and np.array_equal(before[1], after[1])


def test_learns_the_short_pronoun_task_and_stops_early():
    model = pronoun_model(1)
    history = train(model, TASK, rng=2, max_steps=400)
    assert history.stopped_early and history.steps < 400
    assert history.ema[-1] < 0.02 and history.losses[0] > 0.5
    test = pronoun_batch(3, 500, 4)
    assert accuracy(model, test.inputs, test.targets) > 0.97
    # the moving average is the one documented: ema_s = 0.95 ema_{s-1} + 0.05 loss_s
    e = history.losses[0]
    for loss in history.losses[1:5]:
        e = 0.95 * e + 0.05 * loss
    assert history.ema[4] == pytest.approx(e)


def test_history_records_steps_and_time():
    history = train(pronoun_model(0), TASK, rng=0, max_steps=7, stop_below=None)
    assert history.steps == 7 and not history.stopped_early
    assert history.losses.shape == history.ema.shape == history.grad_norms.shape == (7,)
    assert history.accuracies.shape == (7,) and history.clip == 1.0
    assert history.seconds > 0
    # a threshold above any loss stops after the first step
    assert train(pronoun_model(0), TASK, rng=0, max_steps=7, stop_below=100.0).steps == 1


def test_clipping_is_applied():
    # with a tiny clip every update is small: the recorded norms are pre-clip, the parameters
    # move by at most lr * clip per SGD step
    model = pronoun_model(0)
    before = {k: p.copy() for k, p in model.params.items()}
    opt = SGD(model.params, lr=1.0)
    history = train(model, TASK, rng=0, max_steps=1, optimizer=opt, clip=1e-3, stop_below=None)
    moved = np.sqrt(sum(float(((p - before[k]) ** 2).sum()) for k, p in model.params.items()))
    assert history.grad_norms[0] > 1e-3
    assert moved == pytest.approx(1e-3, rel=1e-6)


def test_regression_on_the_adding_problem():
    rng = np.random.default_rng(0)
    model = SequenceModel(LSTMCell(2, 16, rng=rng), Readout(16, 1, rng=rng))
    task = partial(adding_batch, batch_size=64, length=10)
    history = train(model, task, rng=1, max_steps=300, lr=1e-2, loss="mse", stop_below=None)
    # always answering 1 scores 1/6; the model must do far better
    assert history.ema[-1] < 0.03


def test_copy_first_with_a_trained_embedding():
    rng = np.random.default_rng(0)
    model = SequenceModel(
        LSTMCell(8, 16, rng=rng, forget_bias=3.0),
        Readout(16, 4, rng=rng),
        Embedding.random(4, 8, rng=rng, trainable=True),
    )
    before = model.embedding.table.copy()
    train(model, partial(copy_first_batch, batch_size=64, length=8, num_symbols=4), rng=2,
          max_steps=300, lr=1e-2)  # fmt: skip
    tokens, first = copy_first_batch(9, 500, 8, num_symbols=4)
    assert accuracy(model, tokens, first) > 0.95
    assert not np.allclose(model.embedding.table, before)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_model_trains_through_the_same_loop(name):
    rng = np.random.default_rng(0)
    cell = make_model(name, 16, 8, rng=rng, dtype=np.float32)
    model = SequenceModel(cell, Readout(8, 2, rng=rng, dtype=np.float32),
                          Embedding(pronoun_embeddings(rng), dtype=np.float32))  # fmt: skip
    before = {k: p.copy() for k, p in model.params.items()}
    history = train(model, TASK, rng=1, max_steps=5, stop_below=None)
    assert history.steps == 5 and np.all(np.isfinite(history.losses))
    assert any(not np.array_equal(p, before[k]) for k, p in model.params.items())


def test_progress_bar_only_when_asked(capsys):
    train(pronoun_model(0), TASK, rng=0, max_steps=3, stop_below=None)
    assert capsys.readouterr().err == ""
    train(pronoun_model(0), TASK, rng=0, max_steps=3, stop_below=None, progress=True)
    err = capsys.readouterr().err
    assert "step 3/3" in err and err.endswith("\n")


def test_train_checks():
    model = pronoun_model(0)
    with pytest.raises(ValueError, match="max_steps"):
        train(model, TASK, rng=0, max_steps=0)
    with pytest.raises(ValueError, match="loss"):
        train(model, TASK, rng=0, loss="hinge")
    with pytest.raises(TypeError, match="task"):
        train(model, "pronouns", rng=0)
    other = RNNCell(2, 2, rng=0)
    with pytest.raises(ValueError, match="optimizer"):
        train(model, TASK, rng=0, optimizer=SGD(other.params))
    with pytest.raises(ValueError, match="accuracy|sequences"):
        accuracy(model, np.zeros((3, 4), dtype=int), np.zeros(5, dtype=int))


def test_history_records_the_batch_accuracy_of_every_step():
    """Replay the run by hand: the same batches, the same updates; compare step by step."""
    model, replay = pronoun_model(0), pronoun_model(0)
    history = train(model, TASK, rng=4, max_steps=6, stop_below=None)
    rng = np.random.default_rng(4)
    opt = Adam(replay.params, lr=4e-3)
    for s in range(6):
        batch = TASK(rng)
        outputs, cache = replay.forward(batch.inputs)
        expected = np.mean(outputs.argmax(axis=1) == batch.targets)
        assert history.accuracies[s] == expected
        _, d = softmax_cross_entropy(outputs, batch.targets)
        grads = replay.backward(d, cache)
        assert history.grad_norms[s] == pytest.approx(clip_grad_norm(grads, 1.0))
        opt.step(grads)


def test_accuracy_is_nan_for_a_loss_on_numbers():
    rng = np.random.default_rng(0)
    model = SequenceModel(LSTMCell(2, 4, rng=rng), Readout(4, 1, rng=rng))
    task = partial(adding_batch, batch_size=8, length=5)
    history = train(model, task, rng=1, max_steps=3, loss="mse", stop_below=None, clip=None)
    assert np.all(np.isnan(history.accuracies)) and history.clip is None


def test_the_learning_curves_are_all_or_nothing():
    """The pronoun task at gap 40 and 20: a run sits at chance, then jumps to one, or never."""
    solved = train_pronoun("GRU, keep bias 3 (b_z = -3)", 40, 0, max_steps=300).history
    failed = train_pronoun("LSTM, forget bias 0 (b_f = 0)", 20, 0, max_steps=300).history
    assert np.mean(solved.accuracies[:40]) < 0.65 and np.mean(solved.accuracies[-5:]) > 0.95
    assert np.mean(solved.losses[:40]) > 0.65 and solved.steps < 300
    assert failed.steps == 300 and abs(np.mean(failed.accuracies) - 0.5) < 0.05
    assert np.mean(failed.losses[-50:]) > 0.68  # ln 2 = 0.693, the loss of guessing


def test_train_and_train_truncated_run_the_one_loop(monkeypatch):
    """Both trainers step through training.loop.run_loop (issue 19: one training loop)."""
    from functools import partial

    from lstm_explained import Embedding, Readout, SequenceModel, pronoun_batch, pronoun_embeddings
    from lstm_explained.lm import CharLanguageModel, stream_windows, tbptt, train_truncated
    from lstm_explained.training import loop

    calls = []
    real = loop.run_loop

    def counted(*args, **kwargs):
        calls.append(kwargs.get("carry_state", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(loop, "run_loop", counted)
    monkeypatch.setattr(tbptt, "run_loop", counted)
    model = SequenceModel(
        LSTMCell(16, 4, rng=0), Readout(4, 2, rng=0), Embedding(pronoun_embeddings(0))
    )
    loop.train(model, partial(pronoun_batch, batch_size=4, gap=2), rng=0, max_steps=3)
    inputs, targets = stream_windows(np.tile(np.arange(4), 20), batch_size=2, window=5)
    lm = CharLanguageModel(LSTMCell(4, 3, rng=0), Readout(3, 4, rng=0))
    train_truncated(lm, inputs, targets)
    assert calls == [False, True]


def test_run_loop_carries_the_state_only_when_asked():
    seen = []

    def gradients(batch, state):
        seen.append(state)
        return 0.0, {"w": np.zeros(1)}, batch

    from lstm_explained import SGD
    from lstm_explained.training.loop import run_loop

    w = {"w": np.zeros(1)}
    run_loop([1, 2, 3], gradients, SGD(w, lr=0.1), clip=1.0, carry_state=True)
    run_loop([1, 2, 3], gradients, SGD(w, lr=0.1), clip=1.0)
    assert seen == [None, 1, 2, None, None, None]


def test_run_loop_stops_when_after_step_says_so():
    from lstm_explained import SGD
    from lstm_explained.training.loop import run_loop

    w = {"w": np.zeros(1)}
    losses, norms = run_loop(
        range(10),
        lambda b, s: (float(b), {"w": np.ones(1)}, None),
        SGD(w, lr=0.1),
        clip=None,
        after_step=lambda steps, loss: steps == 4,
    )
    assert losses.tolist() == [0.0, 1.0, 2.0, 3.0] and norms.tolist() == [1.0] * 4
