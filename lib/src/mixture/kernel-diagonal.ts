/**
 * The diagonal and spherical E-step kernel (internal), blocked as kernels.ts describes.
 * @module
 * @internal
 */
import type { GmmParams } from "./covariance/types.js";
import { BLOCK, dot, logConstants, normalizeFrom, type GmmStats } from "./kernel-primitives.js";
import { wasmKernels } from "./wasm/instance.js";

const NONE: Float64Array = new Float64Array(0);

/** Length of the scratch buffer of {@link eStepDiagSpherical}. */
export function diagScratchLength(d: number, k: number): number {
  return k + BLOCK * (d + 3 * k);
}

// Diagonal and spherical covariances, blocked as eStepFull (see the module doc). Per component the
// quadratic form is only d multiply-adds, so the point-by-point loop was bound not by arithmetic but
// by its loads and stores: each moment update s1/s2[c, a] a load and a store per point, and every
// quadratic form a chain of dependent additions. Per block of BLOCK rows:
// (1) per component, the quadratic forms (blockDiagForms, blockSphereForms) into lpB (B×k);
// (2) per row, log-sum-exp normalisation into the responsibilities, the weights v = w·r into wT (k×B);
// (3) per component, the block's N_c, S1_c and S2_c (blockMeanMoments; spherical S2_c from the kept
//     ‖x − μ_c‖², sqT).
// The rows are read in place (row-major, stride d): unlike eStepFull's, these loops have no inner
// dot product over a dimension, so a transposed copy would not make any access contiguous and
// measured 4-10% slower. Only a short last block is copied, zero-padded to a multiple of 8 rows,
// into xb. The quadratic forms are in shifted form, Σ_a ((x_a − μ_ca)/σ_ca)²: without SIMD or fused
// multiply-add that costs no more operations per term (subtract, multiply, multiply, add) than
// scikit-learn's expanded form Σ x²/σ² − 2 Σ μx/σ² + Σ μ²/σ² (multiply, add, multiply, add), which
// cancels for points far from the means in units of σ; so results agree with the point-by-point
// loop to rounding (summation order only).
export function eStepDiagSpherical(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  spherical: boolean,
  p: GmmParams,
  w: Float64Array | null,
  s: GmmStats,
): number {
  const B = BLOCK;
  // Steps (1) and (3) run as WebAssembly SIMD where available (wasm/kernels.wat, bit-identical to
  // the functions below); then every buffer they touch lives in its memory, the rows of each block
  // copied into xb.
  const wasm = wasmKernels();
  let lc, xb, lpB, wT, sqT, xt, means, W, nk, s1, s2: Float64Array;
  let ld = NONE; // WebAssembly: a block's log densities
  let wb = NONE; // WebAssembly: a block's weights
  const covLen = spherical ? k : k * d;
  if (wasm !== null) {
    // diagScratchLength covers lc, xb, lpB, wT and sqT; then xt, means, W, nk, s1, s2, ld, wb, and one
    // double of alignment per view.
    wasm.reset(diagScratchLength(d, k) + d * B + k * d + covLen + k + k * d + covLen + 2 * B + 13);
    lc = wasm.take(k);
    xb = wasm.take(B * d);
    lpB = wasm.take(B * k);
    wT = wasm.take(k * B);
    sqT = wasm.take(k * B);
    xt = wasm.take(d * B);
    means = wasm.take(k * d);
    W = wasm.take(covLen);
    nk = wasm.take(k);
    s1 = wasm.take(k * d);
    s2 = wasm.take(covLen);
    ld = wasm.take(B);
    wb = wasm.take(B);
    means.set(p.means);
    W.set(p.invChol.subarray(0, covLen));
    nk.fill(0);
    s1.fill(0);
    s2.fill(0);
  } else {
    const need = diagScratchLength(d, k);
    if (s.scratch === undefined || s.scratch.length < need) s.scratch = new Float64Array(need);
    const buf = s.scratch;
    let off = 0;
    const take = (len: number): Float64Array => buf.subarray(off, (off += len));
    lc = take(k);
    xb = take(B * d); // a short last block, zero-padded (B×d)
    lpB = take(B * k); // log densities, then responsibilities (B×k)
    wT = take(k * B); // w·r (k×B)
    sqT = take(k * B); // spherical: ‖x − μ_c‖² (k×B)
    xt = xb;
    ({ nk, s1, s2 } = s);
    means = p.means;
    W = p.invChol;
  }
  logConstants(p, d, k, lc);
  const { resp, logDens } = s;
  let ll = 0;
  let comp = 0;
  const acc = new Float64Array(2);
  for (let i0 = 0; i0 < n; i0 += B) {
    const m = Math.min(B, n - i0);
    const mPad = (m + 7) & ~7;
    let xs = X;
    let xo = i0 * d;
    if (wasm !== null) {
      xb.set(X.subarray(xo, xo + m * d));
      if (mPad > m) xb.fill(0, m * d, mPad * d);
      wasm.fn.diagForms(xb.byteOffset, xt.byteOffset, means.byteOffset, W.byteOffset, lc.byteOffset, lpB.byteOffset, sqT.byteOffset, d, k, B, mPad, spherical ? 1 : 0);
    } else if (mPad > m) {
      // Padding rows are zero: finite, and weighted 0 in (3).
      xb.fill(0);
      xb.set(X.subarray(xo, xo + m * d));
      xs = xb;
      xo = 0;
    }
    if (wasm === null) for (let c = 0; c < k; c++) {
      if (spherical) blockSphereForms(xs, xo, d, mPad, means, c * d, W[c] * W[c], lc[c], sqT, c * B, lpB, c, k);
      else blockDiagForms(xs, xo, d, mPad, means, W, c * d, lc[c], lpB, c, k);
    }
    // (2) normalise; the weights w·r go to wT, zero on padding rows.
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
    // (3) moments.
    if (wasm !== null) {
      wasm.fn.diagMoments(xb.byteOffset, means.byteOffset, wT.byteOffset, sqT.byteOffset, nk.byteOffset, s1.byteOffset, s2.byteOffset, d, k, B, mPad, spherical ? 1 : 0);
    } else for (let c = 0; c < k; c++) {
      const wc = c * B;
      let nb = 0;
      for (let i = 0; i < mPad; i++) nb += wT[wc + i];
      if (nb === 0) continue;
      nk[c] += nb;
      if (spherical) {
        blockMeanMoments(xs, xo, d, mPad, means, c * d, wT, wc, s1, null);
        s2[c] += dot(wT, wc, sqT, wc, mPad, 0);
      } else blockMeanMoments(xs, xo, d, mPad, means, c * d, wT, wc, s1, s2);
    }
  }
  if (wasm !== null) {
    s.nk.set(nk);
    s.s1.set(s1);
    s.s2.set(s2);
  }
  return ll + comp;
}

