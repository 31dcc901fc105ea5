"""The "Train it yourself" page (docs/playground.md) in headless Chromium.

Its training core (``_static/playground/train.js``) must compute what the package computes: on
the test vectors of ``agreement_vectors`` (weights, a batch, the loss, every gradient, and 20
Adam updates with clipping) it agrees to 1e-12 after one step and to 1e-9 after twenty, for the
RNN, the GRU and the LSTM; a copy with one line of its backward pass broken must fail. The task
generator follows the package's rules; the page trains the RNN and the LSTM at gap 20 in its
workers and finds the LSTM solved and the RNN at chance within the update budget.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from lstm_explained.book.explorables.svg import fmt
from lstm_explained.book.explorables.train_yourself import (
    TOLERANCE,
    agreement_vectors,
    page_data,
)
from lstm_explained.training.tasks import FILLERS, MALE_SUBJECTS, VOCABULARY

from .conftest import AXE_JS, ROOT, SITE_DIR

PAGE = "playground.html"
CORE = "_static/playground/train.js"

# Runs the script on a set of vectors: the largest error, relative to max(1, |value|), of the
# first step (logits, loss, every gradient) and of the 20 updates (losses, norms, final weights).
AGREE = """(v) => {
  const L = window.lxTrain, F = (a) => Float64Array.from(a);
  const E = F(v.table), I = v.input_size;
  const rel = (a, b) => Math.abs(a - b) / Math.max(1, Math.abs(b));
  const load = () => { const p = {}; for (const k in v.params) p[k] = F(v.params[k]); return p; };
  const p = load();
  const batch = { tokens: Int32Array.from(v.first.tokens),
    targets: Int32Array.from(v.first.targets), T: v.T, B: v.B };
  const { logits, cache } = L.forward(v.cell, p, E, I, batch);
  const ce = L.crossEntropy(logits, batch.targets);
  const { grads } = L.backward(p, E, ce.dlogits, cache);
  let one = rel(ce.loss, v.loss);
  v.logits.forEach((y, i) => { one = Math.max(one, rel(logits[i], y)); });
  for (const k in v.grads) {
    v.grads[k].forEach((g, i) => { one = Math.max(one, rel(grads[k][i], g)); });
  }
  if (Object.keys(grads).sort().join() !== Object.keys(v.grads).sort().join()) one = Infinity;
  const q = load();
  const step = L.adam(q, L.names(v.cell), v.lr);
  let many = 0;
  v.batches.forEach((b, n) => {
    const B = b.targets.length;
    const r = L.update(v.cell, q, E, I, { tokens: Int32Array.from(b.tokens),
      targets: Int32Array.from(b.targets), T: b.tokens.length / B, B }, step, v.clip);
    many = Math.max(many, rel(r.loss, v.losses[n]), rel(r.norm, v.norms[n]));
  });
  for (const k in v.final) {
    v.final[k].forEach((w, i) => { many = Math.max(many, rel(q[k][i], w)); });
  }
  return { one, many };
}"""

#: One line of the backward pass of each cell, and how it is broken.
BREAK = {
    "rnn": ("da[j] = dh[j] * (1 - h * h);", "da[j] = dh[j] * (1 - h);"),
    "gru": (
        "da[j] = dh[j] * (ht - hs[hp + j]) * z * (1 - z);",
        "da[j] = dh[j] * ht * z * (1 - z);",
    ),
    "lstm": ("dCn[j] = dC[j] * f;", "dCn[j] = dC[j];"),
}


@pytest.fixture
def open_page(browser, server):
    """Open the page; yields (page, console errors, requests to other hosts)."""
    base, _ = server
    contexts = []

    def _open(*, width=1280, scripts=True, mode="light", core=None):
        ctx = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=scripts,
            color_scheme=mode,
        )  # fmt: skip
        ctx.add_init_script(f"localStorage.setItem('mode','{mode}');")
        contexts.append(ctx)
        if core is not None:  # serve another training core in place of the page's
            ctx.route(
                f"**/{CORE}", lambda route: route.fulfill(body=core, content_type="text/javascript")
            )
        page = ctx.new_page()
        errors, foreign = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "request",
            lambda r: None if r.url.startswith((base, "data:", "blob:")) else foreign.append(r.url),
        )
        if not (SITE_DIR / PAGE).is_file():
            pytest.skip(f"no {PAGE} in {SITE_DIR}")
        page.goto(base + PAGE)
        page.wait_for_load_state("networkidle")
        return page, errors, foreign

    yield _open
    for ctx in contexts:
        ctx.close()


def _load_core(page):
    page.add_script_tag(url=CORE)
    page.wait_for_function("!!window.lxTrain")


def test_the_training_core_loads_only_when_the_reader_presses_train(open_page):
    page, errors, foreign = open_page()
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not any(n.endswith(("train.js", "worker.js")) for n in loaded)
    assert page.evaluate("typeof window.lxTrain") == "undefined"
    assert page.is_visible("#lxt .lxt-controls") and page.is_visible("#lxt .lxt-static svg")
    assert not errors and not foreign


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_the_script_computes_what_the_package_computes(open_page, cell):
    page, errors, _ = open_page()
    _load_core(page)
    got = page.evaluate(AGREE, agreement_vectors(cell))
    assert got["one"] <= TOLERANCE["one_step"], got
    assert got["many"] <= TOLERANCE["updates"], got
    assert not errors


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_a_broken_backward_pass_is_caught(open_page, cell):
    """The agreement test can fail: one line of the cell's backward pass changed, it does."""
    source = (ROOT / "docs" / CORE).read_text(encoding="utf-8")
    line, broken = BREAK[cell]
    assert source.count(line) == 1
    page, _, _ = open_page(core=source.replace(line, broken))
    _load_core(page)
    got = page.evaluate(AGREE, agreement_vectors(cell))
    assert got["one"] > 1e-6, got


