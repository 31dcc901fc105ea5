/* The "Train it yourself" page's training core: the package's RNN, GRU and LSTM, its readout,
   loss, Adam and gradient-norm clipping, and its pronoun task, in plain JavaScript (float64, no
   library). Every formula follows lstm_explained (cells/, training/); a browser test checks the
   numbers against the package's on exported test vectors. Loaded by the page's worker
   (importScripts) and, for the tests, by a page; it defines self.lxTrain and nothing else. */
(() => {
  "use strict";
  const sig = (a) => 0.5 * Math.tanh(0.5 * a) + 0.5; // the package's sigmoid
  const GATES = { rnn: [""], gru: ["z", "r", "h"], lstm: ["f", "i", "C", "o"] };

  // ------------------------------------------------------------------ random numbers
  // sfc32, seeded by splitmix32 from (seed, stream): independent streams for the weights, the
  // training batches and the test sentences, as the package splits a run's seed.
  function rng(seed, stream) {
    let s = (seed * 0x9e3779b1 + stream * 0x85ebca6b + 0x6a09e667) | 0;
    const mix = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    let a = mix(), b = mix(), c = mix(), d = mix();
    const u32 = () => {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      return t >>> 0;
    };
    for (let k = 0; k < 12; k++) u32();
    const uniform = () => (u32() * 2 ** 21 + (u32() >>> 11)) / 2 ** 53; // [0, 1), 53 bits
    let spare = null;
    const normal = () => {
      if (spare !== null) { const v = spare; spare = null; return v; }
      let u, v, r;
      do { u = 2 * uniform() - 1; v = 2 * uniform() - 1; r = u * u + v * v; } while (r >= 1 || r === 0);
      const m = Math.sqrt((-2 * Math.log(r)) / r);
      spare = v * m;
      return u * m;
    };
    const integer = (n) => Math.floor(uniform() * n);
    return { uniform, normal, integer };
  }

  // ------------------------------------------------------------------ the pronoun task
  // The package's rules (training/tasks.py): lead fillers, a subject, gap - 1 fillers, ".";
  // tokens index the vocabulary [6 male, 6 female, 25 fillers, "."]; target 0 "he", 1 "she".
  const N_MALE = 6, N_SUBJ = 12, N_FILLER = 25, PERIOD = 37;
  function pronounBatch(r, B, gap, lead = 3) {
    const T = lead + gap + 1;
    const tokens = new Int32Array(T * B); // time-major: tokens[t * B + b]
    const targets = new Int32Array(B);
    for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) tokens[t * B + b] = N_SUBJ + r.integer(N_FILLER);
    for (let b = 0; b < B; b++) {
      const g = r.integer(2), word = r.integer(N_MALE);
      tokens[lead * B + b] = g === 0 ? word : N_MALE + word;
      tokens[(T - 1) * B + b] = PERIOD;
      targets[b] = g;
    }
    return { tokens, targets, T, B };
  }

  // ------------------------------------------------------------------ the model
  // Parameters by the package's names (SequenceModel.params): "cell.W_f" (H, H + I) row-major,
  // its columns [h_{t-1}, x_t]; "cell.b_f" (H); "readout.W" (2, H); "readout.b" (2).
  function names(kind) {
    const out = [];
    for (const g of GATES[kind]) out.push(g ? `cell.W_${g}` : "cell.W", g ? `cell.b_${g}` : "cell.b");
    return [...out, "readout.W", "readout.b"];
  }

  function orthogonal(r, n) { // QR of a Gaussian, R's diagonal positive: Gram-Schmidt
    const q = new Float64Array(n * n);
    for (let k = 0; k < n * n; k++) q[k] = r.normal();
    for (let j = 0; j < n; j++) { // column j
      for (let i = 0; i < j; i++) {
        let d = 0;
        for (let k = 0; k < n; k++) d += q[k * n + i] * q[k * n + j];
        for (let k = 0; k < n; k++) q[k * n + j] -= d * q[k * n + i];
      }
      let s = 0;
      for (let k = 0; k < n; k++) s += q[k * n + j] ** 2;
      s = Math.sqrt(s);
      for (let k = 0; k < n; k++) q[k * n + j] /= s;
    }
    return q;
  }

  // A fresh model, initialised as the package does: per gate an orthogonal recurrent block and
  // Glorot-uniform input weights, zero biases but the keeping gate's (b_f = bias for the LSTM,
  // b_z = -bias for the GRU); the readout Glorot-uniform with a zero bias.
  function init(kind, H, I, bias, seed) {
    const r = rng(seed, 1);
    const p = {};
    const lim = Math.sqrt(6 / (H + I));
    for (const g of GATES[kind]) {
      const W = new Float64Array(H * (H + I));
      const Q = orthogonal(r, H);
      for (let j = 0; j < H; j++) {
        for (let k = 0; k < H; k++) W[j * (H + I) + k] = Q[j * H + k];
        for (let k = 0; k < I; k++) W[j * (H + I) + H + k] = (2 * r.uniform() - 1) * lim;
      }
      const b = new Float64Array(H);
      if (g === "f") b.fill(bias);
      if (g === "z") b.fill(-bias);
      p[g ? `cell.W_${g}` : "cell.W"] = W;
      p[g ? `cell.b_${g}` : "cell.b"] = b;
    }
    const lr = Math.sqrt(6 / (H + 2));
    p["readout.W"] = Float64Array.from({ length: 2 * H }, () => (2 * r.uniform() - 1) * lr);
    p["readout.b"] = new Float64Array(2);
    return p;
  }

  // ------------------------------------------------------------------ forward and backward
  // The input side of every gate for every word of the vocabulary, once per pass: the word
  // vectors are fixed and there are only 38 of them. P[(tok * G + g) * H + j] =
  // W_g[j, H:] . E[tok] + b_g[j].
  function project(W, bb, E, H, I) {
    const G = W.length, V = E.length / I, n = H + I;
    const P = new Float64Array(V * G * H);
    for (let v = 0; v < V; v++) {
      for (let g = 0; g < G; g++) {
        for (let j = 0; j < H; j++) {
          let s = 0;
          for (let k = 0; k < I; k++) s += W[g][j * n + H + k] * E[v * I + k];
          P[(v * G + g) * H + j] = s + bb[g][j];
        }
      }
    }
    return P;
  }

  // out[j] = W[j, :H] . hv[ho .. ho + H) + P[po + j]: one gate's pre-activation, its input side
  // taken from the projection (offsets, not views: no allocation in the inner loops).
  function affine(W, hv, ho, P, po, H, I, out) {
    const n = H + I;
    const H4 = H - (H % 4);
    for (let j = 0; j < H; j++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // four sums: no chain of dependent additions
      const row = j * n;
      let k = 0;
      for (; k < H4; k += 4) {
        s0 += W[row + k] * hv[ho + k];
        s1 += W[row + k + 1] * hv[ho + k + 1];
        s2 += W[row + k + 2] * hv[ho + k + 2];
        s3 += W[row + k + 3] * hv[ho + k + 3];
      }
      for (; k < H; k++) s0 += W[row + k] * hv[ho + k];
      out[j] = s0 + s1 + (s2 + s3) + P[po + j];
    }
  }

  // The forward pass of the whole model on a batch; keeps what backward needs. E is the fixed
  // embedding table (38 x I, row-major). Returns {logits (B x 2), cache}.
  function forward(kind, p, E, I, batch) {
    const { tokens, T, B } = batch;
    const H = p["readout.W"].length / 2;
    const G = GATES[kind].length;
    const hs = new Float64Array((T + 1) * B * H); // hs[(t + 1) B H + b H + j] is h_t
    const gates = new Float64Array(T * B * G * H); // activated, [t][b][gate][j]
    const Cs = kind === "lstm" ? new Float64Array((T + 1) * B * H) : null;
    const tmp = new Float64Array(H);
    const rh = new Float64Array(H);
    const W = GATES[kind].map((g) => p[g ? `cell.W_${g}` : "cell.W"]);
    const bb = GATES[kind].map((g) => p[g ? `cell.b_${g}` : "cell.b"]);
    const P = project(W, bb, E, H, I);
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++) {
        const po = tokens[t * B + b] * G * H; // the word's input side in P
        const ho = (t * B + b) * H; // h_{t-1} in hs
        const hn = ((t + 1) * B + b) * H; // h_t
        const gb = (t * B + b) * G * H;
        if (kind === "rnn") {
          affine(W[0], hs, ho, P, po, H, I, tmp);
          for (let j = 0; j < H; j++) { hs[hn + j] = Math.tanh(tmp[j]); gates[gb + j] = hs[hn + j]; }
        } else if (kind === "lstm") {
          for (let g = 0; g < 4; g++) {
            affine(W[g], hs, ho, P, po + g * H, H, I, tmp);
            for (let j = 0; j < H; j++) gates[gb + g * H + j] = g === 2 ? Math.tanh(tmp[j]) : sig(tmp[j]);
          }
          for (let j = 0; j < H; j++) {
            const f = gates[gb + j], i = gates[gb + H + j], c = gates[gb + 2 * H + j], o = gates[gb + 3 * H + j];
            const C = f * Cs[ho + j] + i * c;
            Cs[hn + j] = C;
            hs[hn + j] = o * Math.tanh(C);
          }
        } else { // gru, the post's form: reset applied to h_prev before the product
          affine(W[0], hs, ho, P, po, H, I, tmp);
          for (let j = 0; j < H; j++) gates[gb + j] = sig(tmp[j]);
          affine(W[1], hs, ho, P, po + H, H, I, tmp);
          for (let j = 0; j < H; j++) { gates[gb + H + j] = sig(tmp[j]); rh[j] = gates[gb + H + j] * hs[ho + j]; }
          affine(W[2], rh, 0, P, po + 2 * H, H, I, tmp);
          for (let j = 0; j < H; j++) {
            const ht = Math.tanh(tmp[j]);
            gates[gb + 2 * H + j] = ht;
            hs[hn + j] = hs[ho + j] + gates[gb + j] * (ht - hs[ho + j]);
          }
        }
      }
    }
    const Wy = p["readout.W"], by = p["readout.b"];
    const logits = new Float64Array(B * 2);
    const last = T * B * H;
    for (let b = 0; b < B; b++) {
      for (let c = 0; c < 2; c++) {
        let s = 0;
        for (let j = 0; j < H; j++) s += hs[last + b * H + j] * Wy[c * H + j];
        logits[b * 2 + c] = s + by[c];
      }
    }
    return { logits, cache: { kind, T, B, H, I, G, hs, gates, Cs, tokens } };
  }

  // The package's softmax_cross_entropy: mean loss over the batch and its gradient.
  function crossEntropy(logits, targets) {
    const B = targets.length;
    const d = new Float64Array(B * 2);
    let loss = 0, correct = 0;
    for (let b = 0; b < B; b++) {
      const m = Math.max(logits[2 * b], logits[2 * b + 1]);
      const z0 = logits[2 * b] - m, z1 = logits[2 * b + 1] - m;
      const ln = Math.log(Math.exp(z0) + Math.exp(z1));
      loss += ln - (targets[b] === 0 ? z0 : z1);
      d[2 * b] = Math.exp(z0 - ln);
      d[2 * b + 1] = Math.exp(z1 - ln);
      d[2 * b + targets[b]] -= 1;
      if ((logits[2 * b + 1] > logits[2 * b] ? 1 : 0) === targets[b]) correct++;
    }
    for (let k = 0; k < d.length; k++) d[k] /= B;
    return { loss: loss / B, dlogits: d, accuracy: correct / B };
  }

  // Backpropagation through time from the loss's gradient at the logits. Returns the gradient of
  // every parameter (keyed like p) and, when wantDx, the norm of dL/dx_t of every step and
  // sequence (T x B), from which rho(k) is taken.
  function backward(p, E, dlogits, cache, wantDx = false) {
    const { kind, T, B, H, I, G, hs, gates, Cs, tokens } = cache;
    const n = H + I;
    const grads = {};
    for (const k of names(kind)) grads[k] = new Float64Array(p[k].length);
    const Wy = p["readout.W"];
    const gWy = grads["readout.W"], gby = grads["readout.b"];
    const keys = GATES[kind].map((g) => (g ? `_${g}` : ""));
    const W = keys.map((s) => p["cell.W" + s]);
    const gW = keys.map((s) => grads["cell.W" + s]);
    const gb = keys.map((s) => grads["cell.b" + s]);
    const dxNorm = wantDx ? new Float64Array(T * B) : null;
    const V = E.length / I;
    const dP = new Float64Array(V * G * H); // the pre-activations' gradients summed by word
    const da = new Float64Array(G * H);
    const dC = new Float64Array(H);
    const drh = new Float64Array(H);
    const rh = new Float64Array(H);
    for (let b = 0; b < B; b++) {
      const dh = new Float64Array(H); // dL/dh_t, carried back
      const dCn = new Float64Array(H); // dL/dC_t (LSTM)
      const hT = (T * B + b) * H;
      for (let c = 0; c < 2; c++) {
        const dy = dlogits[2 * b + c];
        gby[c] += dy;
        for (let j = 0; j < H; j++) { gWy[c * H + j] += dy * hs[hT + j]; dh[j] += dy * Wy[c * H + j]; }
      }
      for (let t = T - 1; t >= 0; t--) {
        const hp = (t * B + b) * H; // h_{t-1} in hs
        const tok = tokens[t * B + b];
        const g0 = (t * B + b) * G * H;
        if (kind === "rnn") {
          for (let j = 0; j < H; j++) { const h = gates[g0 + j]; da[j] = dh[j] * (1 - h * h); }
        } else if (kind === "lstm") {
          const Cp = (t * B + b) * H, Cn = ((t + 1) * B + b) * H;
          for (let j = 0; j < H; j++) {
            const f = gates[g0 + j], i = gates[g0 + H + j], c = gates[g0 + 2 * H + j], o = gates[g0 + 3 * H + j];
            const tc = Math.tanh(Cs[Cn + j]);
            da[3 * H + j] = dh[j] * tc * o * (1 - o);
            dC[j] = dh[j] * o * (1 - tc * tc) + dCn[j];
            da[j] = dC[j] * Cs[Cp + j] * f * (1 - f);
            da[H + j] = dC[j] * c * i * (1 - i);
            da[2 * H + j] = dC[j] * i * (1 - c * c);
            dCn[j] = dC[j] * f;
          }
        } else {
          for (let j = 0; j < H; j++) {
            const z = gates[g0 + j], r = gates[g0 + H + j], ht = gates[g0 + 2 * H + j];
            da[j] = dh[j] * (ht - hs[hp + j]) * z * (1 - z);
            da[2 * H + j] = dh[j] * z * (1 - ht * ht);
            rh[j] = r * hs[hp + j];
          }
          drh.fill(0); // W_h^(h)^T da_h: the gradient of r * h_prev
          for (let j = 0; j < H; j++) {
            const a = da[2 * H + j], row = j * n;
            for (let k = 0; k < H; k++) drh[k] += W[2][row + k] * a;
          }
          for (let j = 0; j < H; j++) { const r = gates[g0 + H + j]; da[H + j] = drh[j] * hs[hp + j] * r * (1 - r); }
        }
        // the recurrent weights' gradients (the GRU's candidate: from r h_prev); the input side
        // and the biases are summed by word and taken once at the end
        for (let g = 0; g < G; g++) {
          const cand = kind === "gru" && g === 2;
          const hv = cand ? rh : hs, ho = cand ? 0 : hp;
          const Wg = gW[g];
          const po = (tok * G + g) * H;
          for (let j = 0; j < H; j++) {
            const a = da[g * H + j];
            dP[po + j] += a;
            const row = j * n;
            for (let k = 0; k < H; k++) Wg[row + k] += a * hv[ho + k];
          }
        }
        if (wantDx) {
          let s = 0;
          for (let k = 0; k < I; k++) {
            let v = 0;
            for (let g = 0; g < G; g++) for (let j = 0; j < H; j++) v += W[g][j * n + H + k] * da[g * H + j];
            s += v * v;
          }
          dxNorm[t * B + b] = Math.sqrt(s);
        }
        // dL/dh_{t-1}
        // dL/dh_{t-1}: the GRU's direct terms, then W^(h)^T da of every gate (the GRU's
        // candidate already counted, through r * h_prev)
        const gru = kind === "gru";
        for (let k = 0; k < H; k++) dh[k] = gru ? dh[k] * (1 - gates[g0 + k]) + drh[k] * gates[g0 + H + k] : 0;
        for (let g = 0; g < (gru ? 2 : G); g++) {
          const Wg = W[g];
          for (let j = 0; j < H; j++) {
            const a = da[g * H + j], row = j * n;
            for (let k = 0; k < H; k++) dh[k] += Wg[row + k] * a;
          }
        }
      }
    }
    for (let v = 0; v < V; v++) {
      for (let g = 0; g < G; g++) {
        for (let j = 0; j < H; j++) {
          const a = dP[(v * G + g) * H + j];
          if (a === 0) continue;
          gb[g][j] += a;
          const row = j * n;
          for (let k = 0; k < I; k++) gW[g][row + H + k] += a * E[v * I + k];
        }
      }
    }
    return { grads, dxNorm };
  }

  // rho(k), k = 0 .. T-1: |dL/dx_{T-1-k}| / |dL/dx_{T-1}|, geometric mean over the batch (the
  // package's input_gradient_ratio, on the training loss).
  function rho(dxNorm, T, B) {
    const out = new Float64Array(T);
    for (let k = 0; k < T; k++) {
      let s = 0;
      for (let b = 0; b < B; b++) s += Math.log(dxNorm[(T - 1 - k) * B + b]) - Math.log(dxNorm[(T - 1) * B + b]);
      out[k] = Math.exp(s / B);
    }
    return out;
  }

  // ------------------------------------------------------------------ clipping and Adam
  // The joint norm over every gradient; scaled to max when larger. Returns the norm before.
  function clip(grads, order, max) {
    let s = 0;
    for (const k of order) { const g = grads[k]; for (let i = 0; i < g.length; i++) s += g[i] * g[i]; }
    const total = Math.sqrt(s);
    if (max !== null && total > max) {
      const scale = max / total;
      for (const k of order) { const g = grads[k]; for (let i = 0; i < g.length; i++) g[i] *= scale; }
    }
    return total;
  }

  function adam(p, order, lr, b1 = 0.9, b2 = 0.999, eps = 1e-8) {
    const m = {}, v = {};
    for (const k of order) { m[k] = new Float64Array(p[k].length); v[k] = new Float64Array(p[k].length); }
    let t = 0;
    return (grads) => {
      t += 1;
      const step = lr / (1 - b1 ** t), vScale = 1 / (1 - b2 ** t);
      for (const k of order) {
        const g = grads[k], mk = m[k], vk = v[k], pk = p[k];
        for (let i = 0; i < pk.length; i++) {
          mk[i] = mk[i] * b1 + (1 - b1) * g[i];
          vk[i] = vk[i] * b2 + (1 - b2) * (g[i] * g[i]);
          pk[i] -= (step * mk[i]) / (Math.sqrt(vk[i] * vScale) + eps);
        }
      }
    };
  }

  // One update: forward, loss, backward, clip (max null: none), the optimiser's step.
  function update(kind, p, E, I, batch, step, max, wantDx = false) {
    const { logits, cache } = forward(kind, p, E, I, batch);
    const { loss, dlogits, accuracy } = crossEntropy(logits, batch.targets);
    const { grads, dxNorm } = backward(p, E, dlogits, cache, wantDx);
    const norm = clip(grads, names(kind), max);
    step(grads);
    return { loss, accuracy, norm, dxNorm, T: batch.T, B: batch.B };
  }

  function accuracy(kind, p, E, I, batch) {
    return crossEntropy(forward(kind, p, E, I, batch).logits, batch.targets).accuracy;
  }

  // The gender unit of an LSTM, as the book finds it (experiments/gates.py): the unit whose cell
  // state at the full stop correlates most with the pronoun due, over the first n sentences of
  // a batch; and its f, i, C_tilde, o, C, h (and the C and h entering each step) along the first.
  function trace(p, E, I, batch, n = 200) {
    const { T } = batch, B = Math.min(n, batch.B), H = p["readout.W"].length / 2;
    const tokens = new Int32Array(T * B);
    for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) tokens[t * B + b] = batch.tokens[t * batch.B + b];
    const { cache } = forward("lstm", p, E, I, { tokens, T, B });
    const y = batch.targets.subarray(0, B);
    const ym = y.reduce((a, v) => a + v, 0) / B;
    let unit = 0, best = -1, rBest = 0;
    for (let j = 0; j < H; j++) {
      let m = 0;
      for (let b = 0; b < B; b++) m += cache.Cs[(T * B + b) * H + j] / B;
      let sxy = 0, sxx = 0, syy = 0;
      for (let b = 0; b < B; b++) {
        const dx = cache.Cs[(T * B + b) * H + j] - m, dy = y[b] - ym;
        sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
      }
      const r = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
      if (Math.abs(r) > best) { best = Math.abs(r); unit = j; rBest = r; }
    }
    const u = unit;
    const v = { unit, r: rBest, n: B, f: [], i: [], C_tilde: [], o: [], C: [], h: [], C_prev: [], h_prev: [] };
    for (let t = 0; t < T; t++) {
      const g = t * B * 4 * H; // sequence 0 of step t
      v.f.push(cache.gates[g + u]);
      v.i.push(cache.gates[g + H + u]);
      v.C_tilde.push(cache.gates[g + 2 * H + u]);
      v.o.push(cache.gates[g + 3 * H + u]);
      v.C_prev.push(cache.Cs[t * B * H + u]);
      v.h_prev.push(cache.hs[t * B * H + u]);
      v.C.push(cache.Cs[(t + 1) * B * H + u]);
      v.h.push(cache.hs[(t + 1) * B * H + u]);
    }
    return v;
  }

  // ------------------------------------------------------------------ a run
  // One configuration trained as the package's train() does: a fresh batch every update, the
  // loss's moving average (decay s.ema_decay) stops it below s.stop_below, the budget otherwise.
  // The test accuracy on s.test_size fixed sentences every s.test_every updates; rho(k) on the
  // batch of that update.
  function run(s, c, table) {
    const I = s.input_size, H = s.hidden_size;
    const E = Float64Array.from(table);
    const p = init(c.cell, H, I, c.bias, s.seed);
    const step = adam(p, names(c.cell), s.lr);
    const data = rng(s.seed, 2);
    const test = pronounBatch(rng(s.seed, 3), s.test_size, c.gap);
    const out = { losses: [], accs: [], norms: [], at: [0], test: [accuracy(c.cell, p, E, I, test)],
      rho: null, ema: null, done: false, solvedAt: null, trace: null };
    // the first test sentence, the one the diagram follows
    out.sentence = Array.from({ length: test.T }, (_, t) => test.tokens[t * test.B]);
    if (c.cell === "lstm") out.trace = trace(p, E, I, test);
    out.next = () => {
      const n = out.losses.length + 1;
      const measure = n % s.test_every === 0 || n === s.budget;
      const r = update(c.cell, p, E, I, pronounBatch(data, s.batch_size, c.gap), step,
        c.clip ? s.clip : null, measure);
      out.losses.push(r.loss);
      out.accs.push(r.accuracy);
      out.norms.push(r.norm);
      out.ema = n === 1 ? r.loss : s.ema_decay * out.ema + (1 - s.ema_decay) * r.loss;
      const stop = out.ema < s.stop_below || n >= s.budget;
      if (measure || stop) {
        out.at.push(n);
        out.test.push(accuracy(c.cell, p, E, I, test));
        if (out.solvedAt === null && out.test[out.test.length - 1] >= s.solved) out.solvedAt = n;
        if (r.dxNorm) out.rho = rho(r.dxNorm, r.T, r.B);
        if (c.cell === "lstm") out.trace = trace(p, E, I, test);
      }
      out.done = stop;
      return out;
    };
    out.params = p;
    return out;
  }

  self.lxTrain = {
    GATES, rng, pronounBatch, names, init, forward, crossEntropy, backward, rho, clip, adam,
    update, accuracy, sig, run, trace,
  };
})();
