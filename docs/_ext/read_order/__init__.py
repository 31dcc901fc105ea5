"""Sphinx extension: read the chapters in an order that keeps every core busy to the end.

With ``-j N`` Sphinx cuts the list of documents to read into fixed chunks
(``sphinx.util.parallel.make_chunks``: with 17 documents and 2 processes, two chunks of eight and
one of one, in alphabetical order) and reads each chunk in one process, ``N`` chunks at a time.
Executing a chapter's cells is most of a build's time, and the chapters' costs differ a
hundredfold, so the alphabet decided how long a build took: on two cores one chunk held
practice, training and variants (about 60 s of execution) and the other finished 8 s earlier.

This extension reorders the documents before they are chunked (the ``env-before-read-docs``
event, which exists for this), so that the chunks that start together carry about the same
cost: the chunks that start later get the cheapest documents, and the longest documents are
spread over the others, each to the chunk with the least so far (longest processing time
first). The costs are estimates in ``conf.py`` (``read_order_costs``, seconds of execution;
the execution report page shows the measured ones), and only the order of reading depends on
them: the pages do not.

When the read is parallel, the notebook kernels are also told to run the experiments' jobs one
after another (``LSTM_EXPLAINED_WORKERS=1``, read by
``lstm_explained.book.experiments.runs.default_workers``): every core already reads a chapter,
and each chapter's own pool of two workers on top only crowded them (a cold build on two cores:
71 s with, 73 to 85 s without; the pages are the same either way).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from sphinx.util.parallel import make_chunks

#: cost of a document that ``read_order_costs`` does not name (seconds)
DEFAULT_COST = 1.0


def balanced_order(docnames: Sequence[str], nproc: int, costs: Mapping[str, float]) -> list[str]:
    """``docnames`` reordered so that Sphinx's read chunks for ``nproc`` processes balance.

    Parameters
    ----------
    docnames : sequence of str
        The documents to read.
    nproc : int
        Sphinx's parallel processes (``app.parallel``); below 2 nothing changes.
    costs : mapping of str to float
        Estimated seconds to read each document; the others cost :data:`DEFAULT_COST`.

    Returns
    -------
    list of str
        The same documents: chunk by chunk (as ``make_chunks`` will cut them), the first
        ``nproc`` chunks balanced by cost, the later ones holding the cheapest documents.

    Examples
    --------
    >>> balanced_order(["a", "b", "c", "d", "e"], 2, {"a": 1, "b": 9, "c": 8, "d": 2})
    ['b', 'a', 'c', 'd', 'e']
    """
    docnames = list(docnames)
    if nproc < 2 or len(docnames) < 2:
        return docnames
    sizes = [len(chunk) for chunk in make_chunks(list(range(len(docnames))), nproc)]
    # cheapest last, so the chunks that start after the first ``nproc`` get those; the sort is
    # stable, and names break ties, so the order does not depend on the input's
    by_cost = sorted(sorted(docnames), key=lambda d: -float(costs.get(d, DEFAULT_COST)))
    first, later = sizes[:nproc], sizes[nproc:]
    n_later = sum(later)
    heavy, light = by_cost[: len(by_cost) - n_later], by_cost[len(by_cost) - n_later :]
    chunks: list[list[str]] = [[] for _ in first]
    loads = [0.0 for _ in first]
    for doc in heavy:  # longest first, each to the least loaded chunk with room
        k = min((k for k in range(len(first)) if len(chunks[k]) < first[k]), key=loads.__getitem__)
        chunks[k].append(doc)
        loads[k] += float(costs.get(doc, DEFAULT_COST))
    for size in later:
        chunks.append(light[:size])
        light = light[size:]
    return [doc for chunk in chunks for doc in chunk]


def _one_worker_per_chapter(app) -> None:
    """Before any chapter is read in parallel: its kernel runs jobs without a pool of its own."""
    if app.parallel > 1:
        os.environ.setdefault("LSTM_EXPLAINED_WORKERS", "1")


def _execution_cache_made_first(app) -> None:
    """Create myst-nb's execution cache (jupyter-cache's SQLite database) before the read
    processes fork. Each creates it on its first notebook when it is missing, and two processes
    that start with a notebook at the same moment, as the longest chapters now do, race to
    create its tables: "table settings already exists" (sphinx-doc/sphinx#12481, a
    jupyter-cache race); a cold build failed on it once in eight."""
    if app.parallel > 1 and getattr(app.config, "nb_execution_mode", None) == "cache":
        from jupyter_cache import get_cache

        get_cache(app.config.nb_execution_cache_path or ".jupyter_cache").list_cache_records()


def _reorder(app, env, docnames: list[str]) -> None:
    docnames[:] = balanced_order(docnames, app.parallel, app.config.read_order_costs)


def setup(app) -> dict:
    app.add_config_value("read_order_costs", {}, "", types=frozenset({dict}))
    app.connect("builder-inited", _one_worker_per_chapter)
    app.connect("builder-inited", _execution_cache_made_first)
    app.connect("env-before-read-docs", _reorder)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
