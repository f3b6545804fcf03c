// The EM playground on the Gaussian-mixture page (05): the Old Faithful scatter, where a click places
// a starting mean (K clicks place them all; a further click moves the nearest one) and a placed mean
// can be dragged (pointer events on the scatter; the run starts again from the new start); K and the
// covariance type are chosen above it; "E / M step" runs one half-step, "Play" animates them, with
// the 2σ ellipses and the responsibilities on the scatter and the log-likelihood curve beside it.
// It runs mlem in the page (bundled by scripts/export/live/build.mjs into assets/mlem-playground.js):
// fitGaussianMixture from the placed start says how many iterations EM takes; emSteps on
// gaussianMixtureModel then replays them one half-step at a time, so the curve ends at the fit's value.
// window.mlemPlayground is used by the playground's test (scripts/export/live-check.mjs).
import { emSteps, ellipseTraces, fitGaussianMixture, gaussianMixtureModel, meansTrace, parseCsv, pointsTrace } from "mlem";

const host = document.getElementById("mlem-playground");
if (host) mount(host);

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`${src} did not load`));
    document.head.appendChild(s);
  });
}

function mount(host) {
  const assets = host.dataset.assets || "assets";
  // Placed before the cell of the heading it names (convert.py checks that the heading exists).
  const heading = host.dataset.before && document.getElementById(host.dataset.before);
  const cell = heading?.closest(".jp-Cell");
  if (cell) cell.parentElement.insertBefore(host, cell.closest("details") ?? cell);
  host.innerHTML = `
<h2 class="mlem-pg-title">EM playground: Old Faithful in two dimensions</h2>
<p class="mlem-pg-help">Click the scatter to place the starting means (one per component; once all are placed, a click moves the nearest), or drag a placed mean. Then press <b>Play</b>, or <b>E / M step</b> for one half-step at a time. Everything runs in this page, on mlem.</p>
<div class="mlem-pg-controls">
  <label>K <select class="mlem-pg-k">${[1, 2, 3, 4, 5, 6].map((k) => `<option${k === 2 ? " selected" : ""}>${k}</option>`).join("")}</select></label>
  <label>covariance <select class="mlem-pg-cov">${["full", "tied", "diag", "spherical"].map((t) => `<option>${t}</option>`).join("")}</select></label>
  <button type="button" class="mlem-pg-step">E / M step</button>
  <button type="button" class="mlem-pg-play">&#9654; Play</button>
  <button type="button" class="mlem-pg-clear">Clear means</button>
  <span class="mlem-pg-status" role="status" aria-live="polite"></span>
</div>
<div class="mlem-pg-charts"><div class="mlem-pg-scatter"></div><div class="mlem-pg-ll"></div></div>`;
  const $ = (sel) => host.querySelector(sel);
  const status = $(".mlem-pg-status");
  const scatter = $(".mlem-pg-scatter");
  const llChart = $(".mlem-pg-ll");
  let X = null;
  let covariance = null; // the data's covariance: every component starts with it
  let means = [];
  let run = null; // {gen, fit, model, params, resp, ll: [], done, phase}
  let timer = null;

  const K = () => Number($(".mlem-pg-k").value);
  const covType = () => $(".mlem-pg-cov").value;
  const say = (t) => (status.textContent = t);

  function startParams() {
    const k = K();
    const d = 2;
    const diag = [covariance[0][0], covariance[1][1]];
    const covs = {
      full: Array.from({ length: k }, () => covariance.map((r) => r.slice())),
      tied: covariance.map((r) => r.slice()),
      diag: Array.from({ length: k }, () => diag.slice()),
      spherical: Array.from({ length: k }, () => (diag[0] + diag[1]) / d),
    }[covType()];
    return { weights: Array.from({ length: k }, () => 1 / k), means: means.map((m) => m.slice()), covariances: covs };
  }

  const axis = (title) => ({ title: { text: title }, zeroline: false });
  const baseLayout = {
    margin: { l: 56, r: 12, t: 36, b: 48 },
    height: 400,
    dragmode: false,
    showlegend: false,
    font: { family: "system-ui, sans-serif", size: 12 },
  };

  function drawScatter() {
    const traces = [pointsTrace(X, run?.resp ? { responsibilities: run.resp } : {})];
    if (run?.params) traces.push(...ellipseTraces(run.params, { showLegend: false }));
    if (means.length) traces.push(meansTrace(run?.params ?? { means }, { showLegend: false }));
    const title = run ? `${run.phase === "M" ? "after the M-step" : "after the E-step"} of iteration ${run.iteration}` : `starting means: ${means.length} of ${K()} placed`;
    return Plotly.react(scatter, traces, { ...baseLayout, title: { text: title, font: { size: 13 } }, xaxis: { ...axis("eruption duration (min)"), range: ranges.x }, yaxis: { ...axis("waiting time (min)"), range: ranges.y } }, { displaylogo: false, responsive: true });
  }

  function drawLL() {
    const ll = run?.ll ?? [];
    return Plotly.react(
      llChart,
      [{ type: "scatter", mode: "lines+markers", x: ll.map((_, t) => t), y: ll, line: { color: "#1f77b4" }, marker: { size: 5 } }],
      { ...baseLayout, title: { text: "log-likelihood ℓ(θ_t)", font: { size: 13 } }, xaxis: axis("iteration t"), yaxis: axis("ℓ (nats)") },
      { displaylogo: false, responsive: true },
    );
  }

  let ranges = { x: [1.2, 5.5], y: [38, 100] };

  function reset(message) {
    pause();
    run = null;
    drawScatter();
    drawLL();
    say(message ?? (means.length < K() ? `place ${K() - means.length} more mean(s) on the scatter` : "ready: press Play or E / M step"));
  }

  function place(x, y) {
    if (run) {
      run = null;
      drawLL();
    }
    if (means.length < K()) means.push([x, y]);
    else {
      let best = 0;
      means.forEach((m, c) => {
        if ((m[0] - x) ** 2 / covariance[0][0] + (m[1] - y) ** 2 / covariance[1][1] < (means[best][0] - x) ** 2 / covariance[0][0] + (means[best][1] - y) ** 2 / covariance[1][1]) best = c;
      });
      means[best] = [x, y];
    }
    reset();
  }

  function begin() {
    if (means.length < K()) {
      say(`place ${K() - means.length} more mean(s) first`);
      return false;
    }
    const init = startParams();
    try {
      const fit = fitGaussianMixture(X, { k: K(), covarianceType: covType(), init });
      const model = gaussianMixtureModel(X, { k: K(), covarianceType: covType() });
      run = { init, fit, gen: emSteps(model, init, { maxIter: fit.iterations }), params: null, resp: null, ll: [], phase: "E", iteration: 0, done: false, decreases: 0 };
    } catch (e) {
      say(`EM cannot start from here: ${e.message}`);
      return false;
    }
    return true;
  }

  // One half-step: an E-step (responsibilities and ℓ at θ_t) or an M-step (θ_{t+1}).
  function step() {
    if (!run && !begin()) return false;
    if (run.done) return false;
    const next = run.gen.next();
    if (next.done) {
      run.done = true;
      pause();
      const f = run.fit;
      say(`${f.converged ? "converged" : "stopped"} after ${f.iterations} iterations: ℓ = ${run.ll[run.ll.length - 1].toFixed(6)} (fitGaussianMixture from this start: ${f.logLikelihood.toFixed(6)})`);
      drawScatter();
      return false;
    }
    const s = next.value;
    run.phase = s.phase;
    run.iteration = s.iteration;
    run.params = s.params;
    if (s.phase === "E") {
      run.resp = s.stats.responsibilities;
      if (run.ll.length && s.logLikelihood < run.ll[run.ll.length - 1] - 1e-9 * Math.abs(s.logLikelihood)) run.decreases++;
      run.ll.push(s.logLikelihood);
      drawLL();
      say(`iteration ${s.iteration}: ℓ = ${s.logLikelihood.toFixed(4)}`);
    }
    drawScatter();
    return true;
  }

  function play() {
    if (timer) return pause();
    if (run?.done) run = null;
    if (!run && !begin()) return;
    $(".mlem-pg-play").innerHTML = "&#10074;&#10074; Pause";
    timer = setInterval(() => {
      if (!step()) pause();
    }, 120);
  }
  function pause() {
    clearInterval(timer);
    timer = null;
    $(".mlem-pg-play").innerHTML = "&#9654; Play";
  }

  $(".mlem-pg-step").addEventListener("click", () => {
    pause();
    step();
  });
  $(".mlem-pg-play").addEventListener("click", play);
  $(".mlem-pg-clear").addEventListener("click", () => {
    means = [];
    reset();
  });
  $(".mlem-pg-k").addEventListener("change", () => {
    means = means.slice(0, K());
    reset();
  });
  $(".mlem-pg-cov").addEventListener("change", () => reset());

  // A pointer position on the scatter's plotting area, in data coordinates (null outside it).
  function dataAt(ev) {
    const full = scatter._fullLayout;
    if (!full) return null;
    const box = scatter.getBoundingClientRect();
    const px = ev.clientX - box.left - full._size.l;
    const py = ev.clientY - box.top - full._size.t;
    if (px < 0 || py < 0 || px > full._size.w || py > full._size.h) return null;
    return [full.xaxis.p2l(px), full.yaxis.p2l(py)];
  }

  // Dragging a placed mean: a press within GRAB pixels of one picks it up (the nearest), the pointer
  // moves it (drawn once per frame), and the release leaves it there, with the run reset to start
  // from there. Captured before Plotly's own handlers, so the chart does not pan or select; the
  // click that follows the release is not a placement.
  const GRAB = 14;
  let drag = null; // {index, pointerId, moved}
  let swallowClick = false;
  scatter.style.touchAction = "none";
  scatter.addEventListener(
    "pointerdown",
    (ev) => {
      const full = scatter._fullLayout;
      if (!full || !means.length || ev.button !== 0) return;
      const box = scatter.getBoundingClientRect();
      let best = -1;
      let bestD = GRAB;
      means.forEach((m, c) => {
        const d = Math.hypot(box.left + full._size.l + full.xaxis.l2p(m[0]) - ev.clientX, box.top + full._size.t + full.yaxis.l2p(m[1]) - ev.clientY);
        if (d <= bestD) [best, bestD] = [c, d];
      });
      if (best < 0) return;
      ev.preventDefault();
      ev.stopPropagation();
      scatter.setPointerCapture?.(ev.pointerId);
      drag = { index: best, pointerId: ev.pointerId, moved: false, frame: 0 };
      if (run) {
        pause();
        run = null;
        drawLL();
      }
      // The status line is left as it is until the release: a shorter text could unwrap the
      // controls above the chart and move the chart under the pointer.
    },
    true,
  );
  scatter.addEventListener(
    "pointermove",
    (ev) => {
      if (!drag || ev.pointerId !== drag.pointerId) return;
      ev.preventDefault();
      ev.stopPropagation();
      const at = dataAt(ev);
      if (!at) return;
      means[drag.index] = at;
      drag.moved = true;
      drag.frame ||= requestAnimationFrame(() => {
        if (drag) drag.frame = 0;
        drawScatter();
      });
    },
    true,
  );
  const endDrag = (ev) => {
    if (!drag || ev.pointerId !== drag.pointerId) return;
    ev.stopPropagation();
    const at = ev.type === "pointerup" ? dataAt(ev) : null;
    if (at) means[drag.index] = at;
    cancelAnimationFrame(drag.frame);
    swallowClick = true;
    setTimeout(() => (swallowClick = false), 0);
    const m = means[drag.index];
    const index = drag.index;
    drag = null;
    reset(`mean ${index + 1} moved to (${m[0].toFixed(2)}, ${m[1].toFixed(1)}): press Play or E / M step`);
  };
  scatter.addEventListener("pointerup", endDrag, true);
  scatter.addEventListener("pointercancel", endDrag, true);

  // A click on the scatter's plotting area places a mean (or moves the nearest).
  scatter.addEventListener("click", (ev) => {
    if (swallowClick) return;
    const at = dataAt(ev);
    if (at) place(at[0], at[1]);
  });

  const ready = (window.Plotly ? Promise.resolve() : loadScript(`${assets}/plotly.min.js`))
    .then(() => (window.mlemData?.["faithful.csv"] ? null : loadScript(`${assets}/data/faithful.csv.js`)))
    .then(() => {
      X = parseCsv(window.mlemData["faithful.csv"]).matrix(["eruptions", "waiting"]);
      const n = X.length;
      const mean = [0, 1].map((j) => X.reduce((s, r) => s + r[j], 0) / n);
      covariance = [0, 1].map((a) => [0, 1].map((b) => X.reduce((s, r) => s + (r[a] - mean[a]) * (r[b] - mean[b]), 0) / n));
      const span = (j) => {
        let lo = Infinity;
        let hi = -Infinity;
        for (const r of X) {
          lo = Math.min(lo, r[j]);
          hi = Math.max(hi, r[j]);
        }
        const pad = 0.08 * (hi - lo);
        return [lo - pad, hi + pad];
      };
      ranges = { x: span(0), y: span(1) };
      reset();
    })
    .catch((e) => say(`the playground cannot start: ${e.message}`));

  window.mlemPlayground = {
    ready,
    // For the test: the pixel position (relative to the scatter's box) of a data point.
    pixelOf: (x, y) => {
      const full = scatter._fullLayout;
      return { x: full._size.l + full.xaxis.l2p(x), y: full._size.t + full.yaxis.l2p(y) };
    },
    state: () => ({
      means: means.map((m) => m.slice()),
      k: K(),
      covarianceType: covType(),
      logLikelihoods: run ? run.ll.slice() : [],
      decreases: run ? run.decreases : 0,
      done: run ? run.done : false,
      fitLogLikelihood: run ? run.fit.logLikelihood : null,
      fitIterations: run ? run.fit.iterations : null,
      // The start the current run began from (null before Play or a step).
      start: run ? structuredClone(run.init) : null,
      playing: !!timer,
      status: status.textContent,
    }),
  };
}
