/**
 * The tied-covariance E-step kernel for d ≠ 2 (internal), blocked as kernels.ts describes: one
 * inverse Cholesky factor for every component, so the work the components share is done once.
 * @module
 * @internal
 */
import type { GmmParams } from "./covariance/types.js";
import { BLOCK, blockMoments, dot, logConstants, normalizeFrom, type GmmStats } from "./kernel-primitives.js";
import { wasmKernels } from "./wasm/instance.js";

/** Length of the scratch buffer of {@link eStepTied}. */
export function tiedScratchLength(d: number, k: number): number {
  return k + d + 2 * k * d + BLOCK * (4 * d + 3 * k + 1) + k * k + 1 + d;
}

// Tied covariance (d ≠ 2), blocked as eStepFull: one W for all components, so the work that eStepFull
// repeats per component can be shared (about 2.5× less arithmetic for k = 8, d = 10):
// - quadratic forms: with y = x − m₀ (m₀ = Σ_c w_c μ_c, the mixture mean, so that nothing depends
//   on where the origin is) and ν_c = μ_c − m₀, ‖W(x − μ_c)‖² = ‖Wy − Wν_c‖²: one triangular
//   product per point plus d multiply-adds per component (scikit-learn computes it this way too);
// - moments: per point, with Σ_c r_c = 1, the weighted parallel-axis identity
//     Σ_c r_c (x − μ_c)(x − μ_c)ᵀ = (x − μ̄)(x − μ̄)ᵀ + Σ_{c<c'} r_c r_c' (μ_c − μ_c')(μ_c − μ_c')ᵀ,
//   μ̄ = Σ_c r_c μ_c, turns k outer products into one, plus the k×k matrix M = Σᵢ wᵢ rᵢ rᵢᵀ (upper
//   part) that multiplies the fixed differences of the means once per E-step. Both terms are
//   positive semi-definite sums: nothing cancels.
// The quadratic forms lose accuracy as ε·‖Wy‖·‖W(x − μ_c)‖ for points far from m₀ in units of the
// covariance (log-density error ~1e-11 at 1e5 standard deviations), as scikit-learn's do.
export function eStepTied(X: Float64Array, n: number, d: number, k: number, p: GmmParams, w: Float64Array | null, s: GmmStats): number {
  const B = BLOCK;
  // The block loops run as WebAssembly SIMD where available (wasm/kernels.wat: tiedForms and
  // tiedMoments, bit-identical to the JavaScript below); then every buffer they touch lives in its
  // memory, the rows of each block copied into xb.
  const wasm = wasmKernels();
  const need = tiedScratchLength(d, k);
  let take: (len: number) => Float64Array;
  if (wasm !== null) {
    // need covers the views below up to tmp; then xb, Ww, nkw, s1w, s2w, ld, wb, and one double of
    // alignment per view (21).
    wasm.reset(need + B * d + d * d + k + k * d + d * d + 2 * B + 21);
    take = (len) => wasm.take(len);
  } else {
    if (s.scratch === undefined || s.scratch.length < need) s.scratch = new Float64Array(need);
    const buf = s.scratch;
    let off = 0;
    take = (len) => buf.subarray(off, (off += len));
  }
  const lc = take(k);
  const m0 = take(d);
  const nu = take(k * d); // ν_c = μ_c − m₀
  const mW = take(k * d); // W ν_c
  const y = take(d * B); // y = x − m₀ (d×B)
  const Z = take(d * B); // W y
  const E = take(d * B); // x − μ̄ = y − Σ_c r_c ν_c
  const R = take(d * B); // work space of blockMoments
  const lpB = take(B * k); // log densities, then responsibilities (B×k)
  const rT = take(k * B); // responsibilities r (k×B)
  const wT = take(k * B); // w·r (k×B)
  const wv = take(B); // w
  const M = take(k * k); // Σᵢ wᵢ rᵢc rᵢc' (c < c')
  const tmp = take(1 + d); // nk and s1 slots of blockMoments (unused: Σ w and Σ w·E)
  const xb = wasm !== null ? take(B * d) : tmp; // WebAssembly: the block's rows
  const Ww = wasm !== null ? take(d * d) : tmp; // WebAssembly: W
  const nkw = wasm !== null ? take(k) : s.nk;
  const s1w = wasm !== null ? take(k * d) : s.s1;
  const s2w = wasm !== null ? take(d * d) : s.s2;
  const ld = wasm !== null ? take(B) : tmp; // WebAssembly: a block's log densities
  const wb = wasm !== null ? take(B) : tmp; // WebAssembly: a block's weights
  if (wasm !== null) {
    Ww.set(p.invChol.subarray(0, d * d));
    nkw.fill(0);
    s1w.fill(0);
    s2w.fill(0);
  }
  M.fill(0);
  logConstants(p, d, k, lc);
  const { resp, logDens } = s;
  const nk = nkw;
  const s1 = s1w;
  const s2 = s2w;
  const means = p.means;
  const W = p.invChol;
  m0.fill(0);
  for (let c = 0; c < k; c++) for (let a = 0; a < d; a++) m0[a] += p.weights[c] * means[c * d + a];
  for (let c = 0; c < k; c++) {
    for (let a = 0; a < d; a++) nu[c * d + a] = means[c * d + a] - m0[a];
    for (let a = 0; a < d; a++) {
      let t = 0;
      for (let b = 0; b <= a; b++) t += W[a * d + b] * nu[c * d + b];
      mW[c * d + a] = t;
    }
  }
  let ll = 0;
  let comp = 0;
  const acc = new Float64Array(2);
  for (let i0 = 0; i0 < n; i0 += B) {
    const m = Math.min(B, n - i0);
    const mPad = (m + 7) & ~7;
    if (wasm !== null) {
      xb.set(X.subarray(i0 * d, (i0 + m) * d));
      wasm.fn.tiedForms(xb.byteOffset, m0.byteOffset, Ww.byteOffset, mW.byteOffset, lc.byteOffset, y.byteOffset, Z.byteOffset, lpB.byteOffset, d, k, B, m, mPad);
    } else {
      for (let i = 0; i < m; i++) {
        const xo = (i0 + i) * d;
        for (let a = 0; a < d; a++) y[a * B + i] = X[xo + a] - m0[a];
      }
      for (let i = m; i < mPad; i++) for (let a = 0; a < d; a++) y[a * B + i] = 0;
      blockTriMul(W, d, y, B, mPad, Z);
    }
    // Quadratic forms ‖Z[:, i] − Wν_c‖², four points at a time.
    if (wasm === null) for (let c = 0; c < k; c++) {
      const l = lc[c];
      for (let i = 0; i < mPad; i += 4) {
        let q0 = 0;
        let q1 = 0;
        let q2 = 0;
        let q3 = 0;
        for (let a = 0; a < d; a++) {
          const mu = mW[c * d + a];
          const o = a * B + i;
          const t0 = Z[o] - mu;
          const t1 = Z[o + 1] - mu;
          const t2 = Z[o + 2] - mu;
          const t3 = Z[o + 3] - mu;
          q0 += t0 * t0;
          q1 += t1 * t1;
          q2 += t2 * t2;
          q3 += t3 * t3;
        }
        const lo = i * k + c;
        lpB[lo] = l - 0.5 * q0;
        lpB[lo + k] = l - 0.5 * q1;
        lpB[lo + 2 * k] = l - 0.5 * q2;
        lpB[lo + 3 * k] = l - 0.5 * q3;
      }
    }
    if (wasm !== null) {
      acc[0] = ll;
      acc[1] = comp;
      wasm.normalize(lpB, ld, wb, wT, rT, wv, k, B, i0, m, mPad, w, resp, logDens, acc);
      ll = acc[0];
      comp = acc[1];
      wasm.fn.tiedMoments(y.byteOffset, nu.byteOffset, rT.byteOffset, wT.byteOffset, wv.byteOffset, E.byteOffset, R.byteOffset, tmp.byteOffset, nk.byteOffset, s1.byteOffset, s2.byteOffset, M.byteOffset, d, k, B, mPad);
      continue;
    }
    for (let i = 0; i < mPad; i++) {
      if (i >= m) {
        for (let c = 0; c < k; c++) rT[c * B + i] = wT[c * B + i] = 0;
        wv[i] = 0;
        continue;
      }
      const lo = i * k;
      let max = -Infinity;
      for (let c = 0; c < k; c++) if (lpB[lo + c] > max) max = lpB[lo + c];
      const logNorm = normalizeFrom(lpB, k, max, lo);
      const gi = i0 + i;
      logDens[gi] = logNorm;
      const wi = w === null ? 1 : w[gi];
      wv[i] = wi;
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
        rT[c * B + i] = r;
        wT[c * B + i] = r * wi;
      }
    }
    // E = y − Σ_c r_c ν_c, then S2 += Σᵢ wᵢ Eᵢ Eᵢᵀ.
    for (let a = 0; a < d; a++) {
      const o = a * B;
      for (let i = 0; i < mPad; i++) E[o + i] = y[o + i];
      for (let c = 0; c < k; c++) {
        const v = nu[c * d + a];
        const rc = c * B;
        for (let i = 0; i < mPad; i++) E[o + i] -= rT[rc + i] * v;
      }
    }
    blockMoments(E, 0, wv, 0, B, d, mPad, R, tmp, 0, tmp, 1, s2, 0);
    // N_c, Σᵢ vᵢc yᵢ and M.
    for (let c = 0; c < k; c++) {
      const wc = c * B;
      let nb = 0;
      for (let i = 0; i < mPad; i++) nb += wT[wc + i];
      if (nb === 0) continue;
      nk[c] += nb;
      // Σᵢ vᵢc (yᵢ − ν_c) directly: Σᵢ vᵢc yᵢ − N_c ν_c would cancel for components far from m₀.
      for (let a = 0; a < d; a++) s1[c * d + a] += dot(wT, wc, y, a * B, mPad, nu[c * d + a]);
      for (let c2 = c + 1; c2 < k; c2++) M[c * k + c2] += dot(wT, wc, rT, c2 * B, mPad, 0);
    }
  }
  for (let c = 0; c < k; c++) {
    for (let c2 = c + 1; c2 < k; c2++) {
      const mc = M[c * k + c2];
      if (mc === 0) continue;
      for (let a = 0; a < d; a++) {
        const da = means[c * d + a] - means[c2 * d + a];
        for (let b = 0; b <= a; b++) s2[a * d + b] += mc * da * (means[c * d + b] - means[c2 * d + b]);
      }
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
 * Z[:, i] ← W Y[:, i] for the points i < mPad (a multiple of 8) of a block, with W lower-triangular
 * d×d and Y, Z d×B (dimension-major); eight points at a time, as in {@link blockQuadForms}.
 */
function blockTriMul(W: Float64Array, d: number, Y: Float64Array, B: number, mPad: number, Z: Float64Array): void {
  for (let i = 0; i < mPad; i += 8) {
    for (let a = 0; a < d; a++) {
      const ro = a * d;
      let z0 = 0;
      let z1 = 0;
      let z2 = 0;
      let z3 = 0;
      let z4 = 0;
      let z5 = 0;
      let z6 = 0;
      let z7 = 0;
      for (let b = 0; b <= a; b++) {
        const wab = W[ro + b];
        const o = b * B + i;
        z0 += wab * Y[o];
        z1 += wab * Y[o + 1];
        z2 += wab * Y[o + 2];
        z3 += wab * Y[o + 3];
        z4 += wab * Y[o + 4];
        z5 += wab * Y[o + 5];
        z6 += wab * Y[o + 6];
        z7 += wab * Y[o + 7];
      }
      const o = a * B + i;
      Z[o] = z0;
      Z[o + 1] = z1;
      Z[o + 2] = z2;
      Z[o + 3] = z3;
      Z[o + 4] = z4;
      Z[o + 5] = z5;
      Z[o + 6] = z6;
      Z[o + 7] = z7;
    }
  }
}
