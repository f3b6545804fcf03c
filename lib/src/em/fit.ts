/**
 * The result shape every EM fit of mlem shares ({@link EMFit}): the objective it climbed and its
 * final value, the path and snapshots, convergence and why it stopped, the monotonicity check, the
 * rate, every start; for likelihood fits the parameter count and BIC/AIC as numbers.
 * @module
 */
import type { EMRate, EMResult, EMStopReason } from "./engine.js";
import type { EMObjective, EMRestart } from "./restarts.js";

/**
 * The path of the objective (entry t at θₜ, t = 0..T, under the objective's name) and the
 * parameter snapshots a run kept (as the `snapshots` option asked, in the fit's public form).
 * @example
 * const h: EMHistory<number> = { logLikelihood: [-3, -2], snapshots: [] };
 */
export type EMHistory<Snapshot, O extends EMObjective = "logLikelihood"> = { [K in O]: number[] } & {
  /** θₜ requested by the `snapshots` option, with their iteration t. */
  snapshots: Array<{ iteration: number; params: Snapshot }>;
};

/**
 * The fields every EM fit reports about its (kept) run, whatever the model. `objective` names what
 * was climbed and the field holding its final value: `fit.logLikelihood` for maximum likelihood,
 * `fit.elbo` for the variational fits (LDA, the Bayesian mixture), and likewise in `history` and
 * `restarts`.
 * @example
 * const counts = readCsv("data/earthquakes.csv").numbers("count");
 * const fit: EMFit<PoissonMixtureParams> = fitPoissonMixture(counts, { k: 2 });
 * fit[fit.objective] === fit.logLikelihood; // → true
 */
export type EMFit<Snapshot, O extends EMObjective = "logLikelihood"> = { readonly [K in O]: number } & {
  /** What EM climbed: "logLikelihood" (maximum likelihood) or "elbo" (variational). */
  readonly objective: O;
  /** EM iterations of the kept run (M-steps; SQUAREM cycles with `accelerate: "squarem"`). */
  readonly iterations: number;
  /** E-steps the kept run evaluated, the initial one included (iterations + 1 for plain EM). */
  readonly eSteps: number;
  /** Whether the kept run met the stopping rule (see runEM); false after maxIter, a callback stop or a non-finite objective. */
  readonly converged: boolean;
  /** Why the kept run stopped. */
  readonly stopReason: EMStopReason;
  /** The objective's path and the requested snapshots of the kept run (components in the fit's order). */
  readonly history: EMHistory<Snapshot, O>;
  /** Decreases of the objective beyond the tolerance (none for a correct EM). */
  readonly monotonicity: { ok: boolean; violations: Array<{ iteration: number; decrease: number }> };
  /** Linear-rate diagnostics of the kept run. */
  readonly rate: EMRate;
  /** Every start: final objective, iterations, convergence (nInit entries). */
  readonly restarts: Array<EMRestart<O>>;
};

/**
 * Whether `value` is the result of an mlem EM fit (an {@link EMFit}: it names its `objective` and
 * records its `restarts`). Fits use it for warm starts: a previous fit passed as `init` stands for
 * its parameters.
 * @example
 * const counts = [0, 1, 1, 2, 5, 6, 7, 9, 2, 8, 1, 7];
 * const first = fitPoissonMixture(counts, { k: 2, seed: 1, tol: 1e-4 });
 * isEMFit(first); // → true
 * fitPoissonMixture(counts, { k: 2, init: first }).converged; // → true — continued from first's parameters
 */
export function isEMFit(value: unknown): value is EMFit<unknown, EMObjective> {
  if (value === null || typeof value !== "object") return false;
  const v = value as { objective?: unknown; restarts?: unknown };
  return (v.objective === "logLikelihood" || v.objective === "elbo") && Array.isArray(v.restarts);
}

/**
 * The model-size fields of a maximum-likelihood fit: free parameters and the information criteria
 * on the training data, as numbers.
 * @example
 * const counts = readCsv("data/earthquakes.csv").numbers("count");
 * const { nParameters, bic, aic }: InformationCriteria = fitPoissonMixture(counts, { k: 2 });
 */
export interface InformationCriteria {
  /** Number of free parameters p. */
  readonly nParameters: number;
  /** BIC = −2ℓ + p log n on the training data (lower is better). */
  readonly bic: number;
  /** AIC = −2ℓ + 2p on the training data. */
  readonly aic: number;
}

/**
 * BIC = −2ℓ + p log n and AIC = −2ℓ + 2p, with p.
 * @example
 * informationCriteria(-100, 3, 50); // → { nParameters: 3, bic: 211.74, aic: 206 }
 */
export function informationCriteria(logLikelihood: number, nParameters: number, n: number): InformationCriteria {
  return { nParameters, bic: -2 * logLikelihood + nParameters * Math.log(n), aic: -2 * logLikelihood + 2 * nParameters };
}

/**
 * The {@link EMFit} fields of the kept run, snapshots converted to the fit's public form.
 * @param snapshot the public form of one snapshot's parameters (apply the fit's component order here)
 * @example
 * const model = poissonMixtureModel([0, 1, 0, 7, 9, 8]);
 * const { best, restarts } = runRestarts({ nInit: 1, prepare: () => ({ model, init: { weights: [0.5, 0.5], rates: [1, 5] }, context: null }) });
 * const fit = { ...best.params, ...emFitFields(best, restarts, "logLikelihood", (p) => p) };
 * fit.converged; // → true
 */
export function emFitFields<P, Snapshot, O extends EMObjective = "logLikelihood">(
  res: EMResult<P>,
  restarts: Array<EMRestart<O>>,
  objective: O,
  snapshot: (params: P) => Snapshot,
): EMFit<Snapshot, O> {
  return {
    objective,
    [objective]: res.logLikelihood,
    iterations: res.iterations,
    eSteps: res.eSteps,
    converged: res.converged,
    stopReason: res.stopReason,
    history: { [objective]: res.history.logLikelihood, snapshots: res.history.snapshots.map((s) => ({ iteration: s.iteration, params: snapshot(s.params) })) },
    monotonicity: res.monotonicity,
    rate: res.rate,
    restarts,
  } as EMFit<Snapshot, O>;
}
