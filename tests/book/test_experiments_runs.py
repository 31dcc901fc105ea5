"""Seeds split into streams; jobs over worker processes; results independent of the split."""

import os

import numpy as np
import pytest

from lstm_explained.book.experiments.runs import default_workers, run_many, seed_list, seed_streams


def _pid_and_sum(a, b):
    return os.getpid(), a + b


def test_streams_are_independent_and_reproducible():
    a = seed_streams(7, ("weights", "data", "test"))
    b = seed_streams(7, ("weights", "data", "test"))
    draws = {k: g.standard_normal(4) for k, g in a.items()}
    assert all(np.array_equal(draws[k], g.standard_normal(4)) for k, g in b.items())
    assert not np.array_equal(draws["weights"], draws["data"])
    assert not np.array_equal(
        draws["weights"], seed_streams(8, ("weights",))["weights"].standard_normal(4)
    )
    # adding a stream at the end leaves the earlier ones alone
    c = seed_streams(7, ("weights", "data", "test", "more"))
    assert np.array_equal(c["data"].standard_normal(4), draws["data"])
    # the documented construction
    child = np.random.SeedSequence(7).spawn(3)[1]
    assert np.array_equal(np.random.default_rng(child).standard_normal(4), draws["data"])


def test_seed_list():
    assert seed_list(4) == [0, 1, 2, 3] and seed_list((9, 2)) == [9, 2]
    for bad in (0, [], [1, 1], [-1]):
        with pytest.raises(ValueError, match="seeds"):
            seed_list(bad)
    with pytest.raises(ValueError, match="seed must be a non-negative int"):
        seed_streams(-1, ("a",))
    with pytest.raises(ValueError, match="names must be distinct"):
        seed_streams(0, ("a", "a"))


def test_run_many_keeps_order_and_uses_two_processes():
    jobs = [((i, 10), {}) for i in range(6)]
    here = run_many(_pid_and_sum, jobs, workers=1)
    spread = run_many(_pid_and_sum, jobs, workers=2)
    assert [r for _, r in here] == [r for _, r in spread] == [10, 11, 12, 13, 14, 15]
    assert {pid for pid, _ in here} == {os.getpid()}
    assert os.getpid() not in {pid for pid, _ in spread}
    assert 1 <= default_workers() <= 2


def test_run_many_checks_workers():
    with pytest.raises(ValueError, match="workers must be a positive int"):
        run_many(divmod, [((1, 1), {})], workers=0)
    for bad in (1.5, True):
        with pytest.raises(TypeError, match="workers must be a positive int"):
            run_many(divmod, [((1, 1), {})], workers=bad)


def test_default_workers_follows_the_environment(monkeypatch):
    monkeypatch.setenv("LSTM_EXPLAINED_WORKERS", "1")
    assert default_workers() == 1
    monkeypatch.setenv("LSTM_EXPLAINED_WORKERS", "3")
    assert default_workers() == 3
    for bad in ("0", "two", "-1", ""):
        monkeypatch.setenv("LSTM_EXPLAINED_WORKERS", bad)
        with pytest.raises(ValueError, match="LSTM_EXPLAINED_WORKERS"):
            default_workers()
