"""Execute the chapters before Sphinx reads them, longest first, on every core.

Sphinx reads the documents of a parallel build (``-j``) in fixed chunks of neighbouring names, so
two slow chapters that sort next to each other land on one process while the other idles, and a
cold build waits for the heavier chunk. This extension runs first: at ``env-before-read-docs`` it
executes every chapter that is not yet in myst-nb's execution cache, as many at once as the build
has processes, the slowest first (the order is ``execute_ahead_first`` in ``conf.py``, then the
rest by name), and stores each result in that cache the way myst-nb does. Reading then finds
every chapter executed, in whatever chunk it falls.

The outputs are the ones myst-nb would have made: the same reader turns the Markdown into a
notebook, the same function of jupyter-cache executes it (a kernel of its own in the chapter's
folder), and myst-nb takes it from the cache only if the code of every cell matches. A chapter
that fails here is not stored: myst-nb executes it again while reading and reports the error as
it always does (with ``-W`` the build fails).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _pending(env: BuildEnvironment, docnames: list[str]) -> list[tuple[str, Path, Any]]:
    """The chapters to execute: notebooks, in cache mode, not yet in the cache."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    nb_config = env.mystnb_config
    if nb_config.execution_mode != "cache":
        return []
    cache = get_cache(nb_config.execution_cache_path or ".jupyter_cache")
    out = []
    for docname in docnames:
        path = Path(env.doc2path(docname))
        text = path.read_text(encoding="utf-8")
        reader = create_nb_reader(str(path), env.myst_config, nb_config, text)
        if reader is None:
            continue
        notebook = reader.read(text)
        if nb_config.metadata_key in notebook.metadata:
            continue  # file-level execution settings: leave those to myst-nb
        with suppress(KeyError):
            cache.match_cache_notebook(notebook)
            continue  # already executed
        out.append((docname, path, (notebook, reader.read_fmt)))
    return out


def _execute(env: BuildEnvironment, path: Path, notebook: Any, read_fmt: Any, lock) -> bool:
    """Execute one notebook as myst-nb's cache mode does and store it; whether it succeeded."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.executors.utils import single_nb_execution

    nb_config = env.mystnb_config
    result = single_nb_execution(
        notebook,
        cwd=str(path.parent.resolve()),
        allow_errors=nb_config.execution_allow_errors,
        timeout=nb_config.execution_timeout,
        meta_override=True,
    )
    if result.err is not None:
        return False
    with lock:  # one writer at a time in the cache's database
        cache = get_cache(nb_config.execution_cache_path or ".jupyter_cache")
        stage = cache.add_nb_to_project(str(path), read_data=read_fmt)
        cache.cache_notebook_bundle(
            CacheBundleIn(notebook, stage.uri, data={"execution_seconds": result.time}),
            check_validity=False,
            overwrite=True,
        )
    return True


def execute_ahead(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Execute the pending chapters, slowest first, ``max(app.parallel, 1)`` at a time."""
    if env.mystnb_config.execution_in_temp:
        return  # cwd would differ from what myst-nb uses; let it execute
    first = list(app.config.execute_ahead_first)
    rank = {name: k for k, name in enumerate(first)}
    jobs = sorted(_pending(env, sorted(docnames)), key=lambda j: (rank.get(j[0], len(first)), j[0]))
    if not jobs:
        return
    workers = max(int(app.parallel or 1), 1)
    logger.info(f"executing {len(jobs)} chapters ahead, {workers} at a time")
    lock = threading.Lock()
    start = time.perf_counter()

    def run(job):
        docname, path, (notebook, read_fmt) = job
        t0 = time.perf_counter()
        ok = _execute(env, path, notebook, read_fmt, lock)
        logger.info(f"  {docname}: {time.perf_counter() - t0:.1f} s{'' if ok else ' (failed)'}")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run, jobs))
    logger.info(f"executed ahead in {time.perf_counter() - start:.1f} s")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("execute_ahead_first", [], "env", types=[list])
    # after myst-nb's own handlers, before any document is read
    app.connect("env-before-read-docs", execute_ahead, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
