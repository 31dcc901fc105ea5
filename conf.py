"""Sphinx configuration of the book *LSTM networks, explained*.

Build from the repository root with ``sphinx-build -c . docs _build/html`` (``make html``): this
file sits at the root, the chapters in ``docs/``, so paths below are relative to the root.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# The book's own Sphinx extensions (docs/_ext, one package each).
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

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
# The kernels' memory allocator. glibc's malloc maps every block above 128 kB afresh from the
# system and unmaps it when freed; the chapters' training loops make and free arrays of a few
# hundred kB at every step, so they spent much of their time faulting in fresh zeroed pages. With
# fixed thresholds of 32 and 64 MB such blocks are reused inside the process. Measured on two
# cores, CPU seconds of a chapter's execution (user + system): language-model 33.2 -> 29.2,
# variants 17.4 -> 14.2, training 27.8 -> 25.6, walkthrough 7.0 -> 5.2. The numbers on the
# pages do not change (a build with and one without gave the same pages). Only glibc reads these
# variables; elsewhere they do nothing.
os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", str(32 * 2**20))
os.environ.setdefault("MALLOC_TRIM_THRESHOLD_", str(64 * 2**20))


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
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
    "sphinx_exercise",
    "sphinx_togglebutton",
    "sphinxext.opengraph",
    # the book's own, one package each in docs/_ext
    "notebook_export",  # the executed chapters offered as notebooks that read like the page
    "figure_alt",  # an image's alt text from its SVG's description (lstm_explained.book.diagrams)
    "svg_math",  # every formula typeset into SVG when the book builds
    "site_extras",  # markup fixes, sitemap, icons, a fast head; the theme's private APIs
    "read_order",  # the chapters read in an order that keeps every core busy to the end
]

exclude_patterns = [
    "_build",
    "**.ipynb_checkpoints",
    "_ipython",
    "matplotlibrc",
    "_static",
    "_templates",
    "_ext",
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
# Seconds each chapter takes to read on a cold build (mostly executing its cells; the execution
# report page lists them): read_order balances Sphinx's parallel read chunks with these, so that
# a cold build on two cores does not wait for one core. Only the order of reading depends on
# them, never a page; a chapter left out counts one second.
read_order_costs = {
    "language-model": 31, "training": 29, "variants": 16, "practice": 14, "walkthrough": 7,
    "gallery": 5, "api": 5, "long-term-dependencies": 4, "conclusion": 3, "playground": 3,
    "core-idea": 2, "lstm-networks": 2, "recurrent-networks": 1.5, "references": 0.1,
    "execution-report": 0.1,
}  # fmt: skip
nb_merge_streams = True

# --- API reference ------------------------------------------------------------------------------
autodoc_member_order = "bysource"
# Signatures show the bare name (the section says which module): a full dotted prefix such as
# lstm_explained.book.experiments.clockwork_copy. cannot wrap and pushed the page sideways on a
# phone.
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


def _plaintext_backend_registered() -> None:
    """sphinxcontrib-bibtex asks pybtex for its plaintext backend at every citation it resolves,
    and pybtex scans the entry points of every installed package for each ask (4 ms each, 0.39 s
    for the book's 94 citations, in the build's one serial step). Registered at run time, with
    pybtex's public ``register_plugin``, the same class is a dictionary lookup."""
    import pybtex.plugin

    backend = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")
    pybtex.plugin.register_plugin("pybtex.backends", "plaintext", backend, force=True)


_plaintext_backend_registered()

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

# Each page's description and link-preview tags (sphinxext-opengraph), from its first words.
ogp_site_url = html_baseurl
ogp_description_length = 160
ogp_site_name = "LSTM networks, explained"
# The social cards are drawn by matplotlib when the book builds, offline, byte-identical from one
# build to the next; the corner logo is the favicon (a PNG of docs/_static/favicon.svg, rendered by
# chromium, since matplotlib reads no SVG).
# The logo's path is relative to the source folder: an absolute one would enter the cards' file
# names, and two clones at different paths would publish different sites.
ogp_social_cards = {"image_mini": "_static/logo-card.png", "line_color": "#1f4e79"}

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
# A first visit follows the reader's system colour setting (docs/_templates/layout.html).
html_context = {"default_mode": "auto"}
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

# Every formula is typeset into SVG when the book builds (docs/_ext/svg_math, MathJax 4 run by
# Node): pages carry no math script, and a formula that cannot be typeset fails the build.
html_math_renderer = "svg_math"

# `make linkcheck` runs offline (LINKCHECK_OFFLINE=1): external addresses cannot be reached from
# the build machines, so they are listed as ignored rather than reported as working.
linkcheck_anchors = True
linkcheck_ignore = [r"^https?://"] if os.environ.get("LINKCHECK_OFFLINE") else []
linkcheck_timeout = 15
copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True
