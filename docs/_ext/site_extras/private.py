"""Every private Sphinx, theme or extension API the site touches, and nothing else.

Each function names what it reaches and why; ``site_extras/__init__.py`` lists them with the
upstream issue (or the missing public API) that would retire each one, and
``tests/test_site_extras.py`` checks each against the installed packages, so an upgrade that moves
one fails a unit test, not a build.
"""

from __future__ import annotations

from pathlib import Path


# --- pydata-sphinx-theme's files ------------------------------------------------------------------
def theme_static() -> Path:
    """The folder of pydata-sphinx-theme's static files (its scripts and stylesheets)."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def fontawesome_js() -> Path:
    """The theme's Font Awesome script, whose minified source holds the icons' outlines."""
    return theme_static() / "scripts" / "fontawesome.js"


# Where the builder writes the theme's stylesheet (the same path under the theme's static folder).
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"


def theme_css() -> Path:
    """The theme's stylesheet as installed (the build copies it to ``THEME_CSS``)."""
    return theme_static() / "styles" / "pydata-sphinx-theme.css"


# Where the builder writes the theme's script, and where it is installed.
THEME_JS = "_static/scripts/pydata-sphinx-theme.js"


def theme_js() -> Path:
    """The theme's script as installed (the build copies it to ``THEME_JS``)."""
    return theme_static() / "scripts" / "pydata-sphinx-theme.js"


def overwrite_pygments_css(app) -> None:
    """Write pygments.css as the theme does at build-finished (light and dark styles), now."""
    from pydata_sphinx_theme.pygments import overwrite_pygments_css as overwrite

    overwrite(app)


# --- Sphinx's HTML builder ----------------------------------------------------------------------
def stylesheets(builder) -> list:
    """Every stylesheet the builder will link, in order (no public list exists)."""
    return list(builder._css_files)


def script(filename: str | None, priority: int, attributes: dict):
    """A head script as Sphinx's templates expect it."""
    from sphinx.builders.html._assets import _JavaScript

    return _JavaScript(filename, priority=priority, **attributes)


def stylesheet(filename: str, priority: int):
    """A head stylesheet as Sphinx's templates expect it."""
    from sphinx.builders.html._assets import _CascadingStyleSheet

    return _CascadingStyleSheet(filename, priority=priority)


def after_static_files(app, callback) -> None:
    """Call ``callback(app)`` right after the builder copies its static files, before any page
    is written (Sphinx has no event there): the builder's ``copy_assets`` is wrapped."""
    copy_assets = app.builder.copy_assets

    def copy_assets_then(*args, **kwargs) -> None:
        copy_assets(*args, **kwargs)
        callback(app)

    app.builder.copy_assets = copy_assets_then


def restore_index_entries(app) -> list:
    """Give the search index the index entries of the pages this build did not write again.

    Sphinx collects a page's index entries (the API page's ``lstm_explained.LSTMCell`` ...) while
    writing it, after the environment is saved; a rebuild then loads an environment without them
    and wrote a ``searchindex.js`` without the API's entries (sphinx-doc/sphinx#12599). They are
    read back here from the saved doctrees, the way Sphinx reads them, and kept in page order, so
    a rebuild's search index is the clean build's. Runs at html-collect-pages.
    """
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    from sphinx import addnodes
    from sphinx.util.index_entries import split_index_msg

    entries_by_doc = indexer._index_entries
    for docname in sorted(set(indexer._titles) - set(entries_by_doc)):
        entries: set[tuple[str, str, str]] = set()
        for node in app.env.get_doctree(docname).findall(addnodes.index):
            for entry_type, value, target_id, main, _category in node["entries"]:
                try:
                    result = split_index_msg(entry_type, value)
                except ValueError:
                    continue
                target_id = target_id or ""
                if entry_type in {"see", "seealso"}:
                    entries.add((result[0], target_id, main))
                entries |= {(x, target_id, main) for x in result}
        entries_by_doc[docname] = sorted(entries)
    ordered = sorted(entries_by_doc.items())
    entries_by_doc.clear()
    entries_by_doc.update(ordered)
    return []


# --- other extensions ---------------------------------------------------------------------------
def copy_late_stylesheets(app) -> None:
    """Copy myst-nb's and sphinx-exercise's stylesheets before the pages are written rather than
    after (both copy them at build-finished): a page's link to each then carries the same ``?v=``
    checksum on a clean build and on a rebuild, where genindex and search are written again."""
    if app.builder.format != "html":
        return
    from myst_nb.sphinx_ext import add_global_html_resources
    from sphinx_exercise import copy_asset_files

    (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)
    copy_asset_files(app, None)


def write_on_every_core(app, env) -> None:
    """Let the pages be written by as many processes as the pages were read by.

    With ``-j N`` Sphinx reads with N processes but writes with N - 1 (``Builder.write``:
    ``_write_parallel(..., nproc=app.parallel - 1)``), the main process preparing each chunk of
    pages while a worker writes the previous one. On two cores that is one writer: the write
    phase ran one page after the other (about 12 s of a 61 s cold build). Raising
    ``app.parallel`` once the pages are read gives the writers every core while the reading
    stays as ``-j`` asked. Missing public API: a separate ``-j`` for writing.
    """
    if app.parallel > 1 and not getattr(app, "site_write_jobs_raised", False):
        app.parallel += 1
        app.site_write_jobs_raised = True
