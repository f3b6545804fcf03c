/**
 * The basin atlas: where does EM end up from many starting points? Runs many seeded restarts and
 * groups the converged solutions up to label permutation (components matched by the Hungarian
 * algorithm, from the munkres package), reporting the distinct optima with their log-likelihoods
 * and how often each was found.
 * @module
 */
import { munkres } from "munkres";
import { DomainError, InvalidInputError, ShapeError } from "../core/errors.js";
import { int, nonNegative, oneOf, parseOptions, positive, seedOption, type AssertSameType, type OptionsOf } from "../core/options.js";
import { Rng } from "../core/rng.js";
import { rowsOf, toDenseMatrix, toVector, type MatrixLike, type MatrixObject } from "../core/validate.js";
import { STOPPING_OPTIONS, type EMStoppingOptions } from "../em/engine.js";
import { fittedFromRun, gaussianMixtureProblem, runGaussianMixture, type FittedGaussianMixture } from "./fit.js";
import { makeContext } from "./model.js";
import { COVARIANCE_TYPES, type CovarianceType } from "./options.js";

/** Options of {@link basinAtlas}. The stopping options follow the rule of runEM (default tol 1e-10 per observation). */
export interface BasinAtlasOptions extends EMStoppingOptions {
  /** Number of components (required). */
  k: number;
  /** Covariance structure; default "full". */
  covarianceType?: CovarianceType;
  /** Number of EM starts (restarts), each kept; default 50. */
  nInit?: number;
  /**
   * Seed of the starts: start r uses seed `seed + r` (default 0), so each run can be reproduced
   * alone; with an Rng, start r's seed is drawn from it (and reported in `seeds`).
   */
  seed?: number | Rng;
  /**
   * Initialisation of each restart: "random" (default: k data points as centres, so restarts really
   * explore) or "kmeans++" (k-means++ seeding then k-means; usually lands in the same basin).
   */
  init?: "random" | "kmeans++";
  /** As in {@link fitGaussianMixture}; default 1e-6. */
  regCovar?: number;
  /**
   * Two solutions are the same optimum when, after matching components, every mean differs by less
   * than `parameterTolerance` data standard deviations (per dimension) and every weight by less than
   * `parameterTolerance`. Default 1e-3 (EM's tolerance leaves differences around 1e-5).
   */
  parameterTolerance?: number;
}

/** One distinct optimum found by {@link basinAtlas}. */
export interface BasinOptimum {
  /** Total log-likelihood at this optimum (the best run in the group). */
  logLikelihood: number;
  /** How many restarts ended here. */
  count: number;
  /** count / restarts. */
  fraction: number;
  /** Seeds of the restarts that ended here. */
  seeds: number[];
  /** The best fitted model of the group. */
  model: FittedGaussianMixture;
  /** Whether some degeneracy (a collapsing or emptied component) was reported in this group. */
  degenerate: boolean;
}

/** Result of {@link basinAtlas}. */
export interface BasinAtlas {
  /** Distinct optima, best log-likelihood first. */
  optima: BasinOptimum[];
  /** Every restart: its seed, final log-likelihood, iterations, convergence and optimum index. */
  runs: Array<{ seed: number; logLikelihood: number; iterations: number; converged: boolean; optimum: number }>;
}

const ATLAS_OPTIONS = {
  k: int({ min: 1, required: true, doc: "the number of components" }),
  covarianceType: oneOf(COVARIANCE_TYPES as readonly CovarianceType[], { default: "full" }),
  nInit: int({ min: 1, default: 50 }),
  seed: seedOption(),
  init: oneOf(["random", "kmeans++"] as const, { default: "random" }),
  regCovar: nonNegative({ default: 1e-6 }),
  parameterTolerance: positive({ default: 1e-3 }),
  ...STOPPING_OPTIONS,
};
const optionsAgree: AssertSameType<OptionsOf<typeof ATLAS_OPTIONS>, BasinAtlasOptions> = true;
void optionsAgree;

/**
 * The permutation that best aligns the components of `b` with those of `a` (Hungarian algorithm on
 * the squared distance between means, scaled per dimension by `scale`): component `perm[c]` of b
 * corresponds to component c of a.
 * @param scale per-dimension scale (e.g. the data standard deviations); default all 1
 * @example
 * matchComponents([[0, 0], [5, 5]], [[5.1, 4.9], [0.1, 0]]); // → [1, 0]
 */
