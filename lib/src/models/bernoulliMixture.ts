/**
 * Mixtures of multivariate Bernoulli distributions (latent class analysis for binary data), fitted
 * by EM on the generic engine.
 *
 * p(x) = Σ_k w_k Π_j p_kj^x_j (1 − p_kj)^(1−x_j) for x ∈ {0, 1}^d. E-step: responsibilities
 * r_ik ∝ w_k p(x_i | k). M-step: w_k = Σ_i r_ik / n, p_kj = Σ_i r_ik x_ij / Σ_i r_ik.
 *
 * The M-step clamps each p_kj to [ε, 1 − ε] with ε = {@link BERNOULLI_MIXTURE_EPS} (1e-10): at exactly 0
 * or 1 a single contrary observation would make that component impossible for it. Q is concave in
 * p_kj, so the clamped value is the constrained maximiser and the log-likelihood still cannot
 * decrease; the change to the estimates is at most 1e-10. A component with zero responsibility keeps
 * its previous probabilities.
 * @module
 */
import { DomainError, InvalidInputError, ShapeError } from "../core/errors.js";
import { logSumExp } from "../core/special.js";
import { int, option, parseOptions, type AssertSameType, type OptionsOf } from "../core/options.js";
import { assertNumber } from "../core/validate.js";
import type { EMModel } from "../em/engine.js";
import { emFitFields, informationCriteria, isEMFit, type EMFit, type InformationCriteria } from "../em/fit.js";
import { componentPermutation, ORDER_OPTION, type ComponentOrder } from "../em/order.js";
import { readFinite, readSimplex } from "../em/unflatten.js";
import { constrainedStandardErrors, type ParameterBlock } from "../inference/constrained-information.js";
import { EM_FIT_OPTIONS, runRestarts, stoppingOf, type EMFitOptions } from "../em/restarts.js";

/**
 * Lower/upper clamp of the Bernoulli probabilities in the M-step (see the module doc).
 * @example
 * const fit = fitBernoulliMixture([[1, 1], [1, 1], [1, 0], [0, 0], [0, 0], [0, 1]], { k: 2, seed: 1 });
 * fit.probabilities[0][0] >= BERNOULLI_MIXTURE_EPS; // → true — always
 */
export const BERNOULLI_MIXTURE_EPS = 1e-10;

/**
 * Parameters of a K-component mixture of d-variate Bernoullis.
 * @example
 * const init: BernoulliMixtureParams = { weights: [0.5, 0.5], probabilities: [[0.9, 0.8], [0.1, 0.3]] };
 */
export interface BernoulliMixtureParams {
  /** Mixing weights, length K, sum 1. */
  weights: number[];
  /** K×d success probabilities: probabilities[k][j] = P(x_j = 1 | component k). */
  probabilities: number[][];
}

/**
 * E-step statistics (reused buffer): n×K responsibilities.
 * @example
 * const init: BernoulliMixtureParams = { weights: [0.5, 0.5], probabilities: [[0.9, 0.8], [0.1, 0.3]] };
 * const { stats } = bernoulliMixtureModel([[1, 0], [0, 1]]).eStep(init); stats.responsibilities;
 */
export interface BernoulliMixtureStats {
  responsibilities: Float64Array;
}

/**
 * Options of {@link fitBernoulliMixture}.
 * @example
 * const opts: BernoulliMixtureOptions = { k: 3, nInit: 10, seed: 2 };
 */
export interface BernoulliMixtureOptions extends EMFitOptions {
  /** Number of components K (integer ≥ 1, ≤ n). */
  k: number;
  /** Starting values for the first run, or a previous fit (warm start: its weights and probabilities). */
  init?: BernoulliMixtureParams | BernoulliMixtureFit;
  /** Order of the reported components (see ComponentOrder): "none" (default, as fitted), "weight" (decreasing) or "mean" (increasing mean probability). */
  order?: ComponentOrder;
}

/**
 * What {@link fitBernoulliMixture} returns.
 * @example
 * const X = [[1, 1, 0], [1, 1, 1], [1, 0, 1], [0, 0, 1], [0, 1, 0], [0, 0, 0]];
 * const { weights, probabilities }: BernoulliMixtureFit = fitBernoulliMixture(X, { k: 2, seed: 1 });
 */
export interface BernoulliMixtureFit extends EMFit<BernoulliMixtureParams>, InformationCriteria {
  /** Mixing weights, components in the `order` asked for. nParameters = (K − 1) + K d. */
  weights: number[];
  /** K×d success probabilities. */
  probabilities: number[][];
  /** n×K posterior component probabilities. */
  responsibilities: number[][];
}

