r"""The sweep both pronoun experiments share: every configuration at every gap from every seed.

:func:`pronoun_sweep` trains and tests one model per (configuration, gap, seed) with
:func:`~lstm_explained.book.experiments.pronoun.run_pronoun`, spreads the runs over worker processes
(longest sequences first, so the workers finish together) and returns one row per run in a fixed
order. :func:`~lstm_explained.book.experiments.long_gap.long_gap_sweep` and
:func:`~lstm_explained.book.experiments.variants.compare_variants` are this sweep with their own
defaults and summaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .configs import CONFIGS
from .pronoun import run_pronoun
from .runs import run_many, seed_list

__all__ = ["pronoun_sweep"]


def pronoun_sweep(
    configs: Sequence[str],
    gaps: Sequence[int],
    seeds: int | Iterable[int],
    *,
    workers: int | None = None,
    done: Sequence[dict[str, Any]] = (),
    **settings: Any,
) -> list[dict[str, Any]]:
    """Train and test every configuration at every gap from every seed.

    Parameters
    ----------
    configs : sequence of str
        Labels of :data:`~lstm_explained.book.experiments.configs.CONFIGS`.
    gaps : sequence of int
        Gaps between the subject and the full stop.
    seeds : int or iterable of int
        The seeds, or their number ``n`` for the seeds ``0 .. n-1``; one independent run each.
    workers : int, optional
        Worker processes (see :func:`~lstm_explained.book.experiments.runs.run_many`); the result
        does not depend on it.
    done : sequence of dict, optional
        Rows of runs made already with the same settings (for instance with
        :func:`~lstm_explained.book.experiments.pronoun.pronoun_row`): a run whose
        configuration, gap and seed match one of them is not made again, and its row is used as
        given.
    **settings
        Passed on to :func:`~lstm_explained.book.experiments.pronoun.train_pronoun` (``max_steps``,
        ``hidden_size``, ``test_size``, ...).

    Returns
    -------
    list of dict
        One row of :func:`~lstm_explained.book.experiments.pronoun.run_pronoun` per run, ordered by
        configuration (as given), gap (as given), seed.

    Examples
    --------
    >>> rows = pronoun_sweep(["RNN"], [2, 3], 2, workers=1, max_steps=3, test_size=20)
    >>> [(r["model"], r["gap"], r["seed"]) for r in rows]
    [('RNN', 2, 0), ('RNN', 2, 1), ('RNN', 3, 0), ('RNN', 3, 1)]
    """
    configs, gaps, seeds = list(configs), [int(g) for g in gaps], seed_list(seeds)
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        raise ValueError(f"configs must be labels of CONFIGS {list(CONFIGS)}; got {unknown}")
    if not (configs and gaps):
        raise ValueError("configs and gaps must each hold at least one value")
    if min(gaps) < 1:
        raise ValueError(f"gaps must be positive ints; got {gaps}")
    by_job = {(r["model"], r["gap"], r["seed"]): r for r in done}
    todo = [(c, g, s) for c in configs for g in gaps for s in seeds if (c, g, s) not in by_job]
    # Longest sequences first, so that the workers finish at about the same time.
    order = sorted(todo, key=lambda j: -j[1])
    rows = run_many(run_pronoun, [(job, settings) for job in order], workers=workers)
    by_job.update({(r["model"], r["gap"], r["seed"]): r for r in rows})
    return [by_job[(c, g, s)] for c in configs for g in gaps for s in seeds]
