"""Every module of the package is reachable by its dotted name: no attribute of the same name (a
function or class re-exported by the parent package) hides it."""

from __future__ import annotations

import importlib
import pkgutil
import types

import pytest

import lstm_explained


def _module_names() -> list[str]:
    prefix = lstm_explained.__name__ + "."
    found = [m.name for m in pkgutil.walk_packages(lstm_explained.__path__, prefix)]
    return sorted(found)


MODULES = _module_names()


@pytest.mark.parametrize("name", MODULES)
def test_module_is_reachable_by_its_dotted_name(name):
    module = importlib.import_module(name)
    assert isinstance(module, types.ModuleType)
    parent_name, _, last = name.rpartition(".")
    parent = importlib.import_module(parent_name)
    assert getattr(parent, last) is module, (
        f"{parent_name}.{last} is {getattr(parent, last)!r}, not the module {name}"
    )


def test_the_walk_finds_the_models_and_the_subpackages():
    """The walk above can fail: it sees the modules it must check."""
    assert {
        "lstm_explained.cells.base",
        "lstm_explained.cells.fast_path",
        "lstm_explained.check",
        "lstm_explained.cells.lstm_family",
        "lstm_explained.cells.validation",
        "lstm_explained.book.diagrams.spec",
        "lstm_explained.book.experiments.pronoun",
    } <= set(MODULES)
    assert "lstm_explained.gradcheck" not in MODULES


def test_gradcheck_and_relative_error_keep_their_top_level_names():
    from lstm_explained import gradcheck, relative_error
    from lstm_explained.check import gradcheck as same

    assert gradcheck is same and callable(relative_error)


def test_the_old_names_are_gone_and_the_top_level_names_stay():
    from lstm_explained import TrainHistory, accuracy, train

    assert callable(train) and callable(accuracy) and isinstance(TrainHistory, type)
    assert lstm_explained.train is train
    for old in (
        "lstm_explained.train",
        "lstm_explained.gradcheck",
        "lstm_explained.book.experiments.clockwork_memory",
        "lstm_explained.book.diagrams.render",
        "lstm_explained.book.experiments.gradient_decay",
    ):
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(old)
