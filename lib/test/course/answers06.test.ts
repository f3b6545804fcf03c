// The answers of notebook 06 (lib/src/course/answers/06.ts) against independent computations on the
// course data, and their property checks against right and plausible wrong values. Answers read
// ../data/faithful.csv relative to the working directory, as in a notebook, so these tests run in
// notebooks/ (restored afterwards).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { notebook06 } from "../../src/course/answers/06.js";
import { readCsv } from "../../src/core/data.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";
import { GaussianMixture } from "../../src/mixture/gaussian-mixture.js";
import { maximize } from "../../src/optim/maximize.js";
import { simplexTransform } from "../../src/optim/transforms.js";

const root = resolve(__dirname, "../../..");
let previous = "";
beforeAll(() => {
  previous = process.cwd();
  process.chdir(resolve(root, "notebooks"));
});
afterAll(() => process.chdir(previous));

const waiting = () => readCsv(resolve(root, "data/faithful.csv")).numbers("waiting");
const expectedOf = (id: string, ctx: Record<string, unknown>) => notebook06[id].expected!(notebook06[id].readContext(ctx, "test"));
const checkOf = (id: string, value: unknown, ctx: Record<string, unknown>) => notebook06[id].check!(value, notebook06[id].readContext(ctx, "test"));

/** ℓ(u) in the notebook's coordinates, written independently of the answer file (log-sum-exp by hand). */
function logLikU(x: number[], K: number) {
  const sm = simplexTransform(K);
  return (u: Float64Array) => {
    const w = sm.toNatural(Array.from(u.subarray(0, K - 1)));
    let total = 0;
    for (const v of x) {
      const a = Array.from({ length: K }, (_, c) => {
        const s = Math.exp(u[2 * K - 1 + c]);
        const z = (v - u[K - 1 + c]) / s;
        return Math.log(w[c]) - Math.log(s) - 0.5 * Math.log(2 * Math.PI) - 0.5 * z * z;
      });
      const top = Math.max(...a);
      total += top + Math.log(a.reduce((s, q) => s + Math.exp(q - top), 0));
    }
    return total;
  };
}

describe("answers of notebook 06", () => {
  it("06.1: the engine's λ of EM from the common start, which the ratio of log-likelihood increases estimates", () => {
    const w = waiting();
    const init = { weights: [0.5, 0.5], means: [[60], [70]], covariances: [[[100]], [[100]]] };
    const h = fitGaussianMixture(w.map((v) => [v]), { k: 2, init, regCovar: 0 }).history.logLikelihood;
    const byHand = Math.sqrt((h[21] - h[20]) / (h[20] - h[19]));
    const expected = expectedOf("06.1", { startMeans: [60, 70], startSd: 10, nWaits: 272 }) as number;
    expect(Math.abs(byHand - expected) / expected).toBeLessThan(0.02);
    expect(expected).toBeGreaterThan(0.5);
    expect(expected).toBeLessThan(0.8);
  });
  it("06.2: accepts Newton's and BFGS's maximiser, rejects the start, the saddle and malformed points", () => {
    const w = waiting();
    const f = logLikU(w, 2);
    const u0 = Float64Array.from([0, 60, 70, Math.log(10), Math.log(10)]);
    const bfgs = maximize(f, u0, { method: "bfgs", trace: false });
    expect(checkOf("06.2", Array.from(bfgs.x), { nWaits: 272 })).toMatchObject({ correct: true });
    const newton = maximize(f, u0, { method: "newton", trace: false });
    expect(checkOf("06.2", Array.from(newton.x), { nWaits: 272 })).toMatchObject({ correct: true });
    const start = checkOf("06.2", Array.from(u0), { nWaits: 272 });
    expect(start.correct).toBe(false);
    expect(start.message).toMatch(/not ≈ 0/);
    const m = w.reduce((s, v) => s + v, 0) / w.length;
    const s = Math.sqrt(w.reduce((q, v) => q + (v - m) ** 2, 0) / w.length);
    const saddle = checkOf("06.2", [Math.log(0.3 / 0.7), m, m, Math.log(s), Math.log(s)], { nWaits: 272 });
    expect(saddle.correct).toBe(false);
    expect(saddle.message).toMatch(/saddle/);
    expect(checkOf("06.2", [1, 2, 3], { nWaits: 272 }).correct).toBe(false);
    expect(checkOf("06.2", "u", { nWaits: 272 }).correct).toBe(false);
  });
  it("06.3: the one-normal log-likelihood, which BFGS returns from the saddle", () => {
    const w = waiting().slice(0, 100);
    const m = w.reduce((s, v) => s + v, 0) / w.length;
    const v = w.reduce((q, x) => q + (x - m) ** 2, 0) / w.length;
    const sd = Math.sqrt(v);
    const bfgs = maximize(logLikU(w, 2), [Math.log(0.3 / 0.7), m, m, Math.log(sd), Math.log(sd)], { method: "bfgs", trace: false });
    const expected = expectedOf("06.3", { nWaits: 100 }) as number;
    expect(bfgs.value).toBeCloseTo(expected, 8);
    expect(expected).toBeCloseTo(-50 * (Math.log(2 * Math.PI * v) + 1), 10);
  });
  it("06.4: ∂ℓ/∂μ₁ at the start equals Fisher's identity Σ γ_i1 (x_i − μ_1)/σ_1²", () => {
    const w = waiting();
    for (const [means, sd] of [[[60, 70], 10], [[55, 70, 85], 8]] as const) {
      const K = means.length;
      const gm = GaussianMixture.fromParams({ weights: means.map(() => 1 / K), means: means.map((m) => [m]), covariances: means.map(() => [[sd * sd]]) });
      const g = gm.predictProba(w.map((v) => [v]));
      const fisher = w.reduce((s, x, i) => s + (g[i][0] * (x - means[0])) / (sd * sd), 0);
      expect(expectedOf("06.4", { startMeans: [...means], startSd: sd, nWaits: 272 })).toBeCloseTo(fisher, 6);
    }
  });
  it("every exercise names a title and a hint that do not print the expected value", () => {
    const e3 = expectedOf("06.3", { nWaits: 272 }) as number;
    for (const ex of Object.values(notebook06)) {
      expect(ex.hint).not.toContain(e3.toFixed(2));
      expect(ex.title.length).toBeGreaterThan(10);
    }
  });
});
