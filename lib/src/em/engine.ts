/**
 * The generic Expectation–Maximization engine. A model supplies an E-step (expected sufficient
 * statistics and the observed-data log-likelihood at the current parameters) and an M-step; the
 * engine iterates, records the log-likelihood path, checks that it never decreases, estimates the
 * linear rate of convergence and extrapolates the limit (Aitken).
 *
 * Iteration numbering used everywhere in this module: θ₀ is the initial value and θₜ the parameters
 * after t M-steps. `history.logLikelihood[t]` = ℓ(θₜ), computed by the E-step at θₜ. The engine
 * always finishes with an E-step, so the returned `logLikelihood` is ℓ at the returned `params`
 * (scikit-learn, by contrast, reports the bound of the E-step before the last M-step).
 *
 * **The stopping rule** (the same in every EM fit of mlem; each fit's docs link here). After the
 * E-step at θₜ, with n = `model.nObservations` (the number of observations ℓ sums over; 1 if the
 * model does not say), the run has converged when
 * - `tol`: the estimated remaining gain of the MEAN log-likelihood ℓ/n is ≤ tol. The remaining
 *   gain is the last change |ℓ(θₜ) − ℓ(θₜ₋₁)|, or the Aitken estimate Δₜ·r/(1 − r) of ℓ* − ℓ(θₜ)
 *   with r = Δₜ/Δₜ₋₁ when the changes shrink geometrically and that is larger (see remainingGain),
 *   so a slow EM is not stopped far from the maximum. Per observation, as scikit-learn's `tol`, so
 *   one default suits every n: 1e-10 (the parameters then agree with the maximiser to about 1e-5
 *   relative even at a rate of 0.66);
 * - or `relTol`: that remaining gain of ℓ is ≤ relTol·|ℓ(θₜ)| (default 0: off);
 * - or `paramTol` (off unless set; needs `model.flatten`): max_i |flatten(θₜ)_i − flatten(θₜ₋₁)_i|
 *   ≤ paramTol (flatten standardised parameters to make it scale-free). With paramTol set and
 *   tol = relTol = 0 the log-likelihood tests are off.
 * tol = relTol = 0 (without paramTol) runs until ℓ stops changing at all, or maxIter. No floor at
 * the rounding noise of ℓ: ℓ is flat (quadratic) at the maximum, so the parameters still improve
 * long after its changes are noise. `converged` is true only when one of these tests was met; a run
 * stopped by `maxIter`, the callback or a non-finite ℓ is not converged.
 *
 * **Acceleration** (`accelerate: "squarem"`, Varadhan & Roland 2008, scheme S3 with their
 * monotonicity safeguard): each iteration takes two EM steps θ₀ → θ₁ → θ₂, forms r = θ₁ − θ₀ and
 * v = θ₂ − 2θ₁ + θ₀ in the model's flattened parameters, jumps to θ′ = θ₀ − 2αr + α²v with the
 * step length α = −‖r‖/‖v‖ (≤ −1), and ends with one EM step from θ′. The jump is kept only if θ′ is
 * a valid parameter (`model.unflatten` returns it), its E-step succeeds and ℓ(θ′) ≥ ℓ(θ₀); otherwise α
 * is halved towards −1, where θ′ = θ₂ and the iteration is three plain EM steps. Every iteration
 * therefore ends with an EM step from a point no worse than θ₀, so ℓ never decreases, and the fixed
 * points are EM's. An iteration costs three E-steps or more (`eSteps` counts them); the stopping
 * rule applies to the iterations' path, and `rate` describes that accelerated path. Needs
 * `model.flatten` and `model.unflatten`. The ELBO path (`history.elbo`) is not recorded.
 *
 * Rate: EM converges linearly, θₜ − θ* ≈ λᵗ v, where λ is the largest eigenvalue of the Jacobian of
 * the EM map (the largest fraction of missing information). Successive parameter differences then
 * shrink by λ, and successive log-likelihood differences by λ² (ℓ* − ℓ(θ) is quadratic in θ − θ*).
 * @module
 */
import { ConvergenceError, InvalidInputError, MlemError } from "../core/errors.js";
import { AssertSameType, func, int, nonNegative, oneOf, option, parseOptions, type OptionsOf } from "../core/options.js";
import { assertNumber, checkOptions } from "../core/validate.js";

