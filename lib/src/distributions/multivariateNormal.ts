/**
 * The multivariate normal distribution N_d(μ, Σ), evaluated through the Cholesky factor of Σ.
 * @module
 */
import { DomainError, NotPositiveDefiniteError, ShapeError } from "../core/errors.js";
import { choleskyLower, logDetFromCholesky, solveLowerInPlace } from "../core/linalg.js";
import type { Rng } from "../core/rng.js";
import { checkOptions, type MatrixLike, toDenseMatrix, toVector } from "../core/validate.js";
import { columnMeans, sampleSetup } from "./internal.js";
import type { FitResult } from "./types.js";

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Parameters of {@link MultivariateNormal} as plain arrays.
 * @example
 * const { mean, covariance }: MultivariateNormalParams = MultivariateNormal.fit([[1, 2], [2, 3], [4, 4]]).params;
 */
export type MultivariateNormalParams = {
  /** Mean vector μ, length d. */
  mean: number[];
  /** Covariance matrix Σ, d×d. */
  covariance: number[][];
};

/**
 * Multivariate normal distribution in d dimensions:
 * log f(x) = −½(d log 2π + log|Σ| + (x−μ)ᵀΣ⁻¹(x−μ)), with Σ = LLᵀ (Cholesky) so the quadratic
 * form is |L⁻¹(x−μ)|² (no explicit inverse).
 * @example
 * const d = new MultivariateNormal([0, 0], [[1, 0.5], [0.5, 2]]);
 * d.logPdf([0.3, -1]);
 * d.sample(3, 42);                      // number[3][2]
 * MultivariateNormal.fit([[1, 2], [2, 3], [3, 5], [4, 4]]).standardErrors.mean;
 */
export class MultivariateNormal {
  readonly family = "MultivariateNormal";
  /** Dimension d. */
  readonly dim: number;
  /** Mean vector μ (length d). */
  readonly mean: Float64Array;
  /** Covariance Σ, row-major d×d (symmetrised). */
  readonly covariance: Float64Array;
  /** Lower Cholesky factor L of Σ, row-major d×d. */
  readonly choleskyFactor: Float64Array;
  private readonly logDet: number;
  private readonly buf: Float64Array;

