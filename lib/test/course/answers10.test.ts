// The answers of notebook 10 (lib/src/course/answers/10.ts) against independent computations on the
// course data: the E-step formula for 10.1, the sample mean for 10.2, the parameter count for 10.3,
// and for 10.4 a zero-inflated Poisson fitted here by plain EM iterations (accepted) against the
// Poisson fit, a single EM step and a swapped pair (rejected). Answers read ../data/ relative to the
// working directory, as in a notebook, so these tests run in notebooks/ (restored afterwards).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { notebook10 } from "../../src/course/answers/10.js";
import { readCsv } from "../../src/core/data.js";

const root = resolve(__dirname, "../../..");
let previous = "";
beforeAll(() => {
  previous = process.cwd();
  process.chdir(resolve(root, "notebooks"));
});
afterAll(() => process.chdir(previous));

const expectedOf = (id: string, ctx?: Record<string, unknown>) => notebook10[id].expected!(notebook10[id].readContext(ctx, "test"));
const checkOf = (id: string, value: unknown) => notebook10[id].check!(value, notebook10[id].readContext(undefined, "test"));

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
});
