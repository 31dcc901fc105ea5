"""Tests of lstm_explained.book.diagrams: the figures draw, they name what the models compute,
highlighting changes exactly the highlighted parts, and the SVG is the same bytes every time."""

from __future__ import annotations

import hashlib
import math
import subprocess
import sys

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import lstm_explained as lx
from lstm_explained.book import diagrams
from lstm_explained.book.diagrams import cells, registry, sketches
from lstm_explained.book.diagrams.compose import chain, shift_time
from lstm_explained.book.diagrams.drawing import _node_size, wire_points
from lstm_explained.book.diagrams.spec import At, Diagram, Label, Node, Wire
from lstm_explained.cells.registry import MODELS as ALL_MODELS

# Every public figure function, called as the book calls it.
FIGURES = {
    "rnn_loop": diagrams.rnn_loop,
    "rnn_unrolled": diagrams.rnn_unrolled,
    "dependencies-short": lambda: diagrams.dependencies("short"),
    "dependencies-long": lambda: diagrams.dependencies("long"),
    "rnn_chain": diagrams.rnn_chain,
    "lstm_chain": diagrams.lstm_chain,
    "notation": diagrams.notation,
    "cell_state": diagrams.cell_state,
    "gate": diagrams.gate,
    **{f"lstm_step-{s}": (lambda s=s: diagrams.lstm_step(s)) for s in diagrams.STEPS},
    **{f"module-{m}": (lambda m=m: diagrams.module(m)) for m in diagrams.DIAGRAMS},
    "clockwork_modules": diagrams.clockwork_modules,
}

MODELS = {
    "rnn": lx.RNNCell,
    "lstm": lx.LSTMCell,
    "peephole": lx.PeepholeLSTMCell,
    "coupled": lx.CoupledLSTMCell,
    "gru": lx.GRUCell,
}


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def by_gid(fig: Figure) -> dict[str, object]:
    ax = fig.axes[0]
    return {a.get_gid(): a for a in (*ax.patches, *ax.texts) if a.get_gid() is not None}


def style(artist) -> tuple:
    """What highlighting may change: colours and line widths, not geometry."""
    if hasattr(artist, "get_text"):
        box = artist.get_bbox_patch()
        return (artist.get_color(), None if box is None else tuple(box.get_facecolor()))
    return (tuple(artist.get_facecolor()), tuple(artist.get_edgecolor()), artist.get_linewidth())


# ------------------------------------------------------------------ every figure draws
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_draws_with_alt_text(name):
    fig = FIGURES[name]()
    assert isinstance(fig, Figure)
    assert len(fig.alt) > 60 and fig.alt.endswith(".")
    FigureCanvasAgg(fig).draw()  # warnings are errors (pyproject), so this draws cleanly


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rnn_loop", {"$A$", "$x_t$", "$h_t$"}),
        (
            "rnn_unrolled",
            {"$x_0$", "$x_1$", "$x_2$", "$x_t$", "$h_0$", "$h_t$", "$=$", r"$\cdots$"},
        ),
        ("dependencies-short", {"$x_0$", "$x_4$", "$h_3$"}),
        ("dependencies-long", {"$x_0$", "$x_1$", "$x_t$", "$x_{t+1}$", "$h_{t+1}$", r"$\cdots$"}),
        ("rnn_chain", {r"$\tanh$", "$x_{t-1}$", "$x_t$", "$x_{t+1}$", "$h_{t-1}$", "$h_{t+1}$"}),
        ("lstm_chain", {r"$\sigma$", r"$\tanh$", r"$\times$", "$+$", "$x_{t+1}$", "$h_{t-1}$"}),
        ("gate", {r"$\sigma$", r"$\times$"}),
        ("cell_state", {"$C_{t-1}$", "$C_t$", "$h_{t-1}$", "$x_t$", "$f_t$", "$i_t$", "$o_t$"}),
        ("module-gru", {"$z_t$", "$r_t$", r"$\tilde{h}_t$", "$h_{t-1}$", "$1{-}$"}),
        ("module-coupled", {"$f_t$", r"$\tilde{C}_t$", "$1{-}$", "$C_t$"}),
    ],
)
def test_figure_shows_its_labels(name, expected):
    assert expected <= set(texts(FIGURES[name]()))


