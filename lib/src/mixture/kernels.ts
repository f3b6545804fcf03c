/**
 * Numeric kernels of the Gaussian mixture (internal). Data are row-major Float64Arrays (n×d);
 * responsibilities n×k. Everything is in log space; no allocation per observation.
 *
 * Log-density of component c at x: log wₖ − ½(d log 2π + log|Σ_c|) − ½‖W_c (x − μ_c)‖², with
 * W_c = L_c⁻¹ the inverse Cholesky factor (precomputed once per iteration, lower-triangular, so the
 * quadratic form costs d(d+1)/2 multiply-adds with independent row sums).
 *
 * One pass per EM iteration: the E-step accumulates, next to the responsibilities, the weighted
 * moments about the current means μ_c (the shift): N_c = Σ wᵢ rᵢc, S1_c = Σ wᵢ rᵢc (xᵢ − μ_c),
 * S2_c = Σ wᵢ rᵢc (xᵢ − μ_c)(xᵢ − μ_c)ᵀ. The M-step then needs no data: δ = S1/N, μ' = μ + δ,
 * Σ' = S2/N − δδᵀ. The shift by the current means keeps δ small relative to the spread (δ → 0 at
 * convergence), so this is as accurate as the two-pass formula scikit-learn uses.
 * @module
 * @internal
 */
import type { CovarianceType, GmmParams } from "./options.js";

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Statistics from one E-step (buffers owned by the model and reused between iterations).
 * s2 layout: full k·d·d (lower triangle), tied d·d (lower triangle, summed over components),
 * diag k·d, spherical k (Σ wᵢ rᵢc ‖xᵢ − μ_c‖²).
 * @internal
 */
export interface GmmStats {
  resp: Float64Array;
  logDens: Float64Array;
  nk: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
  /** The means the moments are taken about (the E-step parameters' means). */
  shift: Float64Array;
}

/** @internal */
export function allocStats(n: number, d: number, k: number, type: CovarianceType): GmmStats {
  const s2len = type === "full" ? k * d * d : type === "tied" ? d * d : type === "diag" ? k * d : k;
  return {
    resp: new Float64Array(n * k),
    logDens: new Float64Array(n),
    nk: new Float64Array(k),
    s1: new Float64Array(k * d),
    s2: new Float64Array(s2len),
    shift: new Float64Array(k * d),
  };
}

/** log wₖ − ½(d log 2π + log|Σₖ|) for each component, into `out`. @internal */
export function logConstants(p: GmmParams, d: number, k: number, out: Float64Array): void {
  for (let c = 0; c < k; c++) out[c] = Math.log(p.weights[c]) - 0.5 * (d * LOG_2PI + p.logDet[c]);
}

/**
 * Per-component log joint densities log wₖ + log N(xᵢ | μₖ, Σₖ) of row i into lp (length k); the
 * differences xᵢ − μₖ into diff (k·d); for spherical also ‖xᵢ − μₖ‖² into sq (k).
 * @internal
 */
export function logProbRow(
  X: Float64Array,
  i: number,
  d: number,
  k: number,
  type: CovarianceType,
  p: GmmParams,
  lc: Float64Array,
  diff: Float64Array,
  sq: Float64Array,
  lp: Float64Array,
): void {
  const xo = i * d;
  const means = p.means;
  const W = p.invChol;
  if (type === "full" || type === "tied") {
    const dd = d * d;
    for (let c = 0; c < k; c++) {
      const mo = c * d;
      const wo = type === "tied" ? 0 : c * dd;
      for (let a = 0; a < d; a++) diff[mo + a] = X[xo + a] - means[mo + a];
      let q = 0;
      for (let a = 0; a < d; a++) {
        const ro = wo + a * d;
        let s = 0;
        for (let b = 0; b <= a; b++) s += W[ro + b] * diff[mo + b];
        q += s * s;
      }
      lp[c] = lc[c] - 0.5 * q;
    }
  } else if (type === "diag") {
    for (let c = 0; c < k; c++) {
      const mo = c * d;
      let q = 0;
      for (let a = 0; a < d; a++) {
        const t = X[xo + a] - means[mo + a];
        diff[mo + a] = t;
        const z = t * W[mo + a];
        q += z * z;
      }
      lp[c] = lc[c] - 0.5 * q;
    }
  } else {
    for (let c = 0; c < k; c++) {
      const mo = c * d;
      let q = 0;
      for (let a = 0; a < d; a++) {
        const t = X[xo + a] - means[mo + a];
        diff[mo + a] = t;
        q += t * t;
      }
      sq[c] = q;
      const w = W[c];
      lp[c] = lc[c] - 0.5 * q * w * w;
    }
  }
}

