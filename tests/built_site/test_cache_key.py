"""A change in the package re-executes the chapters; no change reuses the cached outputs.

jupyter-cache alone keys a notebook on its code cells, so an edit to ``lstm_explained`` would be
served with the outputs of the old code. conf.py keys the cache folder on a hash of the package's
source. This test builds a one-page book with the project's conf.py against a throwaway package,
three times: unchanged (the cached output is reused), then after editing the package (the page
is executed again and shows the new value).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHAPTER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A page

```{code-cell} ipython3
import time

import lstm_explained

print(f"value={lstm_explained.VALUE} run={time.time_ns()}")
```
"""


def _book(tmp: Path) -> Path:
    book = tmp / "book"
    (book / "docs").mkdir(parents=True)
    shutil.copy(ROOT / "conf.py", book / "conf.py")
    shutil.copy(ROOT / "docs" / "matplotlibrc", book / "docs" / "matplotlibrc")
    shutil.copytree(ROOT / "docs" / "_templates", book / "docs" / "_templates")
    shutil.copytree(ROOT / "docs" / "_ext", book / "docs" / "_ext")
    # The build-time MathJax (npm ci): shared, not installed again.
    if (ROOT / "node_modules").is_dir():
        (book / "node_modules").symlink_to(ROOT / "node_modules")
    (book / "docs" / "_static").mkdir()
    shutil.copy(ROOT / "docs" / "_static" / "logo-card.png", book / "docs" / "_static")
    (book / "docs" / "references.bib").write_text("")
    (book / "docs" / "index.md").write_text(CHAPTER)
    (book / "lstm_explained").mkdir()
    (book / "lstm_explained" / "__init__.py").write_text('__version__ = "0"\nVALUE = "first"\n')
    return book


def _build(book: Path) -> tuple[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-c", ".", "docs", "_build/html", "-b", "html", "-q"],
        cwd=book,
        env=env,
        check=True,
        capture_output=True,
    )
    html = (book / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    found = re.search(r"value=(\w+) run=(\d+)", html)
    assert found, "the page shows no output of its code cell"
    return found.group(1), found.group(2)


def test_a_change_in_the_package_executes_the_chapters_again(tmp_path):
    book = _book(tmp_path)
    value, run = _build(book)
    assert value == "first"

    # Nothing changed: a fresh environment still takes the outputs from the cache.
    shutil.rmtree(book / "_build" / "html")
    assert _build(book) == ("first", run)

    # The package changed, the chapter did not: the chapter runs again, on the new code.
    (book / "lstm_explained" / "__init__.py").write_text('__version__ = "0"\nVALUE = "second"\n')
    value, rerun = _build(book)
    assert value == "second"
    assert rerun != run
