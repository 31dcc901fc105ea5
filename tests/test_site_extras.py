"""The book's own Sphinx extensions (docs/_ext): the markup fixes, the sitemap, the reference
resolver, the build-time math and the theme's icons, each tested on small inputs without building
the book (tests/built_site tests the built site)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import site_extras  # noqa: E402
import svg_math  # noqa: E402
from site_extras import head as fast_head  # noqa: E402
from site_extras import icons as theme_icons  # noqa: E402
from site_extras import images as site_images  # noqa: E402
from site_extras import private  # noqa: E402

# --- site_extras: markup that axe-core or the Nu HTML checker flags ------------------------------
FOLDED_CELL = """<details class="hide above-input">
<summary aria-label="Toggle hidden content">
<p class="collapsed admonition-title">Show code cell source</p>
<p class="expanded admonition-title">Hide code cell source</p>
</summary>
<div class="cell_input"><p>kept</p></div>
</details>"""

RETURNS_FIELD = """<dd class="field-even"><p><ul class="simple">
<li><p><strong>hs</strong> – every hidden state.</p></li>
<li><p><strong>cache</strong> – what backward needs.</p></li>
</ul>
</p>
</dd>"""


def test_exercise_and_solution_bodies_lose_their_shared_id():
    body = '<section id="exercise-content"><p>a</p></section>' * 2
    body += '<section id="solution-content"><p>b</p></section>' * 2
    fixed = site_extras.fix_markup(body)
    assert 'id="exercise-content"' not in fixed and 'id="solution-content"' not in fixed
    assert fixed.count('class="exercise-content"') == 2


def test_folded_cell_labels_become_spans_and_the_summary_loses_its_wrong_name():
    fixed = site_extras.fix_markup(FOLDED_CELL)
    assert "<summary>" in fixed and "aria-label" not in fixed
    summary = fixed[fixed.index("<summary>") : fixed.index("</summary>")]
    assert "<p" not in summary and "</p>" not in summary
    assert '<span class="collapsed admonition-title">Show code cell source</span>' in summary
    # Paragraphs outside the summary stay paragraphs.
    assert '<div class="cell_input"><p>kept</p></div>' in fixed


def test_a_list_wrapped_in_a_paragraph_is_unwrapped():
    fixed = site_extras.fix_markup(RETURNS_FIELD)
    assert '<dd class="field-even"><ul class="simple">' in fixed
    assert fixed.count("<p>") == fixed.count("</p>") == 2  # the two items' paragraphs


def test_a_paragraph_before_a_list_is_left_alone():
    text = '<p>Intro.</p>\n<ul class="simple"><li>a</li></ul>'
    assert site_extras.fix_markup(text) == text


def test_bibliography_entries_get_a_role_a_list_may_hold():
    fixed = site_extras.fix_markup('<div role="list"><div role="doc-biblioentry">x</div></div>')
    assert 'role="listitem"' in fixed and "doc-biblioentry" not in fixed


def test_sitemap_lists_every_page_in_order_and_robots_points_at_it(tmp_path):
    app = SimpleNamespace(
        config=SimpleNamespace(html_baseurl="https://example.org/book"),
        builder=SimpleNamespace(format="html", get_target_uri=lambda page: f"{page}.html"),
        env=SimpleNamespace(found_docs={"walkthrough", "index", "api"}),
        outdir=str(tmp_path),
    )
    site_extras.write_sitemap(app, None)
    sitemap = (tmp_path / "sitemap.xml").read_text()
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs == [
        "https://example.org/book/api.html",
        "https://example.org/book/index.html",
        "https://example.org/book/walkthrough.html",
        "https://example.org/book/genindex.html",
    ]
    assert "Sitemap: https://example.org/book/sitemap.xml" in (tmp_path / "robots.txt").read_text()


def test_reexported_names_resolve_to_the_package_level_entry():
    calls = []

    class Py:
        def resolve_xref(self, env, fromdoc, builder, typ, target, node, contnode):
            calls.append(target)
            return "resolved"

    env = SimpleNamespace(get_domain=lambda name: Py())
    app = SimpleNamespace(builder=None)
    node = {"reftarget": "lstm_explained.lstm.LSTMCell", "refdomain": "py", "refdoc": "api"}
    node["reftype"] = "class"
    assert site_extras.reexported(app, env, node, None) == "resolved"
    assert calls == ["lstm_explained.LSTMCell"]
    # Other domains and other shapes of name are left to Sphinx.
    assert site_extras.reexported(app, env, {**node, "refdomain": "std"}, None) is None
    assert site_extras.reexported(app, env, {**node, "reftarget": "numpy.ndarray"}, None) is None


# --- svg_math: formulas typeset when the book builds ---------------------------------------------
def _math_block(text: str, **options):
    from docutils import nodes

    node = nodes.math_block(text, text)
    for name, value in options.items():
        node[name] = value
    return node


def test_display_tex_wraps_like_sphinx_mathjax():
    assert svg_math.display_tex(_math_block("a = b")) == "a = b"
    assert svg_math.display_tex(_math_block(r"a \\ b")) == r"\begin{split}a \\ b\end{split}"
    two = svg_math.display_tex(_math_block("a = 1\n\nb = 2"))
    assert two == r"\begin{align}\begin{aligned}a = 1\\b = 2\end{aligned}\end{align}"
    env = r"\begin{align}a &= 1\end{align}"
    assert svg_math.display_tex(_math_block(env, nowrap=True)) == env


def _mathjax_or_skip() -> None:
    if not svg_math.MATHJAX_PACKAGE.is_file():
        pytest.skip("MathJax is not installed: `make html` runs `npm ci --omit=dev`")
    try:
        svg_math.node_executable()
    except Exception as error:  # noqa: BLE001
        pytest.skip(str(error))


def test_typeset_gives_svg_with_hidden_mathml_and_one_glyph_cache_per_page():
    _mathjax_or_skip()
    result = svg_math.typeset(
        {"a": [(r"f_t = \sigma(x)", False), (r"C_t = f_t \odot C_{t-1}", True)], "b": []}
    )
    assert result["errors"] == []
    inline, display = result["pages"]["a"]["formulas"]
    for markup in (inline, display):
        assert markup.startswith("<mjx-container") and "<svg" in markup
        assert "<mjx-assistive-mml" in markup and "<math" in markup  # what a screen reader reads
        assert "data-latex" not in markup  # the in-browser tools' attributes are dropped
    assert 'display="true"' in display and 'display="true"' not in inline
    # Both formulas use the glyph t; its outline is written once, in the page's cache.
    defs = result["pages"]["a"]["defs"]
    assert defs.count('id="MJX-NCM-I-1D461"') == 1
    assert 'href="#MJX-NCM-I-1D461"' in inline and 'href="#MJX-NCM-I-1D461"' in display
    assert 'style="display: none;"' in defs
    assert result["pages"]["b"] == {"formulas": [], "defs": ""}
    assert "mjx-assistive-mml" in result["css"]


def test_a_formula_mathjax_cannot_typeset_is_an_error_not_red_text():
    _mathjax_or_skip()
    result = svg_math.typeset({"page": [(r"x + \undefinedmacro", False), (r"\frac{1}{", True)]})
    assert [e["index"] for e in result["errors"]] == [0, 1]
    assert "undefinedmacro" in result["errors"][0]["message"]
    assert "merror" not in "".join(result["pages"]["page"]["formulas"])


def test_the_page_fails_the_build_naming_the_formula(tmp_path):
    _mathjax_or_skip()
    from sphinx.errors import ExtensionError

    app = SimpleNamespace(doctreedir=str(tmp_path))
    with pytest.raises(ExtensionError, match=r"(?s)walkthrough.*nosuchmacro"):
        svg_math._typeset_page(app, "walkthrough", [(r"\nosuchmacro", False)])


def test_placeholders_are_filled_in_order_and_the_glyphs_lead_the_body(tmp_path):
    _mathjax_or_skip()
    builder = SimpleNamespace(svg_math_pending=[("a", False), ("b", True)])
    app = SimpleNamespace(builder=builder, doctreedir=str(tmp_path))
    body = f"<p>{svg_math.TOKEN.format(0)}</p><div>{svg_math.TOKEN.format(1)}</div>"
    context = {"body": body}
    svg_math._fill_page(app, "page", "page.html", context, None)
    filled = context["body"]
    assert filled.startswith('<svg style="display: none;"')
    assert "\x00" not in filled
    assert filled.index('display="true"') > filled.index("<p><mjx-container")
    assert builder.svg_math_pending == []
    # A second page with the same formulas comes from the cache, without Node.
    assert len(list((tmp_path / "svg_math").glob("*.json"))) == 1


def test_the_formulas_read_are_typeset_in_one_batch_before_the_first_page(tmp_path, monkeypatch):
    _mathjax_or_skip()
    from docutils import nodes

    doctree = nodes.section()
    doctree += nodes.paragraph("", "", nodes.math("", "a"), nodes.Text(" and "))
    doctree += _math_block("b")
    assert svg_math.page_formulas(doctree) == [("a", False), ("b", True)]
    env = SimpleNamespace(docname="one")
    builder = SimpleNamespace(format="html")
    app = SimpleNamespace(env=env, builder=builder, doctreedir=str(tmp_path / "d"))
    app.outdir = str(tmp_path / "out")
    svg_math._start_stylesheet(app)
    svg_math._read_formulas(app, doctree)
    env.docname = "two"
    svg_math._read_formulas(app, nodes.section())  # a page without formulas
    started = []
    real_batch = svg_math.Batch
    monkeypatch.setattr(svg_math, "Batch", lambda pages: started.append(pages) or real_batch(pages))
    svg_math._start_batch(app, env)
    assert started == [{"one": [("a", False), ("b", True)]}]  # one Node process, every page
    assert (tmp_path / "out" / "_static" / svg_math.CSS_NAME).is_file()

    # Writing the page collects the batch and finds its formulas cached: no Node of its own.
    def no_node(*args, **kwargs):
        raise AssertionError("a page was typeset on its own")

    monkeypatch.setattr(svg_math, "typeset", no_node)
    builder.svg_math_pending = [("a", False), ("b", True)]
    context = {"body": f"<p>{svg_math.TOKEN.format(0)}</p>{svg_math.TOKEN.format(1)}"}
    svg_math._fill_page(app, "one", "page.html", context, None)
    assert "\x00" not in context["body"] and context["body"].count("<mjx-container") == 2
    # A rebuild starts no batch: every page is cached.
    started.clear()
    svg_math._start_batch(app, env)
    assert started == [] and getattr(builder, "svg_math_batch", None) is None


def test_a_formula_the_batch_cannot_typeset_fails_the_build_naming_page_and_tex(tmp_path):
    _mathjax_or_skip()
    from sphinx.errors import ExtensionError

    builder = SimpleNamespace(format="html")
    app = SimpleNamespace(builder=builder, doctreedir=str(tmp_path))
    builder.svg_math_batch = svg_math.Batch({"walkthrough": [(r"\nosuchmacro", False)]})
    with pytest.raises(ExtensionError, match=r"(?s)walkthrough.*nosuchmacro"):
        svg_math._collect_batch(app)


# --- theme_icons: the theme's icons without Font Awesome's script ---------------------------------
SCRIPT = (
    'var b={github:[496,512,[],"f09b","M1 2z"]};(function(){p("fab",b)})'
    'var b={file:[384,512,[128196],"f15b","M3 4z"]};(function(){p("far",b)})'
    'var b={"magnifying-glass":[512,512,[128269,"search"],"f002","M5 6z"],'
    'file:[384,512,[],"f15b","M7 8z"]};(function(){p("fas",b)})'
)


def test_read_icons_keeps_packs_apart_and_knows_aliases():
    packs = theme_icons.read_icons(SCRIPT)
    assert packs["fab"]["github"] == (496, 512, "M1 2z")
    assert packs["far"]["file"] == (384, 512, "M3 4z")
    assert packs["fas"]["file"] == (384, 512, "M7 8z")
    assert packs["fas"]["search"] == packs["fas"]["magnifying-glass"]


def test_used_icons_reads_style_and_name_but_not_size_modifiers():
    html = (
        '<i class="fab fa-github"></i><span class="fa-solid fa-magnifying-glass fa-lg fa-fw">'
        '</span><i class="theme-switch fa-regular fa-file"></i><i class="fa-nothing"></i>'
    )
    assert theme_icons.used_icons([html]) == {
        ("fab", "github"),
        ("fas", "magnifying-glass"),
        ("far", "file"),
    }


def test_icon_css_draws_each_icon_and_refuses_an_unknown_one():
    packs = theme_icons.read_icons(SCRIPT)
    css = theme_icons.icon_css({("fas", "file"), ("fab", "github")}, packs)
    assert ".fa-solid.fa-file, .fas.fa-file { width: 0.75em;" in css
    assert "M7 8z" in css and "M3 4z" not in css  # the solid outline, not the regular one
    assert css.index(".fa-brands.fa-github") < css.index(".fa-solid.fa-file")  # stable order
    with pytest.raises(ValueError, match="no icon 'bars'"):
        theme_icons.icon_css({("fas", "bars")}, packs)


def test_every_listed_icon_exists_in_the_themes_font_awesome():
    script = private.fontawesome_js()
    if not script.is_file():
        pytest.skip("pydata-sphinx-theme is not installed")
    css = theme_icons.icon_css(theme_icons.ICONS, theme_icons.read_icons(script.read_text()))
    assert css.count("--icon: url(") == len(theme_icons.ICONS)


# --- fast_head: one stylesheet, deferred scripts ------------------------------------------------
def test_head_scripts_are_deferred_in_order_and_the_options_lines_become_modules():
    from sphinx.builders.html._assets import _JavaScript

    scripts = [
        _JavaScript("_static/documentation_options.js", priority=200),
        _JavaScript(None, body="DOCUMENTATION_OPTIONS.pagename = 'api';"),
        _JavaScript("_static/already.js", type="module"),
        _JavaScript("_static/site.js", priority=500),
    ]
    out = fast_head.deferred_scripts(scripts)
    assert [js.filename for js in out] == [js.filename for js in scripts]
    assert out[0].attributes == {"defer": "defer"} and out[0].priority == 200
    assert out[1].attributes["type"] == "module"
    assert "defer" not in out[2].attributes
    assert out[3].attributes == {"defer": "defer"}


def test_togglebuttons_settings_stay_inline_so_they_are_set_before_its_script_runs():
    from sphinx.builders.html._assets import _JavaScript

    scripts = [
        _JavaScript(None, body="let toggleHintShow = 'Click to show';"),
        _JavaScript("_static/togglebutton.js"),
    ]
    out = fast_head.deferred_scripts(scripts)
    assert out[0].attributes == {"body": "let toggleHintShow = 'Click to show';"}
    assert out[1].attributes == {"defer": "defer"}


def test_an_unknown_inline_script_is_refused_rather_than_run_out_of_order():
    from sphinx.builders.html._assets import _JavaScript

    with pytest.raises(ValueError, match="inline script"):
        fast_head.deferred_scripts([_JavaScript(None, body="var x = window.thing;")])


def test_the_bundle_joins_stylesheets_in_order_and_refuses_relative_urls(tmp_path):
    from sphinx.errors import ExtensionError

    static = tmp_path / "_static"
    static.mkdir()
    (static / "a.css").write_text("a { color: red; }\n")
    (static / "b.css").write_text('b { mask: url("data:image/svg+xml,x"); }')
    (static / "c.css").write_text("c { background: url(../img.png); }")
    app = SimpleNamespace(outdir=str(tmp_path))
    text = fast_head.bundle_text(app, ["_static/b.css", "_static/a.css"])
    assert text.index("b {") < text.index("a {")
    assert "/* _static/a.css */" in text
    with pytest.raises(ExtensionError, match="c.css"):
        fast_head.bundle_text(app, ["_static/c.css"])


def test_the_theme_stylesheet_loses_only_font_awesomes_glyph_rules():
    css = (
        '.navbar{color:red}.fa-bars,.fa-navicon{--fa:"\\f0c9"}.fa-solid{display:inline-block}'
        '.fa-github{--fa:"\\f09b"}.fa-lg{font-size:1.25em}'
    )
    assert fast_head.slim_theme_css(css) == (
        ".navbar{color:red}.fa-solid{display:inline-block}.fa-lg{font-size:1.25em}"
    )


def test_only_the_first_image_is_fetched_first():
    body = '<img src="a.svg" alt="a"/><p>x</p><img src="b.svg" alt="b"/>'
    assert fast_head.first_image_first(body) == (
        '<img fetchpriority="high" src="a.svg" alt="a"/><p>x</p><img src="b.svg" alt="b"/>'
    )


# --- the installed theme and Sphinx: what site_extras.private reaches ----------------------------
def test_the_installed_themes_stylesheet_loses_its_glyph_rules_and_only_them():
    """On pydata-sphinx-theme's own stylesheet (the pinned version): every Font Awesome glyph
    rule goes (1,970 in 0.20.0), every other rule stays."""
    text = private.theme_css().read_text(encoding="utf-8")
    glyphs = text.count('{--fa:"')
    assert glyphs > 1000
    slim = fast_head.slim_theme_css(text)
    assert '--fa:"' not in slim
    assert text.count("{") - slim.count("{") == glyphs
    assert len(slim) < 0.85 * len(text)
    for kept in (".fa-solid", ".bd-header", "@media", "--pst-color-primary"):
        assert text.count(kept) - slim.count(kept) <= text.count(kept) // 2, kept


def test_the_installed_font_awesome_draws_the_icons_the_theme_writes(tmp_path):
    """The theme's real script, parsed: each icon in ICONS has an outline in the right pack,
    and the icons the theme's own templates name are among them."""
    packs = theme_icons.read_icons(private.fontawesome_js().read_text(encoding="utf-8"))
    assert {pack: len(icons) > 100 for pack, icons in packs.items()} == dict.fromkeys(
        ("fab", "far", "fas"), True
    )
    templates = private.theme_static().parent
    written = theme_icons.used_icons(
        [p.read_text(encoding="utf-8") for p in templates.rglob("*.html")]
    )
    for pack, name in theme_icons.ICONS:
        width, height, path = packs[pack][name]
        assert width > 0 and height > 0 and path.startswith("M"), (pack, name)
    shown = {("fas", "bars"), ("fas", "magnifying-glass"), ("fas", "arrow-up")}
    assert shown <= written & theme_icons.ICONS


