#!/usr/bin/env node
// Baum–Welch benchmark: mlem's fitHMM against pomegranate 0.14's HiddenMarkovModel.fit, univariate
// Gaussian and Poisson emissions, on the same data, from the same initial parameters, for the same
// number of iterations. As in gmm.mjs: each measurement runs in a fresh process; per-iteration time
// = (t(I iterations) − t(1)) / (I − 1), which removes set-up costs (validation, pomegranate's input
// checks, mlem's final posteriors and Viterbi path); each case runs 3 times per library,
// alternating (two at T = 10⁶), each worker keeping the fastest of a few timings, and the fastest of
// each library is kept; both must end at the same log-likelihood ℓ(θ_I).
// pomegranate is Debian's python3-pomegranate for /usr/bin/python3 (MLEM_BENCH_POMEGRANATE_PYTHON
// overrides); it is never needed by the tests.
// Run directly: node scripts/bench/hmm.mjs [--quick]; or import { runHmmBench } for a combined run.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sampleHMM } from "mlem";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const dir = join(root, ".bench");
const py = process.env.MLEM_BENCH_POMEGRANATE_PYTHON ?? "/usr/bin/python3";

/** A sticky K×K transition matrix: stay with probability `stay`, else move uniformly. */
function stickyTransition(k, stay) {
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (k === 1 ? 1 : i === j ? stay : (1 - stay) / (k - 1))));
}

/**
 * Writes the benchmark data (raw little-endian float64, length T) and the common initial parameters
 * (JSON) for one case, unless already there. Data: a seeded K-state HMM, states staying with
 * probability 0.95; Gaussian means 1.5 apart around 0, unit variances; Poisson rates 3, 5, 7, …
 * (overlapping states, so EM is still moving after I iterations and tol = 0 never stops it early).
 * Init (a deliberately mediocre start, so every iteration has work to do): uniform initial
 * distribution, stay probability 0.8, means (rates) at the data's (j + ½)/K quantiles, every
 * variance the data's variance.
 */
export function hmmBenchCase(T, k, emission, seed = 2024) {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `hmm-${emission}-t${T}-k${k}-s${seed}`);
  const files = { data: `${base}.f64`, init: `${base}.init.json` };
  if (existsSync(files.data) && existsSync(files.init)) return files;
  const truth = {
    initial: new Array(k).fill(1 / k),
    transition: stickyTransition(k, 0.95),
    emissions:
      emission === "gaussian"
        ? { type: "gaussian", means: Array.from({ length: k }, (_, j) => 1.5 * (j - (k - 1) / 2)), variances: new Array(k).fill(1) }
        : { type: "poisson", rates: Array.from({ length: k }, (_, j) => 3 + 2 * j) },
  };
  const x = Float64Array.from(sampleHMM(truth, T, seed).observations);
  const sorted = Float64Array.from(x).sort();
  const quantiles = Array.from({ length: k }, (_, j) => sorted[Math.floor(((j + 0.5) / k) * T)]);
  let mean = 0;
  for (let t = 0; t < T; t++) mean += x[t] / T;
  let variance = 0;
  for (let t = 0; t < T; t++) variance += (x[t] - mean) ** 2 / T;
  const init = { T, k, emission, seed, initial: new Array(k).fill(1 / k), transition: stickyTransition(k, 0.8) };
  if (emission === "gaussian") Object.assign(init, { means: quantiles, variances: new Array(k).fill(variance) });
  else Object.assign(init, { rates: quantiles.map((q, j) => q + 0.5 + 0.01 * j) }); // > 0 and distinct
  writeFileSync(files.data, Buffer.from(x.buffer));
  writeFileSync(files.init, JSON.stringify(init));
  return files;
}

