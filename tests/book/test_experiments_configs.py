"""The one registry of labelled configurations, built on the model registry."""

import numpy as np
import pytest

from lstm_explained import GRUCell, LSTMCell, sigmoid
from lstm_explained.book.experiments.configs import (
    CONFIGS,
    Config,
    config_table,
    make_cell,
    math_label,
)
from lstm_explained.cells.registry import MODELS


@pytest.mark.parametrize("label", list(CONFIGS))
def test_every_configuration_builds_its_registered_model(label):
    config = CONFIGS[label]
    cell = make_cell(label, 5, 8, rng=0, dtype=np.float32)
    assert type(cell) is MODELS[config.model] and cell.dtype == np.float32
    assert config.label == label


@pytest.mark.parametrize("label", [k for k in CONFIGS if "forget bias" in k])
def test_forget_bias_labels_say_b_f(label):
    """'forget bias k (b_f = k)' builds a forget gate whose bias is k."""
    k = float(label.split("forget bias ")[1].split(" ")[0])
    assert f"(b_f = {k:g})" in label
    cell = make_cell(label, 3, 4, rng=0)
    b_f = next(v for name, v in cell.params.items() if name.endswith("b_f"))
    assert np.all(b_f == k)


def test_gru_keep_bias_is_minus_b_z():
    """The GRU keeps its state when z is near 0: 'keep bias 3' is b_z = -3, and the keep factor
    1 - z starts at sigmoid(3), like an LSTM's forget gate with b_f = 3."""
    gru = make_cell("GRU, keep bias 3 (b_z = -3)", 3, 4, rng=0)
    lstm = make_cell("LSTM, forget bias 3 (b_f = 3)", 3, 4, rng=0)
    assert isinstance(gru, GRUCell) and isinstance(lstm, LSTMCell)
    assert np.all(gru.params["b_z"] == -3.0) and np.all(lstm.params["b_f"] == 3.0)
    x, h = np.zeros((1, 3)), np.zeros((1, 4))
    _, values = gru.step(x, h)
    np.testing.assert_allclose(1 - values["z"], sigmoid(3.0))
    _, values = lstm.step(x, None)
    np.testing.assert_allclose(values["f"], sigmoid(3.0))
    assert not any("update bias" in label for label in CONFIGS)


def test_no_duplicate_configurations():
    seen = [(c.model, tuple(sorted(c.kwargs.items()))) for c in CONFIGS.values()]
    assert len(seen) == len(set(seen))


def test_config_table_lists_class_and_arguments():
    lines = config_table().splitlines()
    assert len(lines) == 2 + len(CONFIGS)
    assert "| GRU, keep bias 3 ($b_z = -3$) | `GRUCell` | `update_bias=-3.0` |" in lines


def test_bad_labels():
    with pytest.raises(ValueError, match="config must be a label of CONFIGS"):
        make_cell("GRU, update bias 3", 3, 4)
    with pytest.raises(ValueError, match="model must be one of"):
        Config("transformer", "transformer")
    with pytest.raises(ValueError, match="config must be a label"):
        config_table(["nope"])


def test_math_label_sets_every_bias_as_math():
    for label in CONFIGS:
        shown = math_label(label)
        assert "_" not in shown.replace("$b_f", "").replace("$b_z", "").replace("W_h", "")
        assert shown.count("$") in (0, 2)
    assert math_label("GRU, keep bias 3 (b_z = -3)") == "GRU, keep bias 3 ($b_z = -3$)"
