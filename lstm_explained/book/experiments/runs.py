r"""How the experiments run: seeds split into independent streams, and jobs spread over processes.

One seed discipline serves every experiment. A run is decided by its own arguments and its seed;
:func:`seed_streams` splits that seed with ``numpy.random.SeedSequence`` into independent
generators, one per use (the weights, the training batches, the test set, ...), so that no two
uses share random numbers and a run gives the same result wherever and in whatever order it runs.

:func:`run_many` then runs a list of such jobs on worker processes, with numpy's BLAS pinned to
one thread for the duration (these matrices are tiny, and two BLAS threads on two busy cores slow
a run down by an order of magnitude). Because each job is seeded by its own arguments, the
results do not depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from ...cells.validation import check_int

__all__ = ["default_workers", "run_many", "seed_list", "seed_streams"]


def seed_streams(seed: int, names: Sequence[str]) -> dict[str, np.random.Generator]:
    """Independent random generators, one per name, all decided by ``seed``.

    The ``k``-th name gets ``numpy.random.default_rng(SeedSequence(seed).spawn(n)[k])``: adding a
    name at the end leaves the streams of the earlier names unchanged.

    Parameters
    ----------
    seed : int
        A non-negative int.
    names : sequence of str
        What each stream is for, such as ``("weights", "data", "test")``.

    Returns
    -------
    dict of str to numpy.random.Generator

    Examples
    --------
    >>> streams = seed_streams(0, ("weights", "data"))
    >>> a = streams["weights"].random()
    >>> a == seed_streams(0, ("weights", "data"))["weights"].random()
    True
    >>> a == streams["data"].random()
    False
    """
    seed = check_int(seed, "seed", minimum=0)
    names = list(names)
    if len(set(names)) != len(names) or not all(isinstance(n, str) for n in names):
        raise ValueError(f"names must be distinct strings; got {names!r}")
    children = np.random.SeedSequence(int(seed)).spawn(len(names))
    return {name: np.random.default_rng(child) for name, child in zip(names, children, strict=True)}


def seed_list(seeds: int | Iterable[int]) -> list[int]:
    """The seeds of an experiment: a count ``n`` means the seeds ``0 .. n-1``.

    Examples
    --------
    >>> seed_list(3), seed_list([5, 7])
    ([0, 1, 2], [5, 7])
    """
    if isinstance(seeds, (int, np.integer)) and not isinstance(seeds, bool):
        if seeds < 1:
            raise ValueError(f"seeds must be a positive count or a list of seeds; got {seeds}")
        return list(range(int(seeds)))
    out = [int(s) for s in seeds]
    if not out or min(out) < 0 or len(set(out)) != len(out):
        raise ValueError(f"seeds must be distinct non-negative ints, at least one; got {out}")
    return out


def default_workers() -> int:
    """Worker processes to use: ``LSTM_EXPLAINED_WORKERS`` if set, else the cores this process
    may run on, at most 2.

    The book's parallel build sets ``LSTM_EXPLAINED_WORKERS=1`` for its notebook kernels: its
    read processes already keep every core busy, and worker pools on top would only crowd them.

    Examples
    --------
    >>> 1 <= default_workers() <= 2
    True
    """
    given = os.environ.get("LSTM_EXPLAINED_WORKERS")
    if given is not None:
        if not given.strip().isdigit() or int(given) < 1:
            raise ValueError(f"LSTM_EXPLAINED_WORKERS must be a positive integer; got {given!r}")
        return int(given)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(2, cores))


def _call_one_thread(job: tuple[Callable[..., Any], tuple, dict]) -> Any:
    fn, args, kwargs = job
    with threadpool_limits(limits=1, user_api="blas"):
        return fn(*args, **kwargs)


def run_many(
    fn: Callable[..., Any],
    jobs: Iterable[tuple[Sequence[Any], dict[str, Any]]],
    *,
    workers: int | None = None,
) -> list[Any]:
    """Call ``fn(*args, **kwargs)`` for every job, with numpy's BLAS on one thread.

    Parameters
    ----------
    fn : callable
        A module-level function (it is sent to worker processes by name).
    jobs : iterable of (args, kwargs)
        The calls to make. Put the slowest first: the workers take them in order.
    workers : int, optional
        Worker processes; 1 runs the jobs here, one after another; by default
        :func:`default_workers`. The results are the same either way, as long as each job is
        seeded by its own arguments.

    Returns
    -------
    list
        The results, in the order of ``jobs``.

    Examples
    --------
    >>> run_many(divmod, [((7, 2), {}), ((9, 4), {})], workers=1)
    [(3, 1), (2, 1)]
    """
    if workers is None:
        workers = default_workers()
    workers = check_int(workers, "workers")
    calls = [(fn, tuple(args), dict(kwargs)) for args, kwargs in jobs]
    if workers == 1 or len(calls) <= 1:
        return [_call_one_thread(call) for call in calls]
    # fork: the workers inherit the imported package, and a script that calls this without an
    # ``if __name__ == "__main__"`` guard still works (spawn would re-run it in every worker).
    # Where fork does not exist (Windows), the platform's default start method is used.
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else None)
    with ProcessPoolExecutor(max_workers=min(workers, len(calls)), mp_context=context) as pool:
        return list(pool.map(_call_one_thread, calls))
