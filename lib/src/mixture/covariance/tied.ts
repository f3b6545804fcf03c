/**
 * The "tied" covariance type (internal): one d×d covariance shared by every component, stored at 0.
 * @module
 * @internal
 */
import { choleskyLower } from "../../core/linalg.js";
import { eStepFullTied2 } from "../kernel-2d.js";
import { eStepTied, tiedScratchLength } from "../kernel-tied.js";
import { addConditionalDense, addDiagonal, averageDense, expectedDense, factorDense, lowerEntries, regularisedData } from "./dense.js";
import type { CovarianceStrategy } from "./types.js";

/** @internal */
export const tiedCovariance: CovarianceStrategy = {
  type: "tied",
  shared: true,
  parameterCount: (d) => (d * (d + 1)) / 2,
  covLength: (d) => d * d,
  perComponent: () => 0,
  scratchLength: (d, k) => (d === 2 ? 0 : tiedScratchLength(d, k)),
  eStep: (X, n, d, k, p, w, s) => (d === 2 ? eStepFullTied2(X, n, k, true, p, w, s) : eStepTied(X, n, d, k, p, w, s)),
  mStepCovariance(s, _prev, delta, total, d, k, regCovar, cov) {
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) {
        let v = s.s2[a * d + b];
        for (let c = 0; c < k; c++) v -= s.nk[c] * delta[c * d + a] * delta[c * d + b];
        v /= total;
        cov[a * d + b] = v;
        cov[b * d + a] = v;
      }
      cov[a * d + a] += regCovar;
    }
  },
  aboutFixedMeans(raw, fixedMeans, d, k) {
    for (let c = 0; c < k; c++) {
      for (let a = 0; a < d; a++) {
        const da = raw.means[c * d + a] - fixedMeans[c * d + a];
        for (let b = 0; b < d; b++) raw.cov[a * d + b] += raw.weights[c] * da * (raw.means[c * d + b] - fixedMeans[c * d + b]);
      }
    }
  },
  factor: (cov, invChol, d) => factorDense(cov, invChol, d, 0),
  addJitter: (cov, d, _c, eps) => addDiagonal(cov, d, 0, eps),
  fromDataCovariance: (full, _dataVar, _meanVar, regCovar, d) => regularisedData(full, regCovar, d),
  // Re-seeding one component leaves the shared covariance alone.
  reseedCovariance: () => {},
  replaceCovariance: (cov, one) => cov.set(one),
  conditionalVariance(_cov, invChol, d, _c, a) {
    const wa = invChol[a * d + a];
    return 1 / (wa * wa);
  },
  denseInto: (cov, d, _c, out, o) => out.set(cov.subarray(0, d * d), o),
  choleskyInto: (cov, d, _c, L, o) => void choleskyLower(cov, d, L, 0, o),
  expectedSecondMoments: (p, d, k, s2) => expectedDense(p, d, k, s2, true),
  averageSecondMoments: (s2, st, keep, f, d, k) => averageDense(s2, st, keep, f, d, k, true),
  addConditionalCovariance: (s2, C, mis, mass, d) => addConditionalDense(s2, C, mis, mass, d, 0),
  freeEntries(d) {
    const out: Array<[number, number, number]> = [];
    lowerEntries(-1, d, out);
    return out;
  },
};
