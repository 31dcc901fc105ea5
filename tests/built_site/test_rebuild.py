"""A rebuild with nothing changed publishes the same site as a clean build, byte for byte.

Sphinx writes some files again on every build (the index, the search page, the search index)
and those once came out different when the build was warm: the search index lost the API's index
entries, and stylesheets that extensions copy late gained a ``?v=`` checksum. This test builds a
small book with the project's conf.py and extensions (a formula, an API entry, a folded cell's
stylesheet), once clean and once again with nothing changed, and compares every file.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_THE_SITE = {".doctrees", ".buildinfo", ".buildinfo.bak"}

PAGE = """\
# A page

The forget gate is $f_t = \\sigma(W_f \\cdot [h_{t-1}, x_t] + b_f)$, and

$$
C_t = f_t \\odot C_{t-1} + i_t \\odot \\tilde{C}_t .
$$

```{py:function} forget(h_prev, x_t)

Returns the forget gate.
```
"""


def _book(tmp: Path) -> Path:
    book = tmp / "book"
    (book / "docs").mkdir(parents=True)
    shutil.copy(ROOT / "conf.py", book / "conf.py")
    shutil.copy(ROOT / "docs" / "matplotlibrc", book / "docs" / "matplotlibrc")
    for folder in ("_templates", "_ext", "_static"):
        shutil.copytree(ROOT / "docs" / folder, book / "docs" / folder)
    (book / "docs" / "references.bib").write_text("")
    (book / "docs" / "index.md").write_text(PAGE)
    (book / "lstm_explained").mkdir()
    (book / "lstm_explained" / "__init__.py").write_text("")
    if not (ROOT / "node_modules" / "@mathjax").is_dir():
        pytest.skip("MathJax is not installed: `make html` runs `npm ci`")
    (book / "node_modules").symlink_to(ROOT / "node_modules")
    return book


def _build(book: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-c", ".", "docs", "_build/html", "-b", "html"]
        + ["-W", "--keep-going", "-n", "-q", "-j", "2"],
        cwd=book,
        env=env,
        check=True,
        capture_output=True,
    )
    return book / "_build" / "html"


def _files(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and not set(path.relative_to(out).parts) & NOT_THE_SITE
    }


def test_a_rebuild_with_nothing_changed_is_byte_identical_to_a_clean_build(tmp_path):
    book = _book(tmp_path)
    clean = _files(_build(book))
    assert b"indexentries" in clean["searchindex.js"] and b"forget()" in clean["searchindex.js"]
    rebuilt = _files(_build(book))
    assert sorted(rebuilt) == sorted(clean)
    differing = [name for name in clean if clean[name] != rebuilt[name]]
    assert differing == []


def test_the_comparison_sees_a_one_byte_change(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(f"<p>{name}</p>")
    assert filecmp.cmp(tmp_path / "a" / "index.html", tmp_path / "a" / "index.html")
    assert _files(tmp_path / "a") != _files(tmp_path / "b")
