/**
 * The Gaussian mixture as an {@link EMModel} for the engine, with the degeneracy policy (internal).
 *
 * Degeneracy policy, applied after every M-step (and to the initial parameters):
 * 1. **Empty component** (N_c < 1e-12·Σw, or a non-finite mean): re-seeded at the observation with
 *    the lowest log-density under the current mixture (the worst-fitted point), with the covariance
 *    of the whole data set (+ regCovar) and weight 1/k before renormalising. Recorded as kind
 *    "empty". This can lower the log-likelihood at that iteration; the engine then records a
 *    monotonicity violation too, which the degeneracy record explains.
 * 2. **Singular covariance** (Cholesky fails after adding regCovar: the component sits on ≤ d points,
 *    on a subspace, or a constant column with regCovar = 0): jitter ε·I is added, ε starting at
 *    max(regCovar, 1e-10·s) (s = the mean data variance) and growing ×10 until the factorisation
 *    succeeds. Recorded as "singularCovariance" with the jitter used.
 * 3. **Collapsing component** (positive-definite, but some conditional variance below 1e-10 times
 *    the data variance of that coordinate, or at most 3·regCovar, i.e. mostly regularisation: the
 *    component is shrinking onto a point or subspace and its density spikes, or regCovar is large
 *    for the data scale): kept as is, recorded once as "collapsed" (the likelihood is unbounded
 *    there and the fit is dominated by the spike). Use fewer components, or rescale the data.
 * 4. **Degenerate data** (checked once, before EM): a constant column, linearly dependent columns or
 *    fewer distinct rows than the covariance type needs make the data covariance singular, so every
 *    component's covariance is too: with regCovar = 0 the likelihood is unbounded, with regCovar > 0
 *    the log-likelihood is dominated by log regCovar in that direction. Recorded as "degenerateData"
 *    (component −1) with the columns involved; the fit goes on.
 * Data whose variances under- or overflow double precision (x·10^±300) are refused with a
 * DomainError that says how to rescale: the covariances could not be represented.
 * Consecutive records of the same kind for the same component are merged (count, lastIteration).
 * @module
 * @internal
 */
import { DomainError } from "../core/errors.js";
import { choleskyLower } from "../core/linalg.js";
import type { Rng } from "../core/rng.js";
import type { EMModel } from "../em/engine.js";
import { readFinite, readSimplex } from "../em/unflatten.js";
import { constrainRaw, withFixedBlocks, type FixedBlocks } from "./fixed.js";
import { hardStats, kmeansPlusPlus, lloyd, randomCenters } from "./init.js";
import type { GmmStats } from "./kernel-primitives.js";
import { allocStats, eStepKernel } from "./kernels.js";
import { mStepKernel } from "./m-step.js";
import { elboKernel } from "./score.js";
import { covarianceStrategy } from "./covariance/strategy.js";
import { paramsFromUser, withFactors, type CovarianceType, type GaussianMixtureParams, type GmmParams } from "./options.js";

/**
 * Something that went wrong with a component during fitting, and what was done about it.
 * See the module documentation of `fitGaussianMixture` for the policy.
 */
export interface Degeneracy {
  /** The iteration (M-step number; 0 = initialisation) where it first happened. */
  iteration: number;
  /** The last consecutive iteration where it happened (same as iteration if once). */
  lastIteration: number;
  /** Number of consecutive iterations merged into this record. */
  count: number;
  /** Component index (0 for the shared covariance of "tied"; −1 for "degenerateData", which concerns every component). */
  component: number;
  /**
   * "empty": lost (almost) all its mass; "singularCovariance": covariance not positive-definite;
   * "collapsed": shrinking onto a point/subspace; "degenerateData": the data themselves have a
   * singular covariance (a constant column, dependent columns, a single distinct row).
   */
  kind: "empty" | "singularCovariance" | "collapsed" | "degenerateData";
  /** What was done, in words. */
  action: string;
}

