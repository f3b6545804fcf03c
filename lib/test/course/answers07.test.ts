// The answers of notebook 07 (lib/src/course/answers/07.ts) against independent computations on the
// course data and against mclust's published values (data/README.md). Answers read
// ../data/faithful.csv relative to the working directory, as in a notebook, so these tests run in
// notebooks/ (restored afterwards).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { notebook07 } from "../../src/course/answers/07.js";
import { readCsv } from "../../src/core/data.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";

const root = resolve(__dirname, "../../..");
let previous = "";
beforeAll(() => {
  previous = process.cwd();
  process.chdir(resolve(root, "notebooks"));
});
afterAll(() => process.chdir(previous));

const X = () => readCsv(resolve(root, "data/faithful.csv")).matrix(["eruptions", "waiting"]);
const expectedOf = (id: string, ctx: Record<string, unknown>) => notebook07[id].expected!(notebook07[id].readContext(ctx, "test"));
const ctx = { nEruptions: 272, nInit: 3, seed: 1 };

describe("answers of notebook 07", () => {
  it("07.1: mclust's BIC of EEE, G = 3 on all 272 eruptions, as mclust published it (−2314.32, to its printed digits)", () => {
    const v = expectedOf("07.1", ctx) as number;
    expect(Math.abs(v - -2314.32)).toBeLessThan(0.05);
    // and the sign convention: the negative of mlem's BIC
    const f = fitGaussianMixture(X(), { k: 3, covarianceType: "tied", nInit: 3, seed: 1, tol: 1e-6 });
    expect(v).toBeCloseTo(-f.bic, 9);
  });
  it("07.2: the AIC-minimising K among the non-degenerate full fits", () => {
    const data = X().slice(0, 120);
    const aic = [1, 2, 3, 4].map((k) => fitGaussianMixture(data, { k, nInit: 3, seed: 1, tol: 1e-6 })).map((f) => (f.degeneracies.length ? Infinity : f.aic));
    expect(expectedOf("07.2", { ...ctx, nEruptions: 120, maxK: 4 })).toBe(aic.indexOf(Math.min(...aic)) + 1);
  });
  it("07.3: (K − 1) + 2K + 3 parameters for K = 1 … maxK, 11 for mclust's EEE with G = 3", () => {
    const v = expectedOf("07.3", { maxK: 5 }) as number[];
    expect(v).toEqual([1, 2, 3, 4, 5].map((K) => K - 1 + 2 * K + 3));
    expect(v[2]).toBe(11);
  });
  it("07.4: BIC + 2·entropy, which lies at or above the MAP form of ICL", () => {
    const f = fitGaussianMixture(X(), { k: 2, nInit: 3, seed: 1, tol: 1e-6 });
    const v = expectedOf("07.4", ctx) as number;
    expect(v).toBeGreaterThanOrEqual(f.icl - 1e-9);
    expect(v).toBeGreaterThan(f.bic);
    const en = -f.predictProba(X()).reduce((s, r) => s + r.reduce((q, g) => q + (g > 0 ? g * Math.log(g) : 0), 0), 0);
    expect(v).toBeCloseTo(f.bic + 2 * en, 9);
  });
});
