"""The interactive figures (lstm_explained.book.explorables) in headless Chromium.

Each figure is found by its ``data-lx`` kind on whatever page holds it. Moving each control by
keyboard must change what the figure shows to the values exported at build time (formatted by
the package's own functions); the playground's own evaluation of the LSTM equations must agree
with the package's ``step`` on the exported test vectors to 1e-12. No console error, no request
to another host, and the static figure (without controls) when scripts are off.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from lstm_explained.book.explorables.data import LAYERS, PARTS
from lstm_explained.book.explorables.page import (
    decay_words,
    playground_words,
    pre_terms,
    scrub_words,
)
from lstm_explained.book.explorables.svg import fmt

from .conftest import AXE_JS, ROOT, SITE_DIR

KINDS = ("scrub", "decay", "playground")
IDS = {"scrub": "lx-scrub", "decay": "lx-decay", "playground": "lx-play"}


def _page_of(kind: str) -> str:
    for path in sorted(SITE_DIR.rglob("*.html")):
        if f'data-lx="{kind}"' in path.read_text(encoding="utf-8", errors="replace"):
            return path.relative_to(SITE_DIR).as_posix()
    pytest.skip(f"no page of {SITE_DIR} holds the {kind} figure")


def _data(kind: str) -> dict:
    text = (SITE_DIR / _page_of(kind)).read_text(encoding="utf-8")
    at = text.index(f'id="{IDS[kind]}"')
    raw = re.search(r'<script type="application/json" class="lx-data">(.*?)</script>', text[at:])
    return json.loads(raw.group(1))


@pytest.fixture
def open_figure(browser, server):
    """Open the page of a figure; yields (page, console errors, requests to other hosts)."""
    base, _ = server
    contexts = []

    def _open(kind: str, *, width: int = 1280, scripts: bool = True, mode: str = "light"):
        ctx = browser.new_context(
            viewport={"width": width, "height": 900},
            java_script_enabled=scripts,
            color_scheme=mode,
        )
        ctx.add_init_script(f"localStorage.setItem('mode','{mode}');")
        contexts.append(ctx)
        page = ctx.new_page()
        errors: list[str] = []
        foreign: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "request",
            lambda r: None if r.url.startswith((base, "data:", "blob:")) else foreign.append(r.url),
        )
        page.goto(base + _page_of(kind))
        page.wait_for_load_state("networkidle")
        _come_to(page, IDS[kind], scripts)
        return page, errors, foreign

    yield _open
    for ctx in contexts:
        ctx.close()


def _come_to(page, fid: str, scripted: bool) -> None:
    """Scroll the figure into view, as a reader does, and wait until its script has set it up
    (a figure with a select is set up only near the viewport, see explorables.js)."""
    page.eval_on_selector(f"#{fid}", "f => f.scrollIntoView()")
    if scripted:
        page.wait_for_selector(f"#{fid}[data-ready]", state="attached")


def _shown(page, fid: str, names) -> dict[str, str]:
    return {n: page.text_content(f"#{fid}-value-{n}") for n in names}


def _table(page, fid: str) -> dict[str, list[str]]:
    """The playground's table as shown: layer -> its cells (w_h h, w_x x, b, z, output)."""
    return {
        name: [page.text_content(f"#{fid}-pre-{name}-{key}") for key in ("h", "x", "b", "z", "out")]
        for name in LAYERS
    }


def _table_of(data: dict, vector: dict) -> dict[str, list[str]]:
    """What the table should show for an exported vector, written by the package."""
    return {
        name: [
            *pre_terms(data["weights"], vector["inputs"], name),
            fmt(vector["pre"][name]),
            fmt(vector["values"][name]),
        ]
        for name in LAYERS
    }


def _readout(page, fid: str) -> str:
    return page.text_content(f"#{fid} .lx-readout").strip()


@pytest.mark.parametrize("kind", KINDS)
def test_the_figure_gets_its_controls_without_errors_or_other_hosts(open_figure, kind):
    page, errors, foreign = open_figure(kind)
    fid = IDS[kind]
    assert page.is_visible(f"#{fid} .lx-controls")
    labelled = page.eval_on_selector_all(
        f"#{fid} .lx-controls input, #{fid} .lx-controls select",
        "els => els.map(e => !!(e.labels && e.labels.length && e.labels[0].textContent.trim()))",
    )
    assert labelled and all(labelled)
    assert page.get_attribute(f"#{fid} .lx-readout", "aria-live") == "polite"
    assert not errors and not foreign


