/**
 * Linear regression as the maximum-likelihood fit of the Gaussian model yᵢ = xᵢᵀβ + εᵢ,
 * εᵢ ~ N(0, σ²) independent: the log-likelihood ℓ(β, σ²) = −n/2 log(2πσ²) − ‖y − Xβ‖²/(2σ²) is
 * maximised over β by least squares (for every σ²) and then over σ² by σ̂² = RSS/n. Solved by
 * Householder QR of X (ml-matrix), never by forming XᵀX.
 *
 * Conventions (as R's `lm` and statsmodels' `OLS`): classical standard errors from
 * s² (XᵀX)⁻¹ with the unbiased s² = RSS/(n − p); t-values and two-sided p-values from Student's t
 * with n − p degrees of freedom; R² centred with an intercept and uncentred (1 − RSS/Σy²) without.
 * AIC and BIC count p + 1 parameters (β and σ²) as R's `AIC(lm)` does; statsmodels counts p, so its
 * aic is 2 lower and its bic log n lower.
 *
 * Rank: a column whose part orthogonal to the preceding columns is ≤ 1e-7 of its norm is linearly
 * dependent (R's `lm` tolerance); the fit then throws a {@link NotPositiveDefiniteError} naming the
 * dependent columns and the combination each equals.
 * @module
 */
import { DomainError, InvalidInputError, NotPositiveDefiniteError, ShapeError } from "../core/errors.js";
import { checkOptions, toVector } from "../core/validate.js";
import { regularizedBeta } from "../distributions/incomplete.js";
import { meanOf } from "../distributions/internal.js";
import { centreDesign, shiftIntercept } from "./centring.js";
import { buildDesign } from "./glm.js";
import { rankDeficiencyMessage, weightedLeastSquares } from "./least-squares.js";

/**
 * Options of {@link linearRegression}.
 * @example
 * import type { LinearRegressionOptions } from "mlem";
 * const opts: LinearRegressionOptions = { intercept: true, names: ["wt", "hp"] };
 */
export interface LinearRegressionOptions {
  /** Prepend a column of ones (default true). */
  intercept?: boolean;
  /** Names of the columns of X (without the intercept), used in results and messages. */
  names?: readonly string[];
}

/**
 * The result of {@link linearRegression}. Vectors have length p (the columns of X, plus 1 with
 * the intercept, which comes first); per-observation vectors have length n.
 * @example
 * import { readCsv, linearRegression, type LinearRegressionResult } from "mlem";
 * const mtcars = readCsv("data/mtcars.csv");
 * const fit: LinearRegressionResult = linearRegression(mtcars.numbers("wt"), mtcars.numbers("mpg"));
 * fit.sigma2;        // → 8.698 — RSS/n
 * fit.logLikelihood; // → -80.015
 * fit.predict([3]);  // → [21.25] — miles per gallon of a 3000 lb car
 */
export interface LinearRegressionResult {
  /** Coefficient names: "(Intercept)" first if an intercept was added. */
  names: string[];
  /** Least-squares (= maximum-likelihood) β̂. */
  coefficients: Float64Array;
  /** Classical standard errors √diag(s²(XᵀX)⁻¹), s² = RSS/(n − p). */
  standardErrors: Float64Array;
  /** β̂ / SE. */
  tValues: Float64Array;
  /** Two-sided p-values of the t-values against Student's t with n − p degrees of freedom. */
  pValues: Float64Array;
  /** s²(XᵀX)⁻¹, row-major p×p (the covariance estimate behind the standard errors). */
  covariance: Float64Array;
  /** Residual sum of squares Σ(yᵢ − ŷᵢ)². */
  rss: number;
  /** The maximum-likelihood σ̂² = RSS/n (biased, like the MLE of a normal variance). */
  sigma2: number;
  /** The unbiased s² = RSS/(n − p), used for the standard errors. */
  sigma2Unbiased: number;
  /** Maximised log-likelihood −n/2 (log(2π σ̂²) + 1); +∞ when the fit is exact (RSS = 0). */
  logLikelihood: number;
  /** Number of parameters p + 1 (β and σ²). */
  nParameters: number;
  /** −2ℓ + 2(p + 1) (R's AIC(lm); statsmodels reports 2 less). */
  aic: number;
  /** −2ℓ + (p + 1) log n (R's BIC(lm); statsmodels reports log n less). */
  bic: number;
  /** R² = 1 − RSS/TSS (TSS about the mean with an intercept, about 0 without). */
  rSquared: number;
  /** 1 − (1 − R²)(n − c)/(n − p), c = 1 with an intercept, 0 without. */
  adjustedRSquared: number;
  /** n − p. */
  dfResidual: number;
  /** Number of observations. */
  n: number;
  /** Fitted values Xβ̂. */
  fitted: Float64Array;
  /** Residuals y − Xβ̂. */
  residuals: Float64Array;
  /**
   * Predictions xᵀβ̂ for new covariates, in the shape `linearRegression` took them (rows, or a flat
   * array for one covariate); the intercept is added as in the fit.
   */
  predict(X: ReadonlyArray<ArrayLike<number>> | ArrayLike<number>): Float64Array;
}

