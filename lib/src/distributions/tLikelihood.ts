/**
 * Log-likelihood of the location–scale Student t with its analytic score and Hessian in
 * (location μ, scale σ, df ν), shared by StudentT.fit and Cauchy.fit (ν = 1). Internal.
 * @module
 */
import { digamma, lgamma, trigamma } from "../core/special.js";

const HALF_LOG_PI = 0.5 * Math.log(Math.PI);

/** Σ log f(x_i | μ, σ, ν). */
export function tLogLik(x: Float64Array, mu: number, sigma: number, nu: number): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const u = (x[i] - mu) / sigma;
    s += Math.log1p((u * u) / nu);
  }
  const c = lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * Math.log(nu) - HALF_LOG_PI - Math.log(sigma);
  return n * c - ((nu + 1) / 2) * s;
}

/**
 * Score (length 3) and Hessian (row-major 3×3) in (μ, σ, ν). With u = (x−μ)/σ and w = ν + u²:
 * ∂μ = (ν+1)u/(σw), ∂σ = −1/σ + (ν+1)u²/(σw),
 * ∂ν = ½ψ((ν+1)/2) − ½ψ(ν/2) − 1/(2ν) − ½log(1+u²/ν) + (ν+1)u²/(2νw); second derivatives
 * as in scripts/reference/distributions_reference.py (t_grad_hess), checked there against
 * scipy.differentiate.hessian.
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
    const u = (x[i] - mu) / sigma;
    const u2 = u * u;
    const w = nu + u2;
    const w2 = w * w;
    gm += ((nu + 1) * u) / (sigma * w);
    gs += -1 / sigma + ((nu + 1) * u2) / (sigma * w);
    gn += c1 - 0.5 * Math.log1p(u2 / nu) + ((nu + 1) * u2) / (2 * nu * w);
    hmm += (-(nu + 1) * (nu - u2)) / (s2 * w2);
    hms += (-(nu + 1) * u * 2 * nu) / (s2 * w2);
    hmn += (u * (u2 - 1)) / (sigma * w2);
    hss += 1 / s2 - ((nu + 1) / s2) * ((2 * nu * u2) / w2 + u2 / w);
    hsn += (u2 * (u2 - 1)) / (sigma * w2);
    hnn += c2 - (1 / w - 1 / nu) + ((nu + 1) / 2) * (1 / w2 - 1 / (nu * nu));
  }
  return {
    g: new Float64Array([gm, gs, gn]),
    H: new Float64Array([hmm, hms, hmn, hms, hss, hsn, hmn, hsn, hnn]),
  };
}

/**
 * A few EM iterations for (μ, σ) at fixed ν (each one increases the likelihood): weights
 * w_i = (ν+1)/(ν+u_i²), μ ← Σw x/Σw, σ² ← Σw (x−μ)²/n. Gives Newton a start in the right basin.
 */
export function tEmSteps(x: Float64Array, mu: number, sigma: number, nu: number, steps: number): [number, number] {
  const n = x.length;
  for (let it = 0; it < steps; it++) {
    let sw = 0;
    let swx = 0;
    for (let i = 0; i < n; i++) {
      const u = (x[i] - mu) / sigma;
      const w = (nu + 1) / (nu + u * u);
      sw += w;
      swx += w * x[i];
    }
    const m = swx / sw;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const u = (x[i] - mu) / sigma;
      const w = (nu + 1) / (nu + u * u);
      ss += w * (x[i] - m) * (x[i] - m);
    }
    const s = Math.sqrt(ss / n);
    if (!(s > 0) || !Number.isFinite(m)) break;
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
