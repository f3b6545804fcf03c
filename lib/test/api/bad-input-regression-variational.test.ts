/**
 * Bad-input audit (the house style of bad-input.test.ts) for linear regression, mixtures of
 * regressions, LDA and the Bayesian Gaussian mixture: every entry feeds a public function, method or
 * constructor an input it cannot use and checks that it throws an {@link MlemError} whose message
 * names the function, never a raw TypeError/RangeError or a silent NaN; misspelt options suggest
 * the intended name.
 */
import { describe, expect, it } from "vitest";
import * as mlem from "../../src/index.js";
import { MlemError } from "../../src/core/errors.js";

const { linearRegression, fitMixtureOfRegressions, fitLDA, LDA, fitBayesianGaussianMixture } = mlem;

const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const y = [2.1, 3.9, 6.2, 8.1, 9.8, 12.2, 1.1, 0.9, 1.2, 0.8, 1.0, 1.1];
const X2 = [[0, 0], [1, 0.5], [0.2, 1], [5, 5], [5.5, 4.5], [6, 5.2]];
const docs = [[2, 0, 1], [0, 3, 1], [1, 1, 0]];
const any = (v: unknown) => v as never;
const lda = () => LDA.fromComponents([[2, 1, 1], [1, 1, 2]]);
const bgmm = () => fitBayesianGaussianMixture(X2, { k: 2, maxIter: 5 });

type Case = [label: string, fn: string, thunk: () => unknown];

