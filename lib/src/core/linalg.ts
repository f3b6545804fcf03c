/**
 * Small dense linear-algebra kernels on row-major Float64Arrays, for the hot loops (Gaussian
 * log-densities through a Cholesky factor). ml-matrix is used everywhere speed does not matter.
 * Matrices are d×d, stored row-major starting at `offset`: entry (i, j) is `a[offset + i * d + j]`.
 * @module
 */

/**
 * Cholesky factorisation A = L Lᵀ of a symmetric positive-definite d×d matrix. Reads the lower
 * triangle of `a` and writes L into `out` (upper triangle zeroed). `out` may be `a` itself.
 * @returns true on success, false if A is not (numerically) positive-definite
 * @example
 * const L = new Float64Array(4);
 * choleskyLower(new Float64Array([4, 2, 2, 3]), 2, L); // L = [2, 0, 1, √2]
 */
export function choleskyLower(a: Float64Array, d: number, out: Float64Array, aOffset = 0, outOffset = 0): boolean {
  for (let j = 0; j < d; j++) {
    let diag = a[aOffset + j * d + j];
    for (let k = 0; k < j; k++) {
      const l = out[outOffset + j * d + k];
      diag -= l * l;
    }
    if (!(diag > 0) || !Number.isFinite(diag)) return false;
    const ljj = Math.sqrt(diag);
    out[outOffset + j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let s = a[aOffset + i * d + j];
      for (let k = 0; k < j; k++) s -= out[outOffset + i * d + k] * out[outOffset + j * d + k];
      out[outOffset + i * d + j] = s / ljj;
    }
    for (let i = 0; i < j; i++) out[outOffset + i * d + j] = 0;
  }
  return true;
}

/**
 * log det A from its Cholesky factor L: 2 Σ log L_ii.
 * @example
 * logDetFromCholesky(new Float64Array([2, 0, 1, Math.SQRT2]), 2); // → log(8)
 */
export function logDetFromCholesky(L: Float64Array, d: number, offset = 0): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += Math.log(L[offset + i * d + i]);
  return 2 * s;
}

/**
 * Solves L y = b in place (forward substitution), L lower-triangular d×d.
 * @example
 * const b = new Float64Array([2, 3]);
 * solveLowerInPlace(new Float64Array([2, 0, 1, 1]), 2, b); // b = [1, 2]
 */
export function solveLowerInPlace(L: Float64Array, d: number, b: Float64Array, offset = 0, bOffset = 0): void {
  for (let i = 0; i < d; i++) {
    let s = b[bOffset + i];
    for (let k = 0; k < i; k++) s -= L[offset + i * d + k] * b[bOffset + k];
    b[bOffset + i] = s / L[offset + i * d + i];
  }
}

/**
 * Solves Lᵀ x = y in place (back substitution), L lower-triangular d×d.
 * @example
 * const y = new Float64Array([1, 2]);
 * solveUpperTransposeInPlace(new Float64Array([2, 0, 1, 1]), 2, y); // y = [-0.5, 2]
 */
export function solveUpperTransposeInPlace(L: Float64Array, d: number, y: Float64Array, offset = 0, yOffset = 0): void {
  for (let i = d - 1; i >= 0; i--) {
    let s = y[yOffset + i];
    for (let k = i + 1; k < d; k++) s -= L[offset + k * d + i] * y[yOffset + k];
    y[yOffset + i] = s / L[offset + i * d + i];
  }
}

/**
 * The inverse of A = L Lᵀ from its Cholesky factor, written to `out` (d×d, full symmetric).
 * @example
 * const inv = new Float64Array(4);
 * inverseFromCholesky(new Float64Array([2, 0, 0, 2]), 2, inv);
 * inv; // → [0.25, 0, 0, 0.25]
 */
export function inverseFromCholesky(L: Float64Array, d: number, out: Float64Array, offset = 0): void {
  const col = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    col.fill(0);
    col[j] = 1;
    solveLowerInPlace(L, d, col, offset);
    solveUpperTransposeInPlace(L, d, col, offset);
    for (let i = 0; i < d; i++) out[i * d + j] = col[i];
  }
}
