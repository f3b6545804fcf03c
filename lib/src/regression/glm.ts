/**
 * Logistic and Poisson regression (generalised linear models with canonical links) fitted by
 * Newton–Raphson, which for canonical links is the same as iteratively reweighted least squares
 * (IRLS). Standard errors from the inverse of the information XᵀWX at the MLE; Wald z-values and
 * two-sided normal p-values. Non-existence of the MLE (separation) is decided on the data by a
 * linear program (see separation.ts) and thrown.
 *
 * Newton runs on centred (with an intercept) and power-of-2-scaled columns: Newton's method is
 * affine invariant, so the iterates are the same in exact arithmetic, but XᵀWX stays well
 * conditioned and finite for covariates like x·10³⁰⁰ or x + 10⁸; coefficients and standard errors
 * are transformed back exactly.
 * @module
 */
import { ConvergenceError, DomainError, InvalidInputError, NotPositiveDefiniteError, ShapeError } from "../core/errors.js";
import { choleskyLower, inverseFromCholesky, solveLowerInPlace, solveUpperTransposeInPlace } from "../core/linalg.js";
import { lgamma, log1pExp, sigmoid } from "../core/special.js";
import { checkOptions, toDenseMatrix, toVector, type MatrixObject } from "../core/validate.js";
import { normalSf } from "../inference/chisq.js";
import { separatingDirection } from "./separation.js";

/** Options of {@link logisticRegression}. */
export interface LogisticRegressionOptions {
  /** Prepend a column of ones (default true). */
  intercept?: boolean;
  /** Maximum number of Newton iterations (default 100). */
  maxIter?: number;
  /**
   * Convergence tolerance: stop when the Newton decrement gᵀH⁻¹g/2 (the predicted gain in
   * log-likelihood of a full step) is ≤ tol·(|ℓ| + 1) (default 1e-10).
   */
  tol?: number;
  /** Names of the columns of X (without the intercept), used in results and messages. */
  names?: readonly string[];
}

/** Options of {@link poissonRegression}. */
export interface PoissonRegressionOptions extends LogisticRegressionOptions {
  /** Known log-exposure added to the linear predictor, length n (e.g. log of time at risk). */
  offset?: ArrayLike<number>;
}

/** Result of {@link logisticRegression} and {@link poissonRegression}. */
export interface RegressionResult {
  /** Coefficient names, length p: "(Intercept)" first if an intercept was added. */
  names: string[];
  /** MLE β̂, length p (p = columns of X, plus 1 with intercept). */
  coefficients: Float64Array;
  /** √diag((XᵀWX)⁻¹), length p. */
  standardErrors: Float64Array;
  /** β̂ / SE, length p. */
  zValues: Float64Array;
  /** Two-sided Wald p-values 2·(1 − Φ(|z|)), length p. */
  pValues: Float64Array;
  /** (XᵀWX)⁻¹, row-major p×p. */
  covariance: Float64Array;
  /** Maximised log-likelihood. */
  logLikelihood: number;
  /** Residual deviance 2(ℓ_saturated − ℓ). */
  deviance: number;
  /** Deviance of the intercept-only model (or of β = 0 without intercept). */
  nullDeviance: number;
  /** −2ℓ + 2p. */
  aic: number;
  /** Fitted means: probabilities (logistic) or expected counts (Poisson), length n. */
  fitted: Float64Array;
  /** Newton iterations used. */
  iterations: number;
  /** Whether the tolerance was met within maxIter. */
  converged: boolean;
}

type Family = "binomial" | "poisson";

/**
 * A design matrix: the covariates with the intercept column (if any) prepended, row-major n×p.
 * @internal
 */
export interface Design {
  X: Float64Array;
  n: number;
  p: number;
  names: string[];
}

/**
 * Checks the covariates (rows, or one covariate as a flat array) and builds the design matrix, with
 * a leading column of ones if `intercept`, and the coefficient names.
 * @internal
 */
