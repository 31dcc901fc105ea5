"""The gallery page shows every figure function, and each figure's alt text is the function's."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from lstm_explained import diagrams
from lstm_explained.diagrams import figures

GALLERY = Path(__file__).resolve().parents[1] / "docs" / "gallery.md"
CELL = re.compile(r"```\{code-cell\}[^\n]*\n---\n(?P<meta>.*?)\n---\n(?P<code>.*?)\n```", re.S)


def figure_cells() -> list[tuple[dict, str]]:
    text = GALLERY.read_text(encoding="utf-8")
    return [(yaml.safe_load(m["meta"]), m["code"].strip()) for m in CELL.finditer(text)]


def test_every_figure_cell_has_alt_text_equal_to_the_figure_s():
    cells = figure_cells()
    assert len(cells) >= 17
    for meta, code in cells:
        fig = eval(code, {"diagrams": diagrams})  # a single call, e.g. diagrams.gate()
        options = meta["mystnb"]
        assert options["image"]["alt"] == fig.alt, code
        assert options["figure"]["caption"] and options["figure"]["name"].startswith("fig-")


def test_the_gallery_calls_every_figure_function():
    calls = " ".join(code for _, code in figure_cells())
    # every public figure function, so a new one cannot be left out of the gallery
    functions = [n for n in figures.__all__ if callable(getattr(figures, n))]
    assert len(functions) == 11, functions
    for name in functions:
        assert f"diagrams.{name}(" in calls, name
    for step in diagrams.STEPS:
        assert f'diagrams.lstm_step("{step}")' in calls
    for name in diagrams.VARIANTS:
        assert f'diagrams.variant("{name}")' in calls
