"""The book's build is strict: a cell that raises fails it, a good page passes.

Each test builds a tiny book in a temporary folder with the project's own ``conf.py`` and the
same options as ``make html``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FRONT_MATTER = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def _build(tmp_path: Path, page: str) -> subprocess.CompletedProcess:
    src = tmp_path / "src"
    (src / "_static").mkdir(parents=True)
    # the social cards' logo, which conf.py names relative to the source folder
    shutil.copy(ROOT / "docs" / "_static" / "logo-card.png", src / "_static")
    (src / "index.md").write_text("# Tiny book\n\n```{toctree}\npage\n```\n")
    (src / "page.md").write_text(FRONT_MATTER + page)
    cmd = [
        sys.executable, "-m", "sphinx", "-c", str(ROOT), str(src), str(tmp_path / "out"),
        "-b", "html", "-W", "--keep-going", "-n", "-q",
        "-D", "nb_execution_mode=force",
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)


@pytest.mark.slow
def test_a_cell_that_raises_fails_the_build(tmp_path):
    page = "# Broken\n\n```{code-cell} ipython3\nraise RuntimeError('deliberately broken')\n```\n"
    result = _build(tmp_path, page)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "RuntimeError" in result.stderr and "deliberately broken" in result.stderr
    assert "mystnb.exec" in result.stderr  # failed because the cell raised, nothing else


@pytest.mark.slow
def test_a_good_page_that_imports_the_package_builds(tmp_path):
    page = (
        "# Good\n\n```{code-cell} ipython3\nfrom lstm_explained import LSTMCell\n"
        "LSTMCell(2, 3, rng=0).hidden_size\n```\n"
    )
    result = _build(tmp_path, page)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "out" / "page.html").read_text()
    assert "LSTMCell" in html