@pytest.mark.parametrize("kind", KINDS)
def test_without_scripts_the_static_figure_and_caption_remain(open_figure, kind):
    page, _, _ = open_figure(kind, scripts=False)
    fid = IDS[kind]
    assert page.is_visible(f"#{fid} svg") and page.is_visible(f"#{fid} figcaption")
    assert not page.is_visible(f"#{fid} .lx-controls")
    assert _readout(page, fid)  # the starting values, in words


def test_the_playground_s_equations_agree_with_the_package_s_step(open_figure):
    page, errors, _ = open_figure("playground")
    data = _data("playground")
    results = page.evaluate(
        """(data) => data.vectors.map(({inputs: s}) =>
             window.lstmExplorables.step(data.weights, s, s.x, s.h_prev, s.C_prev))""",
        data,
    )
    worst = 0.0
    for vector, got in zip(data["vectors"], results, strict=True):
        pairs = [(got[n], vector["values"][n]) for n in PARTS]
        pairs += [(got["z"][n], vector["pre"][n]) for n in LAYERS]  # the pre-activations
        for have, want in pairs:
            worst = max(worst, abs(have - want) / max(1.0, abs(want)))
    assert worst <= 1e-12, worst
    assert not errors


def test_each_playground_control_moves_by_keyboard_to_the_exported_values(open_figure):
    page, errors, _ = open_figure("playground")
    data = _data("playground")
    fid = IDS["playground"]
    for n, control in enumerate(data["controls"]):
        page.click(f"#{fid} .lx-controls button")  # back to the start values
        start = data["vectors"][0]
        assert _shown(page, fid, PARTS) == {k: fmt(start["values"][k]) for k in PARTS}
        page.focus(f"#{fid}-{control['name']}")
        page.keyboard.press("ArrowRight")
        moved = data["vectors"][1 + n]
        assert _shown(page, fid, PARTS) == {k: fmt(moved["values"][k]) for k in PARTS}
        assert _table(page, fid) == _table_of(data, moved)
        assert _readout(page, fid) == playground_words(moved["values"])
        assert page.text_content(f"#{fid}-{control['name']}+output") == fmt(
            moved["inputs"][control["name"]], 1
        )
    assert not errors


def test_the_scrub_slider_moves_along_the_sentence_by_keyboard(open_figure):
    page, errors, _ = open_figure("scrub")
    data = _data("scrub")
    fid = IDS["scrub"]
    words, values = data["words"], data["values"]
    slider = f"#{fid}-step"
    page.focus(slider)
    for key, t in [("ArrowRight", data["start"] + 1), ("Home", 0), ("End", len(words) - 1)]:
        page.keyboard.press(key)
        shown = _shown(page, fid, [*PARTS, "C_prev", "h_prev", "x"])
        want = {k: fmt(values[k][t]) for k in (*PARTS, "C_prev", "h_prev")}
        assert shown == {**want, "x": words[t]}
        assert _readout(page, fid) == scrub_words(words, values, t)
        current = page.eval_on_selector_all(
            f"#{fid} .lx-word", "ws => ws.map(w => w.hasAttribute('aria-current'))"
        )
        assert current.index(True) == t and current.count(True) == 1
        assert words[t] in page.get_attribute(slider, "aria-valuetext")
        # the forget gate's bar fills its share of the box
        bar = page.eval_on_selector(
            f"#{fid}-level-f", "r => [+r.getAttribute('width'), +r.dataset.width]"
        )
        assert bar[0] == pytest.approx(values["f"][t] * bar[1], abs=0.01)
    assert not errors


