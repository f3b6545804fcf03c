/**
 * Maximum likelihood for a multivariate normal sample with values missing at random (MAR), by EM on
 * the generic engine (Dempster, Laird & Rubin 1977, §4.1.3; Little & Rubin 2002, §11.2).
 *
 * E-step, for a row with observed part O and missing part M, at (μ, Σ):
 *   x̂_M = μ_M + Σ_MO Σ_OO⁻¹ (x_O − μ_O),   C = Σ_MM − Σ_MO Σ_OO⁻¹ Σ_OM,
 * and the expected sufficient statistics are Σ_i x̂_i and Σ_i (x̂_i x̂_iᵀ + C_i) (C_i in the MM block).
 * M-step: μ = (1/n) Σ x̂_i, Σ = (1/n) Σ (x̂_i x̂_iᵀ + C_i) − μ μᵀ.
 * The log-likelihood monitored is the observed-data one, Σ_i log N(x_O; μ_O, Σ_OO).
 *
 * Rows are grouped by missingness pattern, so each iteration needs one Cholesky factorisation per
 * pattern, not per row. Internally the columns are centred and scaled by their observed means and
 * standard deviations (the normal MLE is equivariant under this map), so tolerances are in units of
 * σ and nothing depends on the data's units.
 *
 * Standard errors come from the analytic observed information: the observed-data log-likelihood is
 * a sum over patterns of normal log-likelihoods in (μ_O, Σ_OO), whose Hessian is known in closed
 * form (see `observedInformation`); its cost is one pass over the rows plus O(q²) per pattern
 * (q = o(o+1)/2), far less than the EM iterations.
 *
 * Degeneracy: with few rows observing a variable, its conditional variance given the others can
 * shrink to 0 while ℓ rises without bound (e.g. a column observed twice is fitted exactly by a line
 * through the other columns). The fit watches the smallest conditional variance; when it heads to 0
 * while ℓ keeps climbing at an undiminished rate, the run stops with `stopReason: "degenerate"`,
 * `converged: false` and a warning that names the column and the remedy.
 * @module
 */
import { DomainError, InvalidInputError, NotPositiveDefiniteError, ShapeError } from "../core/errors.js";
import { choleskyLower, inverseFromCholesky } from "../core/linalg.js";
import { checkOptions, assertNumber, rowsOf, type MatrixObject } from "../core/validate.js";
import { bool, int, nonNegative, option, parseOptions, type AssertSameType, type OptionsOf } from "../core/options.js";
import { SNAPSHOTS_OPTION, STOPPING_OPTIONS, type EMModel, type EMRate, type EMStopReason, type EMStoppingOptions, type SnapshotSelection } from "../em/engine.js";
import { emFitFields, informationCriteria, type EMFit, type InformationCriteria } from "../em/fit.js";
import { runRestarts, stoppingOf } from "../em/restarts.js";
import type { MultivariateNormalParams } from "../distributions/multivariateNormal.js";
import { conditionalWorkspace, conditionOnPattern, conditionRow, groupByPattern, type ConditionalWorkspace, type MissingPattern } from "./conditional.js";

const LOG_2PI = Math.log(2 * Math.PI);


/**
 * Options of {@link fitMultivariateNormalMissing}.
 * @example
 * const opts: MultivariateNormalMissingOptions = { paramTol: 1e-12, standardErrors: false };
 */
export interface MultivariateNormalMissingOptions extends EMStoppingOptions {
  /** Maximum number of EM iterations. Default 10000 (EM is slow when much information is missing). */
  maxIter?: number;
  /**
   * Stop when no parameter moves by more than paramTol between iterations, measured in standard
   * deviations (means in units of σ_j, covariances in units of σ_j σ_l, σ from the observed values).
   * Default 1e-10. This is the default test because a log-likelihood change is quadratic in the
   * parameter error: Δℓ = 1e-10 still leaves errors of order 1e-6.
   */
  paramTol?: number;
  /** Also stop on the mean log-likelihood ℓ/n (see the stopping rule of runEM). Default 0 (off). */
  tol?: number;
  /** Also stop on the log-likelihood relative to |ℓ| (see runEM). Default 0 (off). */
  relTol?: number;
  /** Starting values; default: observed column means and a diagonal covariance of observed variances. */
  init?: MultivariateNormalParams;
  /** Compute standard errors from the (analytic) observed information. Default true; they cost less than one EM iteration's worth of algebra per pattern. */
  standardErrors?: boolean;
  /** Parameter snapshots to keep (passed to runEM). Default "none". */
  snapshots?: SnapshotSelection;
}