/**
 * In place: lp ← exp(lp − logΣexp(lp)) (the posterior probabilities); returns logΣexp(lp).
 * If every entry is −∞ (the point has zero density under every component, which finite
 * parameters cannot produce short of overflow) the row becomes uniform and −∞ is returned.
 * @internal
 */
export function normalizeRow(lp: Float64Array, k: number): number {
  let max = -Infinity;
  for (let c = 0; c < k; c++) if (lp[c] > max) max = lp[c];
  return normalizeFrom(lp, k, max);
}

/** {@link normalizeRow} when the maximum of lp is already known. @internal */
export function normalizeFrom(lp: Float64Array, k: number, max: number): number {
  if (!(max > -Infinity) || max === Infinity) {
    for (let c = 0; c < k; c++) lp[c] = 1 / k;
    return max === Infinity ? Infinity : -Infinity;
  }
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(lp[c] - max);
    lp[c] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let c = 0; c < k; c++) lp[c] *= inv;
  return max + Math.log(sum);
}

/**
 * The E-step: responsibilities, per-point log mixture densities, the moments of {@link GmmStats}
 * and the (weighted) total log-likelihood, in one pass over X.
 * @internal
 */
export function eStepKernel(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  type: CovarianceType,
  p: GmmParams,
  w: Float64Array | null,
  s: GmmStats,
): number {
  s.shift.set(p.means);
  s.nk.fill(0);
  s.s1.fill(0);
  s.s2.fill(0);
  if (type === "full" || type === "tied") {
    return d === 2 ? eStepFullTied2(X, n, k, type === "tied", p, w, s) : eStepFullTied(X, n, d, k, type === "tied", p, w, s);
  }
  return eStepDiagSpherical(X, n, d, k, type === "spherical", p, w, s);
}

// The kernels below are eStepKernel's hot loops, written out (no per-point calls) for speed.
// They compute exactly what logProbRow + normalizeRow + accumulateRow compute.

function eStepFullTied(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  tied: boolean,
  p: GmmParams,
  w: Float64Array | null,
  s: GmmStats,
): number {
  const lc = new Float64Array(k);
  logConstants(p, d, k, lc);
  const diff = new Float64Array(k * d);
  const lp = new Float64Array(k);
  const { resp, logDens, nk, s1, s2 } = s;
  const means = p.means;
  const W = p.invChol;
  const dd = d * d;
  const wStride = tied ? 0 : dd;
  // Neumaier-compensated total: ℓ is compared across iterations at 1e-10 relative.
  let ll = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const mo = c * d;
      const wo = c * wStride;
      for (let a = 0; a < d; a++) diff[mo + a] = X[xo + a] - means[mo + a];
      let q = 0;
      for (let a = 0; a < d; a++) {
        const ro = wo + a * d;
        let t = 0;
        for (let b = 0; b <= a; b++) t += W[ro + b] * diff[mo + b];
        q += t * t;
      }
      const v = lc[c] - 0.5 * q;
      lp[c] = v;
      if (v > max) max = v;
    }
    const logNorm = normalizeFrom(lp, k, max);
    logDens[i] = logNorm;
    const wi = w === null ? 1 : w[i];
    if (wi !== 0) {
      const term = wi * logNorm;
      const t = ll + term;
      comp += Math.abs(ll) >= Math.abs(term) ? ll - t + term : term - t + ll;
      ll = t;
    }
    const ro = i * k;
    for (let c = 0; c < k; c++) {
      const r = lp[c];
      resp[ro + c] = r;
      const rw = r * wi;
      if (rw === 0) continue;
      nk[c] += rw;
      const mo = c * d;
      const so = tied ? 0 : c * dd;
      for (let a = 0; a < d; a++) {
        const t = rw * diff[mo + a];
        s1[mo + a] += t;
        const sa = so + a * d;
        for (let b = 0; b <= a; b++) s2[sa + b] += t * diff[mo + b];
      }
    }
  }
  return ll + comp;
}