export function buildDesign(X: unknown, intercept: boolean, names: readonly string[] | undefined, fn: string): Design {
  let data: Float64Array;
  let n: number;
  let k: number;
  if (Array.isArray(X) && X.length > 0 && typeof X[0] === "number") {
    data = toVector(X, fn, "X");
    n = data.length;
    k = 1;
  } else if (ArrayBuffer.isView(X)) {
    data = toVector(X, fn, "X");
    n = data.length;
    k = 1;
  } else {
    const m = toDenseMatrix(X, fn, "X");
    data = m.data;
    n = m.n;
    k = m.d;
  }
  if (names !== undefined && (!Array.isArray(names) || names.length !== k)) {
    throw new ShapeError(`${fn}: options.names must have one name per column of X (${k}), got ${Array.isArray(names) ? names.length : typeof names}.`);
  }
  const colNames = names ? names.map(String) : k === 1 ? ["x"] : Array.from({ length: k }, (_, j) => `x${j + 1}`);
  const p = k + (intercept ? 1 : 0);
  const out = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    let c = 0;
    if (intercept) out[i * p + c++] = 1;
    for (let j = 0; j < k; j++) out[i * p + c++] = data[i * k + j];
  }
  return { X: out, n, p, names: intercept ? ["(Intercept)", ...colNames] : colNames };
}

/**
 * Centres (only with an intercept, whose column it leaves alone) and scales each column by a power
 * of 2 near its largest deviation, so that every column of the working design is of order 1.
 */
function standardiseDesign(design: Design, intercept: boolean): { work: Design; centre: Float64Array; scale: Float64Array } {
  const { X, n, p } = design;
  const centre = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  const out = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    if (intercept && j === 0) {
      for (let i = 0; i < n; i++) out[i * p] = 1;
      continue;
    }
    let c = 0;
    if (intercept) {
      // Mean without overflow: average x/n.
      for (let i = 0; i < n; i++) c += X[i * p + j] / n;
    }
    let m = 0;
    for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(X[i * p + j] - c));
    // A power of 2, so dividing by it is exact.
    const s = m > 0 && Number.isFinite(m) ? 2 ** Math.round(Math.log2(m)) : 1;
    centre[j] = c;
    scale[j] = s;
    for (let i = 0; i < n; i++) out[i * p + j] = (X[i * p + j] - c) / s;
  }
  return { work: { X: out, n, p, names: design.names }, centre, scale };
}

function checkPositiveInt(v: unknown, fn: string, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new DomainError(`${fn}: options.${name} must be a positive integer, got ${String(v)}.`);
  return v;
}

function checkPositive(v: unknown, fn: string, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || !(v > 0)) throw new DomainError(`${fn}: options.${name} must be a number > 0, got ${String(v)}.`);
  return v;
}

/** Log-likelihood at linear predictor eta (hot loop: no allocation). */
function logLik(family: Family, y: Float64Array, eta: Float64Array, lgy: number): number {
  let s = 0;
  if (family === "binomial") {
    for (let i = 0; i < y.length; i++) s += y[i] * eta[i] - log1pExp(eta[i]);
  } else {
    for (let i = 0; i < y.length; i++) s += y[i] * eta[i] - Math.exp(eta[i]);
    s -= lgy;
  }
  return s;
}

function computeEta(d: Design, beta: Float64Array, offset: Float64Array | null, eta: Float64Array): void {
  const { X, n, p } = d;
  for (let i = 0; i < n; i++) {
    let s = offset ? offset[i] : 0;
    for (let j = 0; j < p; j++) s += X[i * p + j] * beta[j];
    eta[i] = s;
  }
}

