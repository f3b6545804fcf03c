/**
 * Finite mixtures of Poisson distributions, fitted by EM on the generic engine.
 *
 * p(x) = Σ_k w_k Poisson(x; λ_k). E-step: responsibilities r_ik ∝ w_k Poisson(x_i; λ_k).
 * M-step: w_k = Σ_i r_ik / n, λ_k = Σ_i r_ik x_i / Σ_i r_ik. Repeated counts are grouped, so one
 * iteration costs O(#distinct values × K), not O(n K).
 *
 * A component with zero responsibility keeps its previous rate (with weight 0 any rate maximises Q).
 * @module
 */
import { DomainError, InvalidInputError, ShapeError } from "../core/errors.js";
import { lgamma, logSumExp } from "../core/special.js";
import { int, option, parseOptions, type AssertSameType, type OptionsOf } from "../core/options.js";
import { assertNumber } from "../core/validate.js";
import type { EMModel } from "../em/engine.js";
import { emFitFields, informationCriteria, isEMFit, type EMFit, type InformationCriteria } from "../em/fit.js";
import { componentPermutation, ORDER_OPTION, type ComponentOrder } from "../em/order.js";
import { readAbove, readSimplex } from "../em/unflatten.js";
import { constrainedStandardErrors } from "../inference/constrained-information.js";
import { EM_FIT_OPTIONS, runRestarts, stoppingOf, type EMFitOptions } from "../em/restarts.js";

/**
 * Parameters of a K-component Poisson mixture.
 * @example
 * const init: PoissonMixtureParams = { weights: [0.5, 0.5], rates: [10, 30] };
 */
export interface PoissonMixtureParams {
  /** Mixing weights, length K, sum 1. */
  weights: number[];
  /** Component rates λ_k ≥ 0, length K. */
  rates: number[];
}

/**
 * E-step statistics: per distinct value, the responsibilities (U×K, reused buffer).
 * @example
 * const init: PoissonMixtureParams = { weights: [0.5, 0.5], rates: [1, 8] };
 * const { stats } = poissonMixtureModel([1, 5, 9]).eStep(init); stats.responsibilities;
 */
export interface PoissonMixtureStats {
  /** U×K responsibilities of each distinct value. */
  responsibilities: Float64Array;
}

/**
 * Options of {@link fitPoissonMixture}.
 * @example
 * const opts: PoissonMixtureOptions = { k: 2, nInit: 5, seed: 1 };
 */
export interface PoissonMixtureOptions extends EMFitOptions {
  /** Number of components K (integer ≥ 1). */
  k: number;
  /** Starting values for the first run, or a previous fit (warm start: its weights and rates). */
  init?: PoissonMixtureParams | PoissonMixtureFit;
  /** Order of the reported components (see ComponentOrder): "none" (default, as fitted), "weight" or "mean" (increasing rate). */
  order?: ComponentOrder;
}

/**
 * What {@link fitPoissonMixture} returns.
 * @example
 * const counts = readCsv("data/earthquakes.csv").numbers("count");
 * const { weights, rates, bic }: PoissonMixtureFit = fitPoissonMixture(counts, { k: 2 });
 */
export interface PoissonMixtureFit extends EMFit<PoissonMixtureParams>, InformationCriteria {
  /** Mixing weights, components in the `order` asked for. */
  weights: number[];
  /** Rates λ_k. */
  rates: number[];
  /** Maximised log-likelihood Σ_i log p(x_i) (including the log x_i! terms). nParameters = 2K − 1. */
  logLikelihood: number;
  /** n×K posterior component probabilities of each observation (in the input order). */
  responsibilities: number[][];
}

function toCounts(counts: unknown, fn: string): Float64Array {
  if (!Array.isArray(counts) && !(ArrayBuffer.isView(counts) && !(counts instanceof DataView))) {
    throw new InvalidInputError(`${fn}: counts must be an array of non-negative integers.`);
  }
  const a = counts as ArrayLike<unknown>;
  if (a.length === 0) throw new InvalidInputError(`${fn}: counts is empty.`);
  const x = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== "number") throw new InvalidInputError(`${fn}: counts[${i}] is ${v === null ? "null" : typeof v}, not a number.`);
    if (!Number.isFinite(v) || v < 0 || !Number.isInteger(v)) {
      throw new DomainError(`${fn}: counts[${i}] = ${v}; a Poisson mixture needs non-negative integer counts (remove missing values first).`);
    }
    x[i] = v;
  }
  return x;
}

/** Distinct values with multiplicities, and each observation's index into them. */
function groupValues(x: Float64Array): { values: Float64Array; mult: Float64Array; index: Int32Array } {
  const map = new Map<number, number>();
  const vals: number[] = [];
  const mult: number[] = [];
  const index = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let u = map.get(x[i]);
    if (u === undefined) {
      u = vals.length;
      map.set(x[i], u);
      vals.push(x[i]);
      mult.push(0);
    }
    mult[u]++;
    index[i] = u;
  }
  return { values: Float64Array.from(vals), mult: Float64Array.from(mult), index };
}

