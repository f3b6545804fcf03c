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
 * Convergence: stop after the E-step at θₜ when the remaining gain of ℓ, estimated from the last two
 * changes (|Δₜ|, or the Aitken estimate Δₜ·r/(1 − r) with r = Δₜ/Δₜ₋₁ if larger; see remainingGain),
 * is ≤ max(tol, relTol·|ℓ(θₜ)|), or, with
 * `paramTol`, when max_i |flatten(θₜ)_i − flatten(θₜ₋₁)_i| ≤ paramTol. With `paramTol` set and
 * tol = relTol = 0 the log-likelihood test is off (without `paramTol`, tol = relTol = 0 stops when ℓ
 * stops changing at all).
 *
 * Rate: EM converges linearly, θₜ − θ* ≈ λᵗ v, where λ is the largest eigenvalue of the Jacobian of
 * the EM map (the largest fraction of missing information). Successive parameter differences then
 * shrink by λ, and successive log-likelihood differences by λ² (ℓ* − ℓ(θ) is quadratic in θ − θ*).
 * @module
 */
import { ConvergenceError, InvalidInputError, MlemError } from "../core/errors.js";
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
 * runEM(model, 0.5).params; // 0.62682...
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
}

/** Information passed to {@link EMOptions.onIteration} after each E-step. */
export interface EMIterationInfo<P> {
  /** t: the number of M-steps done so far (0 = the initial parameters). */
  iteration: number;
  /** ℓ(θₜ). */
  logLikelihood: number;
  /** θₜ (do not mutate). */
  params: P;
}

/** Options of {@link runEM}. */
export interface EMOptions<P> {
  /**
   * Absolute tolerance on the estimated remaining gain of the log-likelihood: the last change, or
   * the Aitken estimate of ℓ* − ℓ from the last two changes when they shrink geometrically (so a
   * slow EM is not stopped far from the maximum). Default 1e-8.
   */
  tol?: number;
  /** Relative tolerance: also stop when |Δℓ| ≤ relTol·|ℓ|. Default 1e-12 (≈ 4500 ulps: below that, Δℓ is rounding noise). */
  relTol?: number;
  /** Maximum number of M-steps. Default 1000. */
  maxIter?: number;
  /**
   * Stop when no entry of `model.flatten(θ)` moves by more than paramTol between successive
   * iterations (the model must have `flatten`; flatten standardised parameters to make the test
   * scale-free). Default: off. With paramTol set and tol = relTol = 0 the run stops on the
   * parameter test (or maxIter) only.
   */
  paramTol?: number;
  /** Which θₜ to keep in `history.snapshots`: none (default), all, or the listed iterations t. */
  snapshots?: "none" | "all" | number[];
  /** Called after every E-step; return `false` to stop (stopReason "callback"). */
  onIteration?: (info: EMIterationInfo<P>) => void | boolean;
  /**
   * Relative size of a log-likelihood decrease that counts as a monotonicity violation: a decrease
   * larger than monotonicityTolerance·max(1, |ℓ|) is recorded. Default 1e-10 (floating-point noise
   * in a sum of many log-densities is far below this).
   */
  monotonicityTolerance?: number;
}

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
  /** T: the number of M-steps performed. */
  iterations: number;
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

const EM_OPTIONS = ["tol", "relTol", "maxIter", "paramTol", "snapshots", "onIteration", "monotonicityTolerance"] as const;

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
}

