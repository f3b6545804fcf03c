/**
 * Gaussian mixtures with values missing at random (internal): the E-step of
 * `fitGaussianMixture(X, { missing: "marginalize" })`, and the scoring and imputation of rows with
 * NaN for every {@link GaussianMixture}.
 *
 * For a row with observed coordinates O and missing M, component c contributes its marginal density
 * N(x_O | μ_c,O, Σ_c,OO) to the log-likelihood and the responsibilities, and the conditional mean
 * x̂_ic,M = μ_c,M + Σ_c,MO Σ_c,OO⁻¹ (x_O − μ_c,O) and covariance C_c = Σ_c,MM − Σ_c,MO Σ_c,OO⁻¹ Σ_c,OM
 * of the missing block to the moments: with y = x̂_ic − μ_c,
 *   N_c = Σᵢ wᵢ rᵢc,  S1_c = Σᵢ wᵢ rᵢc y,  S2_c = Σᵢ wᵢ rᵢc (y yᵀ + C_c) (C_c in the MM block),
 * i.e. E[x] and E[x xᵀ] under component c given the observed part, about the current means. These
 * are the expected complete-data sufficient statistics of every covariance type, so the M-step of
 * the complete data ({@link mStepKernel}) applies unchanged and EM keeps its monotonicity in the
 * observed-data log-likelihood: diag keeps the diagonal of S2 (the conditional variances C_c,aa),
 * spherical its trace, tied pools S2 over the components. For diag and spherical Σ_c is diagonal,
 * so x̂_M = μ_c,M and C_c = diag(σ²_c,M): the general formulas reduce to that.
 *
 * Rows are grouped by missingness pattern (see `groupByPattern`), so every component's Σ_c,OO is
 * factorised once per pattern and iteration. Only data with missing values take this path: with
 * nothing missing `fitGaussianMixture` runs the complete-data kernels, bit for bit.
 * @module
 * @internal
 */
import { InvalidInputError, NonFiniteError, NotPositiveDefiniteError } from "../core/errors.js";
import { toDenseMatrix, type DenseMatrix, type MatrixLike } from "../core/validate.js";
import { conditionalWorkspace, conditionOnPattern, conditionRow, groupByPattern, type ConditionalWorkspace, type MissingPattern } from "../missing/conditional.js";
import { covarianceStrategy } from "./covariance/strategy.js";
import { accumulateRow, normalizeRow, rowScratch, type GmmStats, type RowScratch } from "./kernel-primitives.js";
import type { CovarianceType, GmmParams } from "./options.js";

const LOG_2PI = Math.log(2 * Math.PI);

/** Rows grouped by missingness pattern, with the count of missing cells. @internal */
export interface MissingLayout {
  patterns: MissingPattern[];
  nMissing: number;
}

/**
 * X as a dense matrix with NaN kept (±Infinity still rejected), checking that no row is entirely
 * missing. Returns the layout, or null when nothing is missing.
 * @internal
 */
export function denseWithMissing(X: MatrixLike, fn: string): DenseMatrix & { layout: MissingLayout | null } {
  const m = toDenseMatrix(X, fn, "X", { allowNaN: true });
  const { data, n, d } = m;
  let nMissing = 0;
  for (let i = 0; i < n; i++) {
    let missingInRow = 0;
    for (let a = 0; a < d; a++) if (Number.isNaN(data[i * d + a])) missingInRow++;
    if (missingInRow === d) {
      throw new InvalidInputError(
        `${fn}: X[${i}] has every value missing (NaN). Such a row carries no information under missing at random; ` +
          "drop it first, e.g. X.filter((r) => r.some((v) => !Number.isNaN(v))).",
      );
    }
    nMissing += missingInRow;
  }
  return { data, n, d, layout: nMissing === 0 ? null : { patterns: groupByPattern(data, n, d), nMissing } };
}

/**
 * X as a dense matrix, refusing NaN with an error that says how to treat NaN as missing instead
 * (`remedy`).
 * @internal
 */
export function denseRejectingNaN(X: MatrixLike, fn: string, remedy: string): DenseMatrix {
  const m = toDenseMatrix(X, fn, "X", { allowNaN: true });
  for (let t = 0; t < m.data.length; t++) {
    if (Number.isNaN(m.data[t])) {
      const i = Math.floor(t / m.d);
      throw new NonFiniteError(`${fn}: X[${i}][${t - i * m.d}] is NaN. ${remedy}`);
    }
  }
  return m;
}

