"""The notebooks the built site offers for download (``_sources/<page>.ipynb``), as a reader gets
them: Markdown that Jupyter renders (no MyST left), a first cell that installs the package, and
every one of them runs in a fresh environment that holds only the package's wheel (built from
this checkout) and a Jupyter kernel.

The run needs a package index for ipykernel and the package's dependencies (pip's cache makes a
second run quick); it is skipped, saying so, when none can be reached. The notebooks run two at a
time, each in its own ``jupyter-execute`` process.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, SITE_DIR

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from notebook_export.markdown import raw_myst  # noqa: E402

nbformat = pytest.importorskip("nbformat")

WORKERS = int(os.environ.get("NOTEBOOK_WORKERS", "2"))


def chapters() -> list[str]:
    """The pages that are notebooks (MyST front matter with a kernel), so must be offered."""
    return sorted(
        p.stem for p in (ROOT / "docs").glob("*.md") if "kernelspec:" in p.read_text()[:600]
    )


def offered(site: Path = SITE_DIR) -> list[Path]:
    return sorted((site / "_sources").glob("*.ipynb"))


def test_every_chapter_is_offered_as_a_notebook(site_dir):
    assert [p.stem for p in offered(site_dir)] == chapters()


@pytest.mark.parametrize("name", chapters())
def test_notebook_reads_like_the_page(site_dir, name):
    path = site_dir / "_sources" / f"{name}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    note, install = notebook.cells[:2]
    assert note.cell_type == "markdown" and "lstm-explained" in note.source
    assert install.cell_type == "code" and "%pip install" in install.source
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            assert raw_myst(cell.source) == [], f"cell {index} of {name}.ipynb"
            for attachment in re.findall(r"\(attachment:([^)\s]+)\)", cell.source):
                assert attachment in cell.get("attachments", {}), f"cell {index}: {attachment}"
            for bundle in cell.get("attachments", {}).values():
                for data in bundle.values():  # Jupyter shows them as data:<mime>;base64,<data>
                    assert base64.b64decode(data, validate=True)
        elif cell.cell_type == "code":
            assert "myst_nb" not in cell.source, f"cell {index} of {name}.ipynb imports myst_nb"
    assert "jupytext" not in notebook.metadata  # no longer a MyST file


# --- running them -------------------------------------------------------------------------------


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def reader_env(site_dir, tmp_path_factory):
    """A virtual environment with ipykernel and the package's dependencies but not the package,
    a kernel spec for it, and the wheel where ``%pip install`` will find it."""
    if not offered(site_dir):
        pytest.skip(f"the site at {site_dir} offers no notebooks")
    tmp = tmp_path_factory.mktemp("reader")
    wheels = tmp / "wheels"
    venv = tmp / "venv"
    # built from a copy: setuptools would leave a build/ folder in the checkout
    skip = shutil.ignore_patterns(".*", "_build", "build", "dist", "*.egg-info", "__pycache__")
    source = shutil.copytree(ROOT, tmp / "source", ignore=skip)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, source])
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("lstm_explained-*.whl")
    _run([sys.executable, "-m", "venv", venv], check=True)
    python = venv / "bin" / "python"
    pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    kernel = _run([*pip, "ipykernel"])
    if kernel.returncode != 0:
        pytest.skip(f"cannot install ipykernel (no package index?): {kernel.stderr[-300:]}")
    # the wheel's declared dependencies, then the wheel goes: the notebook's first cell installs it
    installed = _run([*pip, wheel])
    assert installed.returncode == 0, installed.stderr
    _run([python, "-m", "pip", "uninstall", "-y", "-q", "lstm-explained"], check=True)
    kernels = tmp / "jupyter" / "kernels" / "reader"
    kernels.mkdir(parents=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "a reader's Python",
        "language": "python",
    }
    (kernels / "kernel.json").write_text(json.dumps(spec))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "JUPYTER", "MPL"))}
    env |= {
        "JUPYTER_PATH": str(tmp / "jupyter"),
        "IPYTHONDIR": str(tmp / "ipython"),
        "PIP_NO_INDEX": "1",  # %pip install finds the wheel of this checkout, nothing else
        "PIP_FIND_LINKS": str(wheels),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    return {"python": python, "env": env, "tmp": tmp}


def _execute(paths: list[Path], reader_env: dict, workers: int) -> dict[str, tuple]:
    """Run each notebook with jupyter-execute in its own folder, ``workers`` at a time."""
    execute = Path(sys.executable).parent / "jupyter-execute"
    if not execute.exists():
        pytest.skip("jupyter-execute (nbclient) is not installed")
    pending = list(paths)
    running: dict[str, tuple] = {}
    done: dict[str, tuple] = {}
    while pending or running:
        while pending and len(running) < workers:
            path = pending.pop(0)
            folder = reader_env["tmp"] / "run" / path.stem
            folder.mkdir(parents=True)
            copy = folder / path.name
            copy.write_bytes(path.read_bytes())
            command = [execute, "--kernel_name=reader", "--timeout=900", "--output=executed", copy]
            process = subprocess.Popen(
                command,
                cwd=folder,
                env=reader_env["env"],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            running[path.stem] = (process, folder, time.monotonic())
        for name, (process, folder, start) in list(running.items()):
            if process.poll() is not None:
                log = process.communicate()[0]
                done[name] = (
                    process.returncode,
                    folder / "executed.ipynb",
                    log,
                    time.monotonic() - start,
                )
                del running[name]
        time.sleep(0.2)
    return done


def _errors(path: Path) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    return [
        f"cell {i}: {o.get('ename')}: {o.get('evalue')}"
        for i, cell in enumerate(notebook.cells)
        for o in cell.get("outputs", [])
        if o.output_type == "error"
    ]


@pytest.mark.slow
def test_every_notebook_runs_with_only_the_wheel_and_a_kernel(site_dir, reader_env, capsys):
    paths = offered(site_dir)
    # The first notebook finds no package and installs it with its first cell's %pip install.
    first = _execute(paths[:1], reader_env, 1)
    results = first | _execute(paths[1:], reader_env, WORKERS)
    report = []
    for name, (code, executed, log, seconds) in sorted(results.items()):
        errors = _errors(executed) if executed.is_file() else ["not written"]
        report.append((name, code, seconds, errors, log))
    with capsys.disabled():
        print("\nnotebooks run with only the wheel and ipykernel:")
        for name, code, seconds, errors, _ in report:
            print(
                f"  {name:28} {'ok' if code == 0 and not errors else 'FAILED':6} {seconds:5.0f} s"
            )
    failed = {
        name: (errors, log[-2000:]) for name, code, _, errors, log in report if code or errors
    }
    assert failed == {}
    install = nbformat.read(results[paths[0].stem][1], as_version=4).cells[1]
    shown = "".join(o.get("text", "") for o in install.outputs)
    assert "Successfully installed lstm-explained" in shown or "Processing" in shown, shown
