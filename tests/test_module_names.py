"""No module is hidden by a function or class of its own name: each is reachable by its dotted
name, and the attribute of that name on its package is the module itself (or absent).

Covers the modules of the training and experiment side; the others (cells, diagrams, gradient
checks) are renamed on their own branches.
"""

import importlib
import inspect

import pytest

MODULES = [
    "lstm_explained.training",
    "lstm_explained.layers",
    "lstm_explained.losses",
    "lstm_explained.sequence_model",
    "lstm_explained.optim",
    "lstm_explained.tasks",
    "lstm_explained.experiments.clockwork_copy",
    "lstm_explained.experiments.configs",
    "lstm_explained.experiments.gates",
    "lstm_explained.experiments.long_gap",
    "lstm_explained.experiments.plots",
    "lstm_explained.experiments.pronoun",
    "lstm_explained.experiments.runs",
    "lstm_explained.experiments.summary",
    "lstm_explained.experiments.sweep",
    "lstm_explained.experiments.variants",
]


@pytest.mark.parametrize("name", MODULES)
def test_module_is_reachable_by_its_dotted_name(name):
    module = importlib.import_module(name)
    parent_name, _, short = name.rpartition(".")
    parent = importlib.import_module(parent_name)
    assert inspect.ismodule(module) and module.__name__ == name
    attribute = getattr(parent, short)
    assert attribute is module, f"{parent_name}.{short} is {attribute!r}, not the module"
    assert short not in getattr(parent, "__all__", ()), f"{parent_name} exports a name {short!r}"


def test_the_old_names_are_gone_and_the_top_level_names_stay():
    import lstm_explained
    from lstm_explained import TrainHistory, accuracy, train

    assert callable(train) and callable(accuracy) and inspect.isclass(TrainHistory)
    assert lstm_explained.train is train
    for old in ("lstm_explained.train", "lstm_explained.experiments.clockwork_memory"):
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(old)
