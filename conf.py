"""Sphinx configuration of the book *LSTM networks, explained*.

Build from the repository root with ``sphinx-build -c . docs _build/html`` (``make html``): this
file sits at the root, the chapters in ``docs/``, so paths below are relative to the root.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# --- reproducible figures ---------------------------------------------------------------------
# The notebook kernels inherit this environment: a fixed date in SVG metadata and a fixed salt
# for SVG ids make two builds byte-identical.
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
os.environ["MATPLOTLIBRC"] = str(ROOT / "docs" / "matplotlibrc")
os.environ["IPYTHONDIR"] = str(ROOT / "docs" / "_ipython")
# The kernel imports lstm_explained from this checkout even without an editable install.
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
)


def _package_hash() -> str:
    """A digest of the package's source, so its changes re-execute the chapters."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "lstm_explained").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# --- project ----------------------------------------------------------------------------------
project = "LSTM networks, explained"
author = "the lstm-explained authors"
copyright = "2026, the lstm-explained authors"
language = "en"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
]

exclude_patterns = [
    "_build",
    "**.ipynb_checkpoints",
    "_ipython",
    "matplotlibrc",
    "_static",
    "_templates",
]
nitpicky = True
nitpick_ignore_regex = [
    # numpydoc-style type words that are prose, not references
    (r"py:class", r"(array_like|optional|mapping|dict of .*|float32 or float64.*|.*\bor\b.*)"),
    (r"py:class", r"(ndarray|numpy\.random\.Generator|np\..*|Generator|int|float|bool|str)"),
    (r"py:class", r"\(.*\)"),
    # napoleon splits "float32 or float64, default float64" and "(T, B, input_size)" into words
    (r"py:class", r"(default\b.*|float32|float64|sequence|\d+|T|B|input_size|hidden_size.*)"),
    (r"py:class", r"(torch\..*|RNNCell|LSTMCell|GRUCell|RecurrentCell|ForwardCache)"),
    (r"py:obj", r"(lstm_explained\..*|torch\..*)"),
    # type fields that are prose or literals: words with spaces ("matplotlib Axes", and the
    # "Summary: text" that napoleon reads as a type), quoted choices, and a few plain words
    (r"py:class", r'(.*\s.*|\{?".*"\}?|iterable|callable|args|kwargs|N|[xy][01])'),
    (r"py:class", r"(matplotlib\..*|os\.PathLike)"),
]

# --- MyST and notebook execution ----------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3
nb_execution_mode = "cache"
nb_execution_cache_path = str(ROOT / "_build" / ".jupyter_cache" / _package_hash())
nb_execution_timeout = 120
nb_execution_raise_on_error = False  # with -W --keep-going every failing page is reported
nb_execution_show_tb = True
nb_merge_streams = True

# --- API reference ------------------------------------------------------------------------------
autodoc_member_order = "bysource"
# Signatures show the bare name (the section says which module): a full dotted prefix such as
# lstm_explained.experiments.clockwork_memory. cannot wrap and pushed the page sideways on a phone.
add_module_names = False
autodoc_typehints = "none"
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False
# "Attributes" sections become fields of the class, not a second description of a property.
napoleon_use_ivar = True

# Sphinx's doctest builder runs the book's explicit doctest blocks; the docstrings' examples are
# run by pytest (--doctest-modules), where each module's own names are in scope.
doctest_test_doctest_blocks = ""

intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

# --- bibliography -------------------------------------------------------------------------------
bibtex_bibfiles = ["docs/references.bib"]
bibtex_default_style = "unsrt"
bibtex_reference_style = "author_year"

# --- HTML ---------------------------------------------------------------------------------------
# Where the book lives. Both can be overridden from the environment, so a fork or a mirror builds
# with its own links; Read the Docs and the Pages workflow pass the site's real address.
REPOSITORY_URL = os.environ.get(
    "LSTM_EXPLAINED_REPOSITORY_URL", "https://github.com/lstm-explained/lstm-explained"
)
html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL",
    os.environ.get("LSTM_EXPLAINED_BASEURL", "https://lstm-explained.github.io/lstm-explained/"),
)

html_theme = "sphinx_book_theme"
html_title = "LSTM networks, explained"
html_static_path = ["docs/_static"]
templates_path = ["docs/_templates"]
html_css_files = ["site.css"]
html_js_files = ["site.js"]
html_favicon = "docs/_static/favicon.svg"
html_last_updated_fmt = None
# No "Python module index" page: the API reference is one page with its own table of contents.
html_domain_indices = False
html_context = {"default_mode": "light"}
html_theme_options = {
    "path_to_docs": "docs",
    "repository_url": REPOSITORY_URL,
    "repository_branch": "main",
    "use_repository_button": True,
    "use_edit_page_button": True,
    "use_issues_button": True,
    "use_download_button": True,
    "show_toc_level": 2,
    # The theme's default puts an ad slot (Read the Docs' EthicalAds) at the sidebar's foot.
    "primary_sidebar_end": [],
}
# The builder would otherwise add ".txt" to the sources it offers for download.
html_sourcelink_suffix = ""

# MathJax 4 is served from _static (see docs/_static/mathjax/VENDORED.txt), never from a CDN:
# the book renders offline and a reader's browser asks no other host for anything.
mathjax_path = "mathjax/tex-chtml.js"
mathjax4_config = {"loader": {"paths": {"fonts": "[mathjax]/fonts"}}}

