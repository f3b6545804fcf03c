/**
 * Answers to the exercises of notebooks/12-variational-em.ipynb, computed from the course data
 * (`data/faithful.csv`: the first `nSmall` waiting times, and both columns for the Bayesian mixture;
 * `data/austen_*.csv`: the 269 chapters) and the knob values the notebook passes as context.
 * @module
 */
import { InvalidInputError } from "../../core/errors.js";
import { fitBayesianGaussianMixture, type WeightConcentrationPriorType } from "../../mixture/bayesian.js";
import { bayesianMixtureLogEvidence } from "../../mixture/evidence.js";
import { fitLDA } from "../../models/lda.js";
import { compareAnswer } from "../compare.js";
import { courseTable } from "../data.js";
import { defineExercise, notebookExercises } from "../define.js";

/** The variational fits of the small sample, as the notebook's `vbOptions` (section 1): the Dirichlet-distribution prior of the exact evidence, no covariance regularisation, 5 k-means++ starts. */
const SMALL_FIT = { weightConcentrationPriorType: "dirichletDistribution", regCovar: 0, nInit: 5 } as const;

/** The first nSmall waiting times of Old Faithful, one row each. */
function smallSample(nSmall: number): number[][] {
  const waiting = courseTable("faithful.csv").numbers("waiting");
  if (!Number.isInteger(nSmall) || nSmall < 2 || nSmall > waiting.length) {
    throw new InvalidInputError(`notebook 12: nSmall must be an integer from 2 to ${waiting.length}, got ${nSmall}.`);
  }
  return waiting.slice(0, nSmall).map((v) => [v]);
}

function priorTypeOf(name: string): WeightConcentrationPriorType {
  if (name !== "dirichletProcess" && name !== "dirichletDistribution") {
    throw new InvalidInputError(`notebook 12: weightPriorType must be "dirichletProcess" or "dirichletDistribution", got "${name}".`);
  }
  return name;
}

/** The Austen corpus as 0-based triplets, and each chapter's novel. */
function austen(): { counts: { doc: number[]; term: number[]; count: number[] }; books: string[]; nTerms: number } {
  const t = courseTable("austen_counts.csv");
  const counts = { doc: t.numbers("doc").map((d) => d - 1), term: t.numbers("term").map((w) => w - 1), count: t.numbers("count") };
  return { counts, books: courseTable("austen_chapters.csv").strings("book"), nTerms: courseTable("austen_vocabulary.csv").rowCount };
}

/**
 * λ₀ of exercise 12.4: one topic per novel (in order of first appearance), each the novel's word
 * counts plus η = 1/6, the default topic–word prior for six topics.
 */
function novelTopics(): number[][] {
  const { counts, books, nTerms } = austen();
  const novels = [...new Set(books)];
  const eta = 1 / novels.length;
  const lambda0 = novels.map(() => new Array<number>(nTerms).fill(eta));
  for (let i = 0; i < counts.doc.length; i++) lambda0[novels.indexOf(books[counts.doc[i]])][counts.term[i]] += counts.count[i];
  return lambda0;
}

/** The one-iteration LDA answer is the same for every call: computed once (about half a second). */
let lambda1Cache: number[][] | null = null;

