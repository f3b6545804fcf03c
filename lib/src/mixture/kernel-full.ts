/**
 * The full-covariance E-step kernel for d ≠ 2 (internal), blocked as kernels.ts describes.
 * @module
 * @internal
 */
import type { GmmParams } from "./covariance/types.js";
import { BLOCK, blockMoments, blockQuadForms, logConstants, normalizeFrom, type GmmStats } from "./kernel-primitives.js";
import { wasmKernels } from "./wasm/instance.js";

const NONE: Float64Array = new Float64Array(0);

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
  const dd = d * d;
  // Steps (2) and (4) run as WebAssembly SIMD where available (wasm/kernels.wat, bit-identical to
  // blockQuadForms and blockMoments); then every buffer they touch lives in its memory.
  const wasm = wasmKernels();
  let lc, xt, D, R, lpB, wT, means, W, nk, s1, s2: Float64Array;
  let ld = NONE; // WebAssembly: a block's log densities
  let wb = NONE; // WebAssembly: a block's weights
  if (wasm !== null) {
    // fullScratchLength covers lc, xt, D, R, lpB and wT; then means, W, nk, s1, s2, ld, wb, and one
    // double of alignment per view.
    wasm.reset(fullScratchLength(d, k) + k * d + k * dd + k + k * d + k * dd + 2 * B + 13);
    lc = wasm.take(k);
    xt = wasm.take(d * B);
    D = wasm.take(k * d * B);
    R = wasm.take(d * B);
    lpB = wasm.take(B * k);
    wT = wasm.take(k * B);
    means = wasm.take(k * d);
    W = wasm.take(k * dd);
    nk = wasm.take(k);
    s1 = wasm.take(k * d);
    s2 = wasm.take(k * dd);
    ld = wasm.take(B);
    wb = wasm.take(B);
    means.set(p.means);
    W.set(p.invChol.subarray(0, k * dd));
    nk.fill(0);
    s1.fill(0);
    s2.fill(0);
  } else {
    const need = fullScratchLength(d, k);
    if (s.scratch === undefined || s.scratch.length < need) s.scratch = new Float64Array(need);
    const buf = s.scratch;
    let off = 0;
    const take = (len: number): Float64Array => buf.subarray(off, (off += len));
    lc = take(k);
    xt = take(d * B);
    D = take(k * d * B);
    R = take(d * B);
    lpB = take(B * k);
    wT = take(k * B);
    ({ nk, s1, s2 } = s);
    means = p.means;
    W = p.invChol;
  }
  logConstants(p, d, k, lc);
  const { resp, logDens } = s;
  // Neumaier-compensated total: ℓ is compared across iterations at 1e-10 relative.
  let ll = 0;
  let comp = 0;
  const acc = new Float64Array(2);
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
    if (wasm !== null) {
      wasm.fn.fullQuadForms(xt.byteOffset, means.byteOffset, W.byteOffset, lc.byteOffset, D.byteOffset, lpB.byteOffset, d, k, B, mPad);
    } else for (let c = 0; c < k; c++) {
      const dc = c * d * B;
      for (let a = 0; a < d; a++) {
        const mu = means[c * d + a];
        const o = dc + a * B;
        for (let i = 0; i < mPad; i++) D[o + i] = xt[a * B + i] - mu;
      }
      blockQuadForms(W, c * dd, d, D, dc, B, mPad, lc[c], lpB, c, k);
    }
    // (3) normalise; the weights w·r of step (4) go to wT (k×B), zero on padding rows.
    if (wasm !== null) {
      acc[0] = ll;
      acc[1] = comp;
      wasm.normalize(lpB, ld, wb, wT, null, null, k, B, i0, m, mPad, w, resp, logDens, acc);
      ll = acc[0];
      comp = acc[1];
    } else for (let i = 0; i < mPad; i++) {
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
    if (wasm !== null) {
      wasm.fn.fullMoments(D.byteOffset, wT.byteOffset, B, d, k, mPad, R.byteOffset, nk.byteOffset, s1.byteOffset, s2.byteOffset);
    } else for (let c = 0; c < k; c++) {
      blockMoments(D, c * d * B, wT, c * B, B, d, mPad, R, nk, c, s1, c * d, s2, c * dd);
    }
  }
  if (wasm !== null) {
    s.nk.set(nk);
    s.s1.set(s1);
    s.s2.set(s2);
  }
  return ll + comp;
}
