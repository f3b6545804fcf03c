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
 *
 * **Blocking (full and tied, d ≠ 2).** Per point the work is k·d(d+1)/2 multiply-adds for the
 * quadratic forms and as many again for S2. Done point by point, each S2 update is a load and a
 * store of s2 and each quadratic form a chain of dependent additions, and V8 (scalar code, no SIMD)
 * runs at a fraction of the machine's speed. So the E-step takes the rows in blocks of
 * {@link BLOCK}, transposed to dimension-major (d×B) buffers allocated once per fit (`scratch`), and
 * works component by component on a block: the quadratic forms eight points at a time (each W_c[a, b]
 * loaded once for eight independent running sums in registers), and S2_c[a, b] += Σᵢ vᵢ D[a, i] D[b, i]
 * as dot products over the block accumulated in registers (four columns b at a time sharing the loads
 * of vᵢ D[a, i]), so s2 is touched once per block, not once per point. Only the summation order
 * changes (results agree with the point-by-point loop to rounding). For tied covariances the work
 * shared by the components is done once (see `eStepTied`: quadratic forms as ‖Wy − Wν_c‖², moments by
 * the parallel-axis identity; agreement with the point-by-point loop ~1e-13 relative), in about half
 * the time of the full kernel. d = 2 keeps its unrolled point-by-point loop.
 *
 * **Blocking (diag and spherical, every d).** Only d multiply-adds per component and point, but the
 * point-by-point loop still spent most of its time on a load and a store of s1/s2 per multiply-add
 * and on dependent additions. `eStepDiagSpherical` takes the same blocks of {@link BLOCK} rows
 * (read in place, row-major: these loops have no inner dot product that a transposed copy would
 * make contiguous): quadratic forms eight points at a time in registers, and per component S1, S2
 * as sums over the block with four dimensions at a time sharing each load of the weight vᵢ.
 * Spherical keeps each ‖x − μ_c‖² of the quadratic forms for S2_c. The forms stay in shifted form
 * (x − μ)/σ, as cheap here as scikit-learn's expanded form and free of its cancellation, so results
 * agree with the point-by-point loop to rounding. With the exponentials below, a diag or spherical
 * iteration takes less than half the time of the point-by-point loop (n = 10⁵, d = 10, k = 8).
 *
 * **Normalisation.** The k exponentials per point of the log-sum-exp use {@link expNonPositive}, a
 * table-driven eˣ for x ≤ 0 (relative error < 1.5·2⁻⁵², about twice as fast as Math.exp, which is
 * a call into C++): with the moments blocked, Math.exp had become a quarter of the diag/spherical
 * E-step.
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
  /** Work space of the blocked kernels (from allocStats, so once per fit; made on first use if absent). */
  scratch?: Float64Array;
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
    scratch: scratchLength(type, d, k) > 0 ? new Float64Array(scratchLength(type, d, k)) : undefined,
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

/** {@link normalizeRow} of lp[o .. o + k) when its maximum is already known. @internal */
export function normalizeFrom(lp: Float64Array, k: number, max: number, o = 0): number {
  if (!(max > -Infinity) || max === Infinity) {
    for (let c = 0; c < k; c++) lp[o + c] = 1 / k;
    return max === Infinity ? Infinity : -Infinity;
  }
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = expNonPositive(lp[o + c] - max);
    lp[o + c] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let c = 0; c < k; c++) lp[o + c] *= inv;
  return max + Math.log(sum);
}

