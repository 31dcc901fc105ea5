r"""Experiment 4: the variants compared, a small study in the spirit of Greff et al. (2015) and
Jozefowicz et al. (2015).

Every variant of the post is trained on the pronoun language at a few gaps from several seeds,
with the same settings (:func:`~lstm_explained.book.experiments.sweep.pronoun_sweep`), and the table
counts how many seeds solved each gap. Both studies found that the variants perform about alike
and that what matters most is the initial bias of the gate that decides how much to keep (the
LSTM's forget gate); the table lets a reader check that on our task.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .configs import math_label
from .pronoun import CHANCE
from .summary import solved_summary
from .sweep import pronoun_sweep

__all__ = ["COMPARED", "compare_variants", "markdown_table"]

#: The variants compared, by their labels in
#: :data:`~lstm_explained.book.experiments.configs.CONFIGS`.
COMPARED = (
    "LSTM, forget bias 0 (b_f = 0)",
    "LSTM, forget bias 1 (b_f = 1)",
    "LSTM, forget bias 3 (b_f = 3)",
    "peephole LSTM, forget bias 3 (b_f = 3)",
    "coupled LSTM (CIFG), forget bias 3 (b_f = 3)",
    "GRU, keep bias 0 (b_z = 0)",
    "GRU, keep bias 3 (b_z = -3)",
    "depth-gated LSTM, 2 layers, forget bias 3 (b_f = 3)",
    "clockwork RNN, periods 1, 2, 4, 8",
    "RNN",
)


def compare_variants(
    variants: Sequence[str] = COMPARED,
    gaps: Sequence[int] = (20, 40),
    seeds: int | Iterable[int] = 8,
    *,
    workers: int | None = None,
    max_steps: int = 300,
    **settings: Any,
) -> list[dict[str, Any]]:
    r"""Count, for every variant and gap, how many seeds solve the pronoun task.

    Parameters
    ----------
    variants : sequence of str, default :data:`COMPARED`
        Labels of :data:`~lstm_explained.book.experiments.configs.CONFIGS`.
    gaps : sequence of int, default (20, 40)
        Gaps between the subject and the full stop.
    seeds : int or iterable of int, default 8
        The seeds, or their number ``n`` for the seeds ``0 .. n-1``; one independent run each.
    workers : int, optional
        Worker processes (the result does not depend on it).
    max_steps : int, default 300
        The training budget of every run. Runs that solve the task at these gaps do so within
        about 150 steps; a smaller budget than the long-gap sweep's keeps the failures cheap.
    **settings
        Passed on to :func:`~lstm_explained.book.experiments.pronoun.train_pronoun`.

    Returns
    -------
    list of dict
        One line per variant and gap, in the order given: ``variant``, ``gap``, ``solved``
        (seeds that reached the solved accuracy), ``runs``, ``text`` ("k of n seeds"),
        ``threshold``, ``chance``, ``seeds``, ``accuracies`` and ``steps`` (per seed),
        ``seconds`` and ``cpu_seconds`` (wall and processor time of the runs, summed).

    Notes
    -----
    Measured at gap 20, 8 seeds, 300 steps (processor time of the 8 runs in brackets): the LSTM
    (1.6 s), peephole (2.0 s), coupled (1.6 s) and depth-gated (5.2 s) LSTMs with
    :math:`b_f = 3`, the LSTM with :math:`b_f = 1` (2.0 s) and the GRU with :math:`b_z = -3`
    (1.5 s) solve 8 of 8 seeds; the LSTM with :math:`b_f = 0` (4.1 s), the GRU with
    :math:`b_z = 0` (4.1 s), the RNN (1.6 s) and the clockwork RNN (2.2 s) 0 of 8, at chance
    (0.47 to 0.54). At gap 40 the LSTM with :math:`b_f = 1` solves 0 of 8 (7.5 s).

    Examples
    --------
    >>> rows = compare_variants(["LSTM, forget bias 3 (b_f = 3)"], gaps=[3], seeds=1,
    ...                         workers=1, max_steps=20, test_size=100)
    >>> rows[0]["variant"], rows[0]["text"]
    ('LSTM, forget bias 3 (b_f = 3)', '0 of 1 seed')
    """
    runs = pronoun_sweep(variants, gaps, seeds, workers=workers, max_steps=max_steps, **settings)
    lines = solved_summary(runs, by=("model", "gap"), chance=CHANCE)
    return [{"variant": line.pop("model"), **line} for line in lines]


def markdown_table(rows: Sequence[dict[str, Any]]) -> str:
    """Render the lines of :func:`compare_variants` as a Markdown table: one row per variant,
    one column of solved seeds ("k of n") per gap, the biases set as math.

    Examples
    --------
    >>> rows = [{"variant": "RNN", "gap": 20, "solved": 0, "runs": 3},
    ...         {"variant": "RNN", "gap": 40, "solved": 0, "runs": 3},
    ...         {"variant": "GRU, keep bias 3 (b_z = -3)", "gap": 20, "solved": 3, "runs": 3},
    ...         {"variant": "GRU, keep bias 3 (b_z = -3)", "gap": 40, "solved": 2, "runs": 3}]
    >>> print(markdown_table(rows))
    | variant | solved, gap 20 | solved, gap 40 |
    |---|---|---|
    | RNN | 0 of 3 | 0 of 3 |
    | GRU, keep bias 3 ($b_z = -3$) | 3 of 3 | 2 of 3 |
    """
    gaps: list[int] = []
    cells: dict[str, dict[int, str]] = {}
    for row in rows:
        if row["gap"] not in gaps:
            gaps.append(row["gap"])
        cells.setdefault(row["variant"], {})[row["gap"]] = f"{row['solved']} of {row['runs']}"
    lines = [
        "| variant | " + " | ".join(f"solved, gap {g}" for g in gaps) + " |",
        "|" + "---|" * (len(gaps) + 1),
    ]
    for variant, by_gap in cells.items():
        counts = " | ".join(by_gap.get(g, "") for g in gaps)
        lines.append(f"| {math_label(variant)} | {counts} |")
    return "\n".join(lines)
