// The answers of notebook 11 (lib/src/course/answers/11.ts) against the published linkage rate
// (Dempster, Laird & Rubin 1977: 0.1328), the closed form of the Wald limit and Aitken's formula on
// an EM run computed here. Answers read ../data/ relative to the working directory, as in a
// notebook, so these tests run in notebooks/ (restored afterwards).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { notebook11 } from "../../src/course/answers/11.js";
import { readCsv } from "../../src/core/data.js";
import { runEM } from "../../src/em/engine.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";
import { mixtureStandardErrors } from "../../src/mixture/standard-errors.js";
import { poissonMixtureModel } from "../../src/models/poissonMixture.js";

const root = resolve(__dirname, "../../..");
let previous = "";
beforeAll(() => {
  previous = process.cwd();
  process.chdir(resolve(root, "notebooks"));
});
afterAll(() => process.chdir(previous));

const expectedOf = (id: string, ctx?: Record<string, unknown>) => notebook11[id].expected!(notebook11[id].readContext(ctx, "test"));

describe("answers of notebook 11", () => {
  it("11.1: ⌈log 10⁻⁶ / log 0.1328⌉ = 7 iterations", () => {
    expect(expectedOf("11.1")).toBe(Math.ceil(Math.log(1e-6) / Math.log(0.1328)));
    expect(expectedOf("11.1")).toBe(7);
  });
  it("11.2: the long-wait mean minus 1.96 observed-information SEs, near mixtools' 80.09 − 1.96 · 0.50", () => {
    const W = readCsv(resolve(root, "data/faithful.csv")).numbers("waiting").map((v) => [v]);
    const fit = fitGaussianMixture(W, { k: 2, nInit: 3, seed: 1, tol: 1e-14, maxIter: 5000 });
    const se = mixtureStandardErrors(fit, W);
    const long = fit.means[0][0] > fit.means[1][0] ? 0 : 1;
    const v = expectedOf("11.2") as number;
    expect(v).toBeCloseTo(fit.means[long][0] - 1.96 * se.means[long][0], 10);
    expect(v).toBeGreaterThan(78.5);
    expect(v).toBeLessThan(79.5);
  });
  it("11.3: Aitken's limit from three log-likelihoods near ℓ*, far closer than the last of them", () => {
    const quakes = readCsv(resolve(root, "data/earthquakes.csv")).numbers("count");
    for (const rates of [[10, 20, 30], [12, 25]]) {
      const K = rates.length;
      const run = runEM(poissonMixtureModel(quakes), { weights: rates.map(() => 1 / K), rates }, { tol: 0, relTol: 0, maxIter: 5000 });
      const ll = run.history.logLikelihood;
      const t = ll.findIndex((v, i) => i >= 2 && run.logLikelihood - v < 1e-3);
      const v = expectedOf("11.3", { pmRates: rates }) as number;
      expect(Math.abs(run.logLikelihood - v)).toBeLessThan(0.05 * (run.logLikelihood - ll[t]));
    }
  });
});
