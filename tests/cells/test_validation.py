"""Bad input gets a clear error naming the argument and what was expected, for every model."""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import H, as_tuple

from lstm_explained import ClockworkRNNCell, DepthGatedLSTM, GRUCell, LSTMCell
from lstm_explained.cells.validation import as_real_array, check_int


@pytest.mark.parametrize("value", [1, 7, np.int64(3), np.uint8(2)])
def test_check_int_accepts_ints_and_returns_python_ints(value):
    out = check_int(value, "size")
    assert out == value and type(out) is int


@pytest.mark.parametrize(
    ("value", "minimum", "exc", "match"),
    [
        (0, 1, ValueError, r"^size must be a positive int; got 0$"),
        (-2, 0, ValueError, r"^size must be a non-negative int; got -2$"),
        (4, 5, ValueError, r"^size must be an int >= 5; got 4$"),
        (2.0, 1, TypeError, r"^size must be a positive int; got 2.0$"),
        ("3", 1, TypeError, r"^size must be a positive int; got '3'$"),
        (True, 0, TypeError, r"^size must be a non-negative int; got True$"),
        (None, 1, TypeError, r"^size must be a positive int; got None$"),
        (np.float64(1), 1, TypeError, r"^size must be a positive int"),
    ],
)
def test_check_int_refuses_wrong_types_and_values(value, minimum, exc, match):
    with pytest.raises(exc, match=match):
        check_int(value, "size", minimum=minimum)


def test_as_real_array_casts_and_refuses():
    out = as_real_array([[1, 2]], "x", np.dtype(np.float32))
    assert out.dtype == np.float32 and out.flags.c_contiguous
    with pytest.raises(TypeError, match=r"x must hold real numbers"):
        as_real_array([True], "x", np.dtype(np.float64))
    with pytest.raises(ValueError, match=r"x must be finite"):
        as_real_array([np.inf], "x", np.dtype(np.float64))


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda v: LSTMCell(v, 3), "input_size"),
        (lambda v: GRUCell(2, v), "hidden_size"),
        (lambda v: DepthGatedLSTM(2, 3, num_layers=v), "num_layers"),
        (lambda v: ClockworkRNNCell(2, 4, periods=(1, v)), "periods[1]"),
        (lambda v: ClockworkRNNCell(2, 4, rng=0).step(np.zeros((1, 2)), t=v - 1), "t"),
        (lambda v: ClockworkRNNCell(2, 4, rng=0).forward(np.zeros((1, 1, 2)), t0=v - 1), "t0"),
        (lambda v: LSTMCell(2, 3).zero_state(v), "batch_size"),
    ],
    ids=["input_size", "hidden_size", "num_layers", "periods", "t", "t0", "batch_size"],
)
def test_every_int_argument_is_checked_alike(make, name):
    """TypeError for a wrong type, ValueError for a wrong value, the argument named."""
    with pytest.raises(TypeError, match=rf"^{re.escape(name)} must be"):
        make(2.0)
    with pytest.raises(ValueError, match=rf"^{re.escape(name)} must be"):
        make(0)


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"input_size": 0, "hidden_size": 3}, ValueError, r"input_size must be a positive int"),
        ({"input_size": 2, "hidden_size": -1}, ValueError, r"hidden_size must be a positive int"),
        ({"input_size": 2.5, "hidden_size": 3}, TypeError, r"input_size must be a positive int"),
        ({"input_size": True, "hidden_size": 3}, TypeError, r"input_size must be a positive int"),
        ({"input_size": 2, "hidden_size": 3, "dtype": np.int32}, TypeError, r"float32 or float64"),
        ({"input_size": 2, "hidden_size": 3, "dtype": "bogus"}, TypeError, r"float32 or float64"),
        ({"input_size": 2, "hidden_size": 3, "rng": "seed"}, TypeError, r"rng must be"),
    ],
)
def test_bad_construction(make_cell, kwargs, exc, match):
    if kwargs["hidden_size"] == 3:
        kwargs = {**kwargs, "hidden_size": H}
    with pytest.raises(exc, match=match):
        make_cell(**kwargs)


@pytest.mark.parametrize(
    ("xs", "exc", "match"),
    [
        (
            np.zeros((4, 3)),
            ValueError,
            r"xs must have shape \(T, B, input_size=2\); got shape \(4, 3\)",
        ),
        (np.zeros((4, 1, 3)), ValueError, r"xs must have shape \(T, B, input_size=2\)"),
        (np.zeros((0, 1, 2)), ValueError, r"T >= 1 and B >= 1"),
        (np.full((4, 1, 2), np.nan), ValueError, r"xs must be finite"),
        (np.full((4, 1, 2), np.inf), ValueError, r"xs must be finite"),
        (np.zeros((4, 1, 2), dtype=complex), TypeError, r"xs must hold real numbers"),
        (np.array([[["a", "b"]]]), TypeError, r"xs must hold real numbers"),
        (np.zeros((4, 1, 2), dtype=bool), TypeError, r"xs must hold real numbers"),
        (None, TypeError, r"xs must be an array of real numbers"),
    ],
)
def test_bad_xs(make_cell, xs, exc, match):
    cell = make_cell(2, H, rng=0)
    with pytest.raises(exc, match=match):
        cell.forward(xs)


def test_integer_inputs_are_accepted_and_cast(make_cell):
    cell = make_cell(2, H, rng=0)
    hs, _, _ = cell.forward(np.ones((2, 1, 2), dtype=np.int64))
    np.testing.assert_array_equal(hs, cell.forward(np.ones((2, 1, 2)))[0])


