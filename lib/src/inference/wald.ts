/**
 * Wald intervals: estimate ± z·se from the standard errors of the observed information.
 * @module
 */
import { DomainError, NonFiniteError, ShapeError } from "../core/errors.js";
import { normalQuantile } from "./chisq.js";

function checkLevel(level: unknown, fn: string): number {
  if (typeof level !== "number" || !(level > 0 && level < 1)) {
    throw new DomainError(`${fn}: level must be a probability strictly between 0 and 1 (e.g. 0.95), got ${String(level)}.`);
  }
  return level;
}

/**
 * Wald interval estimate ± z·se with z = Φ⁻¹((1 + level)/2).
 * @returns [lower, upper]
 * @example
 * waldInterval(2, 0.5); // → [1.02, 2.98]
 */
export function waldInterval(estimate: number, se: number, level = 0.95): [number, number] {
  const fn = "waldInterval";
  if (typeof estimate !== "number" || !Number.isFinite(estimate)) throw new NonFiniteError(`${fn}: estimate must be finite, got ${String(estimate)}.`);
  if (typeof se !== "number" || !Number.isFinite(se) || se < 0) throw new DomainError(`${fn}: se must be a finite number ≥ 0, got ${String(se)}.`);
  const z = normalQuantile((1 + checkLevel(level, fn)) / 2);
  return [estimate - z * se, estimate + z * se];
}

/**
 * Wald intervals for every parameter.
 * @param estimates length d
 * @param se length d
 * @returns d pairs [lower, upper]
 * @example
 * waldIntervals([2, 5], [0.5, 1], 0.9); // → [[1.18, 2.82], [3.36, 6.64]]
 */
export function waldIntervals(estimates: ArrayLike<number>, se: ArrayLike<number>, level = 0.95): Array<[number, number]> {
  if (!estimates || !se || estimates.length !== se.length) {
    throw new ShapeError(`waldIntervals: estimates and se must have the same length, got ${estimates?.length} and ${se?.length}.`);
  }
  const out: Array<[number, number]> = [];
  for (let i = 0; i < estimates.length; i++) out.push(waldInterval(estimates[i], se[i], level));
  return out;
}