function checkParams(p: unknown, k: number, fn: string, name: string): PoissonMixtureParams {
  const q = p as Partial<PoissonMixtureParams> | null;
  if (!q || !Array.isArray(q.weights) || !Array.isArray(q.rates)) {
    throw new InvalidInputError(`${fn}: ${name} must be { weights: number[], rates: number[] }.`);
  }
  if (q.weights.length !== k || q.rates.length !== k) throw new ShapeError(`${fn}: ${name}.weights and ${name}.rates must have length k = ${k}.`);
  let s = 0;
  for (let j = 0; j < k; j++) {
    assertNumber(q.weights[j], fn, `${name}.weights[${j}]`, { ge: 0 });
    assertNumber(q.rates[j], fn, `${name}.rates[${j}]`, { ge: 0 });
    s += q.weights[j];
  }
  if (Math.abs(s - 1) > 1e-6) throw new DomainError(`${fn}: ${name}.weights sum to ${s}, not 1.`);
  return { weights: q.weights.map((w) => w / s), rates: q.rates.slice() };
}

/**
 * The Poisson-mixture {@link EMModel} for the counts (for runEM / emSteps); {@link fitPoissonMixture}
 * adds restarts, ordering and criteria.
 * @example
 * const model = poissonMixtureModel([0, 1, 0, 7, 9, 8]);
 * runEM(model, { weights: [0.5, 0.5], rates: [1, 5] }).params.rates; // → [0.33, 7.97]
 */
export function poissonMixtureModel(counts: ArrayLike<number>): EMModel<PoissonMixtureParams, PoissonMixtureStats> & { readonly n: number } {
  const fn = "poissonMixtureModel";
  const x = toCounts(counts, fn);
  return buildModel(groupValues(x), x.length);
}

function buildModel(g: ReturnType<typeof groupValues>, n: number): EMModel<PoissonMixtureParams, PoissonMixtureStats> & { readonly n: number } {
  const { values, mult } = g;
  const U = values.length;
  const logFact = values.map((v) => lgamma(v + 1));
  let resp = new Float64Array(0);
  const lp = new Float64Array(64);
  return {
    n,
    nObservations: n,
    eStep(params) {
      const k = params.weights.length;
      if (resp.length !== U * k) resp = new Float64Array(U * k);
      const buf = k <= lp.length ? lp : new Float64Array(k);
      let ll = 0;
      for (let u = 0; u < U; u++) {
        const x = values[u];
        for (let j = 0; j < k; j++) {
          const lam = params.rates[j];
          const xl = x === 0 ? 0 : x * Math.log(lam);
          buf[j] = Math.log(params.weights[j]) + xl - lam - logFact[u];
        }
        const lse = logSumExp(buf, 0, k);
        if (lse === -Infinity) return { stats: { responsibilities: resp }, logLikelihood: -Infinity };
        ll += mult[u] * lse;
        for (let j = 0; j < k; j++) resp[u * k + j] = Math.exp(buf[j] - lse);
      }
      return { stats: { responsibilities: resp }, logLikelihood: ll };
    },
    mStep(stats, previous) {
      const k = previous.weights.length;
      const r = stats.responsibilities;
      const nk = new Float64Array(k);
      const sx = new Float64Array(k);
      for (let u = 0; u < U; u++) {
        for (let j = 0; j < k; j++) {
          const w = mult[u] * r[u * k + j];
          nk[j] += w;
          sx[j] += w * values[u];
        }
      }
      const weights = Array.from(nk, (v) => v / n);
      const rates = Array.from(nk, (v, j) => (v > 0 ? sx[j] / v : previous.rates[j]));
      return { weights, rates };
    },
    clone: (p) => ({ weights: p.weights.slice(), rates: p.rates.slice() }),
    flatten: (p) => [...p.weights, ...p.rates],
    unflatten: (v, like) => {
      const k = like.weights.length;
      const weights = readSimplex(v, 0, k);
      const rates = readAbove(v, k, k, 0);
      return weights && rates ? { weights, rates } : null;
    },
  };
}

const OPTIONS = {
  k: int({ min: 1, required: true, doc: "the number of components" }),
  init: option<PoissonMixtureParams | PoissonMixtureFit, unknown>((v) => (isEMFit(v) ? { weights: (v as unknown as PoissonMixtureFit).weights, rates: (v as unknown as PoissonMixtureFit).rates } : v)),
  order: ORDER_OPTION,
  ...EM_FIT_OPTIONS,
};
const optionsAgree: AssertSameType<OptionsOf<typeof OPTIONS>, PoissonMixtureOptions> = true;
void optionsAgree;

/**
 * Fits a K-component Poisson mixture to counts by EM (on the generic engine), from `nInit` starts.
 * @param counts non-negative integers
 * @param options `k` is required; see {@link PoissonMixtureOptions}
 * @example
 * import { readCsv, fitPoissonMixture } from "mlem";
 * const quakes = readCsv("data/earthquakes.csv").numbers("count");
 * const fit = fitPoissonMixture(quakes, { k: 2, nInit: 5, seed: 1, order: "mean" });
 * fit.rates;   // → [15.78, 26.84] — Zucchini & MacDonald 2009, Table 1.2
 * fit.weights; // → [0.676, 0.324]
 */
