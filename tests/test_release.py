"""The package as PyPI gets it: the wheel holds the package and nothing else, its version is
``lstm_explained.__version__``, and the release workflow (.github/workflows/release.yml) refuses a
tag that is not that version and publishes with trusted publishing."""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def package_version() -> str:
    text = (ROOT / "lstm_explained" / "__init__.py").read_text(encoding="utf-8")
    return ast.literal_eval(re.search(r"^__version__ = (.+)$", text, re.M)[1])


def source_copy(outdir: Path) -> Path:
    """The checkout without its build products, so building writes nothing into the checkout
    (setuptools leaves a build/ folder where it builds)."""
    skip = shutil.ignore_patterns(".*", "_build", "build", "dist", "*.egg-info", "__pycache__")
    return Path(shutil.copytree(ROOT, outdir / "source", ignore=skip))


def build_wheel(outdir: Path) -> Path:
    """The wheel of this checkout, built by pip (isolated, as any installer builds it)."""
    source = source_copy(outdir)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(outdir), str(source)],
        check=True,
        cwd=outdir,
    )
    (wheel,) = outdir.glob("lstm_explained-*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def workflow() -> dict:
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


@pytest.mark.slow
def test_wheel_holds_the_package_and_only_it(wheel):
    version = package_version()
    names = zipfile.ZipFile(wheel).namelist()
    outside = [
        n for n in names if not n.startswith(("lstm_explained/", f"lstm_explained-{version}.dist"))
    ]
    assert outside == []
    sources = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "lstm_explained").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert sources <= set(names), sorted(sources - set(names))
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


@pytest.mark.slow
def test_wheel_version_is_the_package_version(wheel):
    version = package_version()
    assert wheel.name.startswith(f"lstm_explained-{version}-")
    metadata = zipfile.ZipFile(wheel).read(f"lstm_explained-{version}.dist-info/METADATA")
    assert f"\nVersion: {version}\n" in metadata.decode()
    assert "\nRequires-Dist: numpy" in metadata.decode()
    assert "sphinx" not in metadata.decode().split("Provides-Extra")[0].lower()


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("build") is None
    or shutil.which("twine") is None
    and importlib.util.find_spec("twine") is None,
    reason="`pip install build twine` to check the sdist and the wheel as PyPI would",
)
def test_build_and_twine_check_strict(tmp_path):
    source = source_copy(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "build", "-o", str(tmp_path / "dist"), str(source)],
        check=True,
        capture_output=True,
    )
    dists = sorted((tmp_path / "dist").iterdir())
    assert sorted(d.suffix for d in dists) == [".gz", ".whl"]
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, dists)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _version_step(workflow: dict) -> dict:
    (step,) = [s for s in workflow["jobs"]["build"]["steps"] if s.get("id") == "version"]
    return step


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
@pytest.mark.parametrize("tag_offset", ["same", "other", "unprefixed"])
def test_release_refuses_a_tag_that_is_not_the_version(workflow, tmp_path, tag_offset):
    version = package_version()
    tag = {"same": f"v{version}", "other": f"v{version}.1", "unprefixed": version}[tag_offset]
    output = tmp_path / "github_output"
    output.write_text("")
    env = {**os.environ, "GITHUB_REF_NAME": tag, "GITHUB_OUTPUT": str(output)}
    result = subprocess.run(
        ["bash", "-e", "-c", _version_step(workflow)["run"]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if tag_offset == "same":
        assert result.returncode == 0, result.stdout + result.stderr
        assert output.read_text() == f"version={version}\n"
    else:
        assert result.returncode == 1
        assert f"tag {tag} is not v{version}" in result.stdout


def test_release_publishes_tags_with_trusted_publishing(workflow):
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}  # nothing more outside publish
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert publish["environment"]["url"] == "https://pypi.org/p/lstm-explained"
    assert "refs/tags/v" in publish["if"]
    uses = [s.get("uses", "") for s in publish["steps"]]
    assert uses[-1] == "pypa/gh-action-pypi-publish@release/v1"
    assert "with" not in publish["steps"][-1]  # no password, no token: OIDC only
    upload = [s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    download = publish["steps"][0]
    assert download["uses"].startswith("actions/download-artifact")
    assert upload[0]["with"]["name"] == download["with"]["name"]
    assert download["with"]["path"] == "dist/"  # where the publish action looks
    runs = "\n".join(s.get("run", "") for s in build["steps"])
    assert "python -m build" in runs and "twine check --strict" in runs