  /**
   * @param mean μ, length d
   * @param covariance Σ, d×d symmetric positive-definite (rows of numbers, ml-matrix Matrix or DenseMatrix)
   */
  constructor(mean: ArrayLike<number>, covariance: MatrixLike) {
    const fn = "MultivariateNormal";
    const mu = toVector(mean, fn, "mean");
    const S = toDenseMatrix(covariance, fn, "covariance");
    const d = mu.length;
    if (S.n !== d || S.d !== d) {
      throw new ShapeError(`${fn}: covariance is ${S.n}×${S.d} but mean has length ${d}; covariance must be ${d}×${d}.`);
    }
    let scale = 0;
    for (let i = 0; i < d; i++) scale = Math.max(scale, Math.abs(S.data[i * d + i]));
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) {
        const a = S.data[i * d + j];
        const b = S.data[j * d + i];
        if (Math.abs(a - b) > 1e-10 * Math.max(scale, Math.abs(a), Math.abs(b))) {
          throw new DomainError(`${fn}: covariance is not symmetric: [${i}][${j}] = ${a} but [${j}][${i}] = ${b}.`);
        }
        const m = 0.5 * (a + b);
        S.data[i * d + j] = m;
        S.data[j * d + i] = m;
      }
    }
    const L = new Float64Array(d * d);
    if (!choleskyLower(S.data, d, L)) {
      throw new NotPositiveDefiniteError(
        `${fn}: covariance is not positive-definite (Cholesky failed). Check for zero variances or perfectly correlated dimensions.`,
      );
    }
    this.dim = d;
    this.mean = mu;
    this.covariance = S.data;
    this.choleskyFactor = L;
    this.logDet = logDetFromCholesky(L, d);
    this.buf = new Float64Array(d);
  }

  /**
   * Σ as rows.
   * @example
   * new MultivariateNormal([0], [[2]]).covarianceMatrix(); // → [[2]]
   */
  covarianceMatrix(): number[][] {
    const d = this.dim;
    return Array.from({ length: d }, (_, i) => Array.from(this.covariance.subarray(i * d, i * d + d)));
  }

  private lpdfAt(x: ArrayLike<number>, offset: number): number {
    const d = this.dim;
    const z = this.buf;
    for (let j = 0; j < d; j++) z[j] = x[offset + j] - this.mean[j];
    solveLowerInPlace(this.choleskyFactor, d, z);
    let q = 0;
    for (let j = 0; j < d; j++) q += z[j] * z[j];
    return -0.5 * (d * LOG_2PI + this.logDet + q);
  }

  /**
   * log density at one point x (length d).
   * @example
   * new MultivariateNormal([0, 0], [[1, 0], [0, 1]]).logPdf([0, 0]); // → -log(2 * PI)
   */
  logPdf(x: ArrayLike<number>): number {
    const v = toVector(x, "MultivariateNormal.logPdf", "x");
    if (v.length !== this.dim) {
      throw new ShapeError(`MultivariateNormal.logPdf: x has length ${v.length} but the distribution has dimension ${this.dim}.`);
    }
    return this.lpdfAt(v, 0);
  }

  /**
   * Density at one point x (length d).
   * @example
   * new MultivariateNormal([0], [[1]]).pdf([0]); // → 1 / sqrt(2 * PI)
   */
  pdf(x: ArrayLike<number>): number {
    return Math.exp(this.logPdf(x));
  }

  /**
   * log density of each row of X (n×d) → Float64Array of length n.
   * @example
   * new MultivariateNormal([0, 0], [[1, 0], [0, 1]]).logPdfArray([[0, 0], [1, 1]]);
   */
  logPdfArray(X: MatrixLike): Float64Array {
    const { data, n, d } = toDenseMatrix(X, "MultivariateNormal.logPdfArray", "X");
    if (d !== this.dim) throw new ShapeError(`MultivariateNormal.logPdfArray: X has ${d} columns but the distribution has dimension ${this.dim}.`);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.lpdfAt(data, i * d);
    return out;
  }

  /**
   * Σ log density over the rows of X (n×d).
   * @example
   * new MultivariateNormal([0, 0], [[1, 0], [0, 1]]).logLikelihood([[0, 0], [1, 1]]);
   */
  logLikelihood(X: MatrixLike): number {
    const { data, n, d } = toDenseMatrix(X, "MultivariateNormal.logLikelihood", "X");
    if (d !== this.dim) throw new ShapeError(`MultivariateNormal.logLikelihood: X has ${d} columns but the distribution has dimension ${this.dim}.`);
    let s = 0;
    for (let i = 0; i < n; i++) s += this.lpdfAt(data, i * d);
    return s;
  }

  /**
   * `n` draws μ + Lz, z ~ N(0, I): an n×d array of rows.
   * @example
   * new MultivariateNormal([0, 0], [[1, 0.9], [0.9, 1]]).sample(100, 1);
   */
  sample(n: number, rng: Rng | number): number[][] {
    const r = sampleSetup(n, rng, "MultivariateNormal.sample");
    const d = this.dim;
    const L = this.choleskyFactor;
    const z = new Float64Array(d);
    const out: number[][] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) z[j] = r.normal();
      const row = new Array<number>(d);
      for (let a = 0; a < d; a++) {
        let s = this.mean[a];
        for (let b = 0; b <= a; b++) s += L[a * d + b] * z[b];
        row[a] = s;
      }
      out.push(row);
    }
    return out;
  }

  /**
   * Maximum-likelihood fit: μ̂ = column means, Σ̂ = (1/n) Σ (x_i − μ̂)(x_i − μ̂)ᵀ (the 1/n MLE, not the
   * 1/(n−1) sample covariance). Standard errors: se(μ̂_j) = √(Σ̂_jj/n); for the covariance entries the
   * asymptotic normal-theory value se(Σ̂_jk) = √((Σ̂_jk² + Σ̂_jj Σ̂_kk)/n).
   * @param X n×d data, n > d, columns not collinear
   * @example
   * const fit = MultivariateNormal.fit([[1, 2], [2, 3], [3, 5], [4, 4]]);
   * fit.params.covariance; fit.standardErrors.mean;
   */
  static fit(X: MatrixLike, options?: Record<string, never>): FitResult<MultivariateNormalParams, MultivariateNormal> {
    const fn = "MultivariateNormal.fit";
    checkOptions(options, [], fn);
    const { data, n, d } = toDenseMatrix(X, fn, "X");
    if (n <= d) {
      throw new DomainError(
        `${fn}: ${n} observations in ${d} dimensions: the MLE of the covariance is singular unless n > d, so the likelihood is unbounded. Pass more rows.`,
      );
    }
    const mu = columnMeans(data, n, d);
    const S = new Float64Array(d * d);
    const c = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) c[j] = data[i * d + j] - mu[j];
      for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) S[a * d + b] += c[a] * c[b];
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) {
        S[a * d + b] /= n;
        S[b * d + a] = S[a * d + b];
      }
    }
    for (let a = 0; a < d; a++) {
      let dev = 0;
      for (let i = 0; i < n; i++) dev = Math.max(dev, Math.abs(data[i * d + a] - mu[a]));
      const v = S[a * d + a];
      if (!Number.isFinite(v) || (dev > 0 && v < 1e-290)) {
        throw new DomainError(
          `${fn}: column ${a} varies by up to ${dev.toExponential(2)}, so its variance ${Number.isFinite(v) ? "underflows" : "overflows"} ` +
            "double precision and the covariance cannot be represented. Rescale the columns first and scale the estimates back.",
        );
      }
    }
    const L = new Float64Array(d * d);
    if (!choleskyLower(S, d, L)) {
      throw new DomainError(
        `${fn}: the sample covariance is singular (a column is constant or the columns are linearly dependent), ` +
          "so the likelihood is unbounded and the MLE does not exist. Remove constant or redundant columns.",
      );
    }
    const covariance = Array.from({ length: d }, (_, a) => Array.from(S.subarray(a * d, a * d + d)));
    const seCov = covariance.map((row, a) => row.map((s, b) => Math.sqrt((s * s + S[a * d + a] * S[b * d + b]) / n)));
    return {
      params: { mean: Array.from(mu), covariance },
      logLikelihood: -0.5 * n * (d * LOG_2PI + logDetFromCholesky(L, d) + d),
      standardErrors: { mean: Array.from(mu, (_, j) => Math.sqrt(S[j * d + j] / n)), covariance: seCov },
      n,
      converged: true,
      distribution: new MultivariateNormal(mu, covariance),
    };
  }
}
