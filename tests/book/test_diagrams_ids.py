"""The parts of a drawn diagram have stable ids in its SVG, so a page's script can find them, and
the SVG carries the figure's alt text as its description."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from xml.etree import ElementTree

from lstm_explained.book import diagrams

# What a page script will address in the LSTM module: layers, pointwise operations, the
# cell-state line, the hidden-state line and the labels of the values.
LSTM_IDS = [
    "gate-f",
    "gate-i",
    "layer-C_tilde",
    "gate-o",
    "op-times_f",
    "op-times_i",
    "op-plus",
    "op-tanh_C",
    "op-times_o",
    "line-C-in",
    "line-C-kept",
    "line-C-out",
    "line-h-in",
    "line-h-out",
    "line-h-up",
    "label-f",
    "label-i",
    "label-C_tilde",
    "label-o",
    "label-C_prev",
    "label-C",
    "label-h",
    "label-x",
]


def ids(svg: str) -> list[str]:
    return re.findall(r'\bid="([^"]+)"', svg)


def test_the_lstm_svg_names_its_parts_once_each():
    found = ids(diagrams.svg_text(diagrams.module("lstm")))
    for name in LSTM_IDS:
        assert found.count(name) == 1, name
    assert len(found) == len(set(found))  # no id twice in one SVG


def test_the_gru_names_its_gates_the_same_way():
    found = set(ids(diagrams.svg_text(diagrams.module("gru"))))
    assert {"gate-r", "gate-z", "layer-h_tilde", "line-h-in", "line-h-out", "label-z"} <= found


def test_ids_and_bytes_are_the_same_in_a_fresh_process():
    code = (
        "import hashlib; from lstm_explained.book import diagrams; "
        "print(hashlib.sha256(diagrams.svg_text(diagrams.module('lstm')).encode()).hexdigest())"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    here = hashlib.sha256(diagrams.svg_text(diagrams.module("lstm")).encode()).hexdigest()
    assert other == here


def test_the_svg_describes_itself_with_the_alt_text():
    fig = diagrams.module("clockwork")
    root = ElementTree.fromstring(diagrams.svg_text(fig))
    ns = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert root.find(".//dc:description", ns).text == diagrams.ALT["clockwork"]


def test_a_notebook_s_inline_svg_carries_the_description_too():
    """The kernel draws with fig.canvas.print_figure(..., format="svg"), not with save_svg."""
    import io

    fig = diagrams.clockwork_modules()
    buf = io.BytesIO()
    fig.canvas.print_figure(buf, format="svg", bbox_inches="tight")
    assert "<dc:description>The clockwork RNN's four modules" in buf.getvalue().decode()


def test_a_notebook_shows_the_figure_as_svg():
    from IPython.core.formatters import DisplayFormatter

    data, _ = DisplayFormatter().format(diagrams.gate())
    assert "<dc:description>A gate: a sigmoid layer" in data["image/svg+xml"]


def test_save_svg_keeps_the_description_after_another_canvas_drew_the_figure():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = diagrams.gate()
    FigureCanvasAgg(fig).draw()  # replaces the figure's canvas
    assert "<dc:description>A gate:" in diagrams.svg_text(fig)