export const notebook12 = notebookExercises("12", {
  "12.1": defineExercise({
    title: "the gap log p(X) − ELBO for K = 3 components on the small sample",
    hint: "bayesianMixtureLogEvidence with k: 3 gives log p(X); fitBayesianGaussianMixture with the same options as the K = 2 fit (vbOptions) and k: 3 gives the ELBO (.elbo). Pass the fit's priors to the evidence so that both use the same model.",
    context: { nSmall: "number", seed: "number" },
    expected: ({ nSmall, seed }) => {
      const x = smallSample(nSmall);
      const vb = fitBayesianGaussianMixture(x, { k: 3, ...SMALL_FIT, seed });
      return bayesianMixtureLogEvidence(x, { k: 3, ...vb.priors }) - vb.elbo;
    },
    relTol: 1e-6,
  }),
  "12.2": defineExercise({
    title: "the posterior probability of K = 2 among K = 1, 2, 3 (equal prior), from the exact evidence",
    hint: "Bayes' rule over models: P(K | X) is proportional to p(X | K) when every K has the same prior; compute log p(X | K) for the three values of K with bayesianMixtureLogEvidence, then normalise on the log scale (logSumExp).",
    context: { nSmall: "number" },
    expected: ({ nSmall }) => {
      const x = smallSample(nSmall);
      const logs = [1, 2, 3].map((k) => bayesianMixtureLogEvidence(x, { k }));
      const top = Math.max(logs[0], logs[1], logs[2]);
      const z = logs.reduce((s, l) => s + Math.exp(l - top), 0);
      return Math.exp(logs[1] - top) / z;
    },
    relTol: 1e-6,
  }),
  "12.3": defineExercise({
    title: "the expected mixture weights after one weight update from the responsibilities of bgm",
    hint: "N_c is the column sum of the responsibilities. Dirichlet process: each stick v_c has q(v_c) = Beta(1 + N_c, γ₀ + the N_j of all later components), E[π_c] = E[v_c] times the product of (1 − E[v_j]) over earlier sticks, then divide by the sum. Dirichlet distribution: q(π) = Dirichlet(α₀ + N_c), whose mean is α_c / Σ α.",
    context: { kMax: "number", weightPrior: "number", weightPriorType: "string", seed: "number" },
    expected: ({ kMax, weightPrior, weightPriorType, seed }) => {
      const X = courseTable("faithful.csv").matrix(["eruptions", "waiting"]);
      const priors = { k: kMax, weightConcentrationPrior: weightPrior, weightConcentrationPriorType: priorTypeOf(weightPriorType) };
      const R = fitBayesianGaussianMixture(X, { ...priors, seed }).responsibilities;
      // The variational parameters from R without any further iteration: one M-step, the weights of which are the answer.
      return fitBayesianGaussianMixture(X, { ...priors, init: { responsibilities: R }, maxIter: 0 }).weights;
    },
    relTol: 1e-8,
  }),
  "12.4": defineExercise({
    title: "one LDA M-step: the topics λ after one variational E-step from the novels' topics",
    hint: "for every chapter, run the document E-step (γ from 1, until the mean change of γ is below 1e-10) under λ₀; then λ₁_kw = η + Σ_d n_dw φ_dwk, with φ_dwk = exp(E[log θ_dk]) exp(E[log β_kw]) / Σ_k' exp(E[log θ_dk']) exp(E[log β_k'w]), both expectations under λ₀ and γ_d.",
    // λ₁ row by row, so that a wrong answer is named by its topic (the novel it started from).
    check: (value) => {
      if (lambda1Cache === null) {
        const { counts } = austen();
        const lambda0 = novelTopics();
        // One M-step from λ₀, each document's E-step iterated far past the default docTol.
        lambda1Cache = fitLDA(counts, { k: lambda0.length, init: { components: lambda0 }, maxIter: 1, tol: 0, docTol: 1e-10, maxDocIter: 100000 }).components;
      }
      const expected = lambda1Cache;
      const novels = [...new Set(courseTable("austen_chapters.csv").strings("book"))];
      if (!Array.isArray(value) || value.length !== expected.length) {
        return { correct: false, message: `the answer should be ${expected.length} topics (one row per novel, in the order of novels), got ${Array.isArray(value) ? `${value.length} rows` : "no array"}.` };
      }
      for (let k = 0; k < expected.length; k++) {
        const r = compareAnswer(value[k], expected[k], { relTol: 1e-6 });
        if (!r.correct) return { correct: false, message: `topic ${k + 1} (started from ${novels[k]}): ${r.message}` };
      }
      return { correct: true, message: `all ${expected.length} topics agree with the library's M-step to 1e-6 relative.` };
    },
  }),
});