interface BinaryData {
  x: Uint8Array;
  n: number;
  d: number;
}

function toBinary(X: unknown, fn: string): BinaryData {
  if (!Array.isArray(X) || X.length === 0) throw new InvalidInputError(`${fn}: X must be a non-empty array of rows of 0/1 values.`);
  const first = X[0] as unknown;
  if (!Array.isArray(first) && !ArrayBuffer.isView(first)) {
    throw new ShapeError(`${fn}: X must be an array of rows (number[][]); for one variable pass x.map(v => [v]).`);
  }
  const n = X.length;
  const d = (first as ArrayLike<unknown>).length;
  if (d === 0) throw new ShapeError(`${fn}: X[0] is empty.`);
  const x = new Uint8Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = X[i] as ArrayLike<unknown>;
    if (!row || typeof row !== "object" || row.length !== d) {
      throw new ShapeError(`${fn}: X is ragged: row 0 has ${d} columns but row ${i} does not.`);
    }
    for (let j = 0; j < d; j++) {
      const v = row[j];
      if (v === true || v === false) {
        x[i * d + j] = v ? 1 : 0;
        continue;
      }
      if (v !== 0 && v !== 1) {
        throw new DomainError(
          `${fn}: X[${i}][${j}] = ${String(v)}; a Bernoulli mixture needs binary data (0/1 or true/false). ` +
            `Dichotomise the variable first, e.g. v > threshold ? 1 : 0.`,
        );
      }
      x[i * d + j] = v;
    }
  }
  return { x, n, d };
}

function checkParams(p: unknown, k: number, d: number, fn: string): BernoulliMixtureParams {
  const q = p as Partial<BernoulliMixtureParams> | null;
  if (!q || !Array.isArray(q.weights) || !Array.isArray(q.probabilities)) {
    throw new InvalidInputError(`${fn}: init must be { weights: number[], probabilities: number[][] }.`);
  }
  if (q.weights.length !== k || q.probabilities.length !== k) throw new ShapeError(`${fn}: init needs ${k} weights and ${k} probability rows.`);
  let s = 0;
  for (let c = 0; c < k; c++) {
    assertNumber(q.weights[c], fn, `init.weights[${c}]`, { ge: 0 });
    s += q.weights[c];
    const row = q.probabilities[c];
    if (!Array.isArray(row) || row.length !== d) throw new ShapeError(`${fn}: init.probabilities[${c}] must have length d = ${d}.`);
    for (let j = 0; j < d; j++) assertNumber(row[j], fn, `init.probabilities[${c}][${j}]`, { ge: 0, le: 1 });
  }
  if (Math.abs(s - 1) > 1e-6) throw new DomainError(`${fn}: init.weights sum to ${s}, not 1.`);
  return { weights: q.weights.map((w) => w / s), probabilities: q.probabilities.map((r) => r.slice()) };
}

