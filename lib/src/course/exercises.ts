/**
 * Self-checks for the course's exercises, keyed by id. A learner computes an answer in a cell and
 * calls {@link checkAnswer}`("05.2", value, context)`, which says right or not yet (with a hint) in
 * the notebook; a solution cell calls {@link assertAnswer}, which throws {@link WrongAnswerError}
 * when the solution is wrong, so a wrong solution fails the notebook tests. The right answers live
 * in the library (`lib/src/course/answers/NN.ts`, one file per notebook), computed from the course
 * data or from the knob values passed as `context`: they are never visible in the notebook.
 * @module
 */
import { InvalidInputError, MlemError } from "../core/errors.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { showMarkdown } from "../plot/markdown.js";
import { compare, fmt, type Answer, type CheckOptions, type CheckResult } from "./compare.js";
import type { AnswerContext } from "./define.js";
import { exerciseById } from "./registry.js";

/**
 * A solution checked with {@link assertAnswer} is wrong. `exerciseId` names the exercise ("05.2").
 * @example
 * try { assertAnswer("05.2", 16, { K: 3 }); } catch (e) { if (e instanceof WrongAnswerError) console.log(e.exerciseId); }
 */
export class WrongAnswerError extends MlemError {
  /** The id of the exercise, "NN.m". */
  readonly exerciseId: string;
  constructor(exerciseId: string, message: string) {
    super(message);
    this.exerciseId = exerciseId;
  }
}

function verdict(fn: string, id: string, value: unknown, context: AnswerContext | undefined): { result: CheckResult; title: string; hint: string } {
  if (typeof id !== "string") throw new InvalidInputError(`${fn}: the first argument is the exercise id, a string like "05.2", got ${fmt(id)}.`);
  const exercise = exerciseById(id, fn);
  const ctx = exercise.readContext(context, fn);
  let result: CheckResult;
  if (exercise.check) {
    try {
      result = exercise.check(value, ctx);
    } catch (e) {
      // A property check that cannot even be evaluated on this value: the value is the problem.
      if (!(e instanceof MlemError)) throw e;
      result = { correct: false, message: `the answer cannot be checked: ${e.message}` };
    }
  } else {
    const expected = exercise.expected!(ctx);
    result = compare(value, expected, exercise.relTol ?? 1e-6, exercise.absTol ?? 1e-9, fn);
  }
  return { result, title: exercise.title, hint: exercise.hint };
}

/**
 * Checks the answer to exercise `id` and shows the verdict in the notebook: "✅ right" or
 * "❌ not yet", with what is wrong and a hint that points the way. Returns whether it was right.
 * Never throws for a wrong answer (a learner's first attempts are wrong); it throws for an unknown
 * id or a missing context.
 * @param id the exercise, "NN.m" (notebook NN, exercise m)
 * @param value the learner's answer
 * @param context what the answer depends on, usually the notebook's knob values (`{ K, seed }`);
 *   each exercise says which names it needs
 * @example
 * const K = 3;
 * const myCount = 17; // the learner's count of free parameters
 * checkAnswer("05.2", myCount, { K });
 */
export function checkAnswer(id: string, value: unknown, context?: AnswerContext): boolean {
  const { result, title, hint } = verdict("checkAnswer", id, value, context);
  showMarkdown(
    result.correct
      ? `✅ **Exercise ${id}** (${title}): right. ${result.message}`
      : `❌ **Exercise ${id}** (${title}): not yet. ${result.message} *Hint:* ${hint}`,
  );
  return result.correct;
}

/**
 * Like {@link checkAnswer}, for solution cells: shows "✅" when the value is right and throws
 * {@link WrongAnswerError} naming the exercise when it is not, so that a wrong solution fails the
 * notebook (and `npm test`).
 * @example
 * const K = 3;
 * assertAnswer("05.2", (K - 1) + K * 2 + K * 3, { K });
 */
export function assertAnswer(id: string, value: unknown, context?: AnswerContext): void {
  const { result, title } = verdict("assertAnswer", id, value, context);
  if (!result.correct) {
    throw new WrongAnswerError(id, `Exercise ${id} (${title}): the solution is wrong: ${result.message}`);
  }
  showMarkdown(`✅ **Exercise ${id}** (${title}): the solution checks. ${result.message}`);
}

/**
 * Transitional: the label-and-expected-value self-check of the notebooks not yet converted to
 * {@link checkAnswer}(id, …). It shows the verdict like checkAnswer, but the expected value sits in
 * the notebook cell, which the course standard forbids; convert each exercise to an answer in
 * `lib/src/course/answers/NN.ts` and call checkAnswer/assertAnswer instead.
 * @deprecated use {@link checkAnswer} with an exercise id
 * @example
 * checkLiteralAnswer("Exercise 1: the MLE of λ", 3.1, 3.1, { hint: "The Poisson MLE is the sample mean." });
 */
export function checkLiteralAnswer(label: string, actual: Answer, expected: Answer, options: CheckOptions & { hint?: string; display?: boolean } = {}): boolean {
  if (typeof label !== "string") throw new InvalidInputError("checkLiteralAnswer: label must be a string naming the exercise.");
  checkOptions(options, ["relTol", "absTol", "hint", "display"], "checkLiteralAnswer");
  const relTol = options.relTol ?? 1e-6;
  const absTol = options.absTol ?? 1e-9;
  assertNumber(relTol, "checkLiteralAnswer", "relTol", { ge: 0 });
  assertNumber(absTol, "checkLiteralAnswer", "absTol", { ge: 0 });
  const r = compare(actual, expected, relTol, absTol, "checkLiteralAnswer");
  if (options.display !== false) {
    showMarkdown(r.correct ? `✅ **${label}**: right. ${r.message}` : `❌ **${label}**: not yet. ${r.message}${options.hint ? ` *Hint:* ${options.hint}` : ""}`);
  }
  return r.correct;
}
