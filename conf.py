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

exclude_patterns = ["_build", "**.ipynb_checkpoints", "_ipython", "matplotlibrc"]
nitpicky = True
nitpick_ignore_regex = [
    # numpydoc-style type words that are prose, not references
    (r"py:class", r"(array_like|optional|mapping|dict of .*|float32 or float64.*|.*\bor\b.*)"),
    (r"py:class", r"(ndarray|numpy\.random\.Generator|np\..*|Generator|int|float|bool|str)"),
    (r"py:class", r"\(.*\)"),
    (r"py:class", r"(torch\..*|RNNCell|LSTMCell|GRUCell|RecurrentCell|ForwardCache)"),
    (r"py:obj", r"(lstm_explained\..*|torch\..*)"),
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
autodoc_typehints = "none"
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False

intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

# --- bibliography -------------------------------------------------------------------------------
bibtex_bibfiles = ["docs/references.bib"]
bibtex_default_style = "unsrt"
bibtex_reference_style = "author_year"

# --- HTML ---------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "LSTM networks, explained"
html_static_path = ["docs/_static"]
html_last_updated_fmt = None
html_context = {"default_mode": "light"}
html_theme_options = {
    "path_to_docs": "docs",
    "use_download_button": True,
    "show_toc_level": 2,
}
copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True