def test_a_word_of_the_sentence_is_a_control_by_click_and_by_keyboard(open_figure):
    page, errors, _ = open_figure("scrub")
    data = _data("scrub")
    fid = IDS["scrub"]
    words, values = data["words"], data["values"]
    buttons = f"#{fid} .lx-sentence button.lx-word"
    assert page.locator(buttons).count() == len(words)
    assert page.get_attribute(f"#{fid} .lx-sentence", "role") == "toolbar"

    def chosen() -> int:
        t = int(page.input_value(f"#{fid}-step"))
        assert _readout(page, fid) == scrub_words(words, values, t)
        assert page.text_content(f"#{fid}-value-x") == words[t]
        current = page.eval_on_selector_all(
            buttons, "bs => bs.map(b => [b.getAttribute('aria-current'), b.tabIndex])"
        )
        assert current[t] == ["true", 0]
        assert sum(c != [None, -1] for c in current) == 1  # one chosen, one tab stop
        return t

    assert chosen() == data["start"]
    page.locator(buttons).nth(data["first_at"]).click()  # the first subject, by mouse
    assert chosen() == data["first_at"]
    page.keyboard.press("ArrowRight")  # the click focused it: the arrows move along
    assert chosen() == data["first_at"] + 1
    assert page.evaluate("document.activeElement.textContent") == words[data["first_at"] + 1]
    page.keyboard.press("End")
    assert chosen() == len(words) - 1
    page.keyboard.press("Home")
    page.keyboard.press("Enter")  # a button: Enter chooses the focused word (already chosen)
    assert chosen() == 0
    assert not errors


def test_the_subjects_are_marked_under_the_slider_where_its_thumb_stands(open_figure):
    page, errors, _ = open_figure("scrub")
    data = _data("scrub")
    fid = IDS["scrub"]
    marks = page.eval_on_selector_all(
        f"#{fid} .lx-mark",
        "ms => ms.map(m => [m.textContent, (r => r.left + r.width / 2)("
        "m.getBoundingClientRect())])",
    )
    subjects = sorted({data["first_at"], data["change_at"]})
    assert [m[0] for m in marks] == [data["words"][t] for t in subjects]
    assert page.get_attribute(f"#{fid} .lx-marks", "aria-hidden") == "true"
    slider = page.locator(f"#{fid}-step")
    for (_, centre), t in zip(marks, subjects, strict=True):
        page.click(f"#{fid}-step", position={"x": 2, "y": 2})  # away from the subject first
        box = slider.bounding_box()
        page.mouse.click(centre, box["y"] + box["height"] / 2)  # on the track, above the mark
        assert int(slider.input_value()) == t, (t, centre)
        said = page.get_attribute(f"#{fid}-step", "aria-valuetext")
        assert "subject" in said and data["words"][t] in said
    assert not errors


def _curve(page, fid: str, gid: str, where: dict) -> np.ndarray:
    d = page.get_attribute(f"#{fid}-{gid} path", "d")
    xy = np.array([float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]).reshape(-1, 2)
    k = (xy[:, 0] - where["x0"]) / where["xk"]
    return k, 10 ** ((xy[:, 1] - where["y0"]) / where["ylog"])


def test_the_decay_controls_redraw_the_exported_curve_by_keyboard(open_figure):
    page, errors, _ = open_figure("decay")
    data = _data("decay")
    fid, where = IDS["decay"], data["map"]
    cell, bias = data["start"].split()
    b = data["biases"].index(float(bias))
    steps = [
        (f"#{fid}-bias", "ArrowLeft", cell, b - 1),
        (f"#{fid}-cell", "ArrowDown", "GRU", b - 1),
    ]
    steps.append((f"#{fid}-bias", "ArrowRight", "GRU", b))
    for selector, key, want_cell, want_b in steps:
        page.focus(selector)
        page.keyboard.press(key)
        bias_value = data["biases"][want_b]
        rho = data["rho"][f"{want_cell} {bias_value:g}"]
        assert _readout(page, fid) == decay_words(want_cell, bias_value, rho)
        k, shown = _curve(page, fid, "curve-rho", where)
        np.testing.assert_allclose(k, data["k"], atol=0.01)  # coordinates: 2 decimals
        np.testing.assert_allclose(shown, rho, rtol=2e-3)
    assert not errors


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_figures_pass_axe_in_light_and_dark_mode(open_figure, mode):
    for kind in KINDS:
        if not AXE_JS.is_file():
            pytest.skip(f"no {AXE_JS.relative_to(ROOT)}: run `make node` (npm ci)")
        page, _, _ = open_figure(kind, mode=mode)
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(
            """async (sel) => (await axe.run(sel, {resultTypes: ['violations']})).violations
                 .map(v => v.id + ': ' + v.nodes.slice(0, 2).map(n => n.target).join(' '))""",
            f"#{IDS[kind]}",
        )
        assert violations == [], (kind, mode)


