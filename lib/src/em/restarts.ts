/**
 * What the EM-fitted models share: the options of a multi-start fit (nInit seeded starts, keep the
 * best), the loop that runs it, and the fields every fit result reports about its EM run. One piece
 * of code for the Poisson and Bernoulli mixtures, the HMM, the missing-data normal and gene counting.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { assertNumber } from "../core/validate.js";
import { checkEMOptions, runEM, type EMModel, type EMOptions, type EMRate, type EMResult, type EMStopReason } from "./engine.js";

/**
 * One EM run of a multi-start fit: where it ended.
 * @example
 * fitPoissonMixture(counts, { k: 2, nInit: 5 }).restarts.map((r: EMRestart) => r.logLikelihood);
 */
export interface EMRestart {
  /** Final log-likelihood of the run. */
  logLikelihood: number;
  /** EM iterations of the run. */
  iterations: number;
  /** Whether the run met the tolerance. */
  converged: boolean;
}

/**
 * Options shared by the fits that run EM from several seeded starts and keep the best.
 * @example
 * const o: EMRestartOptions = { nInit: 10, seed: 1, maxIter: 500 };
 */
export interface EMRestartOptions {
  /** Number of EM runs (the first from `init` if given, the others from random starts); the best log-likelihood is kept. Default 1. */
  nInit?: number;
  /** Seed of the random starts (an integer, as everywhere in mlem). Default 0. */
  seed?: number;
  /** Maximum EM iterations per run. Default 1000. */
  maxIter?: number;
  /** Absolute tolerance on the log-likelihood change. Default 1e-8. */
  tol?: number;
  /** Relative tolerance on the log-likelihood change (see runEM). Default 1e-12. */
  relTol?: number;
  /** Parameter snapshots of the best run (see runEM). Default "none". */
  snapshots?: "none" | "all" | number[];
}

/**
 * The option names of {@link EMRestartOptions}, for checkOptions.
 * @example
 * checkOptions(options, ["k", "init", ...EM_RESTART_OPTIONS], "fitPoissonMixture");
 */
export const EM_RESTART_OPTIONS = ["nInit", "seed", "maxIter", "tol", "relTol", "snapshots"] as const;

/**
 * Checks nInit and seed (naming `fn` in messages) and fills in the defaults of {@link EMRestartOptions}.
 * @example
 * const { nInit, rng, emOptions } = restartSettings({ nInit: 5, seed: 2 }, "fitPoissonMixture");
 */
export function restartSettings<P>(options: EMRestartOptions, fn: string): { nInit: number; rng: Rng; emOptions: EMOptions<P> } {
  const nInit = options.nInit ?? 1;
  assertNumber(nInit, fn, "nInit", { ge: 1, integer: true });
  const seed = options.seed ?? 0;
  assertNumber(seed, fn, "seed", { integer: true });
  const emOptions: EMOptions<P> = {
    maxIter: options.maxIter ?? 1000,
    tol: options.tol ?? 1e-8,
    relTol: options.relTol ?? 1e-12,
    snapshots: options.snapshots ?? "none",
  };
  checkEMOptions(emOptions, fn);
  return { nInit, rng: new Rng(seed), emOptions };
}

/**
 * Runs EM `nInit` times, from `start(0)`, `start(1)`, ..., and keeps the run with the highest final
 * log-likelihood (the first one on ties). Every run is recorded in `restarts`.
 * @param start the starting parameters of run r (draw random starts from a seeded Rng for reproducibility)
 * @example
 * const { best, restarts } = runEMRestarts(model, 5, (r) => (r === 0 ? init : randomStart()), { maxIter: 500 });
 */
export function runEMRestarts<P, S>(
  model: EMModel<P, S>,
  nInit: number,
  start: (run: number) => P,
  options?: EMOptions<P>,
): { best: EMResult<P>; restarts: EMRestart[] } {
  if (!(Number.isInteger(nInit) && nInit >= 1)) throw new InvalidInputError(`runEMRestarts: nInit must be an integer ≥ 1, got ${nInit}.`);
  let best: EMResult<P> | null = null;
  const restarts: EMRestart[] = [];
  for (let r = 0; r < nInit; r++) {
    const res = runEM(model, start(r), options);
    restarts.push({ logLikelihood: res.logLikelihood, iterations: res.iterations, converged: res.converged });
    if (best === null || res.logLikelihood > best.logLikelihood) best = res;
  }
  return { best: best as EMResult<P>, restarts };
}

/**
 * The log-likelihood path of a run and the parameter snapshots it kept.
 * @example
 * const h: EMSnapshotHistory<number> = { logLikelihood: [-3, -2], snapshots: [] };
 */
export interface EMSnapshotHistory<P> {
  /** ℓ(θₜ) for t = 0..T. */
  logLikelihood: number[];
  /** The θₜ requested by the `snapshots` option. */
  snapshots: Array<{ iteration: number; params: P }>;
}

/**
 * The fields every EM fit result reports about its (best) EM run.
 * @example
 * const s: EMFitSummary<EMSnapshotHistory<HMM>> = fitHMM(x, { k: 2, emission: "poisson" });
 */
export interface EMFitSummary<H> {
  /** Maximised log-likelihood. */
  logLikelihood: number;
  /** EM iterations of the (best) run. */
  iterations: number;
  /** Whether the (best) run met the tolerance. */
  converged: boolean;
  /** Why the (best) run stopped. */
  stopReason: EMStopReason;
  /** Log-likelihood path of the (best) run and what else was recorded per iteration. */
  history: H;
  /** Decreases of the log-likelihood, if any (none for a correct EM). */
  monotonicity: { ok: boolean; violations: Array<{ iteration: number; decrease: number }> };
  /** Linear-rate diagnostics of the (best) run. */
  rate: EMRate;
}

/**
 * The {@link EMFitSummary} fields of an EM result, in the order the fit results list them; the
 * history defaults to the log-likelihood path and snapshots.
 * @example
 * return { weights, ...emFitSummary(res), bic };
 */
export function emFitSummary<P>(res: EMResult<P>): EMFitSummary<EMSnapshotHistory<P>>;
export function emFitSummary<P, H>(res: EMResult<P>, history: H): EMFitSummary<H>;
export function emFitSummary<P, H>(res: EMResult<P>, history?: H): EMFitSummary<H | EMSnapshotHistory<P>> {
  return {
    logLikelihood: res.logLikelihood,
    iterations: res.iterations,
    converged: res.converged,
    stopReason: res.stopReason,
    history: history ?? { logLikelihood: res.history.logLikelihood, snapshots: res.history.snapshots },
    monotonicity: res.monotonicity,
    rate: res.rate,
  };
}

/**
 * BIC = −2ℓ + p log n and AIC = −2ℓ + 2p.
 * @example
 * informationCriteria(-100, 3, 50); // { bic: 211.74..., aic: 206 }
 */
export function informationCriteria(logLikelihood: number, nParameters: number, n: number): { bic: number; aic: number } {
  return { bic: -2 * logLikelihood + nParameters * Math.log(n), aic: -2 * logLikelihood + 2 * nParameters };
}