// exp for the normalisation's arguments (≤ 0). Math.exp is a call into V8's C++ fdlibm (~10 ns);
// k calls per point were a quarter of the diag/spherical E-step. This inlinable version, the
// classic table method, takes about half that: x = −K ln2/64 + r with |r| ≤ ln2/128, so
// eˣ = 2^(−⌊K/64⌋) · 2^(−(K mod 64)/64) · eʳ, the first factor exact (a power of two from POW2_NEG),
// the second from a 64-entry table, eʳ − 1 by its Taylor polynomial of degree 5 (truncation error
// |r|⁶/720 < 4e-17). The reduction x + K·ln2/64 is exact (K·LN2_64_HI exact, then Sterbenz), so the
// error is the table's and the last roundings: relative error ≤ 1.46·2⁻⁵² against Math.exp over
// 4·10⁶ random arguments in [−700, 0]; kernels.test.ts checks < 2·2⁻⁵².
const EXP_TABLE_SIZE = 64;
/** 2^(−j/64), j = 0..63. */
const EXP_TABLE = Float64Array.from({ length: EXP_TABLE_SIZE }, (_, j) => Math.pow(2, -j / EXP_TABLE_SIZE));
/** 2^(−e), e = 0..1023 (exact). */
const POW2_NEG = Float64Array.from({ length: 1024 }, (_, e) => Math.pow(2, -e));
/** ln2/64 split as fdlibm splits ln2 (LN2_64_HI has 32 significant bits: K·LN2_64_HI is exact for K < 2²¹). */
const LN2_64_HI = 6.93147180369123816490e-1 / EXP_TABLE_SIZE;
const LN2_64_LO = 1.90821492927058770002e-10 / EXP_TABLE_SIZE;
const INV_LN2_64 = EXP_TABLE_SIZE / Math.LN2;

/**
 * eˣ for x ≤ 0 (relative error < 1.5·2⁻⁵²; see above). Outside (−700, 0] (results there are subnormal or 0, or x
 * is not a normalisation argument), exactly Math.exp, without the call below −746 where it is 0:
 * components far from a point in later iterations.
 * @internal
 */
export function expNonPositive(x: number): number {
  if (!(x > -700 && x <= 0)) return x < -746 ? 0 : Math.exp(x); // e⁻⁷⁴⁶ underflows to 0
  const K = (0.5 - INV_LN2_64 * x) | 0; // round(−x·64/ln2) ∈ [0, 64630]
  const r = x + K * LN2_64_HI + K * LN2_64_LO;
  const r2 = r * r;
  const p = r + r2 * (0.5 + r * (1 / 6)) + r2 * r2 * (1 / 24 + r * (1 / 120));
  const t = EXP_TABLE[K & (EXP_TABLE_SIZE - 1)];
  return (t + t * p) * POW2_NEG[K >> 6];
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
    if (d === 2) return eStepFullTied2(X, n, k, type === "tied", p, w, s);
    return type === "tied" ? eStepTied(X, n, d, k, p, w, s) : eStepFull(X, n, d, k, p, w, s);
  }
  return eStepDiagSpherical(X, n, d, k, type === "spherical", p, w, s);
}

// The kernels below are eStepKernel's hot loops, written out (no per-point calls) for speed.
// They compute what logProbRow + normalizeRow + accumulateRow compute, up to the order of summation.

/** Rows per block of the blocked kernels: a multiple of 8 (the register-blocking width), small
 * enough that a block's differences for every component stay in cache (k·d·B doubles). 16 to 128
 * measured the same for d = 10, k = 8 (full; 32 to 128 for diag and spherical). */
const BLOCK = 32;

/** Length of the scratch buffer of {@link eStepFull}. */
function fullScratchLength(d: number, k: number): number {
  return k + BLOCK * (d * (k + 2) + 2 * k);
}

/** Length of GmmStats.scratch for this model (0: none needed). */
function scratchLength(type: CovarianceType, d: number, k: number): number {
  if (type === "diag" || type === "spherical") return diagScratchLength(d, k);
  if (d === 2) return 0;
  return type === "full" ? fullScratchLength(d, k) : tiedScratchLength(d, k);
}

/** Length of the scratch buffer of {@link eStepDiagSpherical}. */
function diagScratchLength(d: number, k: number): number {
  return k + BLOCK * (d + 3 * k);
}

/** Length of the scratch buffer of {@link eStepTied}. */
function tiedScratchLength(d: number, k: number): number {
  return k + d + 2 * k * d + BLOCK * (4 * d + 3 * k + 1) + k * k + 1 + d;
}

