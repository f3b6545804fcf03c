/**
 * The course's exercises by id: every answer file's exercises in one registry, read by
 * {@link checkAnswer} and {@link assertAnswer}.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { COURSE_EXERCISES } from "./answers/index.js";
import type { Exercise } from "./define.js";

/** @internal the exercise with this id, or a clear error listing the notebook's known ids. */
export function exerciseById(id: string, fn: string): Exercise {
  const exercise = COURSE_EXERCISES[id];
  if (exercise) return exercise;
  const notebook = /^(\d\d)\./.exec(id)?.[1];
  const known = Object.keys(COURSE_EXERCISES).filter((k) => notebook !== undefined && k.startsWith(`${notebook}.`));
  throw new InvalidInputError(
    `${fn}: no exercise "${id}". ` +
      (known.length ? `Notebook ${notebook} has ${known.join(", ")}.` : `Ids read "NN.m" (notebook NN, exercise m); the registry has ${Object.keys(COURSE_EXERCISES).join(", ")}.`),
  );
}

/**
 * The registered exercises in id order, with what each asks and what its check needs: for an
 * instructor's overview, or to list a notebook's exercises.
 * @example
 * courseExercises().filter((e) => e.id.startsWith("05."));
 * // [{ id: "05.1", title: "...", context: ["K", "seed", "nEruptions"], kind: "value" }, ...]
 */
export function courseExercises(): Array<{ id: string; title: string; context: string[]; kind: "value" | "property" }> {
  return Object.keys(COURSE_EXERCISES)
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
    .map((id) => {
      const e = COURSE_EXERCISES[id];
      return { id, title: e.title, context: Object.keys(e.context), kind: e.check ? "property" : "value" };
    });
}
