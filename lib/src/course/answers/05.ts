/**
 * Answers to the exercises of notebooks/05-em-for-gaussian-mixtures.ipynb, computed from the Old
 * Faithful data (`data/faithful.csv`, the first `nEruptions` rows, as the notebook's knob says) and
 * the knob values the notebook passes as context.
 * @module
 */
import { InvalidInputError } from "../../core/errors.js";
import { fitGaussianMixture } from "../../mixture/fit.js";
import { GaussianMixture } from "../../mixture/gaussian-mixture.js";
import { compareAnswer } from "../compare.js";
import { courseTable } from "../data.js";
import { defineExercise, notebookExercises } from "../define.js";

/** The notebook's data: the first `nEruptions` eruptions of Old Faithful. */
function faithful(nEruptions: number): { waiting: number[]; eruptions: number[]; X: number[][] } {
  const table = courseTable("faithful.csv");
  if (!Number.isInteger(nEruptions) || nEruptions < 2 || nEruptions > table.rowCount) {
    throw new InvalidInputError(`notebook 05: nEruptions must be an integer from 2 to ${table.rowCount}, got ${nEruptions}.`);
  }
  const waiting = table.numbers("waiting").slice(0, nEruptions);
  const eruptions = table.numbers("eruptions").slice(0, nEruptions);
  return { waiting, eruptions, X: eruptions.map((e, i) => [e, waiting[i]]) };
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const sd = (a: number[]) => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
};

/**
 * The notebook's hand-made 2-D start: weights 1/K, the K means spread along the anti-diagonal from
 * (x̄ − s·σₑ, ȳ + s·σ_w) to (x̄ + s·σₑ, ȳ − s·σ_w), each covariance diag(σₑ², σ_w²) (1/n variances).
 */
function spreadStart2d(X: number[][], K: number, spread: number) {
  const e = X.map((r) => r[0]);
  const w = X.map((r) => r[1]);
  const [me, mw, se, sw] = [mean(e), mean(w), sd(e), sd(w)];
  const t = Array.from({ length: K }, (_, c) => spread * ((2 * c) / (K - 1) - 1));
  return {
    weights: Array.from({ length: K }, () => 1 / K),
    means: t.map((tc) => [me + tc * se, mw - tc * sw]),
    covariances: t.map(() => [[se * se, 0], [0, sw * sw]]),
  };
}

type Mix1d = { weights: number[]; mu: number[]; sd: number[] };

function readMix1d(value: unknown): Mix1d {
  const v = value as Partial<Mix1d> | null;
  const ok = (a: unknown): a is number[] => Array.isArray(a) && a.every((x) => typeof x === "number" && Number.isFinite(x));
  if (!v || typeof v !== "object" || !ok(v.weights) || !ok(v.mu) || !ok(v.sd) || v.weights.length !== v.mu.length || v.mu.length !== v.sd.length || v.mu.length < 2) {
    throw new InvalidInputError("pass the fitted parameters { weights, mu, sd }, three arrays of the same length K ≥ 2 (runEM(...).params).");
  }
  return v as Mix1d;
}

