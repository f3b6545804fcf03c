/**
 * Answers to the exercises of notebooks/10-more-em-models.ipynb, computed from the course data:
 * the ABO phenotype counts (`data/abo.csv`), the earthquake counts (`data/earthquakes.csv`) and the
 * great discoveries per year (`data/discoveries.csv`, for the zero-inflated Poisson of exercise 4), and
 * the tone-perception trials (`data/tonedata.csv`, for the hard-label regressions of exercise 7).
 * @module
 */
import { InvalidInputError } from "../../core/errors.js";
import { Poisson } from "../../distributions/poisson.js";
import type { ABOCounts } from "../../models/abo.js";
import { fitABO } from "../../models/abo.js";
import { maximize } from "../../optim/maximize.js";
import { linearRegression } from "../../regression/linear.js";
import { compareAnswer } from "../compare.js";
import { courseTable } from "../data.js";
import { defineExercise, notebookExercises } from "../define.js";

/** The ABO phenotype counts of data/abo.csv. */
function aboCounts(): ABOCounts {
  const t = courseTable("abo.csv");
  const counts: ABOCounts = { A: 0, B: 0, AB: 0, O: 0 };
  t.strings("phenotype").forEach((p, i) => {
    if (!(p in counts)) throw new InvalidInputError(`notebook 10: data/abo.csv has an unknown phenotype "${p}".`);
    counts[p as keyof ABOCounts] = t.numbers("count")[i];
  });
  return counts;
}

/** The zero-inflated Poisson MLE (π, λ) of the discoveries, by BFGS on (logit π, log λ): no EM involved. */
function zipMLE(): { pi: number; lambda: number } {
  const x = courseTable("discoveries.csv").numbers("count");
  const logLik = (u: Float64Array) => {
    const pi = 1 / (1 + Math.exp(-u[0]));
    const lambda = Math.exp(u[1]);
    const p0 = Math.log(pi + (1 - pi) * Math.exp(-lambda));
    const poisson = new Poisson(lambda);
    let s = 0;
    for (const v of x) s += v === 0 ? p0 : Math.log(1 - pi) + poisson.logPmf(v);
    return s;
  };
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  const fit = maximize(logLik, [-2, Math.log(mean)], { method: "bfgs", gradTol: 1e-12 });
  return { pi: 1 / (1 + Math.exp(-fit.x[0])), lambda: Math.exp(fit.x[1]) };
}

