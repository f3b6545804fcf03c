// Cost of standard errors relative to the EM fit they belong to, on the 442 × 10 diabetes data
// (data/diabetes.csv, the ten covariates), complete and with 10% of the cells deleted at random
// (mlem's Rng, seed 7; no row loses every value):
//   node scripts/bench/standard-errors.mjs [path to an mlem build, default lib/dist/index.js]
// Prints JSON: seconds (fastest of 15 runs each, after 3 warm-up runs) for
//   fitMultivariateNormalMissing with standardErrors: false, and with standardErrors: true (both data sets);
//   fitGaussianMixture (k = 2, full, seed 1), and mixtureStandardErrors on that fit;
// the ratios SE time / EM time, and whether the standard errors came back finite.
// The optional path lets the same script time an older build (how the README's before/after
// figures were made).
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "..", "..");
const libPath = resolve(process.argv[2] ?? resolve(root, "lib/dist/index.js"));
const mlem = await import(pathToFileURL(libPath).href);
const { readCsv, fitMultivariateNormalMissing, fitGaussianMixture, mixtureStandardErrors } = mlem;

const columns = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];
const X = readCsv(resolve(root, "data/diabetes.csv")).matrix(columns);
const rng = new mlem.Rng(7);
const Xmissing = X.map((row) => {
  const r = row.map((v) => (rng.uniform() < 0.1 ? NaN : v));
  return r.every((v) => Number.isNaN(v)) ? row.slice() : r;
});

// Fastest of `runs` after three warm-up calls (JIT compilation), as the machine is shared.
function fastest(f, runs = 15) {
  f();
  f();
  f();
  let best = Infinity;
  let value;
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    value = f();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return { seconds: best, value };
}

const finite = (a) => a.flat(Infinity).every((v) => Number.isFinite(v));
function missingNormal(data) {
  const emOnly = fastest(() => fitMultivariateNormalMissing(data, { standardErrors: false }));
  const withSe = fastest(() => fitMultivariateNormalMissing(data));
  const se = withSe.value.standardErrors;
  return {
    iterations: emOnly.value.iterations,
    emSeconds: emOnly.seconds,
    emPlusSeSeconds: withSe.seconds,
    seOverEm: (withSe.seconds - emOnly.seconds) / emOnly.seconds,
    standardErrorsFinite: se !== null && finite([se.mean, se.covariance]),
    warnings: withSe.value.warnings,
  };
}
const gmm = fastest(() => fitGaussianMixture(X, { k: 2, covarianceType: "full", seed: 1 }));
let gmmSe;
const started = process.hrtime.bigint();
try {
  gmmSe = fastest(() => mixtureStandardErrors(gmm.value, X), 5);
} catch (e) {
  // Time to the failure, so a refusal is measured too.
  gmmSe = { seconds: Number(process.hrtime.bigint() - started) / 1e9, value: null, error: `${e.name}: ${e.message.slice(0, 120)}` };
}
console.log(
  JSON.stringify(
    {
      library: libPath,
      missingNormalComplete: missingNormal(X),
      missingNormal10PercentMissing: missingNormal(Xmissing),
      gaussianMixture: {
        emSeconds: gmm.seconds,
        seSeconds: gmmSe.seconds,
        seOverEm: gmmSe.seconds / gmm.seconds,
        standardErrorsFinite: gmmSe.value !== null && finite([gmmSe.value.standardErrors]),
        ...(gmmSe.error ? { error: gmmSe.error } : {}),
      },
    },
    null,
    2,
  ),
);
