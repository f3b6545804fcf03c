/**
 * Answers to the exercises of notebooks/07-how-many-components.ipynb, computed from the Old Faithful
 * data (`data/faithful.csv`, the first `nEruptions` rows, as the notebook's knob says) with the same
 * fits the notebook makes (k-means++ restarts `nInit`, `seed`, tol 1e-6 on ℓ/n).
 * @module
 */
import { InvalidInputError } from "../../core/errors.js";
import { fitGaussianMixture } from "../../mixture/fit.js";
import { GaussianMixture } from "../../mixture/gaussian-mixture.js";
import type { CovarianceType } from "../../mixture/options.js";
import { courseTable } from "../data.js";
import { defineExercise, notebookExercises } from "../define.js";

/** The notebook's data: the first `nEruptions` eruptions, (duration, waiting) rows. */
function eruptions(nEruptions: number): number[][] {
  const table = courseTable("faithful.csv");
  if (!Number.isInteger(nEruptions) || nEruptions < 10 || nEruptions > table.rowCount) {
    throw new InvalidInputError(`notebook 07: nEruptions must be an integer from 10 to ${table.rowCount}, got ${nEruptions}.`);
  }
  return table.matrix(["eruptions", "waiting"]).slice(0, nEruptions);
}

/** The notebook's fit of one structure and K: the best of nInit k-means++ restarts. */
function notebookFit(X: number[][], k: number, covarianceType: CovarianceType, nInit: number, seed: number) {
  return fitGaussianMixture(X, { k, covarianceType, nInit, seed, tol: 1e-6 });
}

export const notebook07 = notebookExercises("07", {
  "07.1": defineExercise({
    title: "mclust's BIC, 2ℓ − p log n, of the tied three-component fit",
    hint: "mclust's sign is the opposite of mlem's: twice the maximised log-likelihood minus the number of free parameters times the log of the number of observations.",
    context: { nEruptions: "number", nInit: "number", seed: "number" },
    expected: ({ nEruptions, nInit, seed }) => {
      const X = eruptions(nEruptions);
      return -notebookFit(X, 3, "tied", nInit, seed).bic;
    },
    relTol: 1e-9,
  }),
  "07.2": defineExercise({
    title: "the K that minimises AIC among the full-covariance fits",
    hint: "AIC is −2ℓ + 2p (lower is better): compute it for each non-degenerate fit in fits[0] and take the K of the smallest.",
    context: { nEruptions: "number", maxK: "number", nInit: "number", seed: "number" },
    expected: ({ nEruptions, maxK, nInit, seed }) => {
      const X = eruptions(nEruptions);
      let best = { k: 0, aic: Infinity };
      for (let k = 1; k <= maxK; k++) {
        const f = notebookFit(X, k, "full", nInit, seed);
        if (f.degeneracies.length === 0 && f.aic < best.aic) best = { k, aic: f.aic };
      }
      if (best.k === 0) throw new InvalidInputError("notebook 07: every full-covariance fit is degenerate with these knobs.");
      return best.k;
    },
    relTol: 0,
    absTol: 0,
  }),
  "07.3": defineExercise({
    title: "free parameters of a tied Gaussian mixture in 2 dimensions, for K = 1 … maxK",
    hint: "count the weights (they sum to one), the K mean vectors of 2 coordinates, and ONE symmetric 2 × 2 covariance shared by all components (its distinct entries).",
    context: { maxK: "number" },
    // The library's own count for each K, from a tied mixture with K components in the plane.
    expected: ({ maxK }) =>
      Array.from({ length: maxK }, (_, i) => {
        const K = i + 1;
        return GaussianMixture.fromParams({
          covarianceType: "tied",
          weights: Array.from({ length: K }, () => 1 / K),
          means: Array.from({ length: K }, (_, c) => [c, 0]),
          covariances: Array.from({ length: K }, () => [[1, 0], [0, 1]]),
        }).nParameters;
      }),
    relTol: 0,
    absTol: 0,
  }),
  "07.4": defineExercise({
    title: "ICL in its entropy form, BIC + 2·EN(γ), for the two-component full fit",
    hint: "EN(γ) = −Σ_i Σ_c γ_ic log γ_ic over the responsibilities of every eruption (a term with γ = 0 counts 0); add twice it to the fit's BIC.",
    context: { nEruptions: "number", nInit: "number", seed: "number" },
    expected: ({ nEruptions, nInit, seed }) => {
      const X = eruptions(nEruptions);
      const f = notebookFit(X, 2, "full", nInit, seed);
      let en = 0;
      for (const row of f.predictProba(X)) for (const g of row) if (g > 0) en -= g * Math.log(g);
      return f.bic + 2 * en;
    },
    relTol: 1e-9,
  }),
});
