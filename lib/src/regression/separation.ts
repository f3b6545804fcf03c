/**
 * Does the maximum-likelihood estimate of a GLM exist? A linear-programming decision on the data,
 * not on the size of the coefficients (internal).
 *
 * Logistic regression: the MLE fails to exist iff the data are (quasi-completely) separated, i.e.
 * some direction d ≠ 0 has (2yᵢ − 1) xᵢᵀd ≥ 0 for every i with strict inequality for some i
 * (Albert & Anderson 1984); then ℓ(β + t d) increases for ever in t. Poisson regression: iff some d
 * has xᵢᵀd = 0 where yᵢ > 0 and xᵢᵀd ≤ 0 where yᵢ = 0, strictly for some i (Haberman 1974).
 *
 * Both are "rows aᵢ with aᵢᵀd ≥ 0 (i ∈ I), rows b_k with b_kᵀd = 0, and Σ_I aᵢᵀd > 0?". Following
 * Konis (2007), solve max cᵀd, c = Σ_I aᵢ, subject to those constraints and the box |d_j| ≤ 1: the
 * optimum is 0 exactly when the MLE exists. The dual has only p equality constraints,
 *   min ‖r‖₁ s.t. r = c + Σ_I λᵢ aᵢ − Σ_E μ_k b_k, λ ≥ 0,
 * so it is solved by the revised simplex method with a p×p basis (each pivot costs one pass over the
 * rows; a few dozen pivots in practice), and the simplex multipliers at the optimum are the primal
 * direction d, which is then checked on the data.
 * @module
 * @internal
 */

/** The answer of {@link separatingDirection}. */
export interface SeparationCheck {
  /** true: a direction along which the likelihood increases for ever exists (the MLE does not exist). */
  separated: boolean;
  /** The direction d (in the coordinates of the rows given), when separated. */
  direction: Float64Array | null;
  /** false if the simplex method hit its pivot limit (then `separated` is false but undecided). */
  decided: boolean;
}

/**
 * Decides whether the rows admit a direction d with aᵢᵀd ≥ 0 (rows with `kind` 1), b_kᵀd = 0
 * (`kind` 0), not all aᵢᵀd zero. Rows with `kind` −1 are ignored.
 * @param rows n×p row-major
 * @param kind length n: 1 inequality, 0 equality, −1 unused
 */
