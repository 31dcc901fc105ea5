"""Every page of the built site, read by a real browser (headless Chromium through playwright).

Each page is loaded twice in a fresh browser context, so nothing is cached between pages: once
at a desktop width (console, requests, images, math, headings, axe-core in light and dark mode)
and once at a phone's width of 390 px (horizontal overflow). The tests below then judge what was
recorded; ``conftest.py`` prints the per-page weight, and the axe result.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from .conftest import AXE_JS, REPORT, ROOT

BLOCKING = ("serious", "critical")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Every formula is typeset when the site is built (docs/_ext/svg_math): an SVG drawn with the
# page's glyph outlines, beside the hidden MathML a screen reader reads, and no math script.
MATH_STATE = """() => {
  const nodes = [...document.querySelectorAll('.math')];
  const drawn = n => {
    const svg = n.querySelector('mjx-container > svg');
    const uses = svg ? [...svg.querySelectorAll('use')] : [];
    return svg && uses.every(u => document.getElementById(
      (u.getAttribute('href') || u.getAttribute('xlink:href')).slice(1)));
  };
  const spoken = n => !!n.querySelector('mjx-container > mjx-assistive-mml > math');
  const typeset = nodes.filter(n => drawn(n) && spoken(n));
  return {
    nodes: nodes.length,
    typeset: typeset.length,
    raw: nodes.filter(n => !typeset.includes(n)).map(n => n.textContent.slice(0, 60)),
    errors: [...document.querySelectorAll('mjx-merror, [data-mjx-error]')]
      .map(n => n.textContent.slice(0, 60)),
    scripts: [...document.scripts].map(s => s.src).filter(src => /mathjax/i.test(src)),
  };
}"""

IMAGES = """() => [...document.querySelectorAll('img')].map(img => ({
  src: img.getAttribute('src'),
  alt: img.getAttribute('alt'),
  loaded: img.complete && img.naturalWidth > 0,
  inArticle: !!img.closest('article'),
  background: getComputedStyle(img).backgroundColor,
  width: img.getAttribute('width'),
  height: img.getAttribute('height'),
  natural: [img.naturalWidth, img.naturalHeight],
}))"""

# Images below the first screen load lazily (docs/_ext/site_extras/images.py): the page is read
# to its end, as a reader scrolls, by making them eager; their names are returned.
LOAD_LAZY_IMAGES = """async () => {
  const lazy = [...document.images].filter(img => img.loading === 'lazy');
  for (const img of lazy) img.loading = 'eager';
  await Promise.all(lazy.map(img => img.complete ? null
    : new Promise(done => { img.onload = img.onerror = done; })));
  return lazy.map(img => img.getAttribute('src'));
}"""

HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter(h => h.checkVisibility())
  .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])"""

OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && el.checkVisibility())
    .filter(el => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 1)
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className) : ''));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""

# Sections far below the first screen are not laid out until a reader comes near them (site.css:
# content-visibility: auto), and axe-core cannot judge what is not laid out (its contrast check
# found backgrounds that are not there). A screen reader reads them all the same: axe audits the
# page as a reader sees each part of it once there, every section laid out.
AXE_RUN = """async () => {
  const style = document.createElement('style');
  style.textContent = 'section { content-visibility: visible !important; }';
  document.head.append(style);
  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
  }));
}"""

_VISITS: dict[tuple[str, str], dict] = {}