function separationMessage(fn: string, family: Family, design: Design, beta: Float64Array, direction: Float64Array, complete: boolean): string {
  // Name the column that moves η the most along the direction: |δ_j| × (range of column j). The
  // intercept (range 0) is named only if it is the sole column that moves.
  const { X, n, p, names } = design;
  let worst = 0;
  let worstScore = -1;
  for (let j = 0; j < p; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, X[i * p + j]);
      hi = Math.max(hi, X[i * p + j]);
    }
    const score = Math.abs(direction[j]) * (hi - lo);
    if (score > worstScore) {
      worstScore = score;
      worst = j;
    }
  }
  if (worstScore === 0) for (let j = 1; j < p; j++) if (Math.abs(direction[j]) > Math.abs(direction[worst])) worst = j;
  const col = names[worst];
  if (family === "binomial") {
    return (
      `${fn}: the data are ${complete ? "perfectly" : "quasi-completely"} separated, so the maximum likelihood estimate does not exist. ` +
      `A linear combination of the covariates (dominated by '${col}', coefficient currently ${beta[worst].toPrecision(4)} and growing without bound) ` +
      `${complete ? "splits the observations with y = 1 from those with y = 0 exactly" : "predicts y exactly for a subset of the observations"}, ` +
      "so the likelihood keeps increasing as the coefficients go to ±∞ and fitted probabilities reach 0 or 1. " +
      "What to do: drop or merge the separating variable (or categories), collect more data, or use a penalised fit " +
      "(ridge, or Firth's bias-reduced logistic regression), or a Bayesian prior on the coefficients."
    );
  }
  return (
    `${fn}: the maximum likelihood estimate does not exist: a subset of the observations all have count 0 and ` +
    `a linear combination of the covariates (dominated by '${col}', coefficient currently ${beta[worst].toPrecision(4)} and still decreasing) ` +
    "can send their expected counts to 0, so the likelihood keeps increasing as that coefficient goes to −∞. " +
    "What to do: drop or merge the variable or the all-zero category, or use a penalised fit or a prior."
  );
}

