r"""Seeded toy tasks that need a long memory: the pronoun language, the adding problem, copy-first.

Every generator takes a :class:`numpy.random.Generator` (or a seed) and returns a named tuple of
plain arrays whose first two fields are ``inputs`` (time-major, ``(T, B)`` tokens or
``(T, B, features)`` values) and ``targets`` (``(B,)``, what the model must output after the last
step). Nothing here touches numpy's global random state.

The pronoun language makes Olah's (2015) example concrete: a sentence names a subject, goes on
with filler words for a while, and ends with ``"."``; at the full stop the model must say *he* or
*she*, which only the subject's gender decides::

    the old quietly  king   then far ... slowly  .      ->  he
    t=0 1   2        3      4    5       3+gap-1 3+gap

With ``second_subject > 0`` some sentences name a second subject later on; then the *last*
subject decides the pronoun, and the model has to forget the first one's gender.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from ..cells.init import as_generator
from ..cells.validation import check_int

__all__ = [
    "FEMALE_SUBJECTS",
    "FILLERS",
    "MALE_SUBJECTS",
    "PERIOD",
    "PRONOUNS",
    "VOCABULARY",
    "AddingBatch",
    "CopyFirstBatch",
    "PronounBatch",
    "adding_batch",
    "copy_first_batch",
    "decode",
    "pronoun_batch",
    "pronoun_embeddings",
]

MALE_SUBJECTS = ("man", "king", "father", "brother", "boy", "uncle")
FEMALE_SUBJECTS = ("woman", "queen", "mother", "sister", "girl", "aunt")
FILLERS = (
    "the", "a", "old", "young", "tall", "quiet", "walked", "sat", "looked", "went",
    "slowly", "then", "far", "away", "home", "near", "river", "town", "road", "again",
    "later", "often", "there", "and", "still",
)  # fmt: skip
PERIOD = "."
#: Every word of the pronoun language; a token is an index into this tuple.
VOCABULARY = MALE_SUBJECTS + FEMALE_SUBJECTS + FILLERS + (PERIOD,)
#: The two classes of the pronoun task: target 0 is "he", target 1 is "she".
PRONOUNS = ("he", "she")

_N_MALE, _N_FEMALE, _N_FILLER = len(MALE_SUBJECTS), len(FEMALE_SUBJECTS), len(FILLERS)
_FIRST_FILLER = _N_MALE + _N_FEMALE
_PERIOD_TOKEN = len(VOCABULARY) - 1


def _check_fraction(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise TypeError(f"{name} must be a number in [0, 1]; got {value!r}")
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} must be a number in [0, 1]; got {value}")
    return float(value)


# ---------------------------------------------------------------------------- the pronoun language
class PronounBatch(NamedTuple):
    """A batch of the pronoun language (all arrays, time-major).

    Attributes
    ----------
    inputs : (T, B) int64 ndarray
        Token indices into :data:`VOCABULARY`; ``T = lead + gap + 1`` and the last token is ``"."``.
    targets : (B,) int64 ndarray
        The pronoun due at the full stop: 0 for *he*, 1 for *she* (see :data:`PRONOUNS`).
    gender : (T, B) int64 ndarray
        The gender of the most recent subject at every step: -1 before the first subject,
        0 male, 1 female. ``gender[-1]`` equals ``targets``.
    second_at : (B,) int64 ndarray
        The time step of the second subject, or -1 where the sentence has only one.
    """

    inputs: np.ndarray
    targets: np.ndarray
    gender: np.ndarray
    second_at: np.ndarray


def pronoun_batch(
    rng: np.random.Generator | int,
    batch_size: int,
    gap: int,
    *,
    second_subject: float = 0.0,
    second_max_distance: int = 30,
    lead: int = 3,
) -> PronounBatch:
    r"""Sentences of the pronoun language: fillers, a subject, ``gap - 1`` fillers, ``"."``.

    Parameters
    ----------
    rng : numpy.random.Generator or int
        The random generator (or a seed).
    batch_size : int
        ``B``, the number of sentences.
    gap : int
        Steps from the (first) subject to the full stop, at least 1; ``T = lead + gap + 1``.
    second_subject : float, default 0.0
        The probability that a sentence names a second subject, of a gender drawn independently
        (so half of them change the gender). It replaces the filler ``d`` steps before the full
        stop, ``d`` uniform in ``1 .. min(second_max_distance, gap - 1)``; needs ``gap >= 2``.
    second_max_distance : int, default 30
        The largest distance from the second subject to the full stop.
    lead : int, default 3
        Filler words before the first subject.

    Returns
    -------
    PronounBatch
        ``inputs`` (T, B) tokens, ``targets`` (B,), ``gender`` (T, B), ``second_at`` (B,).

    Notes
    -----
    Subjects are drawn uniformly from the 6 male and 6 female words, so each pronoun is due half
    of the time; fillers uniformly from the 25 filler words. A model that ignores the subject
    cannot beat 50 % accuracy.

    Examples
    --------
    >>> batch = pronoun_batch(0, batch_size=2, gap=4)
    >>> batch.inputs.shape, batch.targets.shape
    ((8, 2), (2,))
    >>> words = decode(batch.inputs[:, 0])
    >>> len(words), words[-1]
    (8, '.')
    >>> words[3] in MALE_SUBJECTS + FEMALE_SUBJECTS
    True
    """
    rng = as_generator(rng)
    B = check_int(batch_size, "batch_size")
    gap = check_int(gap, "gap")
    lead = check_int(lead, "lead", minimum=0)
    p_second = _check_fraction(second_subject, "second_subject")
    max_d = check_int(second_max_distance, "second_max_distance")
    if p_second > 0 and gap < 2:
        raise ValueError(
            f"second_subject > 0 needs gap >= 2 (room for a second subject); got {gap}"
        )
    T = lead + gap + 1
    tokens = _FIRST_FILLER + rng.integers(0, _N_FILLER, size=(T, B))
    tokens[-1] = _PERIOD_TOKEN
    gender = np.full((T, B), -1, dtype=np.int64)

    def put_subject(at: np.ndarray, columns: np.ndarray) -> None:
        g = rng.integers(0, 2, size=columns.size)
        word = rng.integers(0, _N_MALE, size=columns.size)  # both lists have 6 words
        tokens[at, columns] = np.where(g == 0, word, _N_MALE + word)
        from_here = np.arange(T)[:, None] >= at[None, :]
        gender[:, columns] = np.where(from_here, g[None, :], gender[:, columns])

    columns = np.arange(B)
    put_subject(np.full(B, lead), columns)
    second_at = np.full(B, -1, dtype=np.int64)
    if p_second > 0:
        has_second = np.flatnonzero(rng.random(B) < p_second)
        distance = rng.integers(1, min(max_d, gap - 1) + 1, size=has_second.size)
        second_at[has_second] = T - 1 - distance
        put_subject(second_at[has_second], has_second)
    return PronounBatch(tokens.astype(np.int64), gender[-1].copy(), gender, second_at)


def pronoun_embeddings(
    rng: np.random.Generator | int, dim: int = 16, *, gender_scale: float = 0.7
) -> np.ndarray:
    r"""A fixed embedding table for ``VOCABULARY`` in which gender is one shared direction.

    Every row is standard normal, except that the subject words are
    :math:`\sqrt{1 - s^2}\, r \pm s\, v` with their own normal :math:`r`, the same normal
    "gender direction" :math:`v` for all of them (``+`` male, ``-`` female) and :math:`s` =
    ``gender_scale``, so every entry still has variance 1.

    Parameters
    ----------
    rng : numpy.random.Generator or int
        The random generator (or a seed).
    dim : int, default 16
        The embedding size.
    gender_scale : float, default 0.7
        How much of each subject vector is the gender direction, in ``[0, 1]``.

    Returns
    -------
    ndarray
        One row per word of ``VOCABULARY``: ``(len(VOCABULARY), dim)``.

    Notes
    -----
    With purely random rows, the twelve subject words share nothing, and an LSTM learns the
    long-gap task unreliably; one-hot rows make it so easy that even a vanilla RNN solves it.
    The shared direction sits in between, as word embeddings of real text do.

    Examples
    --------
    >>> E = pronoun_embeddings(0, dim=16)
    >>> E.shape
    (38, 16)
    >>> king, queen = E[VOCABULARY.index("king")], E[VOCABULARY.index("queen")]
    >>> man, woman = E[VOCABULARY.index("man")], E[VOCABULARY.index("woman")]
    >>> bool((king - queen) @ (man - woman) > 0)    # the gender direction is shared
    True
    """
    rng = as_generator(rng)
    dim = check_int(dim, "dim")
    s = _check_fraction(gender_scale, "gender_scale")
    table = rng.standard_normal((len(VOCABULARY), dim))
    v = rng.standard_normal(dim)
    n_subjects = _N_MALE + _N_FEMALE
    sign = np.where(np.arange(n_subjects) < _N_MALE, 1.0, -1.0)[:, None]
    table[:n_subjects] = np.sqrt(1.0 - s * s) * table[:n_subjects] + s * sign * v
    return table


def decode(tokens: Sequence[int] | np.ndarray) -> list[str]:
    """The words of a sequence of pronoun-language tokens.

    Examples
    --------
    >>> decode([1, 29, 37])
    ['king', 'town', '.']
    """
    arr = np.asarray(tokens)
    if arr.ndim != 1 or arr.dtype.kind not in "iu":
        raise TypeError(f"tokens must be a 1-d sequence of ints; got shape {arr.shape} {arr.dtype}")
    if arr.size and (arr.min() < 0 or arr.max() >= len(VOCABULARY)):
        raise ValueError(f"tokens must lie in [0, {len(VOCABULARY)}); got {arr.min()}..{arr.max()}")
    return [VOCABULARY[k] for k in arr]


# ---------------------------------------------------------------------------- the adding problem
class AddingBatch(NamedTuple):
    """A batch of the adding problem.

    Attributes
    ----------
    inputs : (T, B, 2) float64 ndarray
        Channel 0: values uniform in [0, 1]; channel 1: 1.0 at the two marked steps, else 0.0.
    targets : (B,) float64 ndarray
        The sum of the two marked values.
    marked : (2, B) int64 ndarray
        The two marked time steps (the first in the first half, the second in the second half).
    """

    inputs: np.ndarray
    targets: np.ndarray
    marked: np.ndarray


def adding_batch(rng: np.random.Generator | int, batch_size: int, length: int) -> AddingBatch:
    r"""The adding problem: remember two marked numbers of a long sequence and output their sum.

    The long-memory test of Hochreiter & Schmidhuber (1997, experiment 4), in the simpler form
    used by later work (Le et al. 2015): a sequence of ``length`` random values in ``[0, 1]``
    with a marker channel that flags one step of the first half and one of the second half; the
    target after the last step is the sum of the two flagged values. Always answering 1 gives a
    mean squared error of about 1/6, the level to beat.

    Parameters
    ----------
    rng : numpy.random.Generator or int
        The random generator (or a seed).
    batch_size : int
        ``B``.
    length : int
        ``T``, at least 2.

    Returns
    -------
    AddingBatch
        ``inputs`` (T, B, 2), ``targets`` (B,), ``marked`` (2, B).

    Examples
    --------
    >>> import numpy as np
    >>> xs, y, marked = adding_batch(0, batch_size=3, length=10)
    >>> xs.shape, y.shape
    ((10, 3, 2), (3,))
    >>> np.allclose(y, (xs[:, :, 0] * xs[:, :, 1]).sum(axis=0))
    True
    """
    rng = as_generator(rng)
    B = check_int(batch_size, "batch_size")
    T = check_int(length, "length", minimum=2)
    half = T // 2
    inputs = np.zeros((T, B, 2))
    inputs[:, :, 0] = rng.random((T, B))
    marked = np.stack([rng.integers(0, half, size=B), rng.integers(half, T, size=B)])
    columns = np.arange(B)
    inputs[marked[0], columns, 1] = 1.0
    inputs[marked[1], columns, 1] = 1.0
    targets = inputs[marked[0], columns, 0] + inputs[marked[1], columns, 0]
    return AddingBatch(inputs, targets, marked)


# ---------------------------------------------------------------------------- copy-first
class CopyFirstBatch(NamedTuple):
    """A batch of the copy-first task.

    Attributes
    ----------
    inputs : (T, B) int64 ndarray
        Symbols in ``[0, num_symbols)``.
    targets : (B,) int64 ndarray
        The first symbol of each sequence, ``inputs[0]``.
    """

    inputs: np.ndarray
    targets: np.ndarray


def copy_first_batch(
    rng: np.random.Generator | int, batch_size: int, length: int, num_symbols: int = 8
) -> CopyFirstBatch:
    r"""Copy-first: read ``length`` random symbols, then name the first one.

    The plainest long-memory task: everything after the first step is distraction, and the answer
    has to survive ``length - 1`` steps. Chance accuracy is ``1 / num_symbols``.

    Parameters
    ----------
    rng : numpy.random.Generator or int
        The random generator (or a seed).
    batch_size : int
        ``B``.
    length : int
        ``T``, at least 1.
    num_symbols : int, default 8
        The alphabet size, at least 2.

    Returns
    -------
    CopyFirstBatch
        ``inputs`` (T, B) symbols and ``targets`` (B,).

    Examples
    --------
    >>> tokens, first = copy_first_batch(0, batch_size=4, length=6)
    >>> tokens.shape, bool((first == tokens[0]).all())
    ((6, 4), True)
    """
    rng = as_generator(rng)
    B = check_int(batch_size, "batch_size")
    T = check_int(length, "length")
    K = check_int(num_symbols, "num_symbols", minimum=2)
    tokens = rng.integers(0, K, size=(T, B)).astype(np.int64)
    return CopyFirstBatch(tokens, tokens[0].copy())
