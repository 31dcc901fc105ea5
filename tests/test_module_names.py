"""The layout of the package: every module is reachable by its dotted name (no attribute of the
same name, a function or class re-exported by the parent package, hides it); the top level holds
the six rooms; no module is over 400 lines; no import cycle; each library room imports only the
rooms below it; and the library rooms import without matplotlib."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
import types
from pathlib import Path

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


# --------------------------------------------------------------------- the rooms (issue 19)
ROOT = Path(lstm_explained.__file__).parent
#: The rooms of the library (numpy only) and what each may import, besides itself.
LIBRARY = {
    "cells": set(),
    "check": {"cells"},
    "interop": {"cells"},
    "training": {"cells"},
    "lm": {"cells", "training"},
    "layers": {"cells", "interop"},
}


def _files() -> dict[str, Path]:
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


FILES = _files()


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules that ``name`` imports, anywhere in its file (lazy imports too).

    ``from P import n`` counts as importing ``P.n`` when that is a module, else ``P``; the
    parent packages that every import also runs are left out (they would make every re-export a
    cycle).
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in FILES}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module not in FILES:
                continue
            subs = {f"{module}.{a.name}" for a in node.names} & set(FILES)
            found |= subs or {module}
    return found - {name}


GRAPH = {name: _imports(name, path) for name, path in FILES.items()}


def test_at_most_twelve_entries_at_the_top():
    top = sorted(m.name for m in pkgutil.iter_modules(lstm_explained.__path__))
    assert top == ["book", "cells", "check", "interop", "layers", "lm", "training"]


def test_no_module_over_400_lines():
    long = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in FILES.items()}
    assert {n: lines for n, lines in long.items() if lines > 400} == {}


def test_no_import_cycle():
    cycles = []
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for start in sorted(GRAPH):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def test_the_cycle_finder_sees_a_cycle(monkeypatch):
    """The test above can fail: a made-up edge back from cells.base to cells.lstm is a cycle."""
    monkeypatch.setitem(GRAPH, "lstm_explained.cells.base", {"lstm_explained.cells.lstm"})
    with pytest.raises(AssertionError):
        test_no_import_cycle()


def _room(name: str) -> str:
    return name.split(".")[1] if "." in name else ""


def test_each_library_room_imports_only_the_rooms_below_it():
    crossings = {
        f"{a} -> {b}"
        for a, targets in GRAPH.items()
        for b in targets
        if _room(a) in LIBRARY and _room(b) != _room(a) and _room(b) not in LIBRARY[_room(a)]
    }
    assert crossings == set()


BLOCKED = """
import sys

class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("matplotlib", "IPython", "myst_nb"):
            raise ImportError(f"blocked: {name}")

sys.meta_path.insert(0, Blocked())
import lstm_explained
import lstm_explained.cells, lstm_explained.check, lstm_explained.interop
import lstm_explained.training, lstm_explained.lm
import lstm_explained.{extra}
loaded = sorted(m for m in sys.modules if m.startswith("lstm_explained.book"))
print(loaded)
"""


def test_the_library_rooms_import_without_matplotlib():
    """cells, check, interop, training and lm (and every module in them) are numpy only."""
    library = [n for n in FILES if _room(n) in LIBRARY and n.count(".") == 2]
    for extra in library:
        run = subprocess.run(
            [sys.executable, "-c", BLOCKED.replace("{extra}", extra.partition(".")[2])],
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == "[]", extra


def test_the_block_works():
    """The subprocess above does fail where a module needs matplotlib."""
    run = subprocess.run(
        [sys.executable, "-c", BLOCKED.replace("{extra}", "book.diagrams")],
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0 and "blocked: matplotlib" in run.stderr