const OPTIONS = {
  ...STOPPING_OPTIONS,
  maxIter: int({ min: 0, default: 10000 }),
  // The parameter test by default, the log-likelihood tests off (see paramTol's doc).
  paramTol: nonNegative({ default: 1e-10 }),
  tol: nonNegative({ default: 0 }),
  init: option<MultivariateNormalParams, unknown>((v) => v),
  standardErrors: bool({ default: true }),
  snapshots: SNAPSHOTS_OPTION,
};
const optionsAgree: AssertSameType<OptionsOf<typeof OPTIONS>, MultivariateNormalMissingOptions> = true;
void optionsAgree;

/**
 * What {@link fitMultivariateNormalMissing} returns.
 * @example
 * const X = readCsv("data/airquality.csv").matrix(["ozone", "solar_r", "wind", "temp"]);
 * const { mean, covariance, standardErrors }: MultivariateNormalMissingFit = fitMultivariateNormalMissing(X);
 */
export interface MultivariateNormalMissingFit extends EMFit<MultivariateNormalParams>, InformationCriteria {
  /** MLE of the mean, length d. */
  mean: number[];
  /** MLE of the covariance (divisor n), d×d. */
  covariance: number[][];
  /** Maximised observed-data log-likelihood Σ_i log N(x_i,obs; μ_obs, Σ_obs,obs). nParameters = d + d(d+1)/2. */
  logLikelihood: number;
  /** Whether the tolerance (on the parameters or the log-likelihood) was met at a finite maximum (false when the likelihood is unbounded: stopReason "degenerate"). */
  converged: boolean;
  /** EM rate diagnostics (the rate is the largest fraction of missing information). */
  rate: EMRate;
  /** Rows n, columns d, number of missing cells, number of distinct missingness patterns. */
  n: number;
  d: number;
  nMissing: number;
  nPatterns: number;
  /**
   * Standard errors from the inverse observed information (the analytic Hessian of the
   * observed-data log-likelihood in (μ, lower triangle of Σ)); null if not requested, if the
   * likelihood is unbounded, or if the information matrix is not positive-definite (then see `warnings`).
   */
  standardErrors: { mean: number[]; covariance: number[][] } | null;
  /** Anything the caller should know (e.g. non-convergence, singular information). */
  warnings: string[];
  /**
   * Conditional-mean imputation under the fitted model: `values` is X with each missing cell replaced
   * by E[x_ij | observed part of row i]; `conditionalVariances[i][j]` is Var[x_ij | observed part]
   * (0 for observed cells). Both n×d.
   */
  impute(): { values: number[][]; conditionalVariances: number[][] };
}

type Pattern = MissingPattern;

/** Internal state: data standardised column by column, rows grouped by missingness pattern. */
interface Prepared {
  n: number;
  d: number;
  /** Standardised data, n×d row-major, NaN where missing. */
  z: Float64Array;
  shift: Float64Array;
  scale: Float64Array;
  patterns: Pattern[];
  nMissing: number;
  /** Σ_i Σ_{j observed} log scale_j: the Jacobian from z back to x. */
  logJacobian: number;
}

