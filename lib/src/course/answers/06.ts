/**
 * Answers to the exercises of notebooks/06-em-versus-direct-mle.ipynb, computed from the Old
 * Faithful waiting times (`data/faithful.csv`, the first `nWaits` rows, as the notebook's knob says)
 * and the knob values the notebook passes as context. The notebook's unconstrained coordinates are
 * u = (a_1..a_{K−1}, μ_1..μ_K, log σ_1..log σ_K), with the weights the softmax of (a, 0).
 * @module
 */
import { InvalidInputError } from "../../core/errors.js";
import { choleskyLower } from "../../core/linalg.js";
import { fitGaussianMixture } from "../../mixture/fit.js";
import { GaussianMixture } from "../../mixture/gaussian-mixture.js";
import { numericalGradient, numericalHessian } from "../../calculus/derivatives.js";
import { simplexTransform } from "../../optim/transforms.js";
import { courseTable } from "../data.js";
import { defineExercise, notebookExercises } from "../define.js";

/** The notebook's data: the first `nWaits` waiting times, as rows of one column. */
function waits(nWaits: number): number[][] {
  const table = courseTable("faithful.csv");
  if (!Number.isInteger(nWaits) || nWaits < 2 || nWaits > table.rowCount) {
    throw new InvalidInputError(`notebook 06: nWaits must be an integer from 2 to ${table.rowCount}, got ${nWaits}.`);
  }
  return table.numbers("waiting").slice(0, nWaits).map((v) => [v]);
}

/** The notebook's common start: equal weights, the given means, every σ = startSd. */
function commonStart(startMeans: readonly number[], startSd: number) {
  if (startMeans.length < 2 || !(startSd > 0)) {
    throw new InvalidInputError("notebook 06: the common start needs at least two start means and a positive startSd.");
  }
  return {
    weights: startMeans.map(() => 1 / startMeans.length),
    means: startMeans.map((m) => [m]),
    covariances: startMeans.map(() => [[startSd * startSd]]),
  };
}

/** ℓ(u) of the K-component mixture in the notebook's coordinates; −∞ where u is not finite. */
function logLikelihoodInU(W: number[][], K: number): (u: ArrayLike<number>) => number {
  const softmax = simplexTransform(K);
  return (u) => {
    for (let i = 0; i < u.length; i++) if (!Number.isFinite(u[i])) return -Infinity;
    const a = Array.from({ length: K - 1 }, (_, c) => u[c]);
    const mixture = GaussianMixture.fromParams({
      weights: Array.from(softmax.toNatural(a)),
      means: Array.from({ length: K }, (_, c) => [u[K - 1 + c]]),
      covariances: Array.from({ length: K }, (_, c) => [[Math.exp(2 * u[2 * K - 1 + c])]]),
    });
    return mixture.logLikelihoodOf(W);
  };
}

export const notebook06 = notebookExercises("06", {
  "06.1": defineExercise({
    title: "EM's rate λ from the ratio of successive log-likelihood increases",
    hint: "in the linear phase the increases ℓ_{t+1} − ℓ_t shrink by a constant factor, λ² (the log-likelihood error is quadratic in the parameter error); pick t where the increases are small but far above rounding noise, divide one increase by the previous one, and take the square root.",
    context: { startMeans: "number[]", startSd: "number", nWaits: "number" },
    expected: ({ startMeans, startSd, nWaits }) => {
      const fit = fitGaussianMixture(waits(nWaits), { k: startMeans.length, init: commonStart(startMeans, startSd), regCovar: 0 });
      if (fit.rate.estimate === null) {
        throw new InvalidInputError("notebook 06: EM converged in too few iterations from this start for the engine to estimate its rate; change the knobs.");
      }
      return fit.rate.estimate;
    },
    // The engine measures λ from parameter steps, the exercise from log-likelihood increases: the
    // two agree in the linear phase to about 1% (both are estimates of the same eigenvalue).
    relTol: 0.02,
  }),
  "06.2": defineExercise({
    title: "where Newton's method ends from the common start: a local maximum of ℓ",
    hint: "run maximize(logLik, u0, { method: \"newton\", gradient: gradLogLik }) and pass Array.from(result.x): the 3K − 1 coordinates (weight coordinates a, the means, the log standard deviations).",
    context: { nWaits: "number" },
    // A property, not a value: the score vanishes at the point (relative to the size of ℓ, as the
    // optimisers' own gradient test) and the observed information is positive definite there.
    check: (value, { nWaits }) => {
      if (!Array.isArray(value) || value.length < 5 || value.length % 3 !== 2 || !value.every((v) => typeof v === "number" && Number.isFinite(v))) {
        return { correct: false, message: "pass the point as an array of 3K − 1 finite numbers (Array.from(result.x))." };
      }
      const u = value as number[];
      const K = (u.length + 1) / 3;
      const f = logLikelihoodInU(waits(nWaits), K);
      const ll = f(u);
      const g = numericalGradient((x) => f(x), u);
      let largest = 0;
      for (let i = 0; i < g.length; i++) largest = Math.max(largest, Math.abs(g[i]));
      if (!(largest <= 1e-6 * Math.max(1, Math.abs(ll)))) {
        return { correct: false, message: `the score is not ≈ 0 at your point (its largest entry is ${largest.toPrecision(2)} nats per unit): it is not a stationary point of ℓ.` };
      }
      const H = numericalHessian((x) => f(x), u);
      const info = new Float64Array(H.length);
      for (let i = 0; i < H.length; i++) info[i] = -H[i];
      if (!choleskyLower(info, u.length, new Float64Array(H.length))) {
        return { correct: false, message: "the score vanishes at your point, but the observed information is not positive definite there: a saddle (like the one-Gaussian point), not a maximum." };
      }
      return { correct: true, message: `your point is a local maximum of the ${K}-component log-likelihood (ℓ = ${ll.toFixed(4)}).` };
    },
  }),
  "06.3": defineExercise({
    title: "the log-likelihood BFGS returns when started on the one-Gaussian saddle",
    hint: "at the saddle every component is the same normal, so every responsibility equals its weight and the gradient vanishes: BFGS cannot move. Its ℓ is that of a single normal fitted to the waiting times.",
    context: { nWaits: "number" },
    expected: ({ nWaits }) => {
      const x = waits(nWaits).map((r) => r[0]);
      const m = x.reduce((s, v) => s + v, 0) / x.length;
      const variance = x.reduce((s, v) => s + (v - m) ** 2, 0) / x.length;
      return -(x.length / 2) * (Math.log(2 * Math.PI * variance) + 1);
    },
    relTol: 1e-8,
  }),
  "06.4": defineExercise({
    title: "∂ℓ/∂μ₁ at the common start, from the responsibilities (Fisher's identity)",
    hint: "the derivative of the marginal log-likelihood is the expected complete-data derivative: sum over the waiting times of γ_i1 (x_i − μ_1)/σ_1², with γ_i1 the E-step's responsibility of component 1 at the start.",
    context: { startMeans: "number[]", startSd: "number", nWaits: "number" },
    // Differentiated numerically, so that the answer does not use the identity it checks.
    expected: ({ startMeans, startSd, nWaits }) => {
      const W = waits(nWaits);
      const start = commonStart(startMeans, startSd);
      const at = (mu1: number) => GaussianMixture.fromParams({ ...start, means: start.means.map((m, c) => (c === 0 ? [mu1] : m)) }).logLikelihoodOf(W);
      return numericalGradient((v) => at(v[0]), [startMeans[0]])[0];
    },
    relTol: 1e-6,
  }),
});
