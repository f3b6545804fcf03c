/**
 * Central finite differences for gradients and Hessians of scalar functions. Used wherever a model
 * gives no analytic derivative (numerical MLE, observed information, checks of analytic gradients).
 * @module
 */
import { DomainError, InvalidInputError, NonFiniteError } from "../core/errors.js";
import { checkOptions } from "../core/validate.js";

/** A scalar function of a parameter vector. */
export type ScalarFunction = (x: Float64Array) => number;

/** Options of the finite-difference routines. */
export interface FiniteDifferenceOptions {
  /**
   * Relative step. The default, ε^(1/3) ≈ 6e-6 for gradients and ε^(1/4) ≈ 1e-4 for Hessians,
   * balances truncation error against rounding error for central differences.
   */
  relativeStep?: number;
}

function stepFor(x: number, rel: number): number {
  // Scale with |x| but never below rel itself, so parameters at 0 still move.
  const h = rel * Math.max(1, Math.abs(x));
  // Make x + h exactly representable so (x+h) - x is the step we divide by.
  const t = x + h;
  return t - x;
}

function evaluate(f: ScalarFunction, x: Float64Array, fn: string): number {
  const v = f(x);
  if (typeof v !== "number" || Number.isNaN(v)) {
    throw new NonFiniteError(
      `${fn}: the function returned ${String(v)} at x = [${Array.from(x).join(", ")}]. ` +
        "Make sure it is defined (finite) in a neighbourhood of the point, e.g. by optimising on a transformed scale.",
    );
  }
  return v;
}

function checkArgs(f: ScalarFunction, options: FiniteDifferenceOptions, fn: string, defaultStep: number): number {
  if (typeof f !== "function") throw new InvalidInputError(`${fn}: f must be a function (x: Float64Array) => number.`);
  if (options === null || typeof options !== "object") throw new InvalidInputError(`${fn}: options must be an object such as { relativeStep: 1e-5 }.`);
  checkOptions(options, ["relativeStep"], fn);
  const rel = options.relativeStep ?? defaultStep;
  if (typeof rel !== "number" || !(rel > 0 && rel < 1)) {
    throw new DomainError(`${fn}: relativeStep must be a number in (0, 1), got ${String(rel)}.`);
  }
  return rel;
}

function checkPoint(x: ArrayLike<number>, fn: string): Float64Array {
  if (!x || typeof x.length !== "number" || x.length === 0) {
    throw new InvalidInputError(`${fn}: x must be a non-empty array of numbers.`);
  }
  const out = Float64Array.from(x);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new NonFiniteError(`${fn}: x[${i}] is ${out[i]}; the point must be finite.`);
  }
  return out;
}

/**
 * Gradient of `f` at `x` by central differences, error O(h²).
 * @example
 * numericalGradient((x) => x[0] ** 2 + 3 * x[1], [1, 2]); // → ≈ [2, 3]
 */
export function numericalGradient(f: ScalarFunction, x: ArrayLike<number>, options: FiniteDifferenceOptions = {}): Float64Array {
  const rel = checkArgs(f, options, "numericalGradient", Math.cbrt(Number.EPSILON));
  const p = checkPoint(x, "numericalGradient");
  const g = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const xi = p[i];
    const h = stepFor(xi, rel);
    p[i] = xi + h;
    const fp = evaluate(f, p, "numericalGradient");
    p[i] = xi - h;
    const fm = evaluate(f, p, "numericalGradient");
    p[i] = xi;
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

/**
 * Hessian of `f` at `x` by central differences (symmetric by construction), as a row-major
 * Float64Array of length d². Costs 2d² + 1 evaluations (d = x.length).
 * @example
 * const H = numericalHessian((x) => x[0] ** 2 * x[1], [1, 2]); // → [4, 2, 2, 0]
 */
export function numericalHessian(f: ScalarFunction, x: ArrayLike<number>, options: FiniteDifferenceOptions = {}): Float64Array {
  const rel = checkArgs(f, options, "numericalHessian", Math.pow(Number.EPSILON, 0.25));
  const p = checkPoint(x, "numericalHessian");
  const d = p.length;
  const h = new Float64Array(d);
  for (let i = 0; i < d; i++) h[i] = stepFor(p[i], rel);
  const f0 = evaluate(f, p, "numericalHessian");
  const H = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const xi = p[i];
    p[i] = xi + h[i];
    const fp = evaluate(f, p, "numericalHessian");
    p[i] = xi - h[i];
    const fm = evaluate(f, p, "numericalHessian");
    p[i] = xi;
    H[i * d + i] = (fp - 2 * f0 + fm) / (h[i] * h[i]);
    for (let j = 0; j < i; j++) {
      const xj = p[j];
      let s = 0;
      for (const [si, sj] of [[1, 1], [1, -1], [-1, 1], [-1, -1]] as const) {
        p[i] = xi + si * h[i];
        p[j] = xj + sj * h[j];
        s += si * sj * evaluate(f, p, "numericalHessian");
      }
      p[i] = xi;
      p[j] = xj;
      const hij = s / (4 * h[i] * h[j]);
      H[i * d + j] = hij;
      H[j * d + i] = hij;
    }
  }
  return H;
}
