// One Baum–Welch benchmark measurement of mlem's fitHMM in a fresh process:
// node scripts/bench/hmm-mlem.mjs <data.f64> <init.json> <iterations> [repeats]
// Prints JSON: seconds for 1 and for `iterations` Baum–Welch iterations from the common init (tol 0,
// one start), each the fastest of `repeats` (default 1) alternated timings in this process, the
// final log-likelihood ℓ(θ_I) and the peak resident set size. Repeats matter at small T, where one
// iteration takes ~0.1 ms and a single timing is dominated by garbage collection and JIT tiering.
import { readFileSync } from "node:fs";
import { fitHMM } from "mlem";
import { fastestPair } from "./fastest.mjs";

const [dataPath, initPath, itersArg, repeatsArg] = process.argv.slice(2);
const repeats = Number(repeatsArg ?? 1);
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
// Warm-up: JIT compilation of the kernels. At T ≥ 10⁵ two iterations run the loops 2·10⁵ times and
// more, enough for the optimising tier; at smaller T a full run.
timeFit(x.length >= 100_000 ? Math.min(2, iterations) : iterations);
const { one, many } = fastestPair(timeFit, iterations, repeats);
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
