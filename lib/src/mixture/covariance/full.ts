/**
 * The "full" covariance type (internal): each component its own d×d covariance, stored at c·d·d.
 * @module
 * @internal
 */
import { choleskyLower } from "../../core/linalg.js";
import { eStepFullTied2 } from "../kernel-2d.js";
import { eStepFull, fullScratchLength } from "../kernel-full.js";
import { addConditionalDense, addDiagonal, averageDense, expectedDense, factorDense, lowerEntries, regularisedData } from "./dense.js";
import type { CovarianceStrategy } from "./types.js";

/** @internal */
export const fullCovariance: CovarianceStrategy = {
  type: "full",
  shared: false,
  parameterCount: (d, k) => (k * d * (d + 1)) / 2,
  covLength: (d, k) => k * d * d,
  perComponent: (d) => d * d,
  scratchLength: (d, k) => (d === 2 ? 0 : fullScratchLength(d, k)),
  eStep: (X, n, d, k, p, w, s) => (d === 2 ? eStepFullTied2(X, n, k, false, p, w, s) : eStepFull(X, n, d, k, p, w, s)),
  mStepCovariance(s, prev, delta, _total, d, k, regCovar, cov) {
    const dd = d * d;
    for (let c = 0; c < k; c++) {
      const nkc = s.nk[c];
      const o = c * dd;
      if (!(nkc > 0)) {
        cov.set(prev.cov.subarray(o, o + dd), o);
        continue;
      }
      for (let a = 0; a < d; a++) {
        for (let b = 0; b <= a; b++) {
          const v = s.s2[o + a * d + b] / nkc - delta[c * d + a] * delta[c * d + b];
          cov[o + a * d + b] = v;
          cov[o + b * d + a] = v;
        }
        cov[o + a * d + a] += regCovar;
      }
    }
  },
  aboutFixedMeans(raw, fixedMeans, d, k) {
    for (let c = 0; c < k; c++) {
      for (let a = 0; a < d; a++) {
        const da = raw.means[c * d + a] - fixedMeans[c * d + a];
        for (let b = 0; b < d; b++) raw.cov[c * d * d + a * d + b] += da * (raw.means[c * d + b] - fixedMeans[c * d + b]);
      }
    }
  },
  factor: (cov, invChol, d, c) => factorDense(cov, invChol, d, c * d * d),
  addJitter: (cov, d, c, eps) => addDiagonal(cov, d, c * d * d, eps),
  fromDataCovariance: (full, _dataVar, _meanVar, regCovar, d) => regularisedData(full, regCovar, d),
  reseedCovariance: (cov, one, d, c) => cov.set(one, c * d * d),
  replaceCovariance: (cov, one, d, c) => cov.set(one, c * d * d),
  conditionalVariance(_cov, invChol, d, c, a) {
    const wa = invChol[c * d * d + a * d + a];
    return 1 / (wa * wa);
  },
  denseInto: (cov, d, c, out, o) => out.set(cov.subarray(c * d * d, (c + 1) * d * d), o),
  choleskyInto: (cov, d, c, L, o) => void choleskyLower(cov, d, L, c * d * d, o),
  expectedSecondMoments: (p, d, k, s2) => expectedDense(p, d, k, s2, false),
  averageSecondMoments: (s2, st, keep, f, d, k) => averageDense(s2, st, keep, f, d, k, false),
  addConditionalCovariance: (s2, C, mis, mass, d, c) => addConditionalDense(s2, C, mis, mass, d, c * d * d),
  freeEntries(d, k) {
    const out: Array<[number, number, number]> = [];
    for (let c = 0; c < k; c++) lowerEntries(c, d, out);
    return out;
  },
};