function fitGlm(
  family: Family,
  fn: string,
  X: unknown,
  yIn: unknown,
  options: PoissonRegressionOptions,
  allowed: readonly string[],
): RegressionResult {
  checkOptions(options, allowed, fn);
  const intercept = options.intercept ?? true;
  if (typeof intercept !== "boolean") throw new InvalidInputError(`${fn}: options.intercept must be true or false.`);
  const maxIter = checkPositiveInt(options.maxIter, fn, "maxIter", 100);
  const tol = checkPositive(options.tol, fn, "tol", 1e-10);
  const original = buildDesign(X, intercept, options.names, fn);
  const { n, p, names } = original;
  const { work: design, centre, scale } = standardiseDesign(original, intercept);
  // β on the original columns from β̃ on the working ones: β_j = β̃_j / s_j, β₀ = β̃₀ − Σ c_j β_j.
  const toOriginal = (bt: Float64Array): Float64Array => {
    const b = new Float64Array(p);
    for (let j = 0; j < p; j++) b[j] = intercept && j === 0 ? bt[0] : bt[j] / scale[j];
    if (intercept) for (let j = 1; j < p; j++) b[0] -= centre[j] * b[j];
    return b;
  };
  const y = toVector(yIn, fn, "y");
  if (y.length !== n) throw new ShapeError(`${fn}: y has ${y.length} values but X has ${n} rows. Pass one response per row.`);
  let ySum = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (family === "binomial" && v !== 0 && v !== 1) {
      throw new DomainError(`${fn}: y[${i}] = ${v}; the response must be 0 or 1 (recode the outcome, e.g. y = am === 1 ? 1 : 0).`);
    }
    if (family === "poisson" && (v < 0 || !Number.isInteger(v))) {
      throw new DomainError(`${fn}: y[${i}] = ${v}; Poisson regression needs counts (non-negative integers).`);
    }
    ySum += v;
  }
  if (p > n) throw new ShapeError(`${fn}: X has ${p} columns (with intercept) but only ${n} rows; the coefficients are not identifiable.`);
  let offset: Float64Array | null = null;
  if (options.offset !== undefined) {
    offset = toVector(options.offset, fn, "options.offset");
    if (offset.length !== n) throw new ShapeError(`${fn}: options.offset has ${offset.length} values but X has ${n} rows.`);
  }
  if (family === "binomial" && (ySum === 0 || ySum === n)) {
    throw new ConvergenceError(
      `${fn}: every y is ${ySum === 0 ? 0 : 1}, so the maximum likelihood estimate does not exist (the data are trivially separated: ` +
        "the fitted probability wants to be exactly 0 or 1). Logistic regression needs both outcomes in the data.",
    );
  }
  if (family === "poisson" && ySum === 0) {
    throw new ConvergenceError(`${fn}: every count is 0, so the maximum likelihood estimate does not exist (the expected count wants to be exactly 0).`);
  }
  let lgy = 0;
  if (family === "poisson") for (let i = 0; i < n; i++) lgy += lgamma(y[i] + 1);

  // Starting values: β = 0, except the intercept at the overall rate for Poisson.
  const beta = new Float64Array(p);
  let sumExpOffset = 0;
  if (offset) for (let i = 0; i < n; i++) sumExpOffset += Math.exp(offset[i]);
  else sumExpOffset = n;
  if (family === "poisson" && intercept) beta[0] = Math.log(ySum / sumExpOffset);

  const eta = new Float64Array(n);
  const etaPrev = new Float64Array(n);
  const mu = new Float64Array(n);
  const g = new Float64Array(p);
  const H = new Float64Array(p * p);
  const L = new Float64Array(p * p);
  const delta = new Float64Array(p);
  const trialBeta = new Float64Array(p);
  const Xd = design.X;

  const fillDerivatives = (): void => {
    g.fill(0);
    H.fill(0);
    for (let i = 0; i < n; i++) {
      const m = family === "binomial" ? sigmoid(eta[i]) : Math.exp(eta[i]);
      mu[i] = m;
      const w = family === "binomial" ? m * (1 - m) : m;
      const r = y[i] - m;
      const row = i * p;
      for (let a = 0; a < p; a++) {
        const xa = Xd[row + a];
        g[a] += xa * r;
        const wxa = w * xa;
        for (let b = 0; b <= a; b++) H[a * p + b] += wxa * Xd[row + b];
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) H[b * p + a] = H[a * p + b];
  };

  computeEta(design, beta, offset, eta);
  let ll = logLik(family, y, eta, lgy);
  let converged = false;
  let iterations = 0;
  let growing = 0;
  let prevExtreme = 0;
  let separationDecided = false;
  const decideSeparation = (): void => {
    if (separationDecided) return;
    separationDecided = true;
    const kind = new Int8Array(n);
    const rows = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      // Logistic: (2y − 1)xᵢᵀd ≥ 0. Poisson: −xᵢᵀd ≥ 0 where y = 0, xᵢᵀd = 0 where y > 0.
      const sign = family === "binomial" ? 2 * y[i] - 1 : y[i] === 0 ? -1 : 1;
      kind[i] = family === "binomial" || y[i] === 0 ? 1 : 0;
      for (let j = 0; j < p; j++) rows[i * p + j] = sign * Xd[i * p + j];
    }
    const check = separatingDirection(rows, n, p, kind);
    if (check.separated) {
      // β runs off along the direction (η → ±∞ on the separated rows).
      throw new ConvergenceError(separationMessage(fn, family, design, toOriginal(beta), check.direction as Float64Array, false));
    }
    // Not separated (or undecided): the MLE exists; Newton keeps going towards it.
  };
  for (let it = 1; it <= maxIter; it++) {
    iterations = it;
    fillDerivatives();
    if (!choleskyLower(H, p, L)) {
      throw new NotPositiveDefiniteError(
        `${fn}: the information matrix XᵀWX is singular at iteration ${it}, so the coefficients are not identifiable: ` +
          "some columns of X are linearly dependent (a duplicated or constant column, a column that is a sum of others, " +
          "or a constant column together with the intercept). Remove the redundant columns.",
      );
    }
    delta.set(g);
    solveLowerInPlace(L, p, delta);
    solveUpperTransposeInPlace(L, p, delta);
    const decrement = 0.5 * (g as Float64Array).reduce((s, gi, j) => s + gi * delta[j], 0);
    etaPrev.set(eta);
    // Newton step with halving (ℓ is concave, so halving always succeeds unless at the optimum).
    let t = 1;
    let llNew = -Infinity;
    for (let h = 0; h < 40; h++) {
      for (let j = 0; j < p; j++) trialBeta[j] = beta[j] + t * delta[j];
      computeEta(design, trialBeta, offset, eta);
      llNew = logLik(family, y, eta, lgy);
      if (Number.isFinite(llNew) && llNew >= ll - 1e-12 * Math.max(1, Math.abs(ll))) break;
      t *= 0.5;
    }
    if (!(Number.isFinite(llNew) && llNew >= ll - 1e-12 * Math.max(1, Math.abs(ll)))) {
      // No improvement possible even for tiny steps: we are at the optimum to rounding.
      eta.set(etaPrev);
      converged = decrement <= 1e-6 * (Math.abs(ll) + 1);
      break;
    }
    beta.set(trialBeta);
    ll = llNew;

    if (family === "binomial") {
      // Complete separation is exact to check: if some β splits y = 1 (η > 0) from y = 0 (η < 0),
      // ℓ(cβ) → 0 as c → ∞ and no finite maximum exists.
      let separated = true;
      for (let i = 0; i < n && separated; i++) if (y[i] === 1 ? !(eta[i] > 0) : !(eta[i] < 0)) separated = false;
      if (separated) throw new ConvergenceError(separationMessage(fn, family, design, toOriginal(beta), delta, true));
    }
    // Quasi-complete separation (or Poisson zeros that can be fitted exactly): the fitted means of
    // some observations sit at 0 (or 1) and every Newton step pushes them further. A fit converging
    // to a large but finite slope looks the same for a while, so this only triggers the decision,
    // which is made on the data by a linear program (separation.ts).
    let extreme = 0;
    for (let i = 0; i < n; i++) {
      const e = family === "binomial" ? (y[i] === 1 ? eta[i] : -eta[i]) : y[i] === 0 ? -eta[i] : 0;
      if (e > extreme) extreme = e;
    }
    if (extreme > 20 && extreme - prevExtreme > 0.5) growing++;
    else growing = 0;
    prevExtreme = extreme;
    if (growing >= 3) {
      decideSeparation();
      growing = 0;
    }

    if (decrement <= tol * (Math.abs(ll) + 1)) {
      converged = true;
      break;
    }
  }
  if (!converged && prevExtreme > 20) decideSeparation();

  // Standard errors from XᵀWX at the final β, inverted on the working columns and transformed back:
  // Cov(β) = T Cov(β̃) Tᵀ with β = Tβ̃ (see toOriginal).
  fillDerivatives();
  if (!choleskyLower(H, p, L)) {
    throw new NotPositiveDefiniteError(
      `${fn}: the information matrix XᵀWX is singular at the estimate, so standard errors do not exist: ` +
        "some columns of X are (numerically) linearly dependent, or fitted means are all at 0/1. Remove redundant columns.",
    );
  }
  const covWork = new Float64Array(p * p);
  inverseFromCholesky(L, p, covWork);
  const T = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    if (intercept && j === 0) T[0] = 1;
    else {
      T[j * p + j] = 1 / scale[j];
      if (intercept) T[j] = -centre[j] / scale[j];
    }
  }
  const TC = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    let acc = 0;
    for (let c = 0; c < p; c++) acc += T[a * p + c] * covWork[c * p + b];
    TC[a * p + b] = acc;
  }
  const cov = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    let acc = 0;
    for (let c = 0; c < p; c++) acc += TC[a * p + c] * T[b * p + c];
    cov[a * p + b] = acc;
  }
  const coefficients = toOriginal(beta);
  const se = new Float64Array(p);
  const z = new Float64Array(p);
  const pv = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    // Slopes directly from the working variance (cov_jj = C̃_jj / s_j² can under- or overflow where
    // the standard error itself is representable).
    se[j] = intercept && j === 0 ? Math.sqrt(cov[0]) : Math.sqrt(covWork[j * p + j]) / scale[j];
    z[j] = coefficients[j] / se[j];
    pv[j] = 2 * normalSf(Math.abs(z[j]));
  }

  let deviance: number;
  let nullDeviance: number;
  if (family === "binomial") {
    deviance = -2 * ll;
    if (intercept) {
      const pbar = ySum / n;
      nullDeviance = -2 * (ySum * Math.log(pbar) + (n - ySum) * Math.log(1 - pbar));
    } else {
      nullDeviance = 2 * n * Math.LN2;
    }
  } else {
    let satTerm = 0; // Σ y log y − y − log y!  (ℓ of the saturated model)
    for (let i = 0; i < n; i++) if (y[i] > 0) satTerm += y[i] * Math.log(y[i]) - y[i];
    satTerm -= lgy;
    deviance = 2 * (satTerm - ll);
    let ll0 = -lgy;
    for (let i = 0; i < n; i++) {
      const off = offset ? offset[i] : 0;
      const eta0 = intercept ? off + Math.log(ySum / sumExpOffset) : off;
      ll0 += y[i] * eta0 - Math.exp(eta0);
    }
    nullDeviance = 2 * (satTerm - ll0);
  }
  return {
    names,
    coefficients,
    standardErrors: se,
    zValues: z,
    pValues: pv,
    covariance: cov,
    logLikelihood: ll,
    deviance,
    nullDeviance,
    aic: -2 * ll + 2 * p,
    fitted: Float64Array.from(mu),
    iterations,
    converged,
  };
}

