/**
 * Answers to the exercises of notebooks/04-em-derived.ipynb, computed from the course data
 * (`data/linkage.csv`, `data/faithful.csv`: the first `nEruptions` waiting times, as the notebook's
 * knob says) and from the knob values the notebook passes as context.
 * @module
 */
import { InvalidInputError } from "../../core/errors.js";
import { Normal } from "../../distributions/normal.js";
import { compareAnswer } from "../compare.js";
import { courseTable } from "../data.js";
import { defineExercise, notebookExercises } from "../define.js";

function waiting(nEruptions: number): number[] {
  const all = courseTable("faithful.csv").numbers("waiting");
  if (!Number.isInteger(nEruptions) || nEruptions < 2 || nEruptions > all.length) {
    throw new InvalidInputError(`notebook 04: nEruptions must be an integer from 2 to ${all.length}, got ${nEruptions}.`);
  }
  return all.slice(0, nEruptions);
}

function linkageCounts(counts: readonly number[], id: string): [number, number, number, number] {
  if (counts.length !== 4 || !counts.every((c) => Number.isInteger(c) && c >= 0) || counts[3] === 0) {
    throw new InvalidInputError(`exercise ${id}: counts must be four non-negative integers (AB, Ab, aB, ab) with ab > 0.`);
  }
  return [counts[0], counts[1], counts[2], counts[3]];
}

/** The root in (0, 1) of nθ² − (y₁ − 2y₂ − 2y₃ − y₄)θ − 2y₄ = 0, the linkage MLE. */
function linkageMLE([y1, y2, y3, y4]: [number, number, number, number]): number {
  const n = y1 + y2 + y3 + y4;
  const b = y1 - 2 * y2 - 2 * y3 - y4;
  return (b + Math.sqrt(b * b + 8 * n * y4)) / (2 * n);
}

export const notebook04 = notebookExercises("04", {
  "04.1": defineExercise({
    title: "θ^(1), one EM iteration on Dempster, Laird & Rubin's linkage counts",
    hint: "E-step: the expected hidden count x₂ is y₁ times the share θ/4 of the AB cell's probability 1/2 + θ/4; M-step: θ is the binomial proportion (x₂ + y₄)/(x₂ + y₂ + y₃ + y₄).",
    context: { theta0: "number" },
    expected: ({ theta0 }) => {
      if (!(theta0 > 0 && theta0 < 1)) throw new InvalidInputError(`exercise 04.1: theta0 must be strictly between 0 and 1, got ${theta0}.`);
      const [y1, y2, y3, y4] = linkageCounts(courseTable("linkage.csv").numbers("count"), "04.1");
      const x2 = (y1 * theta0) / (2 + theta0);
      return (x2 + y4) / (x2 + y2 + y3 + y4);
    },
    // Tighter than the 9 decimals the notebook's table prints: the value must be computed, not copied.
    relTol: 1e-12,
    absTol: 0,
  }),
  "04.2": defineExercise({
    title: "[F(q, θ), Σᵢ KL(qᵢ ‖ posteriorᵢ)] for the uniform q at the start, which must add up to ℓ(θ)",
    hint: "F = Σᵢ Σ_c q_ic [log π_c N(xᵢ | μ_c, σ_c²) − log q_ic] (mixture1dElbo computes it); KLᵢ = Σ_c q_ic log(q_ic / γ_ic) with γ the E-step's responsibilities, summed over all the waiting times.",
    context: { K: "number", startMeans: "number[]", startSd: "number", nEruptions: "number" },
    // The identity ℓ = F + KL, and each term on its own (so that [ℓ, 0] does not pass).
    check: (value, { K, startMeans, startSd, nEruptions }) => {
      if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === "number" && Number.isFinite(v))) {
        return { correct: false, message: "pass two finite numbers, [F, KL]." };
      }
      if (startMeans.length !== K || !(startSd > 0)) throw new InvalidInputError("exercise 04.2: startMeans needs K entries and startSd must be positive.");
      const x = waiting(nEruptions);
      const dists = startMeans.map((m) => new Normal(m, startSd));
      let ll = 0;
      let F = 0;
      for (const v of x) {
        const logJoint = dists.map((d) => Math.log(1 / K) + d.logPdf(v));
        const top = logJoint.reduce((m, a) => Math.max(m, a), -Infinity);
        ll += top + Math.log(logJoint.reduce((s, a) => s + Math.exp(a - top), 0));
        F += logJoint.reduce((s, a) => s + (a - Math.log(1 / K)) / K, 0);
      }
      const [f, kl] = value as number[];
      if (!(kl >= 0)) return { correct: false, message: "a KL divergence is never negative: check the order of q and γ in the logarithm." };
      const sum = compareAnswer(f + kl, ll, { relTol: 1e-9 });
      if (!sum.correct) return { correct: false, message: `F + KL is not ℓ(start): the sum ${sum.message.replace(/^\S+ is /, "is ")}` };
      const elbo = compareAnswer(f, F, { relTol: 1e-9 });
      if (!elbo.correct) return { correct: false, message: `the sum is right, but F is not the ELBO of the uniform q: F ${elbo.message.replace(/^\S+ is /, "is ")}` };
      return { correct: true, message: `F + KL = ℓ(start) to within 1e-9 (relative), with F the ELBO of the uniform q.` };
    },
  }),
  "04.3": defineExercise({
    title: "the fraction of missing information I_missing / I_complete at the linkage MLE for given counts",
    hint: "at the MLE θ*, I_complete = (x₂ + y₄)/θ² + (y₂ + y₃)/(1 − θ)² with x₂ = y₁θ/(2 + θ), and I_missing = 2y₁ / (θ(2 + θ)²) (section 6).",
    context: { counts: "number[]" },
    // Also equal to the derivative of the EM map at θ*; computed here from the information formulas.
    expected: ({ counts }) => {
      const y = linkageCounts(counts, "04.3");
      const t = linkageMLE(y);
      const x2 = (y[0] * t) / (2 + t);
      const iComp = (x2 + y[3]) / t ** 2 + (y[1] + y[2]) / (1 - t) ** 2;
      const iMiss = (2 * y[0]) / (t * (2 + t) ** 2);
      return iMiss / iComp;
    },
    relTol: 1e-9,
  }),
  "04.4": defineExercise({
    title: "the log-likelihood EM converges to from identical components",
    hint: "with identical components every point has responsibility 1/K for each, so each M-step gives all components the same weighted fit; think of what a mixture of K identical Gaussians is.",
    context: { nEruptions: "number" },
    // A property of any run from identical components: it ends at the single-Gaussian MLE.
    check: (value, { nEruptions }) => {
      if (typeof value !== "number" || !Number.isFinite(value)) return { correct: false, message: "the answer should be a finite number, a log-likelihood in nats." };
      const x = waiting(nEruptions);
      const one = Normal.fit(x).logLikelihood;
      const r = compareAnswer(value, one, { relTol: 1e-7 });
      if (r.correct) return { correct: true, message: "it is the log-likelihood of the best single Gaussian: the components never separated." };
      const separated = value > one && value < one + 0.2 * Math.abs(one);
      return {
        correct: false,
        message: separated
          ? "this is higher than identical components can reach: the components of your run separated, so they did not start identical (equal means, weights and σ)."
          : value < one
            ? "this is lower than where EM from identical components ends: run it to convergence (the default tolerance), and check that every component starts the same."
            : "this is not the log-likelihood EM converges to from identical components: run EM and read the result's logLikelihood.",
      };
    },
  }),
});
