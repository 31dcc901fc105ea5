"""Sphinx extension: the site's extras that no maintained extension provides: accessible markup
for the few pieces of generated HTML that axe-core flags, a sitemap that lists every page on any
rebuild, and links to the names the package re-exports. Registered in ``conf.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

_ACCESSIBLE_MARKUP = {
    # docutils marks bibliography entries with the deprecated role doc-biblioentry, which a
    # role="list" may not hold (axe-core: aria-required-children, critical).
    'role="doc-biblioentry"': 'role="listitem"',
    # myst-nb names a folded cell's toggle "Toggle hidden content" while it shows "Show code cell
    # content" (axe-core: label-content-name-mismatch, serious): the visible text is the name.
    '<summary aria-label="Toggle hidden content">': "<summary>",
    # sphinx-exercise gives the body of every exercise and solution the same id (the Nu HTML
    # checker: duplicate ID); nothing refers to it, so it becomes a class.
    '<section id="exercise-content">': '<section class="exercise-content">',
    '<section id="solution-content">': '<section class="solution-content">',
}


# A list that a field of the API page (napoleon's "Returns" with several items) wraps in a <p>,
# where HTML allows no list: the browser closes the <p> before the list and meets a stray </p>.
_LIST_IN_PARAGRAPH = re.compile(r'<p>(<ul class="simple">(?:(?!<ul\b).)*?</ul>)\s*</p>', re.S)
# myst-nb's folded cells put their "Show/Hide code cell ..." labels in <p> inside <summary>,
# which allows only phrasing content: spans instead (site.css gives them the <p>'s layout).
_SUMMARY = re.compile(r"<summary>(.*?)</summary>", re.S)


def _summary_spans(found: re.Match) -> str:
    inner = re.sub(r"<p(\s[^>]*)?>", r"<span\1>", found.group(1)).replace("</p>", "</span>")
    return f"<summary>{inner}</summary>"


def fix_markup(body: str) -> str:
    """The page's body with the generated markup that axe-core or the Nu HTML checker flags
    replaced (see above)."""
    for flagged, fixed in _ACCESSIBLE_MARKUP.items():
        body = body.replace(flagged, fixed)
    body = _LIST_IN_PARAGRAPH.sub(r"\1", body)
    return _SUMMARY.sub(_summary_spans, body)


def _fix_markup(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    if context.get("body"):
        context["body"] = fix_markup(context["body"])


def _write_sitemap(app, exception) -> None:
    """Write ``sitemap.xml`` listing every page under ``html_baseurl``, and ``robots.txt``.

    Not sphinx-sitemap: it lists only the pages written by the current build, so a rebuild with
    nothing changed published a sitemap of two pages (genindex, search), and under ``-j`` it lists
    them in the order the workers finish.
    """
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


def _copy_late_stylesheets(app) -> None:
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


def _restore_index_entries(app) -> list:
    """Give the search index the index entries of the pages this build did not write again.

    Sphinx collects a page's index entries (the API page's ``lstm_explained.LSTMCell`` ...) while
    writing it, after the environment is saved; a rebuild then loads an environment without them
    and wrote a ``searchindex.js`` without the API's entries. They are read back here from the
    saved doctrees, the way Sphinx reads them, and kept in page order, so a rebuild's search
    index is the clean build's. Runs at html-collect-pages, before the index is written.
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


def setup(app) -> dict:
    app.connect("html-collect-pages", _restore_index_entries)
    app.connect("builder-inited", _copy_late_stylesheets)
    app.connect("missing-reference", _reexported)
    app.connect("html-page-context", _fix_markup)
    app.connect("build-finished", _write_sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