function buildModel(data: BinaryData): EMModel<BernoulliMixtureParams, BernoulliMixtureStats> {
  const { x, n, d } = data;
  const nObservations = n;
  let resp = new Float64Array(0);
  let logP = new Float64Array(0);
  let log1mP = new Float64Array(0);
  let buf = new Float64Array(0);
  return {
    nObservations,
    eStep(params) {
      const k = params.weights.length;
      if (resp.length !== n * k) {
        resp = new Float64Array(n * k);
        logP = new Float64Array(k * d);
        log1mP = new Float64Array(k * d);
        buf = new Float64Array(k);
      }
      const base = new Float64Array(k);
      for (let c = 0; c < k; c++) {
        base[c] = Math.log(params.weights[c]);
        for (let j = 0; j < d; j++) {
          const p = params.probabilities[c][j];
          logP[c * d + j] = Math.log(p);
          log1mP[c * d + j] = Math.log1p(-p);
        }
      }
      let ll = 0;
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < k; c++) {
          let s = base[c];
          const o = c * d;
          for (let j = 0; j < d; j++) s += x[i * d + j] === 1 ? logP[o + j] : log1mP[o + j];
          buf[c] = s;
        }
        const lse = logSumExp(buf, 0, k);
        if (lse === -Infinity) return { stats: { responsibilities: resp }, logLikelihood: -Infinity };
        ll += lse;
        for (let c = 0; c < k; c++) resp[i * k + c] = Math.exp(buf[c] - lse);
      }
      return { stats: { responsibilities: resp }, logLikelihood: ll };
    },
    mStep(stats, previous) {
      const k = previous.weights.length;
      const r = stats.responsibilities;
      const nk = new Float64Array(k);
      const s1 = new Float64Array(k * d);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < k; c++) {
          const w = r[i * k + c];
          nk[c] += w;
          for (let j = 0; j < d; j++) if (x[i * d + j] === 1) s1[c * d + j] += w;
        }
      }
      const eps = BERNOULLI_MIXTURE_EPS;
      const weights = Array.from(nk, (v) => v / n);
      const probabilities = Array.from({ length: k }, (_, c) =>
        nk[c] > 0
          ? Array.from({ length: d }, (_, j) => Math.min(1 - eps, Math.max(eps, s1[c * d + j] / nk[c])))
          : previous.probabilities[c].slice(),
      );
      return { weights, probabilities };
    },
    clone: (p) => ({ weights: p.weights.slice(), probabilities: p.probabilities.map((r) => r.slice()) }),
    flatten: (p) => [...p.weights, ...p.probabilities.flat()],
    unflatten: (v, like) => {
      const k = like.weights.length;
      const d = like.probabilities[0].length;
      const weights = readSimplex(v, 0, k);
      if (!weights) return null;
      const probabilities: number[][] = [];
      for (let c = 0; c < k; c++) {
        const row = readFinite(v, k + c * d, d);
        if (!row || row.some((q) => q < 0 || q > 1)) return null;
        probabilities.push(row);
      }
      return { weights, probabilities };
    },
  };
}

/**
 * The Bernoulli-mixture {@link EMModel} for binary rows X (n×d), for runEM / emSteps.
 * @example
 * const model = bernoulliMixtureModel([[1, 1, 0], [1, 1, 1], [0, 0, 1], [0, 0, 0]]);
 * runEM(model, { weights: [0.5, 0.5], probabilities: [[0.8, 0.7, 0.5], [0.2, 0.3, 0.5]] }).params;
 */
export function bernoulliMixtureModel(X: ArrayLike<number | boolean>[]): EMModel<BernoulliMixtureParams, BernoulliMixtureStats> {
  return buildModel(toBinary(X, "bernoulliMixtureModel"));
}

const OPTIONS = {
  k: int({ min: 1, required: true, doc: "the number of components" }),
  init: option<BernoulliMixtureParams | BernoulliMixtureFit, unknown>((v) => (isEMFit(v) ? { weights: (v as unknown as BernoulliMixtureFit).weights, probabilities: (v as unknown as BernoulliMixtureFit).probabilities } : v)),
  order: ORDER_OPTION,
  ...EM_FIT_OPTIONS,
};
const optionsAgree: AssertSameType<OptionsOf<typeof OPTIONS>, BernoulliMixtureOptions> = true;
void optionsAgree;

/**
 * Fits a K-component mixture of independent Bernoullis (latent class model) to binary rows by EM,
 * from `nInit` starts.
 * @param X n×d rows of 0/1 (or booleans)
 * @param options `k` is required; see {@link BernoulliMixtureOptions}
 * @example
 * const X = [[1, 1, 0, 0], [1, 1, 1, 0], [0, 0, 1, 1], [0, 1, 1, 1], [1, 1, 0, 0], [0, 0, 0, 1]];
 * const fit = fitBernoulliMixture(X, { k: 2, nInit: 5, seed: 1 });
 * fit.probabilities; // one row per latent class: P(item j = 1 | class)
 * fit.responsibilities[0]; // posterior class probabilities of the first row
 */
