import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { accumulateRow, expNonPositive, logConstants, logProbRow, normalizeRow } from "../../src/mixture/kernel-primitives.js";
import { allocStats, eStepKernel } from "../../src/mixture/kernels.js";
import { paramsFromUser, type CovarianceType } from "../../src/mixture/options.js";

// The blocked E-step kernels (full and tied for d ≠ 2, diag and spherical for every d) against the
// plain point-by-point definition (logProbRow + normalizeRow + accumulateRow, summed in data order).
// Only the summation order differs for full, diag and spherical; tied uses the parallel-axis
// identity, so it agrees to rounding times a small factor. Sizes cover short last blocks (n not a
// multiple of 8 or 32), n < 8, d = 1, d = 2, odd d and d not a multiple of 4 (the diag/spherical
// moments take four dimensions at a time); data and means sit at an offset of 1e3 (3 and 2 standard
// deviations of spread) so that an expanded-form shortcut would show as cancellation.
function reference(X: Float64Array, n: number, d: number, k: number, type: CovarianceType, p: ReturnType<typeof paramsFromUser>, w: Float64Array | null) {
  const s = allocStats(n, d, k, type);
  s.shift.set(p.means);
  const lc = new Float64Array(k);
  logConstants(p, d, k, lc);
  const diff = new Float64Array(k * d);
  const sq = new Float64Array(k);
  const lp = new Float64Array(k);
  let ll = 0;
  for (let i = 0; i < n; i++) {
    logProbRow(X, i, d, k, type, p, lc, diff, sq, lp);
    const logNorm = normalizeRow(lp, k);
    s.logDens[i] = logNorm;
    const wi = w === null ? 1 : w[i];
    if (wi !== 0) ll += wi * logNorm;
    s.resp.set(lp, i * k);
    for (let c = 0; c < k; c++) if (lp[c] * wi !== 0) accumulateRow(type, c, d, lp[c] * wi, diff, sq, s);
  }
  return { s, ll };
}

function maxRelDiff(a: Float64Array, b: Float64Array): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let e = 0;
  for (let i = 0; i < b.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]) / (scale || 1));
  return e;
}

describe("blocked E-step kernels", () => {
  const cases: Array<[number, number, number]> = [
    [1, 5, 3],
    [3, 1, 2],
    [3, 7, 1],
    [4, 33, 3],
    [5, 100, 4],
    [10, 257, 8],
    [13, 64, 2],
  ];
  const diagCases: Array<[number, number, number]> = [...cases, [2, 203, 3], [7, 40, 5], [8, 31, 6]];
  for (const type of ["full", "tied", "diag", "spherical"] as CovarianceType[]) {
    for (const [d, n, k] of type === "full" || type === "tied" ? cases : diagCases) {
      it(`${type}, d = ${d}, n = ${n}, k = ${k}: agrees with the point-by-point definition`, () => {
        const rng = new Rng(d * 1000 + n * 10 + k);
        const offset = 1e3;
        const X = new Float64Array(n * d).map(() => offset + 3 * rng.normal());
        const w = new Float64Array(n).map((_, i) => (i % 5 === 0 ? 0 : 2 * rng.uniform()));
        const spd = () => {
          const A = Array.from({ length: d }, () => Array.from({ length: d }, () => 0.5 * rng.normal()));
          return A.map((ra, a) => A.map((rb, b) => (a === b ? 1 : 0) + ra.reduce((t, v, j) => t + v * rb[j], 0)));
        };
        const raw = Array.from({ length: k }, () => 0.1 + rng.uniform());
        const total = raw.reduce((t, v) => t + v, 0);
        const p = paramsFromUser(
          {
            weights: raw.map((v) => v / total),
            means: Array.from({ length: k }, () => Array.from({ length: d }, () => offset + 2 * rng.normal())),
            covariances:
              type === "tied"
                ? spd()
                : type === "full"
                  ? Array.from({ length: k }, spd)
                  : type === "diag"
                    ? Array.from({ length: k }, () => Array.from({ length: d }, () => 0.5 + 4 * rng.uniform()))
                    : Array.from({ length: k }, () => 0.5 + 4 * rng.uniform()),
          },
          type,
          k,
          d,
          "test",
          "params",
        );
        for (const weights of [null, w]) {
          const ref = reference(X, n, d, k, type, p, weights);
          const s = allocStats(n, d, k, type);
          const ll = eStepKernel(X, n, d, k, type, p, weights, s);
          const tol = type === "tied" ? 1e-12 : 1e-14;
          expect(Math.abs(ll - ref.ll) / Math.max(Math.abs(ref.ll), 1)).toBeLessThan(tol);
          expect(maxRelDiff(s.logDens, ref.s.logDens)).toBeLessThan(tol);
          expect(maxRelDiff(s.resp, ref.s.resp)).toBeLessThan(tol);
          expect(maxRelDiff(s.nk, ref.s.nk)).toBeLessThan(tol);
          expect(maxRelDiff(s.s1, ref.s.s1)).toBeLessThan(tol);
          // Only the lower triangle of s2 is defined for full and tied.
          const low = (a: Float64Array) =>
            type === "diag" || type === "spherical" ? a : a.filter((_, t) => (t % (d * d)) % d <= Math.floor((t % (d * d)) / d));
          expect(maxRelDiff(low(s.s2), low(ref.s.s2))).toBeLessThan(tol);
        }
      });
    }
  }
});

describe("expNonPositive", () => {
  it("agrees with Math.exp to 2 ulp on (−∞, 0] and falls back to it outside", () => {
    const rng = new Rng(7);
    let worst = 0;
    for (let t = 0; t < 200000; t++) {
      // Mostly the range of normalisation arguments that matter, plus the whole table range.
      const x = t % 2 === 0 ? -40 * rng.uniform() : -700 * rng.uniform();
      const e = Math.exp(x);
      worst = Math.max(worst, Math.abs(expNonPositive(x) - e) / e);
    }
    expect(worst).toBeLessThan(2 * 2 ** -52);
    // Multiples of ln2/64 and the ends of the table exercise the range reduction.
    for (const x of [0, -0, -Math.LN2 / 128, -Math.LN2 / 64, -Math.LN2, -1e-300, -699.999, -700, -745, -746]) {
      const e = Math.exp(x);
      expect(Math.abs(expNonPositive(x) - e)).toBeLessThanOrEqual(2 * 2 ** -52 * e);
    }
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-Infinity)).toBe(0);
    expect(expNonPositive(NaN)).toBeNaN();
    expect(expNonPositive(1)).toBe(Math.E);
  });
});