/** @internal */
export interface GmmContext {
  X: Float64Array;
  n: number;
  d: number;
  k: number;
  type: CovarianceType;
  w: Float64Array | null;
  regCovar: number;
  totalWeight: number;
  /** Weighted variance of each column. */
  dataVar: Float64Array;
  /** Data covariance (+ regCovar, PD) in the compact layout of ONE component. */
  fallbackCov: Float64Array;
  jitter0: number;
  degeneracies: Degeneracy[];
  collapsed: Set<number>;
  /** Fixed parameters (fitGaussianMixture's `fixed`), or null. */
  fixed: FixedBlocks | null;
}

/** @internal */
export function makeContext(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  type: CovarianceType,
  w: Float64Array | null,
  regCovar: number,
): GmmContext {
  let totalWeight = 0;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const wi = w === null ? 1 : w[i];
    totalWeight += wi;
    for (let a = 0; a < d; a++) mean[a] += wi * X[i * d + a];
  }
  for (let a = 0; a < d; a++) mean[a] /= totalWeight;
  const full = new Float64Array(d * d);
  let meanSq = 0;
  for (let i = 0; i < n; i++) {
    const wi = w === null ? 1 : w[i];
    for (let a = 0; a < d; a++) {
      const da = X[i * d + a] - mean[a];
      meanSq += wi * X[i * d + a] * X[i * d + a];
      for (let b = 0; b <= a; b++) full[a * d + b] += wi * da * (X[i * d + b] - mean[b]);
    }
  }
  const dataVar = new Float64Array(d);
  let meanVar = 0;
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      full[a * d + b] /= totalWeight;
      full[b * d + a] = full[a * d + b];
    }
    dataVar[a] = full[a * d + a];
    meanVar += dataVar[a] / d;
  }
  meanSq /= totalWeight * d;
  checkRepresentable(X, n, d, w, mean, dataVar);
  const degeneracies: Degeneracy[] = [];
  const singular = singularData(full, dataVar, d, type);
  if (singular !== null) {
    const gain = regCovar > 0 ? 0.5 * Math.log(1 / (2 * Math.PI * regCovar)) : Infinity;
    degeneracies.push({
      iteration: 0,
      lastIteration: 0,
      count: 1,
      component: -1,
      kind: "degenerateData",
      action:
        `kept: ${singular}, so the data covariance is singular and so is every component's. ` +
        (regCovar > 0
          ? `There each covariance is regCovar = ${regCovar}, which adds up to ${gain.toFixed(2)} per observation and per such direction to ℓ: ` +
            "the log-likelihood reflects regCovar, not the data. "
          : "With regCovar = 0 the likelihood is unbounded. ") +
        "Drop the constant or redundant columns (or rows), or model them separately.",
    });
  }
  const scale = meanVar > 0 ? meanVar : meanSq > 0 ? meanSq : 1;
  const jitter0 = 1e-10 * scale;
  const strategy = covarianceStrategy(type);
  const fallbackCov = strategy.fromDataCovariance(full, dataVar, meanVar, regCovar, d);
  // Make it positive-definite whatever the data (constant columns, n = 1, ...): as component 0.
  const scratch = new Float64Array(fallbackCov.length);
  for (let eps = jitter0, tries = 0; strategy.factor(fallbackCov, scratch, d, 0) === null; eps *= 10, tries++) {
    if (tries > 100 || !Number.isFinite(eps)) {
      throw new DomainError(
        "fitGaussianMixture: the covariance of X is not finite (values too large to square). Rescale X (e.g. standardise the columns).",
      );
    }
    strategy.addJitter(fallbackCov, d, 0, eps);
  }
  return { X, n, d, k, type, w, regCovar, totalWeight, dataVar, fallbackCov, jitter0, degeneracies, collapsed: new Set(), fixed: null };
}

