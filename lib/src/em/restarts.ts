/**
 * The one multi-start loop of mlem: every EM fit (Gaussian, Poisson and Bernoulli mixtures, the
 * HMM, the mixture of regressions, the Bayesian mixture, LDA, the basin atlas) runs its starts
 * through {@link runRestarts}, with the options every multi-start fit takes
 * ({@link EMFitOptions}: nInit, seed, the stopping rule of {@link runEM}, snapshots).
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { int, seedOption } from "../core/options.js";
import type { Rng } from "../core/rng.js";
import { runEM, SNAPSHOTS_OPTION, STOPPING_OPTIONS, type EMAcceleration, type EMModel, type EMOptions, type EMResult, type EMStoppingOptions, type SnapshotSelection } from "./engine.js";

/**
 * What an EM fit climbs: the log-likelihood, or (variational fits: LDA, the Bayesian mixture) the
 * evidence lower bound. A fit's `objective` field names it, and the fit reports its final value,
 * its path and each start's end under that name (`fit[fit.objective]`, `fit.history[fit.objective]`).
 * @example
 * const counts = readCsv("data/earthquakes.csv").numbers("count");
 * const o: EMObjective = fitPoissonMixture(counts, { k: 2 }).objective; // → "logLikelihood" — fitLDA's is "elbo"
 */
export type EMObjective = "logLikelihood" | "elbo";

/**
 * One EM run of a multi-start fit: where it ended (the final objective under its name,
 * `logLikelihood` or `elbo`), after how many iterations, and whether it converged.
 * @example
 * const counts = readCsv("data/earthquakes.csv").numbers("count");
 * fitPoissonMixture(counts, { k: 2, nInit: 5 }).restarts.map((r: EMRestart) => r.logLikelihood);
 */
export type EMRestart<O extends EMObjective = "logLikelihood"> = { [K in O]: number } & {
  /** EM iterations of the run. */
  iterations: number;
  /** Whether the run met the stopping rule. */
  converged: boolean;
};

/**
 * The options every multi-start EM fit takes: the stopping rule ({@link EMStoppingOptions}, defined
 * once in the engine's docs), the number of starts and their seed, and snapshots of the kept run.
 * @example
 * const o: EMFitOptions = { nInit: 10, seed: 1, maxIter: 500 };
 */
export interface EMFitOptions extends EMStoppingOptions {
  /** Number of EM runs (the first from `init` if given, the others from random starts); the best is kept. Default 1. */
  nInit?: number;
  /** Seed of the random starts: an integer, or an {@link Rng} (then drawn from). Default 0. */
  seed?: number | Rng;
  /** Parameter snapshots of the kept run (see runEM). Default "none". */
  snapshots?: SnapshotSelection;
}

/**
 * {@link EMFitOptions} as an options table, to spread into a fit's table (later keys override a default).
 * @example
 * const TABLE = { k: int({ min: 1, required: true, doc: "the number of components" }), ...EM_FIT_OPTIONS };
 */
export const EM_FIT_OPTIONS = {
  ...STOPPING_OPTIONS,
  nInit: int({ min: 1, default: 1 }),
  seed: seedOption(),
  snapshots: SNAPSHOTS_OPTION,
};

/**
 * The runEM options of a fit from its resolved {@link EM_FIT_OPTIONS}.
 * @example
 * const TABLE = { k: int({ min: 1, required: true }), ...EM_FIT_OPTIONS };
 * const resolved = parseOptions(TABLE, { k: 2, tol: 1e-8 }, "myFit");
 * const model = poissonMixtureModel([0, 1, 0, 7, 9, 8]);
 * runEM(model, { weights: [0.5, 0.5], rates: [1, 5] }, stoppingOf(resolved)).converged; // → true
 */
export function stoppingOf<P>(o: { tol: number; relTol: number; paramTol: number | undefined; maxIter: number; snapshots?: SnapshotSelection; accelerate?: EMAcceleration }): EMOptions<P> {
  const out: EMOptions<P> = { tol: o.tol, relTol: o.relTol, maxIter: o.maxIter, snapshots: o.snapshots ?? "none", accelerate: o.accelerate ?? "none" };
  if (o.paramTol !== undefined) out.paramTol = o.paramTol;
  return out;
}

