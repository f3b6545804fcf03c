#!/usr/bin/env node
// `npm run bench:gmm` (and part of `npm run bench`): Gaussian-mixture EM, mlem against
// scikit-learn's GaussianMixture, on the same data, from the same initial parameters, for the same
// number of iterations, in one run. Each case is measured four ways: mlem with `threads: 1` and with
// `threads: "auto"` (a worker thread on the second core where n·k ≥ 10⁵), scikit-learn with its
// defaults (numpy's OpenBLAS on every core) and with one BLAS thread (OPENBLAS_NUM_THREADS =
// OMP_NUM_THREADS = 1). The two ratios compare like with like: one core each, and every core each.
// Each measurement runs in a fresh process; per-iteration time = (t(I iterations) − t(1)) / (I − 1),
// which removes set-up costs (validation, the first Cholesky factorisations, sklearn's checks).
// Peak memory is the process's peak resident set size (ru_maxrss) of the single-threaded runs.
// Installs scikit-learn into .venv if it is missing (tests never need it).
// Each case runs 5 times per variant (alternating) and keeps the fastest run of each; at N ≤ 10,000
// each worker also takes each timing 7 times and keeps its fastest.
// Options: --quick (small sizes, one run each), --types (also every covariance type at D = 10, K = 8),
// --types-only (only those four cases).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { benchCase } from "./gmm-data.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const dir = join(root, ".bench");
// MLEM_BENCH_PYTHON: a Python that already has scikit-learn (e.g. where the package index is unreachable).
const py = process.env.MLEM_BENCH_PYTHON ?? join(root, ".venv/bin/python");
const quick = process.argv.includes("--quick");
const typesOnly = process.argv.includes("--types-only");
const withTypes = typesOnly || process.argv.includes("--types");
// Five runs per variant: on this 2-core VM single runs of the D = 10 cases varied by up to 1.7×.
const REPEATS = quick ? 1 : 5;
mkdirSync(dir, { recursive: true });

function ensureSklearn() {
  const ok = spawnSync(py, ["-c", "import sklearn, numpy"], { stdio: "ignore" }).status === 0;
  if (ok) return;
  console.log("[bench] installing scikit-learn into .venv (pinned 1.9.1) ...");
  execFileSync(py, ["-m", "pip", "install", "--disable-pip-version-check", "-q", "scikit-learn==1.9.1"], { stdio: "inherit" });
}

