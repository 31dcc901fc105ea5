r"""When a run counts as solved, and the solved counts that the chapters quote.

Training on these tasks is all or nothing: the loss sits at the level of guessing until the model
finds the clue, then drops. A run is *solved* when its test accuracy reaches
:data:`SOLVED_ACCURACY`, and an experiment reports, for each configuration, how many of its seeds
solved it ("8 of 8 seeds"), beside the threshold and the accuracy of guessing (chance).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["SOLVED_ACCURACY", "k_of_n", "solved_counts", "solved_summary"]

#: A run counts as solved when its test accuracy reaches this (solved runs of the book score
#: 0.99 or more, failed ones stay near chance).
SOLVED_ACCURACY = 0.95


def k_of_n(k: int, n: int, noun: str = "seeds") -> str:
    """A solved count as the prose says it.

    Examples
    --------
    >>> k_of_n(8, 8), k_of_n(0, 10), k_of_n(1, 1)
    ('8 of 8 seeds', '0 of 10 seeds', '1 of 1 seed')
    """
    if noun.endswith("s") and n == 1:
        noun = noun[:-1]
    return f"{k} of {n} {noun}"


def solved_counts(rows: Sequence[dict[str, Any]]) -> dict[str, dict[int, tuple[int, int]]]:
    """Count the solved seeds: ``{model: {gap: (solved, runs)}}``.

    Examples
    --------
    >>> rows = [{"model": "RNN", "gap": 20, "solved": False},
    ...         {"model": "RNN", "gap": 20, "solved": True}]
    >>> solved_counts(rows)
    {'RNN': {20: (1, 2)}}
    """
    counts: dict[str, dict[int, tuple[int, int]]] = {}
    for row in rows:
        per_gap = counts.setdefault(row["model"], {})
        solved, runs = per_gap.get(row["gap"], (0, 0))
        per_gap[row["gap"]] = (solved + bool(row["solved"]), runs + 1)
    return counts


def solved_summary(
    rows: Sequence[dict[str, Any]],
    *,
    by: Sequence[str] = ("model", "gap"),
    chance: float,
    threshold: float = SOLVED_ACCURACY,
) -> list[dict[str, Any]]:
    """One line per group of runs: how many seeds solved it, with the threshold and chance.

    Parameters
    ----------
    rows : list of dict
        One per run, each with the keys of ``by``, ``seed``, ``accuracy`` and ``steps`` (and,
        when present, ``seconds`` and ``cpu_seconds``).
    by : sequence of str, default ("model", "gap")
        The keys that name a group; groups keep the order of their first run.
    chance : float
        The accuracy of guessing on the task (0.5 for the pronoun task).
    threshold : float, default :data:`SOLVED_ACCURACY`
        The test accuracy from which a run counts as solved.

    Returns
    -------
    list of dict
        The keys of ``by``, then ``solved`` (k), ``runs`` (n), ``text`` ("k of n seeds"),
        ``seeds``, ``accuracies`` and ``steps`` (per seed), ``threshold``, ``chance``, and the
        summed ``seconds`` and ``cpu_seconds`` when the runs have them.

    Examples
    --------
    >>> rows = [{"model": "RNN", "gap": 20, "seed": s, "accuracy": a, "steps": 300}
    ...         for s, a in enumerate([0.51, 0.97])]
    >>> line, = solved_summary(rows, chance=0.5)
    >>> line["text"], line["threshold"], line["chance"]
    ('1 of 2 seeds', 0.95, 0.5)
    """
    if not 0.0 <= chance < threshold <= 1.0:
        raise ValueError(
            f"chance and threshold must satisfy 0 <= chance < threshold <= 1; "
            f"got chance={chance}, threshold={threshold}"
        )
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row[k] for k in by), []).append(row)
    lines = []
    for key, mine in groups.items():
        accuracies = [float(r["accuracy"]) for r in mine]
        k = int(np.sum(np.asarray(accuracies) >= threshold))
        line: dict[str, Any] = dict(zip(by, key, strict=True))
        line.update(
            solved=k,
            runs=len(mine),
            text=k_of_n(k, len(mine)),
            seeds=[r["seed"] for r in mine],
            accuracies=accuracies,
            steps=[r["steps"] for r in mine],
            threshold=threshold,
            chance=chance,
        )
        for t in ("seconds", "cpu_seconds"):
            if all(t in r for r in mine):
                line[t] = float(sum(r[t] for r in mine))
        lines.append(line)
    return lines
