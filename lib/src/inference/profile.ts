/**
 * Profile likelihood: the profile log-likelihood of one parameter (the others re-maximised at each
 * value) and the likelihood-ratio confidence interval {ψ : 2(ℓ̂ − ℓ_p(ψ)) ≤ χ²₁(level)}, which,
 * unlike a Wald interval, follows the shape of the likelihood (asymmetric for skewed problems,
 * invariant under reparametrisation).
 * @module
 */
import { DomainError, InvalidInputError, NonFiniteError } from "../core/errors.js";
import { checkOptions } from "../core/validate.js";
import { maximize, type OptimizeOptions } from "../optim/maximize.js";
import { chiSquareQuantile } from "./chisq.js";
import { observedInformation, type LogLikelihood } from "../calculus/information.js";

/** Options of {@link profileLikelihoodInterval} and {@link profileLogLikelihood}. */
export interface ProfileOptions {
  /** Confidence level (default 0.95); the cutoff is ℓ̂ − χ²₁(level)/2. */
  level?: number;
  /** Lowest value of the parameter to search (e.g. 0 for a rate). Default −∞. */
  lower?: number;
  /** Highest value of the parameter to search (e.g. 1 for a probability). Default +∞. */
  upper?: number;
  /** Initial step away from the estimate when bracketing (default: the Wald standard error, else 0.1·max(1, |θ̂|)). */
  step?: number;
  /** Options of the inner maximisation over the nuisance parameters (see `maximize`). */
  optimizer?: OptimizeOptions;
  /** ℓ(θ̂) if already known (default: computed). */
  maxLogLik?: number;
}

/** Result of {@link profileLikelihoodInterval}. */
export interface ProfileInterval {
  /** θ̂[index]. */
  estimate: number;
  /** Lower end of the interval (the search bound `lower` if the profile never fell below the cutoff). */
  lower: number;
  /** Upper end of the interval. */
  upper: number;
  /** Confidence level. */
  level: number;
  /** The log-likelihood value defining the interval: ℓ̂ − χ²₁(level)/2. */
  cutoff: number;
  /** ℓ(θ̂). */
  maxLogLik: number;
  /** True if the lower end is the search bound / edge of the parameter space, not a crossing of the cutoff. */
  lowerAtBoundary: boolean;
  /** True if the upper end is the search bound / edge of the parameter space. */
  upperAtBoundary: boolean;
  /** Number of profile log-likelihood evaluations (each one an inner maximisation when d > 1). */
  profileEvaluations: number;
  /** Problems met on the way (inner maximisations that did not converge), empty if none. */
  warnings: string[];
}

const FN = "profileLikelihoodInterval";

interface Profiler {
  /** ℓ_p(ψ), −Infinity where not computable (outside the parameter space). */
  at(psi: number): number;
  count: number;
  warnings: string[];
  /** The largest ℓ_p seen and where: above ℓ(θ̂) means θ̂ was not the maximum. */
  best: { psi: number; value: number };
}

/** Builds ℓ_p(ψ) = max_λ ℓ(ψ, λ), warm-starting each inner maximisation from the last good λ. */
function makeProfiler(logLik: LogLikelihood, thetaHat: Float64Array, index: number, optimizer: OptimizeOptions | undefined): Profiler {
  const d = thetaHat.length;
  const nuisance = new Float64Array(d - 1);
  for (let j = 0, k = 0; j < d; j++) if (j !== index) nuisance[k++] = thetaHat[j];
  const full = (psi: number, lam: ArrayLike<number>): Float64Array => {
    const t = new Float64Array(d);
    for (let j = 0, k = 0; j < d; j++) t[j] = j === index ? psi : lam[k++];
    return t;
  };
  const p: Profiler = {
    count: 0,
    warnings: [],
    best: { psi: NaN, value: -Infinity },
    at(psi: number): number {
      const v = profileAt(psi);
      if (v > p.best.value) p.best = { psi, value: v };
      return v;
    },
  };
  const profileAt = (psi: number): number => {
    p.count++;
    if (d === 1) {
      const v = logLik(full(psi, []));
      return Number.isFinite(v) ? v : -Infinity;
    }
    const inner = (lam: Float64Array): number => logLik(full(psi, lam));
    if (!Number.isFinite(inner(Float64Array.from(nuisance)))) return -Infinity;
    let r;
    try {
      r = maximize(inner, nuisance, { trace: false, ...optimizer });
    } catch (e) {
      if (e instanceof NonFiniteError) return -Infinity;
      throw e;
    }
    if (!r.converged) p.warnings.push(`inner maximisation at θ[${index}] = ${psi} did not converge: ${r.stopReason}`);
    if (!Number.isFinite(r.value)) return -Infinity;
    nuisance.set(r.x);
    return r.value;
  };
  return p;
}

