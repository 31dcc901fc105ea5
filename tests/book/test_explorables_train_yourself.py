"""The "Train it yourself" page's package side: its test vectors, data, build-time runs, figure.

The browser side (the page's script agreeing with these vectors) is in
tests/built_site/test_playground.py.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import numpy as np
import pytest

from lstm_explained.book.explorables.train_page import runs_words, train_figure
from lstm_explained.book.explorables.train_yourself import (
    AGREEMENT_UPDATES,
    SETTINGS,
    agreement_vectors,
    build_runs,
    check_runs,
    make_model,
    page_data,
)
from lstm_explained.training.losses import softmax_cross_entropy
from lstm_explained.training.tasks import pronoun_embeddings

STATIC = Path(__file__).resolve().parents[2] / "docs" / "_static" / "playground"


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_the_vectors_are_what_the_package_computes(cell):
    v = agreement_vectors(cell)
    table = np.asarray(v["table"]).reshape(-1, v["input_size"])
    np.testing.assert_array_equal(table, pronoun_embeddings(0, v["input_size"]))
    model = make_model(cell, v["hidden_size"], 1.0, rng=0, table=table, dtype=np.float64)
    for name, p in model.params.items():
        np.testing.assert_array_equal(p.ravel(), v["params"][name])
    tokens = np.asarray(v["first"]["tokens"]).reshape(v["T"], v["B"])
    logits, cache = model.forward(tokens)
    loss, d = softmax_cross_entropy(logits, np.asarray(v["first"]["targets"]))
    assert loss == v["loss"]
    grads = model.backward(d, cache)
    assert sorted(grads) == sorted(v["grads"])
    for name, g in grads.items():
        np.testing.assert_array_equal(g.ravel(), v["grads"][name])
    # the updates, some clipped and the moves large: the comparison after them means something
    assert len(v["batches"]) == len(v["losses"]) == len(v["norms"]) == AGREEMENT_UPDATES
    clipped = sum(n > v["clip"] for n in v["norms"])
    assert clipped >= 1
    moved = max(np.max(np.abs(np.subtract(v["final"][k], v["params"][k]))) for k in v["params"])
    assert moved > 0.1


def test_the_vectors_follow_the_cells_gate_conventions():
    lstm, gru = agreement_vectors("lstm", bias=2.0), agreement_vectors("gru", bias=2.0)
    assert set(lstm["params"]["cell.b_f"]) == {2.0}
    assert set(gru["params"]["cell.b_z"]) == {-2.0}  # the keep bias: z near 0 keeps
    names = ["cell.W", "cell.b", "readout.W", "readout.b"]
    assert list(agreement_vectors("rnn")["params"]) == names


def test_page_data_is_the_training_chapter_s_settings_with_a_smaller_network():
    data = page_data()
    assert data["hidden_size"] == 16 and data["batch_size"] == 64
    assert data["lr"] == 4e-3 and data["clip"] == 1.0 and data["stop_below"] == 0.02
    assert len(data["table"]) == 38 * data["input_size"]
    assert data["vocabulary"][-1] == "." and data["chance"] == 0.5
    json.dumps(data)  # JSON-ready


def test_build_runs_record_what_the_page_plots():
    d = page_data({**SETTINGS, "budget": 30, "configs": [{"cell": "gru", "gap": 3, "bias": 3}]})
    (run,) = build_runs(d, test_size=50, test_every=10)
    assert run["updates"] == len(run["losses"]) == len(run["norms"]) <= 30
    assert run["at"][0] == 0 and run["at"][-1] == run["updates"]
    assert len(run["at"]) == len(run["accuracy"])


def test_check_runs_refuses_a_gated_run_that_did_not_solve():
    data = page_data()
    lstm = {"cell": "lstm", "gap": 20, "accuracy": [0.5, 0.99], "updates": 150}
    check_runs([lstm], data)
    with pytest.raises(AssertionError, match="claimed solved"):
        check_runs([{**lstm, "accuracy": [0.5, 0.9]}], data)
    with pytest.raises(AssertionError, match="claimed solved"):
        check_runs([{**lstm, "updates": data["budget"]}], data)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_page_s_claim_holds_for_seeds_0_1_2(seed):
    """The page's build-time runs (RNN and LSTM, gap 20, 16 units): the LSTM solves before the
    budget, the RNN stays at chance, for each seed (the page shows seed 0)."""
    data = page_data({**SETTINGS, "seed": seed})
    check_runs(build_runs(data), data)


def test_the_figure_holds_the_static_picture_the_data_and_the_page_s_assets():
    data = page_data()
    run = {"cell": "lstm", "gap": 20, "bias": 3.0, "losses": [0.7, 0.1], "norms": [2.0, 0.5],
           "at": [0, 2], "accuracy": [0.5, 0.97], "updates": 2}  # fmt: skip
    fig = train_figure(data, [run], alt="The runs.", caption="Caption.")
    html = fig.html
    assert '<svg role="img" aria-label="The runs."' in html
    assert 'class="lxt-controls" hidden' in html and 'class="lxt-live" hidden' in html
    raw = re.search(r'class="lxt-data">(.*?)</script>', html).group(1)
    assert json.loads(raw)["budget"] == data["budget"]
    assert '<script src="_static/playground/playground.js" defer>' in html
    assert runs_words([run], data) in html
    assert "<figcaption>Caption.</figcaption>" in html


def test_the_page_s_own_scripts_are_small():
    """The page's script, the worker and the training core: at most 30 KB gzipped together."""
    total = sum(
        len(gzip.compress((STATIC / name).read_bytes(), 9))
        for name in ("playground.js", "worker.js", "train.js", "playground.css")
    )
    assert total <= 30_000, total
