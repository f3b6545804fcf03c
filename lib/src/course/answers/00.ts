/**
 * Answers to the exercises of notebooks/00-welcome.ipynb, computed from the Old Faithful data
 * (`data/faithful.csv`) and from the knob values the notebook passes as context.
 * @module
 */
import { InvalidInputError } from "../../core/errors.js";
import { courseTable } from "../data.js";
import { defineExercise, notebookExercises } from "../define.js";

export const notebook00 = notebookExercises("00", {
  "00.1": defineExercise({
    title: "the mean eruption duration of Old Faithful, in minutes",
    hint: "read the eruptions column of faithful (faithful.numbers(...)), add its values and divide by how many there are, as the cell that computed x̄ did for the waiting times.",
    expected: () => {
      const d = courseTable("faithful.csv").numbers("eruptions");
      return d.reduce((s, v) => s + v, 0) / d.length;
    },
    relTol: 1e-9,
  }),
  "00.2": defineExercise({
    title: "log Σ_k exp(a_k) for the knob logs, computed without underflow",
    hint: "factor the largest value m out of the sum: log Σ e^(a_k) = m + log Σ e^(a_k − m); every term is then at most 1 and the largest is exactly 1.",
    context: { logs: "number[]" },
    // Written out here (not by calling logSumExp) so that the answer is checked against an
    // independent computation: the sum of e^(a_k − max) in the order given, shifted back.
    expected: ({ logs }) => {
      if (logs.length === 0) throw new InvalidInputError("exercise 00.2: logs is empty; the knob needs at least one value.");
      let m = -Infinity;
      for (const a of logs) m = Math.max(m, a);
      let s = 0;
      for (const a of logs) s += Math.exp(a - m);
      return m + Math.log(s);
    },
    relTol: 1e-12,
  }),
});