function prepare(logLik: LogLikelihood, thetaHat: ArrayLike<number>, index: number, options: ProfileOptions, fn: string) {
  if (typeof logLik !== "function") throw new InvalidInputError(`${fn}: logLik must be a function (theta: Float64Array) => number.`);
  checkOptions(options, ["level", "lower", "upper", "step", "optimizer", "maxLogLik"], fn);
  if (!thetaHat || typeof thetaHat.length !== "number" || thetaHat.length === 0) {
    throw new InvalidInputError(`${fn}: thetaHat must be a non-empty array (the maximum likelihood estimate).`);
  }
  const theta = Float64Array.from(thetaHat);
  for (let i = 0; i < theta.length; i++) {
    if (!Number.isFinite(theta[i])) throw new NonFiniteError(`${fn}: thetaHat[${i}] is ${theta[i]}; the estimate must be finite.`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= theta.length) {
    throw new DomainError(`${fn}: index must be an integer in [0, ${theta.length - 1}] (which parameter to profile), got ${String(index)}.`);
  }
  const lower = options.lower ?? -Infinity;
  const upper = options.upper ?? Infinity;
  if (typeof lower !== "number" || typeof upper !== "number" || Number.isNaN(lower) || Number.isNaN(upper) || !(lower < theta[index] && theta[index] < upper)) {
    throw new DomainError(`${fn}: the search bounds must satisfy lower < thetaHat[index] < upper, got lower = ${lower}, thetaHat[${index}] = ${theta[index]}, upper = ${upper}.`);
  }
  return { theta, lower, upper };
}

/**
 * The profile log-likelihood ℓ_p(ψ) = max over the other parameters of ℓ, at each of `values` of
 * parameter `index` (−Infinity where the log-likelihood is not finite). For plotting.
 * @param values parameter values, visited in the given order (sort them outward from θ̂ for the best warm starts)
 * @returns one value per entry of `values`
 * @example
 * profileLogLikelihood((t) => 10 * Math.log(t[0]) - 5 * t[0], [2], 0, [1, 2, 3]);
 */
export function profileLogLikelihood(
  logLik: LogLikelihood,
  thetaHat: ArrayLike<number>,
  index: number,
  values: ArrayLike<number>,
  options: Pick<ProfileOptions, "optimizer"> = {},
): Float64Array {
  const fn = "profileLogLikelihood";
  const { theta } = prepare(logLik, thetaHat, index, options, fn);
  if (values === null || typeof values !== "object" || typeof values.length !== "number") {
    throw new InvalidInputError(`${fn}: values must be an array of parameter values at which to profile, got ${String(values)}.`);
  }
  const prof = makeProfiler(logLik, theta, index, options.optimizer);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new NonFiniteError(`${fn}: values[${i}] is ${values[i]}.`);
    out[i] = prof.at(values[i]);
  }
  return out;
}

/**
 * Profile-likelihood confidence interval for parameter `index`: the set of ψ with
 * ℓ_p(ψ) ≥ ℓ̂ − χ²₁(level)/2, where ℓ_p re-maximises the other parameters (with `maximize`,
 * warm-started). Each end is bracketed by stepping outward with doubling steps, then found by
 * safeguarded false position (Illinois) / bisection to 1e-10 relative. Values where the
 * log-likelihood is not finite count as outside the interval, so the parameter-space boundary
 * needs no special treatment; if the profile stays above the cutoff up to a bound, that end is
 * reported with `lowerAtBoundary`/`upperAtBoundary`.
 * @param thetaHat the MLE (length d)
 * @param index which parameter (0-based)
 * @example
 * // Exponential rate, n = 10, Σx = 5: λ̂ = 2; the interval is asymmetric, unlike Wald's
 * const ll = (t: Float64Array) => 10 * Math.log(t[0]) - 5 * t[0];
 * profileLikelihoodInterval(ll, [2], 0, { lower: 0 }); // → { lower: 1.002, upper: 3.508 }
 */
