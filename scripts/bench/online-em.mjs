#!/usr/bin/env node
// Online (stepwise) EM against batch EM on 10⁶ rows, in one run (the README's online-EM figures):
// a seeded three-component mixture in 2-D; batch fitGaussianMixture (k-means++ start, default tol)
// against fitGaussianMixture(X, { algorithm: "online" }) (one pass, mini-batches of 1000), both
// from seed 1: time, passes over the data, and the gap in mean log-likelihood to the batch optimum.
// Then the same data written to a CSV file and fitted from disk with fitGaussianMixtureStream over
// readCsvChunks, with the process's peak RSS during the stream.
//   node scripts/bench/online-em.mjs [--n 1000000]
import { createRequire } from "node:module";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);
const { fitGaussianMixture, fitGaussianMixtureStream, readCsvChunks, Rng } = require(join(root, "lib"));
const argv = process.argv.slice(2);
const n = argv.includes("--n") ? Number(argv[argv.indexOf("--n") + 1]) : 1_000_000;

const rng = new Rng(1);
const centres = [[0, 0], [3, 1], [-2, 4]];
const w = [0.3, 0.5, 0.2];
const X = Array.from({ length: n }, () => {
  const c = rng.categorical(w);
  return [centres[c][0] + rng.normal(), centres[c][1] + 0.5 * rng.normal()];
});
const time = (f) => {
  const t0 = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t0) / 1e9];
};
const [batch, tBatch] = time(() => fitGaussianMixture(X, { k: 3, seed: 1 }));
const [online, tOnline] = time(() => fitGaussianMixture(X, { k: 3, seed: 1, algorithm: "online", batchSize: 1000 }));
const best = batch.logLikelihood / n;
const reached = batch.history.logLikelihood.findIndex((v) => best - v / n < 1e-3);
console.log(`n = ${n} rows × 2, k = 3 (full covariances), seed 1\n`);
console.log("| fit | passes over the data | seconds | mean ℓ | gap to the batch optimum |");
console.log("|---|---:|---:|---:|---:|");
console.log(`| batch EM, to convergence | ${batch.iterations + 1} E-steps (within 1e-3 after ${reached}) + k-means | ${tBatch.toFixed(2)} | ${best.toFixed(6)} | 0 |`);
console.log(`| online EM, one pass, batches of 1000 | 1 | ${tOnline.toFixed(2)} | ${(online.logLikelihood / n).toFixed(6)} | ${(best - online.logLikelihood / n).toExponential(2)} |`);

// The stream runs in a child process, so its peak memory is its own: the fit reads the file in chunks,
// then a second streamed pass scores every row under the fitted mixture.
const dir = mkdtempSync(join(tmpdir(), "mlem-bench-online-"));
try {
  const file = join(dir, "rows.csv");
  writeFileSync(file, "x,y\n" + X.map((r) => `${r[0]},${r[1]}`).join("\n") + "\n");
  const child = `
    const { fitGaussianMixtureStream, readCsvChunks } = require(${JSON.stringify(join(root, "lib"))});
    const start = process.memoryUsage().rss;
    let peak = start;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    (async () => {
      const t0 = process.hrtime.bigint();
      const s = await fitGaussianMixtureStream(readCsvChunks(${JSON.stringify(file)}, ["x", "y"], { chunkRows: 10000 }), { k: 3, seed: 1, batchSize: 1000 });
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      let total = 0;
      for await (const rows of readCsvChunks(${JSON.stringify(file)}, ["x", "y"], { chunkRows: 10000 })) for (const v of s.scoreSamples(rows)) total += v;
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      console.log(JSON.stringify({ secs, mean: total / s.observations, observations: s.observations, peakMB: peak / 2 ** 20, startMB: start / 2 ** 20 }));
    })();`;
  const { execFileSync } = await import("node:child_process");
  const r = JSON.parse(execFileSync(process.execPath, ["-e", child], { encoding: "utf8" }));
  console.log(`| stream from a CSV file (readCsvChunks, chunks of 10 000), fitted in a separate process | 1 | ${r.secs.toFixed(2)} | ${r.mean.toFixed(6)} | ${(best - r.mean).toExponential(2)} |`);
  console.log(`\nPeak RSS of the streaming process: ${r.peakMB.toFixed(0)} MB for ${r.observations} rows (${r.startMB.toFixed(0)} MB before the stream, with mlem loaded); the file is ${(statSync(file).size / 2 ** 20).toFixed(0)} MB.`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
