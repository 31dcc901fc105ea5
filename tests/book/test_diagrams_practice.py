"""The practice chapter's figures: arrows meet their nodes, labels stay apart, same bytes twice."""

from __future__ import annotations

import io

import pytest
from test_diagrams import check_arrows_meet_nodes, layout_faults

from lstm_explained.book.diagrams import practice, save_svg

DIAGRAMS = {"stack": practice.stack_diagram(), "bidirectional": practice.bidirectional_diagram()}
FIGURES = {"stack": practice.stack, "bidirectional": practice.bidirectional}


def test_arrows_meet_the_outline_of_their_nodes():
    """The check of every other diagram (test_diagrams), on these two."""
    for d in DIAGRAMS.values():
        check_arrows_meet_nodes(d)


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
