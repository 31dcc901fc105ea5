"""The toy tasks: shapes, the rules of each task, their statistics, seeding and bad input."""

import numpy as np
import pytest

from lstm_explained.training.tasks import (
    FEMALE_SUBJECTS,
    FILLERS,
    MALE_SUBJECTS,
    PERIOD,
    VOCABULARY,
    adding_batch,
    copy_first_batch,
    decode,
    pronoun_batch,
    pronoun_embeddings,
)

MALE = [VOCABULARY.index(w) for w in MALE_SUBJECTS]
FEMALE = [VOCABULARY.index(w) for w in FEMALE_SUBJECTS]
FILLER = [VOCABULARY.index(w) for w in FILLERS]


def test_vocabulary_has_the_measured_sizes():
    assert (len(MALE_SUBJECTS), len(FEMALE_SUBJECTS), len(FILLERS)) == (6, 6, 25)
    assert len(set(VOCABULARY)) == len(VOCABULARY) == 38
    assert VOCABULARY[-1] == PERIOD


def test_pronoun_sentence_layout():
    batch = pronoun_batch(0, batch_size=200, gap=7, lead=3)
    T = 3 + 7 + 1
    assert batch.inputs.shape == (T, 200) and batch.inputs.dtype == np.int64
    assert np.all(batch.inputs[-1] == VOCABULARY.index("."))
    assert np.all(np.isin(batch.inputs[:3], FILLER))
    assert np.all(np.isin(batch.inputs[3], MALE + FEMALE))
    assert np.all(np.isin(batch.inputs[4:-1], FILLER))
    # the target is the subject's gender: 0 (he) for a male word, 1 (she) for a female one
    assert np.array_equal(batch.targets, np.isin(batch.inputs[3], FEMALE).astype(int))
    assert np.all(batch.second_at == -1)
    assert np.all(batch.gender[:3] == -1) and np.all(batch.gender[3:] == batch.targets)


def test_pronoun_statistics():
    batch = pronoun_batch(1, batch_size=6000, gap=5)
    # each pronoun half of the time: the binomial standard deviation is 0.0065
    assert abs(batch.targets.mean() - 0.5) < 0.03
    # every subject word and every filler word is used about equally often
    subject_counts = np.bincount(batch.inputs[3], minlength=12)[:12]
    assert subject_counts.min() > 0.8 * 6000 / 12
    filler_counts = np.bincount(batch.inputs[:3].ravel(), minlength=38)[FILLER]
    assert filler_counts.min() > 0.8 * 3 * 6000 / 25


def test_second_subject_rules():
    gap, p = 40, 0.5
    batch = pronoun_batch(2, batch_size=4000, gap=gap, second_subject=p, second_max_distance=30)
    T = 3 + gap + 1
    has = batch.second_at >= 0
    assert abs(has.mean() - p) < 0.04
    distance = T - 1 - batch.second_at[has]
    assert distance.min() == 1 and distance.max() == 30
    cols = np.flatnonzero(has)
    assert np.all(np.isin(batch.inputs[batch.second_at[has], cols], MALE + FEMALE))
    # the last subject decides the target; the second one's gender is independent of the first
    last = batch.inputs[batch.second_at[has], cols]
    assert np.array_equal(batch.targets[has], np.isin(last, FEMALE).astype(int))
    changed = batch.gender[3, has] != batch.targets[has]
    assert abs(changed.mean() - 0.5) < 0.05
    # before the second subject the gender is the first subject's
    for b in cols[:50]:
        t2 = batch.second_at[b]
        assert np.all(batch.gender[3:t2, b] == batch.gender[3, b])
        assert np.all(batch.gender[t2:, b] == batch.targets[b])
    # only subject words at the two subject positions
    subjects = np.isin(batch.inputs, MALE + FEMALE)
    assert np.array_equal(subjects.sum(axis=0), 1 + has)


def test_short_gap_keeps_the_second_subject_inside_the_gap():
    batch = pronoun_batch(3, batch_size=500, gap=3, second_subject=1.0)
    assert np.all((batch.second_at >= 4) & (batch.second_at <= 5))