/** Σ(vᵢ − centre)² as { scale, sum } with the value scale²·sum, scale = max |vᵢ − centre| (sum 0 if all equal). */
function scaledSumOfSquares(v: ArrayLike<number>, centre: number): { scale: number; sum: number } {
  let scale = 0;
  for (let i = 0; i < v.length; i++) scale = Math.max(scale, Math.abs(v[i] - centre));
  if (scale === 0) return { scale: 1, sum: 0 };
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const t = (v[i] - centre) / scale;
    sum += t * t;
  }
  return { scale, sum };
}

/**
 * Fits y = Xβ + ε, ε ~ N(0, σ²I), by maximum likelihood (least squares by QR).
 * @param X n×k covariates as rows, or one covariate as a flat array (length n); an intercept
 *   column is prepended unless `intercept: false`
 * @param y n responses
 * @throws ShapeError (y and X disagree, or n ≤ p), NonFiniteError, NotPositiveDefiniteError
 *   (linearly dependent columns, named in the message)
 * @example
 * import { readCsv, linearRegression } from "mlem";
 * const mtcars = readCsv("data/mtcars.csv");
 * const fit = linearRegression(mtcars.matrix(["wt", "hp"]), mtcars.numbers("mpg"), { names: ["wt", "hp"] });
 * fit.coefficients;   // → [37.227, -3.878, -0.0318]
 * fit.standardErrors; // → [1.599, 0.633, 0.00903]
 * fit.sigma2;         // → 6.095 — RSS/n, the MLE; fit.sigma2Unbiased ≈ 6.726
 * fit.predict([[3, 150]]); // → [20.83]
 */