function prepare(input: unknown, fn: string): Prepared {
  const X = rowsOf(input); // an ml-matrix Matrix (NaN = missing) works like rows
  if (!Array.isArray(X)) {
    throw new InvalidInputError(`${fn}: X must be an array of rows (number[][]) with NaN (or null) for missing values.`);
  }
  const n = X.length;
  if (n === 0) throw new InvalidInputError(`${fn}: X has no rows.`);
  const first = X[0] as unknown;
  if (!Array.isArray(first) && !ArrayBuffer.isView(first)) {
    throw new ShapeError(`${fn}: X[0] is not an array; X must be an array of rows. For one variable pass x.map(v => [v]).`);
  }
  const d = (first as ArrayLike<unknown>).length;
  if (d === 0) throw new ShapeError(`${fn}: X[0] is empty; every row needs at least one column.`);
  const z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = X[i] as unknown;
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) throw new ShapeError(`${fn}: X[${i}] is not an array of numbers.`);
    const r = row as ArrayLike<unknown>;
    if (r.length !== d) throw new ShapeError(`${fn}: X is ragged: row 0 has ${d} columns but row ${i} has ${r.length}.`);
    let anyObserved = false;
    for (let j = 0; j < d; j++) {
      const v = r[j];
      if (v === null || v === undefined) {
        z[i * d + j] = NaN;
        continue;
      }
      if (typeof v !== "number") {
        throw new InvalidInputError(
          `${fn}: X[${i}][${j}] is ${typeof v === "string" ? `the string '${v}'` : typeof v}, not a number. ` +
            `Convert the data to numbers first (use NaN or null for missing values).`,
        );
      }
      if (v === Infinity || v === -Infinity) {
        throw new DomainError(`${fn}: X[${i}][${j}] is ${v}. Infinite values are not missing values; fix or mark them NaN.`);
      }
      z[i * d + j] = v;
      if (!Number.isNaN(v)) anyObserved = true;
    }
    if (!anyObserved) {
      throw new InvalidInputError(
        `${fn}: X[${i}] (row ${i}, counting from 0) has every value missing. Under MAR such a row carries no information about the mean or ` +
          `covariance; drop it first, e.g. X.filter(r => r.some(v => !Number.isNaN(v))).`,
      );
    }
  }
  if (n < d + 1) {
    throw new ShapeError(`${fn}: ${n} rows for ${d} variables; a d-variate normal needs at least d + 1 = ${d + 1} rows (many more in practice).`);
  }
  const shift = new Float64Array(d);
  const scale = new Float64Array(d);
  const counts = new Int32Array(d);
  for (let j = 0; j < d; j++) {
    let s = 0;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const v = z[i * d + j];
      if (!Number.isNaN(v)) {
        s += v;
        c++;
      }
    }
    if (c < 2) {
      throw new DomainError(
        `${fn}: column ${j} has ${c} observed value${c === 1 ? "" : "s"}; every variable needs at least 2 to estimate its variance. ` +
          `Drop the column or collect more data.`,
      );
    }
    const m = s / c;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = z[i * d + j];
      if (!Number.isNaN(v)) ss += (v - m) ** 2;
    }
    if (!(ss > 0)) throw new DomainError(`${fn}: every observed value of column ${j} equals ${m}; the covariance would be singular. Drop the column.`);
    shift[j] = m;
    scale[j] = Math.sqrt(ss / c);
    counts[j] = c;
  }
  let nMissing = 0;
  let logJacobian = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const t = i * d + j;
      if (Number.isNaN(z[t])) nMissing++;
      else {
        z[t] = (z[t] - shift[j]) / scale[j];
        logJacobian += Math.log(scale[j]);
      }
    }
  }
  const patterns = groupByPattern(z, n, d);
  return { n, d, z, shift, scale, patterns, nMissing, logJacobian };
}

/** Internal (standardised-scale) parameters. */
/** Pairs of columns (j < l) that no row observes together. */
function neverTogether(p: Prepared): Array<[number, number]> {
  const d = p.d;
  const seen = new Uint8Array(d * d);
  for (const pat of p.patterns) for (const j of pat.obs) for (const l of pat.obs) seen[j * d + l] = 1;
  const out: Array<[number, number]> = [];
  for (let j = 0; j < d; j++) for (let l = j + 1; l < d; l++) if (!seen[j * d + l]) out.push([j, l]);
  return out;
}

interface ZParams {
  mean: Float64Array;
  cov: Float64Array;
}

interface ZStats {
  t1: Float64Array;
  t2: Float64Array;
}

/** Reusable buffers sized for d: the pattern algebra's, and the completed row. */
function workspace(d: number): ConditionalWorkspace & { xhat: Float64Array } {
  return { ...conditionalWorkspace(d), xhat: new Float64Array(d) };
}