def test_chains_have_three_copies_of_their_layers():
    lstm = texts(diagrams.lstm_chain())
    assert lstm.count(r"$\sigma$") == 9 and lstm.count(r"$\tanh$") == 6  # 3 layers, 3 ops
    assert texts(diagrams.rnn_chain()).count(r"$\tanh$") == 3


def test_notation_names_the_five_symbols():
    words = " ".join(texts(diagrams.notation())).replace("\n", " ")
    for caption in ("Neural network layer", "Pointwise operation", "Vector transfer"):
        assert caption in words
    assert "Concatenate" in words and "Copy" in words
    gids = by_gid(diagrams.notation())
    assert {"layer", "op", "transfer", "concat_ab", "copy_a", "copy_b"} <= set(gids)


def test_dependencies_mark_the_relevant_inputs_only():
    for gap, out in (("short", "$h_3$"), ("long", "$h_{t+1}$")):
        ax = diagrams.dependencies(gap).axes[0]
        marked = {t.get_text() for t in ax.texts if t.get_bbox_patch() is not None}
        assert marked == {"$x_0$", "$x_1$", out}


def test_coupled_variant_has_no_input_gate_layer():
    gids = by_gid(diagrams.module("coupled"))
    assert "gate-i" not in gids and "op-one_minus" in gids
    assert "gate-i" in by_gid(diagrams.module("lstm"))


# ------------------------------------------------------------------ descriptions match models
@pytest.mark.parametrize("name", sorted(MODELS))
def test_description_names_exactly_the_values_of_the_model(name):
    cell = MODELS[name](3, 4, rng=np.random.default_rng(0))
    _, values = cell.step(np.ones((2, 3)))
    assert diagrams.describe(name).quantities == set(values)


def test_every_model_has_a_description_and_words():
    assert list(diagrams.DIAGRAMS) == list(ALL_MODELS)
    assert set(diagrams.DIAGRAMS) <= set(diagrams.ALT)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_quantity_labels_show_the_quantity(name):
    # the label of C_tilde shows \tilde{C}, the label of h shows h ...
    symbol = {"C_tilde": r"\tilde{C}", "h_tilde": r"\tilde{h}"}
    for lb in diagrams.describe(name).labels:
        if lb.quantity is not None:
            assert lb.text.startswith("$" + symbol.get(lb.quantity, lb.quantity) + "_")


# ------------------------------------------------------------------ highlighting
HIGHLIGHTS = [
    (name, part)
    for name in sorted(registry.DIAGRAMS)
    for part in sorted(registry.describe(name).parts)
]


@pytest.mark.parametrize(("name", "part"), HIGHLIGHTS)
def test_highlighting_changes_exactly_the_highlighted_parts(name, part):
    diagram = registry.describe(name)
    faded = by_gid(diagrams.render(diagram, highlight=set()))
    lit = by_gid(diagrams.render(diagram, highlight={part}))
    assert faded.keys() == lit.keys()
    changed = {gid for gid in lit if style(lit[gid]) != style(faded[gid])}
    members = diagram.members({part})
    expected = {gid for gid in lit if gid.split(".text")[0] in members}
    assert members and changed == expected


def test_highlighted_parts_look_as_in_the_plain_figure():
    plain = by_gid(diagrams.module("lstm"))
    lit = by_gid(diagrams.lstm_step("forget"))
    for gid in ("gate-f", "gate-f.text", "f_out", "label-f"):
        assert style(lit[gid]) == style(plain[gid])
    for gid in ("gate-o", "op-plus", "label-C_tilde"):
        assert style(lit[gid]) != style(plain[gid])
    assert style(lit["frame"]) == style(plain["frame"])  # frames never fade


def test_each_walkthrough_step_lights_its_symbols():
    want = {
        "forget": {"$f_t$"},
        "input": {"$i_t$", r"$\tilde{C}_t$"},
        "update": {"$C_{t-1}$", "$C_t$"},
        "output": {"$o_t$", "$h_t$"},
    }
    dark = diagrams.style.INK
    for step, symbols in want.items():
        ax = diagrams.lstm_step(step).axes[0]
        lit = {
            t.get_text()
            for t in ax.texts
            if t.get_color() == dark and t.get_gid() in {lb.name for lb in cells.lstm().labels}
        }
        assert symbols <= lit, step


