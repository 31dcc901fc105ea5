"""Every page of the built site is valid HTML, by the Nu HTML Checker (the W3C's validator).

The checker is ``vnu.jar`` from the npm package ``vnu-jar`` (``npm ci``, pinned by
``package-lock.json``), run on the machine's ``java``; the test skips, saying which is missing,
when either is absent. All pages go to one run of the checker (it starts a JVM once).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT, site_pages

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _check(paths: list[Path]) -> list[dict]:
    """The checker's errors for these files (warnings and notes are not counted)."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("no java: `apt-get install default-jre-headless` to run the Nu HTML Checker")
    if not VNU_JAR.is_file():
        pytest.skip(f"no {VNU_JAR.relative_to(ROOT)}: run `make node` (npm ci)")
    done = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(done.stderr)["messages"]


def test_every_page_is_valid_html(site_dir):
    pages = site_pages(site_dir)
    errors = _check([site_dir / page for page in pages])
    report = [f"{e['url'].rsplit('/', 1)[-1]}:{e.get('lastLine')}: {e['message']}" for e in errors]
    assert report == [], f"{len(report)} errors:\n" + "\n".join(report[:40])


def test_the_checker_sees_an_error(tmp_path):
    # The test above is only as good as the checker run: a <p> inside <summary> must be an error.
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html lang=en><title>t</title>"
        "<details><summary><p>Show</p></summary>x</details>",
        encoding="utf-8",
    )
    errors = _check([page])
    assert any("summary" in e["message"] for e in errors), errors