/**
 * A model EM can fit. `Params` is the parameter type (any structured-clonable value, or supply
 * `clone`), `Stats` whatever the M-step needs from the E-step (expected sufficient statistics,
 * responsibilities, ...). `Stats` may be a view into buffers the model reuses: the engine never keeps
 * it beyond the following M-step.
 * @example
 * // Genetic linkage (Dempster, Laird & Rubin 1977): see geneticLinkageModel for the full version.
 * const model: EMModel<number, number> = {
 *   eStep: (t) => ({ stats: (125 * t) / (2 + t), logLikelihood: 125 * Math.log(2 + t) + 38 * Math.log(1 - t) + 34 * Math.log(t) }),
 *   mStep: (x2) => (x2 + 34) / (x2 + 34 + 38),
 * };
 * runEM(model, 0.5).params; // → 0.62682
 */
export interface EMModel<Params, Stats> {
  /** E-step at `params`: the statistics the M-step needs and the observed-data log-likelihood AT `params`. */
  eStep(params: Params): { stats: Stats; logLikelihood: number };
  /** M-step: the parameters maximising Q(· | previous) given the E-step statistics computed at `previous`. */
  mStep(stats: Stats, previous: Params): Params;
  /**
   * Optional: the evidence lower bound F(q, θ) = Q(θ | q) + H(q) for the posterior q summarised by
   * `stats`, at parameters `params`. ℓ(θ) = F(q, θ) + KL(q ‖ p(z | x, θ)), so it is the curve the
   * M-step climbs. Used only for `history.elbo`.
   */
  elbo?(stats: Stats, params: Params): number;
  /** Optional: deep copy of parameters for history snapshots (default `structuredClone`). */
  clone?(params: Params): Params;
  /** Optional: parameters as a flat vector, to measure parameter steps for the rate estimate. */
  flatten?(params: Params): ArrayLike<number>;
  /**
   * Optional: the inverse of `flatten`: parameters from a vector of the same layout (`like` is a
   * valid parameter of the same shape, to copy structure from), or null if the vector is outside
   * the parameter space (a weight < 0, a covariance not positive-definite, ...). Needed by
   * `accelerate: "squarem"`, which extrapolates flattened parameters.
   */
  unflatten?(vector: ArrayLike<number>, like: Params): Params | null;
  /**
   * Optional: the number of observations n the log-likelihood sums over (Σ weights for weighted
   * data, tokens for a corpus). `tol` applies to ℓ/n (see the module doc). Default 1.
   */
  readonly nObservations?: number;
}

/** Information passed to {@link EMOptions.onIteration} after each E-step. */
export interface EMIterationInfo<P> {
  /** t: the number of M-steps done so far (0 = the initial parameters). */
  iteration: number;
  /** ℓ(θₜ). */
  logLikelihood: number;
  /** θₜ (do not mutate). */
  params: P;
  /** E-steps evaluated so far, the initial one included (t + 1 for plain EM; more with SQUAREM). */
  eSteps: number;
}

/**
 * EM acceleration: "none" (plain EM) or "squarem" (Varadhan & Roland 2008; see the module doc of
 * the engine). The fixed points and the monotonicity are EM's; only the path is shorter.
 * @example
 * runEM(geneticLinkageModel(), { theta: 0.05 }, { accelerate: "squarem" }).eSteps;
 */
export type EMAcceleration = "none" | "squarem";

/**
 * The `accelerate` option as a table entry (default "none").
 * @example
 * const TABLE = { ...STOPPING_OPTIONS, accelerate: ACCELERATE_OPTION };
 */
export const ACCELERATE_OPTION = oneOf(["none", "squarem"] as const, { default: "none" });

/**
 * The stopping options every EM fit takes, with one meaning everywhere (the module doc states the
 * rule), and the acceleration. Defaults: tol 1e-10 per observation, relTol 0, paramTol off, maxIter
 * 1000, accelerate "none"; a fit that changes a default says so and why.
 * @example
 * const stop: EMStoppingOptions = { tol: 1e-8, maxIter: 500 };
 */