function resolveOptions<P>(options: EMOptions<P> | undefined, fn: string): ResolvedOptions<P> {
  checkOptions(options, EM_OPTIONS, fn);
  const o = options ?? {};
  const tol = o.tol ?? 1e-8;
  assertNumber(tol, fn, "tol", { ge: 0 });
  const relTol = o.relTol ?? 1e-12;
  assertNumber(relTol, fn, "relTol", { ge: 0 });
  const maxIter = o.maxIter ?? 1000;
  assertNumber(maxIter, fn, "maxIter", { ge: 0, integer: true });
  const paramTol = o.paramTol ?? null;
  if (paramTol !== null) assertNumber(paramTol, fn, "paramTol", { ge: 0 });
  const logLikelihoodTest = paramTol === null || tol > 0 || relTol > 0;
  const monoTol = o.monotonicityTolerance ?? 1e-10;
  assertNumber(monoTol, fn, "monotonicityTolerance", { ge: 0 });
  let snapshot: (t: number) => boolean;
  const s = o.snapshots ?? "none";
  if (s === "none") snapshot = () => false;
  else if (s === "all") snapshot = () => true;
  else if (Array.isArray(s)) {
    const set = new Set(s);
    snapshot = (t) => set.has(t);
  } else {
    throw new InvalidInputError(`${fn}: snapshots must be "none", "all" or an array of iteration numbers, got ${String(s)}.`);
  }
  if (o.onIteration !== undefined && typeof o.onIteration !== "function") {
    throw new InvalidInputError(`${fn}: onIteration must be a function.`);
  }
  return { tol, relTol, maxIter, paramTol, logLikelihoodTest, snapshot, onIteration: o.onIteration, monoTol };
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

/**
 * Validates {@link EMOptions} as {@link runEM} would, but naming the calling function: for fit
 * functions that forward options to runEM, so that a bad `maxIter` is reported against the function
 * the user called.
 * @example
 * checkEMOptions({ maxIter: 500, tol: 1e-10 }, "fitPoissonMixture"); // ok
 * checkEMOptions({ maxIter: -1 }, "fitPoissonMixture"); // throws "fitPoissonMixture: maxIter must be ≥ 0, got -1."
 */
export function checkEMOptions<P>(options: EMOptions<P> | undefined, fn: string): void {
  resolveOptions(options, fn);
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
 * What ℓ can still gain, estimated after ℓ(θₜ): the last change |Δₜ| = |ℓ(θₜ) − ℓ(θₜ₋₁)|, or, when
 * the changes shrink geometrically (r = Δₜ/Δₜ₋₁ in (0, 1), EM's linear convergence), the Aitken
 * estimate of ℓ* − ℓ(θₜ) = Δₜ·r/(1 − r) if that is larger. A slow EM (r near 1) takes tiny steps
 * long before it is near the maximum: testing |Δₜ| alone would call it converged there. Changes
 * that do not shrink (r ≥ 1) give Infinity, unless Δₜ is rounding noise; t = 1 has no ratio yet.
 */
function remainingGain(ll: readonly number[], t: number): number {
  const d1 = ll[t] - ll[t - 1];
  // Rounding of ℓ itself (a sum whose terms carry ~ε relative error each): below this a change
  // is noise and the ratio meaningless.
  const noise = 64 * Number.EPSILON * Math.max(1, Math.abs(ll[t]));
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
 * convergenceRate([-10, -5, -4, -3.8]).estimate; // √0.2
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
 * fit.params.theta;   // 0.6268214978...
 * fit.rate.estimate;  // ≈ 0.1328 (Dempster, Laird & Rubin 1977)
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
  const ll: number[] = [];
  const elbo: number[] | undefined = model.elbo ? [] : undefined;
  const snapshots: Array<{ iteration: number; params: P }> = [];
  const violations: Array<{ iteration: number; decrease: number }> = [];
  const stepSizes: number[] = [];
  let scale = 0;

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
  if (opt.onIteration && opt.onIteration({ iteration: 0, logLikelihood, params }) === false) {
    stopReason = "callback";
  } else {
    while (t < opt.maxIter) {
      const next = model.mStep(stats, params);
      if (elbo && model.elbo) elbo.push(model.elbo(stats, next));
      const e = model.eStep(next);
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
      if (opt.onIteration && opt.onIteration({ iteration: t, logLikelihood, params }) === false) {
        stopReason = "callback";
        break;
      }
      const llMet = opt.logLikelihoodTest && remainingGain(ll, t) <= Math.max(opt.tol, opt.relTol * Math.abs(logLikelihood));
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
    converged,
    stopReason,
    history: { logLikelihood: ll, snapshots },
    monotonicity: { ok: violations.length === 0, violations },
    rate: convergenceRate(ll, prevFlat ? { sizes: stepSizes, scale } : undefined),
  };
  if (elbo) result.history.elbo = elbo;
  return result;
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
 * steps.next().value; // { phase: "E", iteration: 0, stats, logLikelihood, params: { theta: 0.5 } }
 * steps.next().value; // { phase: "M", iteration: 1, params: { theta: 0.6082... } }
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