const cases: Case[] = [
  // ---- linearRegression
  ["linearRegression X null", "linearRegression", () => linearRegression(any(null), y)],
  ["linearRegression y string", "linearRegression", () => linearRegression(x, any("y"))],
  ["linearRegression y NaN", "linearRegression", () => linearRegression(x, y.map((v, i) => (i === 3 ? NaN : v)))],
  ["linearRegression lengths differ", "linearRegression", () => linearRegression(x, y.slice(1))],
  ["linearRegression ragged rows", "linearRegression", () => linearRegression([[1, 2], [3]], [1, 2])],
  ["linearRegression n = p", "linearRegression", () => linearRegression([1, 2], [3, 4])],
  ["linearRegression duplicated column", "linearRegression", () => linearRegression(x.map((v) => [v, v]), y)],
  ["linearRegression constant y", "linearRegression", () => linearRegression(x, x.map(() => 1))],
  ["linearRegression intercept string", "linearRegression", () => linearRegression(x, y, any({ intercept: "no" }))],
  ["linearRegression names wrong length", "linearRegression", () => linearRegression(x, y, { names: ["a", "b"] })],
  ["linearRegression.predict wrong width", "linearRegression.predict", () => linearRegression(x, y).predict([[1, 2]])],
  ["linearRegression.predict NaN", "linearRegression.predict", () => linearRegression(x, y).predict([NaN])],
  // ---- fitMixtureOfRegressions
  ["fitMixtureOfRegressions options null", "fitMixtureOfRegressions", () => fitMixtureOfRegressions(x, y, any(null))],
  ["fitMixtureOfRegressions k missing", "fitMixtureOfRegressions", () => fitMixtureOfRegressions(x, y, any({}))],
  ["fitMixtureOfRegressions k 1.5", "fitMixtureOfRegressions", () => fitMixtureOfRegressions(x, y, { k: 1.5 })],
  ["fitMixtureOfRegressions too few rows", "fitMixtureOfRegressions", () => fitMixtureOfRegressions(x.slice(0, 5), y.slice(0, 5), { k: 2 })],
  ["fitMixtureOfRegressions y NaN", "fitMixtureOfRegressions", () => fitMixtureOfRegressions(x, y.map(() => NaN), { k: 2 })],
  ["fitMixtureOfRegressions init null", "fitMixtureOfRegressions", () => fitMixtureOfRegressions(x, y, { k: 2, init: any(null) })],
  ["fitMixtureOfRegressions init field typo", "fitMixtureOfRegressions", () =>
    fitMixtureOfRegressions(x, y, { k: 2, init: any({ weights: [0.5, 0.5], coefficients: [[0, 1], [1, 0]], sigmas: [1, 1], sigma: 1 }) })],
  ["fitMixtureOfRegressions init sigma NaN", "fitMixtureOfRegressions", () =>
    fitMixtureOfRegressions(x, y, { k: 2, init: { weights: [0.5, 0.5], coefficients: [[0, 1], [1, 0]], sigmas: [1, NaN] } })],
  ["fitMixtureOfRegressions sigmaFloor 0", "fitMixtureOfRegressions", () => fitMixtureOfRegressions(x, y, { k: 2, sigmaFloor: 0 })],
  ["fitMixtureOfRegressions maxIter -1", "fitMixtureOfRegressions", () => fitMixtureOfRegressions(x, y, { k: 2, maxIter: -1 })],
  ["fitMixtureOfRegressions nInit 0", "fitMixtureOfRegressions", () => fitMixtureOfRegressions(x, y, { k: 2, nInit: 0 })],
  ["fitMixtureOfRegressions.predictProba y missing", "fitMixtureOfRegressions.predictProba", () =>
    fitMixtureOfRegressions(x, y, { k: 1 }).predictProba([1], any(undefined))],
  // ---- fitLDA and LDA
  ["fitLDA options missing", "fitLDA", () => fitLDA(docs, any(undefined))],
  ["fitLDA k 0", "fitLDA", () => fitLDA(docs, { k: 0 })],
  ["fitLDA counts null", "fitLDA", () => fitLDA(any(null), { k: 2 })],
  ["fitLDA counts empty", "fitLDA", () => fitLDA([], { k: 2 })],
  ["fitLDA negative count", "fitLDA", () => fitLDA([[1, -1]], { k: 1 })],
  ["fitLDA Infinity count", "fitLDA", () => fitLDA([{ doc: 0, term: 0, count: Infinity }], { k: 1 })],
  ["fitLDA triplet not an object", "fitLDA", () => fitLDA(any([3, 4]), { k: 1 })],
  ["fitLDA columns of different lengths", "fitLDA", () => fitLDA({ doc: [0], term: [0, 1], count: [1] }, { k: 1 })],
  ["fitLDA docTopicPrior -1", "fitLDA", () => fitLDA(docs, { k: 2, docTopicPrior: -1 })],
  ["fitLDA maxDocIter 0", "fitLDA", () => fitLDA(docs, { k: 2, maxDocIter: 0 })],
  ["fitLDA init without components", "fitLDA", () => fitLDA(docs, { k: 2, init: any({ lambda: [[1]] }) })],
  ["fitLDA init wrong k", "fitLDA", () => fitLDA(docs, { k: 3, init: { components: [[1, 1, 1], [1, 1, 1]] } })],
  ["fitLDA monotone string", "fitLDA", () => fitLDA(docs, { k: 2, monotone: any("yes") })],
  ["fitLDA seed 0.5", "fitLDA", () => fitLDA(docs, { k: 2, seed: 0.5 })],
  ["LDA.fromComponents null", "LDA.fromComponents", () => LDA.fromComponents(any(null))],
  ["LDA.fromComponents zero", "LDA.fromComponents", () => LDA.fromComponents([[1, 0]])],
  ["LDA.transform wrong width", "LDA.transform", () => lda().transform([[1, 2]])],
  ["LDA.score term out of range", "LDA.score", () => lda().score([{ doc: 0, term: 3, count: 1 }])],
  ["LDA.perplexity null", "LDA.perplexity", () => lda().perplexity(any(null))],
  ["LDA.topTerms n 0", "LDA.topTerms", () => lda().topTerms(0)],
  ["LDA.topWords short vocabulary", "LDA.topWords", () => lda().topWords(["a"], 2)],
  // ---- fitBayesianGaussianMixture
  ["fitBayesianGaussianMixture options null", "fitBayesianGaussianMixture", () => fitBayesianGaussianMixture(X2, any(null))],
  ["fitBayesianGaussianMixture X flat", "fitBayesianGaussianMixture", () => fitBayesianGaussianMixture(any([1, 2, 3]), { k: 1 })],
  ["fitBayesianGaussianMixture k > n", "fitBayesianGaussianMixture", () => fitBayesianGaussianMixture(X2, { k: 7 })],
  ["fitBayesianGaussianMixture bad covarianceType", "fitBayesianGaussianMixture", () => fitBayesianGaussianMixture(X2, { k: 2, covarianceType: any("tie") })],
  ["fitBayesianGaussianMixture prior type", "fitBayesianGaussianMixture", () => fitBayesianGaussianMixture(X2, { k: 2, weightConcentrationPriorType: any("dp") })],
  ["fitBayesianGaussianMixture meanPrecisionPrior 0", "fitBayesianGaussianMixture", () => fitBayesianGaussianMixture(X2, { k: 2, meanPrecisionPrior: 0 })],
  ["fitBayesianGaussianMixture degreesOfFreedomPrior too small", "fitBayesianGaussianMixture", () => fitBayesianGaussianMixture(X2, { k: 2, degreesOfFreedomPrior: 0.9 })],
  ["fitBayesianGaussianMixture meanPrior NaN", "fitBayesianGaussianMixture", () => fitBayesianGaussianMixture(X2, { k: 2, meanPrior: [0, NaN] })],
  ["fitBayesianGaussianMixture covariancePrior not PD", "fitBayesianGaussianMixture", () =>
    fitBayesianGaussianMixture(X2, { k: 2, covariancePrior: [[1, 3], [3, 1]] })],
  ["fitBayesianGaussianMixture covariancePrior wrong shape", "fitBayesianGaussianMixture", () => fitBayesianGaussianMixture(X2, { k: 2, covariancePrior: [1, 2] })],
  ["fitBayesianGaussianMixture constant column", "fitBayesianGaussianMixture", () => fitBayesianGaussianMixture(X2.map((r) => [r[0], 1]), { k: 2 })],
  ["fitBayesianGaussianMixture one row", "fitBayesianGaussianMixture", () => fitBayesianGaussianMixture([[1, 2]], { k: 1 })],
  ["fitBayesianGaussianMixture responsibilities negative", "fitBayesianGaussianMixture", () =>
    fitBayesianGaussianMixture(X2, { k: 2, init: { responsibilities: X2.map(() => [1.5, -0.5]) } })],
  ["fitBayesianGaussianMixture tol NaN", "fitBayesianGaussianMixture", () => fitBayesianGaussianMixture(X2, { k: 2, tol: NaN })],
  ["fitBayesianGaussianMixture.predictProba wrong width", "FittedBayesianGaussianMixture.predictProba", () => bgmm().predictProba([[1]])],
  ["fitBayesianGaussianMixture.predict NaN", "FittedBayesianGaussianMixture.predict", () => bgmm().predict([[1, NaN]])],
  ["fitBayesianGaussianMixture.effectiveComponents -1", "FittedBayesianGaussianMixture.effectiveComponents", () => bgmm().effectiveComponents(-1)],
];

