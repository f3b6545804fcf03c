// The answers of notebook 03 (lib/src/course/answers/03.ts) against independent computations: the
// brute-force sum over labelings, responsibilities from GaussianMixture, factorials; plausible wrong
// answers must fail.
import { describe, expect, it } from "vitest";
import { notebook03 } from "../../src/course/answers/03.js";
import { Rng } from "../../src/core/rng.js";
import { compare } from "../../src/course/compare.js";
import { Normal } from "../../src/distributions/normal.js";
import { GaussianMixture } from "../../src/mixture/gaussian-mixture.js";

const right = (id: string, value: unknown, ctx: Record<string, unknown>) => {
  const ex = notebook03[id];
  return compare(value, ex.expected!(ex.readContext(ctx, "test")), ex.relTol ?? 1e-6, ex.absTol ?? 1e-9, "test").correct;
};
const rng = new Rng(3);
const x = Array.from({ length: 200 }, () => (rng.uniform() < 0.4 ? rng.normal(-1.5, 1) : rng.normal(2, 1)));

describe("answers of notebook 03", () => {
  it("03.1: n·log10 K; the natural log or K·log10 n fail", () => {
    expect(right("03.1", 200 * Math.log10(3), { n: 200, K: 3 })).toBe(true);
    expect(right("03.1", 95.42425094393249, { n: 200, K: 3 })).toBe(true); // log10(3^200), printed by Python's math.log10(3**200)
    expect(right("03.1", 200 * Math.log(3), { n: 200, K: 3 })).toBe(false);
    expect(right("03.1", 3 * Math.log10(200), { n: 200, K: 3 })).toBe(false);
  });
  it("03.2: equals the sum over all 3^9 labelings, enumerated here", () => {
    const m = { weights: [0.2, 0.3, 0.5], means: [-2, 0, 2], sds: [1, 0.5, 1] };
    const pts = x.slice(0, 9);
    const d = m.means.map((mu, c) => new Normal(mu, m.sds[c]));
    let brute = 0;
    for (let code = 0; code < 3 ** 9; code++) {
      let rest = code, prod = 1;
      for (const v of pts) { const c = rest % 3; rest = (rest - c) / 3; prod *= m.weights[c] * d[c].pdf(v); }
      brute += prod;
    }
    const ctx = { x: pts, ...m };
    expect(right("03.2", brute, ctx)).toBe(true);
    expect(right("03.2", brute / 3 ** 9, ctx)).toBe(false); // an average instead of a sum
    expect(right("03.2", Math.log(brute), ctx)).toBe(false);
    expect(() => right("03.2", 0, { x, ...m })).toThrow(/use between 1 and 14 observations/);
  });
  it("03.3: the column means of GaussianMixture.predictProba at θ; the weights of another θ fail", () => {
    const theta = [0.45, 0.55, -1.2, 2.2, 1.2, 0.9];
    const P = GaussianMixture.fromParams({ weights: theta.slice(0, 2), means: [[theta[2]], [theta[3]]], covariances: [[[theta[4] ** 2]], [[theta[5] ** 2]]] }).predictProba(x.map((v) => [v]));
    const mean = [0, 1].map((c) => P.reduce((s, r) => s + r[c], 0) / x.length);
    expect(right("03.3", mean, { x, theta })).toBe(true);
    expect(right("03.3", theta.slice(0, 2), { x, theta })).toBe(false); // not a maximum: γ̄ ≠ π
    expect(right("03.3", [mean[0]], { x, theta })).toBe(false);
  });
  it("03.4: K!; K² and 2^K fail for K = 3", () => {
    expect(right("03.4", 6, { K: 3 })).toBe(true);
    expect(right("03.4", 24, { K: 4 })).toBe(true);
    expect(right("03.4", 9, { K: 3 })).toBe(false);
    expect(right("03.4", 8, { K: 3 })).toBe(false);
  });
});
