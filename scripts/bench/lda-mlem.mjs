// One LDA benchmark measurement of mlem in a fresh process:
// node scripts/bench/lda-mlem.mjs <iterations> <monotone: true|false> [<seed>]
// fitLDA on the Austen chapters (data/austen_counts.csv), k = 6, from the fixed start LAMBDA0 of
// scripts/reference/lda_austen_sklearn.py (or from random topics drawn from <seed>),
// scikit-learn's inner settings (docTol 1e-3, maxDocIter 100), `iterations` iterations (tol 0).
// Prints JSON: wall and CPU seconds of the fit (reading the CSV excluded), the final ELBO, and the
// ELBO drops (monotonicity violations).
import { readCsv, fitLDA } from "mlem";

const [itersArg, monotoneArg, seedArg] = process.argv.slice(2);
const iterations = Number(itersArg);
const monotone = monotoneArg !== "false";
const t = readCsv(new URL("../../data/austen_counts.csv", import.meta.url).pathname);
const counts = { doc: t.numbers("doc").map((d) => d - 1), term: t.numbers("term").map((w) => w - 1), count: t.numbers("count") };
const K = 6;
const V = 3252;
const LAMBDA0 = Array.from({ length: K }, (_, k) =>
  Array.from({ length: V }, (_, w) => 0.9 + (0.2 * (((k + 1) * 2654435761 + (w + 1) * (k + 2) * 40503) % 1009)) / 1008),
);
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const start = seedArg === undefined ? { init: { components: LAMBDA0 } } : { seed: Number(seedArg) };
const fit = fitLDA(counts, { k: K, ...start, maxIter: iterations, tol: 0, docTol: 1e-3, maxDocIter: 100, monotone });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    library: "mlem",
    monotone,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    iterations: fit.iterations,
    elbo: fit.elbo,
    drops: fit.monotonicity.violations.length,
    largestDrop: fit.monotonicity.violations.reduce((m, v) => Math.max(m, v.decrease), 0),
    keptPrevious: fit.history.keptPrevious.reduce((a, b) => a + b, 0),
  }),
);
