"""Experiment 3, small: the gender unit is found, and its forget gate drops at a new subject."""

import numpy as np
import pytest

from lstm_explained.book.experiments.gates import gate_values, watch_gates
from lstm_explained.training.tasks import FEMALE_SUBJECTS, MALE_SUBJECTS, PERIOD


@pytest.fixture(scope="module")
def trace():
    # gap 12 and 16 hidden units: learned in about 300 steps, well under a second
    return watch_gates(1, gap=12, hidden_size=16, test_size=500)


def test_the_model_learns_two_subject_sentences(trace):
    assert trace["accuracy"] > 0.97


def test_a_gender_unit_is_found(trace):
    assert abs(trace["r"]) > 0.7
    assert trace["decode_accuracy"] > 0.85  # the sign of one number tells the gender
    assert 0 <= trace["unit"] < 16 and abs(trace["r"]) >= trace["runner_up_r"]


def test_the_chosen_sentence_changes_subject(trace):
    words, gender = trace["words"], trace["gender"]
    first, change = trace["first_at"], trace["change_at"]
    assert len(words) == 3 + 12 + 1 and words[-1] == PERIOD
    assert words[first] in MALE_SUBJECTS + FEMALE_SUBJECTS
    assert words[change] in MALE_SUBJECTS + FEMALE_SUBJECTS
    assert first < change and gender[change - 1] != gender[change]
    assert (words[change] in FEMALE_SUBJECTS) == (gender[change] == 1)


def test_the_forget_gate_drops_at_the_change(trace):
    f, change = trace["f"], trace["change_at"]
    assert f[change] < 0.3
    others = np.delete(f[trace["first_at"] + 1 :], change - trace["first_at"] - 1)
    assert np.median(others) > 0.8
    # over all test sentences the gate stays open between subjects ...
    assert trace["f_elsewhere"] > 0.75
    # ... and closes when a subject of one gender arrives, whatever came before
    by_new = {}
    for key, value in trace["f_at_subject"].items():
        by_new.setdefault(key.split("->")[1], []).append(value)
    closing = min(by_new, key=lambda k: max(by_new[k]))
    assert max(by_new[closing]) < 0.6
    assert min(by_new["he" if closing == "she" else "she"]) > 0.9


def test_the_cell_value_tracks_the_gender_along_the_sentence(trace):
    seen = trace["gender"] >= 0
    male = trace["gender"][seen] == 0
    says_male = np.sign(trace["r"]) * trace["C"][seen] > 0
    assert np.mean(says_male == male) > 0.7


def test_same_seed_same_trace():
    a = watch_gates(2, gap=5, max_steps=20, test_size=100)
    b = watch_gates(2, gap=5, max_steps=20, test_size=100)
    assert a["unit"] == b["unit"] and a["words"] == b["words"]
    assert np.array_equal(a["f"], b["f"]) and a["f_at_subject"] == b["f_at_subject"]


def test_gate_values_stacks_the_steps():
    from lstm_explained import LSTMCell

    cell = LSTMCell(2, 3, rng=0)
    xs = np.random.default_rng(0).standard_normal((4, 2, 2))
    values = gate_values(cell, xs)
    hs, _, _ = cell.forward(xs)
    assert set(values) == {"f", "i", "C_tilde", "C", "o", "h"}
    assert np.allclose(values["h"], hs)