export function fitPoissonMixture(counts: ArrayLike<number>, options: PoissonMixtureOptions): PoissonMixtureFit {
  const fn = "fitPoissonMixture";
  const o = parseOptions(OPTIONS, options, fn);
  const { k, seed: rng } = o;
  const x = toCounts(counts, fn);
  const n = x.length;
  const g = groupValues(x);
  if (k > g.values.length) {
    throw new ShapeError(`${fn}: k = ${k} components but the data have only ${g.values.length} distinct values; use k ≤ ${g.values.length}.`);
  }
  const init = o.init !== undefined ? checkParams(o.init, k, fn, "init") : undefined;
  const model = buildModel(g, n);
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const randomStart = (): PoissonMixtureParams => {
    // k distinct observed values (jittered, floored away from 0) as rates; equal weights.
    const idx = rng.permutation(g.values.length).slice(0, k);
    const rates = idx.map((u) => Math.max(g.values[u], 0.1 * mean, 1e-3) * (1 + 0.05 * rng.uniform())).sort((a, b) => a - b);
    return { weights: new Array<number>(k).fill(1 / k), rates };
  };
  const { best: res, restarts } = runRestarts({
    nInit: o.nInit,
    prepare: (r) => ({ model, init: r === 0 && init ? init : randomStart(), context: null }),
    options: stoppingOf(o),
  });
  const order = componentPermutation(o.order, res.params.weights, (j) => [res.params.rates[j]]);
  const reorder = (p: PoissonMixtureParams): PoissonMixtureParams => ({ weights: order.map((j) => p.weights[j]), rates: order.map((j) => p.rates[j]) });
  const { weights, rates } = reorder(res.params);
  const { stats } = model.eStep({ weights, rates });
  const responsibilities = Array.from(g.index, (u) => Array.from(stats.responsibilities.subarray(u * k, u * k + k)));
  return {
    weights,
    rates,
    ...emFitFields(res, restarts, "logLikelihood", reorder),
    ...informationCriteria(res.logLikelihood, 2 * k - 1, n),
    responsibilities,
  };
}

/** Standard errors of a Poisson mixture's parameters ({@link poissonMixtureStandardErrors}). */
export interface PoissonMixtureStandardErrors {
  /** SE of each weight (the weights' errors balance: they sum to 1). */
  weights: number[];
  /** SE of each rate. */
  rates: number[];
  /** Covariance of (weights, rates), in the order of `names`. */
  covariance: number[][];
  /** "weights[j]" then "rates[j]". */
  names: string[];
  /** Entries held fixed on the boundary (a weight within 1e-8 of 0 or 1, a rate of 0), with SE 0. */
  atBoundary: string[];
}

/**
 * Standard errors of a fitted Poisson mixture, from the observed information in unconstrained
 * coordinates (softmax weights, log rates) carried back by the delta method (see
 * constrainedStandardErrors). With k = 1 the rate's SE is the closed form √(λ̂/n).
 * @param fit a result of fitPoissonMixture (or its { weights, rates }) at a maximum for `counts`
 * @param counts the counts it was fitted to
 * @example
 * const quakes = readCsv("data/earthquakes.csv").numbers("count");
 * const fit = fitPoissonMixture(quakes, { k: 2, seed: 1, order: "mean", tol: 1e-13 });
 * poissonMixtureStandardErrors(fit, quakes).rates; // → [0.92, 1.90]
 */
export function poissonMixtureStandardErrors(fit: PoissonMixtureParams, counts: ArrayLike<number>): PoissonMixtureStandardErrors {
  const fn = "poissonMixtureStandardErrors";
  if (!fit || !Array.isArray(fit.weights) || !Array.isArray(fit.rates)) throw new InvalidInputError(`${fn}: pass the result of fitPoissonMixture (or { weights, rates }).`);
  const k = fit.weights.length;
  const params = checkParams({ weights: fit.weights, rates: fit.rates }, k, fn, "fit");
  const model = poissonMixtureModel(counts);
  const r = constrainedStandardErrors(
    (t) => model.eStep({ weights: Array.from(t.subarray(0, k)), rates: Array.from(t.subarray(k)) }).logLikelihood,
    [
      { name: "weights", values: params.weights, kind: "simplex", edge: 1e-8 },
      { name: "rates", values: params.rates, kind: "positive" },
    ],
    fn,
  );
  const n = 2 * k;
  return {
    weights: Array.from(r.se.subarray(0, k)),
    rates: Array.from(r.se.subarray(k)),
    covariance: Array.from({ length: n }, (_, i) => Array.from(r.covariance.subarray(i * n, (i + 1) * n))),
    names: r.names,
    atBoundary: r.atBoundary,
  };
}