export function fitBernoulliMixture(X: ArrayLike<number | boolean>[], options: BernoulliMixtureOptions): BernoulliMixtureFit {
  const fn = "fitBernoulliMixture";
  const o = parseOptions(OPTIONS, options, fn);
  const { k, seed: rng } = o;
  const data = toBinary(X, fn);
  const { n, d } = data;
  if (k > n) throw new ShapeError(`${fn}: k = ${k} components but only ${n} rows; use k ≤ ${n}.`);
  const init = o.init !== undefined ? checkParams(o.init, k, d, fn) : undefined;
  const model = buildModel(data);
  const randomStart = (): BernoulliMixtureParams => ({
    weights: new Array<number>(k).fill(1 / k),
    probabilities: Array.from({ length: k }, () => Array.from({ length: d }, () => 0.25 + 0.5 * rng.uniform())),
  });
  const { best: res, restarts } = runRestarts({
    nInit: o.nInit,
    prepare: (r) => ({ model, init: r === 0 && init ? init : randomStart(), context: null }),
    options: stoppingOf(o),
  });
  const meanProbability = (c: number): number[] => [res.params.probabilities[c].reduce((a, b) => a + b, 0) / d];
  const order = componentPermutation(o.order, res.params.weights, meanProbability);
  const reorder = (p: BernoulliMixtureParams): BernoulliMixtureParams => ({
    weights: order.map((c) => p.weights[c]),
    probabilities: order.map((c) => p.probabilities[c].slice()),
  });
  const { weights, probabilities } = reorder(res.params);
  const { stats } = model.eStep({ weights, probabilities });
  const responsibilities = Array.from({ length: n }, (_, i) => Array.from(stats.responsibilities.subarray(i * k, i * k + k)));
  return {
    weights,
    probabilities,
    ...emFitFields(res, restarts, "logLikelihood", reorder),
    ...informationCriteria(res.logLikelihood, k - 1 + k * d, n),
    responsibilities,
  };
}

/** Standard errors of a Bernoulli mixture's parameters ({@link bernoulliMixtureStandardErrors}). */
export interface BernoulliMixtureStandardErrors {
  /** SE of each weight (the weights' errors balance: they sum to 1). */
  weights: number[];
  /** SE of each success probability, k×d. */
  probabilities: number[][];
  /** Covariance of (weights, probabilities row by row), in the order of `names`. */
  covariance: number[][];
  /** "weights[c]" then "probabilities[c][j]". */
  names: string[];
  /**
   * Entries held fixed on the boundary, with SE 0: a weight within 1e-8 of 0 or 1, a probability at
   * the fit's clamp (BERNOULLI_MIXTURE_EPS from 0 or 1: a column all 0 or all 1 within a component).
   */
  atBoundary: string[];
}

/**
 * Standard errors of a fitted Bernoulli mixture, from the observed information in unconstrained
 * coordinates (softmax weights, logit probabilities) carried back by the delta method (see
 * constrainedStandardErrors). With k = 1 each probability's SE is the closed form √(p̂(1 − p̂)/n).
 * @param fit a result of fitBernoulliMixture (or its { weights, probabilities }) at a maximum for `X`
 * @param X the binary rows it was fitted to
 * @example
 * const X = [[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 0], [0, 0, 0]];
 * const fit = fitBernoulliMixture(X, { k: 1 });
 * bernoulliMixtureStandardErrors(fit, X).probabilities; // → [[0.1768, 0.1768, 0.1768]] — √(p(1 − p)/n) with p = 1/2, n = 8
 */
export function bernoulliMixtureStandardErrors(fit: BernoulliMixtureParams, X: ArrayLike<number | boolean>[]): BernoulliMixtureStandardErrors {
  const fn = "bernoulliMixtureStandardErrors";
  if (!fit || !Array.isArray(fit.weights) || !Array.isArray(fit.probabilities)) {
    throw new InvalidInputError(`${fn}: pass the result of fitBernoulliMixture (or { weights, probabilities }).`);
  }
  const model = bernoulliMixtureModel(X);
  const k = fit.weights.length;
  const d = fit.probabilities[0]?.length ?? 0;
  const edge = 2 * BERNOULLI_MIXTURE_EPS;
  const blocks: ParameterBlock[] = [{ name: "weights", values: fit.weights, kind: "simplex", edge: 1e-8 }];
  fit.probabilities.forEach((row, c) => {
    for (let j = 0; j < row.length; j++) blocks.push({ name: `probabilities[${c}][${j}]`, values: [row[j]], kind: "unit", edge });
  });
  const r = constrainedStandardErrors(
    (t) => model.eStep({ weights: Array.from(t.subarray(0, k)), probabilities: Array.from({ length: k }, (_, c) => Array.from(t.subarray(k + c * d, k + (c + 1) * d))) }).logLikelihood,
    blocks,
    fn,
  );
  const n = k + k * d;
  return {
    weights: Array.from(r.se.subarray(0, k)),
    probabilities: Array.from({ length: k }, (_, c) => Array.from(r.se.subarray(k + c * d, k + (c + 1) * d))),
    covariance: Array.from({ length: n }, (_, i) => Array.from(r.covariance.subarray(i * n, (i + 1) * n))),
    names: r.names,
    atBoundary: r.atBoundary,
  };
}
