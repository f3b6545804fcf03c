// One Baum–Welch benchmark measurement of mlem's fitHMM in a fresh process:
// node scripts/bench/hmm-mlem.mjs <data.f64> <init.json> <iterations>
// Prints JSON: seconds for 1 and for `iterations` Baum–Welch iterations from the common init (tol 0,
// one start), the final log-likelihood ℓ(θ_I) and the peak resident set size.
import { readFileSync } from "node:fs";
import { fitHMM } from "mlem";

const [dataPath, initPath, itersArg] = process.argv.slice(2);
const init = JSON.parse(readFileSync(initPath, "utf8"));
const buf = readFileSync(dataPath);
const x = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
const iterations = Number(itersArg);
const baselineRss = process.memoryUsage().rss;
const emissions = init.emission === "gaussian" ? { type: "gaussian", means: init.means, variances: init.variances } : { type: "poisson", rates: init.rates };
const start = { initial: init.initial, transition: init.transition, emissions };

function timeFit(maxIter) {
  const t = process.hrtime.bigint();
  const fit = fitHMM(x, { k: init.k, emission: init.emission, init: start, maxIter, tol: 0, nInit: 1 });
  return { seconds: Number(process.hrtime.bigint() - t) / 1e9, fit };
}
timeFit(iterations); // warm-up: JIT compilation of the kernels (a full run, so they reach the optimising tier)
const one = timeFit(1);
const many = timeFit(iterations);
console.log(
  JSON.stringify({
    library: "mlem",
    secondsOne: one.seconds,
    secondsMany: many.seconds,
    iterations: many.fit.iterations,
    logLikelihood: many.fit.logLikelihood,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    baselineRssMB: baselineRss / 2 ** 20,
  }),
);
