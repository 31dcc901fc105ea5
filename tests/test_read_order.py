"""docs/_ext/read_order: the order in which a parallel build reads the chapters, tested on the
book's own documents and costs without building it."""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

import pytest
from sphinx.util.parallel import make_chunks

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from read_order import DEFAULT_COST, balanced_order  # noqa: E402

DOCS = sorted(p.stem for p in (ROOT / "docs").glob("*.md"))


@pytest.fixture(scope="module")
def costs():
    return runpy.run_path(str(ROOT / "conf.py"))["read_order_costs"]


def finish_time(order, nproc, costs):
    """When the last chunk ends, scheduled as Sphinx does: chunks in order, nproc at a time."""
    free = [0.0] * nproc
    for chunk in make_chunks(order, nproc):
        k = free.index(min(free))
        free[k] += sum(costs.get(d, DEFAULT_COST) for d in chunk)
    return max(free)


def test_the_costs_name_only_documents_of_the_book(costs):
    assert set(costs) <= set(DOCS)
    assert {"language-model", "training", "variants", "practice"} <= set(costs)


@pytest.mark.parametrize("nproc", [2, 3, 4])
def test_the_order_is_the_same_documents_and_balances_the_chunks(costs, nproc):
    order = balanced_order(DOCS, nproc, costs)
    assert sorted(order) == DOCS
    total = sum(costs.get(d, DEFAULT_COST) for d in DOCS)
    longest = max(costs.values())
    # better than the alphabet, and within 10 % of a perfect split
    assert finish_time(order, nproc, costs) < finish_time(DOCS, nproc, costs) - 3
    assert finish_time(order, nproc, costs) <= 1.1 * max(total / nproc, longest)


def test_on_two_cores_the_two_first_chunks_carry_about_the_same(costs):
    order = balanced_order(DOCS, 2, costs)
    chunks = make_chunks(order, 2)
    loads = [sum(costs.get(d, DEFAULT_COST) for d in c) for c in chunks]
    alphabet = [sum(costs.get(d, DEFAULT_COST) for d in c) for c in make_chunks(DOCS, 2)]
    assert abs(loads[0] - loads[1]) <= 3, loads
    assert abs(alphabet[0] - alphabet[1]) > 10, alphabet  # what it was
    assert all(load <= 2 for load in loads[2:])  # the late chunks get the cheap documents


def test_one_process_or_one_document_keeps_the_order():
    assert balanced_order(["b", "a"], 1, {"a": 5}) == ["b", "a"]
    assert balanced_order(["a"], 4, {}) == ["a"]


def test_the_order_does_not_depend_on_the_order_given(costs):
    assert balanced_order(DOCS, 2, costs) == balanced_order(DOCS[::-1], 2, costs)


def test_a_parallel_read_runs_the_chapters_jobs_without_pools(monkeypatch):
    import read_order

    monkeypatch.delenv("LSTM_EXPLAINED_WORKERS", raising=False)
    read_order._one_worker_per_chapter(type("App", (), {"parallel": 1})())
    assert "LSTM_EXPLAINED_WORKERS" not in os.environ
    read_order._one_worker_per_chapter(type("App", (), {"parallel": 2})())
    assert os.environ["LSTM_EXPLAINED_WORKERS"] == "1"


def test_a_parallel_read_finds_the_execution_cache_made(tmp_path):
    import read_order

    def app(parallel, mode):
        config = type("Config", (), {"nb_execution_mode": mode,
                                     "nb_execution_cache_path": str(tmp_path / mode)})  # fmt: skip
        return type("App", (), {"parallel": parallel, "config": config})()

    read_order._execution_cache_made_first(app(1, "cache"))
    read_order._execution_cache_made_first(app(2, "force"))
    assert not (tmp_path / "cache").exists() and not (tmp_path / "force").exists()
    read_order._execution_cache_made_first(app(2, "cache"))
    assert (tmp_path / "cache" / "global.db").is_file()