/** Misspelt options: the message names the function and suggests the intended option. */
const typos: [label: string, fn: string, suggestion: string, thunk: () => unknown][] = [
  ["linearRegression intercpt", "linearRegression", "intercept", () => linearRegression(x, y, any({ intercpt: false }))],
  ["fitMixtureOfRegressions ninit", "fitMixtureOfRegressions", "nInit", () => fitMixtureOfRegressions(x, y, any({ k: 2, ninit: 3 }))],
  ["fitLDA maxiter", "fitLDA", "maxIter", () => fitLDA(docs, any({ k: 2, maxiter: 3 }))],
  ["fitLDA doc_topic_prior", "fitLDA", "docTopicPrior", () => fitLDA(docs, any({ k: 2, docTopicPriors: 0.1 }))],
  ["LDA.fromComponents topicWordPriors", "LDA.fromComponents", "topicWordPrior", () => LDA.fromComponents([[1, 1]], any({ topicWordPriors: 1 }))],
  ["fitBayesianGaussianMixture covariance", "fitBayesianGaussianMixture", "covarianceType", () => fitBayesianGaussianMixture(X2, any({ k: 2, covariance: "full" }))],
  ["fitBayesianGaussianMixture weightConcentrationPriors", "fitBayesianGaussianMixture", "weightConcentrationPrior", () =>
    fitBayesianGaussianMixture(X2, any({ k: 2, weightConcentrationPriors: 0.1 }))],
];

describe("bad input to the regression, topic-model and variational fits throws a named MlemError naming the function", () => {
  it.each(cases)("%s", (_label, fnName, thunk) => {
    let caught: unknown = undefined;
    let result: unknown;
    try {
      result = thunk();
    } catch (e) {
      caught = e;
    }
    if (caught === undefined) throw new Error(`no error; returned ${String(result)}`);
    if (!(caught instanceof MlemError)) throw new Error(`not an MlemError: ${String(caught)}\n${(caught as Error).stack}`);
    expect(caught.message).toContain(fnName);
  });
});

describe("a misspelt option of the new fits says which function and suggests the right name", () => {
  it.each(typos)("%s", (_label, fnName, suggestion, thunk) => {
    expect(thunk).toThrow(mlem.UnknownOptionError);
    expect(thunk).toThrow(new RegExp(`^${fnName.replace(".", "\\.")}: unknown .*Did you mean .*${suggestion}`));
  });
});
