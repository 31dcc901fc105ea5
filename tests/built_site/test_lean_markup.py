"""The site's pages hold fewer elements for the same drawing (issue 20): code blocks whose alike
Pygments spans are merged (site_extras/tokens.py) and flat formula SVG (svg_math.mjs)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .conftest import SITE_DIR

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from site_extras.tokens import lean_code, token_styles  # noqa: E402

CSS = """
html[data-theme="light"] .highlight .n { color: #080808 } /* Name */
html[data-theme="light"] .highlight .o { color: #00622F } /* Operator */
html[data-theme="light"] .highlight .p { color: #080808 } /* Punctuation */
html[data-theme="light"] .highlight .w { color: #080808 } /* Text.Whitespace */
html[data-theme="light"] .highlight .gp { color: #080808 } /* Generic.Prompt */
html[data-theme="dark"] .highlight .n { color: #F8F8F2 } /* Name */
html[data-theme="dark"] .highlight .o { color: #ABE338 } /* Operator */
html[data-theme="dark"] .highlight .p { color: #F8F8F2 } /* Punctuation */
html[data-theme="dark"] .highlight .w { color: #F8F8F2 } /* Text.Whitespace */
html[data-theme="dark"] .highlight .gp { color: #F8F8F2 } /* Generic.Prompt */
"""
CODE = (
    '<div class="highlight"><pre><span></span><span class="gp">&gt;&gt;&gt; </span>'
    '<span class="n">np</span><span class="o">.</span><span class="n">zeros</span>'
    '<span class="p">(</span><span class="n">n</span><span class="p">,</span>'
    '<span class="w"> </span><span class="n">m</span><span class="p">)</span>\n</pre></div>'
)


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_alike_spans_are_merged_and_the_text_kept():
    lean = lean_code(CODE, token_styles(CSS))
    assert _text(lean) == _text(CODE)
    assert lean.count("<span") == 5  # the empty one, the prompt, "np", ".", "zeros(n, m)"
    assert '<span class="gp">&gt;&gt;&gt; </span>' in lean  # the copy button looks for it
    assert '<span class="o">.</span>' in lean
    assert '<span class="n">zeros(n, m)</span>' in lean


def test_spans_drawn_differently_stay_apart():
    other = CSS.replace(".p { color: #F8F8F2 }", ".p { color: #FFFFFF }")
    lean = lean_code(CODE, token_styles(other))
    assert _text(lean) == _text(CODE)
    assert '<span class="p">(</span>' in lean and '<span class="p">)</span>' in lean


def test_a_whitespace_token_with_more_than_a_colour_keeps_its_span():
    styled = CSS.replace(".w { color: #080808 }", ".w { color: #080808; background: #f00 }")
    lean = lean_code(CODE, token_styles(styled))
    assert '<span class="w"> </span>' in lean


def test_every_formula_svg_is_flat(page_path):
    """Each formula's SVG holds one group (colour and the flipped y axis) around its glyphs
    (``page_path``: every page of the built site, see conftest.py)."""
    text = (SITE_DIR / page_path).read_text(encoding="utf-8")
    nested = [
        svg[:120]
        for svg in re.findall(r'<svg style="vertical-align.*?</svg>', text, re.S)
        if svg.count("<g") > 1
    ]
    assert not nested, f"{len(nested)} formula(s) with nested groups, e.g. {nested[0]}"
