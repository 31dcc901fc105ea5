"""The practice chapter's figures: arrows meet their nodes, labels stay apart, same bytes twice."""

from __future__ import annotations

import io
import math

import pytest
from test_diagrams import layout_faults

from lstm_explained.book.diagrams import practice, save_svg
from lstm_explained.book.diagrams.drawing import _node_size, wire_points
from lstm_explained.book.diagrams.spec import At

DIAGRAMS = {"stack": practice.stack_diagram(), "bidirectional": practice.bidirectional_diagram()}
FIGURES = {"stack": practice.stack, "bidirectional": practice.bidirectional}


@pytest.mark.parametrize("name", sorted(DIAGRAMS))
def test_arrows_meet_the_outline_of_their_nodes(name):
    d = DIAGRAMS[name]
    for wire in d.wires:
        pts = wire_points(d, wire)
        for end, p in ((wire.route[0], pts[0]), (wire.route[-1], pts[-1])):
            if not isinstance(end, At):
                continue
            node = d[end.node]
            w, h = _node_size(node)
            dx, dy = p[0] - node.xy[0], p[1] - node.xy[1]
            if node.kind == "op":
                assert math.isclose((dx / (w / 2)) ** 2 + (dy / (h / 2)) ** 2, 1.0, rel_tol=1e-9)
            else:
                on_side = math.isclose(abs(dx), w / 2) and abs(dy) <= h / 2 + 1e-9
                on_top = math.isclose(abs(dy), h / 2) and abs(dx) <= w / 2 + 1e-9
                assert on_side or on_top, (wire.name, p)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_labels_are_inside_the_panel_and_do_not_overlap(name):
    assert layout_faults(FIGURES[name]()) == []


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_same_svg_twice_with_its_alt_text(name):
    out = []
    for _ in range(2):
        buf = io.StringIO()
        save_svg(FIGURES[name](), buf)
        out.append(buf.getvalue())
    assert out[0] == out[1] and practice.ALT[name][:30] in out[0]


def test_highlight_fades_the_other_direction():
    d = practice.bidirectional_diagram()
    assert d.members({"backward"}) >= {"bw.t0", "bw.s0", "x0.bw"}
    assert not d.members({"backward"}) & {"fw.t0", "fw.s0"}
    with pytest.raises(ValueError, match="highlight names no part"):
        practice.stack(highlight={"layer3"})