/**
 * Logistic regression P(y = 1 | x) = 1 / (1 + exp(−xᵀβ)) by Newton–Raphson (= IRLS).
 * Throws {@link ConvergenceError} when the data are (quasi-)completely separated, because then the
 * maximum likelihood estimate does not exist.
 * @param X n×k covariates as rows (number[][]) or a single covariate as a flat array (length n);
 *   an intercept column is prepended unless `intercept: false`
 * @param y n responses, each 0 or 1
 * @example
 * // mtcars: transmission (am) on weight (wt)
 * const mtcars = readCsv("data/mtcars.csv");
 * const wt = mtcars.numbers("wt"), am = mtcars.numbers("am");
 * const fit = logisticRegression(wt, am, { names: ["wt"] });
 * fit.coefficients;   // → [12.040, -4.024]
 * fit.standardErrors; // → [4.510, 1.437]
 */
export function logisticRegression(X: ReadonlyArray<ArrayLike<number>> | MatrixObject | ArrayLike<number>, y: ArrayLike<number>, options: LogisticRegressionOptions = {}): RegressionResult {
  return fitGlm("binomial", "logisticRegression", X, y, options, ["intercept", "maxIter", "tol", "names"]);
}

/**
 * Poisson regression E[y | x] = exp(xᵀβ + offset) by Newton–Raphson (= IRLS).
 * @param X n×k covariates as rows, or a single covariate as a flat array; intercept prepended by default
 * @param y n counts (non-negative integers)
 * @example
 * // discoveries: trend in the yearly number of great discoveries
 * const discoveries = readCsv("data/discoveries.csv");
 * const year = discoveries.numbers("year"), count = discoveries.numbers("count");
 * const fit = poissonRegression(year, count, { names: ["year"] });
 * fit.coefficients; // [intercept, log rate change per year]
 */
export function poissonRegression(X: ReadonlyArray<ArrayLike<number>> | MatrixObject | ArrayLike<number>, y: ArrayLike<number>, options: PoissonRegressionOptions = {}): RegressionResult {
  return fitGlm("poisson", "poissonRegression", X, y, options, ["intercept", "offset", "maxIter", "tol", "names"]);
}