/**
 * Refuses data whose per-column variance leaves double range: the largest deviation is nonzero but
 * its square underflows (x·10⁻³⁰⁰), or the variance overflows (x·10³⁰⁰). Covariances of such data
 * cannot be represented, and a silent jitter of 1e-10 (or Infinity) would replace them.
 */
function checkRepresentable(X: Float64Array, n: number, d: number, w: Float64Array | null, mean: Float64Array, dataVar: Float64Array): void {
  for (let a = 0; a < d; a++) {
    let dev = 0;
    for (let i = 0; i < n; i++) if (w === null || w[i] > 0) dev = Math.max(dev, Math.abs(X[i * d + a] - mean[a]));
    const v = dataVar[a];
    if (!Number.isFinite(v) || !Number.isFinite(dev) || (dev > 0 && v < 1e-280)) {
      const big = !Number.isFinite(v) || !Number.isFinite(dev);
      throw new DomainError(
        `fitGaussianMixture: column ${a} of X varies by up to ${dev.toExponential(2)}, so its variance ${big ? "overflows" : "underflows"} ` +
          "double precision and the covariances cannot be represented. Rescale X first (e.g. standardise the columns, or multiply by " +
          `${big ? "1e-300" : "1e300"}) and scale the fitted means back by the same factor, the covariances by its square.`,
      );
    }
  }
}

/**
 * Why the data covariance (before regCovar) is singular for this covariance type, or null: a constant
 * column (every type but spherical), all columns constant (spherical), or (full, tied) columns that
 * are linearly dependent, judged on the correlation matrix (pivot below 1e-12: dependent to ~6 digits).
 */
function singularData(full: Float64Array, dataVar: Float64Array, d: number, type: CovarianceType): string | null {
  const constant: number[] = [];
  for (let a = 0; a < d; a++) if (!(dataVar[a] > 0)) constant.push(a);
  if (constant.length === d) return "every column is constant (all rows are equal, e.g. a single observation)";
  if (type === "spherical") return null;
  if (constant.length > 0) {
    return `column${constant.length > 1 ? "s" : ""} ${constant.join(", ")} ${constant.length > 1 ? "are" : "is"} constant`;
  }
  if (type === "diag") return null;
  const R = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) R[a * d + b] = full[a * d + b] / Math.sqrt(dataVar[a] * dataVar[b]);
  const L = new Float64Array(d * d);
  let ok = choleskyLower(R, d, L);
  for (let a = 0; ok && a < d; a++) if (L[a * d + a] * L[a * d + a] < 1e-12) ok = false;
  return ok ? null : "the columns are linearly dependent (one is, to 6 digits or more, a combination of the others, or there are at most d distinct rows)";
}

function record(ctx: GmmContext, iteration: number, component: number, kind: Degeneracy["kind"], action: string): void {
  for (let t = ctx.degeneracies.length - 1; t >= 0; t--) {
    const r = ctx.degeneracies[t];
    if (r.lastIteration < iteration - 1) break;
    if (r.component === component && r.kind === kind && r.lastIteration === iteration - 1) {
      r.lastIteration = iteration;
      r.count++;
      r.action = action;
      return;
    }
  }
  ctx.degeneracies.push({ iteration, lastIteration: iteration, count: 1, component, kind, action });
}

/**
 * Applies the degeneracy policy to raw M-step output and factorises the covariances.
 * @param logDens per-point fit (log-density, lower = worse) used to re-seed empty components
 * @internal
 */