# `make linkcheck` runs offline (LINKCHECK_OFFLINE=1): external addresses cannot be reached from
# the build machines, so they are listed as ignored rather than reported as working.
linkcheck_anchors = True
linkcheck_ignore = [r"^https?://"] if os.environ.get("LINKCHECK_OFFLINE") else []
linkcheck_timeout = 15
copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True


# --- site extras: notebook downloads, page descriptions, sitemap, accessible citations -----------
def _own_notebook_folder(app) -> None:
    """Give every build its own folder of executed notebooks.

    myst-nb writes them to ``<outdir>/../jupyter_execute``, a folder shared by every builder under
    ``_build``: a doctest build with execution off would overwrite the html build's notebooks.
    """
    folder = Path(app.outdir).parent / "jupyter_execute" / Path(app.outdir).name
    app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(folder.resolve()))


def _merged_streams(outputs: list) -> list:
    """One stream output per name, holding the stream's whole text, other outputs unchanged.

    With ``nb_merge_streams`` myst-nb merges a cell's stream into its first stream output but
    leaves the other fragments in the notebook it writes: the download showed the text twice,
    split wherever the kernel happened to flush. Fragments are dropped when the first output
    already ends with them, and appended otherwise.
    """
    first: dict = {}
    rest: dict = {}
    kept = []
    for output in outputs:
        if output.output_type != "stream":
            kept.append(output)
        elif output.name not in first:
            first[output.name] = output
            kept.append(output)
        else:
            rest.setdefault(output.name, []).append(output)
    for name, fragments in rest.items():
        tail = "".join(f.text.rstrip() + "\n" for f in fragments if f.text.rstrip())
        if not first[name].text.endswith(tail):
            first[name].text += "".join(f.text for f in fragments)
    return kept


def _tidy_notebook(text: str) -> str:
    """The executed notebook as readers download it, the same on every build: cell ids
    numbered in order (myst-nb draws them at random) and each stream in one output."""
    import nbformat

    notebook = nbformat.reads(text, as_version=4)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
        if cell.cell_type == "code":
            cell.outputs = _merged_streams(cell.outputs)
    return nbformat.writes(notebook)


def _offer_notebook(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Offer the executed notebook of a chapter as ``_sources/<page>.ipynb`` for download."""
    executed = Path(app.env.mystnb_config.output_folder) / f"{pagename}.ipynb"
    if doctree is None or not executed.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_tidy_notebook(executed.read_text(encoding="utf-8")), encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


def _describe_page(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Add a meta description: the page's own, or its first paragraph, cut at 160 characters."""
    if doctree is None or 'name="description"' in context.get("metatags", ""):
        return
    from docutils import nodes
    from markupsafe import escape

    first = next(iter(doctree.findall(nodes.paragraph)), None)
    if first is None:
        return
    text = " ".join(first.astext().split())
    if len(text) > 160:
        text = text[:157].rsplit(" ", 1)[0] + "..."
    context["metatags"] = context.get("metatags", "") + (
        f'\n    <meta name="description" content="{escape(text)}" />'
    )


_ACCESSIBLE_MARKUP = {
    # docutils marks bibliography entries with the deprecated role doc-biblioentry, which a
    # role="list" may not hold (axe-core: aria-required-children, critical).
    'role="doc-biblioentry"': 'role="listitem"',
    # myst-nb names a folded cell's toggle "Toggle hidden content" while it shows "Show code cell
    # content" (axe-core: label-content-name-mismatch, serious): the visible text is the name.
    '<summary aria-label="Toggle hidden content">': "<summary>",
}


def _accessible_markup(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Replace the few pieces of generated markup that axe-core flags (see above)."""
    body = context.get("body")
    if body:
        for flagged, fixed in _ACCESSIBLE_MARKUP.items():
            body = body.replace(flagged, fixed)
        context["body"] = body


def _write_sitemap(app, exception) -> None:
    """Write ``sitemap.xml`` listing every page under ``html_baseurl``, in a stable order."""
    if exception is not None or app.builder.format != "html" or not app.config.html_baseurl:
        return
    from xml.sax.saxutils import escape

    base = app.config.html_baseurl.rstrip("/") + "/"
    pages = sorted(app.env.found_docs) + ["genindex"]
    urls = "".join(
        f"  <url><loc>{escape(base + app.builder.get_target_uri(page))}</loc></url>\n"
        for page in pages
    )
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    )
    (Path(app.outdir) / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    robots = f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"
    (Path(app.outdir) / "robots.txt").write_text(robots, encoding="utf-8")


def _reexported(app, env, node, contnode):
    """Link ``lstm_explained.<module>.<name>`` to ``lstm_explained.<name>``, where the API page
    documents the names the package re-exports."""
    parts = node.get("reftarget", "").split(".")
    if node.get("refdomain") != "py" or len(parts) != 3 or parts[0] != "lstm_explained":
        return None
    py = env.get_domain("py")
    short = f"lstm_explained.{parts[2]}"
    return py.resolve_xref(env, node["refdoc"], app.builder, node["reftype"], short, node, contnode)


def setup(app) -> None:
    app.connect("missing-reference", _reexported)
    app.connect("builder-inited", _own_notebook_folder, priority=900)
    app.connect("html-page-context", _offer_notebook, priority=400)
    app.connect("html-page-context", _describe_page)
    app.connect("html-page-context", _accessible_markup)
    app.connect("build-finished", _write_sitemap)
