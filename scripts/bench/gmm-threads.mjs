#!/usr/bin/env node
// Per-iteration time of fitGaussianMixture's batch EM with threads: 1 against threads: 2 (the
// `threads` option; lib/src/mixture/parallel.ts). Uses the built library (node scripts/build-lib.mjs).
//   node scripts/bench/gmm-threads.mjs                 the README table: (n, d, k) = (100k, 10, 8) for
//                                                      the four covariance types, (200k, 2, 3) and
//                                                      (1M, 2, 5) full
//   node scripts/bench/gmm-threads.mjs --break-even    diag, d = 2, k = 3, n·k from 3·10³ to 3·10⁵
//   --rounds R (default 3)
// Every measurement is a fresh process (`--child n d k type threads`), threads 1 and 2 alternate,
// and each cell keeps the fastest of R rounds. A child simulates a k-cluster data set (fixed seed),
// fits it twice from one k-means++ start (given as init) with tol 0 (maxIter 1 and 1 + M, M ≥ 30) and reports
// (t(1 + M) − t(1)) / (E-steps between them): the cost of one EM iteration (E-step + M-step) without the set-up (copy into
// shared memory, initialisation), and checks that both thread counts reach the same ℓ.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
if (args[0] === "--child") {
  const { fitGaussianMixture } = await import("mlem");
  const [n, d, k] = args.slice(1, 4).map(Number);
  const [type, threads] = [args[4], Number(args[5])];
  // Mulberry32 + Box–Muller: cluster c at c on every axis, unit noise (overlapping, so EM runs every iteration asked for).
  let s = 12345;
  const u = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 + 1 / 8589934592;
  };
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    for (let a = 0; a < d; a++) data[i * d + a] = c + Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  }
  const X = { data, n, d };
  const M = Number(process.env.GMM_THREADS_ITERS ?? Math.min(2000, Math.max(30, Math.round(3e7 / (n * k * d)))));
  // One k-means++ start, computed once (single-threaded) and given to every timed fit as `init`, so
  // the timings hold no initialisation (whose cost varies from run to run).
  const start = fitGaussianMixture(X, { k, covarianceType: type, seed: 1, maxIter: 1, tol: 0 });
  const fit = (maxIter) => {
    const t = process.hrtime.bigint();
    const f = fitGaussianMixture(X, { k, covarianceType: type, init: start, maxIter, tol: 0, threads });
    return { s: Number(process.hrtime.bigint() - t) / 1e9, f };
  };
  fit(2); // warm-up (JIT, the worker pool)
  const a = fit(1);
  const b = fit(1 + M);
  const iters = b.f.eSteps - a.f.eSteps; // tol 0 may still stop early (ℓ exactly stationary)
  if (iters < M / 2) throw new Error(`only ${iters} of ${M} iterations ran (stopReason ${b.f.stopReason})`);
  console.log(JSON.stringify({ perIter: (b.s - a.s) / iters, logLik: b.f.logLikelihood }));
  process.exit(0);
}

const rounds = args.includes("--rounds") ? Number(args[args.indexOf("--rounds") + 1]) : 3;
const self = fileURLToPath(import.meta.url);
const cases = args.includes("--break-even")
  ? [1000, 3000, 10000, 30000, 100000].map((n) => [n, 2, 3, "diag"])
  : [
      ...["full", "tied", "diag", "spherical"].map((t) => [100_000, 10, 8, t]),
      [200_000, 2, 3, "full"],
      [1_000_000, 2, 5, "full"],
    ];
const run = (c, threads) => {
  const r = spawnSync(process.execPath, [self, "--child", ...c.slice(0, 3).map(String), c[3], String(threads)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};
console.log(`| n | d | k | covariance | ms / iteration, 1 thread | 2 threads | speed-up | rel. ℓ difference |`);
console.log(`|---|---|---|---|---|---|---|---|`);
for (const c of cases) {
  const best = { 1: Infinity, 2: Infinity };
  const ll = {};
  for (let r = 0; r < rounds; r++) {
    for (const threads of r % 2 === 0 ? [1, 2] : [2, 1]) {
      const o = run(c, threads);
      best[threads] = Math.min(best[threads], o.perIter);
      ll[threads] = o.logLik;
    }
  }
  const rel = Math.abs(ll[2] - ll[1]) / Math.abs(ll[1]);
  console.log(`| ${c[0]} | ${c[1]} | ${c[2]} | ${c[3]} | ${(best[1] * 1e3).toFixed(2)} | ${(best[2] * 1e3).toFixed(2)} | ${(best[1] / best[2]).toFixed(2)} | ${rel.toExponential(1)} |`);
}