export interface EMStoppingOptions {
  /** Tolerance on the estimated remaining gain of the MEAN log-likelihood ℓ/n (n = the model's nObservations). Default 1e-10. */
  tol?: number;
  /** Tolerance on the estimated remaining gain of ℓ relative to |ℓ|. Default 0 (off). */
  relTol?: number;
  /** Tolerance on the largest change of a flattened parameter between iterations. Default: off. */
  paramTol?: number;
  /** Maximum number of iterations (M-steps; SQUAREM cycles when accelerated) per run. Default 1000. */
  maxIter?: number;
  /** "squarem" accelerates EM (see the module doc; needs the model's `flatten` and `unflatten`). Default "none". */
  accelerate?: EMAcceleration;
}

/**
 * Which θₜ to keep in `history.snapshots`: none, all, or the listed iterations t.
 * @example
 * const s: SnapshotSelection = [0, 1, 2, 5, 10];
 */
export type SnapshotSelection = "none" | "all" | number[];

/**
 * The stopping options as an options table (for {@link parseOptions}): spread into a fit's table,
 * overriding a default by a later key.
 * @example
 * const TABLE = { k: int({ min: 1, required: true }), ...STOPPING_OPTIONS, paramTol: nonNegative({ default: 1e-10 }) };
 */
export const STOPPING_OPTIONS = {
  tol: nonNegative({ default: 1e-10 }),
  relTol: nonNegative({ default: 0 }),
  paramTol: nonNegative(),
  maxIter: int({ min: 0, default: 1000 }),
  accelerate: ACCELERATE_OPTION,
};

/**
 * The `snapshots` option as a table entry (default "none").
 * @example
 * const TABLE = { ...STOPPING_OPTIONS, snapshots: SNAPSHOTS_OPTION };
 */
export const SNAPSHOTS_OPTION = option<SnapshotSelection, SnapshotSelection, { default: "none" }>(
  (s, fn, name) => {
    if (s === "none" || s === "all") return s;
    if (Array.isArray(s) && s.every((t) => Number.isInteger(t) && t >= 0)) return s;
    throw new InvalidInputError(`${fn}: ${name} must be "none", "all" or an array of iteration numbers (integers ≥ 0), got ${String(s)}.`);
  },
  { default: "none" },
);

/** Options of {@link runEM}: the {@link EMStoppingOptions} (module doc) and what to record. */
export interface EMOptions<P> extends EMStoppingOptions {
  /** Which θₜ to keep in `history.snapshots`. Default "none". */
  snapshots?: SnapshotSelection;
  /** Called after every E-step; return `false` to stop (stopReason "callback"). */
  onIteration?: (info: EMIterationInfo<P>) => void | boolean;
  /**
   * Relative size of a log-likelihood decrease that counts as a monotonicity violation: a decrease
   * larger than monotonicityTolerance·max(1, |ℓ|) is recorded. Default 1e-10 (floating-point noise
   * in a sum of many log-densities is far below this).
   */
  monotonicityTolerance?: number;
}

const EM_OPTIONS = {
  ...STOPPING_OPTIONS,
  snapshots: SNAPSHOTS_OPTION,
  onIteration: func<(info: EMIterationInfo<unknown>) => void | boolean>(),
  monotonicityTolerance: nonNegative({ default: 1e-10 }),
};
// The interface above and the table agree (compile-time check).
const emOptionsAgree: AssertSameType<OptionsOf<typeof EM_OPTIONS>, EMOptions<unknown>> = true;
void emOptionsAgree;

/**
 * Why {@link runEM} stopped. "degenerate" is set by fits that detect an unbounded likelihood
 * (runEM itself never returns it; see the fit's warnings or degeneracies).
 */
export type EMStopReason = "converged" | "maxIter" | "callback" | "nonFinite" | "degenerate";