def test_the_script_s_sentences_follow_the_package_s_rules(open_page):
    page, errors, _ = open_page()
    _load_core(page)
    B, gap, lead = 4000, 7, 3
    tokens, targets = page.evaluate(
        """([B, gap]) => { const b = lxTrain.pronounBatch(lxTrain.rng(5, 2), B, gap);
             return [Array.from(b.tokens), Array.from(b.targets)]; }""",
        [B, gap],
    )
    tokens = np.array(tokens).reshape(lead + gap + 1, B)
    targets = np.array(targets)
    n_male, n_subj = len(MALE_SUBJECTS), 2 * len(MALE_SUBJECTS)
    subject = tokens[lead]
    assert np.all(subject < n_subj)  # a subject where the package puts it ...
    np.testing.assert_array_equal(targets, (subject >= n_male).astype(int))  # ... decides
    assert np.all(tokens[-1] == VOCABULARY.index("."))
    rest = np.delete(tokens[:-1], lead, axis=0)
    assert np.all((rest >= n_subj) & (rest < n_subj + len(FILLERS)))  # fillers elsewhere
    # uniform draws: each pronoun about half the time, every subject and filler word used
    assert abs(targets.mean() - 0.5) < 0.03
    assert set(subject) == set(range(n_subj)) and len(set(rest.ravel())) == len(FILLERS)
    assert not errors


def test_the_script_s_weights_start_as_the_package_s_do(open_page):
    page, _, _ = open_page()
    _load_core(page)
    H, I = 6, 16
    p = page.evaluate(
        """([H, I]) => { const out = {};
             for (const kind of ["lstm", "gru"]) { const p = lxTrain.init(kind, H, I, 2.5, 3);
               for (const k in p) out[kind + " " + k] = Array.from(p[k]); }
             return out; }""",
        [H, I],
    )
    limit = np.sqrt(6 / (H + I))
    for key, value in p.items():
        kind, name = key.split()
        if name.startswith("cell.W"):
            W = np.array(value).reshape(H, H + I)
            np.testing.assert_allclose(W[:, :H] @ W[:, :H].T, np.eye(H), atol=1e-12)
            assert np.abs(W[:, H:]).max() <= limit
    assert set(p["lstm cell.b_f"]) == {2.5} and set(p["lstm cell.b_i"]) == {0.0}
    assert set(p["gru cell.b_z"]) == {-2.5} and set(p["gru cell.b_r"]) == {0.0}
    assert np.abs(p["lstm readout.W"]).max() <= np.sqrt(6 / (H + 2))


