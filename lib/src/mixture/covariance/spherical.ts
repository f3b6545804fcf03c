/**
 * The "spherical" covariance type (internal): each component its own σ²·I, the variance stored at c
 * (its factor: 1/σ).
 * @module
 * @internal
 */
import { diagScratchLength, eStepDiagSpherical } from "../kernel-diagonal.js";
import type { CovarianceStrategy } from "./types.js";

/** @internal */
export const sphericalCovariance: CovarianceStrategy = {
  type: "spherical",
  shared: false,
  parameterCount: (_d, k) => k,
  covLength: (_d, k) => k,
  perComponent: () => 1,
  scratchLength: diagScratchLength,
  eStep: (X, n, d, k, p, w, s) => eStepDiagSpherical(X, n, d, k, true, p, w, s),
  mStepCovariance(s, prev, delta, _total, d, k, regCovar, cov) {
    for (let c = 0; c < k; c++) {
      const nkc = s.nk[c];
      if (!(nkc > 0)) {
        cov[c] = prev.cov[c];
        continue;
      }
      let dn = 0;
      for (let a = 0; a < d; a++) dn += delta[c * d + a] * delta[c * d + a];
      cov[c] = (s.s2[c] / nkc - dn) / d + regCovar;
    }
  },
  aboutFixedMeans(raw, fixedMeans, d, k) {
    for (let c = 0; c < k; c++) {
      for (let a = 0; a < d; a++) {
        const da = raw.means[c * d + a] - fixedMeans[c * d + a];
        raw.cov[c] += (da * da) / d;
      }
    }
  },
  factor(cov, invChol, d, c) {
    const v = cov[c];
    if (!(v > 0) || !Number.isFinite(v)) return null;
    invChol[c] = 1 / Math.sqrt(v);
    return d * Math.log(v);
  },
  addJitter(cov, _d, c, eps) {
    const v = cov[c];
    cov[c] = (v > 0 && Number.isFinite(v) ? v : 0) + eps;
  },
  fromDataCovariance: (_full, _dataVar, meanVar, regCovar) => new Float64Array([meanVar + regCovar]),
  reseedCovariance: (cov, one, _d, c) => void (cov[c] = one[0]),
  replaceCovariance: (cov, one, _d, c) => void (cov[c] = one[0]),
  conditionalVariance: (cov, _invChol, _d, c) => cov[c],
  denseInto(cov, d, c, out, o) {
    for (let a = 0; a < d; a++) out[o + a * d + a] = cov[c];
  },
  choleskyInto(cov, d, c, L, o) {
    for (let a = 0; a < d; a++) L[o + a * d + a] = Math.sqrt(cov[c]);
  },
  expectedSecondMoments(p, d, k, s2) {
    for (let c = 0; c < k; c++) {
      let sq = 0;
      for (let a = 0; a < d; a++) sq += p.means[c * d + a] ** 2;
      s2[c] = p.weights[c] * (d * p.cov[c] + sq);
    }
  },
  averageSecondMoments(s2acc, st, keep, f, d, k) {
    const { nk, s1, s2, shift } = st;
    for (let c = 0; c < k; c++) {
      let cross = 0;
      let sq = 0;
      for (let a = 0; a < d; a++) {
        cross += s1[c * d + a] * shift[c * d + a];
        sq += shift[c * d + a] * shift[c * d + a];
      }
      s2acc[c] = keep * s2acc[c] + f * (s2[c] + 2 * cross + nk[c] * sq);
    }
  },
  addConditionalCovariance(s2, C, mis, mass, _d, c) {
    const q = mis.length;
    let trace = 0;
    for (let c1 = 0; c1 < q; c1++) trace += C[c1 * q + c1];
    s2[c] += mass * trace;
  },
  freeEntries: (_d, k) => Array.from({ length: k }, (_, c): [number, number, number] => [c, -1, -1]),
};
