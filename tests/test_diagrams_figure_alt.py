"""docs/_ext/figure_alt.py: an image without alt text gets its SVG's description."""

from __future__ import annotations

import sys
from pathlib import Path

from docutils import nodes
from docutils.utils import new_document

from lstm_explained.book import diagrams

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))
import figure_alt  # noqa: E402


def doctree_with(*images: nodes.image) -> nodes.document:
    doc = new_document("test")
    for image in images:
        doc += image
    return doc


def test_an_image_without_alt_gets_the_figure_s_words(tmp_path):
    diagrams.save_svg(diagrams.module("gru"), tmp_path / "gru.svg")
    (tmp_path / "plot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    bare = nodes.image(uri="gru.svg")
    given = nodes.image(uri="gru.svg", alt="Words of the page.")
    plain = nodes.image(uri="plot.svg")
    filled = figure_alt.fill_alt(doctree_with(bare, given, plain), lambda u: tmp_path / u)
    assert filled == 1
    assert bare["alt"] == diagrams.ALT["gru"]
    assert given["alt"] == "Words of the page."
    assert "alt" not in plain


def test_a_missing_or_broken_file_has_no_description(tmp_path):
    (tmp_path / "broken.svg").write_text("<svg")
    assert figure_alt.svg_description(tmp_path / "broken.svg") is None
    assert figure_alt.svg_description(tmp_path / "absent.svg") is None
