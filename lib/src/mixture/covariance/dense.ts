/**
 * What the full and tied strategies share (internal): both store d×d matrices (full one per
 * component at c·d·d, tied one at 0), factorised by Cholesky.
 * @module
 * @internal
 */
import { choleskyLower } from "../../core/linalg.js";
import type { GmmParams, GmmStats } from "./types.js";

/**
 * Factorises the d×d matrix of cov at `off` into invChol at `off` (the inverse of the lower
 * Cholesky factor); returns the log determinant, or null if not positive-definite.
 * @internal
 */
export function factorDense(cov: Float64Array, invChol: Float64Array, d: number, off: number): number | null {
  const L = new Float64Array(d * d);
  if (!choleskyLower(cov, d, L, off, 0)) return null;
  let ld = 0;
  for (let j = 0; j < d; j++) ld += Math.log(L[j * d + j]);
  // Invert the lower-triangular factor column by column (forward substitution on unit vectors):
  // W = L⁻¹ is lower-triangular, and z = W (x − μ) needs no dependency chain in the hot loop.
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) {
      if (i < j) {
        invChol[off + i * d + j] = 0;
        continue;
      }
      let s = i === j ? 1 : 0;
      for (let m = j; m < i; m++) s -= L[i * d + m] * invChol[off + m * d + j];
      invChol[off + i * d + j] = s / L[i * d + i];
    }
  }
  const out = 2 * ld;
  return Number.isFinite(out) ? out : null;
}

/** Adds eps to the diagonal of the d×d matrix at o. @internal */
export function addDiagonal(cov: Float64Array, d: number, o: number, eps: number): void {
  for (let a = 0; a < d; a++) cov[o + a * d + a] += eps;
}

/** The data covariance plus regCovar on the diagonal (in place), the compact form of one full or tied covariance. @internal */
export function regularisedData(full: Float64Array, regCovar: number, d: number): Float64Array {
  for (let a = 0; a < d; a++) full[a * d + a] += regCovar;
  return full;
}

/** Expected second moments about the origin under p (full: one block per component; tied: all in block 0). @internal */
export function expectedDense(p: GmmParams, d: number, k: number, s2: Float64Array, tied: boolean): void {
  const dd = d * d;
  for (let c = 0; c < k; c++) {
    const w = p.weights[c];
    const o = tied ? 0 : c * dd;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        const cov = !tied ? p.cov[c * dd + a * d + b] : c === 0 ? p.cov[a * d + b] : 0;
        s2[o + a * d + b] += (!tied ? w * cov : cov) + w * p.means[c * d + a] * p.means[c * d + b];
      }
    }
  }
}

/** s2 ← keep·s2 + f·(batch moments moved from the shift to the origin), lower triangle mirrored. @internal */
export function averageDense(s2acc: Float64Array, st: GmmStats, keep: number, f: number, d: number, k: number, tied: boolean): void {
  const { nk, s1, s2, shift } = st;
  const dd = d * d;
  const add = new Float64Array(!tied ? k * dd : dd);
  for (let c = 0; c < k; c++) {
    const o = !tied ? c * dd : 0;
    for (let a = 0; a < d; a++) {
      const ma = shift[c * d + a];
      const sa = s1[c * d + a];
      for (let b = 0; b <= a; b++) {
        const mb = shift[c * d + b];
        add[o + a * d + b] += sa * mb + s1[c * d + b] * ma + nk[c] * ma * mb;
      }
    }
  }
  const blocks = !tied ? k : 1;
  for (let c = 0; c < blocks; c++) {
    const o = c * dd;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) {
        const v = keep * s2acc[o + a * d + b] + f * (s2[o + a * d + b] + add[o + a * d + b]);
        s2acc[o + a * d + b] = v;
        s2acc[o + b * d + a] = v;
      }
    }
  }
}

/** Adds mass·C (lower triangle, over the coordinates mis) to the d×d block of s2 at so. @internal */
export function addConditionalDense(s2: Float64Array, C: Float64Array, mis: ArrayLike<number>, mass: number, d: number, so: number): void {
  const q = mis.length;
  for (let c1 = 0; c1 < q; c1++) for (let c2 = 0; c2 <= c1; c2++) s2[so + mis[c1] * d + mis[c2]] += mass * C[c1 * q + c2];
}

/** The lower-triangle entries (a, b ≤ a) of a d×d matrix, tagged with component c. @internal */
export function lowerEntries(c: number, d: number, out: Array<[number, number, number]>): void {
  for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) out.push([c, a, b]);
}