/** The (observed-value) mean of each column; throws if a column has no observed value. @internal */
export function observedColumnMeans(data: Float64Array, n: number, d: number, w: Float64Array | null, fn: string): Float64Array {
  const mean = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    let s = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + a];
      const wi = w === null ? 1 : w[i];
      if (Number.isNaN(v) || !(wi > 0)) continue;
      s += wi * v;
      total += wi;
    }
    if (!(total > 0)) {
      throw new InvalidInputError(
        `${fn}: column ${a} of X has no observed value${w === null ? "" : " with positive weight"}, so nothing can be learnt about it. Drop the column.`,
      );
    }
    mean[a] = s / total;
  }
  return mean;
}

/** X with each missing cell replaced by its column's observed mean (the rows the initialisation sees). @internal */
export function meanImputed(data: Float64Array, n: number, d: number, mean: Float64Array): Float64Array {
  const out = data.slice();
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) if (Number.isNaN(out[i * d + a])) out[i * d + a] = mean[a];
  return out;
}

/** Every component's covariance as a full d×d matrix (k·d·d), whatever the type. @internal */
export function fullCovariances(p: GmmParams, type: CovarianceType, d: number, k: number, out: Float64Array): void {
  const strategy = covarianceStrategy(type);
  out.fill(0);
  for (let c = 0; c < k; c++) strategy.denseInto(p.cov, d, c, out, c * d * d);
}

/** Buffers of the missing-value E-step, allocated once per fit (the per-row ones of {@link RowScratch} among them). @internal */
export interface MissingWorkspace extends RowScratch {
  full: Float64Array;
  ws: ConditionalWorkspace[];
  xhat: Float64Array;
  massOfPattern: Float64Array;
}

/** @internal */
export function missingWorkspace(d: number, k: number): MissingWorkspace {
  return {
    full: new Float64Array(k * d * d),
    ws: Array.from({ length: k }, () => conditionalWorkspace(d)),
    ...rowScratch(d, k),
    xhat: new Float64Array(k * d),
    massOfPattern: new Float64Array(k),
  };
}

/**
 * Visits every row pattern by pattern at parameters p: for each pattern the components' marginal
 * factors are computed once, then `onRow(i, logDens)` is called with the posterior probabilities in
 * mw.lp and each component's completed row (x_O, x̂_c,M) in mw.xhat[c·d ..], and `onPatternEnd`
 * with the conditional covariances in mw.ws[c].C.
 */
function visitRows(
  X: Float64Array,
  d: number,
  k: number,
  type: CovarianceType,
  p: GmmParams,
  patterns: readonly MissingPattern[],
  mw: MissingWorkspace,
  fn: string,
  onRow: (i: number, logDens: number) => void,
  onPatternEnd?: (pattern: MissingPattern) => void,
): void {
  const { full, ws, lc, lp, xhat } = mw;
  const dd = d * d;
  fullCovariances(p, type, d, k, full);
  for (const pattern of patterns) {
    const { obs, mis, rows } = pattern;
    for (let c = 0; c < k; c++) {
      const logDet = conditionOnPattern(full, c * dd, d, obs, mis, ws[c]);
      if (logDet === null) {
        throw new NotPositiveDefiniteError(
          `${fn}: the covariance of component ${c} restricted to the observed columns [${Array.from(obs).join(", ")}] is not positive-definite. ` +
            "Rescale the data or increase regCovar.",
        );
      }
      lc[c] = Math.log(p.weights[c]) - 0.5 * (obs.length * LOG_2PI + logDet);
    }
    for (let t = 0; t < rows.length; t++) {
      const i = rows[t];
      for (let c = 0; c < k; c++) lp[c] = lc[c] - 0.5 * conditionRow(X, i * d, p.means, c * d, full, c * dd, d, obs, mis, ws[c], xhat, c * d);
      onRow(i, normalizeRow(lp, k));
    }
    if (onPatternEnd) onPatternEnd(pattern);
  }
}

/**
 * The E-step with missing values: responsibilities, per-row observed-data log mixture densities,
 * the moments of {@link GmmStats} (with the conditional covariances) and the weighted total
 * observed-data log-likelihood.
 * @internal
 */