def _train(page, timeout=150.0):
    """Press Train (by keyboard) and wait until both runs are done; return their state."""
    page.focus("#lxt .lxt-bar button >> text=Train")
    page.keyboard.press("Enter")
    start = time.perf_counter()
    page.wait_for_function(
        "document.querySelector('#lxt').lxt.state && "
        "document.querySelector('#lxt').lxt.state.runs.every(r => r.done)",
        timeout=timeout * 1000,
    )
    seconds = time.perf_counter() - start
    runs = page.evaluate(
        """() => document.querySelector('#lxt').lxt.state.runs.map(r => ({
             cell: r.config.cell, gap: r.config.gap, updates: r.losses.length,
             acc: r.test[r.test.length - 1], solvedAt: r.solvedAt,
             solvedSeconds: r.solvedSeconds ?? null, perSecond: r.perSecond }))"""
    )
    return runs, seconds


@pytest.mark.slow
def test_the_page_trains_the_lstm_to_solved_and_leaves_the_rnn_at_chance(open_page, capsys):
    """The page's starting configurations, seed 0: A the RNN, B the LSTM with forget bias 3,
    both at gap 20 with 16 units. Within the budget the LSTM solves the task and stops early;
    the RNN runs its whole budget and ends at chance."""
    page, errors, _ = open_page()
    data = page_data()
    runs, seconds = _train(page)
    rnn, lstm = runs
    assert (rnn["cell"], lstm["cell"], rnn["gap"], lstm["gap"]) == ("rnn", "lstm", 20, 20)
    assert lstm["solvedAt"] is not None and lstm["acc"] >= data["solved"]
    assert lstm["updates"] < data["budget"]
    assert rnn["solvedAt"] is None and abs(rnn["acc"] - data["chance"]) <= data["chance_band"]
    assert rnn["updates"] == data["budget"]
    # the live plots are drawn, the static picture hidden, the status says how it ended
    assert page.is_visible("#lxt .lxt-live svg") and not page.is_visible("#lxt .lxt-static")
    said = page.text_content("#lxt .lxt-status")
    assert "solved" in said and "at chance" in said
    assert page.text_content("#lxt .lxt-bar button >> nth=0") == "Train"
    with capsys.disabled():
        print(
            f"\n[playground] both runs done in {seconds:.1f} s; LSTM solved after "
            f"{lstm['solvedAt']} updates, {lstm['solvedSeconds']:.1f} s after Train, "
            f"{lstm['perSecond']:.0f} updates/s; RNN {rnn['perSecond']:.0f} updates/s"
        )
    assert not errors


def test_every_control_has_a_label_and_works_by_keyboard(open_page):
    page, errors, _ = open_page()
    labelled = page.eval_on_selector_all(
        "#lxt .lxt-controls input, #lxt .lxt-controls select",
        "els => els.map(e => !!(e.labels && e.labels.length && e.labels[0].textContent.trim()))",
    )
    assert len(labelled) == 13 and all(labelled)
    cell = page.locator("#lxt select").first
    cell.focus()
    page.keyboard.press("ArrowDown")  # RNN -> GRU
    assert cell.input_value() == "gru"
    bias = page.locator("#lxt input[type=range]").nth(1)
    assert bias.is_enabled()
    label = page.eval_on_selector_all("#lxt label", "ls => ls.map(l => l.textContent)")
    assert any("keep bias" in t for t in label)
    bias.focus()
    page.keyboard.press("ArrowRight")
    assert bias.get_attribute("aria-valuetext") == "3.5"
    page.click("#lxt .lxt-bar button >> text=Reset")
    assert cell.input_value() == "rnn" and not bias.is_enabled()
    assert not errors


def test_reset_and_leaving_stop_the_workers(open_page):
    page, errors, _ = open_page()
    page.click("#lxt .lxt-bar button >> text=Train")
    page.wait_for_function("document.querySelector('#lxt').lxt.state.runs[1].losses.length > 0")
    assert page.text_content("#lxt .lxt-bar button >> nth=0") == "Pause"
    page.click("#lxt .lxt-bar button >> text=Pause")
    n = page.evaluate("document.querySelector('#lxt').lxt.state.runs[1].losses.length")
    page.wait_for_timeout(500)
    assert page.evaluate("document.querySelector('#lxt').lxt.state.runs[1].losses.length") <= n + 60
    page.click("#lxt .lxt-bar button >> text=Reset")
    assert page.evaluate("document.querySelector('#lxt').lxt.state") is None
    assert page.is_visible("#lxt .lxt-static svg") and not page.is_visible("#lxt .lxt-live")
    assert not errors


