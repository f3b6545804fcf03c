/**
 * Answers to the exercises of notebooks/11-theory-corner.ipynb: the genetic linkage model of
 * Dempster, Laird & Rubin (1977), the two-component mixture of Old Faithful's waiting times
 * (`data/faithful.csv`, fitted as the notebook fits it) and the Poisson-mixture EM run on the
 * earthquake counts (`data/earthquakes.csv`) from the start the notebook's knob `pmRates` gives.
 * @module
 */
import { InvalidInputError } from "../../core/errors.js";
import { runEM } from "../../em/engine.js";
import { geneticLinkageModel } from "../../em/linkage.js";
import { fitGaussianMixture } from "../../mixture/fit.js";
import { mixtureStandardErrors } from "../../mixture/standard-errors.js";
import { poissonMixtureModel } from "../../models/poissonMixture.js";
import { courseTable } from "../data.js";
import { defineExercise, notebookExercises } from "../define.js";

export const notebook11 = notebookExercises("11", {
  "11.1": defineExercise({
    title: "EM iterations for the linkage model to reduce its error a million-fold",
    hint: "solve λᵗ = 10⁻⁶ for t with logarithms and round up; λ is the fraction of missing information I_m / I_c (the derivative of the EM map at θ*).",
    expected: () => {
      const model = geneticLinkageModel();
      const lambda = model.emMapDerivative(model.exactMLE());
      return Math.ceil(Math.log(1e-6) / Math.log(lambda));
    },
    relTol: 0,
    absTol: 0,
  }),
  "11.2": defineExercise({
    title: "the lower end of the 95% Wald interval for the long-wait mean of Old Faithful",
    hint: "the estimate minus 1.96 standard errors; the long-wait component is the one with the larger mean, and its standard error is in mixtureStandardErrors' means.",
    expected: () => {
      const W = courseTable("faithful.csv").numbers("waiting").map((v) => [v]);
      const fit = fitGaussianMixture(W, { k: 2, nInit: 3, seed: 1, tol: 1e-14, maxIter: 5000 });
      const se = mixtureStandardErrors(fit, W);
      const long = fit.means[0][0] > fit.means[1][0] ? 0 : 1;
      return fit.means[long][0] - 1.96 * se.means[long][0];
    },
    relTol: 1e-6,
  }),
  "11.3": defineExercise({
    title: "Aitken's extrapolation of ℓ* from three successive log-likelihoods of the Poisson-mixture EM",
    hint: "r is the ratio of the last increase to the one before; the geometric series of the remaining increases adds r/(1 − r) times the last increase to the last log-likelihood.",
    context: { pmRates: "number[]" },
    expected: ({ pmRates }) => {
      if (pmRates.length < 1 || !pmRates.every((r) => r > 0)) throw new InvalidInputError("notebook 11: pmRates must be positive start rates.");
      const K = pmRates.length;
      const run = runEM(poissonMixtureModel(courseTable("earthquakes.csv").numbers("count")), { weights: pmRates.map(() => 1 / K), rates: [...pmRates] }, { tol: 0, relTol: 0, maxIter: 5000 });
      const ll = run.history.logLikelihood;
      const t = ll.findIndex((v, i) => i >= 2 && run.logLikelihood - v < 1e-3);
      if (t < 0) throw new InvalidInputError("notebook 11: EM from this start never comes within 1e-3 of its limit.");
      const r = (ll[t] - ll[t - 1]) / (ll[t - 1] - ll[t - 2]);
      return ll[t] + (r / (1 - r)) * (ll[t] - ll[t - 1]);
    },
    relTol: 1e-12,
  }),
});