export function matchComponents(aIn: ArrayLike<ArrayLike<number>> | MatrixObject, bIn: ArrayLike<ArrayLike<number>> | MatrixObject, scale?: ArrayLike<number>): number[] {
  const fn = "matchComponents";
  const a = rowsOf(aIn) as ArrayLike<ArrayLike<number>>;
  const b = rowsOf(bIn) as ArrayLike<ArrayLike<number>>;
  for (const [name, m] of [["a", a], ["b", b]] as const) {
    if (m === null || typeof m !== "object" || typeof m.length !== "number") {
      throw new InvalidInputError(`${fn}: ${name} must be an array of component means (number[][]), got ${String(m)}.`);
    }
    for (let i = 0; i < m.length; i++) toVector(m[i], fn, `${name}[${i}]`);
  }
  if (scale !== undefined) {
    const s = toVector(scale, fn, "scale");
    for (let t = 0; t < s.length; t++) if (!(s[t] > 0)) throw new DomainError(`${fn}: scale[${t}] = ${s[t]}; scales must be > 0.`);
    if (a.length > 0 && s.length !== a[0].length) throw new ShapeError(`${fn}: scale has ${s.length} entries but the means have ${a[0].length}.`);
  }
  const k = a.length;
  if (b.length !== k) throw new InvalidInputError(`matchComponents: a has ${k} means but b has ${b.length}; both need the same number of components.`);
  const cost: number[][] = [];
  for (let i = 0; i < k; i++) {
    const row: number[] = [];
    for (let j = 0; j < k; j++) {
      const d = a[i].length;
      if (b[j].length !== d) throw new InvalidInputError(`matchComponents: means have different dimensions (${d} and ${b[j].length}).`);
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = (a[i][t] - b[j][t]) / (scale ? scale[t] : 1);
        s += diff * diff;
      }
      row.push(s);
    }
    cost.push(row);
  }
  const perm = new Array<number>(k).fill(-1);
  for (const [i, j] of munkres(cost)) perm[i] = j;
  return perm;
}

function sameOptimum(a: FittedGaussianMixture, b: FittedGaussianMixture, scale: Float64Array, tol: number): boolean {
  const perm = matchComponents(a.means, b.means, scale);
  for (let c = 0; c < a.k; c++) {
    const j = perm[c];
    if (Math.abs(a.weights[c] - b.weights[j]) > tol) return false;
    for (let t = 0; t < a.d; t++) if (Math.abs(a.means[c][t] - b.means[j][t]) > tol * scale[t]) return false;
  }
  return true;
}

/**
 * Runs EM from many seeded starting points and groups the solutions up to label permutation.
 * @param X data, n rows of d numbers
 * @returns the distinct optima (best first) with how often each was found, and every run
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const atlas = basinAtlas(X, { k: 3, nInit: 30, seed: 1 });
 * atlas.optima.map((o) => [o.logLikelihood, o.count]);
 */
export function basinAtlas(X: MatrixLike, options: BasinAtlasOptions): BasinAtlas {
  const fn = "basinAtlas";
  const o = parseOptions(ATLAS_OPTIONS, options, fn);
  const restarts = o.nInit;
  const tol = o.parameterTolerance;
  // Start r's seed: seed + r, or drawn from the given generator.
  const rng = o.seed;
  const seeds = Array.from({ length: restarts }, (_, r) => (options.seed instanceof Rng ? rng.int(0, 2 ** 31 - 1) : rng.seed + r));
  const dense = toDenseMatrix(X, fn, "X");
  const { k, covarianceType, regCovar, init } = o;
  const problem = gaussianMixtureProblem(dense, { k, covarianceType, regCovar, init, tol: o.tol, relTol: o.relTol, paramTol: o.paramTol, maxIter: o.maxIter, accelerate: o.accelerate }, fn);
  // Per-column standard deviations: the data variances the mixture's degeneracy policy already uses.
  const { dataVar } = makeContext(problem.data, problem.n, problem.d, k, "diag", null, 0);
  const scale = dataVar.map((v) => Math.sqrt(v) || 1);
  const optima: BasinOptimum[] = [];
  const runs: BasinAtlas["runs"] = [];
  // Every start through the one restart loop; each run is kept (as a fitted mixture) while its buffers are valid.
  runGaussianMixture(problem, restarts, (r) => new Rng(seeds[r]), (r, result, run) => {
    const fit = fittedFromRun(problem, result, run, [{ logLikelihood: result.logLikelihood, iterations: result.iterations, converged: result.converged }]);
    let index = optima.findIndex((opt) => sameOptimum(opt.model, fit, scale, tol));
    if (index < 0) {
      optima.push({ logLikelihood: fit.logLikelihood, count: 0, fraction: 0, seeds: [], model: fit, degenerate: false });
      index = optima.length - 1;
    }
    const opt = optima[index];
    opt.count++;
    opt.seeds.push(seeds[r]);
    opt.degenerate ||= fit.degeneracies.length > 0;
    if (fit.logLikelihood > opt.logLikelihood) {
      opt.logLikelihood = fit.logLikelihood;
      opt.model = fit;
    }
    runs.push({ seed: seeds[r], logLikelihood: fit.logLikelihood, iterations: fit.iterations, converged: fit.converged, optimum: index });
  });
  const order = optima.map((_, i) => i).sort((a, b) => optima[b].logLikelihood - optima[a].logLikelihood);
  const rank = new Array<number>(optima.length);
  order.forEach((old, pos) => (rank[old] = pos));
  for (const o of optima) o.fraction = o.count / restarts;
  for (const run of runs) run.optimum = rank[run.optimum];
  return { optima: order.map((i) => optima[i]), runs };
}