def _visit(browser, server, page_path: str, viewport: dict, *, audit: bool = False) -> dict:
    """Load one page in a fresh context and record what a reader's browser went through."""
    key = (page_path, "desktop" if viewport is DESKTOP else "phone")
    if key in _VISITS:
        return _VISITS[key]
    base, missing = server
    missing.clear()
    origin = base.rstrip("/")
    seen: dict = {"console": [], "failed": [], "foreign": [], "requests": 0, "bytes": 0}

    def on_request(request) -> None:
        url = request.url
        if not (url.startswith(base) or url.startswith("data:") or url == "about:blank"):
            if not url.startswith(f"blob:{origin}/"):
                seen["foreign"].append(url)

    def on_response(response) -> None:
        seen["requests"] += 1
        seen["bytes"] += int(response.headers.get("content-length", 0) or 0)
        if response.status >= 400:
            seen["failed"].append(f"{response.status} {response.url}")

    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and seen["console"].append(m.text))
    page.on("pageerror", lambda e: seen["console"].append(f"uncaught: {e}"))
    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfailed", lambda r: seen["failed"].append(f"{r.failure} {r.url}"))
    try:
        page.goto(urljoin(base, page_path), wait_until="load")
        page.wait_for_load_state("networkidle")
        seen["lazy"] = page.evaluate(LOAD_LAZY_IMAGES)
        page.wait_for_load_state("networkidle")
        seen["math"] = page.evaluate(MATH_STATE)
        seen["images"] = page.evaluate(IMAGES)
        seen["headings"] = page.evaluate(HEADINGS)
        seen["overflow"] = page.evaluate(OVERFLOW)
        if audit:
            axe = AXE_JS.is_file()
            if axe:
                page.add_script_tag(path=str(AXE_JS))
            seen["axe_light"] = page.evaluate(AXE_RUN) if axe else None
            # The theme's colour-mode menu: open it, choose dark, audit again.
            page.click(".article-header-buttons .theme-switch-button")
            page.click(".article-header-buttons .theme-change-button[data-mode='dark']")
            page.wait_for_function("document.documentElement.dataset.theme === 'dark'")
            # Colours fade between modes: audit once the transitions have finished.
            page.wait_for_function("document.getAnimations().length === 0")
            seen["dark_images"] = page.evaluate(IMAGES)
            seen["axe_dark"] = page.evaluate(AXE_RUN) if axe else None
    finally:
        context.close()
    seen["failed"] += list(missing)
    _VISITS[key] = seen
    if audit:
        blocking = [
            f"{v['id']} ({mode})"
            for mode in ("light", "dark")
            for v in seen[f"axe_{mode}"] or []
            if v["impact"] in BLOCKING
        ]
        REPORT[page_path] = {
            "requests": seen["requests"],
            "bytes": seen["bytes"],
            "math": seen["math"]["nodes"],
            "axe_serious": blocking,
            "axe_minor": sorted(
                {v["id"] for v in (seen["axe_light"] or []) + (seen["axe_dark"] or [])}
                - set(blocking)
            ),
        }
    return seen


@pytest.fixture
def desktop(browser, server, page_path):
    return _visit(browser, server, page_path, DESKTOP, audit=True)


@pytest.fixture
def phone(browser, server, page_path):
    return _visit(browser, server, page_path, PHONE)


def test_no_console_errors(desktop, phone):
    assert desktop["console"] == [] and phone["console"] == []


def test_every_request_succeeds(desktop, phone):
    assert desktop["failed"] == [] and phone["failed"] == []


def test_no_request_leaves_the_site(desktop, phone):
    assert desktop["foreign"] == [] and phone["foreign"] == []


def test_every_image_loads_and_has_alt_text(desktop):
    for image in desktop["images"]:
        assert image["loaded"], f"{image['src']} did not load"
        alt = (image["alt"] or "").strip()
        assert alt, f"{image['src']} has no alt text"
        assert not re.search(r"\.(svg|png|jpe?g|gif)$", alt, re.I), (
            f"{image['src']} has a file name for alt text: {alt!r}"
        )


def test_images_keep_their_room_and_all_but_the_first_load_lazily(desktop):
    images = [image for image in desktop["images"] if image["inArticle"]]
    for image in images:
        assert image["width"] and image["height"], f"{image['src']} has no size in the HTML"
        width, height = image["natural"]
        ratio = int(image["width"]) / int(image["height"])
        assert abs(ratio - width / height) < 0.01 * ratio, (
            f"{image['src']}: the HTML says {image['width']}x{image['height']}, the file is "
            f"{width}x{height}"
        )
    assert desktop["lazy"] == [image["src"] for image in images[1:]]


def test_every_formula_is_typeset(desktop):
    math = desktop["math"]
    assert math["typeset"] == math["nodes"], f"not typeset, or missing its MathML: {math['raw']}"
    assert math["errors"] == [], f"MathJax reports errors in: {math['errors']}"
    assert math["scripts"] == [], f"a math script is still loaded: {math['scripts']}"


def test_headings_are_in_order(desktop):
    levels = [level for level, _ in desktop["headings"]]
    assert levels.count(1) == 1, f"want exactly one visible h1: {desktop['headings']}"
    assert levels[0] == 1, f"the first heading is not the h1: {desktop['headings']}"
    for (before, _), (level, text) in zip(desktop["headings"], desktop["headings"][1:]):
        assert level <= before + 1, f"h{before} then h{level} ({text!r}): a level is skipped"


def test_no_horizontal_overflow_on_a_phone(phone):
    overflow = phone["overflow"]
    assert overflow["scroll"] <= overflow["width"], f"wider than the phone: {overflow['wide']}"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_nothing_serious(desktop, mode):
    if desktop[f"axe_{mode}"] is None:
        pytest.skip(f"no {AXE_JS.relative_to(ROOT)}: run `make node` (npm ci)")
    blocking = [v for v in desktop[f"axe_{mode}"] if v["impact"] in BLOCKING]
    assert blocking == [], json.dumps(blocking, indent=1)