export const notebook10 = notebookExercises("10", {
  "10.1": defineExercise({
    title: "the expected number of AO genotypes among the group-A patients at the MLE",
    hint: "the E-step splits group A in proportion to the genotype probabilities p_A² (AA) and 2 p_A p_O (AO), at the fitted frequencies.",
    expected: () => {
      const c = aboCounts();
      // tol is on ℓ per person (runEM's stopping rule): 1e-14 on ℓ, to the maximum to rounding.
      return fitABO(c, { tol: 1e-14 / (c.A + c.B + c.AB + c.O) }).expectedGenotypes.AO;
    },
    relTol: 1e-6,
  }),
  "10.2": defineExercise({
    title: "the mean Σ_k π_k λ_k of the fitted 3-component Poisson mixture",
    hint: "multiply each component's weight by its rate and add them up; compare the result with the mean of the counts.",
    // After every M-step Σ_k π_k λ_k = Σ_k (N_k/n)(Σ_i γ_ik x_i / N_k) = x̄: the sample mean is the answer.
    expected: () => {
      const x = courseTable("earthquakes.csv").numbers("count");
      return x.reduce((s, v) => s + v, 0) / x.length;
    },
    relTol: 1e-9,
  }),
  "10.3": defineExercise({
    title: "free parameters of a K-class Bernoulli mixture on 8 × 8 binary images, for K = 1 … maxK",
    hint: "the weights sum to one, so K − 1 of them are free; each class has one probability per pixel.",
    context: { maxK: "number" },
    expected: ({ maxK }) => {
      if (!Number.isInteger(maxK) || maxK < 1) throw new InvalidInputError(`notebook 10: maxK must be a positive integer, got ${maxK}.`);
      const pixels = 8 * 8;
      return Array.from({ length: maxK }, (_, i) => i + pixels * (i + 1));
    },
    relTol: 0,
    absTol: 0,
  }),
  "10.4": defineExercise({
    title: "the zero-inflated Poisson fitted by your EM to the great discoveries per year",
    hint: "E-step: Bayes' rule on each year: a year with a discovery cannot be a structural zero; for a zero year, ask what share of P(x = 0) comes from the structural-zero part. M-step: if the labels were known, π would be the share of structural zeros and λ the mean count of the other years; use the probabilities as soft labels.",
    // The MLE by direct maximisation (BFGS), compared to 1e-4: EM's default tolerance on ℓ leaves
    // parameter errors of about that size, since the likelihood is flat in π.
    check: (value) => {
      const v = value as { pi?: unknown; lambda?: unknown } | null;
      if (!v || typeof v !== "object" || typeof v.pi !== "number" || typeof v.lambda !== "number" || !Number.isFinite(v.pi) || !Number.isFinite(v.lambda)) {
        return { correct: false, message: "pass the fitted parameters { pi, lambda } (runEM(...).params)." };
      }
      const mle = zipMLE();
      const x = courseTable("discoveries.csv").numbers("count");
      const mean = x.reduce((s, q) => s + q, 0) / x.length;
      if (Math.abs(v.pi) < 1e-3 && Math.abs(v.lambda - mean) < 1e-3 * mean) {
        return { correct: false, message: "that is the plain Poisson fit (π = 0, λ = the mean): the E-step must give the zero years a positive probability of being structural zeros." };
      }
      for (const [name, mine, theirs] of [["π", v.pi, mle.pi], ["λ", v.lambda, mle.lambda]] as const) {
        const r = compareAnswer(mine, theirs, { relTol: 1e-4 });
        if (!r.correct) return { correct: false, message: `${name} is not the maximum-likelihood estimate: ${r.message.replace(/\.$/, "")} (did EM converge? is ℓ increasing?).` };
      }
      return { correct: true, message: "your π and λ are the zero-inflated Poisson's maximum-likelihood estimates (to 1e-4)." };
    },
  }),
  "10.7": defineExercise({
    title: "each line refitted by least squares to the trials labelled with it: one hard-EM M-step on the tone data",
    hint: "for each line c, keep the trials whose label is c and fit an ordinary regression of tuned on stretch_ratio to them alone; list every line's intercept and slope, line after line.",
    context: { lines: "number", labels: "number[]" },
    // Ordinary least squares per label group, on data/tonedata.csv; the labels come from the notebook's fit.
    expected: ({ lines, labels }) => {
      const t = courseTable("tonedata.csv");
      const x = t.numbers("stretch_ratio");
      const y = t.numbers("tuned");
      if (!Number.isInteger(lines) || lines < 1) throw new InvalidInputError(`notebook 10: lines must be a positive integer, got ${lines}.`);
      if (labels.length !== x.length || !labels.every((l) => Number.isInteger(l) && l >= 0 && l < lines)) {
        throw new InvalidInputError(`notebook 10: labels must give one line number from 0 to ${lines - 1} for each of the ${x.length} trials.`);
      }
      const out: number[] = [];
      for (let c = 0; c < lines; c++) {
        const rows = labels.map((l, i) => (l === c ? i : -1)).filter((i) => i >= 0);
        if (rows.length < 3) throw new InvalidInputError(`notebook 10: line ${c + 1} has ${rows.length} trials; a least-squares line with a residual variance needs at least 3.`);
        for (const b of linearRegression(rows.map((i) => x[i]), rows.map((i) => y[i])).coefficients) out.push(b);
      }
      return out;
    },
    relTol: 1e-8,
  }),
});