export function profileLikelihoodInterval(
  logLik: LogLikelihood,
  thetaHat: ArrayLike<number>,
  index: number,
  options: ProfileOptions = {},
): ProfileInterval {
  const { theta, lower: lb, upper: ub } = prepare(logLik, thetaHat, index, options, FN);
  const level = options.level ?? 0.95;
  if (typeof level !== "number" || !(level > 0 && level < 1)) {
    throw new DomainError(`${FN}: level must be strictly between 0 and 1 (e.g. 0.95), got ${String(level)}.`);
  }
  const llHat = options.maxLogLik ?? logLik(Float64Array.from(theta));
  if (!Number.isFinite(llHat)) throw new NonFiniteError(`${FN}: logLik(thetaHat) = ${llHat}; thetaHat must be inside the parameter space.`);
  const cutoff = llHat - chiSquareQuantile(level, 1) / 2;
  const psiHat = theta[index];

  let step = options.step;
  if (step === undefined) {
    try {
      const J = observedInformation(logLik, theta);
      const d = theta.length;
      // 1/√J_ii (the SE with the other parameters held fixed) is a cheap starting scale; it is at
      // most the profile SE, so bracketing just doubles a few times.
      const jii = J[index * d + index];
      step = jii > 0 ? 1 / Math.sqrt(jii) : undefined;
    } catch {
      step = undefined;
    }
    if (step === undefined || !Number.isFinite(step) || !(step > 0)) step = 0.1 * Math.max(1, Math.abs(psiHat));
  } else if (typeof step !== "number" || !(step > 0) || !Number.isFinite(step)) {
    throw new DomainError(`${FN}: step must be a finite number > 0, got ${String(step)}.`);
  }

  const warnings: string[] = [];
  const profilers: Profiler[] = [];
  let evaluations = 0;
  const side = (dir: 1 | -1): { value: number; atBoundary: boolean } => {
    // A fresh profiler per side, so the warm start begins at θ̂ again.
    const prof = makeProfiler(logLik, theta, index, options.optimizer);
    profilers.push(prof);
    const bound = dir > 0 ? ub : lb;
    let a = psiHat;
    let ga = llHat - cutoff; // > 0
    let s = step as number;
    let b = NaN;
    let gb = NaN;
    let found = false;
    for (let i = 0; i < 200; i++) {
      b = psiHat + dir * s;
      let atBound = false;
      if (dir > 0 ? b >= bound : b <= bound) {
        b = bound;
        atBound = true;
      }
      gb = Number.isFinite(b) ? prof.at(b) - cutoff : NaN;
      if (!Number.isFinite(b)) break;
      if (!(gb >= 0)) {
        found = true;
        break;
      }
      a = b;
      ga = gb;
      if (atBound) {
        evaluations += prof.count;
        for (const w of prof.warnings) warnings.push(w);
        return { value: bound, atBoundary: true };
      }
      s *= 2;
    }
    if (!found) {
      evaluations += prof.count;
      for (const w of prof.warnings) warnings.push(w);
      warnings.push(`the profile log-likelihood did not fall below the cutoff on the ${dir > 0 ? "upper" : "lower"} side; that end is unbounded`);
      return { value: dir * Infinity, atBoundary: true };
    }
    // Root of g(ψ) = ℓ_p(ψ) − cutoff between a (g ≥ 0) and b (g < 0, maybe −∞): Illinois false
    // position (an end retained twice in a row has its g halved, which restores superlinear
    // convergence), bisection while g(b) is not finite.
    const gTol = 1e-12 * Math.max(1, Math.abs(cutoff));
    let replaced = 0; // which end the last step replaced: −1 a, +1 b
    let last = a;
    let gLast = ga;
    for (let it = 0; it < 300; it++) {
      if (Math.abs(b - a) <= 1e-12 * (1 + Math.abs(a))) break;
      let c = Number.isFinite(gb) ? (a * gb - b * ga) / (gb - ga) : 0.5 * (a + b);
      if (!(c > Math.min(a, b) && c < Math.max(a, b))) c = 0.5 * (a + b);
      const gc = prof.at(c) - cutoff;
      last = c;
      gLast = gc;
      if (gc >= 0) {
        a = c;
        ga = gc;
        if (replaced === -1 && Number.isFinite(gb)) gb /= 2; // b kept twice
        replaced = -1;
      } else {
        b = c;
        gb = gc;
        if (replaced === 1) ga /= 2; // a kept twice
        replaced = 1;
      }
      if (Math.abs(gc) <= gTol) break;
    }
    evaluations += prof.count;
    for (const w of prof.warnings) warnings.push(w);
    // If the far end was never finite and the near end stays well above the cutoff, the interval
    // runs into the edge of the parameter space rather than crossing the cutoff.
    if (!Number.isFinite(gb) && ga > 1e-6) return { value: a, atBoundary: true };
    // The last point if it hit the cutoff, else the inner end of a bracket narrower than 1e-12.
    return { value: Math.abs(gLast) <= gTol ? last : a, atBoundary: false };
  };
  const lo = side(-1);
  const hi = side(1);
  // ℓ_p above ℓ(θ̂) means θ̂ is not the maximum. By more than the cutoff drop, the "interval" is
  // meaningless (it is built around the wrong point); by a little, the estimate was not polished.
  let best = { psi: psiHat, value: llHat };
  for (const pr of profilers) if (pr.best.value > best.value) best = pr.best;
  const excess = best.value - llHat;
  if (excess > llHat - cutoff) {
    throw new DomainError(
      `${FN}: thetaHat is not the maximum likelihood estimate: the profile log-likelihood at θ[${index}] = ${best.psi} is ${best.value}, ` +
        `${excess.toPrecision(4)} above ℓ(thetaHat) = ${llHat}. Maximise the log-likelihood first (e.g. with maximize) and pass its argmax` +
        (options.maxLogLik !== undefined ? ", and check options.maxLogLik." : "."),
    );
  }
  if (excess > 1e-6 * Math.max(1, Math.abs(llHat))) {
    warnings.push(
      `the profile log-likelihood reaches ${best.value} at θ[${index}] = ${best.psi}, above ℓ(thetaHat) = ${llHat}: thetaHat is not quite the maximum, so the interval is approximate`,
    );
  }
  return {
    estimate: psiHat,
    lower: lo.value,
    upper: hi.value,
    level,
    cutoff,
    maxLogLik: llHat,
    lowerAtBoundary: lo.atBoundary,
    upperAtBoundary: hi.atBoundary,
    profileEvaluations: evaluations,
    warnings,
  };
}
