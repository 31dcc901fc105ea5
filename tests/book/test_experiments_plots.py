"""The plot helpers draw on the given axes, return their artists, and label what they show."""

import io
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lstm_explained.book.experiments.decay import gradient_decay  # noqa: E402
from lstm_explained.book.experiments.plots import (  # noqa: E402
    COLORS,
    plot_cell_value,
    plot_gate_values,
    plot_gradient_decay,
    plot_long_gap,
    plot_losses,
)

TRACE = {
    "words": ["the", "old", "a", "king", "sat", "queen", "far", "."],
    "C": np.array([0.0, 0.0, 0.0, 0.9, 1.2, -0.4, -0.8, -0.9]),
    "f": np.array([0.9, 0.9, 0.9, 0.95, 0.99, 0.05, 0.97, 0.98]),
    "i": np.array([0.1, 0.1, 0.1, 0.8, 0.2, 0.9, 0.3, 0.1]),
    "unit": 7,
    "first_at": 3,
    "change_at": 5,
}


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_gradient_decay_plot(ax):
    result = gradient_decay(["RNN", "LSTM, forget bias 3 (b_f = 3)"], seeds=[0, 1], T=21)
    artists = plot_gradient_decay(ax, result)
    lines = [a for a in artists if isinstance(a, matplotlib.lines.Line2D)]
    assert [line.get_label() for line in lines] == ["RNN", "LSTM, forget bias 3 ($b_f = 3$)"]
    assert np.allclose(lines[0].get_ydata(), result["median"]["RNN"])
    assert ax.get_yscale() == "log" and len(artists) == 4  # two lines, two shaded ranges
    assert len(plot_gradient_decay(ax, result, spread=False)) == 2


def test_long_gap_plot(ax):
    rows = [
        {"model": m, "gap": g, "seed": s, "accuracy": a}
        for m, acc in (("RNN", (1.0, 0.5)), ("LSTM", (1.0, 1.0)))
        for g, a in zip((5, 80), acc, strict=True)
        for s in (0, 1, 2)
    ]
    artists = plot_long_gap(ax, rows)
    assert len(artists) == 4  # a median line and the seeds' markers per model
    rnn = artists[0]
    assert list(rnn.get_xdata()) == [5, 80] and list(rnn.get_ydata()) == [1.0, 0.5]
    assert rnn.get_color() == COLORS[0] and artists[2].get_marker() != rnn.get_marker()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["5", "80"]


def test_gate_trace_plots(ax):
    artists = plot_cell_value(ax, TRACE)
    assert np.allclose(artists[0].get_ydata(), TRACE["C"])
    labels = ax.get_xticklabels()
    assert [t.get_text() for t in labels] == TRACE["words"]
    assert [t.get_fontweight() for t in labels][3] == "bold"
    assert labels[4].get_fontweight() != "bold"
    fig, ax2 = plt.subplots()
    artists = plot_gate_values(ax2, TRACE, words=False)
    assert np.allclose(artists[0].get_ydata(), TRACE["f"])
    assert np.allclose(artists[1].get_ydata(), TRACE["i"])
    assert ax2.get_ylim() == pytest.approx((-0.04, 1.04))
    plt.close(fig)


def test_losses_plot(ax):
    histories = {"a": SimpleNamespace(losses=np.array([0.7, 0.3])),
                 "b": SimpleNamespace(losses=np.array([0.7, 0.69, 0.7]))}  # fmt: skip
    artists = plot_losses(ax, histories)
    assert [a.get_label() for a in artists[:2]] == ["a", "b"]
    assert list(artists[1].get_xdata()) == [1, 2, 3]


def test_drawing_is_deterministic():
    def svg():
        fig, ax = plt.subplots()
        plot_gate_values(ax, TRACE)
        buffer = io.BytesIO()
        with matplotlib.rc_context({"svg.hashsalt": "test"}):
            fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
        return buffer.getvalue()

    assert svg() == svg()


def test_long_gap_legend_and_chance_line(ax):
    rows = [
        {"model": m, "gap": g, "seed": 0, "accuracy": a}
        for m, g, a in [("GRU, keep bias 3 (b_z = -3)", 5, 1.0), ("RNN", 5, 0.2)]
    ]
    plot_long_gap(ax, rows, chance=0.125)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["GRU, keep bias 3 ($b_z = -3$)", "RNN"]
    assert any(list(line.get_ydata()) == [0.125, 0.125] for line in ax.get_lines())
    assert "chance = 0.125" in ax.get_ylabel()


def test_palette_is_the_diagrams_palette():
    from lstm_explained.book.diagrams.style import OKABE_ITO

    assert set(COLORS) <= set(OKABE_ITO.values()) and len(set(COLORS)) == len(COLORS) == 7


def test_history_plots_draw_the_recorded_quantities(ax):
    from lstm_explained.book.experiments.plots import plot_history
    from lstm_explained.training.loop import TrainHistory

    h = TrainHistory(
        losses=np.array([0.7, 0.2]), accuracies=np.array([0.5, 0.9]), ema=np.array([0.7, 0.6]),
        grad_norms=np.array([2.0, 0.5]), clip=1.0, steps=2, seconds=0.1, stopped_early=False,
    )  # fmt: skip
    lines = plot_history(ax, {"LSTM, forget bias 3 (b_f = 3)": h}, "accuracies", chance=0.25)
    assert list(lines[0].get_ydata()) == [0.5, 0.9] and list(lines[-1].get_ydata()) == [0.25] * 2
    ax.clear()
    lines = plot_history(ax, {"a": h}, "losses", chance=0.25)
    assert lines[-1].get_ydata()[0] == pytest.approx(np.log(4))
    with pytest.raises(ValueError, match="quantity must be one of"):
        plot_history(ax, {"a": h}, "ema")