@pytest.mark.parametrize("kind", KINDS)
def test_the_figure_fits_a_phone(open_figure, kind):
    page, _, _ = open_figure(kind, width=390)
    fid = IDS[kind]
    right = page.eval_on_selector(
        f"#{fid}",
        """f => Math.max(...[...f.querySelectorAll('*')].filter(e => e.checkVisibility())
               .map(e => e.getBoundingClientRect().right))""",
    )
    assert right <= 390
    assert page.is_visible(f"#{fid} .lx-controls")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("kind", KINDS)
def test_the_controls_appear_in_room_kept_for_them(browser, server, kind, width):
    """Nothing below a figure moves when its script adds the controls (no layout shift): the
    caption sits where it sat before the script ran, to within a few pixels."""
    base, _ = server
    fid = IDS[kind]
    where = {}
    for scripted in (False, True):
        ctx = browser.new_context(viewport={"width": width, "height": 900})
        page = ctx.new_page()
        if not scripted:  # the page's other scripts run, this one does not
            page.route("**/explorables.js*", lambda route: route.abort())
        page.goto(base + _page_of(kind))
        page.wait_for_load_state("networkidle")
        _come_to(page, fid, scripted)
        assert (page.locator(f"#{fid} .lx-controls input").count() > 0) == scripted
        where[scripted] = page.eval_on_selector(
            f"#{fid}",
            "f => f.querySelector('figcaption').getBoundingClientRect().top"
            " - f.getBoundingClientRect().top",
        )
        ctx.close()
    assert abs(where[True] - where[False]) < 8, where


def test_start_values_reset_every_control_s_label_and_value_text(open_figure):
    """The button puts back every control, and what each says (its output and aria-valuetext),
    not only the diagram: a label left at -2.0 beside a diagram at 1.00 is wrong for every
    reader, and for a screen reader the only value there is."""
    page, errors, _ = open_figure("playground")
    data = _data("playground")
    fid = IDS["playground"]
    for control in data["controls"]:  # every control away from its start, to its lowest
        page.focus(f"#{fid}-{control['name']}")
        page.keyboard.press("Home")
    page.click(f"#{fid} .lx-controls button")
    start = data["vectors"][0]
    assert _shown(page, fid, PARTS) == {k: fmt(start["values"][k]) for k in PARTS}
    assert _table(page, fid) == _table_of(data, start)
    for control in data["controls"]:
        selector = f"#{fid}-{control['name']}"
        said = fmt(control["value"], 1)
        assert float(page.input_value(selector)) == control["value"]
        assert page.text_content(f"{selector}+output") == said, control["name"]
        assert page.get_attribute(selector, "aria-valuetext") == said, control["name"]
    assert _readout(page, fid) == playground_words(start["values"])
    assert not errors


def test_the_playground_s_steps_in_the_text_done_in_order_give_its_numbers(open_figure):
    """The paragraph under the playground asks for three moves, one after the other; made in
    the page in that order (no reset between them), the diagram shows the text's numbers."""
    page, errors, _ = open_figure("playground")
    fid = IDS["playground"]
    said = page.eval_on_selector(
        "xpath=//p[contains(., 'Try the belt')]",
        "p => [...p.querySelectorAll('.pasted-text')].map(s => s.textContent.trim())",
    )
    # forget bias to -4; then forget bias to 4 and input bias to -4; then output bias to -4
    moves = [[("b_f", "Home")], [("b_f", "End"), ("b_i", "Home")], [("b_o", "Home")]]
    names = [["f", "C"], ["f", "i", "C"], ["h", "C"]]
    shown = []
    for move, parts in zip(moves, names, strict=True):
        for name, key in move:
            page.focus(f"#{fid}-{name}")
            page.keyboard.press(key)
        shown += [page.text_content(f"#{fid}-value-{part}") for part in parts]
    assert said == shown
    assert not errors
