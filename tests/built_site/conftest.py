"""Fixtures for the tests of the built site: the pages, a local server and a headless Chromium.

The site under test is ``$SITE_DIR`` (default ``_build/html``). The browser tests skip, saying
why, when the site has not been built, when the ``playwright`` package is missing, or when there
is no Chromium at ``$CHROMIUM`` (default ``/usr/bin/chromium``, Debian's package). Playwright
never downloads a browser here: it drives that executable.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = Path(os.environ.get("SITE_DIR", ROOT / "_build" / "html")).resolve()
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
REPORT: dict[str, dict] = {}
# axe-core from node_modules (package-lock.json pins it; `make node` installs it), not a copy.
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def site_pages(site: Path = SITE_DIR) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root, in a stable order."""
    if not (site / "index.html").is_file():
        return []
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if not path.relative_to(site).parts[0].startswith(("_", "."))
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize every test that takes ``page_path`` over the pages that exist now."""
    if "page_path" in metafunc.fixturenames:
        pages = site_pages() or [
            pytest.param(None, marks=pytest.mark.skip(reason=f"no built site at {SITE_DIR}"))
        ]
        metafunc.parametrize("page_path", pages)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE_DIR / "index.html").is_file():
        pytest.skip(f"no built site at {SITE_DIR}: run `make html` (or set SITE_DIR)")
    return SITE_DIR


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; remembers every path it could not serve."""

    missing: list[str]

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".ipynb": "application/x-ipynb+json",
        ".md": "text/markdown",
        ".woff2": "font/woff2",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        self.missing.append(f"{code} {self.path}")
        super().send_error(code, message, explain)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser that closes a connection early (a page left mid-download) is no error here.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[tuple[str, list[str]]]:
    """Serve the site on 127.0.0.1 from a thread: yields the base URL and the list of 404s."""
    missing: list[str] = []
    handler = type("Handler", (_QuietHandler,), {"missing": missing})
    httpd = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/", missing
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser(site_dir: Path):
    """A headless Chromium driven by playwright, or a skip that says what is missing."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is not installed"
    )
    executable = shutil.which(CHROMIUM) or (CHROMIUM if Path(CHROMIUM).is_file() else None)
    if executable is None:
        pytest.skip(f"no Chromium at {CHROMIUM}: `apt-get install chromium` to run these tests")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def pytest_terminal_summary(terminalreporter, exitstatus: int, config) -> None:
    """Print what the browser saw on each page, and keep it in ``<site>/../site-report.json``."""
    if not REPORT:
        return
    write = terminalreporter.write_line
    terminalreporter.section("the built site, page by page")
    write(f"{'page':34} {'requests':>8} {'weight kB':>9} {'math':>5} axe")
    for page, row in sorted(REPORT.items()):
        axe = ", ".join(row.get("axe_serious", [])) or "clean"
        write(
            f"{page:34} {row.get('requests', 0):>8} {row.get('bytes', 0) / 1024:>9.0f} "
            f"{row.get('math', 0):>5} {axe}"
        )
    out = SITE_DIR.parent / "site-report.json"
    try:
        out.write_text(json.dumps(REPORT, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    except OSError:
        return
    write(f"(saved in {out})")
