/**
 * Comparing an answer with an expected value, in words that never give the expected value away.
 * Used by {@link checkAnswer} and by the answer files' property checks.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { assertNumber, checkOptions } from "../core/validate.js";

/** Options of {@link compareAnswer}. */
export interface CheckOptions {
  /** Relative tolerance for numbers (default 1e-6): |a − e| ≤ relTol·|e| passes. */
  relTol?: number;
  /** Absolute tolerance for numbers (default 1e-9): |a − e| ≤ absTol passes. */
  absTol?: number;
}

/** A verdict: right or not, and a one-sentence explanation that never reveals the right answer. */
export interface CheckResult {
  /** True when the answer is right (within tolerance). */
  correct: boolean;
  /** Why it is right, or what is wrong with it (its kind, its length, how far off it is). */
  message: string;
}

/** What an answer can be: a number, a string, a boolean, or an array of them. */
export type Answer = number | string | boolean | ArrayLike<number> | ReadonlyArray<number | string | boolean>;

/** @internal a short description of a value for messages. */
export function fmt(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(8);
  if (ArrayBuffer.isView(v) || Array.isArray(v)) {
    const a = Array.from(v as ArrayLike<unknown>);
    return a.length > 8 ? `an array of length ${a.length}` : `[${a.map(fmt).join(", ")}]`;
  }
  if (v === undefined) return "undefined";
  if (typeof v === "function") return "a function";
  if (typeof v === "object" && v !== null) return "an object";
  return JSON.stringify(v);
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return typeof v === "object" && v !== null && typeof (v as ArrayLike<unknown>).length === "number";
}

/** How far off a number is, in words that do not give the answer away. */
function howFar(actual: number, expected: number): string {
  const rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  if (rel <= 1e-3) return "very close (within 0.1%), but not within the tolerance: look for a rounding step or a missing small term";
  if (rel <= 0.01) return "close (within 1%), but not within the tolerance";
  if (rel <= 0.1) return "within 10%, not closer";
  if (expected !== 0 && actual !== 0 && Math.sign(actual) !== Math.sign(expected)) return "of the wrong sign";
  return "off by more than 10%";
}

/** @internal the comparison behind compareAnswer, with resolved tolerances. */
export function compare(actual: unknown, expected: Answer, relTol: number, absTol: number, fn: string): CheckResult {
  if (typeof expected === "number") {
    if (typeof actual !== "number") return { correct: false, message: `the answer should be a number, got ${fmt(actual)}.` };
    if (Number.isNaN(actual)) return { correct: false, message: "your answer is NaN: look for a 0/0, a log of a negative number, or an undefined variable." };
    return Math.abs(actual - expected) <= Math.max(absTol, relTol * Math.abs(expected))
      ? { correct: true, message: `${fmt(actual)} is right (relative tolerance ${relTol}).` }
      : { correct: false, message: `${fmt(actual)} is ${howFar(actual, expected)}.` };
  }
  if (typeof expected === "string" || typeof expected === "boolean") {
    return actual === expected
      ? { correct: true, message: `${fmt(actual)} is right.` }
      : { correct: false, message: typeof actual === typeof expected ? `${fmt(actual)} is not the answer.` : `the answer should be a ${typeof expected}, got ${fmt(actual)}.` };
  }
  if (isArrayLike(expected)) {
    const e = Array.from(expected as ArrayLike<unknown>);
    if (!isArrayLike(actual) || typeof actual === "string") return { correct: false, message: `the answer should be an array of ${e.length} values, got ${fmt(actual)}.` };
    const a = Array.from(actual);
    if (a.length !== e.length) return { correct: false, message: `the answer should have ${e.length} values, got ${a.length}.` };
    for (let i = 0; i < e.length; i++) {
      const r = compare(a[i], e[i] as Answer, relTol, absTol, fn);
      if (!r.correct) return { correct: false, message: `entry ${i}: ${r.message}` };
    }
    return { correct: true, message: `all ${e.length} values are right (relative tolerance ${relTol}).` };
  }
  throw new InvalidInputError(`${fn}: the expected answer must be a number, string, boolean or an array of them, got ${fmt(expected)}.`);
}

/**
 * Compares an answer with an expected value without displaying anything: numbers within tolerance,
 * arrays element by element (same length), strings and booleans exactly. The message says how far
 * off a wrong number is in words ("within 10%"), never the expected value, so answer files can use
 * it inside property checks.
 * @example
 * compareAnswer(0.3333334, 1 / 3, { relTol: 1e-5 }).correct; // → true
 * compareAnswer(0.35, 1 / 3).message; // → "0.35000000 is within 10%, not closer."
 */
export function compareAnswer(actual: unknown, expected: Answer, options: CheckOptions = {}): CheckResult {
  checkOptions(options, ["relTol", "absTol"], "compareAnswer");
  const relTol = options.relTol ?? 1e-6;
  const absTol = options.absTol ?? 1e-9;
  assertNumber(relTol, "compareAnswer", "relTol", { ge: 0 });
  assertNumber(absTol, "compareAnswer", "absTol", { ge: 0 });
  return compare(actual, expected, relTol, absTol, "compareAnswer");
}