export function linearRegression(
  X: ReadonlyArray<ArrayLike<number>> | ArrayLike<number>,
  y: ArrayLike<number>,
  options: LinearRegressionOptions = {},
): LinearRegressionResult {
  const fn = "linearRegression";
  checkOptions(options, ["intercept", "names"], fn);
  const intercept = options.intercept ?? true;
  if (typeof intercept !== "boolean") throw new InvalidInputError(`${fn}: options.intercept must be true or false.`);
  const design = buildDesign(X, intercept, options.names, fn);
  const { n, p, names } = design;
  const yv = toVector(y, fn, "y");
  if (yv.length !== n) throw new ShapeError(`${fn}: y has ${yv.length} values but X has ${n} rows. Pass one response per row.`);
  if (n <= p) {
    throw new ShapeError(
      `${fn}: ${n} observations for ${p} coefficients${intercept ? " (with the intercept)" : ""}: ` +
        "least squares needs n > p to leave residual degrees of freedom for σ² and the standard errors. Use fewer covariates or more data.",
    );
  }
  // With an intercept, least squares runs on centred data (./centring.ts): a common offset of y or
  // of a covariate (y ≈ 10¹²) then costs no digits in the solve or the residuals.
  const centring = intercept ? centreDesign(design, yv) : null;
  const Xs = centring ? centring.design.X : design.X;
  const ys = centring ? centring.y : yv;
  const sol = weightedLeastSquares(Xs, n, p, ys, null);
  if ("dependentColumn" in sol) throw new NotPositiveDefiniteError(rankDeficiencyMessage(fn, design.X, n, p, names));
  const betaCentred = sol.coefficients;
  const beta = centring ? Float64Array.from(shiftIntercept(Array.from(betaCentred), centring, 1)) : betaCentred;
  const fitted = new Float64Array(n);
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += Xs[i * p + j] * betaCentred[j];
    residuals[i] = ys[i] - s;
    fitted[i] = centring ? centring.yMean + s : s;
  }
  // Sums of squares as scale² · Σ(v/scale)², so that y of any magnitude (1e-200, 1e200) neither
  // under- nor overflows them: R² and ℓ are then exact functions of the scaled sums.
  const rssParts = scaledSumOfSquares(residuals, 0);
  // About the mean of the centred y: ȳ itself is rounded (to ulp(2⁴⁰) = 2.4e-4 for y ≈ 2⁴⁰), its centred counterpart is not.
  const tssParts = scaledSumOfSquares(ys, intercept ? meanOf(ys) : 0);
  if (!(tssParts.sum > 0)) {
    throw new DomainError(`${fn}: y is ${intercept ? "constant" : "all zeros"}, so there is nothing to explain (R² is undefined). Check the response column.`);
  }
  const rss = rssParts.scale * rssParts.scale * rssParts.sum;
  const dfResidual = n - p;
  const sigma2 = rss / n;
  const sigma2Unbiased = rss / dfResidual;
  if (rssParts.sum > 0 && !(sigma2 > 0 && Number.isFinite(rss))) {
    throw new DomainError(
      `${fn}: the residual variance σ² ≈ 10^${(2 * Math.log10(rssParts.scale) + Math.log10(rssParts.sum / n)).toFixed(0)} is outside the range of double precision ` +
        `(y's values are of order ${rssParts.scale.toExponential(0)}). Rescale y (divide it by a power of 10 near its size), fit, and multiply the coefficients back.`,
    );
  }
  const logRss = Math.log(rssParts.sum) + 2 * Math.log(rssParts.scale);
  const logLikelihood = rssParts.sum === 0 ? Infinity : -0.5 * n * (Math.log(2 * Math.PI) + logRss - Math.log(n) + 1);
  // covariance = s² R⁻¹R⁻ᵀ, of the centred coefficients; then of the original ones, which are
  // T·β with T the identity but for row 0, (1, −x̄₁, …, −x̄ₚ₋₁): covariance ← T C Tᵀ.
  const Ri = sol.rInverse;
  const covariance = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      let s = 0;
      for (let k = b; k < p; k++) s += Ri[a * p + k] * Ri[b * p + k];
      covariance[a * p + b] = covariance[b * p + a] = sigma2Unbiased * s;
    }
  }
  if (centring) {
    const t = Float64Array.from({ length: p }, (_, j) => (j === 0 ? 1 : -centring.columnMeans[j]));
    const row0 = new Float64Array(p); // (T C)[0, ·]
    for (let b = 0; b < p; b++) for (let a = 0; a < p; a++) row0[b] += t[a] * covariance[a * p + b];
    let c00 = 0;
    for (let b = 0; b < p; b++) c00 += row0[b] * t[b];
    for (let b = 1; b < p; b++) covariance[b] = covariance[b * p] = row0[b];
    covariance[0] = c00;
  }
  const standardErrors = new Float64Array(p);
  const tValues = new Float64Array(p);
  const pValues = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    standardErrors[j] = Math.sqrt(covariance[j * p + j]);
    const t = beta[j] / standardErrors[j];
    tValues[j] = t;
    // Two-sided P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, 1/2), without the cancellation of 1 − cdf.
    pValues[j] = Number.isFinite(t) ? regularizedBeta(dfResidual / (dfResidual + t * t), dfResidual / 2, 0.5) : 0;
  }
  const nParameters = p + 1;
  const rSquared = 1 - ((rssParts.scale / tssParts.scale) ** 2 * rssParts.sum) / tssParts.sum;
  const c = intercept ? 1 : 0;
  const k = options.names ? options.names.length : p - c;
  const predict = (Xnew: ReadonlyArray<ArrayLike<number>> | ArrayLike<number>): Float64Array => {
    const d = buildDesign(Xnew, intercept, undefined, `${fn}.predict`);
    if (d.p !== p) throw new ShapeError(`${fn}.predict: X has ${d.p - c} columns but the model was fitted with ${k}.`);
    const out = new Float64Array(d.n);
    for (let i = 0; i < d.n; i++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += d.X[i * p + j] * beta[j];
      out[i] = s;
    }
    return out;
  };
  return {
    names,
    coefficients: Float64Array.from(beta),
    standardErrors,
    tValues,
    pValues,
    covariance,
    rss,
    sigma2,
    sigma2Unbiased,
    logLikelihood,
    nParameters,
    aic: -2 * logLikelihood + 2 * nParameters,
    bic: -2 * logLikelihood + nParameters * Math.log(n),
    rSquared,
    adjustedRSquared: 1 - ((1 - rSquared) * (n - c)) / dfResidual,
    dfResidual,
    n,
    fitted,
    residuals,
    predict,
  };
}