def test_cell_state_figure_lights_only_the_top_line():
    lit = {
        g
        for g, a in by_gid(diagrams.cell_state()).items()
        if style(a) == style(by_gid(diagrams.module("lstm"))[g])
    }
    assert {"line-C-in", "line-C-kept", "line-C-out", "op-times_f", "op-plus"} <= lit
    assert not {"gate-f", "gate-i", "layer-C_tilde", "gate-o", "line-h-out", "C_new"} & lit


def test_unknown_highlight_is_refused():
    with pytest.raises(ValueError, match="highlight names no part"):
        diagrams.module("lstm", highlight={"forgett"})


# ------------------------------------------------------------------ geometry a reader sees
ALL_DIAGRAMS = {
    **{name: registry.describe(name) for name in registry.DIAGRAMS},
    "loop": sketches.loop(),
    "unrolled": sketches.unrolled(),
    "notation": sketches.notation(),
    "gate": sketches.gate(),
    "lstm-chain": chain(cells.lstm()),
}


@pytest.mark.parametrize("name", sorted(ALL_DIAGRAMS))
def test_arrows_meet_the_outline_of_their_nodes(name):
    check_arrows_meet_nodes(ALL_DIAGRAMS[name])


def check_arrows_meet_nodes(d: Diagram) -> None:
    """Every wire that starts or ends at a node touches that node's outline."""
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


