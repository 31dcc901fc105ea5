/* The book's interactive figures (lstm_explained.explorables). Each figure.lx holds a static
   picture, its data as JSON and a hidden box for controls; this script builds the controls from
   the data, shows them, and redraws the picture when they move. Our own code, no library,
   nothing fetched. Numbers are written as lstm_explained.explorables writes them. */
(() => {
  "use strict";
  const PARTS = ["f", "i", "C_tilde", "o", "C", "h"];
  const SYMBOL = { f: "f", i: "i", C_tilde: "C\u0303", o: "o", C: "C", h: "h" };
  const SUP = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b";
  const fmt = (v, d = 2) => (v < 0 ? "\u2212" : "") + Math.abs(v).toFixed(d);
  const sci = (v) => {
    if (v === 0) return "0";
    if (v >= 0.01) return v.toFixed(2);
    const [m, e] = v.toExponential(1).split("e");
    const power = [...fmt(+e, 0)].map((c) => SUP["0123456789\u2212".indexOf(c)]);
    return `${m} \u00d7 10${power.join("")}`;
  };
  // The package's sigmoid, 0.5 tanh(0.5 z) + 0.5, and the six equations of one LSTM step.
  const sigma = (z) => 0.5 * Math.tanh(0.5 * z) + 0.5;
  // Also each layer's pre-activation z = w_h h + w_x x + b (the package's pre_activations).
  const LAYERS = { f: "f", i: "i", C_tilde: "C", o: "o" };
  function step(W, b, x, h_prev, C_prev) {
    const z = {};
    for (const [name, g] of Object.entries(LAYERS)) {
      z[name] = h_prev * W["W_" + g][0] + x * W["W_" + g][1] + b["b_" + g];
    }
    const f = sigma(z.f);
    const i = sigma(z.i);
    const C_tilde = Math.tanh(z.C_tilde);
    const C = f * C_prev + i * C_tilde;
    const o = sigma(z.o);
    return { f, i, C_tilde, o, C, h: o * Math.tanh(C), z };
  }

  // Write values beside the parts of the module diagram, and set the level bars.
  function show(fig, id, values, xText) {
    for (const [name, v] of Object.entries(values)) {
      const text = fig.querySelector(`#${id}-value-${name}`);
      if (text) text.textContent = name === "x" && xText !== undefined ? xText : fmt(v);
      const bar = fig.querySelector(`#${id}-level-${name}`);
      if (!bar) continue;
      const x0 = +bar.dataset.x0, w = +bar.dataset.width;
      const signed = bar.dataset.signed === "1";
      bar.setAttribute("x", (signed ? x0 + w / 2 + (Math.min(v, 0) * w) / 2 : x0).toFixed(2));
      bar.setAttribute("width", ((signed ? Math.abs(v) / 2 : v) * w).toFixed(2));
    }
  }

  // One labelled native control (a range, or a select when spec.options is given).
  function control(box, id, spec, onChange, says, valueText) {
    const label = document.createElement("label");
    label.htmlFor = id;
    label.innerHTML = spec.label;
    let input;
    if (spec.options) {
      input = document.createElement("select");
      for (const [value, text] of spec.options) input.add(new Option(text, value));
    } else {
      input = document.createElement("input");
      input.type = "range";
      for (const key of ["min", "max", "step"]) input[key] = spec[key];
    }
    input.id = id;
    input.value = spec.value;
    const out = document.createElement("output");
    out.htmlFor = id;
    // What the control says of its value (its output and aria-valuetext), then the redraw.
    const say = () => {
      const said = says ? says(input.value) : input.value;
      if (!spec.options) {
        out.textContent = said;
        input.setAttribute("aria-valuetext", valueText ? valueText(input.value) : said);
      }
    };
    const sync = () => { say(); onChange(); };
    input.addEventListener("input", sync);
    box.append(label, input, out);
    Object.assign(input, { say, sync });
    return input;
  }

  const KINDS = {
    scrub(fig, data, id, box, readout) {
      const T = data.words.length;
      const subjects = [data.first_at, data.change_at];
      const which = (t) => ["first subject", "second subject"][subjects.indexOf(+t)];
      const input = control(box, `${id}-step`,
        { label: "Word of the sentence", min: 0, max: T - 1, step: 1, value: data.start },
        update, (t) => data.words[t],
        (t) => `word ${+t + 1} of ${T}, ${data.words[t]}${which(t) ? `, the ${which(t)}` : ""}`);
      // The subjects, marked under the slider where its thumb stands at them (a pair of rows:
      // the room kept for the controls counts it). The words say it to a screen reader.
      const marks = document.createElement("div");
      marks.className = "lx-marks";
      marks.setAttribute("aria-hidden", "true");
      for (const t of new Set(subjects)) {
        const mark = document.createElement("span");
        mark.className = "lx-mark";
        mark.style.setProperty("--at", (t / Math.max(T - 1, 1)).toFixed(4));
        mark.textContent = data.words[t];
        marks.append(mark);
      }
      box.append(marks);
      // Every word of the sentence is a control too: a button (one tab stop for the sentence,
      // the chosen word's; the arrow keys, Home and End move along it, as on the slider).
      const sentence = fig.querySelector(".lx-sentence");
      const words = [...fig.querySelectorAll(".lx-word")].map((span, t) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = span.className;
        button.textContent = span.textContent;
        button.addEventListener("click", () => choose(t));
        span.replaceWith(button);
        return button;
      });
      if (sentence) {
        sentence.setAttribute("role", "toolbar");
        sentence.setAttribute("aria-label", "The sentence: choose a word");
        sentence.addEventListener("keydown", (e) => {
          const t = words.indexOf(e.target);
          const to = { ArrowLeft: t - 1, ArrowUp: t - 1, ArrowRight: t + 1, ArrowDown: t + 1,
            Home: 0, End: T - 1 }[e.key];
          if (t < 0 || to === undefined) return;
          e.preventDefault();
          choose(Math.min(Math.max(to, 0), T - 1));
          words[+input.value].focus();
        });
      }
      function choose(t) {
        input.value = t;
        input.sync();
      }
      function update() {
        const t = +input.value;
        const v = { x: 0 };
        for (const k of [...PARTS, "C_prev", "h_prev"]) v[k] = data.values[k][t];
        show(fig, id, v, data.words[t]);
        words.forEach((w, s) => {
          if (s === t) w.setAttribute("aria-current", "true");
          else w.removeAttribute("aria-current");
          w.tabIndex = s === t ? 0 : -1;
        });
        const parts = PARTS.map((k) => `${SYMBOL[k]} ${fmt(v[k])}`).join(", ");
        readout.textContent = `Word ${t + 1} of ${T}, \u201c${data.words[t]}\u201d: ${parts}.`;
      }
      return [input];
    },

    decay(fig, data, id, box, readout) {
      const [cell0, bias0] = data.start.split(" ");
      const cell = control(box, `${id}-cell`,
        { label: "Cell", options: data.cells.map((c) => [c, c]), value: cell0 }, update);
      const bias = control(box, `${id}-bias`,
        { label: "Starting bias <i>b</i>", min: 0, max: data.biases.length - 1, step: 1,
          value: data.biases.indexOf(+bias0) },
        update, (n) => fmt(data.biases[n], 0));
      const rho = fig.querySelector(`#${id}-curve-rho path`);
      const keep = fig.querySelector(`#${id}-curve-keep path`);
      const m = data.map;
      const x = (k) => (m.x0 + m.xk * k).toFixed(2);
      const y = (v) => (m.y0 + m.ylog * Math.log10(Math.max(v, 1e-300))).toFixed(2);
      const path = (ys) => ys.map((v, n) => `${n ? "L" : "M"} ${x(data.k[n])} ${y(v)}`).join(" ");
      function update() {
        const b = data.biases[+bias.value];
        const ys = data.rho[`${cell.value} ${b}`];
        rho.setAttribute("d", path(ys));
        keep.setAttribute("d", path(data.k.map((k) => sigma(b) ** k)));
        const ks = [10, 50, 100].filter((k) => k < ys.length);
        const at = ks.map((k) => `\u03c1(${k}) = ${sci(ys[k])}`).join(", ");
        const name = cell.value === "GRU" ? `GRU, keep bias ${fmt(b, 0)} (b_z = ${fmt(-b, 0)})`
          : `${cell.value}, forget bias b_f = ${fmt(b, 0)}`;
        // and the frozen gate's sigma(b)^k at the last of them, to compare rho(k) with
        const last = ks[ks.length - 1];
        const frozen = ks.length ? `; frozen gate at k = ${last}: ${sci(sigma(b) ** last)}` : "";
        readout.textContent = ks.length ? `${name}: ${at}${frozen}.` : `${name}.`;
      }
      return [cell, bias];
    },

    playground(fig, data, id, box, readout) {
      const inputs = data.controls.map((c) =>
        control(box, `${id}-${c.name}`, c, update, (v) => fmt(+v, 1)));
      const reset = document.createElement("button");
      reset.type = "button";
      reset.textContent = "Start values";
      reset.addEventListener("click", () => {  // every control back, and what each says
        data.controls.forEach((c, n) => { inputs[n].value = c.value; inputs[n].say(); });
        update();
      });
      box.append(reset);
      function update() {
        const s = {};
        data.controls.forEach((c, n) => { s[c.name] = +inputs[n].value; });
        const { z, ...v } = step(data.weights, s, s.x, s.h_prev, s.C_prev);
        show(fig, id, { ...v, x: s.x, h_prev: s.h_prev, C_prev: s.C_prev });
        // the table: each layer's terms w_h h, w_x x, b, their sum z, and the layer's output
        for (const [name, g] of Object.entries(LAYERS)) {
          const [w_h, w_x] = data.weights["W_" + g];
          const cells = { h: `${fmt(w_h)}\u2009\u00d7\u2009${fmt(s.h_prev, 1)}`,
            x: `${fmt(w_x)}\u2009\u00d7\u2009${fmt(s.x, 1)}`, b: fmt(s["b_" + g], 1),
            z: fmt(z[name]), out: fmt(v[name]) };
          for (const [key, text] of Object.entries(cells)) {
            const cell = fig.querySelector(`#${id}-pre-${name}-${key}`);
            if (cell) cell.textContent = text;
          }
        }
        const gates = ["f", "i", "C_tilde", "o"].map((k) => `${SYMBOL[k]} ${fmt(v[k])}`).join(", ");
        readout.textContent = `${gates}; new cell state C ${fmt(v.C)}, output h ${fmt(v.h)}.`;
      }
      return inputs;
    },
  };

  function setUp(fig) {
    const kind = KINDS[fig.dataset.lx];
    const json = fig.querySelector("script.lx-data");
    const box = fig.querySelector(".lx-controls");
    if (!kind || !json || !box || fig.dataset.ready) return;
    const made = kind(fig, JSON.parse(json.textContent), fig.id, box,
      fig.querySelector(".lx-readout"));
    made.forEach((input) => input.sync());
    box.hidden = false;
    fig.dataset.ready = "1";
  }
  // The figures whose controls hold a <select> are set up when they come within a screen of the
  // viewport. Inserting a <select> makes the browser style the section around it, and the
  // stylesheet lets it skip the sections below the first screen (content-visibility): on
  // training the decay figure's select made it style and lay out its whole section (2,400
  // elements) at load, a task of 130 to 200 ms at Lighthouse's 4x slower CPU. Their room is
  // kept (explorables.css), so nothing moves when the controls appear.
  const LATE = new Set(["decay"]);
  function init() {
    const later = "IntersectionObserver" in window
      ? new IntersectionObserver((entries, observer) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          observer.unobserve(entry.target);
          setUp(entry.target);
        }
      }, { rootMargin: "100% 0px" })
      : null;
    for (const fig of document.querySelectorAll("figure.lx[data-lx]")) {
      if (later && LATE.has(fig.dataset.lx)) later.observe(fig);
      else setUp(fig);
    }
  }
  window.lstmExplorables = { step, fmt, sci };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