export function separatingDirection(rows: Float64Array, n: number, p: number, kind: Int8Array): SeparationCheck {
  // Rows scaled to unit max-norm: a positive factor changes neither the constraint nor the answer,
  // and makes the tolerances below absolute.
  const A = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < p; j++) m = Math.max(m, Math.abs(rows[i * p + j]));
    if (m > 0) for (let j = 0; j < p; j++) A[i * p + j] = rows[i * p + j] / m;
  }
  const c = new Float64Array(p);
  let nIneq = 0;
  for (let i = 0; i < n; i++) {
    if (kind[i] !== 1) continue;
    nIneq++;
    for (let j = 0; j < p; j++) c[j] += A[i * p + j];
  }
  if (nIneq === 0) return { separated: false, direction: null, decided: true };

  // Columns of the standard-form dual (min fᵀz, Mz = c, z ≥ 0), indexed for Bland's rule:
  // 0..p−1: u_j (+e_j, cost 1); p..2p−1: v_j (−e_j, cost 1); then per row i: λᵢ (−aᵢ) for
  // inequalities, μᵢ⁺ (+bᵢ) and μᵢ⁻ (−bᵢ) for equalities (cost 0).
  const column = (id: number, out: Float64Array): void => {
    out.fill(0);
    if (id < p) out[id] = 1;
    else if (id < 2 * p) out[id - p] = -1;
    else {
      const r = id - 2 * p;
      const i = r >> 1;
      const sign = kind[i] === 1 ? -1 : r & 1 ? -1 : 1;
      for (let j = 0; j < p; j++) out[j] = sign * A[i * p + j];
    }
  };
  const cost = (id: number): number => (id < 2 * p ? 1 : 0);
  const usable = (id: number): boolean => {
    if (id < 2 * p) return true;
    const r = id - 2 * p;
    const i = r >> 1;
    if (kind[i] === 1) return (r & 1) === 0;
    return kind[i] === 0;
  };
  const nColumns = 2 * p + 2 * n;

  const basis = new Int32Array(p);
  for (let j = 0; j < p; j++) basis[j] = c[j] >= 0 ? j : p + j;
  const xB = new Float64Array(p);
  const Binv = new Float64Array(p * p);
  const y = new Float64Array(p);
  const col = new Float64Array(p);
  const w = new Float64Array(p);

  const refactor = (): boolean => {
    // Gauss–Jordan with partial pivoting on [B | I].
    const M = new Float64Array(p * 2 * p);
    for (let r = 0; r < p; r++) {
      column(basis[r], col);
      for (let j = 0; j < p; j++) M[j * 2 * p + r] = col[j];
      M[r * 2 * p + p + r] = 1;
    }
    for (let k = 0; k < p; k++) {
      let piv = k;
      for (let r = k + 1; r < p; r++) if (Math.abs(M[r * 2 * p + k]) > Math.abs(M[piv * 2 * p + k])) piv = r;
      const pv = M[piv * 2 * p + k];
      if (!(Math.abs(pv) > 1e-14)) return false;
      if (piv !== k) {
        for (let j = 0; j < 2 * p; j++) {
          const t = M[k * 2 * p + j];
          M[k * 2 * p + j] = M[piv * 2 * p + j];
          M[piv * 2 * p + j] = t;
        }
      }
      for (let j = 0; j < 2 * p; j++) M[k * 2 * p + j] /= pv;
      for (let r = 0; r < p; r++) {
        if (r === k) continue;
        const f = M[r * 2 * p + k];
        if (f === 0) continue;
        for (let j = 0; j < 2 * p; j++) M[r * 2 * p + j] -= f * M[k * 2 * p + j];
      }
    }
    for (let r = 0; r < p; r++) for (let j = 0; j < p; j++) Binv[r * p + j] = M[r * 2 * p + p + j];
    // x_B = B⁻¹ c, clipped at 0 (it is ≥ 0 in exact arithmetic).
    for (let r = 0; r < p; r++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += Binv[r * p + j] * c[j];
      xB[r] = Math.max(0, s);
    }
    return true;
  };
  if (!refactor()) return { separated: false, direction: null, decided: false };

  const maxPivots = 50 * p + 2000;
  let stalled = 0;
  let objective = Infinity;
  let optimal = false;
  for (let pivot = 0; pivot < maxPivots; pivot++) {
    // Simplex multipliers y = B⁻ᵀ f_B.
    y.fill(0);
    for (let r = 0; r < p; r++) {
      const f = cost(basis[r]);
      if (f !== 0) for (let j = 0; j < p; j++) y[j] += f * Binv[r * p + j];
    }
    // Pricing: Dantzig's rule (most negative reduced cost), Bland's (first negative) when stalled.
    const bland = stalled > 30;
    let enter = -1;
    let best = -1e-11;
    for (let id = 0; id < nColumns; id++) {
      if (!usable(id)) continue;
      let rc: number;
      if (id < p) rc = 1 - y[id];
      else if (id < 2 * p) rc = 1 + y[id - p];
      else {
        const r = id - 2 * p;
        const i = r >> 1;
        let s = 0;
        for (let j = 0; j < p; j++) s += y[j] * A[i * p + j];
        rc = kind[i] === 1 || r & 1 ? s : -s;
      }
      if (rc < best) {
        enter = id;
        best = rc;
        if (bland) break;
      }
    }
    if (enter < 0) {
      optimal = true;
      break;
    }
    column(enter, col);
    for (let r = 0; r < p; r++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += Binv[r * p + j] * col[j];
      w[r] = s;
    }
    let leave = -1;
    let ratio = Infinity;
    for (let r = 0; r < p; r++) {
      if (w[r] > 1e-12) {
        const t = xB[r] / w[r];
        if (t < ratio - 1e-15 || (bland && t <= ratio + 1e-15 && leave >= 0 && basis[r] < basis[leave])) {
          ratio = t;
          leave = r;
        }
      }
    }
    // The objective is bounded below by 0, so a ray cannot exist; if rounding suggests one, stop.
    if (leave < 0) break;
    basis[leave] = enter;
    if (!refactor()) return { separated: false, direction: null, decided: false };
    let obj = 0;
    for (let r = 0; r < p; r++) obj += cost(basis[r]) * xB[r];
    stalled = obj < objective - 1e-13 ? 0 : stalled + 1;
    objective = Math.min(objective, obj);
  }
  if (!optimal) return { separated: false, direction: null, decided: false };
  // y is the primal maximiser d. Decide on the data: every inequality row on the non-negative side
  // (to rounding), every equality row on the hyperplane, and some row strictly positive.
  let minIneq = Infinity;
  let maxIneq = 0;
  let maxEq = 0;
  for (let i = 0; i < n; i++) {
    if (kind[i] < 0) continue;
    let s = 0;
    for (let j = 0; j < p; j++) s += y[j] * A[i * p + j];
    if (kind[i] === 1) {
      minIneq = Math.min(minIneq, s);
      maxIneq = Math.max(maxIneq, s);
    } else maxEq = Math.max(maxEq, Math.abs(s));
  }
  const eps = 1e-9;
  const separated = maxIneq > 1e3 * eps && minIneq >= -eps && maxEq <= eps;
  return { separated, direction: separated ? Float64Array.from(y) : null, decided: true };
}
