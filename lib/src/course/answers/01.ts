/**
 * Answers to the exercises of notebooks/01-likelihood-and-direct-mle.ipynb, computed from the
 * course data (`data/earthquakes.csv`, `data/rivers.csv`, `data/precip.csv`) and from the knob
 * values the notebook passes as context.
 * @module
 */
import { InvalidInputError } from "../../core/errors.js";
import { courseTable } from "../data.js";
import { defineExercise, notebookExercises } from "../define.js";

const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);

export const notebook01 = notebookExercises("01", {
  "01.1": defineExercise({
    title: "the Poisson MLE of the yearly rate of major earthquakes",
    hint: "write the log-likelihood S·log λ − nλ (S = the total count, n = the number of years), set its derivative to zero and solve for λ.",
    expected: () => {
      const counts = courseTable("earthquakes.csv").numbers("count");
      return sum(counts) / counts.length;
    },
    relTol: 1e-9,
  }),
  "01.2": defineExercise({
    title: "the Exponential MLE of the rate for the river lengths (per mile)",
    hint: "the score is n/λ − T, with T the total length of all the rivers; solve score = 0 for λ. The rate is per mile, so it is small.",
    expected: () => {
      const lengths = courseTable("rivers.csv").numbers("length_miles");
      return lengths.length / sum(lengths);
    },
    relTol: 1e-9,
  }),
  "01.3": defineExercise({
    title: "the standard error of p̂ from the observed information, for kObs heads in nFlips flips",
    hint: "J(p̂) is the observed-information expression evaluated at the MLE (evaluate takes the values of k, n and p, with p = k/n); the standard error is one over its square root.",
    context: { nFlips: "number", kObs: "number" },
    // At p̂ = k/n the observed information k/p² + (n − k)/(1 − p)² equals n/(p̂(1 − p̂)).
    expected: ({ nFlips, kObs }) => {
      if (!(kObs > 0 && kObs < nFlips)) throw new InvalidInputError(`exercise 01.3: needs 0 < kObs < nFlips, got kObs = ${kObs}, nFlips = ${nFlips}.`);
      const p = kObs / nFlips;
      return Math.sqrt((p * (1 - p)) / nFlips);
    },
    relTol: 1e-9,
  }),
  "01.4": defineExercise({
    title: "the unbiased sample variance s² of the precipitation data",
    hint: "σ̂² divides the sum of squared deviations by n, s² divides the same sum by n − 1: rescale σ̂² accordingly.",
    expected: () => {
      const x = courseTable("precip.csv").numbers("inches");
      const m = sum(x) / x.length;
      return x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1);
    },
    relTol: 1e-9,
  }),
});