def test_pronoun_batch_is_seeded():
    a = pronoun_batch(7, 32, 10, second_subject=0.5)
    b = pronoun_batch(np.random.default_rng(7), 32, 10, second_subject=0.5)
    c = pronoun_batch(8, 32, 10, second_subject=0.5)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert not np.array_equal(a.inputs, c.inputs)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"gap": 0}, ValueError, "gap"),
        ({"gap": 2.5}, TypeError, "gap"),
        ({"batch_size": True}, TypeError, "batch_size"),
        ({"second_subject": 1.5}, ValueError, "second_subject"),
        ({"gap": 1, "second_subject": 0.5}, ValueError, "gap >= 2"),
    ],
)
def test_pronoun_batch_bad_input(kwargs, error, match):
    args = {"batch_size": 4, "gap": 5} | kwargs
    with pytest.raises(error, match=match):
        pronoun_batch(0, **args)


def test_embeddings_share_one_gender_direction():
    # Each subject row is sqrt(0.51) r + / - 0.7 v. For a male and a female word the difference
    # is sqrt(0.51) (r1 - r2) + 1.4 v; two such differences with no word in common share only
    # the 1.4 v, so their cosine is 1.96 / (2 * 0.51 + 1.96) = 0.658 in high dimension.
    E = pronoun_embeddings(0, dim=4000)
    d1 = E[MALE[0]] - E[FEMALE[0]]
    d2 = E[MALE[1]] - E[FEMALE[1]]
    cosine = d1 @ d2 / np.linalg.norm(d1) / np.linalg.norm(d2)
    assert abs(cosine - 1.96 / 2.98) < 0.04
    # fillers share nothing, and every row has unit variance per entry
    f1, f2 = E[FILLER[0]], E[FILLER[1]]
    assert abs(f1 @ f2 / np.linalg.norm(f1) / np.linalg.norm(f2)) < 0.06
    assert np.all(np.abs(E.var(axis=1) - 1.0) < 0.1)


def test_embeddings_gender_scale_extremes():
    E0 = pronoun_embeddings(1, dim=16, gender_scale=0.0)
    E1 = pronoun_embeddings(1, dim=16, gender_scale=1.0)
    assert np.allclose(E1[MALE], E1[MALE[0]]) and np.allclose(E1[FEMALE], -E1[MALE[0]])
    assert not np.allclose(E0[MALE], E0[MALE[0]])
    assert E0.shape == (38, 16)
    with pytest.raises(ValueError, match="gender_scale"):
        pronoun_embeddings(0, gender_scale=2.0)


def test_decode():
    assert decode(np.array([0, 6, 12, 37])) == ["man", "woman", "the", "."]
    with pytest.raises(ValueError, match="tokens"):
        decode([38])
    with pytest.raises(TypeError, match="tokens"):
        decode(np.zeros((2, 2), dtype=int))


def test_adding_problem_rules_and_statistics():
    xs, y, marked = adding_batch(0, batch_size=5000, length=20)
    assert xs.shape == (20, 5000, 2) and y.shape == (5000,)
    values, markers = xs[:, :, 0], xs[:, :, 1]
    assert values.min() >= 0.0 and values.max() <= 1.0
    assert np.array_equal(markers.sum(axis=0), np.full(5000, 2.0))
    first = np.argmax(markers, axis=0)
    second = 19 - np.argmax(markers[::-1], axis=0)
    assert np.all(first < 10) and np.all(second >= 10)
    assert np.array_equal(first, marked[0]) and np.array_equal(second, marked[1])
    cols = np.arange(5000)
    assert np.allclose(y, values[first, cols] + values[second, cols])
    # the sum of two uniforms: mean 1, variance 1/6 (the error of always answering 1)
    assert abs(y.mean() - 1.0) < 0.02
    assert abs(np.mean((y - 1.0) ** 2) - 1 / 6) < 0.01
    with pytest.raises(ValueError, match="length"):
        adding_batch(0, 4, 1)


def test_copy_first_rules_and_statistics():
    tokens, first = copy_first_batch(0, batch_size=8000, length=12, num_symbols=4)
    assert tokens.shape == (12, 8000) and np.array_equal(first, tokens[0])
    counts = np.bincount(tokens.ravel(), minlength=4) / tokens.size
    assert np.all(np.abs(counts - 0.25) < 0.01)
    with pytest.raises(ValueError, match="num_symbols"):
        copy_first_batch(0, 4, 3, num_symbols=1)
