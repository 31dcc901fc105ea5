"""The vocabulary and the windows of truncated BPTT."""

import numpy as np
import pytest

from lstm_explained.lm.text import Vocabulary, stream_windows


def test_vocabulary_round_trip():
    vocab = Vocabulary("the cat sat")
    assert vocab.chars == " acehst" and len(vocab) == 7
    tokens = vocab.encode("a hat")
    assert tokens.tolist() == [1, 0, 4, 1, 6]
    assert vocab.decode(tokens) == "a hat"


def test_windows_continue_each_other_row_by_row():
    tokens = np.arange(101)
    inputs, targets = stream_windows(tokens, batch_size=4, window=5)
    K, T, B = inputs.shape
    assert (K, T, B) == (5, 5, 4)  # L = 25 per row, 5 windows of 5
    rows = inputs.transpose(2, 0, 1).reshape(B, K * T)  # each row's windows, concatenated
    for b in range(B):
        assert rows[b].tolist() == list(range(25 * b, 25 * b + 25))
    np.testing.assert_array_equal(targets, inputs + 1)


def test_windows_drop_the_incomplete_tail():
    inputs, _ = stream_windows(np.arange(23), batch_size=2, window=4)
    assert inputs.shape == (2, 4, 2)  # L = 11, two whole windows of 4


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: Vocabulary(""), ValueError, "at least one"),
        (lambda: Vocabulary("ab").encode("abc"), ValueError, "outside the vocabulary"),
        (lambda: Vocabulary("ab").encode(3), TypeError, "str"),
        (lambda: Vocabulary("ab").decode([2]), ValueError, r"\[0, 2\)"),
        (lambda: Vocabulary("ab").decode([0.0]), TypeError, "ints"),
        (lambda: stream_windows(np.arange(5), 2, 4), ValueError, "too short"),
        (lambda: stream_windows(np.arange(50), 0, 4), ValueError, "batch_size"),
        (lambda: stream_windows(np.zeros(50), 2, 4), TypeError, "int"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
