"""The chapters' claims about trained models: the checks themselves, and (slow) each chapter's
experiment with the chapter's settings over the seeds 0, 1 and 2, through the same check."""

import pytest
from threadpoolctl import threadpool_limits

from lstm_explained.book.experiments import (
    check_clockwork,
    check_gate_story,
    check_solved,
    clockwork_memory,
    compare_variants,
    gate_story,
    long_gap_summary,
    long_gap_sweep,
    watch_gates,
)
from lstm_explained.book.experiments.claims import GATE_STORY
from lstm_explained.book.experiments.pronoun import pronoun_row, train_pronoun
from lstm_explained.book.experiments.sweep import pronoun_sweep

RNN = "RNN"
LSTM0 = "LSTM, forget bias 0 (b_f = 0)"
LSTM1 = "LSTM, forget bias 1 (b_f = 1)"
LSTM3 = "LSTM, forget bias 3 (b_f = 3)"
GRU0 = "GRU, keep bias 0 (b_z = 0)"
GRU3 = "GRU, keep bias 3 (b_z = -3)"
SEEDS = [0, 1, 2]


def _line(accuracies, steps, model=RNN, gap=20):
    solved = sum(a >= 0.95 for a in accuracies)
    return {"model": model, "gap": gap, "solved": solved, "runs": len(accuracies),
            "accuracies": accuracies, "steps": steps, "threshold": 0.95, "chance": 0.5}  # fmt: skip


def test_check_solved_passes_all_or_nothing():
    lines = [_line([0.99, 1.0], [100, 120], model=LSTM3), _line([0.5, 0.52], [300, 300])]
    check_solved(lines, solved=[(LSTM3, 20)], unsolved=[(RNN, 20)], budget=300)


@pytest.mark.parametrize(
    ("line", "claim", "message"),
    [
        (_line([0.99, 0.6], [100, 300]), "solved", "solved by 1 of 2 seeds"),
        (_line([0.99, 0.99], [100, 290]), "solved", "more than 90 % of the budget"),
        (_line([0.99, 0.5], [100, 300]), "unsolved", "claimed by none"),
        (_line([0.5, 0.8], [300, 300]), "unsolved", "from chance"),  # half learned
    ],
)
def test_check_solved_names_the_broken_claim(line, claim, message):
    with pytest.raises(AssertionError, match=message):
        check_solved([line], **{claim: [(RNN, 20)]}, budget=300)


def test_check_solved_also_reads_variant_lines():
    line = _line([0.99], [90])
    line["variant"] = line.pop("model")
    check_solved([line], solved=[(RNN, 20)])


def test_done_runs_are_not_trained_again_and_give_the_same_rows():
    with threadpool_limits(limits=1, user_api="blas"):  # as the sweep runs it
        run = train_pronoun(LSTM3, 3, 0, max_steps=30, test_size=100)
    done = [pronoun_row(run, LSTM3, 3, 0)]
    done[0]["steps"] = -1  # a marker: the row is used as given
    rows = pronoun_sweep([LSTM3], [3], 2, workers=1, max_steps=30, test_size=100, done=done)
    assert rows[0] is done[0]
    fresh = pronoun_sweep([LSTM3], [3], [0], workers=1, max_steps=30, test_size=100)
    assert fresh[0]["accuracy"] == run.accuracy and fresh[0]["steps"] == run.history.steps
    assert rows[1]["seed"] == 1 and rows[1]["steps"] > 0


def test_gate_story_and_its_bounds():
    story = gate_story(watch_gates(0, gap=6, max_steps=40, test_size=200))
    assert set(GATE_STORY) <= set(story) and {story["wipe"], story["keep"]} == {"he", "she"}
    check_gate_story(story, {"h_sign_at_stop": (1.0, 1.0)})  # o > 0: h has the sign of C
    with pytest.raises(AssertionError, match=r"abs_r = 0.6 not in \[0.8, 1\]"):
        check_gate_story({"abs_r": 0.6}, {"abs_r": (0.8, 1.0)})


# The chapters' experiments, with the chapters' settings, over seeds 0, 1 and 2.


@pytest.mark.slow
def test_training_chapter_sweep_and_bias_claims_hold_for_seeds_0_1_2():
    """docs/training.md: the training curves (gap 20), the long-gap sweep and the forget-bias
    runs, budget 300, checked as the chapter checks them."""
    gaps, budget = [5, 20, 40], 300
    sweep = long_gap_sweep([RNN, LSTM3, GRU3], gaps, SEEDS, max_steps=budget)
    summary = long_gap_summary(sweep)
    check_solved(summary, solved=[(LSTM3, 20)], unsolved=[(RNN, 20)], budget=budget)  # curves
    check_solved(
        summary,
        solved=[(m, gap) for m in (LSTM3, GRU3) for gap in gaps] + [(RNN, 5)],
        unsolved=[(RNN, 20), (RNN, 40)],
        budget=budget,
    )
    bias_runs = long_gap_sweep([LSTM0], [20], SEEDS, max_steps=budget)
    bias_runs += long_gap_sweep([LSTM1], [20, 40], SEEDS, max_steps=budget)
    check_solved(
        long_gap_summary(bias_runs),
        solved=[(LSTM1, 20)],
        unsolved=[(LSTM0, 20), (LSTM1, 40)],
        budget=budget,
    )


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_walkthrough_gate_story_holds_for_seeds_0_1_2(seed):
    """docs/walkthrough.md: whatever unit comes first, its gates act as the chapter says."""
    check_gate_story(gate_story(watch_gates(seed)))


@pytest.mark.slow
def test_variants_chapter_comparison_holds_for_seeds_0_1_2():
    """docs/variants.md: at gap 20 within 200 steps, the keepers solve from every seed, the
    zero-bias gated cells and the RNN from none."""
    keepers = [LSTM3, "peephole LSTM, forget bias 3 (b_f = 3)",
               "coupled LSTM (CIFG), forget bias 3 (b_f = 3)", GRU3]  # fmt: skip
    starters = [GRU0, LSTM0, RNN]
    rows = compare_variants(keepers + starters, [20], SEEDS, max_steps=200)
    check_solved(
        rows, solved=[(v, 20) for v in keepers], unsolved=[(v, 20) for v in starters], budget=200
    )


@pytest.mark.slow
def test_variants_chapter_clockwork_claims_hold_for_seeds_0_1_2():
    """docs/variants.md: the clockwork RNN's memory, lengths 16 and 64."""
    check_clockwork(clockwork_memory(lengths=[16, 64], seeds=SEEDS))
