/**
 * Answers to the exercises of notebooks/03-hidden-variables-and-the-marginal.ipynb. The notebook
 * simulates its data from its knobs, so the exercises that need data receive it as context (the
 * observations and the mixture they are evaluated under); the others depend on knob values only.
 * @module
 */
import { InvalidInputError } from "../../core/errors.js";
import { Normal } from "../../distributions/normal.js";
import { defineExercise, notebookExercises } from "../define.js";

function positiveInteger(v: number, name: string, id: string): number {
  if (!Number.isInteger(v) || v < 1) throw new InvalidInputError(`exercise ${id}: ${name} must be a positive integer, got ${v}.`);
  return v;
}

export const notebook03 = notebookExercises("03", {
  "03.1": defineExercise({
    title: "log₁₀ of the number of labelings of n observations with K components",
    hint: "each observation's label takes one of K values independently of the others; the count is far beyond a double, so take the logarithm of the power instead of computing the power.",
    context: { n: "number", K: "number" },
    expected: ({ n, K }) => positiveInteger(n, "n", "03.1") * (Math.log(positiveInteger(K, "K", "03.1")) / Math.LN10),
    relTol: 1e-9,
  }),
  "03.2": defineExercise({
    title: "the brute-force likelihood of a few observations under a given mixture",
    hint: "build the n × K table of π_c N(x_i | μ_c, σ_c²) for these points and this mixture (componentTable), then pass it to bruteForceLikelihood with the number of points and the mixture's number of components.",
    context: { x: "number[]", weights: "number[]", means: "number[]", sds: "number[]" },
    // The same number through the factorisation Π_i Σ_c π_c N(x_i | μ_c, σ_c²), computed here
    // directly from the densities, not by enumerating labelings.
    expected: ({ x, weights, means, sds }) => {
      const K = weights.length;
      if (K < 1 || means.length !== K || sds.length !== K) throw new InvalidInputError("exercise 03.2: weights, means and sds need one entry per component.");
      if (x.length === 0 || K ** x.length > 5e6) throw new InvalidInputError(`exercise 03.2: use between 1 and ${Math.floor(Math.log(5e6) / Math.log(K))} observations for a ${K}-component brute force.`);
      const dists = means.map((m, c) => new Normal(m, sds[c]));
      let prod = 1;
      for (const v of x) prod *= weights.reduce((s, w, c) => s + w * dists[c].pdf(v), 0);
      return prod;
    },
    relTol: 1e-11,
  }),
  "03.3": defineExercise({
    title: "the average responsibility of each component at the BFGS estimate",
    hint: "the E-step at bfgs.theta gives the n × K responsibilities γ (row-major: entry i·K + c); average each component's column over the n observations.",
    context: { x: "number[]", theta: "number[]" },
    expected: ({ x, theta }) => {
      if (theta.length % 3 !== 0 || theta.length < 6) throw new InvalidInputError("exercise 03.3: theta must be (π₁…π_K, μ₁…μ_K, σ₁…σ_K) with K ≥ 2.");
      const K = theta.length / 3;
      const dists = Array.from({ length: K }, (_, c) => new Normal(theta[K + c], theta[2 * K + c]));
      const mean = new Array<number>(K).fill(0);
      for (const v of x) {
        const logs = dists.map((d, c) => Math.log(theta[c]) + d.logPdf(v));
        const top = logs.reduce((m, a) => Math.max(m, a), -Infinity);
        const w = logs.map((a) => Math.exp(a - top));
        const total = w.reduce((s, a) => s + a, 0);
        for (let c = 0; c < K; c++) mean[c] += w[c] / total / x.length;
      }
      return mean;
    },
    relTol: 1e-9,
  }),
  "03.4": defineExercise({
    title: "the number of labelings of a K-component fit with the same likelihood",
    hint: "any permutation of the component names gives the same density: count the ways to order K distinct objects.",
    context: { K: "number" },
    expected: ({ K }) => {
      let f = 1;
      for (let c = 2; c <= positiveInteger(K, "K", "03.4"); c++) f *= c;
      return f;
    },
    relTol: 0,
    absTol: 0,
  }),
});