/** Linear-rate diagnostics of an EM run. */
export interface EMRate {
  /** (ℓₜ₊₁ − ℓₜ)/(ℓₜ − ℓₜ₋₁) for t = 1..T−1; tends to λ² (see the module doc). Entry i is for t = i + 1. */
  ratios: number[];
  /** ‖θₜ₊₁ − θₜ‖/‖θₜ − θₜ₋₁‖, tends to λ; present only if the model has `flatten`. Entry i is for t = i + 1. */
  parameterRatios?: number[];
  /**
   * Estimate of λ, the rate of the parameter sequence: the last parameter ratio computed from steps
   * well above rounding noise if the model has `flatten`, otherwise √(last reliable log-likelihood
   * ratio). null if no reliable ratio exists (e.g. convergence in one or two steps).
   */
  estimate: number | null;
  /** Aitken extrapolation of lim ℓₜ from the last three reliable values: ℓₜ + Δℓ / (1 − r); null if unavailable. */
  aitkenLimit: number | null;
}

/** The result of {@link runEM}. */
export interface EMResult<P> {
  /** θ_T, the final parameters. */
  params: P;
  /** ℓ(θ_T), the observed-data log-likelihood at `params`. */
  logLikelihood: number;
  /** T: the number of iterations (M-steps of plain EM; SQUAREM cycles when accelerated). */
  iterations: number;
  /** E-steps evaluated, the initial one included (T + 1 for plain EM; more per iteration with SQUAREM). */
  eSteps: number;
  /** true iff the tolerance test was met. */
  converged: boolean;
  /** Why the run stopped. */
  stopReason: EMStopReason;
  history: {
    /** ℓ(θₜ) for t = 0..T (length T + 1). */
    logLikelihood: number[];
    /**
     * If the model has `elbo`: entry t is F(qₜ, θₜ₊₁), the bound after the M-step that used the
     * E-step at θₜ, so ℓ(θₜ) ≤ elbo[t] ≤ ℓ(θₜ₊₁). Length T.
     */
    elbo?: number[];
    /** Snapshots of θₜ requested by `options.snapshots`. */
    snapshots: Array<{ iteration: number; params: P }>;
  };
  /** Every decrease of ℓ beyond the tolerance, with its iteration t (ℓ(θₜ) < ℓ(θₜ₋₁)). */
  monotonicity: { ok: boolean; violations: Array<{ iteration: number; decrease: number }> };
  rate: EMRate;
}

interface ResolvedOptions<P> {
  tol: number;
  relTol: number;
  maxIter: number;
  /** null = no parameter test. */
  paramTol: number | null;
  /** false when paramTol replaces the log-likelihood test (tol = relTol = 0). */
  logLikelihoodTest: boolean;
  snapshot: (t: number) => boolean;
  onIteration?: (info: EMIterationInfo<P>) => void | boolean;
  monoTol: number;
  squarem: boolean;
}

function resolveOptions<P>(options: EMOptions<P> | undefined, fn: string): ResolvedOptions<P> {
  const o = parseOptions(EM_OPTIONS, options, fn);
  const paramTol = o.paramTol ?? null;
  const logLikelihoodTest = paramTol === null || o.tol > 0 || o.relTol > 0;
  let snapshot: (t: number) => boolean;
  const s = o.snapshots;
  if (s === "none") snapshot = () => false;
  else if (s === "all") snapshot = () => true;
  else {
    const set = new Set(s);
    snapshot = (t) => set.has(t);
  }
  return { tol: o.tol, relTol: o.relTol, maxIter: o.maxIter, paramTol, logLikelihoodTest, snapshot, onIteration: o.onIteration, monoTol: o.monotonicityTolerance, squarem: o.accelerate === "squarem" };
}

/**
 * The first E-step, where a wrongly shaped `init` shows up: a raw TypeError from inside the model
 * becomes an InvalidInputError that says so (the original error is kept as `cause`).
 */
function initialEStep<P, S>(model: EMModel<P, S>, init: P, fn: string): { stats: S; logLikelihood: number } {
  return atInit(fn, "E-step", () => model.eStep(init));
}

function atInit<T>(fn: string, what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof MlemError || !(e instanceof Error)) throw e;
    const err = new InvalidInputError(
      `${fn}: the model's ${what} failed at the initial parameters (${e.name}: ${e.message}). ` +
        "Check that init has the form the model expects (see the model's documentation).",
    );
    (err as Error & { cause?: unknown }).cause = e;
    throw err;
  }
}