// d = 2 (the common case in teaching and plotting), unrolled: about twice as fast as the general loop.
function eStepFullTied2(
  X: Float64Array,
  n: number,
  k: number,
  tied: boolean,
  p: GmmParams,
  w: Float64Array | null,
  s: GmmStats,
): number {
  const lc = new Float64Array(k);
  logConstants(p, 2, k, lc);
  const d0 = new Float64Array(k);
  const d1 = new Float64Array(k);
  const lp = new Float64Array(k);
  const { resp, logDens, nk, s1, s2 } = s;
  const means = p.means;
  const W = p.invChol;
  const wStride = tied ? 0 : 4;
  const sStride = tied ? 0 : 4;
  let ll = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const x0 = X[2 * i];
    const x1 = X[2 * i + 1];
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const wo = c * wStride;
      const a0 = x0 - means[2 * c];
      const a1 = x1 - means[2 * c + 1];
      d0[c] = a0;
      d1[c] = a1;
      const z0 = W[wo] * a0;
      const z1 = W[wo + 2] * a0 + W[wo + 3] * a1;
      const v = lc[c] - 0.5 * (z0 * z0 + z1 * z1);
      lp[c] = v;
      if (v > max) max = v;
    }
    const logNorm = normalizeFrom(lp, k, max);
    logDens[i] = logNorm;
    const wi = w === null ? 1 : w[i];
    if (wi !== 0) {
      const term = wi * logNorm;
      const t = ll + term;
      comp += Math.abs(ll) >= Math.abs(term) ? ll - t + term : term - t + ll;
      ll = t;
    }
    const ro = i * k;
    for (let c = 0; c < k; c++) {
      const r = lp[c];
      resp[ro + c] = r;
      const rw = r * wi;
      if (rw === 0) continue;
      nk[c] += rw;
      const a0 = d0[c];
      const a1 = d1[c];
      const t0 = rw * a0;
      const t1 = rw * a1;
      s1[2 * c] += t0;
      s1[2 * c + 1] += t1;
      const so = c * sStride;
      s2[so] += t0 * a0;
      s2[so + 2] += t1 * a0;
      s2[so + 3] += t1 * a1;
    }
  }
  return ll + comp;
}

function eStepDiagSpherical(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  spherical: boolean,
  p: GmmParams,
  w: Float64Array | null,
  s: GmmStats,
): number {
  const lc = new Float64Array(k);
  logConstants(p, d, k, lc);
  const diff = new Float64Array(k * d);
  const sq = new Float64Array(k);
  const lp = new Float64Array(k);
  const { resp, logDens, nk, s1, s2 } = s;
  const means = p.means;
  const W = p.invChol;
  let ll = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const mo = c * d;
      let q = 0;
      let v: number;
      if (spherical) {
        for (let a = 0; a < d; a++) {
          const t = X[xo + a] - means[mo + a];
          diff[mo + a] = t;
          q += t * t;
        }
        sq[c] = q;
        const wc = W[c];
        v = lc[c] - 0.5 * q * wc * wc;
      } else {
        for (let a = 0; a < d; a++) {
          const t = X[xo + a] - means[mo + a];
          diff[mo + a] = t;
          const z = t * W[mo + a];
          q += z * z;
        }
        v = lc[c] - 0.5 * q;
      }
      lp[c] = v;
      if (v > max) max = v;
    }
    const logNorm = normalizeFrom(lp, k, max);
    logDens[i] = logNorm;
    const wi = w === null ? 1 : w[i];
    if (wi !== 0) {
      const term = wi * logNorm;
      const t = ll + term;
      comp += Math.abs(ll) >= Math.abs(term) ? ll - t + term : term - t + ll;
      ll = t;
    }
    const ro = i * k;
    for (let c = 0; c < k; c++) {
      const r = lp[c];
      resp[ro + c] = r;
      const rw = r * wi;
      if (rw === 0) continue;
      nk[c] += rw;
      const mo = c * d;
      if (spherical) {
        for (let a = 0; a < d; a++) s1[mo + a] += rw * diff[mo + a];
        s2[c] += rw * sq[c];
      } else {
        for (let a = 0; a < d; a++) {
          const t = rw * diff[mo + a];
          s1[mo + a] += t;
          s2[mo + a] += t * diff[mo + a];
        }
      }
    }
  }
  return ll + comp;
}

/**
 * Adds weight rw times the moments of one observation (diff = x − μ_c in diff[c·d ..], ‖diff‖² in
 * sq[c]) to component c of the statistics.
 * @internal
 */
