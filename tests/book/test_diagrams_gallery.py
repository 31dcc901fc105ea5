"""The gallery page shows every figure function and every model's module, and takes every alt
text from the package (none is typed on the page)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from lstm_explained.book import diagrams
from lstm_explained.book.diagrams import figures, practice

GALLERY = Path(__file__).resolve().parents[2] / "docs" / "gallery.md"
CELL = re.compile(r"```\{code-cell\}[^\n]*\n---\n(?P<meta>.*?)\n---\n(?P<code>.*?)\n```", re.S)


def figure_cells() -> list[tuple[dict, str]]:
    text = GALLERY.read_text(encoding="utf-8")
    return [(yaml.safe_load(m["meta"]), m["code"].strip()) for m in CELL.finditer(text)]


def test_figure_cells_have_a_caption_and_name_but_no_alt_of_their_own():
    cells = figure_cells()
    assert len(cells) >= 22
    for meta, code in cells:
        options = meta["mystnb"]
        assert options["figure"]["caption"] and options["figure"]["name"].startswith("fig-"), code
        assert "image" not in options, f"{code}: the alt text comes from the package"


def test_every_alt_text_of_the_package_is_on_the_page():
    shown = set()
    for _, code in figure_cells():
        # a single call, e.g. diagrams.gate() or practice.stack()
        fig = eval(code, {"diagrams": diagrams, "practice": practice})
        assert fig.alt, code
        shown.add(fig.alt)
    alts = {**diagrams.ALT, **{f"practice.{k}": alt for k, alt in practice.ALT.items()}}
    missing = {k for k, alt in alts.items() if alt not in shown}
    assert not missing, f"figures the gallery does not show: {sorted(missing)}"


def test_the_gallery_calls_every_figure_function_and_draws_every_model():
    calls = " ".join(code for _, code in figure_cells())
    # every public figure function, so a new one cannot be left out of the gallery
    functions = [n for n in figures.__all__ if callable(getattr(figures, n))]
    assert len(functions) == 11, functions
    for name in functions:
        assert f"diagrams.{name}(" in calls, name
    for step in diagrams.STEPS:
        assert f'diagrams.lstm_step("{step}")' in calls
    assert len(diagrams.DIAGRAMS) == 7
    for name in diagrams.DIAGRAMS:
        assert f'diagrams.module("{name}")' in calls, name