export function finalizeParams(
  raw: { weights: Float64Array; means: Float64Array; cov: Float64Array },
  nk: Float64Array,
  logDens: Float64Array,
  ctx: GmmContext,
  iteration: number,
): GmmParams {
  const { X, n, d, k, type, w } = ctx;
  const strategy = covarianceStrategy(type);
  const { weights, means, cov } = raw;
  // 1. Empty components.
  const used = new Set<number>();
  let reseeded = false;
  for (let c = 0; c < k; c++) {
    let finiteMean = true;
    for (let a = 0; a < d; a++) if (!Number.isFinite(means[c * d + a])) finiteMean = false;
    if (nk[c] >= 1e-12 * ctx.totalWeight && finiteMean && weights[c] > 0) continue;
    let worst = -1;
    for (let i = 0; i < n; i++) {
      if ((w !== null && !(w[i] > 0)) || used.has(i)) continue;
      if (worst < 0 || logDens[i] < logDens[worst]) worst = i;
    }
    if (worst < 0) worst = 0;
    used.add(worst);
    for (let a = 0; a < d; a++) means[c * d + a] = X[worst * d + a];
    strategy.reseedCovariance(cov, ctx.fallbackCov, d, c);
    weights[c] = 1 / k;
    reseeded = true;
    ctx.collapsed.delete(c);
    record(ctx, iteration, c, "empty", `re-seeded at observation ${worst} (the worst-fitted point) with the data covariance and weight 1/k`);
  }
  if (reseeded) {
    let s = 0;
    for (let c = 0; c < k; c++) s += weights[c];
    for (let c = 0; c < k; c++) weights[c] /= s;
  }
  // 2. Factorise; jitter what is not positive-definite.
  const invChol = new Float64Array(cov.length);
  const logDet = new Float64Array(k);
  const nFactors = strategy.shared ? 1 : k;
  for (let c = 0; c < nFactors; c++) {
    let ld = strategy.factor(cov, invChol, d, c);
    if (ld === null) {
      let eps = Math.max(ctx.regCovar, ctx.jitter0);
      let tries = 0;
      while (ld === null && tries < 60) {
        strategy.addJitter(cov, d, c, eps);
        ld = strategy.factor(cov, invChol, d, c);
        if (ld === null) eps *= 10;
        tries++;
      }
      if (ld === null) {
        strategy.replaceCovariance(cov, ctx.fallbackCov, d, c);
        ld = strategy.factor(cov, invChol, d, c) as number;
        record(ctx, iteration, c, "singularCovariance", "covariance replaced by the data covariance (jitter did not help)");
      } else {
        record(ctx, iteration, c, "singularCovariance", `added ${eps.toPrecision(3)} to the diagonal`);
      }
    }
    logDet[c] = ld;
  }
  if (strategy.shared) logDet.fill(logDet[0]);
  // 3. Collapse detection (report only). Conditional variances of Σ + εI are ≥ ε, and ≈ 2ε or
  // less when Σ itself is singular in that direction, so ≤ 3·regCovar means "mostly regularisation".
  for (let c = 0; c < nFactors; c++) {
    if (ctx.collapsed.has(c)) continue;
    let worst = Infinity;
    let why = "";
    for (let a = 0; a < d; a++) {
      const v = strategy.conditionalVariance(cov, invChol, d, c, a);
      const dv = ctx.dataVar[a];
      const ratio = dv > 0 ? v / dv : Infinity;
      if (ratio < 1e-10 && ratio < worst) {
        worst = ratio;
        why = `a variance is ${ratio.toExponential(2)} × the data variance`;
      } else if (ctx.regCovar > 0 && v <= 3 * ctx.regCovar && dv > 0 && worst === Infinity) {
        worst = ratio;
        why = `a variance (${v.toExponential(2)}) is mostly regCovar (${ctx.regCovar}): the component sits on a point or subspace, or regCovar is large for the data scale`;
      }
    }
    if (worst < Infinity) {
      ctx.collapsed.add(c);
      record(ctx, iteration, c, "collapsed", `kept: ${why}`);
    }
  }
  return { weights, means, cov, invChol, logDet };
}

/**
 * Initial parameters: explicit, or from k-means++ + Lloyd / random centres and one M-step.
 * @internal
 */