@pytest.mark.parametrize(
    ("x_t", "match"),
    [
        (np.zeros(2), r"x_t must have shape \(B, input_size=2\); got shape \(2,\)"),
        (np.zeros((1, 5)), r"x_t must have shape \(B, input_size=2\); got shape \(1, 5\)"),
        (np.array([[np.nan, 0.0]]), r"x_t must be finite"),
    ],
)
def test_bad_step_input(make_cell, x_t, match):
    cell = make_cell(2, H, rng=0)
    kwargs = {"t": 0} if isinstance(cell, ClockworkRNNCell) else {}
    with pytest.raises(ValueError, match=match):
        cell.step(x_t, **kwargs)


def _packed(parts):
    return parts[0] if len(parts) == 1 else tuple(parts)


def test_bad_state(make_cell):
    """A part of the wrong shape or not finite, or the wrong number of parts."""
    cell = make_cell(2, H, rng=0)
    xs = np.zeros((4, 2, 2))
    n = len(cell.state_names)
    last = cell.state_names[-1]
    where = r"state" if n == 1 else rf"state\[{n - 1}\] \({last}\)"
    parts = [np.zeros((2, H)) for _ in range(n)]
    with pytest.raises(ValueError, match=rf"{where} must have shape \(B=2, hidden_size={H}\)"):
        cell.forward(xs, _packed(parts[:-1] + [np.zeros((2, H + 1))]))
    with pytest.raises(ValueError, match=rf"{where} must be finite"):
        cell.forward(xs, _packed(parts[:-1] + [np.full((2, H), np.inf)]))
    with pytest.raises(TypeError, match=r"state of \w+ .*got"):
        cell.forward(xs, tuple(parts + [np.zeros((2, H))]))
    if n > 1:
        with pytest.raises(TypeError, match=r"state of \w+ .*must be a tuple"):
            cell.forward(xs, np.zeros((2, H)))


def test_bad_backward_arguments(make_cell):
    cell = make_cell(2, H, rng=0)
    hs, state_T, cache = cell.forward(np.zeros((4, 2, 2)))
    with pytest.raises(ValueError, match=rf"dhs must have shape \(T=4, B=2, hidden_size={H}\)"):
        cell.backward(np.zeros((4, 2, H + 1)), cache)
    with pytest.raises(ValueError, match=r"dhs must be finite"):
        cell.backward(np.full(hs.shape, np.nan), cache)
    with pytest.raises(TypeError, match=r"cache must be the third value returned by forward"):
        cell.backward(hs, {"xs": 0})
    other = make_cell(2, H, rng=0)
    with pytest.raises(ValueError, match=r"different cell"):
        other.backward(hs, cache)
    bad = _packed([np.zeros((2, H + 1)) for _ in cell.state_names])
    with pytest.raises(ValueError, match=rf"dstate.* must have shape \(B=2, hidden_size={H}\)"):
        cell.backward(hs, cache, bad)
    assert len(as_tuple(state_T)) == len(cell.state_names)


def test_gru_reset_after_must_be_bool():
    with pytest.raises(TypeError, match=r"reset_after must be a bool"):
        GRUCell(2, 3, reset_after="yes")


def test_gradcheck_refuses_float32():
    from lstm_explained import gradcheck

    with pytest.raises(ValueError, match=r"gradcheck needs a float64 cell"):
        gradcheck(LSTMCell(2, 3, rng=0, dtype=np.float32), np.zeros((2, 1, 2)))


def test_float32_cell_refuses_inputs_beyond_float32(make_cell):
    cell = make_cell(2, H, rng=0, dtype=np.float32)
    with pytest.raises(ValueError, match=r"xs holds values beyond the range of float32"):
        cell.forward(np.full((2, 1, 2), 1e39))


def test_one_integer_validator():
    """Issue 19: every integer argument goes through validation.check_int (TypeError for a wrong
    type), no inline ``isinstance(value, bool)`` check or private copy is left around it."""
    import ast
    from pathlib import Path

    import lstm_explained

    root = Path(lstm_explained.__file__).parent
    copies = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.strip("_") in {"check_int"}:
                copies.append(f"{path.relative_to(root)}:{node.name}")
    assert copies == ["cells/validation.py:check_int"]


@pytest.mark.parametrize(
    ("call", "name"),
    [
        ("lstm_explained.training.tasks:pronoun_batch", "batch_size"),
        ("lstm_explained.lm.text:stream_windows", "batch_size"),
        ("lstm_explained.lm.tbptt:train_truncated", "epochs"),
        ("lstm_explained.training.loop:train", "max_steps"),
        ("lstm_explained.lm.ngram:NGramModel", "order"),
    ],
)
def test_a_wrong_type_is_a_type_error(call, name):
    import importlib

    import numpy as np

    from lstm_explained import LSTMCell, Readout, SequenceModel
    from lstm_explained.lm import CharLanguageModel

    module, _, attr = call.partition(":")
    fn = getattr(importlib.import_module(module), attr)
    args = {
        "pronoun_batch": lambda: fn(np.random.default_rng(0), batch_size=2.0, gap=3),
        "stream_windows": lambda: fn(np.arange(40), batch_size=2.0, window=3),
        "train_truncated": lambda: fn(
            CharLanguageModel(LSTMCell(4, 3, rng=0), Readout(3, 4, rng=0)),
            np.zeros((2, 3, 2), dtype=int),
            np.zeros((2, 3, 2), dtype=int),
            epochs=1.0,
        ),
        "train": lambda: fn(
            SequenceModel(LSTMCell(2, 3, rng=0), Readout(3, 2, rng=0)),
            lambda rng: None,
            rng=0,
            max_steps=2.0,
        ),
        "NGramModel": lambda: fn(2.0, 5),
    }[attr]
    with pytest.raises(TypeError, match=name):
        args()
