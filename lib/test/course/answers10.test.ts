// The answers of notebook 10 (lib/src/course/answers/10.ts) against independent computations on the
// course data: the E-step formula for 10.1, the sample mean for 10.2, the parameter count for 10.3,
// and for 10.4 a zero-inflated Poisson fitted here by plain EM iterations (accepted) against the
// Poisson fit, a single EM step and a swapped pair (rejected). Answers read ../data/ relative to the
// working directory, as in a notebook, so these tests run in notebooks/ (restored afterwards).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { notebook10 } from "../../src/course/answers/10.js";
import { readCsv } from "../../src/core/data.js";
import { compare } from "../../src/course/compare.js";

const root = resolve(__dirname, "../../..");
let previous = "";
beforeAll(() => {
  previous = process.cwd();
  process.chdir(resolve(root, "notebooks"));
});
afterAll(() => process.chdir(previous));

const expectedOf = (id: string, ctx?: Record<string, unknown>) => notebook10[id].expected!(notebook10[id].readContext(ctx, "test"));
const checkOf = (id: string, value: unknown) => notebook10[id].check!(value, notebook10[id].readContext(undefined, "test"));

// mixtools 2.0.0 regmixEM on data/tonedata.csv from start A, epsilon 1e-12
// (scripts/reference/regmix_tonedata_mixtools.R; the same numbers as lib/test/regression/mixture.test.ts).
const REGMIX = {
  lambda: [0.6977202445287027, 0.3022797554712973],
  beta: [[1.9163801402903131, 0.042548512658910485], [-0.019274720744250715, 0.9922954967641092]],
  sigma: [0.04619206665190456, 0.13283406433552877],
};

/** Most probable line of each trial under mixtools' fit, and each group's least-squares line by the textbook formulas. */
function hardLines() {
  const t = readCsv(resolve(root, "data/tonedata.csv"));
  const x = t.numbers("stretch_ratio");
  const y = t.numbers("tuned");
  const labels = x.map((xi, i) => {
    const dens = [0, 1].map((c) => (REGMIX.lambda[c] / REGMIX.sigma[c]) * Math.exp(-0.5 * ((y[i] - REGMIX.beta[c][0] - REGMIX.beta[c][1] * xi) / REGMIX.sigma[c]) ** 2));
    return dens[1] > dens[0] ? 1 : 0;
  });
  const lines = [0, 1].flatMap((c) => {
    const rows = labels.map((l, i) => (l === c ? i : -1)).filter((i) => i >= 0);
    const mx = rows.reduce((s, i) => s + x[i], 0) / rows.length;
    const my = rows.reduce((s, i) => s + y[i], 0) / rows.length;
    const sxy = rows.reduce((s, i) => s + (x[i] - mx) * (y[i] - my), 0);
    const sxx = rows.reduce((s, i) => s + (x[i] - mx) ** 2, 0);
    return [my - (sxy / sxx) * mx, sxy / sxx];
  });
  return { labels, lines };
}

/** t EM iterations for the zero-inflated Poisson, from (pi, lambda). */
function zipEM(x: number[], pi: number, lambda: number, t: number) {
  for (let s = 0; s < t; s++) {
    const tau = x.map((v) => (v === 0 ? pi / (pi + (1 - pi) * Math.exp(-lambda)) : 0));
    const w = tau.map((q) => 1 - q);
    pi = tau.reduce((a, b) => a + b, 0) / x.length;
    lambda = x.reduce((a, v, i) => a + w[i] * v, 0) / w.reduce((a, b) => a + b, 0);
  }
  return { pi, lambda };
}

describe("answers of notebook 10", () => {
  it("10.1: n_A · 2 p_A p_O / (p_A² + 2 p_A p_O) at Lange's MLE (0.2136, 0.0501, 0.7363)", () => {
    const [pA, pO] = [0.213591, 0.736264];
    expect(expectedOf("10.1")).toBeCloseTo((186 * 2 * pA * pO) / (pA * pA + 2 * pA * pO), 3);
  });
  it("10.2: the mean of the earthquake counts", () => {
    const x = readCsv(resolve(root, "data/earthquakes.csv")).numbers("count");
    expect(expectedOf("10.2")).toBeCloseTo(x.reduce((s, v) => s + v, 0) / x.length, 12);
  });
  it("10.3: (K − 1) + 64K for K = 1 … maxK", () => {
    expect(expectedOf("10.3", { maxK: 4 })).toEqual([64, 129, 194, 259]);
  });
  it("10.4: accepts converged ZIP EM, rejects the Poisson fit, one EM step and the parameters swapped", () => {
    const x = readCsv(resolve(root, "data/discoveries.csv")).numbers("count");
    const fit = zipEM(x, 0.5, 1, 2000);
    expect(checkOf("10.4", fit)).toMatchObject({ correct: true });
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const poisson = checkOf("10.4", { pi: 0, lambda: mean });
    expect(poisson.correct).toBe(false);
    expect(poisson.message).toMatch(/plain Poisson/);
    expect(checkOf("10.4", zipEM(x, 0.5, 1, 1)).correct).toBe(false);
    expect(checkOf("10.4", { pi: fit.lambda, lambda: fit.pi }).correct).toBe(false);
    expect(checkOf("10.4", { pi: "a" }).correct).toBe(false);
  });
  it("10.7: least squares per hard label (labels from mixtools' fit, lines by Sxy/Sxx); EM's soft lines, swapped lines and bad labels fail", () => {
    const { labels, lines } = hardLines();
    const check = (value: unknown, ctx: Record<string, unknown>) => {
      const ex = notebook10["10.7"];
      const c = ex.readContext(ctx, "test");
      return compare(value, ex.expected!(c), ex.relTol ?? 1e-6, ex.absTol ?? 1e-9, "test").correct;
    };
    expect(check(lines, { lines: 2, labels })).toBe(true);
    expect(check(REGMIX.beta.flat(), { lines: 2, labels })).toBe(false);
    expect(check([...lines.slice(2), ...lines.slice(0, 2)], { lines: 2, labels })).toBe(false);
    expect(check(lines.slice(0, 2), { lines: 2, labels })).toBe(false);
    expect(() => check(lines, { lines: 2, labels: labels.slice(1) })).toThrow(/one line number/);
    expect(() => check(lines, { lines: 3, labels: labels.map((l, i) => (i < 2 ? 2 : l)) })).toThrow(/line 3 has 2 trials/);
  });
});
