/**
 * The "diag" covariance type (internal): each component its own diagonal covariance, the d
 * variances stored at c·d (their factor: 1/σ).
 * @module
 * @internal
 */
import { diagScratchLength, eStepDiagSpherical } from "../kernel-diagonal.js";
import type { CovarianceStrategy } from "./types.js";

/** @internal */
export const diagCovariance: CovarianceStrategy = {
  type: "diag",
  shared: false,
  parameterCount: (d, k) => k * d,
  covLength: (d, k) => k * d,
  perComponent: (d) => d,
  scratchLength: diagScratchLength,
  eStep: (X, n, d, k, p, w, s) => eStepDiagSpherical(X, n, d, k, false, p, w, s),
  mStepCovariance(s, prev, delta, _total, d, k, regCovar, cov) {
    for (let c = 0; c < k; c++) {
      const nkc = s.nk[c];
      for (let a = 0; a < d; a++) {
        const t = c * d + a;
        cov[t] = nkc > 0 ? s.s2[t] / nkc - delta[t] * delta[t] + regCovar : prev.cov[t];
      }
    }
  },
  aboutFixedMeans(raw, fixedMeans, d, k) {
    for (let c = 0; c < k; c++) {
      for (let a = 0; a < d; a++) {
        const da = raw.means[c * d + a] - fixedMeans[c * d + a];
        raw.cov[c * d + a] += da * da;
      }
    }
  },
  factor(cov, invChol, d, c) {
    let ld = 0;
    for (let j = 0; j < d; j++) {
      const v = cov[c * d + j];
      if (!(v > 0) || !Number.isFinite(v)) return null;
      invChol[c * d + j] = 1 / Math.sqrt(v);
      ld += Math.log(v);
    }
    return ld;
  },
  addJitter(cov, d, c, eps) {
    for (let a = 0; a < d; a++) {
      const v = cov[c * d + a];
      cov[c * d + a] = (v > 0 && Number.isFinite(v) ? v : 0) + eps;
    }
  },
  fromDataCovariance(_full, dataVar, _meanVar, regCovar, d) {
    const out = new Float64Array(d);
    for (let a = 0; a < d; a++) out[a] = dataVar[a] + regCovar;
    return out;
  },
  reseedCovariance: (cov, one, d, c) => cov.set(one, c * d),
  replaceCovariance: (cov, one, d, c) => cov.set(one, c * d),
  conditionalVariance: (cov, _invChol, d, c, a) => cov[c * d + a],
  denseInto(cov, d, c, out, o) {
    for (let a = 0; a < d; a++) out[o + a * d + a] = cov[c * d + a];
  },
  choleskyInto(cov, d, c, L, o) {
    for (let a = 0; a < d; a++) L[o + a * d + a] = Math.sqrt(cov[c * d + a]);
  },
  expectedSecondMoments(p, d, k, s2) {
    for (let c = 0; c < k; c++) {
      const w = p.weights[c];
      for (let a = 0; a < d; a++) s2[c * d + a] = w * (p.cov[c * d + a] + p.means[c * d + a] ** 2);
    }
  },
  averageSecondMoments(s2acc, st, keep, f, d, k) {
    const { nk, s1, s2, shift } = st;
    for (let t = 0; t < k * d; t++) {
      const c = Math.floor(t / d);
      s2acc[t] = keep * s2acc[t] + f * (s2[t] + 2 * s1[t] * shift[t] + nk[c] * shift[t] * shift[t]);
    }
  },
  addConditionalCovariance(s2, C, mis, mass, d, c) {
    const q = mis.length;
    for (let c1 = 0; c1 < q; c1++) s2[c * d + mis[c1]] += mass * C[c1 * q + c1];
  },
  freeEntries(d, k) {
    const out: Array<[number, number, number]> = [];
    for (let c = 0; c < k; c++) for (let a = 0; a < d; a++) out.push([c, a, a]);
    return out;
  },
};