export function initialParams(
  ctx: GmmContext,
  init: "kmeans++" | "random" | GaussianMixtureParams,
  rng: Rng,
  stats: GmmStats,
  fn: string,
): GmmParams {
  const { X, n, d, k, type, w } = ctx;
  if (typeof init === "object") return paramsFromUser(init, type, k, d, fn, "init");
  const centers = init === "kmeans++" ? kmeansPlusPlus(X, n, d, k, w, rng) : randomCenters(X, n, d, k, w, rng);
  let meanVar = 0;
  for (let a = 0; a < d; a++) meanVar += ctx.dataVar[a] / d;
  const labels = lloyd(X, n, d, k, w, centers, init === "kmeans++" ? 300 : 1, 1e-4 * meanVar);
  hardStats(X, n, d, k, type, labels, centers, w, stats);
  const copies = covarianceStrategy(type).shared ? 1 : k;
  const prevCov = new Float64Array(copies * ctx.fallbackCov.length);
  for (let c = 0; c < copies; c++) prevCov.set(ctx.fallbackCov, c * ctx.fallbackCov.length);
  const prev = { weights: new Float64Array(k), means: centers, cov: prevCov, invChol: prevCov, logDet: new Float64Array(k) };
  const raw = mStepKernel(stats, prev, type, d, k, ctx.regCovar);
  return finalizeParams(raw, stats.nk, stats.logDens, ctx, 0);
}

/**
 * The mixture as an {@link EMModel}: E-step and M-step kernels plus the degeneracy policy.
 * `eStepWith` replaces the complete-data E-step (the missing-value E-step of missing.ts fills the
 * same statistics, so the M-step and the policy are shared).
 * @internal
 */
export function gaussianMixtureEM(
  ctx: GmmContext,
  stats: GmmStats,
  trackElbo: boolean,
  eStepWith?: (params: GmmParams, stats: GmmStats) => number,
): EMModel<GmmParams, GmmStats> {
  const { X, n, d, k, type, w } = ctx;
  let iteration = 0;
  const model: EMModel<GmmParams, GmmStats> = {
    eStep(params) {
      const logLikelihood = eStepWith ? eStepWith(params, stats) : eStepKernel(X, n, d, k, type, params, w, stats);
      return { stats, logLikelihood };
    },
    mStep(s, prev) {
      iteration++;
      const raw = mStepKernel(s, prev, type, d, k, ctx.regCovar);
      if (ctx.fixed === null) return finalizeParams(raw, s.nk, s.logDens, ctx, iteration);
      constrainRaw(raw, ctx.fixed, type, k, d);
      return withFixedBlocks(finalizeParams(raw, s.nk, s.logDens, ctx, iteration), ctx.fixed, type, k, d, "fitGaussianMixture");
    },
    clone: (p) => ({
      weights: p.weights.slice(),
      means: p.means.slice(),
      cov: p.cov.slice(),
      invChol: p.invChol.slice(),
      logDet: p.logDet.slice(),
    }),
    flatten: (p) => {
      const out = new Float64Array(p.weights.length + p.means.length + p.cov.length);
      out.set(p.weights, 0);
      out.set(p.means, p.weights.length);
      out.set(p.cov, p.weights.length + p.means.length);
      return out;
    },
    // For SQUAREM: null when an extrapolated weight is negative or a covariance is not positive-definite.
    unflatten: (v, like) => {
      const weights = readSimplex(v, 0, k);
      const means = readFinite(v, k, k * d);
      const cov = readFinite(v, k + k * d, like.cov.length);
      if (!weights || !means || !cov) return null;
      const p = withFactors({ weights: Float64Array.from(weights), means: Float64Array.from(means), cov: Float64Array.from(cov) }, type, k, d);
      return typeof p === "number" ? null : p;
    },
  };
  if (trackElbo) model.elbo = (s, p) => elboKernel(X, n, d, k, type, p, w, s.resp);
  return model;
}

export { allocStats };