export function eStepMissing(
  X: Float64Array,
  d: number,
  k: number,
  type: CovarianceType,
  p: GmmParams,
  w: Float64Array | null,
  s: GmmStats,
  layout: MissingLayout,
  mw: MissingWorkspace,
): number {
  s.shift.set(p.means);
  s.nk.fill(0);
  s.s1.fill(0);
  s.s2.fill(0);
  const { lp, xhat, diff, sq, massOfPattern, ws } = mw;
  const strategy = covarianceStrategy(type);
  let ll = 0;
  visitRows(
    X,
    d,
    k,
    type,
    p,
    layout.patterns,
    mw,
    "fitGaussianMixture",
    (i, logDens) => {
      s.logDens[i] = logDens;
      const wi = w === null ? 1 : w[i];
      if (wi > 0) ll += wi * logDens;
      for (let c = 0; c < k; c++) {
        const r = lp[c];
        s.resp[i * k + c] = r;
        const rw = wi * r;
        massOfPattern[c] += rw;
        let q = 0;
        for (let a = 0; a < d; a++) {
          const y = xhat[c * d + a] - p.means[c * d + a];
          diff[c * d + a] = y;
          q += y * y;
        }
        sq[c] = q;
        accumulateRow(type, c, d, rw, diff, sq, s);
      }
    },
    ({ mis }) => {
      const q = mis.length;
      for (let c = 0; c < k; c++) {
        const mass = massOfPattern[c];
        massOfPattern[c] = 0;
        if (q === 0 || mass === 0) continue;
        strategy.addConditionalCovariance(s.s2, ws[c].C, mis, mass, d, c);
      }
    },
  );
  return ll;
}

/**
 * Per-row observed-data log mixture densities (into logDens) and, if `resp` is given, posterior
 * probabilities, for rows that may contain NaN; with `impute`, the conditional means E[x_M | x_O]
 * and variances Var[x_M | x_O] under the mixture (observed cells: the value and 0).
 * @internal
 */
export function scoreMissing(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  type: CovarianceType,
  p: GmmParams,
  logDens: Float64Array,
  resp: Float64Array | null,
  impute: { values: Float64Array; variances: Float64Array } | null,
  fn: string,
): void {
  const mw = missingWorkspace(d, k);
  const patterns = groupByPattern(X, n, d);
  const { lp, xhat, ws } = mw;
  const rowsOfPattern: number[] = [];
  visitRows(
    X,
    d,
    k,
    type,
    p,
    patterns,
    mw,
    fn,
    (i, ld) => {
      logDens[i] = ld;
      if (resp) resp.set(lp.subarray(0, k), i * k);
      if (!impute) return;
      // E[x | x_O] = Σ_c r_c x̂_c; Var[x_a | x_O] = Σ_c r_c (C_c,aa + (x̂_c,a − E[x_a])²), the second term
      // added here, the first when the pattern's C_c are known (below); observed cells stay exact.
      for (let a = 0; a < d; a++) {
        let m = 0;
        for (let c = 0; c < k; c++) m += lp[c] * xhat[c * d + a];
        const observed = !Number.isNaN(X[i * d + a]);
        impute.values[i * d + a] = observed ? X[i * d + a] : m;
        let v = 0;
        if (!observed) for (let c = 0; c < k; c++) v += lp[c] * (xhat[c * d + a] - m) ** 2;
        impute.variances[i * d + a] = v;
      }
      // The posteriors of the pattern's rows, for the C_c term.
      rowsOfPattern.push(i);
      for (let c = 0; c < k; c++) rowsOfPattern.push(lp[c]);
    },
    ({ mis }) => {
      if (!impute) return;
      const q = mis.length;
      const stride = 1 + k;
      for (let t = 0; t < rowsOfPattern.length; t += stride) {
        const i = rowsOfPattern[t];
        for (let c1 = 0; c1 < q; c1++) {
          let v = 0;
          for (let c = 0; c < k; c++) v += rowsOfPattern[t + 1 + c] * ws[c].C[c1 * q + c1];
          impute.variances[i * d + mis[c1]] += v;
        }
      }
      rowsOfPattern.length = 0;
    },
  );
}
