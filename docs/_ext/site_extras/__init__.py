"""Sphinx extension: the site's extras that no maintained extension provides.

- :mod:`.markup`: accessible markup where axe-core or the Nu HTML checker flags the generated
  HTML, a sitemap of every page on any rebuild, links to the names the package re-exports.
- :mod:`.icons`: the theme's icons drawn by CSS, without Font Awesome's 1.5 MB script.
- :mod:`.head`: one stylesheet instead of eleven, deferred scripts, the first image first.
- :mod:`.explorables`: the interactive figures' script and CSS, on their pages only.
- :mod:`.images`: images sized in the HTML (no layout shift), all but the first loaded lazily.
- :mod:`.tokens`: code blocks drawn the same with fewer elements (runs of Pygments' spans merged).

Private APIs. Everything below is reached from :mod:`.private` only, and
``tests/test_site_extras.py`` checks each against the installed packages (pinned in
pyproject.toml: pydata-sphinx-theme, sphinx-book-theme), so an upgrade that moves one fails a unit
test that names it. What would retire each:

- pydata-sphinx-theme's ``static/scripts/fontawesome.js`` (parsed for the icons' outlines) and
  ``static/styles/pydata-sphinx-theme.css`` (its 1,970 Font Awesome glyph rules cut): the theme
  ships all of Font Awesome as a 1.5 MB script (pydata/pydata-sphinx-theme#2115, #2379; the open
  pull request #2494 replaces it with CSS and web fonts). Once released, ``icons`` and the
  stylesheet trim go, and layout.html keeps the theme's own icon loading.
- ``pydata_sphinx_theme.pygments.overwrite_pygments_css`` (undocumented): the theme rewrites
  pygments.css at build-finished, after the pages that link it are written; called early so the
  bundle holds the file the site serves. Missing public API: a theme option, or writing it at
  builder-inited.
- ``app.builder._css_files``: no public list of the stylesheets the builder will link (the
  bundle joins them). Missing public API in Sphinx.
- ``app.builder.copy_assets`` wrapped: Sphinx has no event between copying the static files and
  writing the first page, where the bundle must be written so every page's ``?v=`` checksum is
  right. Missing public API: an event such as "html-assets-copied".
- ``sphinx.builders.html._assets._JavaScript`` and ``_CascadingStyleSheet``: per page, the head's
  scripts are re-made deferred and the bundled stylesheets replaced by one. Missing public API:
  ``loading_method`` for the files other extensions and the theme add (``app.add_js_file`` sets
  it only for one's own files).
- ``app.parallel`` raised once the pages are read (``private.write_on_every_core``): Sphinx
  writes with one process fewer than ``-j``, so on two cores it wrote one page at a time.
  Missing public API: a separate number of processes for writing.
- ``indexer._index_entries`` and ``indexer._titles``: a rebuild's search index lost the index
  entries of the pages it did not write again (sphinx-doc/sphinx#12599, open).
- ``myst_nb.sphinx_ext.add_global_html_resources`` and ``sphinx_exercise.copy_asset_files``:
  both extensions copy their stylesheets at build-finished, so a page written before that links
  a file whose checksum is not yet known; called at builder-inited instead. Retired when they
  register their files through ``html_static_path``, as sphinx-design did
  (executablebooks/sphinx-design#276).
"""

from __future__ import annotations

from . import explorables, head, icons, images, markup, private, tokens
from .markup import fix_markup, reexported, write_sitemap

__all__ = ["fix_markup", "reexported", "write_sitemap"]


def _builder_inited(app) -> None:
    if app.builder.format != "html":
        return
    private.copy_late_stylesheets(app)
    icons.write_css(app)
    private.after_static_files(app, head.after_static_files)


def setup(app) -> dict:
    app.add_css_file(icons.CSS_NAME)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-collect-pages", private.restore_index_entries)
    app.connect("env-updated", private.write_on_every_core)
    app.connect("missing-reference", markup.reexported)
    app.connect("html-page-context", markup.fix_page_markup)
    app.connect("html-page-context", explorables.add_assets)
    app.connect("html-page-context", images.page_images)
    app.connect("html-page-context", tokens.page_code)
    app.connect("html-page-context", head.page_head, priority=900)
    app.connect("build-finished", markup.write_sitemap)
    app.connect("build-finished", icons.check_pages)
    app.connect("build-finished", head.check_bundle, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
