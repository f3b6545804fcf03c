// One benchmark measurement of mlem in a fresh process (so peak memory is this run's own):
// node scripts/bench/gmm-mlem.mjs <data.f64> <init.json> <covarianceType> <iterations> [threads] [repeats]
// (threads: fitGaussianMixture's `threads` option, 1 (default) or "auto" or a count; repeats: how
// many times each of the two timings is taken, keeping the fastest, default 1: at N = 1,000 a whole
// fit takes ~10 ms and single timings are noise.)
// Prints JSON: seconds for 1 and for `iterations` EM iterations from the common init, the final
// mean log-likelihood, and the peak resident set size.
import { readFileSync } from "node:fs";
import { fitGaussianMixture } from "mlem";
import { fastestPair } from "./fastest.mjs";

const [dataPath, initPath, covarianceType, itersArg, threadsArg, repeatsArg] = process.argv.slice(2);
const repeats = Number(repeatsArg ?? 1);
const init = JSON.parse(readFileSync(initPath, "utf8"));
const buf = readFileSync(dataPath);
const X = { data: new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8), n: init.n, d: init.d };
const iterations = Number(itersArg);
const threads = threadsArg === undefined || threadsArg === "auto" ? (threadsArg ?? 1) : Number(threadsArg);
const baselineRss = process.memoryUsage().rss;

// The common init holds full matrices (the data covariance); diag and spherical take their diagonal,
// as gmm_sklearn.py does for its precisions.
const covariances =
  covarianceType === "diag"
    ? init.covariances.map((S) => S.map((row, i) => row[i]))
    : covarianceType === "spherical"
      ? init.covariances.map((S) => S.reduce((s, row, i) => s + row[i], 0) / S.length)
      : init.covariances;

function timeFit(maxIter) {
  const t = process.hrtime.bigint();
  const fit = fitGaussianMixture(X, {
    k: init.k,
    covarianceType,
    init: { weights: init.weights, means: init.means, covariances },
    maxIter,
    tol: 0,
    regCovar: 1e-6,
    threads,
  });
  return { seconds: Number(process.hrtime.bigint() - t) / 1e9, fit };
}
timeFit(1); // warm-up: JIT compilation of the kernels (and, with threads, the worker pool)
const { one, many } = fastestPair(timeFit, iterations, repeats);
console.log(
  JSON.stringify({
    library: "mlem",
    threads,
    secondsOne: one.seconds,
    secondsMany: many.seconds,
    iterations: many.fit.iterations,
    meanLogLikelihood: many.fit.logLikelihood / init.n,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    baselineRssMB: baselineRss / 2 ** 20,
  }),
);