/**
 * lpB[(i·k) + c] ← l − ½ Σ_a ((x_ia − μ[mo + a])·W[mo + a])² for the points i < mPad (a multiple of
 * 8) of a block, x_ia = xs[xo + i·d + a]: each μ_a and 1/σ_a loaded once for eight independent
 * running sums.
 */
function blockDiagForms(
  xs: Float64Array,
  xo: number,
  d: number,
  mPad: number,
  means: Float64Array,
  W: Float64Array,
  mo: number,
  l: number,
  lpB: Float64Array,
  c: number,
  k: number,
): void {
  const d2 = 2 * d;
  const d3 = 3 * d;
  const d4 = 4 * d;
  const d5 = 5 * d;
  const d6 = 6 * d;
  const d7 = 7 * d;
  for (let i = 0; i < mPad; i += 8) {
    let q0 = 0;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    let q4 = 0;
    let q5 = 0;
    let q6 = 0;
    let q7 = 0;
    const ro = xo + i * d;
    for (let a = 0; a < d; a++) {
      const mu = means[mo + a];
      const sc = W[mo + a];
      const o = ro + a;
      const t0 = (xs[o] - mu) * sc;
      const t1 = (xs[o + d] - mu) * sc;
      const t2 = (xs[o + d2] - mu) * sc;
      const t3 = (xs[o + d3] - mu) * sc;
      const t4 = (xs[o + d4] - mu) * sc;
      const t5 = (xs[o + d5] - mu) * sc;
      const t6 = (xs[o + d6] - mu) * sc;
      const t7 = (xs[o + d7] - mu) * sc;
      q0 += t0 * t0;
      q1 += t1 * t1;
      q2 += t2 * t2;
      q3 += t3 * t3;
      q4 += t4 * t4;
      q5 += t5 * t5;
      q6 += t6 * t6;
      q7 += t7 * t7;
    }
    const lo = i * k + c;
    lpB[lo] = l - 0.5 * q0;
    lpB[lo + k] = l - 0.5 * q1;
    lpB[lo + 2 * k] = l - 0.5 * q2;
    lpB[lo + 3 * k] = l - 0.5 * q3;
    lpB[lo + 4 * k] = l - 0.5 * q4;
    lpB[lo + 5 * k] = l - 0.5 * q5;
    lpB[lo + 6 * k] = l - 0.5 * q6;
    lpB[lo + 7 * k] = l - 0.5 * q7;
  }
}

/**
 * As {@link blockDiagForms} for a spherical component with precision p2 = 1/σ²: ‖x − μ‖² into
 * sqT[so + i] (kept for S2) and l − ½ p2 ‖x − μ‖² into lpB.
 */
