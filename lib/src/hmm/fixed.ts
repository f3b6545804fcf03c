/**
 * Fixed parameters of an HMM fit (`fitHMM(x, { fixed })`): the parts of the model that EM must not
 * change. The M-step maximises Q over the free parts with the fixed ones held (exactly: with fixed
 * means the variances are re-estimated around them), so ℓ still never decreases; the fixed values
 * replace those of `init` and of every random start, and are not counted in `nParameters`.
 * @module
 */
import { DomainError, InvalidInputError, ShapeError } from "../core/errors.js";
import { checkOptions } from "../core/validate.js";
import { checkProbabilityRow, isMultivariateHMM, type AnyHMM, type HMMEmissionType } from "./model.js";

/**
 * What {@link fitHMM} keeps fixed: any of the initial distribution, the transition matrix, and the
 * emission parameters of the model's family.
 * @example
 * // A known, sticky regime structure; only the state means and variances are estimated.
 * const fixed: HMMFixedParameters = { transition: [[0.95, 0.05], [0.05, 0.95]] };
 */
export interface HMMFixedParameters {
  /** P(state at t = 0), length K, summing to 1. */
  initial?: number[];
  /** K×K, rows summing to 1. */
  transition?: number[][];
  /** Emission parameters: `means` and/or `variances` (gaussian), `rates` (poisson) or `probabilities` (categorical, K×M). */
  emissions?: { means?: number[]; variances?: number[]; rates?: number[]; probabilities?: number[][] };
}

/** A fixed probability row, checked as every model row is (model.ts): sum within 1e-6 of 1, renormalised. */
const checkSimplex = (v: unknown, len: number, fn: string, name: string): number[] => Array.from(checkProbabilityRow(v, len, fn, name));

function checkVector(v: unknown, len: number, fn: string, name: string, positive: boolean): number[] {
  if (!Array.isArray(v) || v.length !== len) throw new ShapeError(`${fn}: ${name} must be an array of ${len} numbers (one per state).`);
  for (let i = 0; i < len; i++) {
    const x = v[i];
    if (typeof x !== "number" || !Number.isFinite(x) || (positive && !(x > 0))) {
      throw new DomainError(`${fn}: ${name}[${i}] = ${String(x)} must be ${positive ? "a positive number" : "a finite number"}.`);
    }
  }
  return v.slice();
}

/**
 * Checks `fixed` against the model's K, family and symbol count; returns a copy.
 * @internal
 */
export function checkFixed(fixed: unknown, k: number, type: HMMEmissionType, nSymbols: number, fn: string, multivariate = false): HMMFixedParameters {
  if (fixed === null || typeof fixed !== "object" || Array.isArray(fixed)) throw new InvalidInputError(`${fn}: fixed must be { initial?, transition?, emissions? }.`);
  checkOptions(fixed as Record<string, unknown>, ["initial", "transition", "emissions"], fn, "fixed field");
  const f = fixed as HMMFixedParameters;
  const out: HMMFixedParameters = {};
  if (f.initial !== undefined) out.initial = checkSimplex(f.initial, k, fn, "fixed.initial");
  if (f.transition !== undefined) {
    if (!Array.isArray(f.transition) || f.transition.length !== k) throw new ShapeError(`${fn}: fixed.transition must be K×K = ${k}×${k}.`);
    out.transition = f.transition.map((row, i) => checkSimplex(row, k, fn, `fixed.transition[${i}]`));
  }
  if (f.emissions !== undefined) {
    const e = f.emissions;
    if (multivariate) {
      throw new InvalidInputError(`${fn}: fixed.emissions is not supported for multivariate gaussian emissions; fixed initial and transition are.`);
    }
    if (e === null || typeof e !== "object") throw new InvalidInputError(`${fn}: fixed.emissions must be an object of emission parameters.`);
    const allowed = type === "gaussian" ? ["means", "variances"] : type === "poisson" ? ["rates"] : ["probabilities"];
    for (const key of Object.keys(e)) {
      if (!allowed.includes(key)) {
        throw new InvalidInputError(`${fn}: fixed.emissions.${key} does not apply to ${type} emissions; use ${allowed.map((a) => `'${a}'`).join(" or ")}.`);
      }
    }
    out.emissions = {};
    if (e.means !== undefined) out.emissions.means = checkVector(e.means, k, fn, "fixed.emissions.means", false);
    if (e.variances !== undefined) out.emissions.variances = checkVector(e.variances, k, fn, "fixed.emissions.variances", true);
    if (e.rates !== undefined) out.emissions.rates = checkVector(e.rates, k, fn, "fixed.emissions.rates", true);
    if (e.probabilities !== undefined) {
      if (!Array.isArray(e.probabilities) || e.probabilities.length !== k) throw new ShapeError(`${fn}: fixed.emissions.probabilities must be K×M = ${k}×${nSymbols}.`);
      out.emissions.probabilities = e.probabilities.map((row, j) => checkSimplex(row, nSymbols, fn, `fixed.emissions.probabilities[${j}]`));
    }
  }
  return out;
}

/**
 * The model with the fixed parts replaced by their values.
 * @internal
 */
export function withFixed(model: AnyHMM, fixed: HMMFixedParameters | undefined): AnyHMM {
  if (!fixed) return model;
  if (isMultivariateHMM(model)) {
    // Only initial and transition can be fixed for multivariate emissions (checkFixed).
    return {
      initial: fixed.initial ? fixed.initial.slice() : model.initial,
      transition: fixed.transition ? fixed.transition.map((r) => r.slice()) : model.transition,
      emissions: model.emissions,
    };
  }
  const e = model.emissions;
  const fe = fixed.emissions;
  return {
    initial: fixed.initial ? fixed.initial.slice() : model.initial,
    transition: fixed.transition ? fixed.transition.map((r) => r.slice()) : model.transition,
    emissions:
      e.type === "gaussian"
        ? { type: "gaussian", means: fe?.means ? fe.means.slice() : e.means, variances: fe?.variances ? fe.variances.slice() : e.variances }
        : e.type === "poisson"
          ? { type: "poisson", rates: fe?.rates ? fe.rates.slice() : e.rates }
          : { type: "categorical", probabilities: fe?.probabilities ? fe.probabilities.map((r) => r.slice()) : e.probabilities },
  };
}

/**
 * The number of free parameters the fixed parts remove.
 * @internal
 */
export function fixedParameterCount(fixed: HMMFixedParameters | undefined, k: number, nSymbols: number): number {
  if (!fixed) return 0;
  let c = 0;
  if (fixed.initial) c += k - 1;
  if (fixed.transition) c += k * (k - 1);
  const fe = fixed.emissions;
  if (fe?.means) c += k;
  if (fe?.variances) c += k;
  if (fe?.rates) c += k;
  if (fe?.probabilities) c += k * (nSymbols - 1);
  return c;
}
