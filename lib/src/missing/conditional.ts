/**
 * The per-pattern algebra of a multivariate normal with missing coordinates (internal), shared by
 * {@link fitMultivariateNormalMissing} and the Gaussian mixture with `missing: "marginalize"`.
 *
 * Rows are grouped by missingness pattern (the set O of observed coordinates, M the missing ones),
 * so that for a normal N(μ, Σ) the factorisation of Σ_OO and the conditional covariance
 *   C = Σ_MM − Σ_MO Σ_OO⁻¹ Σ_OM
 * are computed once per pattern; each row then costs two triangular solves for its marginal
 * Mahalanobis distance ‖L⁻¹(x_O − μ_O)‖² (L the Cholesky factor of Σ_OO) and its conditional mean
 *   x̂_M = μ_M + Σ_MO Σ_OO⁻¹ (x_O − μ_O).
 * @module
 * @internal
 */
import { choleskyLower, logDetFromCholesky, solveLowerInPlace, solveUpperTransposeInPlace } from "../core/linalg.js";

/** The rows sharing one set of observed coordinates. @internal */
export interface MissingPattern {
  /** Observed coordinates, increasing. */
  obs: Int32Array;
  /** Missing coordinates, increasing. */
  mis: Int32Array;
  /** The rows with this pattern, increasing. */
  rows: Int32Array;
}

/**
 * Groups the rows of a row-major n×d array (NaN = missing) by missingness pattern, in order of
 * first appearance.
 * @internal
 */
export function groupByPattern(z: Float64Array, n: number, d: number): MissingPattern[] {
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    let key = "";
    for (let j = 0; j < d; j++) key += Number.isNaN(z[i * d + j]) ? "0" : "1";
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  }
  const patterns: MissingPattern[] = [];
  for (const [key, rows] of byKey) {
    const obs: number[] = [];
    const mis: number[] = [];
    for (let j = 0; j < d; j++) (key[j] === "1" ? obs : mis).push(j);
    patterns.push({ obs: Int32Array.from(obs), mis: Int32Array.from(mis), rows: Int32Array.from(rows) });
  }
  return patterns;
}

/** Buffers of {@link conditionOnPattern} and {@link conditionRow}, sized for dimension d. @internal */
export interface ConditionalWorkspace {
  /** Σ_OO (o×o), overwritten. */
  sOO: Float64Array;
  /** Cholesky factor of Σ_OO (o×o, lower). */
  L: Float64Array;
  /** r: x_O − μ_O, then L⁻¹ r, then Σ_OO⁻¹ (x_O − μ_O) (length o). */
  r: Float64Array;
  /** B = Σ_OO⁻¹ Σ_OM (o×q). */
  B: Float64Array;
  col: Float64Array;
  /** C = Σ_MM − Σ_MO Σ_OO⁻¹ Σ_OM (q×q, symmetric). */
  C: Float64Array;
}

/** @internal */
export function conditionalWorkspace(d: number): ConditionalWorkspace {
  return {
    sOO: new Float64Array(d * d),
    L: new Float64Array(d * d),
    r: new Float64Array(d),
    B: new Float64Array(d * d),
    col: new Float64Array(d),
    C: new Float64Array(d * d),
  };
}

/**
 * Factorises Σ_OO of the d×d covariance at `cov[off ..]` into ws.L and computes the conditional
 * covariance of the missing block into ws.C (symmetrised). Returns log|Σ_OO| (0 when nothing is
 * observed), or null if Σ_OO is not positive-definite.
 * @internal
 */
export function conditionOnPattern(cov: Float64Array, off: number, d: number, obs: Int32Array, mis: Int32Array, ws: ConditionalWorkspace): number | null {
  const { sOO, L, B, col, C } = ws;
  const o = obs.length;
  const q = mis.length;
  for (let a = 0; a < o; a++) for (let b = 0; b < o; b++) sOO[a * o + b] = cov[off + obs[a] * d + obs[b]];
  if (!choleskyLower(sOO, o, L)) return null;
  const logDet = logDetFromCholesky(L, o);
  // B = Σ_OO⁻¹ Σ_OM (o×q), column by column; C = Σ_MM − Σ_MO B.
  for (let c = 0; c < q; c++) {
    for (let a = 0; a < o; a++) col[a] = cov[off + obs[a] * d + mis[c]];
    solveLowerInPlace(L, o, col);
    solveUpperTransposeInPlace(L, o, col);
    for (let a = 0; a < o; a++) B[a * q + c] = col[a];
  }
  for (let c1 = 0; c1 < q; c1++) {
    for (let c2 = 0; c2 < q; c2++) {
      let s = cov[off + mis[c1] * d + mis[c2]];
      for (let a = 0; a < o; a++) s -= cov[off + mis[c1] * d + obs[a]] * B[a * q + c2];
      C[c1 * q + c2] = s;
    }
  }
  for (let c1 = 0; c1 < q; c1++) {
    for (let c2 = 0; c2 < c1; c2++) {
      const s = 0.5 * (C[c1 * q + c2] + C[c2 * q + c1]);
      C[c1 * q + c2] = s;
      C[c2 * q + c1] = s;
    }
  }
  return logDet;
}

/**
 * One row after {@link conditionOnPattern} (same covariance and workspace): returns the marginal
 * Mahalanobis distance ‖L⁻¹(x_O − μ_O)‖² and writes the completed row into `xhat[xo ..]`
 * (x_O where observed, the conditional mean x̂_M where missing).
 * @param x row-major data; the row starts at x[xi]
 * @param mean the mean starts at mean[mo]; the covariance at cov[off]
 * @internal
 */
export function conditionRow(
  x: Float64Array,
  xi: number,
  mean: Float64Array,
  mo: number,
  cov: Float64Array,
  off: number,
  d: number,
  obs: Int32Array,
  mis: Int32Array,
  ws: ConditionalWorkspace,
  xhat: Float64Array,
  xo: number,
): number {
  const { L, r } = ws;
  const o = obs.length;
  const q = mis.length;
  for (let a = 0; a < o; a++) r[a] = x[xi + obs[a]] - mean[mo + obs[a]];
  for (let a = 0; a < o; a++) xhat[xo + obs[a]] = x[xi + obs[a]];
  // r ← L⁻¹ r gives the Mahalanobis term; then r ← L⁻ᵀ r = Σ_OO⁻¹ (x_O − μ_O).
  solveLowerInPlace(L, o, r);
  let m2 = 0;
  for (let a = 0; a < o; a++) m2 += r[a] * r[a];
  if (q > 0) {
    solveUpperTransposeInPlace(L, o, r);
    for (let c = 0; c < q; c++) {
      let s = mean[mo + mis[c]];
      for (let a = 0; a < o; a++) s += cov[off + mis[c] * d + obs[a]] * r[a];
      xhat[xo + mis[c]] = s;
    }
  }
  return m2;
}