function singular(fn: string, obs: Int32Array): never {
  throw new NotPositiveDefiniteError(
    `${fn}: the covariance of the observed variables [${Array.from(obs).join(", ")}] became singular during EM. ` +
      `A variable may be (nearly) a linear combination of others, or too few rows observe these variables together; ` +
      `drop a redundant column.`,
  );
}

/**
 * One pass over the patterns at (μ, Σ) on the standardised scale. Returns the observed-data
 * log-likelihood (standardised scale); if `stats` is given, fills the expected sufficient statistics;
 * if `onRow` is given, calls it with each row's conditional mean and the missing block's conditional
 * covariance. A singular Σ_OO throws.
 */
function pass(
  p: Prepared,
  mean: Float64Array,
  cov: Float64Array,
  stats: ZStats | null,
  fn: string,
  ws: ReturnType<typeof workspace>,
  onRow?: (i: number, xhat: Float64Array, C: Float64Array, mis: Int32Array) => void,
): number {
  const { d, z } = p;
  const { xhat, C } = ws;
  if (stats) {
    stats.t1.fill(0);
    stats.t2.fill(0);
  }
  let ll = 0;
  for (const pat of p.patterns) {
    const { obs, mis, rows } = pat;
    const o = obs.length;
    const q = mis.length;
    const logDet = conditionOnPattern(cov, 0, d, obs, mis, ws);
    if (logDet === null) singular(fn, obs);
    const constant = -0.5 * (o * LOG_2PI + logDet);
    for (let ri = 0; ri < rows.length; ri++) {
      const i = rows[ri];
      const m2 = conditionRow(z, i * d, mean, 0, cov, 0, d, obs, mis, ws, xhat, 0);
      ll += constant - 0.5 * m2;
      if (stats) {
        const { t1, t2 } = stats;
        for (let j = 0; j < d; j++) {
          const xj = xhat[j];
          t1[j] += xj;
          for (let l = 0; l <= j; l++) t2[j * d + l] += xj * xhat[l];
        }
      }
      if (onRow) onRow(i, xhat, C, mis);
    }
    if (stats && q > 0) {
      const m = rows.length;
      for (let c1 = 0; c1 < q; c1++) {
        for (let c2 = 0; c2 < q; c2++) {
          const j = mis[c1];
          const l = mis[c2];
          if (l <= j) stats.t2[j * d + l] += m * C[c1 * q + c2];
        }
      }
    }
  }
  return ll;
}

function toPublic(p: Prepared, zp: ZParams): MultivariateNormalParams {
  const { d, shift, scale } = p;
  const mean = Array.from(zp.mean, (v, j) => shift[j] + scale[j] * v);
  const covariance: number[][] = [];
  for (let j = 0; j < d; j++) {
    const row: number[] = [];
    for (let l = 0; l < d; l++) row.push(scale[j] * scale[l] * zp.cov[j * d + l]);
    covariance.push(row);
  }
  return { mean, covariance };
}

function fromPublic(p: Prepared, params: MultivariateNormalParams, fn: string): ZParams {
  const { d, shift, scale } = p;
  if (!params || !Array.isArray(params.mean) || params.mean.length !== d) {
    throw new ShapeError(`${fn}: init.mean must be an array of length d = ${d}.`);
  }
  if (!Array.isArray(params.covariance) || params.covariance.length !== d) {
    throw new ShapeError(`${fn}: init.covariance must be a ${d}×${d} array.`);
  }
  const mean = new Float64Array(d);
  const cov = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    assertNumber(params.mean[j], fn, `init.mean[${j}]`);
    mean[j] = (params.mean[j] - shift[j]) / scale[j];
    const row = params.covariance[j];
    if (!Array.isArray(row) || row.length !== d) throw new ShapeError(`${fn}: init.covariance[${j}] must have length ${d}.`);
    for (let l = 0; l < d; l++) {
      assertNumber(row[l], fn, `init.covariance[${j}][${l}]`);
      if (Math.abs(row[l] - params.covariance[l][j]) > 1e-9 * (Math.abs(row[l]) + 1e-300)) {
        throw new DomainError(`${fn}: init.covariance is not symmetric at (${j}, ${l}).`);
      }
      cov[j * d + l] = row[l] / (scale[j] * scale[l]);
    }
  }
  if (!choleskyLower(cov, d, new Float64Array(d * d))) {
    throw new NotPositiveDefiniteError(`${fn}: init.covariance is not positive-definite.`);
  }
  return { mean, cov };
}

