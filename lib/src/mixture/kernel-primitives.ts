/**
 * Shared primitives of the Gaussian-mixture kernels (internal; kernels.ts describes the kernels and
 * their design): the E-step statistics, per-row log densities and normalisation (the reference the
 * blocked kernels agree with), the table-driven exponential, and the blocked building blocks the
 * kernels share (quadratic forms and moments of a block of rows for full and tied, a dot product).
 * @module
 * @internal
 */
import type { CovarianceType, GmmParams, GmmStats } from "./covariance/types.js";

export type { GmmStats };

const LOG_2PI = Math.log(2 * Math.PI);


/** The per-row buffers of {@link logProbRow}: lc (k constants), diff (k·d), sq (k), lp (k). @internal */
export interface RowScratch {
  lc: Float64Array;
  diff: Float64Array;
  sq: Float64Array;
  lp: Float64Array;
}

/** Allocates the buffers of {@link logProbRow} once per pass (never per row); lc is left 0 for the caller. @internal */
export function rowScratch(d: number, k: number): RowScratch {
  return { lc: new Float64Array(k), diff: new Float64Array(k * d), sq: new Float64Array(k), lp: new Float64Array(k) };
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
export const EXP_TABLE: Float64Array = Float64Array.from({ length: EXP_TABLE_SIZE }, (_, j) => Math.pow(2, -j / EXP_TABLE_SIZE));
/** 2^(−e), e = 0..1023 (exact). */
export const POW2_NEG: Float64Array = Float64Array.from({ length: 1024 }, (_, e) => Math.pow(2, -e));
/** ln2/64 split as fdlibm splits ln2 (LN2_64_HI has 32 significant bits: K·LN2_64_HI is exact for K < 2²¹). */
const LN2_64_HI = 6.93147180369123816490e-1 / EXP_TABLE_SIZE;
const LN2_64_LO = 1.90821492927058770002e-10 / EXP_TABLE_SIZE;
const INV_LN2_64 = EXP_TABLE_SIZE / Math.LN2;
/** The scalar constants of {@link expNonPositive}, for its WebAssembly twin (wasm/kernels.wat). @internal */
export const EXP_CONSTANTS = [INV_LN2_64, LN2_64_HI, LN2_64_LO, 1 / 6, 1 / 24, 1 / 120];

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

/** Rows per block of the blocked kernels: a multiple of 8 (the register-blocking width), small
 * enough that a block's differences for every component stay in cache (k·d·B doubles). 16 to 128
 * measured the same for d = 10, k = 8 (full; 32 to 128 for diag and spherical). */
export const BLOCK = 32;

/**
 * lp[(i·k) + c] ← l − ½‖W D[:, i]‖² for the points i < mPad (a multiple of 8) of a block, with W the
 * lower-triangular d×d matrix at W[wo..] and D the d×B differences at D[dc..] (dimension-major).
 */
export function blockQuadForms(
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
export function blockMoments(
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
    // Four columns at a time share each load of R[a, i], each with separate sums over the even and
    // the odd rows (the two lanes of the WebAssembly version, wasm/kernels.wat)...
    for (; b + 3 <= a; b += 4) {
      const db = dc + b * B;
      let e0 = 0;
      let e1 = 0;
      let e2 = 0;
      let e3 = 0;
      let o0 = 0;
      let o1 = 0;
      let o2 = 0;
      let o3 = 0;
      for (let i = 0; i < mPad; i += 2) {
        const r = R[ra + i];
        const rr = R[ra + i + 1];
        e0 += r * D[db + i];
        o0 += rr * D[db + i + 1];
        e1 += r * D[db + B + i];
        o1 += rr * D[db + B + i + 1];
        e2 += r * D[db + 2 * B + i];
        o2 += rr * D[db + 2 * B + i + 1];
        e3 += r * D[db + 3 * B + i];
        o3 += rr * D[db + 3 * B + i + 1];
      }
      s2[sa + b] += e0 + o0;
      s2[sa + b + 1] += e1 + o1;
      s2[sa + b + 2] += e2 + o2;
      s2[sa + b + 3] += e3 + o3;
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

/** Σ_{i < len} x[xo + i]·(y[yo + i] − shift) for len a multiple of 4, with four partial sums. */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number, shift: number): number {
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