/**
 * One run of {@link runRestarts}: its model, its starting parameters and whatever else the fit
 * keeps per run (`context`: buffers, degeneracy records, ...).
 * @example
 * const model = poissonMixtureModel([0, 1, 0, 7, 9, 8]);
 * const init = { weights: [0.5, 0.5], rates: [1, 5] };
 * const run: EMRun<PoissonMixtureParams, PoissonMixtureStats, null> = { model, init, context: null };
 */
export interface EMRun<P, S, C> {
  model: EMModel<P, S>;
  init: P;
  context: C;
}

/**
 * What {@link runRestarts} does: how many runs, how to set up each, how to compare them.
 * @example
 * const plan: RestartPlan<number, number, null> = { nInit: 3, prepare: (r) => ({ model, init: 0.1 + 0.3 * r, context: null }), options: { tol: 1e-12 } };
 */
export interface RestartPlan<P, S, C, O extends EMObjective = "logLikelihood"> {
  /** The name the objective is recorded under in `restarts` (default "logLikelihood"). */
  objective?: O;
  /** Number of runs (integer ≥ 1). */
  nInit: number;
  /**
   * The model, start and context of run `run` (0-based). `recycled` is the context of a run that
   * was not kept (or null): a fit may reuse its buffers, so that n·k-sized work arrays are allocated
   * at most twice whatever nInit (the Gaussian mixture's E-step buffers).
   */
  prepare(run: number, recycled: C | null): EMRun<P, S, C>;
  /** runEM options of every run. */
  options?: EMOptions<P>;
  /** Whether run `a` beats the best so far `b`. Default: a higher final objective (the first on ties). */
  better?(a: { result: EMResult<P>; context: C }, b: { result: EMResult<P>; context: C }): boolean;
  /** Called after each run with its result and context (for fits that keep every run, like the basin atlas). */
  onRun?(run: number, result: EMResult<P>, context: C): void;
}

/**
 * Runs EM `nInit` times as `plan` says and keeps the best run (the first one on ties). Every run is
 * recorded in `restarts`.
 * @example
 * const model = poissonMixtureModel([0, 1, 0, 7, 9, 8]);
 * const rng = new Rng(1);
 * const randomStart = () => ({ weights: [0.5, 0.5], rates: [10 * rng.uniform(), 10 * rng.uniform()] });
 * const { best, restarts } = runRestarts({ nInit: 5, prepare: (r) => ({ model, init: r === 0 ? { weights: [0.5, 0.5], rates: [1, 5] } : randomStart(), context: null }), options: { maxIter: 500 } });
 * restarts.length; // → 5
 */
export function runRestarts<P, S, C, O extends EMObjective = "logLikelihood">(
  plan: RestartPlan<P, S, C, O>,
): { best: EMResult<P>; context: C; restarts: Array<EMRestart<O>> } {
  const { nInit } = plan;
  if (!(Number.isInteger(nInit) && nInit >= 1)) throw new InvalidInputError(`runRestarts: nInit must be an integer ≥ 1, got ${nInit}.`);
  const better = plan.better ?? ((a, b) => a.result.logLikelihood > b.result.logLikelihood);
  let best: { result: EMResult<P>; context: C } | null = null;
  let recycled: C | null = null;
  const restarts: Array<EMRestart<O>> = [];
  const key = plan.objective ?? "logLikelihood";
  for (let r = 0; r < nInit; r++) {
    const { model, init, context } = plan.prepare(r, recycled);
    const result = runEM(model, init, plan.options);
    restarts.push({ [key]: result.logLikelihood, iterations: result.iterations, converged: result.converged } as EMRestart<O>);
    plan.onRun?.(r, result, context);
    const run = { result, context };
    if (best === null || better(run, best)) {
      recycled = best === null ? null : best.context;
      best = run;
    } else {
      recycled = context;
    }
  }
  return { best: best!.result, context: best!.context, restarts };
}