function runWorker(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 24, env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

function measure(n, d, k, type, iterations) {
  const files = benchCase(dir, n, d, k);
  // Each measurement REPEATS times, alternating the libraries; the minimum is kept (the least
  // disturbed run), which makes the ratio robust to whatever else the machine is doing.
  const perIter = (r) => (r.secondsMany - r.secondsOne) / (iterations - 1);
  const best = (a, b) => (a === null || perIter(b) < perIter(a) ? b : a);
  const oneThread = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  // Timings per worker (the fastest kept): small fits take milliseconds, where one timing is noise.
  const inner = String(n <= 10_000 ? 7 : 1);
  const args = (script) => [script, files.data, files.init, type, String(iterations)];
  let mlem = null;
  let mlemAuto = null;
  let sk = null;
  let sk1 = null;
  for (let rep = 0; rep < REPEATS; rep++) {
    mlem = best(mlem, runWorker(process.execPath, [...args("scripts/bench/gmm-mlem.mjs"), "1", inner]));
    sk = best(sk, runWorker(py, [...args("scripts/bench/gmm_sklearn.py"), inner]));
    mlemAuto = best(mlemAuto, runWorker(process.execPath, [...args("scripts/bench/gmm-mlem.mjs"), "auto", inner]));
    sk1 = best(sk1, runWorker(py, [...args("scripts/bench/gmm_sklearn.py"), inner], oneThread));
  }
  const row = {
    n, d, k, type, iterations,
    mlemMsPerIter: perIter(mlem) * 1e3,
    mlemAutoMsPerIter: perIter(mlemAuto) * 1e3,
    sklearnMsPerIter: perIter(sk) * 1e3,
    sklearnOneThreadMsPerIter: perIter(sk1) * 1e3,
    /** mlem threads: 1 against scikit-learn with its default threads (the README's earlier ratio). */
    ratio: perIter(mlem) / perIter(sk),
    ratioOneCore: perIter(mlem) / perIter(sk1),
    ratioAllCores: perIter(mlemAuto) / perIter(sk),
    mlemPeakMB: mlem.peakRssMB, sklearnPeakMB: sk1.peakRssMB,
    mlemBaselineMB: mlem.baselineRssMB, sklearnBaselineMB: sk1.baselineRssMB,
    dataMB: (n * d * 8) / 2 ** 20,
    logLikDiff: Math.max(...[mlemAuto, sk1, mlem].map((r) => Math.abs(r.meanLogLikelihood - sk.meanLogLikelihood) / Math.abs(sk.meanLogLikelihood))),
  };
  console.log(
    `[bench] N=${n} D=${d} K=${k} ${type}: mlem ${row.mlemMsPerIter.toFixed(2)} (auto ${row.mlemAutoMsPerIter.toFixed(2)}) ms/iter, ` +
      `sklearn ${row.sklearnOneThreadMsPerIter.toFixed(2)} (default ${row.sklearnMsPerIter.toFixed(2)}) ms/iter, ` +
      `ratio one core ${row.ratioOneCore.toFixed(2)}, all cores ${row.ratioAllCores.toFixed(2)}; peak RSS ${row.mlemPeakMB.toFixed(0)} / ${row.sklearnPeakMB.toFixed(0)} MB; ` +
      `mean log-lik agree to ${row.logLikDiff.toExponential(1)}`,
  );
  return row;
}

ensureSklearn();
const sk = JSON.parse(
  execFileSync(
    py,
    ["-c", "import sklearn, numpy, json, threadpoolctl; i = threadpoolctl.threadpool_info(); print(json.dumps([sklearn.__version__, numpy.__version__, sorted({f\"{p['internal_api']} {p['num_threads']} threads\" for p in i})]))"],
    { encoding: "utf8" },
  ),
);
const env = { node: process.version, sklearn: sk[0], numpy: sk[1], blas: sk[2].join(", ") || "?", cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}` };
console.log(`[bench] node ${env.node}, scikit-learn ${env.sklearn}, numpy ${env.numpy} (${env.blas} by default), ${env.cpus}`);

const headline = quick
  ? [[20_000, 2, 3, 20], [10_000, 10, 8, 10]]
  : [[200_000, 2, 3, 20], [100_000, 10, 8, 10], [1_000_000, 2, 5, 10]];
const results = { env, headline: [], scaling: [], types: [] };
if (!typesOnly) for (const [n, d, k, it] of headline) results.headline.push(measure(n, d, k, "full", it));
const scalingN = typesOnly ? [] : quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000];
for (const n of scalingN) results.scaling.push(measure(n, 2, 3, "full", n <= 10_000 ? 50 : 20));
if (withTypes) for (const type of ["full", "tied", "diag", "spherical"]) results.types.push(measure(100_000, 10, 8, type, 10));

const fmt = (x, p = 2) => x.toFixed(p);
const table = (rows) =>
  [
    "| N | D | K | covariance | mlem ms/iter, 1 thread | mlem, threads \"auto\" | scikit-learn ms/iter, 1 thread | scikit-learn, default threads | ratio, one core each | ratio, all cores each | peak RSS mlem / sklearn (MB) | data (MB) |",
    "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.n.toLocaleString("en-US")} | ${r.d} | ${r.k} | ${r.type} | ${fmt(r.mlemMsPerIter)} | ${fmt(r.mlemAutoMsPerIter)} | ${fmt(r.sklearnOneThreadMsPerIter)} | ${fmt(r.sklearnMsPerIter)} | ` +
        `**${fmt(r.ratioOneCore)}** | **${fmt(r.ratioAllCores)}** | ${fmt(r.mlemPeakMB, 0)} / ${fmt(r.sklearnPeakMB, 0)} | ${fmt(r.dataMB, 1)} |`,
    ),
  ].join("\n");
let md =
  `Measured ${new Date().toISOString().slice(0, 10)} by \`node scripts/bench/gmm.mjs${typesOnly ? " --types-only" : withTypes ? " --types" : ""}\` (fastest of ${REPEATS} runs per variant): node ${env.node}, scikit-learn ${env.sklearn}, numpy ${env.numpy} ` +
  `(default: ${env.blas}), ${env.cpus}. Ratios are mlem / scikit-learn: "one core each" mlem threads 1 against one BLAS thread, "all cores each" mlem threads "auto" against scikit-learn's defaults.\n\n` +
  (typesOnly ? "" : `${table(results.headline)}\n\nScaling in N (D = 2, K = 3, full):\n\n${table(results.scaling)}\n`);
if (results.types.length) md += `\nCovariance types (N = 100,000, D = 10, K = 8):\n\n${table(results.types)}\n`;
writeFileSync(join(dir, "gmm-results.json"), JSON.stringify(results, null, 2));
writeFileSync(join(dir, "gmm-results.md"), md);
console.log("\n" + md);
console.log(`[bench] written to .bench/gmm-results.{json,md}`);