function cloneParams<P, S>(model: EMModel<P, S>, p: P, fn: string): P {
  if (model.clone) return model.clone(p);
  try {
    return structuredClone(p);
  } catch (e) {
    const err = new InvalidInputError(
      `${fn}: snapshots need a copy of the parameters, but structuredClone cannot copy them (${(e as Error).message}). ` +
        "Give the model a clone(params) method, or keep functions and class instances out of the parameters.",
    );
    (err as Error & { cause?: unknown }).cause = e;
    throw err;
  }
}

function maxAbsChange(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const t = Math.abs(a[i] - b[i]);
    if (!(t <= m)) m = t; // NaN counts as a large change
  }
  return a.length === b.length ? m : Infinity;
}

function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const t = a[i] - b[i];
    s += t * t;
  }
  return Math.sqrt(s);
}

function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/**
 * The rounding noise of ℓ (a sum whose terms carry ~ε relative error each): below this a change is
 * noise, a ratio of changes meaningless, and ℓ has stopped changing.
 */
function roundingNoise(ll: number): number {
  return 64 * Number.EPSILON * Math.max(1, Math.abs(ll));
}

/**
 * What ℓ can still gain, estimated after ℓ(θₜ): the last change |Δₜ| = |ℓ(θₜ) − ℓ(θₜ₋₁)|, or, when
 * the changes shrink geometrically (r = Δₜ/Δₜ₋₁ in (0, 1), EM's linear convergence), the Aitken
 * estimate of ℓ* − ℓ(θₜ) = Δₜ·r/(1 − r) if that is larger. A slow EM (r near 1) takes tiny steps
 * long before it is near the maximum: testing |Δₜ| alone would call it converged there. Changes
 * that do not shrink (r ≥ 1) give Infinity, unless Δₜ is rounding noise; t = 1 has no ratio yet.
 */
function remainingGain(ll: readonly number[], t: number): number {
  const d1 = ll[t] - ll[t - 1];
  const noise = roundingNoise(ll[t]);
  if (Math.abs(d1) <= noise || t < 2) return Math.abs(d1);
  const d0 = ll[t - 1] - ll[t - 2];
  const r = d1 / d0;
  if (!(r > 0) || !Number.isFinite(r)) return Math.abs(d1);
  if (r >= 1) return Infinity;
  return Math.max(Math.abs(d1), (Math.abs(d1) * r) / (1 - r));
}

/**
 * Rate diagnostics from the log-likelihood path and (optionally) the parameter step sizes.
 * Ratios whose differences are within ~1000 ulps of rounding noise are kept in the arrays but not
 * used for the estimate or the extrapolation.
 * @param ll ℓ(θ₀), ..., ℓ(θ_T)
 * @param steps ‖θₜ − θₜ₋₁‖ for t = 1..T (entry t−1), with the parameter scale, if available
 * @example
 * convergenceRate([-10, -5, -4, -3.8]).estimate; // → sqrt(0.2)
 */
export function convergenceRate(ll: readonly number[], steps?: { sizes: readonly number[]; scale: number }): EMRate {
  if (ll === null || typeof ll !== "object" || typeof ll.length !== "number") {
    throw new InvalidInputError(`convergenceRate: ll must be the array of log-likelihoods (e.g. result.history.logLikelihood), got ${String(ll)}.`);
  }
  if (steps !== undefined && (steps === null || typeof steps !== "object" || typeof steps.sizes?.length !== "number" || typeof steps.scale !== "number")) {
    throw new InvalidInputError("convergenceRate: steps must be { sizes: number[], scale: number } (or omitted).");
  }
  const ratios: number[] = [];
  let lastReliable = -1;
  for (let t = 1; t + 1 < ll.length; t++) {
    const d0 = ll[t] - ll[t - 1];
    const d1 = ll[t + 1] - ll[t];
    ratios.push(d1 / d0);
    const noise = 1e3 * Number.EPSILON * Math.max(1, Math.abs(ll[t + 1]));
    if (d0 > noise && d1 > noise) lastReliable = t;
  }
  let aitkenLimit: number | null = null;
  let llRate: number | null = null;
  if (lastReliable >= 0) {
    const r = ratios[lastReliable - 1];
    llRate = r;
    if (r > 0 && r < 1) aitkenLimit = ll[lastReliable + 1] + (ll[lastReliable + 1] - ll[lastReliable]) * (r / (1 - r));
    // Without a reliable ratio below 1 there is nothing to extrapolate; fall back to the last value.
  }
  let estimate: number | null = llRate !== null && llRate > 0 ? Math.sqrt(llRate) : null;
  let parameterRatios: number[] | undefined;
  if (steps) {
    parameterRatios = [];
    let lastP: number | null = null;
    const noise = 1e3 * Number.EPSILON * Math.max(1e-300, steps.scale);
    for (let t = 1; t < steps.sizes.length; t++) {
      const r = steps.sizes[t] / steps.sizes[t - 1];
      parameterRatios.push(r);
      if (steps.sizes[t - 1] > noise && steps.sizes[t] > noise) lastP = r;
    }
    if (lastP !== null) estimate = lastP;
  }
  const rate: EMRate = { ratios, estimate, aitkenLimit };
  if (parameterRatios) rate.parameterRatios = parameterRatios;
  return rate;
}

