/* "Train it yourself": the controls and live plots of figure.lxt. Two configurations, each
   trained by a worker of its own (worker.js, which loads train.js) that starts only when the
   reader presses Train; the workers stop at their update budget, on Reset and when the page is
   left. Our own code, no library, nothing fetched but the worker's two scripts. */
(() => {
  "use strict";
  const fig = document.querySelector("figure.lxt[data-lxt]");
  if (!fig) return;
  const data = JSON.parse(fig.querySelector(".lxt-data").textContent);
  const here = document.currentScript ? document.currentScript.src : "";
  const box = fig.querySelector(".lxt-controls");
  const live = fig.querySelector(".lxt-live");
  const still = fig.querySelector(".lxt-static");
  const status = fig.querySelector(".lxt-status");
  const NS = "http://www.w3.org/2000/svg";
  const fix = (v, d = 2) => (v < 0 ? "\u2212" : "") + Math.abs(v).toFixed(d);
  const LR = [1e-3, 2e-3, 4e-3, 1e-2, 2e-2];

  // ------------------------------------------------------------------ controls
  let uid = 0;
  function field(parent, label, input, out) {
    const id = `${fig.id}-c${uid++}`;
    const l = document.createElement("label");
    l.htmlFor = id;
    l.innerHTML = label;
    input.id = id;
    parent.append(l, input);
    if (out) { out.htmlFor = id; parent.append(out); } else parent.append(document.createElement("span"));
    return l;
  }
  function select(options, value) {
    const s = document.createElement("select");
    for (const [v, t] of options) s.add(new Option(t, v));
    s.value = value;
    return s;
  }
  function range(min, max, step, value) {
    const r = document.createElement("input");
    Object.assign(r, { type: "range", min, max, step });
    r.value = value;
    return r;
  }

  const configs = data.configs.map((c, k) => {
    const fs = document.createElement("fieldset");
    const lg = document.createElement("legend");
    lg.innerHTML = `<svg class="lxt-key" width="28" height="10" aria-hidden="true"><line x1="1" y1="5" x2="27" y2="5" stroke="${data.lines[k].color}" stroke-width="2.5" stroke-dasharray="${data.lines[k].dash}"/></svg> Configuration ${"AB"[k]}`;
    fs.append(lg);
    const grid = document.createElement("div");
    grid.className = "lxt-grid";
    fs.append(grid);
    const cell = select(Object.entries(data.cells), c.cell);
    field(grid, "cell", cell);
    const gap = range(2, 40, 1, c.gap);
    const gapOut = document.createElement("output");
    field(grid, "gap (words)", gap, gapOut);
    const hidden = select([4, 8, 16, 32].map((h) => [h, String(h)]), data.hidden_size);
    field(grid, "hidden units", hidden);
    const bias = range(-2, 5, 0.5, c.bias);
    const biasOut = document.createElement("output");
    const biasLabel = field(grid, "", bias, biasOut);
    const lr = select(LR.map((v) => [v, String(v)]), data.lr);
    field(grid, "learning rate", lr);
    const clip = document.createElement("input");
    clip.type = "checkbox";
    clip.checked = true;
    field(grid, `clip the gradient at norm ${data.clip}`, clip);
    const say = () => {
      gapOut.textContent = gap.value;
      const b = +bias.value;
      const kind = cell.value;
      bias.disabled = kind === "rnn";
      biasLabel.innerHTML = kind === "lstm" ? "forget bias <i>b</i><sub><i>f</i></sub>"
        : kind === "gru" ? "keep bias (<i>b</i><sub><i>z</i></sub> = \u2212bias)" : "bias (no gate)";
      biasOut.textContent = kind === "rnn" ? "\u2014" : fix(b, 1);
      bias.setAttribute("aria-valuetext", kind === "rnn" ? "no gate" : fix(b, 1));
    };
    for (const el of [cell, gap, bias]) el.addEventListener("input", say);
    say();
    const get = () => ({ cell: cell.value, gap: +gap.value, bias: +bias.value, clip: clip.checked,
      hidden: +hidden.value, lr: +lr.value });
    const set = (v) => {
      cell.value = v.cell; gap.value = v.gap; bias.value = v.bias; clip.checked = true;
      hidden.value = data.hidden_size; lr.value = data.lr; say();
    };
    const inputs = [cell, gap, hidden, bias, lr, clip];
    return { fs, get, set, inputs, start: { ...c } };
  });
  const pair = document.createElement("div");
  pair.className = "lxt-pair";
  pair.append(...configs.map((c) => c.fs));
  const bar = document.createElement("div");
  bar.className = "lxt-bar";
  const seed = document.createElement("input");
  Object.assign(seed, { type: "number", min: 0, max: 9999, step: 1, value: data.seed });
  seed.className = "lxt-seed";
  const train = document.createElement("button");
  train.type = "button";
  train.textContent = "Train";
  const reset = document.createElement("button");
  reset.type = "button";
  reset.textContent = "Reset";
  const seedWrap = document.createElement("span");
  field(seedWrap, "seed", seed);
  seedWrap.lastChild.remove();
  bar.append(train, reset, seedWrap);
  const progress = document.createElement("p");
  progress.className = "lxt-progress";
  box.append(pair, bar, progress);
  box.hidden = false;

  // ------------------------------------------------------------------ the diagram
  // One LSTM unit of a run along the first test sentence, written on the package's module
  // diagram by the ids lstm_explained.book.explorables.svg gives its parts (value-*, level-*).
  const diagram = fig.querySelector(".lxt-diagram");
  const dhead = diagram.querySelector(".lxt-dhead");
  const sentenceP = diagram.querySelector(".lxt-sentence");
  const word = range(0, 1, 1, 0);
  const wordOut = document.createElement("output");
  const wordGrid = diagram.querySelector(".lxt-word");
  field(wordGrid, "word of the test sentence", word, wordOut);
  let watched = null; // the run the diagram follows
  function showWord() {
    if (!watched || !watched.trace) return;
    const tr = watched.trace, t = +word.value, words = watched.sentence.map((k) => data.vocabulary[k]);
    word.max = words.length - 1;
    wordOut.textContent = words[t];
    word.setAttribute("aria-valuetext", `${words[t]}, word ${t + 1} of ${words.length}`);
    for (const name of ["f", "i", "C_tilde", "o", "C", "h", "C_prev", "h_prev", "x"]) {
      const v = name === "x" ? 0 : tr[name][t];
      const text = fig.querySelector(`#${fig.id}-d-value-${name}`);
      if (text) text.textContent = name === "x" ? words[t] : fix(v);
      const lvl = fig.querySelector(`#${fig.id}-d-level-${name}`);
      if (!lvl) continue;
      const x0 = +lvl.dataset.x0, w = +lvl.dataset.width, signed = lvl.dataset.signed === "1";
      lvl.setAttribute("x", (signed ? x0 + w / 2 + (Math.min(v, 0) * w) / 2 : x0).toFixed(2));
      lvl.setAttribute("width", ((signed ? Math.abs(v) / 2 : v) * w).toFixed(2));
    }
    sentenceP.textContent = "";
    words.forEach((w, s) => {
      const span = document.createElement(s === t ? "mark" : "span");
      span.textContent = w;
      if (s === 3) span.className = "lxt-subject";
      sentenceP.append(span, " ");
    });
    const k = state ? state.runs.indexOf(watched) : 0;
    const answer = data.pronouns[watched.sentence[3] < 6 ? 0 : 1]; // the subject's gender
    dhead.textContent = `Inside ${"AB"[k]}'s LSTM after ${watched.losses.length} updates: ` +
      `unit ${tr.unit + 1} of ${watched.config.hidden}, the gender unit (its cell state at the ` +
      `full stop correlates most with the pronoun over ${tr.n} test sentences, r = ` +
      `${fix(tr.r)}), along the first test sentence (answer \u201c${answer}\u201d).`;
  }
  word.addEventListener("input", showWord);

  // ------------------------------------------------------------------ plots
  // A line chart in an SVG of W x Hh user units: axes, ticks, reference lines, the two runs.
  const W = 340, Hh = 190, M = { l: 46, r: 10, t: 22, b: 32 };
  function chart(title, desc) {
    const wrap = document.createElement("div");
    wrap.className = "lxt-chart";
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${Hh}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", `${title}: ${desc}`);
    wrap.append(svg);
    live.append(wrap);
    return { svg, title };
  }
  const log10 = Math.log10;
  function draw(c, spec) {
    const { x0, x1, y0, y1, log } = spec;
    const fy = (y) => (log ? log10(Math.max(y, 1e-300)) : y);
    const X = (x) => M.l + ((x - x0) / (x1 - x0)) * (W - M.l - M.r);
    const Y = (y) => Hh - M.b - ((fy(y) - fy(y0)) / (fy(y1) - fy(y0))) * (Hh - M.t - M.b);
    const clampY = (y) => Math.min(Hh - M.b, Math.max(M.t, Y(y)));
    let s = `<rect width="${W}" height="${Hh}" fill="#f7f7f7"/>`;
    s += `<text x="${M.l}" y="14" class="lxt-title">${c.title}</text>`;
    s += `<path d="M${M.l},${M.t}V${Hh - M.b}H${W - M.r}" fill="none" stroke="#444"/>`;
    for (const t of spec.yticks) {
      s += `<line x1="${M.l - 4}" x2="${M.l}" y1="${Y(t).toFixed(1)}" y2="${Y(t).toFixed(1)}" stroke="#444"/>`;
      s += `<text x="${M.l - 6}" y="${(Y(t) + 4).toFixed(1)}" text-anchor="end">${spec.ylab(t)}</text>`;
    }
    for (const t of spec.xticks) {
      s += `<line x1="${X(t).toFixed(1)}" x2="${X(t).toFixed(1)}" y1="${Hh - M.b}" y2="${Hh - M.b + 4}" stroke="#444"/>`;
      s += `<text x="${X(t).toFixed(1)}" y="${Hh - M.b + 16}" text-anchor="middle">${t}</text>`;
    }
    s += `<text x="${(M.l + W - M.r) / 2}" y="${Hh - 3}" text-anchor="middle">${spec.xlabel}</text>`;
    for (const [y, label] of spec.refs || []) {
      const yy = Y(y).toFixed(1);
      s += `<line x1="${M.l}" x2="${W - M.r}" y1="${yy}" y2="${yy}" stroke="#555" stroke-dasharray="2 3"/>`;
      s += `<text x="${W - M.r - 2}" y="${(+yy - 3).toFixed(1)}" text-anchor="end" class="lxt-ref">${label}</text>`;
    }
    for (const [x, label, k] of spec.marks || []) {
      const xx = X(x).toFixed(1);
      s += `<line x1="${xx}" x2="${xx}" y1="${M.t}" y2="${Hh - M.b}" stroke="${data.lines[k].color}" stroke-width="1" stroke-dasharray="1 3"/>`;
      s += `<text x="${xx}" y="${M.t + 10 + 11 * k}" text-anchor="middle" class="lxt-ref">${label}</text>`;
    }
    spec.series.forEach((pts, k) => {
      if (!pts || pts.length === 0) return;
      const step = Math.max(1, Math.floor(pts.length / 400));
      let d = "";
      for (let n = 0; n < pts.length; n += step) {
        d += `${n ? "L" : "M"}${X(pts[n][0]).toFixed(1)},${clampY(pts[n][1]).toFixed(1)}`;
      }
      const last = pts[pts.length - 1];
      d += `L${X(last[0]).toFixed(1)},${clampY(last[1]).toFixed(1)}`;
      s += `<path d="${d}" fill="none" stroke="${data.lines[k].color}" stroke-width="2" stroke-dasharray="${data.lines[k].dash}" stroke-linejoin="round"/>`;
    });
    c.svg.innerHTML = s;
  }
  let charts = null;
  function makeCharts() {
    live.textContent = "";
    charts = {
      acc: chart("Test accuracy", "accuracy on fixed test sentences against updates, chance dashed"),
      loss: chart("Training loss (moving average)", "loss against updates, guessing dashed"),
      norm: chart("Gradient norm before clipping", "log scale, against updates"),
      rho: chart("\u03c1(k): the gradient k steps back", "log scale, at the latest test"),
    };
  }

  // ------------------------------------------------------------------ the runs
  let state = null; // {runs: [...], running, paused}
  function logTicks(lo, hi) {
    const t = [];
    for (let e = Math.ceil(log10(lo)); e <= Math.floor(log10(hi)); e++) t.push(10 ** e);
    return t.length > 5 ? t.filter((_, k) => k % 2 === 0) : t;
  }
  const sup = (e) => [...String(e)].map((ch) => "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"["-0123456789".indexOf(ch)]).join("");
  const pow = (v) => (v === 1 ? "1" : v === 10 ? "10" : `10${sup(Math.round(log10(v)))}`);
  function niceMax(n) {
    for (const m of [50, 100, 200, 400, 800, 1600]) if (n <= m) return m;
    return n;
  }
  function redraw() {
    if (!state) return;
    const R = state.runs;
    const n = Math.max(...R.map((r) => r.losses.length), 1);
    const x1 = niceMax(n);
    const xticks = [0, x1 / 4, x1 / 2, (3 * x1) / 4, x1];
    draw(charts.acc, { x0: 0, x1, y0: 0.4, y1: 1.0, xticks, yticks: [0.4, 0.6, 0.8, 1.0],
      ylab: (t) => t.toFixed(1), xlabel: "update",
      refs: [[data.chance, "chance"], [data.solved, "solved"]],
      series: R.map((r) => r.at.map((a, i) => [a, r.test[i]])) });
    draw(charts.loss, { x0: 0, x1, y0: 0, y1: 0.8, xticks, yticks: [0, 0.2, 0.4, 0.6, 0.8],
      ylab: (t) => t.toFixed(1), xlabel: "update", refs: [[Math.LN2, "guessing, ln 2"]],
      series: R.map((r) => r.emas.map((v, i) => [i + 1, v])) });
    let lo = Infinity, hi = -Infinity;
    for (const r of R) for (const v of r.norms) { if (v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }
    if (!(lo < hi)) { lo = 0.01; hi = 10; }
    const nlo = 10 ** Math.floor(log10(Math.min(lo, data.clip))), nhi = 10 ** Math.ceil(log10(Math.max(hi, data.clip * 2)));
    draw(charts.norm, { x0: 0, x1, y0: nlo, y1: nhi, log: true, xticks, yticks: logTicks(nlo, nhi),
      ylab: pow, xlabel: "update", refs: R.some((r) => r.config.clip) ? [[data.clip, "clip"]] : [],
      series: R.map((r) => r.norms.map((v, i) => [i + 1, v])) });
    const kmax = Math.max(...R.map((r) => r.config.gap + 3));
    let rlo = 1;
    for (const r of R) if (r.rho) for (const v of r.rho) if (v > 0) rlo = Math.min(rlo, v);
    const y0 = 10 ** Math.max(-12, Math.floor(log10(rlo)));
    draw(charts.rho, { x0: 0, x1: kmax, y0, y1: 10, log: true,
      xticks: [0, 5, 10, 15, 20, 25, 30, 35, 40, 45].filter((t) => t <= kmax), yticks: logTicks(y0, 10),
      ylab: pow, xlabel: "k, steps back from the full stop",
      marks: R.map((r, k) => [r.config.gap, `subject ${"AB"[k]}`, k]),
      series: R.map((r) => (r.rho ? r.rho.map((v, k) => [k, v]) : null)) });
    showWord();
    progress.textContent = R.map((r, k) => {
      const acc = r.test.length ? r.test[r.test.length - 1] : NaN;
      const speed = r.perSecond ? `, ${Math.round(r.perSecond)} updates/s` : "";
      return `${"AB"[k]}: ${r.losses.length} updates, test accuracy ${fix(acc)}${speed}`;
    }).join(" \u00b7 ");
  }
  let pending = 0;
  const schedule = () => { if (!pending) pending = requestAnimationFrame(() => { pending = 0; redraw(); }); };

  function name(c) {
    const cell = data.cells[c.cell];
    return c.cell === "lstm" ? `${cell} (forget bias ${c.bias})` : c.cell === "gru" ? `${cell} (keep bias ${c.bias})` : cell;
  }
  function say(text) { status.textContent = text; }
  function finished(r, k) {
    const acc = r.test[r.test.length - 1];
    const how = r.solvedAt !== null ? `solved (test accuracy ${fix(data.solved)} or more) after ${r.solvedAt} updates`
      : Math.abs(acc - data.chance) <= data.chance_band ? "at chance" : "not solved";
    return `${"AB"[k]}, ${name(r.config)} at gap ${r.config.gap}: ${how}; ${r.losses.length} updates, test accuracy ${fix(acc)}.`;
  }
  function start() {
    stop();
    makeCharts();
    still.hidden = true;
    live.hidden = false;
    const s0 = +seed.value | 0;
    state = { runs: [], running: true, paused: false };
    configs.forEach((c, k) => {
      const config = c.get();
      const settings = { ...data, hidden_size: config.hidden, lr: config.lr, seed: s0 };
      delete settings.table;
      const worker = new Worker(new URL("worker.js", here));
      const r = { config, worker, losses: [], emas: [], norms: [], at: [], test: [], rho: null,
        solvedAt: null, done: false, perSecond: 0, seconds: 0 };
      worker.onmessage = (e) => {
        const m = e.data;
        for (const v of m.losses) {
          const last = r.emas.length ? r.emas[r.emas.length - 1] : v;
          r.emas.push(r.emas.length ? data.ema_decay * last + (1 - data.ema_decay) * v : v);
        }
        r.losses.push(...m.losses);
        r.norms.push(...m.norms);
        r.at.push(...m.at);
        r.test.push(...m.test);
        if (m.rho) r.rho = m.rho;
        if (m.trace) r.trace = m.trace;
        if (m.sentence) r.sentence = m.sentence;
        r.perSecond = m.perSecond;
        r.seconds = m.seconds;
        if (m.solvedAt !== null && r.solvedAt === null) {
          r.solvedAt = m.solvedAt;
          r.solvedSeconds = m.seconds;
          say(`${"AB"[k]} solved after ${m.solvedAt} updates.`);
        }
        if (m.done && !r.done) {
          r.done = true;
          worker.terminate();
          if (state.runs.every((q) => q.done)) {
            state.running = false;
            train.textContent = "Train";
            say(state.runs.map(finished).join(" "));
          }
        }
        schedule();
      };
      worker.postMessage({ type: "start", settings, config, table: data.table });
      state.runs.push(r);
    });
    watched = [...state.runs].reverse().find((r) => r.config.cell === "lstm") || null;
    diagram.hidden = !watched;
    if (watched) word.max = watched.config.gap + 3; // lead 3, the gap, the full stop
    word.value = 3; // the subject
    fig.dataset.state = "training";
    train.textContent = "Pause";
    say(`Training ${state.runs.map((r, k) => `${"AB"[k]}, ${name(r.config)} at gap ${r.config.gap}`).join(", and ")}.`);
  }
  function stop() {
    if (!state) return;
    for (const r of state.runs) r.worker.terminate();
    state.running = false;
  }
  train.addEventListener("click", () => {
    if (!state || !state.running) { start(); return; }
    state.paused = !state.paused;
    for (const r of state.runs) if (!r.done) r.worker.postMessage({ type: state.paused ? "pause" : "resume" });
    train.textContent = state.paused ? "Resume" : "Pause";
    say(state.paused ? "Paused." : "Training again.");
  });
  reset.addEventListener("click", () => {
    stop();
    state = null;
    configs.forEach((c) => c.set(c.start));
    seed.value = data.seed;
    live.hidden = true;
    live.textContent = "";
    still.hidden = false;
    diagram.hidden = true;
    watched = null;
    progress.textContent = "";
    train.textContent = "Train";
    delete fig.dataset.state;
    say("Reset to the starting settings.");
  });
  // Leaving the page ends the runs; a hidden tab pauses them (and shown again, resumes them).
  window.addEventListener("pagehide", stop);
  document.addEventListener("visibilitychange", () => {
    if (!state || !state.running || state.paused) return;
    const type = document.hidden ? "pause" : "resume";
    for (const r of state.runs) if (!r.done) r.worker.postMessage({ type });
  });
  // For the tests: the state of the runs.
  fig.lxt = { get state() { return state; } };
})();
