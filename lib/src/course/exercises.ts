/**
 * Self-checks for the course's exercises: a learner computes an answer in a cell and calls
 * {@link checkAnswer}, which says right or wrong and why, in the notebook.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { showMarkdown } from "../plot/markdown.js";

/** Options of {@link checkAnswer} and {@link compareAnswer}. */
export interface CheckOptions {
  /** Relative tolerance for numbers (default 1e-6): |a − e| ≤ relTol·|e| passes. */
  relTol?: number;
  /** Absolute tolerance for numbers (default 1e-9): |a − e| ≤ absTol passes. */
  absTol?: number;
  /** A hint shown when the answer is wrong (what to look at, not the answer). */
  hint?: string;
  /** Whether to display the verdict in the notebook (default true). */
  display?: boolean;
}

/** The verdict of {@link compareAnswer}. */
export interface CheckResult {
  /** True when the answer is right within tolerance. */
  correct: boolean;
  /** A one-sentence explanation (why it is right or what differs). */
  message: string;
}

type Answer = number | string | boolean | ArrayLike<number> | ReadonlyArray<number | string | boolean>;

function fmt(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(8);
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return `[${Array.from(v as ArrayLike<unknown>).map(fmt).join(", ")}]`;
  return JSON.stringify(v);
}

function closeEnough(a: number, e: number, relTol: number, absTol: number): boolean {
  if (Number.isNaN(a)) return false;
  return Math.abs(a - e) <= Math.max(absTol, relTol * Math.abs(e));
}

/**
 * Compares an answer with the expected value without displaying anything: numbers within
 * tolerance, arrays element by element (same length), strings and booleans exactly.
 * @example
 * compareAnswer(0.3333334, 1 / 3, { relTol: 1e-5 }).correct; // true
 */
export function compareAnswer(actual: Answer, expected: Answer, options: CheckOptions = {}): CheckResult {
  const { relTol, absTol } = tolerances(options, "compareAnswer");
  return compare(actual, expected, relTol, absTol, "compareAnswer");
}

const CHECK_OPTIONS = ["relTol", "absTol", "hint", "display"] as const;

function tolerances(options: CheckOptions, fn: string): { relTol: number; absTol: number } {
  checkOptions(options, CHECK_OPTIONS, fn);
  const relTol = options.relTol ?? 1e-6;
  const absTol = options.absTol ?? 1e-9;
  assertNumber(relTol, fn, "relTol", { ge: 0 });
  assertNumber(absTol, fn, "absTol", { ge: 0 });
  return { relTol, absTol };
}

function compare(actual: Answer, expected: Answer, relTol: number, absTol: number, fn: string): CheckResult {
  if (typeof expected === "number") {
    if (typeof actual !== "number") return { correct: false, message: `expected a number, got ${fmt(actual)}.` };
    if (Number.isNaN(actual)) return { correct: false, message: "your answer is NaN: look for a 0/0, a log of a negative number, or an undefined variable." };
    return closeEnough(actual, expected, relTol, absTol)
      ? { correct: true, message: `${fmt(actual)} matches ${fmt(expected)} (tolerance ${relTol} relative).` }
      : { correct: false, message: `${fmt(actual)} differs from the expected value by ${fmt(actual - expected)} (${fmt(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300))} relative).` };
  }
  if (typeof expected === "string" || typeof expected === "boolean") {
    return actual === expected
      ? { correct: true, message: `${fmt(actual)} is right.` }
      : { correct: false, message: `got ${fmt(actual)}, which is not the expected answer.` };
  }
  if (typeof expected === "object" && expected !== null && typeof (expected as ArrayLike<unknown>).length === "number") {
    const e = Array.from(expected as ArrayLike<unknown>);
    if (typeof actual !== "object" || actual === null || typeof (actual as ArrayLike<unknown>).length !== "number") {
      return { correct: false, message: `expected an array of length ${e.length}, got ${fmt(actual)}.` };
    }
    const a = Array.from(actual as ArrayLike<unknown>);
    if (a.length !== e.length) return { correct: false, message: `expected ${e.length} values, got ${a.length}.` };
    for (let i = 0; i < e.length; i++) {
      const r = compare(a[i] as Answer, e[i] as Answer, relTol, absTol, fn);
      if (!r.correct) return { correct: false, message: `entry ${i}: ${r.message}` };
    }
    return { correct: true, message: `all ${e.length} values match (tolerance ${relTol} relative).` };
  }
  throw new InvalidInputError(`${fn}: expected must be a number, string, boolean or an array of them, got ${fmt(expected)}.`);
}

/**
 * Checks an exercise answer and shows the verdict in the notebook: "✅ Right" or "❌ Not yet",
 * with why and, when wrong, the hint. Returns whether it was right.
 * @param label what is being checked ("Exercise 2: the MLE of λ")
 * @example
 * const lambdaHat = counts.reduce((s, c) => s + c, 0) / counts.length;
 * checkAnswer("Exercise 1: the MLE of λ", lambdaHat, 3.1, { hint: "The Poisson MLE is the sample mean." });
 */
export function checkAnswer(label: string, actual: Answer, expected: Answer, options: CheckOptions = {}): boolean {
  if (typeof label !== "string") throw new InvalidInputError("checkAnswer: label must be a string naming the exercise.");
  const { relTol, absTol } = tolerances(options, "checkAnswer");
  const r = compare(actual, expected, relTol, absTol, "checkAnswer");
  if (options.display !== false) {
    const text = r.correct
      ? `✅ **${label}**: right. ${r.message}`
      : `❌ **${label}**: not yet. ${r.message}${options.hint ? ` *Hint:* ${options.hint}` : ""}`;
    showMarkdown(text);
  }
  return r.correct;
}
