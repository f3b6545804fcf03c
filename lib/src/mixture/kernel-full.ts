/**
 * The full-covariance E-step kernel for d ≠ 2 (internal), blocked as kernels.ts describes.
 * @module
 * @internal
 */
import type { GmmParams } from "./covariance/types.js";
import { BLOCK, blockMoments, blockQuadForms, logConstants, normalizeFrom, type GmmStats } from "./kernel-primitives.js";

/** Length of the scratch buffer of {@link eStepFull}. */
export function fullScratchLength(d: number, k: number): number {
  return k + BLOCK * (d * (k + 2) + 2 * k);
}

// The full-covariance kernel, blocked (see the module doc): per block of BLOCK rows,
// (1) the X block transposed into xt (d×B, dimension-major so that every inner loop is contiguous);
// (2) per component c, the differences D_c = xt − μ_c (d×B) and the quadratic forms ‖W_c D_c[:, i]‖²
//     (blockQuadForms) into lpB (B×k);
// (3) per row, log-sum-exp normalisation into the responsibilities; the weights v = w·r go to wT (k×B);
// (4) per component, the block's N_c, S1_c and S2_c (blockMoments).
// Padding rows of a short last block have zero differences and zero weight.
export function eStepFull(X: Float64Array, n: number, d: number, k: number, p: GmmParams, w: Float64Array | null, s: GmmStats): number {
  const B = BLOCK;
  const need = fullScratchLength(d, k);
  if (s.scratch === undefined || s.scratch.length < need) s.scratch = new Float64Array(need);
  const buf = s.scratch;
  const lc = buf.subarray(0, k);
  logConstants(p, d, k, lc);
  let off = k;
  const xt = buf.subarray(off, (off += d * B));
  const D = buf.subarray(off, (off += k * d * B));
  const R = buf.subarray(off, (off += d * B));
  const lpB = buf.subarray(off, (off += B * k));
  const wT = buf.subarray(off, (off += k * B));
  const { resp, logDens, nk, s1, s2 } = s;
  const means = p.means;
  const W = p.invChol;
  const dd = d * d;
  // Neumaier-compensated total: ℓ is compared across iterations at 1e-10 relative.
  let ll = 0;
  let comp = 0;
  for (let i0 = 0; i0 < n; i0 += B) {
    const m = Math.min(B, n - i0);
    // Rows m..mPad−1 of a short last block are zero padding: finite, and weighted 0 in step (4).
    const mPad = (m + 7) & ~7;
    for (let i = 0; i < m; i++) {
      const xo = (i0 + i) * d;
      for (let a = 0; a < d; a++) xt[a * B + i] = X[xo + a];
    }
    for (let i = m; i < mPad; i++) for (let a = 0; a < d; a++) xt[a * B + i] = 0;
    // (2) log joint densities into lpB (B×k).
    for (let c = 0; c < k; c++) {
      const dc = c * d * B;
      for (let a = 0; a < d; a++) {
        const mu = means[c * d + a];
        const o = dc + a * B;
        for (let i = 0; i < mPad; i++) D[o + i] = xt[a * B + i] - mu;
      }
      blockQuadForms(W, c * dd, d, D, dc, B, mPad, lc[c], lpB, c, k);
    }
    // (3) normalise; the weights w·r of step (4) go to wT (k×B), zero on padding rows.
    for (let i = 0; i < mPad; i++) {
      if (i >= m) {
        for (let c = 0; c < k; c++) wT[c * B + i] = 0;
        continue;
      }
      const lo = i * k;
      let max = -Infinity;
      for (let c = 0; c < k; c++) if (lpB[lo + c] > max) max = lpB[lo + c];
      const logNorm = normalizeFrom(lpB, k, max, lo);
      const gi = i0 + i;
      logDens[gi] = logNorm;
      const wi = w === null ? 1 : w[gi];
      if (wi !== 0) {
        const term = wi * logNorm;
        const t = ll + term;
        comp += Math.abs(ll) >= Math.abs(term) ? ll - t + term : term - t + ll;
        ll = t;
      }
      const ro = gi * k;
      for (let c = 0; c < k; c++) {
        const r = lpB[lo + c];
        resp[ro + c] = r;
        wT[c * B + i] = r * wi;
      }
    }
    // (4) moments of the block.
    for (let c = 0; c < k; c++) {
      blockMoments(D, c * d * B, wT, c * B, B, d, mPad, R, nk, c, s1, c * d, s2, c * dd);
    }
  }
  return ll + comp;
}
