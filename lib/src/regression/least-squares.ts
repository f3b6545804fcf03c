/**
 * (Weighted) least squares by Householder QR (ml-matrix), with the rank check of R's `lm`: a column
 * whose part orthogonal to the columns before it has norm ≤ 1e-7 × its own norm is declared linearly
 * dependent (aliased). Shared by {@link linearRegression} (weights 1) and the weighted M-step of
 * {@link fitMixtureOfRegressions}. Internal.
 * @module
 * @internal
 */
import { loadMlMatrix } from "#ml-matrix";

/** Relative tolerance of the rank check (R's `lm`, `qr(tol = 1e-07)`). @internal */
export const RANK_TOLERANCE = 1e-7;

/** A full-rank least-squares solution. @internal */
export interface LeastSquaresSolution {
  /** β̂, length p. */
  coefficients: Float64Array;
  /** R⁻¹ (p×p, upper triangular, row-major) of the QR factor of √w·X: (XᵀWX)⁻¹ = R⁻¹R⁻ᵀ. */
  rInverse: Float64Array;
}

/**
 * Minimises Σᵢ wᵢ (yᵢ − xᵢᵀβ)² (w = 1 if null) for the row-major n×p design X.
 * @returns the solution, or the index of the first column found linearly dependent on the ones before it
 * @internal
 */
export function weightedLeastSquares(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  w: Float64Array | null,
): LeastSquaresSolution | { dependentColumn: number } {
  const { Matrix, QrDecomposition } = loadMlMatrix();
  const A = new Matrix(n, p);
  const b = new Matrix(n, 1);
  const colNorm = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const s = w === null ? 1 : Math.sqrt(w[i]);
    for (let j = 0; j < p; j++) {
      const v = s * X[i * p + j];
      A.set(i, j, v);
      colNorm[j] += v * v;
    }
    b.set(i, 0, s * y[i]);
  }
  const qr = new QrDecomposition(A);
  const R = qr.upperTriangularMatrix;
  // |R_jj| is the norm of the part of column j orthogonal to columns 0..j−1.
  for (let j = 0; j < p; j++) {
    if (!(Math.abs(R.get(j, j)) > RANK_TOLERANCE * Math.sqrt(colNorm[j]))) return { dependentColumn: j };
  }
  const beta = qr.solve(b);
  const coefficients = new Float64Array(p);
  for (let j = 0; j < p; j++) coefficients[j] = beta.get(j, 0);
  // R⁻¹ by back substitution, column by column (R upper triangular).
  const rInverse = new Float64Array(p * p);
  for (let c = 0; c < p; c++) {
    for (let i = c; i >= 0; i--) {
      let s = i === c ? 1 : 0;
      for (let k = i + 1; k <= c; k++) s -= R.get(i, k) * rInverse[k * p + c];
      rInverse[i * p + c] = s / R.get(i, i);
    }
  }
  return { coefficients, rInverse };
}

/** One linearly dependent column and the combination of earlier columns it equals. @internal */
export interface ColumnDependence {
  column: number;
  /** Earlier (independent) columns and coefficients c with column ≈ Σ c·(that column); empty if the column is all zeros. */
  combination: Array<{ column: number; coefficient: number }>;
}

/**
 * Which columns of X (row-major n×p) are linear combinations of the columns before them, and of
 * which: a greedy pass of modified Gram–Schmidt (twice, for orthogonality) keeping a column when its
 * orthogonal part exceeds {@link RANK_TOLERANCE} × its norm. Only for error messages.
 * @internal
 */
export function dependentColumns(X: Float64Array, n: number, p: number): ColumnDependence[] {
  const kept: number[] = [];
  const Q: Float64Array[] = [];
  // Rk[a][b]: coefficient of orthonormal vector a in kept column b (upper triangular).
  const Rk: number[][] = [];
  const out: ColumnDependence[] = [];
  for (let j = 0; j < p; j++) {
    const v = new Float64Array(n);
    let norm0 = 0;
    for (let i = 0; i < n; i++) {
      v[i] = X[i * p + j];
      norm0 += v[i] * v[i];
    }
    norm0 = Math.sqrt(norm0);
    const r = new Float64Array(Q.length);
    for (let pass = 0; pass < 2; pass++) {
      for (let a = 0; a < Q.length; a++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += Q[a][i] * v[i];
        r[a] += s;
        for (let i = 0; i < n; i++) v[i] -= s * Q[a][i];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (norm0 > 0 && norm > RANK_TOLERANCE * norm0) {
      for (let i = 0; i < n; i++) v[i] /= norm;
      Q.push(v);
      Rk.push([]);
      for (let a = 0; a < r.length; a++) Rk[a][kept.length] = r[a];
      Rk[Q.length - 1][kept.length] = norm;
      kept.push(j);
      continue;
    }
    // column j ≈ Σ_a r[a] q_a = Σ_b c_b x_kept[b]: solve the triangular system Rk c = r.
    const m = kept.length;
    const c = new Float64Array(m);
    for (let b = m - 1; b >= 0; b--) {
      let s = r[b];
      for (let t = b + 1; t < m; t++) s -= Rk[b][t] * c[t];
      c[b] = s / Rk[b][b];
    }
    let cmax = 0;
    for (let b = 0; b < m; b++) cmax = Math.max(cmax, Math.abs(c[b]));
    const combination = [];
    if (norm0 > 0) for (let b = 0; b < m; b++) if (Math.abs(c[b]) > 1e-10 * cmax) combination.push({ column: kept[b], coefficient: c[b] });
    out.push({ column: j, combination });
  }
  return out;
}

/**
 * The rank-deficiency message: which columns depend on which, and what to do.
 * @internal
 */
export function rankDeficiencyMessage(fn: string, X: Float64Array, n: number, p: number, names: readonly string[]): string {
  const deps = dependentColumns(X, n, p);
  const term = (c: number, name: string): string => {
    const a = Number(Math.abs(c).toPrecision(6));
    return `${a === 1 ? "" : `${a}·`}'${name}'`;
  };
  const parts = deps.map((d) => {
    if (d.combination.length === 0) return `'${names[d.column]}' is all zeros`;
    const rhs = d.combination
      .map((t, i) => (i === 0 ? (t.coefficient < 0 ? "−" : "") : t.coefficient < 0 ? " − " : " + ") + term(t.coefficient, names[t.column]))
      .join("");
    return `'${names[d.column]}' = ${rhs}`;
  });
  const list = parts.length > 0 ? parts.join("; ") : "the columns are numerically dependent";
  return (
    `${fn}: the design matrix is rank-deficient, so the coefficients are not identifiable: ${list} ` +
    `(up to a relative tolerance of ${RANK_TOLERANCE}, as R's lm). ` +
    "Remove the dependent column(s) (or one of the columns each depends on); a constant column duplicates the intercept."
  );
}
