/**
 * Per-row scoring of the Gaussian mixture on new data and the ELBO for given responsibilities
 * (internal), on the reference per-row log densities of kernel-primitives.ts.
 * @module
 * @internal
 */
import type { CovarianceType, GmmParams } from "./covariance/types.js";
import { logConstants, logProbRow, normalizeRow, rowScratch } from "./kernel-primitives.js";

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
  const { lc, diff, sq, lp } = rowScratch(d, k);
  logConstants(p, d, k, lc);
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
  const { lc, diff, sq, lp } = rowScratch(d, k);
  logConstants(p, d, k, lc);
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