def test_sphinx_and_the_extensions_still_have_what_private_reaches():
    """What site_extras.private reaches in Sphinx, the theme, myst-nb and sphinx-exercise."""
    import inspect

    from myst_nb.sphinx_ext import add_global_html_resources
    from pydata_sphinx_theme.pygments import overwrite_pygments_css
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.search import IndexBuilder
    from sphinx_exercise import copy_asset_files

    script = private.script("_static/a.js", 300, {"defer": "defer"})
    assert (script.filename, script.priority, script.attributes) == (
        "_static/a.js",
        300,
        {"defer": "defer"},
    )
    css = private.stylesheet("_static/b.css", 200)
    assert (css.filename, css.priority) == ("_static/b.css", 200)
    assert list(inspect.signature(StandaloneHTMLBuilder.copy_assets).parameters) == ["self"]
    assert "self._css_files" in inspect.getsource(StandaloneHTMLBuilder)
    index = inspect.getsource(IndexBuilder)
    assert "self._index_entries" in index and "self._titles" in index
    for hook in (add_global_html_resources, copy_asset_files):
        assert len(inspect.signature(hook).parameters) == 2  # (app, exception)
    assert list(inspect.signature(overwrite_pygments_css).parameters)[0] == "app"
    # Sphinx writes with one process fewer than it reads; write_on_every_core adds it back.
    from sphinx.builders import Builder

    assert "nproc=self._app.parallel - 1" in inspect.getsource(Builder.write_documents)
    app = SimpleNamespace(parallel=2)
    private.write_on_every_core(app, None)
    private.write_on_every_core(app, None)
    assert app.parallel == 3
    serial = SimpleNamespace(parallel=1)
    private.write_on_every_core(serial, None)
    assert serial.parallel == 1