/**
 * The EM model for runEM, on the standardised scale throughout: the parameters never pass through
 * the original units between iterations (a mean near 10¹² would be rounded to its ulp each time,
 * and the iteration would settle on that grid instead of at the maximum). Snapshots and results are
 * converted with toPublic.
 */
function buildModel(p: Prepared, fn: string): EMModel<ZParams, ZStats & { at: ZParams }> {
  const d = p.d;
  const ws = workspace(d);
  const stats = { t1: new Float64Array(d), t2: new Float64Array(d * d) };
  return {
    eStep(zp) {
      const ll = pass(p, zp.mean, zp.cov, stats, fn, ws) - p.logJacobian;
      return { stats: { ...stats, at: zp }, logLikelihood: ll };
    },
    mStep(s) {
      const n = p.n;
      const mean = new Float64Array(d);
      const cov = new Float64Array(d * d);
      for (let j = 0; j < d; j++) mean[j] = s.t1[j] / n;
      for (let j = 0; j < d; j++) {
        for (let l = 0; l <= j; l++) {
          const v = s.t2[j * d + l] / n - mean[j] * mean[l];
          cov[j * d + l] = v;
          cov[l * d + j] = v;
        }
      }
      return { mean, cov };
    },
    clone: (q) => ({ mean: q.mean.slice(), cov: q.cov.slice() }),
    // Standardised units (means in σ_j, covariances in σ_j σ_l, lower triangle): the engine's
    // paramTol then measures exactly what MultivariateNormalMissingOptions.paramTol documents.
    flatten: (q) => {
      const out: number[] = [];
      for (let j = 0; j < d; j++) out.push(q.mean[j]);
      for (let j = 0; j < d; j++) for (let l = 0; l <= j; l++) out.push(q.cov[j * d + l]);
      return out;
    },
  };
}

/**
 * The observed information −∂²ℓ/∂θ∂θᵀ of the standardised data at θ = (μ, lower triangle of Σ row by
 * row), analytic. For a pattern with observed block O, P = Σ_OO⁻¹, residuals r_i = z_iO − μ_O over
 * its m rows, s = Σ r_i, W = Σ r_i r_iᵀ, Q = P W P, and symmetric directions D (E_ab + E_ba, or E_aa):
 *   ∂²ℓ/∂μ∂μᵀ = −m P,   ∂²ℓ/∂μ∂Σ[D] = −P D P s,   ∂²ℓ/∂Σ[D₁]∂Σ[D₂] = ½ m tr(P D₁ P D₂) − tr(D₁ P D₂ Q),
 * from ℓ = −½ m log|Σ_OO| − ½ tr(P W) + const (Magnus & Neudecker's rules; checked against a
 * numerical Hessian in the tests). Returns null if some Σ_OO is not positive-definite.
 */
