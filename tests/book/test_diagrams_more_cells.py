"""The diagrams of the depth-gated LSTM and the clockwork RNN name what the models compute, and
the clockwork figure's modules update and read as ClockworkRNNCell does."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explained import ClockworkRNNCell, DepthGatedLSTM
from lstm_explained.book import diagrams
from lstm_explained.book.diagrams import clock_schedule, more_cells, style
from lstm_explained.book.diagrams.svg import svg_text


def test_depth_gated_labels_are_the_values_of_layer_2():
    _, values = DepthGatedLSTM(3, 4, num_layers=2, rng=0).step(np.ones((1, 3)))
    expected = {k for k in values if k.startswith("layer2.")} | {"layer1.C"}
    assert more_cells.depth_gated().quantities == expected


def test_clockwork_labels_are_the_values_of_step():
    _, values = ClockworkRNNCell(3, 4, periods=(1, 2), rng=0).step(np.ones((1, 3)), t=0)
    assert more_cells.clockwork().quantities == set(values)


def test_parts_as_documented():
    assert more_cells.depth_gated().parts == {"forget", "input", "output", "cell_state", "depth"}
    assert more_cells.clockwork().parts == {"candidate", "clock", "hidden_state"}


def test_the_depth_gate_reads_x_t_and_the_two_cells_but_not_h_prev():
    d = more_cells.depth_gated()
    into_d = {w.name for w in d.wires if getattr(w.route[-1], "node", None) == "gate-d"}
    assert into_d == {"x_to_d", "C_prev_to_d", "C_low_to_d"}


@pytest.mark.parametrize("name", ["depth_gated", "clockwork"])
def test_figures_draw_the_same_bytes_and_carry_the_registry_s_alt_text(name):
    fig = diagrams.module(name)
    assert fig.alt == diagrams.ALT[name] and len(fig.alt) > 80
    assert svg_text(fig) == svg_text(diagrams.module(name))


def colours(fig) -> dict[str, str]:
    """The face (shapes) or text colour of every named artist, as hex."""
    from matplotlib.colors import to_hex

    ax = fig.axes[0]
    out = {p.get_gid(): to_hex(p.get_facecolor()) for p in ax.patches if p.get_gid()}
    out |= {t.get_gid(): to_hex(t.get_color()) for t in ax.texts if t.get_gid()}
    return out


def test_highlighting_the_clock_fades_everything_else():
    """Fails if highlighting is ignored: the tanh layer must fade, the clock must not."""
    plain, lit = (
        colours(diagrams.module("clockwork")),
        colours(diagrams.module("clockwork", highlight={"clock"})),
    )
    for gid in ("op-one_minus", "label-u", "op-times_keep"):
        assert lit[gid] == plain[gid], gid
    for gid in ("layer-h_tilde", "label-h_tilde", "label-x", "op-plus"):
        assert lit[gid] == style.faded(plain[gid]) != plain[gid], gid


# ------------------------------------------------------------------ the clockwork's modules
PERIODS = (1, 2, 4, 8)


def test_the_schedule_updates_and_reads_as_the_model_does():
    cell = ClockworkRNNCell(2, 8, periods=PERIODS, rng=0)  # two units per module
    _, filled = clock_schedule.schedule(PERIODS, steps=16)
    first = [2 * k for k in range(len(PERIODS))]  # the first unit of each module
    for k, unit in enumerate(first):
        for t in range(16):
            assert (f"tick-{k}-{t}" in filled) == bool(cell.active(t)[unit]), (k, t)
        for j, other in enumerate(first):
            assert (f"read-{k}-{j}" in filled) == bool(cell.mask[unit, other]), (k, j)
    ticks = [sum(f"tick-{k}-{t}" in filled for t in range(16)) for k in range(4)]
    assert ticks == [16, 8, 4, 2]


def test_the_figure_fills_exactly_the_filled_blocks():
    fig = diagrams.clockwork_modules()
    _, filled = clock_schedule.schedule(PERIODS, steps=16)
    faces = colours(fig)
    blocks = {g for g in faces if g.startswith(("tick-", "read-"))}
    assert len(blocks) == 4 * 16 + 4 * 4
    full = {g for g in blocks if faces[g] == style.MARK_FACE.lower()}
    assert full == filled
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {f"$T = {p}$" for p in PERIODS} <= texts and {"0", "15"} <= texts


def test_bad_schedules_are_refused():
    with pytest.raises(ValueError, match="sorted from fast to slow"):
        clock_schedule.schedule((2, 1))
    with pytest.raises(ValueError, match="steps must be a positive int"):
        clock_schedule.schedule(PERIODS, steps=0)
    with pytest.raises(TypeError, match="periods must be a sequence"):
        clock_schedule.schedule(3)