# --- images: sized in the HTML, all but the first loaded lazily ----------------------------------
def test_svg_size_in_css_pixels():
    svg = (
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="72pt" height="36pt">'
    )
    assert site_images.svg_size(svg) == (96, 48)
    assert site_images.svg_size('<svg width="300" height="150px">') == (300, 150)
    assert site_images.svg_size('<svg width="100%" height="150">') is None
    assert site_images.svg_size('<svg viewBox="0 0 10 10">') is None


def test_images_are_sized_and_all_but_the_first_are_lazy():
    body = (
        '<img alt="a" src="_images/a.svg" /><p>text</p><img alt="b" src="_images/b.svg" />'
        '<img width="5" alt="c" src="../_images/c.png" /><img alt="d" src="d.svg" loading="eager">'
    )
    out = site_images.sized_and_lazy(body, {"a.svg": (10, 20), "b.svg": (30, 40), "c.png": (1, 2)})
    tags = re.findall(r"<img[^>]*>", out)
    assert tags[0] == '<img width="10" height="20" alt="a" src="_images/a.svg" />'
    assert tags[1] == (
        '<img width="30" height="40" loading="lazy" decoding="async" alt="b" src="_images/b.svg" />'
    )
    # A size or a loading already given is kept.
    assert (
        tags[2]
        == '<img loading="lazy" decoding="async" width="5" alt="c" src="../_images/c.png" />'
    )
    assert tags[3] == '<img alt="d" src="d.svg" loading="eager">'
    assert fast_head.first_image_first(out).startswith('<img fetchpriority="high" width="10"')


def test_the_installed_themes_script_measures_scrollable_boxes_as_they_come_near():
    from sphinx.errors import ExtensionError

    text = private.theme_js().read_text(encoding="utf-8")
    lazy = fast_head.lazy_theme_scrollables(text)
    handler = lazy[lazy.index("IntersectionObserver(es=>") - 120 :]
    handler = handler[: handler.index("e()}") + 4]
    # Measured only in the observer's callback; the handler still runs on resize and on changes.
    assert handler.count("scrollWidth") == 1
    assert handler.index("scrollWidth") < handler.index("IntersectionObserver")
    assert 'addEventListener("resize"' in handler and "MutationObserver" in handler
    assert len(lazy) - len(text) < 300  # nothing else changed
    with pytest.raises(ExtensionError, match="scrollable-box handlers"):
        fast_head.lazy_theme_scrollables(lazy)