def layout_faults(fig: Figure) -> list[tuple[str, str]]:
    """Labels outside the panel, and labels touching each other or a layer or operation."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    gids = by_gid(fig)
    panel = gids["panel"].get_window_extent(renderer)
    boxes = {t.get_gid(): t.get_window_extent(renderer) for t in fig.axes[0].texts}
    faults = [
        (gid, "panel")
        for gid, box in boxes.items()
        if not (
            panel.x0 <= box.x0 and box.x1 <= panel.x1 and panel.y0 <= box.y0 <= box.y1 <= panel.y1
        )
    ]
    free = {g: b for g, b in boxes.items() if not g.endswith(".text")}
    solid = {n.name for n in fig.diagram.nodes if n.kind in ("layer", "op", "block")}
    shapes = {g: a.get_window_extent(renderer) for g, a in gids.items() if g in solid}
    names = sorted(free)
    for i, a in enumerate(names):
        faults += [(a, b) for b in names[i + 1 :] if free[a].overlaps(free[b])]
        faults += [(a, s) for s, box in shapes.items() if free[a].overlaps(box)]
    return faults


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_labels_are_inside_the_panel_and_do_not_overlap(name):
    assert layout_faults(FIGURES[name]()) == []


def test_layout_faults_are_found():
    d = cells.rnn()
    crowded = Diagram(
        "crowded",
        d.nodes,
        d.wires,
        (*d.labels, Label("on_tanh", "$y$", d["layer-h"].xy), Label("far", "$z$", (40.0, 0.0))),
        d.bounds,
    )
    faults = layout_faults(diagrams.render(crowded))
    assert ("on_tanh", "layer-h") in faults and ("far", "panel") in faults


# ------------------------------------------------------------------ same bytes every time
def test_svg_is_the_same_twice_in_one_process():
    a = diagrams.svg_text(diagrams.lstm_step("output"))
    b = diagrams.svg_text(diagrams.lstm_step("output"))
    assert a == b and a.startswith("<?xml")
    assert "<dc:date>" not in a


_DIGEST = """
import hashlib
from lstm_explained.book import diagrams as D
figs = [D.rnn_unrolled(), D.lstm_chain(), D.variant("gru"), D.lstm_step("input")]
print(hashlib.sha256("".join(D.svg_text(f) for f in figs).encode()).hexdigest())
"""


def test_svg_is_the_same_bytes_in_two_fresh_processes():
    runs = [
        subprocess.run(
            [sys.executable, "-c", _DIGEST], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and len(runs[0].strip()) == 64


def test_save_svg_writes_the_same_file(tmp_path):
    fig = diagrams.gate()
    diagrams.save_svg(fig, tmp_path / "a.svg")
    diagrams.save_svg(fig, tmp_path / "b.svg")
    a, b = (tmp_path / "a.svg").read_bytes(), (tmp_path / "b.svg").read_bytes()
    assert a == b and hashlib.sha256(a).hexdigest() == hashlib.sha256(b).hexdigest()
    assert b'id="sigma"' in a  # element names become SVG ids


def test_save_svg_refuses_what_is_not_a_figure():
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        diagrams.save_svg("not a figure", "x.svg")


# ------------------------------------------------------------------ the data model
def test_duplicate_names_are_refused():
    with pytest.raises(ValueError, match="used twice"):
        Diagram("d", labels=(Label("a", "$a$", (0, 0)), Label("a", "$b$", (1, 1))))


def test_wire_on_unknown_node_is_refused():
    with pytest.raises(ValueError, match="unknown node 'n'"):
        Diagram("d", wires=(Wire("w", ((0, 0), At("n"))),))


def test_bad_names_are_refused():
    with pytest.raises(ValueError, match="name must be one of"):
        diagrams.describe("lstm2")
    with pytest.raises(ValueError, match="step must be one of"):
        diagrams.lstm_step("remember")
    with pytest.raises(ValueError, match="name must be one of"):
        diagrams.module("lstm2")
    with pytest.raises(ValueError, match="gap must be 'short' or 'long'"):
        diagrams.dependencies("medium")
    with pytest.raises(TypeError, match="diagram must be a Diagram"):
        diagrams.render(cells.lstm)
    with pytest.raises(ValueError, match="mark names no element"):
        diagrams.render(cells.rnn(), mark={"nothing"})


def test_chain_needs_a_period():
    with pytest.raises(ValueError, match="no period"):
        chain(sketches.gate())


@pytest.mark.parametrize(
    ("text", "time", "expected"),
    [
        ("$x_t$", "t-1", "$x_{t-1}$"),
        ("$h_{t-1}$", "t+1", "$h_t$"),
        ("$h_{t+1}$", "0", "$h_1$"),
        (r"$\tanh$", "3", r"$\tanh$"),
        ("$C_{t-1}$ to $C_t$", "t", "$C_{t-1}$ to $C_t$"),
    ],
)
def test_shift_time(text, time, expected):
    assert shift_time(text, time) == expected


def test_shift_time_refuses_a_bad_time():
    with pytest.raises(ValueError, match="a time must look like"):
        shift_time("$x_t$", "tomorrow")


def test_a_new_cell_is_just_a_description():
    # a made-up cell with one layer and one op is drawn, chained and highlighted like the others
    d = Diagram(
        "toy",
        nodes=(
            Node("frame", "frame", "", (1.5, 1.5), size=(3, 3)),
            Node("s", "layer", r"$\sigma$", (1.5, 1.0), frozenset({"g"})),
        ),
        wires=(
            Wire("in", ((-0.5, 1.0), At("s")), frozenset({"g"})),
            Wire("out", (At("s"), (3.5, 1.0))),
        ),
        labels=(Label("y", "$y_t$", (1.5, 2.5), "y", role="output"),),
        bounds=(-0.7, -0.2, 3.7, 3.2),
        period=4.0,
    )
    fig = diagrams.render(chain(d, ("t", "t+1")), highlight={"g"})
    assert sorted(texts(fig)) == [r"$\sigma$", r"$\sigma$", "$y_t$", "$y_{t+1}$"]


def test_the_palette_is_okabe_ito_in_one_place():
    from lstm_explained.book.diagrams import style as S
    from lstm_explained.book.experiments import plots

    assert len(set(S.PALETTE)) == 7 and set(S.PALETTE) <= set(S.OKABE_ITO.values())
    assert S.PALETTE[:2] == (S.OKABE_ITO["blue"], S.OKABE_ITO["vermillion"])
    # the plots use the same colours (once they import them, the same object)
    assert tuple(getattr(plots, "COLORS", S.PALETTE)) == S.PALETTE


def test_every_diagrams_module_is_reachable_by_its_dotted_name():
    import importlib
    import pkgutil

    names = [m.name for m in pkgutil.iter_modules(diagrams.__path__)]
    assert "drawing" in names and "render" not in names
    for name in names:
        module = importlib.import_module(f"lstm_explained.book.diagrams.{name}")
        assert getattr(diagrams, name) is module, name  # no function of the same name hides it