/**
 * Runs EM from `init` until the log-likelihood change falls below the tolerance, `maxIter` M-steps
 * were done, the callback returned false, or the log-likelihood became non-finite (then the last
 * parameters with a finite log-likelihood are returned).
 * @param model the model (E-step, M-step, optional ELBO/clone/flatten)
 * @param init θ₀ (not mutated)
 * @throws ConvergenceError if ℓ(θ₀) is not finite (EM cannot move from a zero-likelihood start)
 * @example
 * const fit = runEM(geneticLinkageModel(), { theta: 0.5 }, { tol: 1e-12 });
 * fit.params.theta;   // → ≈ 0.6268214978 — the exact MLE, to EM's tolerance
 * fit.rate.estimate;  // → 0.1328 — Dempster, Laird & Rubin 1977
 */
export function runEM<P, S>(model: EMModel<P, S>, init: P, options?: EMOptions<P>): EMResult<P> {
  const fn = "runEM";
  if (!model || typeof model.eStep !== "function" || typeof model.mStep !== "function") {
    throw new InvalidInputError(`${fn}: model must have eStep(params) and mStep(stats, params) methods.`);
  }
  if ((init as unknown) === undefined || (init as unknown) === null) {
    throw new InvalidInputError(`${fn}: init (the starting parameters) is required, got ${String(init)}.`);
  }
  const opt = resolveOptions(options, fn);
  if (opt.squarem && (typeof model.flatten !== "function" || typeof model.unflatten !== "function")) {
    const lacks = [typeof model.flatten !== "function" ? "flatten" : "", typeof model.unflatten !== "function" ? "unflatten" : ""].filter(Boolean).join(" and ");
    throw new InvalidInputError(
      `${fn}: accelerate: "squarem" is not available for this model: SQUAREM extrapolates the parameters as a vector and needs the model's ` +
        `flatten(params) and unflatten(vector, like), and it has no ${lacks}. Use accelerate: "none" (or, for your own EMModel, add ${lacks}).`,
    );
  }
  const ll: number[] = [];
  const elbo: number[] | undefined = model.elbo && !opt.squarem ? [] : undefined;
  let eSteps = 1;
  const snapshots: Array<{ iteration: number; params: P }> = [];
  const violations: Array<{ iteration: number; decrease: number }> = [];
  const stepSizes: number[] = [];
  let scale = 0;

  const nObs = model.nObservations ?? 1;
  if (!(nObs > 0 && Number.isFinite(nObs))) throw new InvalidInputError(`${fn}: model.nObservations must be a positive number, got ${String(nObs)}.`);
  let params = init;
  const flatten = model.flatten?.bind(model);
  if (opt.paramTol !== null && !flatten) {
    throw new InvalidInputError(`${fn}: paramTol needs a model with flatten(params) (the parameters as a vector of numbers).`);
  }
  let prevFlat: ArrayLike<number> | null = flatten ? atInit(fn, "flatten", () => Array.from(flatten(params))) : null;
  if (prevFlat) scale = norm(prevFlat);
  let { stats, logLikelihood } = initialEStep(model, params, fn);
  if (!Number.isFinite(logLikelihood)) {
    throw new ConvergenceError(
      `${fn}: the log-likelihood at the initial parameters is ${logLikelihood}. ` +
        "Start from parameters under which every observation has positive probability.",
    );
  }
  let t = 0;
  let stopReason: EMStopReason = "maxIter";
  let converged = false;
  ll.push(logLikelihood);
  if (opt.snapshot(0)) snapshots.push({ iteration: 0, params: cloneParams(model, params, fn) });
  if (opt.onIteration && opt.onIteration({ iteration: 0, logLikelihood, params, eSteps }) === false) {
    stopReason = "callback";
  } else {
    while (t < opt.maxIter) {
      let next: P;
      let e: { stats: S; logLikelihood: number };
      if (opt.squarem) {
        const step = squaremStep(model, params, stats, logLikelihood);
        next = step.next;
        e = step.e;
        eSteps += step.eSteps;
      } else {
        next = model.mStep(stats, params);
        if (elbo && model.elbo) elbo.push(model.elbo(stats, next));
        e = model.eStep(next);
        eSteps++;
      }
      if (!Number.isFinite(e.logLikelihood)) {
        // Keep the last good state; the non-finite value is not part of the path.
        stopReason = "nonFinite";
        if (elbo) elbo.pop();
        break;
      }
      t++;
      const prevLL = logLikelihood;
      params = next;
      stats = e.stats;
      logLikelihood = e.logLikelihood;
      ll.push(logLikelihood);
      let paramChange = Infinity;
      if (prevFlat && model.flatten) {
        const flat = Array.from(model.flatten(params));
        stepSizes.push(distance(flat, prevFlat));
        paramChange = maxAbsChange(flat, prevFlat);
        scale = Math.max(scale, norm(flat));
        prevFlat = flat;
      }
      const change = logLikelihood - prevLL;
      if (change < -opt.monoTol * Math.max(1, Math.abs(prevLL))) violations.push({ iteration: t, decrease: -change });
      if (opt.snapshot(t)) snapshots.push({ iteration: t, params: cloneParams(model, params, fn) });
      if (opt.onIteration && opt.onIteration({ iteration: t, logLikelihood, params, eSteps }) === false) {
        stopReason = "callback";
        break;
      }
      const llMet = opt.logLikelihoodTest && remainingGain(ll, t) <= Math.max(opt.tol * nObs, opt.relTol * Math.abs(logLikelihood));
      const paramMet = opt.paramTol !== null && paramChange <= opt.paramTol;
      if (llMet || paramMet) {
        stopReason = "converged";
        converged = true;
        break;
      }
    }
  }
  const result: EMResult<P> = {
    params,
    logLikelihood,
    iterations: t,
    eSteps,
    converged,
    stopReason,
    history: { logLikelihood: ll, snapshots },
    monotonicity: { ok: violations.length === 0, violations },
    rate: convergenceRate(ll, prevFlat ? { sizes: stepSizes, scale } : undefined),
  };
  if (elbo) result.history.elbo = elbo;
  return result;
}

