"""Accessible markup for the few pieces of generated HTML that axe-core or the Nu HTML checker
flags, a sitemap that lists every page on any rebuild, and links to the names the package
re-exports. Public Sphinx API only."""

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


def fix_page_markup(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    if context.get("body"):
        context["body"] = fix_markup(context["body"])


def write_sitemap(app, exception) -> None:
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


def reexported(app, env, node, contnode):
    """Link ``lstm_explained.<module>.<name>`` to ``lstm_explained.<name>``, where the API page
    documents the names the package re-exports."""
    parts = node.get("reftarget", "").split(".")
    if node.get("refdomain") != "py" or len(parts) != 3 or parts[0] != "lstm_explained":
        return None
    py = env.get_domain("py")
    short = f"lstm_explained.{parts[2]}"
    return py.resolve_xref(env, node["refdoc"], app.builder, node["reftype"], short, node, contnode)
