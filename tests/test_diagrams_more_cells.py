"""The diagrams of the depth-gated LSTM and the clockwork RNN name what the models compute."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explained import ClockworkRNNCell, DepthGatedLSTM
from lstm_explained.diagrams import more_cells
from lstm_explained.diagrams.render import svg_text


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
    into_d = {w.name for w in d.wires if getattr(w.route[-1], "node", None) == "sigma_d"}
    assert into_d == {"x_to_d", "C_prev_to_d", "C_low_to_d"}


@pytest.mark.parametrize("name", sorted(more_cells.MORE_CELLS))
def test_figures_draw_the_same_bytes_and_carry_alt_text(name):
    fig = more_cells.figure(name)
    assert len(fig.alt) > 80
    assert svg_text(fig) == svg_text(more_cells.figure(name))


@pytest.mark.parametrize(
    ("name", "part"),
    [
        (n, p)
        for n in sorted(more_cells.MORE_CELLS)
        for p in sorted(more_cells.MORE_CELLS[n]().parts)
    ],
)
def test_each_part_can_be_highlighted(name, part):
    fig = more_cells.figure(name, highlight={part})
    drawn = {a.get_gid() for a in fig.axes[0].get_children() if a.get_gid()}
    assert more_cells.MORE_CELLS[name]().members({part}) <= drawn


def test_unknown_name_is_refused():
    with pytest.raises(ValueError, match=r"name must be one of \['clockwork', 'depth_gated'\]"):
        more_cells.figure("lstm")