/**
 * One SQUAREM iteration from θ₀ (`params`, with its E-step `stats` and ℓ(θ₀) = `ll0`), as the module
 * doc describes: two EM steps, the extrapolation with backtracking towards α = −1 (plain EM), and
 * the stabilising EM step. Returns θ_new with its E-step, and the E-steps spent.
 */
function squaremStep<P, S>(
  model: EMModel<P, S>,
  params: P,
  stats: S,
  ll0: number,
): { next: P; e: { stats: S; logLikelihood: number }; eSteps: number } {
  const flatten = (p: P) => Array.from(model.flatten!(p));
  let eSteps = 0;
  const theta1 = model.mStep(stats, params);
  const e1 = model.eStep(theta1);
  eSteps++;
  // A non-finite ℓ at an EM iterate: hand it back, the loop stops there as plain EM would.
  if (!Number.isFinite(e1.logLikelihood)) return { next: theta1, e: e1, eSteps };
  const theta2 = model.mStep(e1.stats, theta1);
  const x0 = flatten(params);
  const x1 = flatten(theta1);
  const x2 = flatten(theta2);
  const m = x0.length;
  const r = new Float64Array(m);
  const v = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    r[i] = x1[i] - x0[i];
    v[i] = x2[i] - 2 * x1[i] + x0[i];
  }
  const nr = norm(r);
  const nv = norm(v);
  // S3 step length; α = −1 is plain EM (θ′ = θ₂). No curvature (v = 0) or a non-finite ratio: plain EM.
  let alpha = nv > 0 && Number.isFinite(nr / nv) ? Math.min(-1, -nr / nv) : -1;
  while (alpha < -1) {
    const x = new Float64Array(m);
    for (let i = 0; i < m; i++) x[i] = x0[i] - 2 * alpha * r[i] + alpha * alpha * v[i];
    const jump = model.unflatten!(x, params);
    if (jump !== null) {
      let ej: { stats: S; logLikelihood: number } | null = null;
      try {
        ej = model.eStep(jump);
      } catch {
        ej = null; // outside where the model can evaluate: treat as an invalid jump and back off
      }
      eSteps++;
      if (ej !== null && Number.isFinite(ej.logLikelihood) && ej.logLikelihood >= ll0) {
        const next = model.mStep(ej.stats, jump);
        const e = model.eStep(next);
        eSteps++;
        return { next, e, eSteps };
      }
    }
    alpha = (alpha - 1) / 2; // halve the distance to α = −1
    if (alpha > -1 - 1e-3) alpha = -1;
  }
  const e2 = model.eStep(theta2);
  eSteps++;
  if (!Number.isFinite(e2.logLikelihood)) return { next: theta2, e: e2, eSteps };
  const next = model.mStep(e2.stats, theta2);
  const e = model.eStep(next);
  eSteps++;
  return { next, e, eSteps };
}