function observedInformation(p: Prepared, zp: ZParams): Float64Array | null {
  const { d, z } = p;
  const np = d + (d * (d + 1)) / 2;
  // Index of Σ[j][l] (j ≥ l) in θ.
  const covIndex = (j: number, l: number): number => (j >= l ? d + (j * (j + 1)) / 2 + l : d + (l * (l + 1)) / 2 + j);
  const info = new Float64Array(np * np);
  const ws = workspace(d);
  for (const pat of p.patterns) {
    const { obs, rows } = pat;
    const o = obs.length;
    const m = rows.length;
    const sOO = ws.sOO;
    for (let a = 0; a < o; a++) for (let b = 0; b < o; b++) sOO[a * o + b] = zp.cov[obs[a] * d + obs[b]];
    const L = new Float64Array(o * o);
    if (!choleskyLower(sOO, o, L)) return null;
    const P = new Float64Array(o * o);
    inverseFromCholesky(L, o, P);
    const sv = new Float64Array(o);
    const W = new Float64Array(o * o);
    const r = new Float64Array(o);
    for (let ri = 0; ri < m; ri++) {
      const i = rows[ri];
      for (let a = 0; a < o; a++) {
        r[a] = z[i * d + obs[a]] - zp.mean[obs[a]];
        sv[a] += r[a];
      }
      for (let a = 0; a < o; a++) for (let b = 0; b <= a; b++) W[a * o + b] += r[a] * r[b];
    }
    for (let a = 0; a < o; a++) for (let b = 0; b < a; b++) W[b * o + a] = W[a * o + b];
    const Ps = new Float64Array(o);
    for (let a = 0; a < o; a++) for (let b = 0; b < o; b++) Ps[a] += P[a * o + b] * sv[b];
    const PW = new Float64Array(o * o);
    for (let a = 0; a < o; a++) for (let b = 0; b < o; b++) {
      let acc = 0;
      for (let c = 0; c < o; c++) acc += P[a * o + c] * W[c * o + b];
      PW[a * o + b] = acc;
    }
    const Q = new Float64Array(o * o);
    for (let a = 0; a < o; a++) for (let b = 0; b < o; b++) {
      let acc = 0;
      for (let c = 0; c < o; c++) acc += PW[a * o + c] * P[c * o + b];
      Q[a * o + b] = acc;
    }
    // Means block.
    for (let a = 0; a < o; a++) for (let b = 0; b < o; b++) info[obs[a] * np + obs[b]] += m * P[a * o + b];
    // Directions of this pattern's free covariance entries (b ≥ c): one or two unit pieces (i, j),
    // stored flat (pi, pj) with pn pieces each, for tight loops.
    const q = (o * (o + 1)) / 2;
    const pi = new Int32Array(2 * q);
    const pj = new Int32Array(2 * q);
    const pn = new Int32Array(q);
    const index = new Int32Array(q);
    let t0 = 0;
    for (let b = 0; b < o; b++) {
      for (let c = 0; c <= b; c++) {
        pi[2 * t0] = b;
        pj[2 * t0] = c;
        pi[2 * t0 + 1] = c;
        pj[2 * t0 + 1] = b;
        pn[t0] = b === c ? 1 : 2;
        index[t0] = covIndex(obs[b], obs[c]);
        t0++;
      }
    }
    for (let t = 0; t < q; t++) {
      // −∂²ℓ/∂μ_a∂Σ[D_t] = (P D_t P s)_a: for a piece (i, j), P_ai (Ps)_j.
      for (let a = 0; a < o; a++) {
        let v = 0;
        for (let e = 0; e < pn[t]; e++) v += P[a * o + pi[2 * t + e]] * Ps[pj[2 * t + e]];
        info[obs[a] * np + index[t]] += v;
        info[index[t] * np + obs[a]] += v;
      }
      for (let u = 0; u < q; u++) {
        // tr(E_ij P E_kl P) = P_jk P_li and tr(E_ij P E_kl Q) = P_jk Q_li.
        let t1 = 0;
        let t2 = 0;
        for (let e = 0; e < pn[t]; e++) {
          const i = pi[2 * t + e];
          const j = pj[2 * t + e];
          for (let f = 0; f < pn[u]; f++) {
            const kk = pi[2 * u + f];
            const l = pj[2 * u + f];
            t1 += P[j * o + kk] * P[l * o + i];
            t2 += P[j * o + kk] * Q[l * o + i];
          }
        }
        info[index[t] * np + index[u]] -= 0.5 * m * t1 - t2;
      }
    }
  }
  return info;
}