def test_without_scripts_the_build_time_picture_remains(open_page):
    page, _, _ = open_page(scripts=False)
    assert page.is_visible("#lxt .lxt-static svg") and page.is_visible("#lxt figcaption")
    assert not page.is_visible("#lxt .lxt-controls")
    assert "When the book was built" in page.text_content("#lxt .lxt-status")


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_page_passes_axe_while_training(open_page, mode):
    if not AXE_JS.is_file():
        pytest.skip(f"no {AXE_JS.relative_to(ROOT)}: run `make node` (npm ci)")
    page, _, _ = open_page(mode=mode)
    page.click("#lxt .lxt-bar button >> text=Train")
    page.wait_for_function("document.querySelector('#lxt').lxt.state.runs[1].test.length > 1")
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        """async () => (await axe.run('#lxt', {resultTypes: ['violations']})).violations
             .map(v => v.id + ': ' + v.nodes.slice(0, 2).map(n => n.target).join(' '))"""
    )
    assert violations == [], mode


def test_the_page_fits_a_phone(open_page):
    page, _, _ = open_page(width=390)
    page.click("#lxt .lxt-bar button >> text=Train")
    page.wait_for_function("document.querySelector('#lxt').lxt.state.runs[1].test.length > 1")
    right = page.eval_on_selector(
        "#lxt",
        """f => Math.max(...[...f.querySelectorAll('*')].filter(e => e.checkVisibility())
               .map(e => e.getBoundingClientRect().right))""",
    )
    assert right <= 390


def test_the_diagram_follows_one_lstm_unit_along_the_test_sentence_by_keyboard(open_page):
    """While B (the LSTM) trains, the module diagram shows one unit's values at the chosen word
    of the first test sentence: the numbers are the run's (the script's forward pass, checked
    above), written as the book's figures write them, and the slider moves along the words."""
    page, errors, _ = open_page()
    assert not page.is_visible("#lxt .lxt-diagram")
    page.click("#lxt .lxt-bar button >> text=Train")
    page.wait_for_function("document.querySelector('#lxt').lxt.state.runs[1].test.length > 1")
    page.click("#lxt .lxt-bar button >> text=Pause")
    assert page.is_visible("#lxt .lxt-diagram svg")
    slider = page.locator("#lxt .lxt-word input[type=range]")
    assert slider.input_value() == "3"  # the subject
    run = "document.querySelector('#lxt').lxt.state.runs[1]"
    words, T = page.evaluate(f"[{run}.sentence.length, {run}.sentence.length]")
    assert int(slider.get_attribute("max")) == T - 1 == words - 1
    slider.focus()
    for key, t in [("ArrowRight", 4), ("End", T - 1), ("Home", 0)]:
        page.keyboard.press(key)
        trace = page.evaluate(f"{run}.trace")
        for name in ("f", "i", "C_tilde", "o", "C", "h"):
            want = fmt(trace[name][t])
            assert page.text_content(f"#lxt-d-value-{name}") == want, (key, name)
        assert page.text_content("#lxt .lxt-sentence mark") == page.text_content("#lxt-d-value-x")
        assert page.text_content("#lxt .lxt-sentence mark") in slider.get_attribute(
            "aria-valuetext"
        )
    assert not errors


@pytest.mark.parametrize("width", [1280, 390])
def test_the_controls_appear_in_room_kept_for_them(browser, server, width):
    """Nothing below the controls moves when the script builds them (no layout shift)."""
    base, _ = server
    if not (SITE_DIR / PAGE).is_file():
        pytest.skip(f"no {PAGE} in {SITE_DIR}")
    where = {}
    for scripted in (False, True):
        ctx = browser.new_context(viewport={"width": width, "height": 900})
        page = ctx.new_page()
        if not scripted:  # the page's other scripts run, this one does not
            page.route("**/playground/playground.js*", lambda route: route.abort())
        page.goto(base + PAGE)
        page.wait_for_load_state("networkidle")
        assert page.is_visible("#lxt .lxt-controls select") == scripted
        where[scripted] = page.eval_on_selector(
            "#lxt",
            "f => f.querySelector('.lxt-static').getBoundingClientRect().top"
            " - f.getBoundingClientRect().top",
        )
        ctx.close()
    assert abs(where[True] - where[False]) < 8, where
