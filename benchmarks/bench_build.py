"""Book build time: a cold build (no output, no execution cache) and a warm rebuild (nothing
changed), serial and with ``-j``, and the execution time of every chapter, as tables.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_build`` (``make bench``).
Each build goes to its own directory under ``_build/bench-build/`` with its own execution cache
(``-D nb_execution_cache_path=...``), so the book's ``_build/html`` and its cache are untouched.
The options are those of ``make html`` (``-W --keep-going -n``).
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "_build" / "bench-build"
SPHINX = [sys.executable, "-m", "sphinx", "-c", str(ROOT), str(ROOT / "docs")]
OPTIONS = ["-b", "html", "-W", "--keep-going", "-n", "-q"]


def build(out: Path, jobs: str) -> tuple[float, list[str]]:
    """One ``sphinx-build`` into ``out``: its wall-clock seconds and its warnings.

    A build that ends with warnings (an error under ``-W``) has still done all its work, thanks
    to ``--keep-going``, so its time is reported; the warnings are printed with the tables.
    """
    cache = out / ".jupyter_cache"
    command = [*SPHINX, str(out), *OPTIONS, "-j", jobs, "-D", f"nb_execution_cache_path={cache}"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    warnings = [
        line
        for line in (done.stdout + done.stderr).splitlines()
        if ("WARNING" in line or "ERROR" in line) and "IPKernelApp" not in line
    ]
    if done.returncode != 0 and not warnings:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"the build into {out} failed (exit code {done.returncode})")
    return seconds, warnings


def chapter_times(out: Path) -> dict[str, tuple[float, str]]:
    """Execution seconds and method of every executed page, from the build's environment."""
    with open(out / ".doctrees" / "environment.pickle", "rb") as f:
        env = pickle.load(f)
    times = {}
    for docname, meta in sorted(env.nb_metadata.items()):  # myst-nb's per-page records
        data = meta.get("exec_data")
        if data:
            times[docname] = (float(data["runtime"] or 0.0), str(data["method"]))
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", default="1,auto", help="comma-separated values for -j")
    parser.add_argument("--keep", action="store_true", help="keep the output directories")
    args = parser.parse_args(argv)
    jobs_list = args.jobs.split(",")
    cpus = len(os.sched_getaffinity(0))
    print(f"book build, {cpus} cores; every build runs sphinx with -W --keep-going -n\n")
    rows, chapters, warnings = [], {}, set()
    for jobs in jobs_list:
        out = OUT / f"j{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        cold, found = build(out, jobs)
        chapters[jobs] = chapter_times(out)
        warm, again = build(out, jobs)
        rows.append((jobs, cold, warm))
        warnings.update(found + again)
    if not args.keep:  # the builds, their caches and their executed notebooks
        shutil.rmtree(OUT, ignore_errors=True)
    print(f"{'-j':>6}  {'cold (s)':>9}  {'warm (s)':>9}   targets: cold <= 60 s, warm <= 5 s")
    for jobs, cold, warm in rows:
        print(f"{jobs:>6}  {cold:9.1f}  {warm:9.1f}")
    print()
    names = sorted({name for times in chapters.values() for name in times})
    head = "".join(f"  {'exec s, -j ' + j:>13}" for j in jobs_list)
    print(f"{'chapter (cold build)':<28}{head}")
    for name in names:
        seconds = [chapters[j].get(name, (float("nan"), ""))[0] for j in jobs_list]
        cells = "".join(f"  {s:13.1f}" for s in seconds)
        print(f"{name:<28}{cells}")
    totals = "".join(f"  {sum(t for t, _ in chapters[j].values()):13.1f}" for j in jobs_list)
    print(f"{'sum':<28}{totals}")
    if warnings:
        print("\nthe builds ended with warnings (so `make html` would fail), times still valid:")
        for line in sorted(warnings):
            print("  " + line.replace(str(ROOT) + "/", ""))


if __name__ == "__main__":
    main()