function blockSphereForms(
  xs: Float64Array,
  xo: number,
  d: number,
  mPad: number,
  means: Float64Array,
  mo: number,
  p2: number,
  l: number,
  sqT: Float64Array,
  so: number,
  lpB: Float64Array,
  c: number,
  k: number,
): void {
  const d2 = 2 * d;
  const d3 = 3 * d;
  const d4 = 4 * d;
  const d5 = 5 * d;
  const d6 = 6 * d;
  const d7 = 7 * d;
  for (let i = 0; i < mPad; i += 8) {
    let q0 = 0;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    let q4 = 0;
    let q5 = 0;
    let q6 = 0;
    let q7 = 0;
    const ro = xo + i * d;
    for (let a = 0; a < d; a++) {
      const mu = means[mo + a];
      const o = ro + a;
      const t0 = xs[o] - mu;
      const t1 = xs[o + d] - mu;
      const t2 = xs[o + d2] - mu;
      const t3 = xs[o + d3] - mu;
      const t4 = xs[o + d4] - mu;
      const t5 = xs[o + d5] - mu;
      const t6 = xs[o + d6] - mu;
      const t7 = xs[o + d7] - mu;
      q0 += t0 * t0;
      q1 += t1 * t1;
      q2 += t2 * t2;
      q3 += t3 * t3;
      q4 += t4 * t4;
      q5 += t5 * t5;
      q6 += t6 * t6;
      q7 += t7 * t7;
    }
    const sq = so + i;
    sqT[sq] = q0;
    sqT[sq + 1] = q1;
    sqT[sq + 2] = q2;
    sqT[sq + 3] = q3;
    sqT[sq + 4] = q4;
    sqT[sq + 5] = q5;
    sqT[sq + 6] = q6;
    sqT[sq + 7] = q7;
    const lo = i * k + c;
    lpB[lo] = l - 0.5 * (q0 * p2);
    lpB[lo + k] = l - 0.5 * (q1 * p2);
    lpB[lo + 2 * k] = l - 0.5 * (q2 * p2);
    lpB[lo + 3 * k] = l - 0.5 * (q3 * p2);
    lpB[lo + 4 * k] = l - 0.5 * (q4 * p2);
    lpB[lo + 5 * k] = l - 0.5 * (q5 * p2);
    lpB[lo + 6 * k] = l - 0.5 * (q6 * p2);
    lpB[lo + 7 * k] = l - 0.5 * (q7 * p2);
  }
}

/**
 * Adds one block's moments about the means μ[mo..] of one component: s1[mo + a] += Σᵢ vᵢ (x_ia − μ_a)
 * and, if s2 is given (diag), s2[mo + a] += Σᵢ vᵢ (x_ia − μ_a)², over the points i < mPad, with
 * x_ia = xs[xo + i·d + a] and v = wT[wc..] the weights w·r. Four dimensions at a time share each
 * load of vᵢ, with their sums in registers. The differences are recomputed rather than kept from
 * the quadratic forms: a subtraction is cheaper than a store and a load.
 */
function blockMeanMoments(
  xs: Float64Array,
  xo: number,
  d: number,
  mPad: number,
  means: Float64Array,
  mo: number,
  wT: Float64Array,
  wc: number,
  s1: Float64Array,
  s2: Float64Array | null,
): void {
  let a = 0;
  for (; a + 4 <= d; a += 4) {
    const m0 = means[mo + a];
    const m1 = means[mo + a + 1];
    const m2 = means[mo + a + 2];
    const m3 = means[mo + a + 3];
    let u0 = 0;
    let u1 = 0;
    let u2 = 0;
    let u3 = 0;
    if (s2 === null) {
      for (let i = 0, o = xo + a; i < mPad; i++, o += d) {
        const v = wT[wc + i];
        u0 += v * (xs[o] - m0);
        u1 += v * (xs[o + 1] - m1);
        u2 += v * (xs[o + 2] - m2);
        u3 += v * (xs[o + 3] - m3);
      }
    } else {
      let v0 = 0;
      let v1 = 0;
      let v2 = 0;
      let v3 = 0;
      for (let i = 0, o = xo + a; i < mPad; i++, o += d) {
        const v = wT[wc + i];
        const t0 = xs[o] - m0;
        const t1 = xs[o + 1] - m1;
        const t2 = xs[o + 2] - m2;
        const t3 = xs[o + 3] - m3;
        const r0 = v * t0;
        const r1 = v * t1;
        const r2 = v * t2;
        const r3 = v * t3;
        u0 += r0;
        u1 += r1;
        u2 += r2;
        u3 += r3;
        v0 += r0 * t0;
        v1 += r1 * t1;
        v2 += r2 * t2;
        v3 += r3 * t3;
      }
      s2[mo + a] += v0;
      s2[mo + a + 1] += v1;
      s2[mo + a + 2] += v2;
      s2[mo + a + 3] += v3;
    }
    s1[mo + a] += u0;
    s1[mo + a + 1] += u1;
    s1[mo + a + 2] += u2;
    s1[mo + a + 3] += u3;
  }
  // The remaining d mod 4 dimensions, one at a time with two partial sums.
  for (; a < d; a++) {
    const mu = means[mo + a];
    let u0 = 0;
    let u1 = 0;
    let v0 = 0;
    let v1 = 0;
    for (let i = 0, o = xo + a; i < mPad; i += 2, o += 2 * d) {
      const t0 = xs[o] - mu;
      const t1 = xs[o + d] - mu;
      const r0 = wT[wc + i] * t0;
      const r1 = wT[wc + i + 1] * t1;
      u0 += r0;
      u1 += r1;
      v0 += r0 * t0;
      v1 += r1 * t1;
    }
    s1[mo + a] += u0 + u1;
    if (s2 !== null) s2[mo + a] += v0 + v1;
  }
}