function standardErrors(p: Prepared, zp: ZParams): { mean: number[]; covariance: number[][] } | string {
  const d = p.d;
  const np = d + (d * (d + 1)) / 2;
  const info = observedInformation(p, zp);
  const L = new Float64Array(np * np);
  if (info === null || !choleskyLower(info, np, L)) {
    return (
      "standard errors unavailable: the observed information matrix is not positive-definite at the estimate, so the " +
      "likelihood is not at a strict maximum in some direction (for instance a covariance that no row identifies)."
    );
  }
  const V = new Float64Array(np * np);
  inverseFromCholesky(L, np, V);
  const { scale } = p;
  const mean = Array.from({ length: d }, (_, j) => scale[j] * Math.sqrt(V[j * np + j]));
  const covariance = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  let t = d;
  for (let j = 0; j < d; j++) {
    for (let l = 0; l <= j; l++) {
      const se = scale[j] * scale[l] * Math.sqrt(V[t * np + t]);
      covariance[j][l] = se;
      covariance[l][j] = se;
      t++;
    }
  }
  return { mean, covariance };
}

/**
 * The smallest conditional variance Var(z_j | z_−j) = 1/(Σ⁻¹)_jj relative to Var(z_j) = Σ_jj, on the
 * standardised scale (1 − R² of column j on the others), and its column; 0 if Σ is singular.
 */
function smallestConditionalVariance(p: Prepared, zp: ZParams): { ratio: number; column: number } {
  const d = p.d;
  const L = new Float64Array(d * d);
  if (!choleskyLower(zp.cov, d, L)) return { ratio: 0, column: 0 };
  const P = new Float64Array(d * d);
  inverseFromCholesky(L, d, P);
  let ratio = Infinity;
  let column = 0;
  for (let j = 0; j < d; j++) {
    const r = 1 / (P[j * d + j] * zp.cov[j * d + j]);
    if (r < ratio) {
      ratio = r;
      column = j;
    }
  }
  return { ratio, column };
}

/** Conditional variance ratios below this, still shrinking while ℓ keeps rising, stop EM as degenerate. */
const DEGENERATE_RATIO = 1e-10;
/** At convergence on the parameters, a ratio below this with ℓ still rising undiminished is degenerate too. */
const SUSPECT_RATIO = 1e-6;


/**
 * Maximum-likelihood mean and covariance of a multivariate normal sample with missing values
 * (NaN or null; assumed missing at random), by EM. Also returns standard errors from the observed
 * information and a conditional-mean imputation.
 * @param X n×d rows; NaN or null marks a missing value. Rows with every value missing are rejected.
 * @param options see {@link MultivariateNormalMissingOptions}
 * @example
 * import { readCsv, fitMultivariateNormalMissing } from "mlem";
 * const X = readCsv("data/airquality.csv").matrix(["ozone", "solar_r", "wind", "temp"]);
 * const fit = fitMultivariateNormalMissing(X);
 * fit.mean;                 // MLE of the 4 means (ozone's differs from the complete-case mean)
 * fit.standardErrors?.mean; // from the observed information
 * fit.impute().values[4];   // row 5 with ozone and solar_r filled by their conditional means
 */