// The full-covariance kernel, blocked (see the module doc): per block of BLOCK rows,
// (1) the X block transposed into xt (d×B, dimension-major so that every inner loop is contiguous);
// (2) per component c, the differences D_c = xt − μ_c (d×B) and the quadratic forms ‖W_c D_c[:, i]‖²
//     (blockQuadForms) into lpB (B×k);
// (3) per row, log-sum-exp normalisation into the responsibilities; the weights v = w·r go to wT (k×B);
// (4) per component, the block's N_c, S1_c and S2_c (blockMoments).
// Padding rows of a short last block have zero differences and zero weight.
function eStepFull(X: Float64Array, n: number, d: number, k: number, p: GmmParams, w: Float64Array | null, s: GmmStats): number {
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

/**
 * lp[(i·k) + c] ← l − ½‖W D[:, i]‖² for the points i < mPad (a multiple of 8) of a block, with W the
 * lower-triangular d×d matrix at W[wo..] and D the d×B differences at D[dc..] (dimension-major).
 */
function blockQuadForms(
  W: Float64Array,
  wo: number,
  d: number,
  D: Float64Array,
  dc: number,
  B: number,
  mPad: number,
  l: number,
  lpB: Float64Array,
  c: number,
  k: number,
): void {
  for (let i = 0; i < mPad; i += 8) {
    let q0 = 0;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    let q4 = 0;
    let q5 = 0;
    let q6 = 0;
    let q7 = 0;
    for (let a = 0; a < d; a++) {
      const ro = wo + a * d;
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
        const o = dc + b * B + i;
        z0 += wab * D[o];
        z1 += wab * D[o + 1];
        z2 += wab * D[o + 2];
        z3 += wab * D[o + 3];
        z4 += wab * D[o + 4];
        z5 += wab * D[o + 5];
        z6 += wab * D[o + 6];
        z7 += wab * D[o + 7];
      }
      q0 += z0 * z0;
      q1 += z1 * z1;
      q2 += z2 * z2;
      q3 += z3 * z3;
      q4 += z4 * z4;
      q5 += z5 * z5;
      q6 += z6 * z6;
      q7 += z7 * z7;
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
 * Adds one block's moments of component c: nk[c] += Σᵢ vᵢ, s1[so1 + a] += Σᵢ vᵢ D[a, i],
 * s2[so2 + a·d + b] += Σᵢ vᵢ D[a, i] D[b, i] (b ≤ a), over i < mPad (a multiple of 8), with
 * v = wT[wc..] the weights w·r and D the d×B differences at D[dc..] (dimension-major); R (d×B) is
 * work space for v ⊙ D.
 */
function blockMoments(
  D: Float64Array,
  dc: number,
  wT: Float64Array,
  wc: number,
  B: number,
  d: number,
  mPad: number,
  R: Float64Array,
  nk: Float64Array,
  c: number,
  s1: Float64Array,
  so1: number,
  s2: Float64Array,
  so2: number,
): void {
  let nb = 0;
  for (let i = 0; i < mPad; i++) nb += wT[wc + i];
  if (nb === 0) return;
  nk[c] += nb;
  for (let a = 0; a < d; a++) {
    const o = dc + a * B;
    const ra = a * B;
    // Partial sums in pairs: a single running sum would be bound by the addition latency.
    let u0 = 0;
    let u1 = 0;
    for (let i = 0; i < mPad; i += 2) {
      const t0 = wT[wc + i] * D[o + i];
      const t1 = wT[wc + i + 1] * D[o + i + 1];
      R[ra + i] = t0;
      R[ra + i + 1] = t1;
      u0 += t0;
      u1 += t1;
    }
    s1[so1 + a] += u0 + u1;
  }
  for (let a = 0; a < d; a++) {
    const ra = a * B;
    const sa = so2 + a * d;
    let b = 0;
    // Four columns at a time share each load of R[a, i]...
    for (; b + 3 <= a; b += 4) {
      const db = dc + b * B;
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      for (let i = 0; i < mPad; i++) {
        const r = R[ra + i];
        t0 += r * D[db + i];
        t1 += r * D[db + B + i];
        t2 += r * D[db + 2 * B + i];
        t3 += r * D[db + 3 * B + i];
      }
      s2[sa + b] += t0;
      s2[sa + b + 1] += t1;
      s2[sa + b + 2] += t2;
      s2[sa + b + 3] += t3;
    }
    // ...the rest of the row one at a time, with four partial sums over i.
    for (; b <= a; b++) {
      const db = dc + b * B;
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      for (let i = 0; i < mPad; i += 4) {
        t0 += R[ra + i] * D[db + i];
        t1 += R[ra + i + 1] * D[db + i + 1];
        t2 += R[ra + i + 2] * D[db + i + 2];
        t3 += R[ra + i + 3] * D[db + i + 3];
      }
      s2[sa + b] += t0 + t1 + (t2 + t3);
    }
  }
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
function eStepTied(X: Float64Array, n: number, d: number, k: number, p: GmmParams, w: Float64Array | null, s: GmmStats): number {
  const B = BLOCK;
  const need = tiedScratchLength(d, k);
  if (s.scratch === undefined || s.scratch.length < need) s.scratch = new Float64Array(need);
  const buf = s.scratch;
  let off = 0;
  const take = (len: number): Float64Array => buf.subarray(off, (off += len));
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
  M.fill(0);
  logConstants(p, d, k, lc);
  const { resp, logDens, nk, s1, s2 } = s;
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
  for (let i0 = 0; i0 < n; i0 += B) {
    const m = Math.min(B, n - i0);
    const mPad = (m + 7) & ~7;
    for (let i = 0; i < m; i++) {
      const xo = (i0 + i) * d;
      for (let a = 0; a < d; a++) y[a * B + i] = X[xo + a] - m0[a];
    }
    for (let i = m; i < mPad; i++) for (let a = 0; a < d; a++) y[a * B + i] = 0;
    blockTriMul(W, d, y, B, mPad, Z);
    // Quadratic forms ‖Z[:, i] − Wν_c‖², four points at a time.
    for (let c = 0; c < k; c++) {
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
  return ll + comp;
}

/** Σ_{i < len} x[xo + i]·(y[yo + i] − shift) for len a multiple of 4, with four partial sums. */
function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number, shift: number): number {
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  for (let i = 0; i < len; i += 4) {
    t0 += x[xo + i] * (y[yo + i] - shift);
    t1 += x[xo + i + 1] * (y[yo + i + 1] - shift);
    t2 += x[xo + i + 2] * (y[yo + i + 2] - shift);
    t3 += x[xo + i + 3] * (y[yo + i + 3] - shift);
  }
  return t0 + t1 + (t2 + t3);
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
  const B = BLOCK;
  const need = diagScratchLength(d, k);
  if (s.scratch === undefined || s.scratch.length < need) s.scratch = new Float64Array(need);
  const buf = s.scratch;
  let off = 0;
  const take = (len: number): Float64Array => buf.subarray(off, (off += len));
  const lc = take(k);
  const xb = take(B * d); // a short last block, zero-padded (B×d)
  const lpB = take(B * k); // log densities, then responsibilities (B×k)
  const wT = take(k * B); // w·r (k×B)
  const sqT = take(k * B); // spherical: ‖x − μ_c‖² (k×B)
  logConstants(p, d, k, lc);
  const { resp, logDens, nk, s1, s2 } = s;
  const means = p.means;
  const W = p.invChol;
  let ll = 0;
  let comp = 0;
  for (let i0 = 0; i0 < n; i0 += B) {
    const m = Math.min(B, n - i0);
    const mPad = (m + 7) & ~7;
    let xs = X;
    let xo = i0 * d;
    if (mPad > m) {
      // Padding rows are zero: finite, and weighted 0 in (3).
      xb.fill(0);
      xb.set(X.subarray(xo, xo + m * d));
      xs = xb;
      xo = 0;
    }
    for (let c = 0; c < k; c++) {
      if (spherical) blockSphereForms(xs, xo, d, mPad, means, c * d, W[c] * W[c], lc[c], sqT, c * B, lpB, c, k);
      else blockDiagForms(xs, xo, d, mPad, means, W, c * d, lc[c], lpB, c, k);
    }
    // (2) normalise; the weights w·r go to wT, zero on padding rows.
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
    // (3) moments.
    for (let c = 0; c < k; c++) {
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