function runWorker(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

/** Iterations per case: enough for a stable difference, few enough for a shared machine. */
const iterationsFor = (T) => (T <= 10_000 ? 30 : T <= 100_000 ? 10 : 5);
/**
 * Timings per worker process (the fastest kept): at T = 10⁴ one iteration takes under a millisecond,
 * so single timings are noise; at T = 10⁶ a fit's T posterior rows are garbage that the collector
 * reclaims inside a later timing (one such run measured 158 against 86 ms per iteration), so two.
 * (A forced gc() before each timing is no cure: V8 then drops compiled code and the next fit runs cold.)
 */
const innerRepeatsFor = (T) => (T <= 10_000 ? 7 : T <= 100_000 ? 3 : 2);
/** Worker processes per library and case: three, two at T = 10⁶ (pomegranate takes 4 s per iteration at K = 8). */
const outerRepeatsFor = (T, repeats) => (T >= 1_000_000 ? Math.min(repeats, 2) : repeats);

function measure(T, k, emission, repeats, log) {
  const files = hmmBenchCase(T, k, emission);
  const iterations = iterationsFor(T);
  const inner = innerRepeatsFor(T);
  const perIter = (r) => (r.secondsMany - r.secondsOne) / (iterations - 1);
  const best = (a, b) => (a === null || perIter(b) < perIter(a) ? b : a);
  let mlem = null;
  let pg = null;
  for (let rep = 0; rep < outerRepeatsFor(T, repeats); rep++) {
    // Alternate the libraries, so both see the same load on a shared machine.
    mlem = best(mlem, runWorker(process.execPath, ["scripts/bench/hmm-mlem.mjs", files.data, files.init, String(iterations), String(inner)]));
    pg = best(pg, runWorker(py, ["scripts/bench/hmm_pomegranate.py", files.data, files.init, String(iterations), String(inner)]));
  }
  if (mlem.iterations !== iterations || pg.iterations !== iterations) {
    throw new Error(`hmm bench T=${T} K=${k} ${emission}: ran ${mlem.iterations} (mlem) / ${pg.iterations} (pomegranate) iterations, expected ${iterations}.`);
  }
  const row = {
    T, k, emission, iterations,
    mlemMsPerIter: perIter(mlem) * 1e3,
    pomegranateMsPerIter: perIter(pg) * 1e3,
    ratio: perIter(mlem) / perIter(pg),
    mlemPeakMB: mlem.peakRssMB, pomegranatePeakMB: pg.peakRssMB,
    mlemLogLikelihood: mlem.logLikelihood, pomegranateLogLikelihood: pg.logLikelihood,
    logLikRelDiff: Math.abs(mlem.logLikelihood - pg.logLikelihood) / Math.abs(pg.logLikelihood),
  };
  log(
    `[bench hmm] T=${T} K=${k} ${emission}: mlem ${row.mlemMsPerIter.toFixed(2)} ms/iter, pomegranate ${row.pomegranateMsPerIter.toFixed(2)} ms/iter, ` +
      `ratio ${row.ratio.toFixed(2)}; ℓ agree to ${row.logLikRelDiff.toExponential(1)}`,
  );
  return row;
}

/** The markdown table of rows from {@link runHmmBench}. */
export function hmmTable(rows) {
  const fmt = (x, p = 2) => x.toFixed(p);
  return [
    "| T | K | emission | mlem ms/iter | pomegranate ms/iter | ratio (mlem / pomegranate) | ℓ relative difference |",
    "|---:|---:|---|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.T.toLocaleString("en-US")} | ${r.k} | ${r.emission} | ${fmt(r.mlemMsPerIter)} | ${fmt(r.pomegranateMsPerIter)} | **${fmt(r.ratio)}** | ${r.logLikRelDiff.toExponential(1)} |`,
    ),
  ].join("\n");
}

/**
 * Runs the benchmark; returns { env, rows, markdown } and writes .bench/hmm.json and .bench/hmm.md.
 * opts.quick: T ≤ 10⁵, K ≤ 4, one run per library. opts.log: progress lines (default console.log).
 */
export async function runHmmBench(opts = {}) {
  const quick = opts.quick ?? false;
  const log = opts.log ?? console.log;
  const repeats = quick ? 1 : 3;
  mkdirSync(dir, { recursive: true });
  const versions = JSON.parse(execFileSync(py, ["-c", "import pomegranate, numpy, sys, json; print(json.dumps([pomegranate.__version__, numpy.__version__, sys.version.split()[0]]))"], { encoding: "utf8" }));
  const env = { node: process.version, pomegranate: versions[0], numpy: versions[1], python: versions[2], cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}` };
  log(`[bench hmm] node ${env.node}, pomegranate ${env.pomegranate}, numpy ${env.numpy}, python ${env.python}, ${env.cpus}`);
  const Ts = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  const Ks = quick ? [2, 4] : [2, 4, 8];
  const rows = [];
  for (const emission of ["gaussian", "poisson"]) for (const T of Ts) for (const k of Ks) rows.push(measure(T, k, emission, repeats, log));
  const markdown =
    `Measured ${new Date().toISOString().slice(0, 10)} by \`node scripts/bench/hmm.mjs${quick ? " --quick" : ""}\` (per library the fastest of ${repeats} worker processes, 2 at T = 10⁶, each timing 7, 3 or 2 fits at T = 10⁴, 10⁵, 10⁶ and keeping its fastest; ` +
    `I = ${Ts.map((T) => `${iterationsFor(T)} at T = ${T.toLocaleString("en-US")}`).join(", ")}): node ${env.node}, pomegranate ${env.pomegranate}, numpy ${env.numpy}, python ${env.python}, ${env.cpus}.\n\n${hmmTable(rows)}\n`;
  const results = { env, quick, repeats, rows };
  writeFileSync(join(dir, "hmm.json"), JSON.stringify(results, null, 2));
  writeFileSync(join(dir, "hmm.md"), markdown);
  return { env, rows, markdown };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { markdown } = await runHmmBench({ quick: process.argv.includes("--quick") });
  console.log("\n" + markdown);
  console.log("[bench hmm] written to .bench/hmm.{json,md}");
}
