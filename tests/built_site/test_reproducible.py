"""Two clean builds of the committed book, from two clones at different paths, are identical.

Slow (every chapter is executed twice), so it runs only when ``CHECK_REPRODUCIBLE=1``:
``make reproducible`` sets it, and CI runs that target. The one page allowed to differ is the
execution report, whose content is the time each chapter took to run.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Pages whose content is a measurement of the build itself.
EXPECTED_TO_DIFFER = {"execution-report.html"}
# Build bookkeeping written into the output folder, not part of the site that is served.
NOT_THE_SITE = {".doctrees", ".buildinfo", ".buildinfo.bak"}


def _clean_build(clone: Path, commit: str) -> Path:
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "checkout", "--quiet", commit], cwd=clone, check=True)
    # The build-time MathJax is installed by `npm ci` from the committed lockfile; the clones
    # share this checkout's copy rather than downloading it twice.
    (clone / "node_modules").symlink_to(ROOT / "node_modules")
    out = clone / "_build" / "html"
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONPATH")}
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-c", ".", "docs", str(out), "-b", "html", "-q"]
        + ["-D", "nb_execution_mode=force"],
        cwd=clone,
        env=env,
        check=True,
    )
    return out


def _site_files(out: Path) -> set[str]:
    return {
        path.relative_to(out).as_posix()
        for path in out.rglob("*")
        if path.is_file() and not set(path.relative_to(out).parts) & NOT_THE_SITE
    }


def _differing(a: Path, b: Path) -> tuple[set[str], list[str]]:
    files_a, files_b = _site_files(a), _site_files(b)
    different = [
        name
        for name in sorted(files_a & files_b)
        if not filecmp.cmp(a / name, b / name, shallow=False)
    ]
    return files_a ^ files_b, different


def test_two_clean_builds_from_two_clones_are_byte_identical(tmp_path):
    if os.environ.get("CHECK_REPRODUCIBLE") != "1":
        pytest.skip("slow (two clean builds): run `make reproducible` or set CHECK_REPRODUCIBLE=1")
    # One commit for both, however the repository moves while the first one builds.
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    first = _clean_build(tmp_path / "one" / "lstm-explained", commit)
    second = _clean_build(tmp_path / "two" / "a" / "longer" / "path" / "book", commit)
    only_in_one, different = _differing(first, second)
    print(f"\n{len(_site_files(first))} files; differing: {different}; only in one: {only_in_one}")
    assert only_in_one == set()
    assert [name for name in different if name not in EXPECTED_TO_DIFFER] == []


def test_the_comparison_sees_a_one_byte_change(tmp_path):
    # The check above is only as good as the comparison: it must notice a single byte.
    for name in ("a", "b"):
        (tmp_path / name / "_static").mkdir(parents=True)
        (tmp_path / name / "index.html").write_text("<p>same</p>")
        (tmp_path / name / "_static" / "x.svg").write_text(f"<svg id='{name}'/>")
    (tmp_path / "a" / ".doctrees").mkdir()
    (tmp_path / "a" / ".doctrees" / "env.pickle").write_bytes(b"\0")
    only_in_one, different = _differing(tmp_path / "a", tmp_path / "b")
    assert only_in_one == set()
    assert different == ["_static/x.svg"]
