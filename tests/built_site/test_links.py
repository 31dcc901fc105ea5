"""The built site's files, read without a browser: links, anchors, sitemap, descriptions.

This is the internal half of ``make linkcheck``: every local ``href`` and ``src`` of every page
must name a file of the site, and every ``#fragment`` an ``id`` in that file. External addresses
cannot be reached from the build machines; Sphinx's linkcheck builder lists them.
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from .conftest import SITE_DIR, site_pages

REPOSITORY_URL = os.environ.get(
    "LSTM_EXPLAINED_REPOSITORY_URL", "https://github.com/lstm-explained/lstm-explained"
)


class _Page(HTMLParser):
    """Collects the links, the ids and the meta tags of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for name in ("href", "src"):
            if name in values and tag in ("a", "img", "link", "script", "source", "iframe"):
                self.links.append(values[name])
        if tag == "meta" and "name" in values:
            self.meta[values["name"]] = values.get("content", "")


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def parsed(site_dir: Path) -> dict[str, _Page]:
    return {page: _parse(site_dir / page) for page in site_pages(site_dir)}


def _is_local(link: str) -> bool:
    scheme = urlsplit(link).scheme
    return scheme == "" and not link.startswith("//")


def test_every_local_link_and_anchor_resolves(page_path, parsed, site_dir):
    broken = []
    for link in parsed[page_path].links:
        if not _is_local(link) or link.startswith(("javascript:", "mailto:")):
            continue
        target, fragment = urldefrag(link)
        path = urlsplit(target).path
        file = (site_dir / page_path).parent / unquote(path) if path else site_dir / page_path
        if file.is_dir():
            file = file / "index.html"
        if not file.resolve().is_file():
            broken.append(f"{link}: no file {file.relative_to(site_dir)}")
            continue
        if fragment and file.suffix == ".html":
            name = file.resolve().relative_to(site_dir).as_posix()
            ids = parsed[name].ids if name in parsed else _parse(file).ids
            if unquote(fragment) not in ids:
                broken.append(f"{link}: no id {fragment!r} in {name}")
    assert broken == []


def test_no_page_links_to_a_foreign_script_or_style(page_path, parsed):
    foreign = [
        link
        for link in parsed[page_path].links
        if not _is_local(link) and re.search(r"\.(js|css|woff2?)(\?|$)", link)
    ]
    assert foreign == []


def test_every_page_has_a_description(page_path, parsed):
    if page_path in ("genindex.html", "search.html"):
        pytest.skip("generated index pages carry no prose")
    description = parsed[page_path].meta.get("description", "")
    assert 40 <= len(description) <= 170, f"description: {description!r}"


def test_sitemap_lists_every_page(site_dir):
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    listed = {loc.rsplit("/", 1)[-1] for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)}
    expected = set(site_pages(site_dir)) - {"search.html"}
    assert expected <= listed, f"missing from sitemap.xml: {sorted(expected - listed)}"
    assert "Sitemap:" in (site_dir / "robots.txt").read_text(encoding="utf-8")


def test_chapters_link_the_repository_and_their_source_for_editing(site_dir):
    chapters = [p for p in site_pages(site_dir) if (site_dir / f"_sources/{p[:-5]}.md").exists()]
    assert chapters, "no page has a source"
    for page in chapters:
        links = _parse(site_dir / page).links
        assert REPOSITORY_URL in links, f"{page} does not link the repository"
        edit = f"{REPOSITORY_URL}/edit/main/docs/{page[:-5]}.md"
        assert edit in links, f"{page} has no 'edit this page' link to {edit}"


def test_notebook_downloads_are_executed_notebooks(site_dir):
    nbformat = pytest.importorskip("nbformat")
    notebooks = sorted((site_dir / "_sources").rglob("*.ipynb"))
    assert notebooks, "no chapter is offered as .ipynb"
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert not code or outputs, f"{path.name} has code cells but no outputs"
        for cell in code:
            streams = [o.name for o in cell.outputs if o.output_type == "stream"]
            assert len(streams) == len(set(streams)), f"{path.name}: a stream split in pieces"
        assert json.loads(path.read_text(encoding="utf-8"))["nbformat"] == 4


def test_site_dir_is_the_one_under_test():
    # Guards the parametrization above: it must have found the pages of the site under test.
    if not (SITE_DIR / "index.html").is_file():
        pytest.skip(f"no built site at {SITE_DIR}")
    assert "index.html" in site_pages()
