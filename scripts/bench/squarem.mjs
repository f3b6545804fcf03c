#!/usr/bin/env node
// E-steps of plain EM and of SQUAREM (accelerate: "squarem") to the same stopping rule, on the
// data the issue names: Dempster, Laird & Rubin's linkage counts, Old Faithful (two-component
// Gaussian mixtures, all four covariance types) and the earthquake counts (Poisson HMMs with 2 and
// 3 states, and the three-component Poisson mixture of notebook 11). Each row also gives the
// distance of both final log-likelihoods to ℓ*, the value plain EM reaches when run until ℓ stops
// changing (tol = 0). Prints a Markdown table (the README's SQUAREM table is this output).
//   node scripts/bench/squarem.mjs [--tol 1e-13]
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);
const { readCsv, runEM, geneticLinkageModel, fitGaussianMixture, fitHMM, fitPoissonMixture } = require(join(root, "lib"));
const argv = process.argv.slice(2);
const tol = argv.includes("--tol") ? Number(argv[argv.indexOf("--tol") + 1]) : 1e-13;

const faithful = readCsv(join(root, "data/faithful.csv")).matrix(["eruptions", "waiting"]);
const quakes = readCsv(join(root, "data/earthquakes.csv")).numbers("count");
const cases = [
  ["linkage (DLR 1977), θ₀ = 0.5", (o) => runEM(geneticLinkageModel(), { theta: 0.5 }, o)],
  ...["full", "tied", "diag", "spherical"].map((t) => [`Old Faithful, K = 2, ${t}`, (o) => fitGaussianMixture(faithful, { k: 2, covarianceType: t, seed: 1, ...o })]),
  ["earthquakes, Poisson HMM, K = 2", (o) => fitHMM(quakes, { k: 2, emission: "poisson", seed: 1, ...o })],
  ["earthquakes, Poisson HMM, K = 3", (o) => fitHMM(quakes, { k: 3, emission: "poisson", seed: 1, ...o })],
  ["earthquakes, Poisson mixture, K = 3", (o) => fitPoissonMixture(quakes, { k: 3, seed: 1, ...o })],
];
console.log(`E-steps to the stopping rule tol = ${tol} (on ℓ/n), plain EM against SQUAREM; ℓ* from plain EM with tol = 0.\n`);
console.log("| model | EM E-steps | SQUAREM E-steps (iterations) | ratio | ℓ* − ℓ, EM | ℓ* − ℓ, SQUAREM | ℓ never decreased |");
console.log("|---|---:|---:|---:|---:|---:|---|");
for (const [name, run] of cases) {
  const ref = run({ tol: 0, maxIter: 100000 });
  const em = run({ tol });
  const sq = run({ tol, accelerate: "squarem" });
  const gap = (f) => Math.max(0, ref.logLikelihood - f.logLikelihood).toExponential(1);
  console.log(`| ${name} | ${em.eSteps} | ${sq.eSteps} (${sq.iterations}) | ${(sq.eSteps / em.eSteps).toFixed(2)} | ${gap(em)} | ${gap(sq)} | ${em.monotonicity.ok && sq.monotonicity.ok ? "yes" : "NO"} |`);
}
