"""The chapters are executed before Sphinx reads them (docs/_ext/execute_ahead), with no change
to what a page shows: each page is then read from the cache, its outputs are the ones a page
executed while reading gets, and a cell that raises still fails the build.

Each test builds a tiny book in a temporary folder with the project's ``conf.py``, its own
execution cache, and two processes, as ``make html`` does on two cores.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_build import FRONT_MATTER

ROOT = Path(__file__).resolve().parents[1]

PAGE = (
    "# Page {k}\n\n```{{code-cell}} ipython3\nimport numpy as np\nprint({k} * np.arange(3))\n```\n"
)


def _build(
    tmp_path: Path, pages: dict[str, str], mode: str, out: str
) -> subprocess.CompletedProcess:
    src = tmp_path / "src"
    if not src.exists():
        (src / "_static").mkdir(parents=True)
        shutil.copy(ROOT / "docs" / "_static" / "logo-card.png", src / "_static")
        (src / "index.md").write_text(
            "# Tiny book\n\n```{toctree}\n" + "\n".join(pages) + "\n```\n"
        )
        for name, text in pages.items():
            (src / f"{name}.md").write_text(FRONT_MATTER + text)
    cmd = [
        sys.executable, "-m", "sphinx", "-c", str(ROOT), str(src), str(tmp_path / out),
        "-b", "html", "-W", "--keep-going", "-n", "-j", "2", "-v",
        "-D", f"nb_execution_mode={mode}",
        "-D", f"nb_execution_cache_path={tmp_path / 'cache'}",
        "-D", "execute_ahead_first=b",
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)


def _body(html: str) -> str:
    return re.search(r'<article class="bd-article".*?</article>', html, re.S).group(0)


@pytest.mark.slow
def test_pages_are_executed_ahead_then_read_from_the_cache_unchanged(tmp_path):
    pages = {"a": PAGE.format(k=1), "b": PAGE.format(k=2), "c": PAGE.format(k=3)}
    ahead = _build(tmp_path, pages, "cache", "ahead")
    log = ahead.stdout + ahead.stderr
    assert ahead.returncode == 0, log
    assert "executing 3 chapters ahead, 2 at a time" in log
    finished = re.findall(r"^  ([abc]): [0-9.]+ s$", log, re.M)
    assert sorted(finished) == ["a", "b", "c"], log
    # every page read from the cache: none executed again while reading
    assert len(re.findall(r"Using cached notebook", log)) == 3, log
    assert "Executing notebook" not in log
    # the same page as a build that executes while reading
    force = _build(tmp_path, pages, "force", "force")
    assert force.returncode == 0, force.stdout + force.stderr
    for name in pages:
        got = _body((tmp_path / "ahead" / f"{name}.html").read_text())
        want = _body((tmp_path / "force" / f"{name}.html").read_text())
        assert got == want
    assert "[0 2 4]" in _body((tmp_path / "ahead" / "b.html").read_text())


@pytest.mark.slow
def test_a_cell_that_raises_still_fails_the_build(tmp_path):
    broken = "# Broken\n\n```{code-cell} ipython3\nraise RuntimeError('deliberately broken')\n```\n"
    result = _build(tmp_path, {"a": PAGE.format(k=1), "broken": broken}, "cache", "out")
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "broken: " in log and "(failed)" in log  # tried ahead, not stored
    assert "deliberately broken" in result.stderr and "mystnb.exec" in result.stderr
