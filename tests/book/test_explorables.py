"""The interactive figures' data and pictures (lstm_explained.book.explorables)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from lstm_explained.book import explorables as X
from lstm_explained.book.explorables.page import decay_words, playground_words, sci, scrub_words
from lstm_explained.book.explorables.svg import decay_svg


def _box(svg: str, gid: str) -> tuple[float, float, float, float]:
    """The bounding box (x0, y0, x1, y1) of the path in the group ``gid`` of an SVG."""
    group = re.search(rf'<g id="{re.escape(gid)}">(.*?)</g>', svg, re.S).group(1)
    d = re.search(r' d="([^"]+)"', group).group(1)
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    xs, ys = nums[0::2], nums[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _rect(svg: str, rid: str) -> dict[str, float]:
    tag = re.search(rf'<rect id="{re.escape(rid)}"([^>]*)/>', svg).group(1)
    return {
        k: float(v) for k, v in re.findall(r'(x|y|width|height|data-x0|data-width)="([^"]+)"', tag)
    }


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + np.exp(-z))


# ---------------------------------------------------------------- the playground's test vectors
def test_the_playground_s_vectors_follow_the_six_equations_written_out_here():
    data = X.playground_data()
    W = data["weights"]
    assert len(data["vectors"]) == 1 + len(data["controls"]) + 24
    for vector in data["vectors"]:
        s, v = vector["inputs"], vector["values"]

        def pre(g: str, s=s) -> float:
            return W[f"W_{g}"][0] * s["h_prev"] + W[f"W_{g}"][1] * s["x"] + s[f"b_{g}"]

        f, i, o = _sigmoid(pre("f")), _sigmoid(pre("i")), _sigmoid(pre("o"))
        C_tilde = np.tanh(pre("C"))
        C = f * s["C_prev"] + i * C_tilde
        expected = {"f": f, "i": i, "C_tilde": C_tilde, "o": o, "C": C, "h": o * np.tanh(C)}
        for name, value in expected.items():
            assert v[name] == pytest.approx(value, rel=1e-12, abs=1e-13), name
        z = {"f": pre("f"), "i": pre("i"), "C_tilde": pre("C"), "o": pre("o")}
        assert vector["pre"] == pytest.approx(z, rel=1e-12, abs=1e-13)


def test_the_playground_shows_each_layer_s_pre_activation_at_its_start():
    fig = X.playground_figure()
    start = fig.data["vectors"][0]
    rows = re.findall(r'<td id="lx-play-pre-(\w+)-z">([^<]*)</td>', fig.html)
    assert dict(rows) == {k: X.fmt(v) for k, v in start["pre"].items()}
    assert '<td id="lx-play-pre-f-x">' in fig.html and "<caption>" in fig.html


def test_the_playground_s_key_press_vectors_move_one_control_one_step():
    data = X.playground_data(n_vectors=0)
    start = data["vectors"][0]["inputs"]
    for control, vector in zip(data["controls"], data["vectors"][1:], strict=True):
        moved = {k for k in start if vector["inputs"][k] != start[k]}
        assert moved == {control["name"]}
        step = vector["inputs"][control["name"]] - start[control["name"]]
        assert step == pytest.approx(control["step"])


def test_the_playground_s_weights_make_the_gates_move():
    """Weights that hardly move the gates would make a dull figure: at least one gate swings."""
    data = X.playground_data()
    f = [v["values"]["f"] for v in data["vectors"][: 1 + len(data["controls"])]]
    assert max(f) - min(f) > 0.01


# ---------------------------------------------------------------- scrub
def _trace(T: int = 5) -> dict:
    trace = {k: np.linspace(-0.9, 0.9, T) for k in X.PARTS}
    trace.update(words=[f"w{t}" for t in range(T)], unit=4, first_at=1, change_at=3)
    return trace


def test_scrub_data_gives_each_step_the_state_it_started_from():
    data = X.scrub_data(_trace())
    values = data["values"]
    assert values["C_prev"][1:] == values["C"][:-1] and values["C_prev"][0] == 0.0
    assert values["h_prev"][1:] == values["h"][:-1]
    assert data["start"] == 3 and data["unit"] == 4
    json.dumps(data)  # JSON-ready as it is


def test_scrub_data_rejects_a_trace_without_its_values():
    trace = _trace()
    del trace["C_tilde"]
    with pytest.raises(ValueError, match="C_tilde"):
        X.scrub_data(trace)
    trace = _trace()
    trace["f"] = trace["f"][:-1]
    with pytest.raises(ValueError, match="one entry per word"):
        X.scrub_data(trace)


def test_the_scrub_figure_s_page_holds_its_data_and_says_its_first_step():
    trace = _trace()
    trace["words"][2] = "</script>"
    fig = X.scrub_figure(trace)
    payload = re.search(r'<script type="application/json" class="lx-data">(.*?)</script>', fig.html)
    assert json.loads(payload.group(1)) == fig.data  # "</" escaped, so the page parses
    assert scrub_words(fig.data["words"], fig.data["values"], 3) in fig.html
    assert re.search(r"<div class=\"lx-controls\" style=\"[^\"]*\" hidden>", fig.html)


# ---------------------------------------------------------------- the module diagram with values
def test_the_level_bars_lie_inside_their_layer_boxes_and_show_the_value():
    svg = X.lstm_values_svg({"f": 1.0, "i": 0.25, "C_tilde": -0.5, "o": 0.0})
    for name, gid in [("f", "gate-f"), ("i", "gate-i"), ("C_tilde", "layer-C_tilde")]:
        x0, y0, x1, y1 = _box(svg, gid)
        bar = _rect(svg, f"level-{name}")
        assert x0 < bar["data-x0"] and bar["data-x0"] + bar["data-width"] < x1, name
        assert y0 < bar["y"] and bar["y"] + bar["height"] < y1, name
    f, i, c = (_rect(svg, f"level-{n}") for n in ("f", "i", "C_tilde"))
    assert f["width"] == pytest.approx(f["data-width"], abs=0.01)
    assert i["width"] == pytest.approx(0.25 * i["data-width"], abs=0.01)
    # the tanh layer's bar: from the middle, leftward for a negative value
    assert c["x"] + c["width"] == pytest.approx(c["data-x0"] + c["data-width"] / 2, abs=0.01)
    assert c["width"] == pytest.approx(0.25 * c["data-width"], abs=0.01)


def test_the_numbers_sit_under_their_layers():
    svg = X.lstm_values_svg({"f": 0.5, "o": -0.25, "C": 1.5}, prefix="p-")
    for name, gid in [("f", "p-gate-f"), ("o", "p-gate-o")]:
        x0, _, x1, y1 = _box(svg, gid)
        x, y = map(
            float, re.search(rf'id="p-value-{name}"[^>]*x="([^"]+)" y="([^"]+)"', svg).groups()
        )
        assert x0 < x < x1 and y > y1
    assert ">−0.25<" in svg and ">1.50<" in svg


def test_the_diagram_rejects_an_unknown_part():
    with pytest.raises(ValueError, match="no part"):
        X.lstm_values_svg({"z": 0.5})


def test_prefixed_ids_are_unique_and_every_reference_resolves():
    svg = X.lstm_values_svg({"f": 0.5}, prefix="fig1-")
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert ids and all(i.startswith("fig1-") for i in ids) and len(ids) == len(set(ids))
    refs = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg)
    assert all((a or b) in ids for a, b in refs)
    with pytest.raises(ValueError, match="prefix"):
        X.prefix_ids(svg, "1 bad")


# ---------------------------------------------------------------- decay
def test_decay_data_is_the_chapter_s_measurement():
    """The same seeds give the same curve as experiments.decay.gradient_decay, for a label both
    have (the curve there is the median over networks of the same geometric means)."""
    decay = pytest.importorskip("lstm_explained.book.experiments.decay")
    label = "LSTM, forget bias 3 (b_f = 3)"
    sizes = {"seeds": [0, 1, 2], "T": 31, "burn_in": 20, "batch_size": 8}
    theirs = decay.gradient_decay([label], **sizes)["median"][label]
    ours = X.decay_data([3], ["LSTM"], reference=False, **sizes)["rho"]["LSTM 3"]
    np.testing.assert_allclose(ours, theirs, rtol=1e-3)  # ours: four significant digits


def test_decay_data_orders_the_cells_as_their_bias_says():
    data = X.decay_data([0, 3], ["LSTM", "GRU"], seeds=[0, 1], T=41, burn_in=30, batch_size=8)
    rho = data["rho"]
    assert sorted(rho) == ["GRU 0", "GRU 3", "LSTM 0", "LSTM 3", "RNN"]
    for cell in ("LSTM", "GRU"):
        assert rho[f"{cell} 3"][40] > 100 * rho[f"{cell} 0"][40]
    assert rho["LSTM 3"][40] > 100 * rho["RNN"][40]
    assert all(r[0] == 1.0 for r in rho.values())  # rho(0) = 1 by definition


def test_decay_data_rejects_what_it_cannot_measure():
    with pytest.raises(ValueError, match="cell must be one of"):
        X.decay_data([1], ["LSTMX"], seeds=[0], T=3, burn_in=0)
    with pytest.raises(ValueError, match="at least one"):
        X.decay_data([], seeds=[0])


def test_the_decay_plot_draws_its_curve_where_the_map_says():
    data = X.decay_data([1, 3], ["LSTM"], seeds=[0], T=21, burn_in=5, batch_size=4)
    svg, m = decay_svg(data, "LSTM 1", data["rho"]["RNN"])
    group = re.search(r'<g id="curve-rho">(.*?)</g>', svg, re.S).group(1)
    d = re.search(r' d="([^"]+)"', group).group(1)
    points = np.array([float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]).reshape(-1, 2)
    rho = np.array(data["rho"]["LSTM 1"])
    expected = np.column_stack(
        [m["x0"] + m["xk"] * np.arange(21), m["y0"] + m["ylog"] * np.log10(rho)]
    )
    np.testing.assert_allclose(points[: len(expected)], expected, atol=0.02)


def test_the_decay_figure_says_what_its_first_curve_shows():
    data = X.decay_data([1, 3], ["LSTM"], seeds=[0], T=101, burn_in=0, batch_size=4)
    fig = X.decay_figure(data, start="LSTM 1")
    assert decay_words("LSTM", 1.0, data["rho"]["LSTM 1"]) in fig.html
    assert fig.data["map"] and fig.data["start"] == "LSTM 1"
    with pytest.raises(ValueError, match="key must be one of"):
        X.decay_figure(data, start="GRU 1")


# ---------------------------------------------------------------- how numbers are written
def test_numbers_are_written_with_a_true_minus_and_fixed_digits():
    assert X.fmt(-1.005, 1) == "−1.0" and X.fmt(2) == "2.00" and X.fmt(-0.0) == "0.00"
    assert sci(1.234e-12) == "1.2 × 10⁻¹²" and sci(0.5) == "0.50" and sci(0.0099) == "9.9 × 10⁻³"
    assert playground_words({k: -1.0 for k in X.PARTS}).startswith("f −1.00, i −1.00, C̃ −1.00")


def test_the_api_page_documents_every_public_name():
    import inspect

    from tests.test_book import documented, documented_as, source

    objects, modules = documented(source("api"))
    assert "lstm_explained.book.explorables" in modules
    for name in X.__all__:
        obj = getattr(X, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert documented_as(obj, name, objects), f"api.md misses explorables.{name}"


def test_the_playground_cell_is_the_one_the_figure_exports():
    data = X.playground_data(n_vectors=0)
    cell = X.playground_cell(b_o=-4.0)
    for gate in ("f", "i", "C", "o"):
        assert list(cell.params[f"W_{gate}"][0]) == data["weights"][f"W_{gate}"]
    assert cell.params["b_o"][0] == -4.0 and cell.params["b_f"][0] == 1.0
    with pytest.raises(ValueError, match="biases must be among"):
        X.playground_cell(b_x=1.0)
