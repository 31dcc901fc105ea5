r"""Experiment 2: the long-gap sweep, RNN against LSTM against GRU on the pronoun language.

Olah's claim "in theory RNNs can handle long-term dependencies; in practice they don't seem to
learn them" made measurable: each model is trained from scratch at each gap between the subject
and the full stop, from several seeds, and tested on fresh sentences. Training is all or nothing
(the loss sits at :math:`\ln 2` until the model finds the subject, then drops), so the result is
reported as *how many seeds solved* each gap (:func:`long_gap_summary`) rather than as a mean
accuracy. The LSTM runs twice, with its forget gate starting near "keep" (:math:`b_f = 3`) and
with no bias (:math:`b_f = 0`), so the sweep also shows what the bias does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .pronoun import CHANCE
from .summary import solved_summary
from .sweep import pronoun_sweep

__all__ = ["BOOK_SEEDS", "COMPARED", "GAPS", "long_gap_summary", "long_gap_sweep"]

#: The configurations compared (labels of :data:`~lstm_explained.book.experiments.configs.CONFIGS`).
COMPARED = (
    "RNN",
    "LSTM, forget bias 3 (b_f = 3)",
    "GRU, keep bias 3 (b_z = -3)",
    "LSTM, forget bias 0 (b_f = 0)",
)
#: The gaps, in steps from the subject to the full stop.
GAPS = (5, 10, 20, 40)
#: The number of seeds per configuration and gap (the seeds ``0 .. BOOK_SEEDS - 1``).
BOOK_SEEDS = 8


def long_gap_sweep(
    configs: Sequence[str] = COMPARED,
    gaps: Sequence[int] = GAPS,
    seeds: int | Iterable[int] = BOOK_SEEDS,
    *,
    workers: int | None = None,
    max_steps: int = 300,
    **settings: Any,
) -> list[dict[str, Any]]:
    r"""Train and test every configuration at every gap from every seed.

    Parameters
    ----------
    configs : sequence of str, default :data:`COMPARED`
        Labels of :data:`~lstm_explained.book.experiments.configs.CONFIGS`.
    gaps : sequence of int, default (5, 10, 20, 40)
        Gaps between the subject and the full stop.
    seeds : int or iterable of int, default 8
        The seeds, or their number ``n`` for the seeds ``0 .. n-1``.
    workers : int, optional
        Worker processes (the result does not depend on it).
    max_steps : int, default 300
        The training budget of every run; the runs that solve these gaps stop early, within
        about 150 steps.
    **settings
        Passed on to :func:`~lstm_explained.book.experiments.sweep.pronoun_sweep` (``done``: runs
        made already) and to :func:`~lstm_explained.book.experiments.pronoun.train_pronoun`.

    Returns
    -------
    list of dict
        One row per run, ordered by configuration, gap, seed, with the keys ``model`` (the
        configuration's label), ``gap``, ``seed``, ``accuracy`` (on 1000 fresh sentences),
        ``solved``, ``steps`` (training steps taken), ``seconds`` and ``cpu_seconds``.

    Notes
    -----
    Measured with the defaults (4 configurations, 4 gaps, 8 seeds: 128 runs): 30 s of processor
    time in all, so about 15 s of wall time on two idle cores. Solved (test accuracy >= 0.95):
    at gaps 5 and 10 every configuration, 8 of 8 seeds; at gaps 20 and 40 the LSTM with
    :math:`b_f = 3` and the GRU with :math:`b_z = -3` 8 of 8 (accuracy 0.991 to 1.0, at most 157
    steps), the RNN and the LSTM with :math:`b_f = 0` 0 of 8 (0.478 to 0.544, chance 0.5, all
    300 steps).

    Examples
    --------
    >>> rows = long_gap_sweep(["LSTM, forget bias 3 (b_f = 3)"], gaps=[3], seeds=1, workers=1,
    ...                       max_steps=30, test_size=100)
    >>> [(r["model"], r["gap"], r["seed"]) for r in rows]
    [('LSTM, forget bias 3 (b_f = 3)', 3, 0)]
    """
    return pronoun_sweep(configs, gaps, seeds, workers=workers, max_steps=max_steps, **settings)


def long_gap_summary(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The solved counts of a sweep, one line per configuration and gap, ready to glue.

    Each line holds ``model``, ``gap``, ``solved`` (k), ``runs`` (n), ``text`` ("k of n seeds"),
    ``threshold`` (the solved accuracy), ``chance`` (0.5), and the per-seed ``accuracies`` and
    ``steps``; see :func:`~lstm_explained.book.experiments.summary.solved_summary`.

    Examples
    --------
    >>> rows = [{"model": "RNN", "gap": 20, "seed": s, "accuracy": 0.5, "steps": 300}
    ...         for s in range(8)]
    >>> long_gap_summary(rows)[0]["text"]
    '0 of 8 seeds'
    """
    return solved_summary(rows, by=("model", "gap"), chance=CHANCE)