def test_figures_sit_on_a_light_card_in_dark_mode(desktop):
    for image in desktop["dark_images"]:
        if image["inArticle"]:
            rgb = [int(c) for c in re.findall(r"\d+", image["background"])[:3]]
            assert rgb and min(rgb) >= 200, f"{image['src']} on {image['background']} in dark"


# --- conveniences: the download button, search, copy buttons -------------------------------------
def _notebook_pages() -> list[str]:
    from .conftest import SITE_DIR, site_pages

    pages = [p for p in site_pages() if (SITE_DIR / "_sources" / p).with_suffix(".ipynb").is_file()]
    return pages or [pytest.param(None, marks=pytest.mark.skip(reason="no executed notebooks"))]


@pytest.mark.parametrize("notebook_page", _notebook_pages())
def test_download_button_gives_the_executed_notebook(browser, server, notebook_page, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    base, _ = server
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(urljoin(base, notebook_page), wait_until="load")
        page.click("button[aria-label='Download this page']")
        with page.expect_download() as download_info:
            page.click("a.btn-download-notebook-button")
        download = download_info.value
        assert download.suggested_filename == Path(notebook_page).with_suffix(".ipynb").name
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
    finally:
        context.close()
    notebook = nbformat.read(saved, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, "the notebook has no code cells"
    assert any(cell.outputs for cell in code), "the notebook was not executed: no outputs"


def test_search_finds_the_chapters(browser, server):
    base, _ = server
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(urljoin(base, "search.html?q=recurrent"), wait_until="load")
        page.wait_for_selector("#search-results ul.search li", timeout=15_000)
        hits = page.locator("#search-results ul.search li a").all_inner_texts()
    finally:
        context.close()
    assert len(hits) >= 1


def test_copy_button_copies_the_code_without_prompts(browser, server, site_dir):
    pages = [p for p in ("recurrent-networks.html", "index.html") if (site_dir / p).is_file()]
    base, _ = server
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    try:
        page = context.new_page()
        page.goto(urljoin(base, pages[0]), wait_until="load")
        block = page.locator("div.cell_input div.highlight:visible").first
        if block.count() == 0:
            pytest.skip(f"no code cell on {pages[0]}")
        block.hover()
        block.locator("button.copybtn").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        shown = block.locator("pre").inner_text()
    finally:
        context.close()
    assert copied.strip() and copied.strip() == shown.strip()


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_a_first_visit_follows_the_systems_colour_scheme(browser, server, scheme):
    base, _ = server
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
        page.goto(urljoin(base, "index.html"), wait_until="load")
        page.wait_for_load_state("networkidle")
        mode, theme = page.evaluate(
            "[document.documentElement.dataset.mode, document.documentElement.dataset.theme]"
        )
    finally:
        context.close()
    assert (mode, theme) == ("auto", scheme)
    assert errors == []


# --- long pages: sections below the first screen are laid out only when they come near ---------
# Where every heading, formula, figure and cell stands once the page has been scrolled through
# (each section laid out), and whether the last section was skipped at first (site.css:
# content-visibility: auto).
PLACES = """async (noSkipping) => {
  if (noSkipping) {
    const style = document.createElement('style');
    style.textContent = 'section { content-visibility: visible !important; }';
    document.head.append(style);
  }
  const sections = [...document.querySelectorAll('.bd-article section[id] section[id]')];
  const last = sections[sections.length - 1];
  const skipped = !!last && !last.lastElementChild.checkVisibility({contentVisibilityAuto: true});
  const frame = () => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  for (let y = 0; y < document.documentElement.scrollHeight; y += 400) {
    window.scrollTo(0, y);
    await frame();
  }
  const things = '.bd-article :is(h2, h3, h4, div.math, img, div.cell, .admonition)';
  return {skipped, places: [...document.querySelectorAll(things)].map(
    el => Math.round(el.getBoundingClientRect().top + window.scrollY))};
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", ["walkthrough.html", "training.html"])
def test_sections_laid_out_late_keep_every_element_in_its_place(browser, server, name, viewport):
    base, _ = server
    seen = {}
    for no_skipping in (False, True):
        context = browser.new_context(viewport=viewport)
        try:
            page = context.new_page()
            page.goto(urljoin(base, name), wait_until="load")
            page.wait_for_load_state("networkidle")
            page.evaluate(LOAD_LAZY_IMAGES)
            seen[no_skipping] = page.evaluate(PLACES, no_skipping)
        finally:
            context.close()
    assert seen[False]["skipped"], "the last section was laid out before it came near the screen"
    skipping, laid_out = seen[False]["places"], seen[True]["places"]
    assert len(skipping) == len(laid_out) > 30
    moved = [(a, b) for a, b in zip(skipping, laid_out) if abs(a - b) > 1]
    assert moved == [], f"{len(moved)} elements moved (with, without skipping): {moved[:5]}"
