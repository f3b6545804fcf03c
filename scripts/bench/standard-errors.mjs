// Cost of standard errors relative to the EM fit they belong to, on the complete 442 × 10 diabetes
// data (data/diabetes.csv, the ten covariates):
//   node scripts/bench/standard-errors.mjs [path to an mlem build, default lib/dist/index.js]
// Prints JSON: seconds (fastest of 7 runs each, after 2 warm-up runs) for
//   fitMultivariateNormalMissing with standardErrors: false, and with standardErrors: true;
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

// Fastest of `runs` after two warm-up calls (JIT compilation), as the machine is shared.
function fastest(f, runs = 7) {
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
const emOnly = fastest(() => fitMultivariateNormalMissing(X, { standardErrors: false }));
const withSe = fastest(() => fitMultivariateNormalMissing(X));
const mvnSe = withSe.value.standardErrors;
const gmm = fastest(() => fitGaussianMixture(X, { k: 2, covarianceType: "full", seed: 1 }));
let gmmSe;
const started = process.hrtime.bigint();
try {
  gmmSe = fastest(() => mixtureStandardErrors(gmm.value, X));
} catch (e) {
  // Time to the failure, so a refusal is measured too.
  gmmSe = { seconds: Number(process.hrtime.bigint() - started) / 1e9, value: null, error: `${e.name}: ${e.message.slice(0, 120)}` };
}
console.log(
  JSON.stringify(
    {
      library: libPath,
      missingNormal: {
        emSeconds: emOnly.seconds,
        emPlusSeSeconds: withSe.seconds,
        seOverEm: (withSe.seconds - emOnly.seconds) / emOnly.seconds,
        standardErrorsFinite: mvnSe !== null && finite([mvnSe.mean, mvnSe.covariance]),
        warnings: withSe.value.warnings,
      },
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