export function accumulateRow(type: CovarianceType, c: number, d: number, rw: number, diff: Float64Array, sq: Float64Array, s: GmmStats): void {
  const { nk, s1, s2 } = s;
  nk[c] += rw;
  const mo = c * d;
  if (type === "full" || type === "tied") {
    const so = type === "tied" ? 0 : c * d * d;
    for (let a = 0; a < d; a++) {
      const t = rw * diff[mo + a];
      s1[mo + a] += t;
      const sa = so + a * d;
      for (let b = 0; b <= a; b++) s2[sa + b] += t * diff[mo + b];
    }
  } else if (type === "diag") {
    for (let a = 0; a < d; a++) {
      const t = rw * diff[mo + a];
      s1[mo + a] += t;
      s2[mo + a] += t * diff[mo + a];
    }
  } else {
    for (let a = 0; a < d; a++) s1[mo + a] += rw * diff[mo + a];
    s2[c] += rw * sq[c];
  }
}

/**
 * The M-step without regularisation or degeneracy handling: new weights (N_c / Σ N), means and
 * covariances in compact layout (symmetric full matrices for full/tied), with `regCovar` added to
 * the diagonal. Components with N_c = 0 get their previous mean and covariance (the caller handles them).
 * @internal
 */
export function mStepKernel(
  s: GmmStats,
  prev: GmmParams,
  type: CovarianceType,
  d: number,
  k: number,
  regCovar: number,
): { weights: Float64Array; means: Float64Array; cov: Float64Array } {
  const weights = new Float64Array(k);
  const means = new Float64Array(k * d);
  const cov = new Float64Array(s2Length(type, d, k));
  const delta = new Float64Array(k * d);
  let total = 0;
  for (let c = 0; c < k; c++) total += s.nk[c];
  const dd = d * d;
  for (let c = 0; c < k; c++) {
    const nkc = s.nk[c];
    weights[c] = nkc / total;
    for (let a = 0; a < d; a++) {
      const del = nkc > 0 ? s.s1[c * d + a] / nkc : 0;
      delta[c * d + a] = del;
      means[c * d + a] = s.shift[c * d + a] + del;
    }
  }
  if (type === "full") {
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
  } else if (type === "tied") {
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
  } else if (type === "diag") {
    for (let c = 0; c < k; c++) {
      const nkc = s.nk[c];
      for (let a = 0; a < d; a++) {
        const t = c * d + a;
        cov[t] = nkc > 0 ? s.s2[t] / nkc - delta[t] * delta[t] + regCovar : prev.cov[t];
      }
    }
  } else {
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
  }
  return { weights, means, cov };
}

/** Length of the compact covariance array. @internal */
export function s2Length(type: CovarianceType, d: number, k: number): number {
  return type === "full" ? k * d * d : type === "tied" ? d * d : type === "diag" ? k * d : k;
}

/**
 * Per-point log mixture densities (out, length n) and, if `resp` is given, posterior
 * probabilities (n×k), for new data.
 * @internal
 */
export function scoreKernel(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  type: CovarianceType,
  p: GmmParams,
  out: Float64Array,
  resp: Float64Array | null,
): void {
  const lc = new Float64Array(k);
  logConstants(p, d, k, lc);
  const diff = new Float64Array(k * d);
  const sq = new Float64Array(k);
  const lp = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    logProbRow(X, i, d, k, type, p, lc, diff, sq, lp);
    out[i] = normalizeRow(lp, k);
    if (resp) resp.set(lp, i * k);
  }
}

/**
 * ELBO F(q, θ) = Σᵢ wᵢ Σ_c rᵢc (log w_c + log N(xᵢ | θ_c) − log rᵢc) for responsibilities `resp`
 * (from an earlier E-step) and parameters p.
 * @internal
 */
export function elboKernel(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  type: CovarianceType,
  p: GmmParams,
  w: Float64Array | null,
  resp: Float64Array,
): number {
  const lc = new Float64Array(k);
  logConstants(p, d, k, lc);
  const diff = new Float64Array(k * d);
  const sq = new Float64Array(k);
  const lp = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const wi = w === null ? 1 : w[i];
    if (wi === 0) continue;
    logProbRow(X, i, d, k, type, p, lc, diff, sq, lp);
    let s = 0;
    for (let c = 0; c < k; c++) {
      const r = resp[i * k + c];
      if (r > 0) s += r * (lp[c] - Math.log(r));
    }
    total += wi * s;
  }
  return total;
}