/** One step reported by {@link emSteps}. */
export type EMStep<P, S> =
  | {
      phase: "E";
      /** t: the E-step is at θₜ. */
      iteration: number;
      /** The E-step statistics at θₜ (valid until the next step is requested). */
      stats: S;
      /** ℓ(θₜ). */
      logLikelihood: number;
      /** θₜ. */
      params: P;
    }
  | {
      phase: "M";
      /** t + 1: the M-step produced θₜ₊₁ from the statistics at θₜ. */
      iteration: number;
      /** θₜ₊₁. */
      params: P;
      /** F(qₜ, θₜ₊₁) if the model has `elbo`. */
      elbo?: number;
    };

/**
 * EM one half-step at a time, for teaching: yields the E-step at θ₀, the M-step giving θ₁, the E-step
 * at θ₁, ... No convergence test: stop pulling when you have seen enough (or pass `maxIter`, the
 * number of M-steps after which the generator ends, having yielded the E-step at θ_maxIter).
 * @example
 * const steps = emSteps(geneticLinkageModel(), { theta: 0.5 });
 * steps.next().value; // → { phase: "E", iteration: 0, params: { theta: 0.5 } } — and stats, logLikelihood
 * steps.next().value; // → { phase: "M", iteration: 1, params: { theta: 0.6082 } }
 */
export function* emSteps<P, S>(
  model: EMModel<P, S>,
  init: P,
  options: { maxIter?: number } = {},
): Generator<EMStep<P, S>, void, undefined> {
  checkOptions(options, ["maxIter"], "emSteps");
  const maxIter = options.maxIter ?? Infinity;
  if (maxIter !== Infinity) assertNumber(maxIter, "emSteps", "maxIter", { ge: 0, integer: true });
  if (!model || typeof model.eStep !== "function" || typeof model.mStep !== "function") {
    throw new InvalidInputError("emSteps: model must have eStep(params) and mStep(stats, params) methods.");
  }
  if ((init as unknown) === undefined || (init as unknown) === null) throw new InvalidInputError(`emSteps: init (the starting parameters) is required, got ${String(init)}.`);
  let params = init;
  for (let t = 0; ; t++) {
    const { stats, logLikelihood } = t === 0 ? initialEStep(model, params, "emSteps") : model.eStep(params);
    yield { phase: "E", iteration: t, stats, logLikelihood, params };
    if (t >= maxIter) return;
    const next = model.mStep(stats, params);
    const step: EMStep<P, S> = { phase: "M", iteration: t + 1, params: next };
    if (model.elbo) step.elbo = model.elbo(stats, next);
    yield step;
    params = next;
  }
}
