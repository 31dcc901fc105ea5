/* The "Train it yourself" page's worker: trains one configuration with train.js, off the page's
   thread, in slices of about 60 ms, and posts what the plots need after each slice. Messages in:
   {type: "start", settings, config, table}, {type: "pause"}, {type: "resume"}. Out: {type:
   "progress", ...} and, at the end (the moving average below its threshold, or the budget),
   one with done: true. */
importScripts("train.js");
let run = null, sent = 0, sentTests = 0, paused = false, timer = 0, started = 0, busy = 0;

function slice() {
  timer = 0;
  if (!run || paused || run.done) return;
  const t0 = performance.now();
  while (!run.done && performance.now() - t0 < 60) run.next();
  busy += performance.now() - t0;
  const n = run.losses.length;
  postMessage({
    type: "progress",
    from: sent,
    losses: run.losses.slice(sent),
    accs: run.accs.slice(sent),
    norms: run.norms.slice(sent),
    at: run.at.slice(sentTests),
    test: run.test.slice(sentTests),
    rho: run.rho ? Array.from(run.rho) : null,
    trace: run.trace,
    ema: run.ema,
    updates: n,
    solvedAt: run.solvedAt,
    done: run.done,
    seconds: (performance.now() - started) / 1000,
    perSecond: n / (busy / 1000),
  });
  sent = n;
  sentTests = run.at.length;
  if (!run.done) timer = setTimeout(slice, 0);
}

onmessage = (e) => {
  const m = e.data;
  if (m.type === "start") {
    run = self.lxTrain.run(m.settings, m.config, m.table);
    sent = 0;
    sentTests = 0;
    paused = false;
    started = performance.now();
    busy = 0;
    postMessage({ type: "progress", from: 0, losses: [], accs: [], norms: [], at: run.at.slice(),
      test: run.test.slice(), rho: null, trace: run.trace, sentence: run.sentence, ema: null, updates: 0, solvedAt: null, done: false,
      seconds: 0, perSecond: 0 });
    sentTests = run.at.length;
    timer = setTimeout(slice, 0);
  } else if (m.type === "pause") {
    paused = true;
  } else if (m.type === "resume") {
    paused = false;
    if (!timer) timer = setTimeout(slice, 0);
  }
};