export const notebook05 = notebookExercises("05", {
  "05.1": defineExercise({
    title: "the responsibility of the longest-wait component for a 70-minute wait",
    hint: "the E-step formula: the weighted density π_c N(70 | μ_c, σ_c²) of that component over the sum of all K weighted densities; σ_c is the square root of covariances[c][0][0].",
    context: { K: "number", seed: "number", nEruptions: "number" },
    expected: ({ K, seed, nEruptions }) => {
      const { waiting } = faithful(nEruptions);
      const fit = fitGaussianMixture(waiting.map((v) => [v]), { k: K, seed });
      const longest = fit.means.reduce((best, m, c) => (m[0] > fit.means[best][0] ? c : best), 0);
      return fit.predictProba([[70]])[0][longest];
    },
    relTol: 1e-6,
  }),
  "05.2": defineExercise({
    title: "free parameters of a K-component, full-covariance Gaussian mixture in 2 dimensions",
    hint: "count three groups: the weights (they sum to one, so one is not free), the K mean vectors, and the distinct entries of each symmetric 2 × 2 covariance.",
    context: { K: "number" },
    // The library's own count for a K-component, full-covariance mixture in the plane.
    expected: ({ K }) =>
      GaussianMixture.fromParams({
        weights: Array.from({ length: K }, () => 1 / K),
        means: Array.from({ length: K }, (_, c) => [c, 0]),
        covariances: Array.from({ length: K }, () => [[1, 0], [0, 1]]),
      }).nParameters,
    relTol: 0,
    absTol: 0,
  }),
  "05.3": defineExercise({
    title: "nats of log-likelihood gained per decade by which the spike's variance shrinks",
    hint: "take two small variances many decades apart and divide the gain in ℓ by the number of decades; then compare with the log of the spike's density at its point, (2πε)^(−d/2), as ε shrinks tenfold.",
    // The spike sits on one eruption in the plane of the data's two columns (d = 2): its log-density
    // there is −(d/2)·log(2πε), which gains (d/2)·ln 10 per decade.
    expected: () => (2 / 2) * Math.LN10,
    relTol: 1e-3,
  }),
  "05.4": defineExercise({
    title: "EM iterations from a start a third as spread out as bishopInit",
    hint: "build the start exactly as bishopInit is built, with startSpread / 3 in place of startSpread, pass it as init to fitGaussianMixture(X, { k: K, init }) and read .iterations.",
    context: { K: "number", nEruptions: "number", startSpread: "number" },
    expected: ({ K, nEruptions, startSpread }) => {
      const { X } = faithful(nEruptions);
      return fitGaussianMixture(X, { k: K, init: spreadStart2d(X, K, startSpread / 3) }).iterations;
    },
    relTol: 0,
    absTol: 0,
  }),
  "05.5": defineExercise({
    title: "hard (classification) EM on the waiting times, written as an EMModel",
    hint: "the E-step gives each waiting time to the component with the largest π_c N(x | μ_c, σ_c²) (a label, not a probability); the M-step refits each component to its own points only: its share of the points, their mean, their standard deviation (divide by the group's size). Run it with runEM from start1.",
    context: { nEruptions: "number" },
    // A fixed point of the hard-EM map: relabel the data with the answer's parameters, refit each
    // group, and the parameters must come back unchanged. Soft EM's answer is not one (its σ are larger).
    check: (value, { nEruptions }) => {
      const p = readMix1d(value);
      const { waiting } = faithful(nEruptions);
      const K = p.mu.length;
      if (!p.sd.every((s) => s > 0) || !p.weights.every((w) => w > 0)) {
        return { correct: false, message: "every component needs a positive weight and standard deviation: an empty group means a start or M-step problem." };
      }
      const labels = waiting.map((x) => {
        let best = 0;
        let bestScore = -Infinity;
        for (let c = 0; c < K; c++) {
          const z = (x - p.mu[c]) / p.sd[c];
          const score = Math.log(p.weights[c]) - Math.log(p.sd[c]) - 0.5 * z * z;
          if (score > bestScore) [best, bestScore] = [c, score];
        }
        return best;
      });
      const refit: Mix1d = { weights: [], mu: [], sd: [] };
      for (let c = 0; c < K; c++) {
        const mine = waiting.filter((_, i) => labels[i] === c);
        if (mine.length === 0) return { correct: false, message: `with these parameters no waiting time is most probable under component ${c + 1}, so they are not what hard EM converges to.` };
        refit.weights.push(mine.length / waiting.length);
        refit.mu.push(mean(mine));
        refit.sd.push(sd(mine));
      }
      for (const key of ["weights", "mu", "sd"] as const) {
        const r = compareAnswer(p[key], refit[key], { relTol: 1e-8 });
        if (!r.correct) {
          return { correct: false, message: `relabelling the data with your parameters and refitting each group changes ${key} (${r.message.replace(/\.$/, "")}): this is not a fixed point of hard EM.` };
        }
      }
      return { correct: true, message: `your ${K} components are a fixed point of hard EM: each is the fit to exactly the points it claims.` };
    },
  }),
});
