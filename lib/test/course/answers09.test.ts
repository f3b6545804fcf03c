// The answers of notebook 09 (lib/src/course/answers/09.ts): one EM step from the complete-case
// estimates, written independently here (plain loops, no library), must pass 09.2's check; the step
// without the conditional covariance must pass 09.3's and fail 09.2's, and vice versa. Answers read
// ../data/airquality.csv relative to the working directory, as in a notebook, so these tests run in
// notebooks/ (restored afterwards).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { notebook09 } from "../../src/course/answers/09.js";
import { readCsv } from "../../src/core/data.js";
import { fitMultivariateNormalMissing } from "../../src/missing/multivariateNormal.js";

const root = resolve(__dirname, "../../..");
let previous = "";
beforeAll(() => {
  previous = process.cwd();
  process.chdir(resolve(root, "notebooks"));
});
afterAll(() => process.chdir(previous));

const checkOf = (id: string, value: unknown) => notebook09[id].check!(value, notebook09[id].readContext(undefined, "test"));
const expectedOf = (id: string) => notebook09[id].expected!(notebook09[id].readContext(undefined, "test"));

/** Solves A x = b for a small symmetric positive-definite A by Gaussian elimination (test-only). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/** One EM step for the multivariate normal with missing values, from (mu, S); withC adds the conditional covariance. */
function step(X: number[][], mu: number[], S: number[][], withC: boolean) {
  const n = X.length;
  const d = mu.length;
  const s1 = new Array<number>(d).fill(0);
  const s2 = mu.map(() => new Array<number>(d).fill(0));
  for (const row of X) {
    const O = row.map((_, j) => j).filter((j) => !Number.isNaN(row[j]));
    const Mi = row.map((_, j) => j).filter((j) => Number.isNaN(row[j]));
    const SOO = O.map((a) => O.map((b) => S[a][b]));
    const r = O.map((j) => row[j] - mu[j]);
    const w = solve(SOO, r);
    const xhat = row.slice();
    const C = mu.map(() => new Array<number>(d).fill(0));
    for (const j of Mi) xhat[j] = mu[j] + O.reduce((s, o, a) => s + S[j][o] * w[a], 0);
    if (withC) {
      for (const j of Mi) for (const l of Mi) {
        const v = solve(SOO, O.map((o) => S[o][l]));
        C[j][l] = S[j][l] - O.reduce((s, o, a) => s + S[j][o] * v[a], 0);
      }
    }
    for (let j = 0; j < d; j++) {
      s1[j] += xhat[j];
      for (let l = 0; l < d; l++) s2[j][l] += xhat[j] * xhat[l] + C[j][l];
    }
  }
  const mean = s1.map((v) => v / n);
  return { mean, covariance: s2.map((row, j) => row.map((v, l) => v / n - mean[j] * mean[l])) };
}

describe("answers of notebook 09", () => {
  const X = readCsv(resolve(root, "data/airquality.csv")).matrix(["ozone", "solar_r", "wind", "temp"]);
  const complete = X.filter((r) => r.every((v) => !Number.isNaN(v)));
  const m = complete.length;
  const mu0 = [0, 1, 2, 3].map((j) => complete.reduce((s, r) => s + r[j], 0) / m);
  const S0 = mu0.map((_, j) => mu0.map((_, l) => complete.reduce((s, r) => s + (r[j] - mu0[j]) * (r[l] - mu0[l]), 0) / m));
  it("09.1: the days without ozone and without radiation (2 in R's airquality)", () => {
    expect(expectedOf("09.1")).toBe(2);
  });
  it("09.2: accepts an independent EM step with C, and names the fill-in step when given it", () => {
    const withC = step(X, mu0, S0, true);
    expect(checkOf("09.2", withC)).toMatchObject({ correct: true });
    const fillIn = checkOf("09.2", step(X, mu0, S0, false));
    expect(fillIn.correct).toBe(false);
    expect(fillIn.message).toMatch(/without the conditional covariance/);
    expect(checkOf("09.2", { mean: mu0, covariance: S0 }).correct).toBe(false);
    const wrongDivisor = { mean: withC.mean, covariance: withC.covariance.map((r) => r.map((v) => (v * X.length) / (X.length - 1))) };
    const r = checkOf("09.2", wrongDivisor);
    expect(r.correct).toBe(false);
    expect(r.message).toMatch(/covariance is not/);
    expect(() => checkOf("09.2", { mean: [1, 2] })).toThrow(/pass \{ mean, covariance \}/);
  });
  it("09.3: accepts the independent fill-in step, whose variances are smaller, and names the step with C", () => {
    const fillIn = step(X, mu0, S0, false);
    expect(checkOf("09.3", fillIn)).toMatchObject({ correct: true });
    const withC = step(X, mu0, S0, true);
    expect(fillIn.covariance[0][0]).toBeLessThan(withC.covariance[0][0]);
    const r = checkOf("09.3", withC);
    expect(r.correct).toBe(false);
    expect(r.message).toMatch(/with the conditional covariance/);
  });
  it("09.4: the two-column EM mean of ozone", () => {
    const fit = fitMultivariateNormalMissing(X.map((r) => [r[0], r[3]]), { standardErrors: false });
    expect(expectedOf("09.4")).toBeCloseTo(fit.mean[0], 8);
    expect(fit.mean[0]).not.toBeCloseTo(mu0[0], 3);
  });
});
