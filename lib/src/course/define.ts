/**
 * How an exercise's answer is written down: {@link defineExercise} in an answer file
 * (`lib/src/course/answers/NN.ts`), read by {@link checkAnswer} and {@link assertAnswer}.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { fmt, type Answer, type CheckResult } from "./compare.js";

/** The kinds of value an exercise's context can name (the knob kinds, and booleans). */
export type ContextKind = "number" | "string" | "boolean" | "number[]";

/** What a notebook passes as the third argument of checkAnswer/assertAnswer: names to values. */
export type AnswerContext = Readonly<Record<string, unknown>>;

type ValueOfKind<K extends ContextKind> = K extends "number" ? number : K extends "string" ? string : K extends "boolean" ? boolean : readonly number[];

/** The typed context an answer function receives, from the exercise's `context` declaration. */
export type ContextOf<S extends Readonly<Record<string, ContextKind>>> = { readonly [N in keyof S]: ValueOfKind<S[N]> };

/**
 * One exercise's answer, as written in an answer file. Give either `expected` (a value compared
 * within the tolerances) or `check` (a property the answer must have, for answers with no single
 * right value: "the score is ≈ 0 at your answer", "F + KL = ℓ").
 */
export interface ExerciseSpec<S extends Readonly<Record<string, ContextKind>>> {
  /** What is asked, in a few words, shown in every verdict ("free parameters of a K-component GMM"). */
  title: string;
  /** Shown when the answer is wrong: points the way (which formula, which field), never the code or the value. */
  hint: string;
  /** The names the notebook must pass as context, with their kinds, e.g. `{ K: "number" }`. */
  context?: S;
  /** The right answer, computed from the course data or the context; never a copied literal. */
  expected?: (context: ContextOf<S>) => Answer;
  /** Relative tolerance for `expected` (default 1e-6). */
  relTol?: number;
  /** Absolute tolerance for `expected` (default 1e-9). */
  absTol?: number;
  /** A property check instead of `expected`; its message must not reveal the answer. */
  check?: (value: unknown, context: ContextOf<S>) => CheckResult;
}

/** A defined exercise: its spec plus the context reader used by checkAnswer. */
export interface Exercise {
  /** See {@link ExerciseSpec.title}. */
  readonly title: string;
  /** See {@link ExerciseSpec.hint}. */
  readonly hint: string;
  /** The declared context names and kinds. */
  readonly context: Readonly<Record<string, ContextKind>>;
  /** See {@link ExerciseSpec.expected}. */
  readonly expected?: (context: AnswerContext) => Answer;
  /** See {@link ExerciseSpec.relTol}. */
  readonly relTol?: number;
  /** See {@link ExerciseSpec.absTol}. */
  readonly absTol?: number;
  /** See {@link ExerciseSpec.check}. */
  readonly check?: (value: unknown, context: AnswerContext) => CheckResult;
  /** Validates the context a notebook passed (every declared name, of its kind) and returns it. */
  readContext(context: unknown, fn: string): AnswerContext;
}

function kindOf(v: unknown): ContextKind | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? "number" : undefined;
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "boolean";
  if ((Array.isArray(v) || ArrayBuffer.isView(v)) && Array.from(v as ArrayLike<unknown>).every((x) => typeof x === "number" && Number.isFinite(x))) return "number[]";
  return undefined;
}

/**
 * Defines an exercise's answer (used in `lib/src/course/answers/NN.ts`). The context declaration
 * types the answer function's argument and is checked on every call, so a notebook that forgets a
 * name gets a clear error saying what to pass.
 * @example
 * const ex = defineExercise({
 *   title: "free parameters of a K-component full GMM in 2-D",
 *   hint: "count weights (they sum to one), means, and the distinct entries of each symmetric covariance",
 *   context: { K: "number" },
 *   expected: ({ K }) => (K - 1) + 2 * K + 3 * K,
 * });
 */
export function defineExercise<S extends Readonly<Record<string, ContextKind>> = Record<never, ContextKind>>(spec: ExerciseSpec<S>): Exercise {
  if (!spec || typeof spec.title !== "string" || typeof spec.hint !== "string") {
    throw new InvalidInputError("defineExercise: an exercise needs a title and a hint (strings).");
  }
  if ((spec.expected === undefined) === (spec.check === undefined)) {
    throw new InvalidInputError(`defineExercise("${spec.title}"): give exactly one of expected (a value) or check (a property).`);
  }
  const declared: Readonly<Record<string, ContextKind>> = spec.context ?? {};
  const names = Object.keys(declared);
  const example = names.length ? `, { ${names.join(", ")} }` : "";
  return {
    title: spec.title,
    hint: spec.hint,
    context: declared,
    expected: spec.expected as unknown as Exercise["expected"],
    relTol: spec.relTol,
    absTol: spec.absTol,
    check: spec.check as unknown as Exercise["check"],
    readContext(context: unknown, fn: string): AnswerContext {
      if (names.length === 0) return (context ?? {}) as AnswerContext;
      if (context === null || typeof context !== "object" || Array.isArray(context)) {
        throw new InvalidInputError(`${fn}: this exercise depends on ${names.join(", ")}: pass them as the third argument, e.g. ${fn}(id, value${example}).`);
      }
      const ctx = context as Record<string, unknown>;
      for (const name of names) {
        if (!(name in ctx)) {
          throw new InvalidInputError(`${fn}: the context has no \`${name}\` (${declared[name]}): pass ${fn}(id, value${example}).`);
        }
        if (kindOf(ctx[name]) !== declared[name]) {
          throw new InvalidInputError(`${fn}: context.${name} must be a ${declared[name]}, got ${fmt(ctx[name])}.`);
        }
      }
      return ctx;
    },
  };
}

/**
 * Checks one answer file's exercises (ids "NN.m" with the file's notebook number NN) and returns
 * them for the registry.
 * @example
 * export const notebook05 = notebookExercises("05", {
 *   "05.2": defineExercise({ title: "free parameters of a 2-D GMM", hint: "weights, means, covariances", context: { K: "number" }, expected: ({ K }) => (K - 1) + 2 * K + 3 * K }),
 * });
 */
export function notebookExercises(notebook: string, exercises: Record<string, Exercise>): Readonly<Record<string, Exercise>> {
  if (!/^\d\d$/.test(notebook)) throw new InvalidInputError(`notebookExercises: the notebook number is two digits ("05"), got "${notebook}".`);
  for (const id of Object.keys(exercises)) {
    if (!new RegExp(`^${notebook}\\.[1-9]\\d*$`).test(id)) {
      throw new InvalidInputError(`notebookExercises: exercise id "${id}" in the file of notebook ${notebook} must read "${notebook}.m" (m = 1, 2, ...).`);
    }
  }
  return Object.freeze({ ...exercises });
}
