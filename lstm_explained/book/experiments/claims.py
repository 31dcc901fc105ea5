r"""The claims that chapters assert about trained models, as checks a chapter and a test share.

A trained float32 run follows another trajectory on another machine (numpy's BLAS rounds
differently from one CPU to the next), so a chapter asserts only what holds over seeds, with
margins wider than such a change moves the number. Each check here takes what an experiment
returned and raises ``AssertionError`` naming the claim that failed and the numbers measured. The
chapter calls the check on its own run; the test suite runs the same experiment with the
chapter's settings over the seeds 0, 1 and 2 and calls the same check.

- :func:`check_solved`: groups of runs that every seed solves, and groups that no seed does
  (their runs at chance, not half learned) -- the training chapter's curves, long-gap sweep
  and forget-bias runs, and the variants chapter's comparison;
- :func:`gate_story` and :func:`check_gate_story`: what the walkthrough says about the gender
  unit of a trained LSTM;
- :func:`check_clockwork`: what the variants chapter says about the clockwork RNN's memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ...training.tasks import PRONOUNS

__all__ = ["GATE_STORY", "check_clockwork", "check_gate_story", "check_solved", "gate_story"]

#: How far from chance (0.5) a run that did not solve the pronoun task may end: a failed run
#: guesses (the book's end between 0.47 and 0.55), it does not half learn.
CHANCE_BAND = 0.1


def _key(line: dict[str, Any]) -> tuple[str, int]:
    return (line.get("model", line.get("variant")), line["gap"])


def check_solved(
    lines: Iterable[dict[str, Any]],
    *,
    solved: Iterable[tuple[str, int]] = (),
    unsolved: Iterable[tuple[str, int]] = (),
    budget: int | None = None,
) -> None:
    """Assert that every seed solves some groups of runs and no seed solves others.

    Parameters
    ----------
    lines : iterable of dict
        Summary lines, one per group (those of
        :func:`~lstm_explained.book.experiments.summary.solved_summary`, keyed ``model`` or
        ``variant`` and ``gap``), each with ``solved``, ``runs``, ``accuracies``, ``steps``,
        ``threshold`` and ``chance``.
    solved : iterable of (str, int)
        The (configuration, gap) pairs that every seed must solve.
    unsolved : iterable of (str, int)
        The pairs that no seed may solve; each of their runs must also end at chance, within
        ``CHANCE_BAND`` (0.1) of it.
    budget : int, optional
        The training budget. When given, each solved run must have stopped early, at most 90 %
        of the way into it (the loss reached its stopping level), so that a run on another
        machine, on a slightly other path, is not cut off before it solves.

    Raises
    ------
    AssertionError
        Naming the first claim that fails, with the accuracies and steps of its seeds.
    KeyError
        If a pair is missing from ``lines``.

    Examples
    --------
    >>> lines = [{"model": "RNN", "gap": 20, "solved": 0, "runs": 3, "threshold": 0.95,
    ...           "chance": 0.5, "accuracies": [0.51, 0.49, 0.5], "steps": [300] * 3}]
    >>> check_solved(lines, unsolved=[("RNN", 20)])
    >>> check_solved(lines, solved=[("RNN", 20)])
    Traceback (most recent call last):
    ...
    AssertionError: RNN at gap 20: solved by 0 of 3 seeds, claimed by every seed (...)
    """
    by_key = {_key(line): line for line in lines}
    for pair in solved:
        line = by_key[pair]
        seen = f"accuracies {line['accuracies']}, steps {line['steps']}"
        if line["solved"] != line["runs"]:
            raise AssertionError(
                f"{pair[0]} at gap {pair[1]}: solved by {line['solved']} of {line['runs']} "
                f"seeds, claimed by every seed ({seen})"
            )
        if budget is not None and max(line["steps"]) > 0.9 * budget:
            raise AssertionError(
                f"{pair[0]} at gap {pair[1]}: a run needed more than 90 % of the budget of "
                f"{budget} steps ({seen})"
            )
    for pair in unsolved:
        line = by_key[pair]
        seen = f"accuracies {line['accuracies']}"
        if line["solved"] != 0:
            raise AssertionError(
                f"{pair[0]} at gap {pair[1]}: solved by {line['solved']} of {line['runs']} "
                f"seeds, claimed by none ({seen})"
            )
        off = max(abs(a - line["chance"]) for a in line["accuracies"])
        if off > CHANCE_BAND:
            raise AssertionError(
                f"{pair[0]} at gap {pair[1]}: a failed run ended {off:.2f} from chance "
                f"{line['chance']}, more than {CHANCE_BAND} ({seen})"
            )


#: The walkthrough's claims about its trained LSTM, as bounds on the numbers of
#: :func:`gate_story`: name -> (lowest, highest). Measured over seeds 0, 1, 2 with three
#: OpenBLAS kernels (SkylakeX, Haswell, Sandybridge), the closest values were: accuracy 0.993,
#: abs_r 0.851, f_change 0.128, f_elsewhere 0.830, f_to_wipe 0.60, f_to_keep 0.980,
#: build_up 1.21, o_median 0.51, o_stop 0.88.
GATE_STORY: dict[str, tuple[float, float]] = {
    "accuracy": (0.95, 1.0),  # the model solves two-subject sentences
    "abs_r": (0.8, 1.0),  # one cell unit tracks the current subject's gender
    "f_change": (0.0, 0.2),  # its forget gate drops at the shown change of subject ...
    "f_elsewhere": (0.7, 1.0),  # ... and stays mostly open at the other steps
    "f_to_wipe": (0.0, 0.7),  # at a subject of one gender the gate closes (median) ...
    "f_to_keep": (0.9, 1.0),  # ... at the other it stays open, whatever came before
    "build_up": (1.0, np.inf),  # the value grows over the words after the first subject
    "sign_after_change": (1.0, 1.0),  # it crosses to the new gender's side at the change
    "o_median": (0.4, 1.0),  # the output gate does not hide the gender until the stop ...
    "o_stop": (0.8, 1.0),  # at the full stop it is open ...
    "h_sign_at_stop": (1.0, 1.0),  # ... and the output has the cell value's sign
}


def gate_story(trace: dict[str, Any]) -> dict[str, Any]:
    """The numbers behind the walkthrough's account of a trained LSTM's gender unit.

    Parameters
    ----------
    trace : dict
        What :func:`~lstm_explained.book.experiments.gates.watch_gates` returns.

    Returns
    -------
    dict
        ``accuracy`` and ``abs_r`` (the unit's ``|r|``); ``f_change`` (its forget gate at the
        shown change of subject) and ``f_elsewhere``; ``wipe`` and ``keep`` (the pronoun of the
        gender at whose arrival from no subject the gate is lower, and the other);
        ``f_to_wipe`` (the highest of the gate's medians at a ``wipe`` subject, whatever came
        before) and ``f_to_keep`` (the lowest at a ``keep`` subject); ``positive`` (the gender
        the unit holds as a large value); along the shown sentence, ``build_up`` (``|C|`` four
        words after the first subject over ``|C|`` at it), ``sign_after_change`` (1.0 if the
        sign of ``C`` names the old gender just before the change, and its median over the steps
        after it the new one),
        ``o_median``, ``o_low`` and ``o_stop`` (the output gate between the first subject and
        the full stop, and at it), ``h_stop`` and ``h_sign_at_stop`` (1.0 if ``h`` has the sign
        of ``C`` there).

    Examples
    --------
    >>> from lstm_explained.book.experiments.gates import watch_gates
    >>> story = gate_story(watch_gates(0, gap=6, max_steps=40, test_size=200))
    >>> sorted(story) == sorted(set(story) | set(GATE_STORY))
    True
    """
    r, first, change = trace["r"], trace["first_at"], trace["change_at"]
    at = trace["f_at_subject"]
    wipe = min(PRONOUNS, key=lambda p: at.get(f"none->{p}", np.inf))
    keep = PRONOUNS[1 - PRONOUNS.index(wipe)]
    to_wipe = [v for k, v in at.items() if k.endswith(f"->{wipe}")]
    to_keep = [v for k, v in at.items() if k.endswith(f"->{keep}")]
    positive = PRONOUNS[0] if r > 0 else PRONOUNS[1]  # the gender of a large value of C
    # r is the correlation with +1 for male, -1 for female: sign(r) C > 0 reads "male" (0)
    male_side = trace["C"] * np.sign(r)
    gender = trace["gender"]
    sign_after_change = 0.0
    if first < change < len(gender) - 1:
        before_ok = (male_side[change - 1] > 0) == (gender[change - 1] == 0)
        after_ok = (np.median(male_side[change + 1 :]) > 0) == (gender[change + 1] == 0)
        sign_after_change = float(before_ok and after_ok)
    o, C = trace["o"], trace["C"]
    stop = len(o) - 1
    h = o * np.tanh(C)
    between = o[first + 1 : stop]
    return {
        "accuracy": float(trace["accuracy"]),
        "abs_r": abs(float(r)),
        "f_change": float(trace["f"][change]),
        "f_elsewhere": float(trace["f_elsewhere"]),
        "wipe": wipe,
        "keep": keep,
        "f_to_wipe": float(max(to_wipe, default=np.nan)),
        "f_to_keep": float(min(to_keep, default=np.nan)),
        "positive": positive,
        "build_up": float(abs(C[min(first + 4, stop)]) / max(abs(C[first]), 1e-12)),
        "sign_after_change": sign_after_change,
        "o_median": float(np.median(between)) if between.size else float("nan"),
        "o_low": float(np.min(between)) if between.size else float("nan"),
        "o_stop": float(o[stop]),
        "h_stop": float(h[stop]),
        "h_sign_at_stop": float(np.sign(h[stop]) == np.sign(C[stop])),
    }


def check_gate_story(
    story: dict[str, Any], bounds: dict[str, tuple[float, float]] | None = None
) -> None:
    """Assert that the numbers of :func:`gate_story` lie within :data:`GATE_STORY`'s bounds.

    Parameters
    ----------
    story : dict
        What :func:`gate_story` returns.
    bounds : dict, optional
        name -> (lowest, highest); by default :data:`GATE_STORY`.

    Raises
    ------
    AssertionError
        Listing every number outside its bounds.

    Examples
    --------
    >>> check_gate_story({"abs_r": 0.6}, {"abs_r": (0.8, 1.0)})
    Traceback (most recent call last):
    ...
    AssertionError: outside the walkthrough's bounds: abs_r = 0.6 not in [0.8, 1]
    """
    bounds = GATE_STORY if bounds is None else bounds
    bad = [
        f"{name} = {story[name]:.3g} not in [{lo:g}, {hi:g}]"
        for name, (lo, hi) in bounds.items()
        if not lo <= story[name] <= hi  # NaN fails too
    ]
    if bad:
        raise AssertionError("outside the walkthrough's bounds: " + "; ".join(bad))


def check_clockwork(memory: dict[str, Any], *, far_from_solved: float = 0.3) -> None:
    """Assert the variants chapter's claims about the clockwork RNN's memory.

    At the longest length every clockwork seed solves the copy task and no RNN seed does, each
    RNN run staying below ``far_from_solved``; erasing the fastest module halfway leaves every
    clockwork model solved, erasing the slowest brings each below ``far_from_solved``.

    Parameters
    ----------
    memory : dict
        What :func:`~lstm_explained.book.experiments.clockwork_copy.clockwork_memory` returns.
    far_from_solved : float, default 0.3
        An accuracy well below the solved level (0.95) that a run which lost the symbol stays
        under (chance is 0.125 with 8 symbols).

    Raises
    ------
    AssertionError
        Naming the claim that fails and the accuracies measured.
    """
    lines = {(line["model"], line["length"]): line for line in memory["summary"]}
    longest = max(length for _, length in lines)
    clock, rnn = lines["clockwork", longest], lines["rnn", longest]
    if clock["solved"] != clock["runs"]:
        raise AssertionError(f"clockwork at length {longest}: {clock['text']} solved")
    if rnn["solved"] != 0 or max(rnn["accuracies"]) >= far_from_solved:
        raise AssertionError(
            f"RNN at length {longest}: {rnn['text']} solved, accuracies {rnn['accuracies']}, "
            f"claimed below {far_from_solved}"
        )
    erased: dict[int, list[float]] = {}
    for e in memory["erasure"]:
        if e["length"] == longest:
            erased.setdefault(e["period"], []).append(e["accuracy"])
    fastest, slowest = min(erased), max(erased)
    if min(erased[fastest]) < memory["solved_accuracy"]:
        raise AssertionError(f"erasing period {fastest} cost the answer: {erased[fastest]}")
    if max(erased[slowest]) >= far_from_solved:
        raise AssertionError(
            f"erasing period {slowest} left {erased[slowest]}, claimed below {far_from_solved}"
        )