export function fitMultivariateNormalMissing(
  X: ArrayLike<number | null>[] | number[][] | MatrixObject,
  options: MultivariateNormalMissingOptions = {},
): MultivariateNormalMissingFit {
  const fn = "fitMultivariateNormalMissing";
  const o = parseOptions(OPTIONS, options, fn);
  const p = prepare(X, fn);
  const d = p.d;
  let init: ZParams;
  if (o.init !== undefined) {
    init = fromPublic(p, o.init as MultivariateNormalParams, fn);
  } else {
    // Observed means and variances, zero correlations: always positive-definite.
    const cov = new Float64Array(d * d);
    for (let j = 0; j < d; j++) cov[j * d + j] = 1;
    init = { mean: new Float64Array(d), cov };
  }
  const model: EMModel<ZParams, unknown> = { ...buildModel(p, fn), nObservations: p.n };
  // Degeneracy monitor: the smallest conditional variance and the log-likelihood increments.
  let prevRatio = Infinity;
  let prevLL = NaN;
  let prevIncrement = NaN;
  let degenerate: { column: number; ratio: number; increment: number } | null = null;
  const stillClimbing = (increment: number, previous: number, ll: number): boolean =>
    increment > 1e-10 * (1 + Math.abs(ll)) && increment >= 0.5 * previous;
  const onIteration = (info: { iteration: number; logLikelihood: number; params: ZParams }): boolean => {
    const { ratio, column } = smallestConditionalVariance(p, info.params);
    const increment = info.logLikelihood - prevLL;
    const climbing = info.iteration >= 2 && stillClimbing(increment, prevIncrement, info.logLikelihood);
    const shrinking = ratio < prevRatio;
    prevRatio = ratio;
    prevIncrement = increment;
    prevLL = info.logLikelihood;
    if (ratio < DEGENERATE_RATIO && shrinking && climbing) {
      degenerate = { column, ratio, increment };
      return false;
    }
    return true;
  };
  const run = runRestarts({ nInit: 1, prepare: () => ({ model, init, context: null }), options: { ...stoppingOf<ZParams>(o), onIteration } });
  let res = run.best;
  if (degenerate === null && res.converged && res.iterations >= 2) {
    // Converged on the parameters, but is ℓ still climbing? At a regular maximum the increments
    // vanish with the steps; towards a singular Σ they stay put while the parameters stop moving.
    const h = res.history.logLikelihood;
    const T = h.length - 1;
    const { ratio, column } = smallestConditionalVariance(p, res.params);
    if (ratio < SUSPECT_RATIO && stillClimbing(h[T] - h[T - 1], h[T - 1] - h[T - 2], h[T])) {
      degenerate = { column, ratio, increment: h[T] - h[T - 1] };
    }
  }
  const warnings: string[] = [];
  const found = degenerate as { column: number; ratio: number; increment: number } | null;
  if (found !== null) {
    res = { ...res, converged: false, stopReason: "degenerate" as EMStopReason };
    run.restarts[0].converged = false;
    let observed = 0;
    for (let i = 0; i < p.n; i++) if (!Number.isNaN(p.z[i * d + found.column])) observed++;
    warnings.push(
      `the likelihood is unbounded: column ${found.column} (observed in ${observed} of ${p.n} rows) is fitted almost exactly by ` +
        `the other columns on the rows where it is observed; its conditional variance fell to ${found.ratio.toExponential(2)} × its ` +
        `variance while the log-likelihood kept rising (by ${found.increment.toPrecision(3)} per iteration), so there is no ` +
        "maximum-likelihood estimate and the covariance is heading to a singular matrix. Drop the column, add rows that observe it, " +
        "or model it separately.",
    );
  }
  const zp = res.params;
  const estimate = toPublic(p, zp);
  for (const [j, l] of neverTogether(p)) {
    warnings.push(
      `variables ${j} and ${l} are never observed in the same row: their covariance is not identified by the data ` +
        `(EM leaves it near its starting value) and standard errors involving it are meaningless.`,
    );
  }
  if (!res.converged && found === null) warnings.push(`EM stopped (${res.stopReason}) after ${res.iterations} iterations without meeting the tolerance.`);
  let se: MultivariateNormalMissingFit["standardErrors"] = null;
  if (o.standardErrors && found === null) {
    const s = standardErrors(p, zp);
    if (typeof s === "string") warnings.push(s);
    else se = s;
  }
  const impute = (): { values: number[][]; conditionalVariances: number[][] } => {
    const values: number[][] = new Array(p.n);
    const conditionalVariances: number[][] = new Array(p.n);
    const { shift, scale } = p;
    pass(p, zp.mean, zp.cov, null, fn, workspace(d), (i, xhat, C, mis) => {
      values[i] = Array.from(xhat, (v, j) => shift[j] + scale[j] * v);
      const cv = new Array<number>(d).fill(0);
      const q = mis.length;
      for (let c = 0; c < q; c++) cv[mis[c]] = scale[mis[c]] ** 2 * C[c * q + c];
      conditionalVariances[i] = cv;
    });
    return { values, conditionalVariances };
  };
  return {
    mean: estimate.mean,
    covariance: estimate.covariance,
    ...emFitFields(res, run.restarts, "logLikelihood", (zs) => toPublic(p, zs)),
    ...informationCriteria(res.logLikelihood, d + (d * (d + 1)) / 2, p.n),
    n: p.n,
    d,
    nMissing: p.nMissing,
    nPatterns: p.patterns.length,
    standardErrors: se,
    warnings,
    impute,
  };
}
