/**
 * Log-likelihood of the location–scale Student t with its analytic score and Hessian in
 * (location μ, scale σ, df ν), shared by StudentT.fit and Cauchy.fit (ν = 1). Internal.
 * @module
 */
import { digamma, lgamma, trigamma } from "../core/special.js";

const HALF_LOG_PI = 0.5 * Math.log(Math.PI);

/**
 * Per-point quantities of the t at u = (x − μ)/σ, safe for |u| up to the double range (u² would
 * overflow beyond ~1e154): c = 1/(ν + u²), a = u²/(ν + u²), b = u/(ν + u²) and log1p(u²/ν).
 */
function tTerms(u: number, nu: number): { a: number; b: number; c: number; log1pq: number } {
  const u2 = u * u;
  if (Number.isFinite(u2) && Number.isFinite(u2 / nu)) {
    const c = 1 / (nu + u2);
    return { a: u2 * c, b: u * c, c, log1pq: Math.log1p(u2 / nu) };
  }
  return { a: 1, b: 1 / u, c: 0, log1pq: 2 * Math.log(Math.abs(u)) - Math.log(nu) };
}

/** Σ log f(x_i | μ, σ, ν). */
export function tLogLik(x: Float64Array, mu: number, sigma: number, nu: number): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += tTerms((x[i] - mu) / sigma, nu).log1pq;
  const c = lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * Math.log(nu) - HALF_LOG_PI - Math.log(sigma);
  return n * c - ((nu + 1) / 2) * s;
}

/**
 * Score (length 3) and Hessian (row-major 3×3) in (μ, σ, ν). With u = (x−μ)/σ and w = ν + u²:
 * ∂μ = (ν+1)u/(σw), ∂σ = −1/σ + (ν+1)u²/(σw),
 * ∂ν = ½ψ((ν+1)/2) − ½ψ(ν/2) − 1/(2ν) − ½log(1+u²/ν) + (ν+1)u²/(2νw); second derivatives
 * as in scripts/reference/distributions_reference.py (t_grad_hess), checked there against
 * scipy.differentiate.hessian. Written in a = u²/w, b = u/w, c = 1/w (see tTerms) so that
 * outlying points far beyond ~1e154 scale units contribute their limits instead of NaN.
 */
export function tScoreHessian(x: Float64Array, mu: number, sigma: number, nu: number): { g: Float64Array; H: Float64Array } {
  const n = x.length;
  const c1 = 0.5 * digamma((nu + 1) / 2) - 0.5 * digamma(nu / 2) - 1 / (2 * nu);
  const c2 = 0.25 * trigamma((nu + 1) / 2) - 0.25 * trigamma(nu / 2) + 1 / (2 * nu * nu);
  let gm = 0;
  let gs = 0;
  let gn = 0;
  let hmm = 0;
  let hms = 0;
  let hmn = 0;
  let hss = 0;
  let hsn = 0;
  let hnn = 0;
  const s2 = sigma * sigma;
  for (let i = 0; i < n; i++) {
    const { a, b, c, log1pq } = tTerms((x[i] - mu) / sigma, nu);
    gm += ((nu + 1) * b) / sigma;
    gs += -1 / sigma + ((nu + 1) * a) / sigma;
    gn += c1 - 0.5 * log1pq + ((nu + 1) * a) / (2 * nu);
    // (ν − u²)/w² = νc² − ac,  u·2ν/w² = 2νbc,  u(u² − 1)/w² = ab − bc,  u²(u² − 1)/w² = a² − ac.
    hmm += (-(nu + 1) * (nu * c * c - a * c)) / s2;
    hms += (-(nu + 1) * 2 * nu * b * c) / s2;
    hmn += (a * b - b * c) / sigma;
    hss += 1 / s2 - ((nu + 1) / s2) * (2 * nu * a * c + a);
    hsn += (a * a - a * c) / sigma;
    hnn += c2 - (c - 1 / nu) + ((nu + 1) / 2) * (c * c - 1 / (nu * nu));
  }
  return {
    g: new Float64Array([gm, gs, gn]),
    H: new Float64Array([hmm, hms, hmn, hms, hss, hsn, hmn, hsn, hnn]),
  };
}

/**
 * A few EM iterations for (μ, σ) at fixed ν (each one increases the likelihood): weights
 * w_i = (ν+1)/(ν+u_i²), μ ← Σw x/Σw, σ² ← Σw (x−μ)²/n. Gives Newton a start in the right basin.
 * Written with a = u²/(ν + u²) so that huge outliers give weight 0, not NaN.
 */
export function tEmSteps(x: Float64Array, mu: number, sigma: number, nu: number, steps: number): [number, number] {
  const n = x.length;
  for (let it = 0; it < steps; it++) {
    let sw = 0;
    let swx = 0;
    for (let i = 0; i < n; i++) {
      const w = (nu + 1) * tTerms((x[i] - mu) / sigma, nu).c;
      sw += w;
      swx += w * (x[i] - mu);
    }
    const m = mu + swx / sw;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      // w (x − m)² = (ν+1)σ² v²/(ν + u²) with u = (x − μ)/σ, v = (x − m)/σ; ≈ (ν+1)σ²(v/u)² when u² overflows.
      const u = (x[i] - mu) / sigma;
      const v = (x[i] - m) / sigma;
      const c = tTerms(u, nu).c;
      const vv = v * v;
      ss += (nu + 1) * sigma * sigma * (c > 0 && Number.isFinite(vv) ? vv * c : (v / u) ** 2);
    }
    const s = Math.sqrt(ss / n);
    if (!(s > 0) || !Number.isFinite(s) || !Number.isFinite(m)) break;
    mu = m;
    sigma = s;
  }
  return [mu, sigma];
}

/**
 * Data standardised for a location–scale fit: z = (x − shift)/scale with shift the median and scale
 * `spread` (a robust scale of the data, > 0). The t likelihood is equivariant, so fitting z and
 * mapping back (μ = shift + scale·μ_z, σ = scale·σ_z, ℓ = ℓ_z − n log scale) gives the same MLE,
 * while the optimiser's tolerances and the information matrix see data of unit size whatever the
 * units (x·10³⁰⁰, x + 10¹²).
 */
export function standardised(x: Float64Array, shift: number, spread: number): Float64Array {
  const n = x.length;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = (x[i] - shift) / spread;
  // x − shift can overflow for data near ±1.8e308 of both signs; divide first then.
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(z[i])) {
      for (let j = 0; j < n; j++) z[j] = x[j] / spread - shift / spread;
      break;
    }
  }
  return z;
}

/** The most frequent value of sorted data and its multiplicity (the first on ties). */
export function mostFrequent(sorted: Float64Array): { value: number; count: number } {
  let run = 1;
  let count = 1;
  let value = sorted[0];
  for (let i = 1; i < sorted.length; i++) {
    run = sorted[i] === sorted[i - 1] ? run + 1 : 1;
    if (run > count) {
      count = run;
      value = sorted[i];
    }
  }
  return { value, count };
}
