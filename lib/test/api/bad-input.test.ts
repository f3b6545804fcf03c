/**
 * Bad-input audit over the public API: every entry feeds a public function or constructor an input
 * it cannot use (NaN/Infinity, empty or ragged arrays, wrong shapes, k out of range, a covariance
 * that is not positive-definite, a misspelt option, null/strings where arrays belong, out-of-domain
 * parameters) and checks that it throws an {@link MlemError} whose message names the function,
 * never a raw TypeError/RangeError or a silent NaN.
 */
import { describe, expect, it } from "vitest";
import * as mlem from "../../src/node.js";
import { MlemError } from "../../src/core/errors.js";

const {
  Normal, Gamma, Beta, Weibull, Poisson, Binomial, Categorical, Multinomial, MultivariateNormal, NegativeBinomial,
  StudentT, Exponential, Bernoulli, Geometric, LogNormal, Laplace, Cauchy,
  GaussianMixture, fitGaussianMixture, fitHMM, fitMultivariateNormalMissing, fitPoissonMixture, fitBernoulliMixture,
  fitABO, aboModel, poissonMixtureModel, bernoulliMixtureModel, baumWelchModel, gaussianMixtureModel,
  runEM, emSteps, convergenceRate, geneticLinkageModel,
  maximize, maximizeConstrained, numericalGradient, numericalHessian,
  positiveTransform, intervalTransform, simplexTransform, composeTransforms, deltaMethodCovariance,
  logisticRegression, poissonRegression, parseCsv, readCsv, showFigure, checkAnswer, assertAnswer, checkLiteralAnswer, compareAnswer,
  showTable, markdownTable, showMath, showMarkdown,
  observedInformation, covarianceFromInformation, standardErrors, waldInterval, waldIntervals,
  profileLikelihoodInterval, profileLogLikelihood, likelihoodRatioTest,
  chiSquareCdf, chiSquareQuantile, normalQuantile, regularizedGammaP,
  forwardBackward, viterbi, hmmLogLikelihood, sampleHMM, bruteForceHMM,
  basinAtlas, matchComponents, mixtureStandardErrors, score, observedInformationExpression,
  Rng, toVector, toDenseMatrix, assertNumber, checkOptions,
} = mlem;

const X2 = [[0, 0], [1, 0.5], [0.2, 1], [5, 5], [5.5, 4.5], [6, 5.2]];
const counts = [0, 1, 2, 1, 0, 7, 9, 8, 10, 6];
const bin = [[1, 0, 1], [0, 0, 1], [1, 1, 1], [0, 1, 0]];
const hmm = { initial: [0.5, 0.5], transition: [[0.9, 0.1], [0.2, 0.8]], emissions: { type: "poisson" as const, rates: [2, 10] } };
const gm = () => GaussianMixture.fromParams({ weights: [0.5, 0.5], means: [[0, 0], [5, 5]], covariances: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]] });
const ll = (t: Float64Array) => -((t[0] - 1) ** 2);
const csv = "a,b\n1,2\n3,4\n";
const any = (v: unknown) => v as never;

type Case = [label: string, fn: string, thunk: () => unknown];

const cases: Case[] = [
  // ---- distributions: constructors
  ["Normal(NaN)", "Normal", () => new Normal(NaN, 1)],
  ["Normal sd<0", "Normal", () => new Normal(0, -1)],
  ["Normal sd string", "Normal", () => new Normal(0, any("1"))],
  ["Gamma shape 0", "Gamma", () => new Gamma(0)],
  ["Beta Infinity", "Beta", () => new Beta(Infinity, 1)],
  ["Weibull undefined", "Weibull", () => new Weibull(any(undefined))],
  ["Poisson -1", "Poisson", () => new Poisson(-1)],
  ["Binomial p>1", "Binomial", () => new Binomial(3, 1.5)],
  ["Binomial n=2.5", "Binomial", () => new Binomial(2.5, 0.5)],
  ["Categorical empty", "Categorical", () => new Categorical([])],
  ["Categorical not summing", "Categorical", () => new Categorical([0.2, 0.2])],
  ["Categorical null", "Categorical", () => new Categorical(any(null))],
  ["Multinomial bad probs", "Multinomial", () => new Multinomial(3, [0.5, 0.6])],
  ["NegativeBinomial r=0", "NegativeBinomial", () => new NegativeBinomial(0, 0.5)],
  ["StudentT df=0", "StudentT", () => new StudentT(0, 1, 0)],
  ["Exponential NaN", "Exponential", () => new Exponential(NaN)],
  ["Bernoulli 2", "Bernoulli", () => new Bernoulli(2)],
  ["Geometric 0", "Geometric", () => new Geometric(0)],
  ["LogNormal sd 0", "LogNormal", () => new LogNormal(0, 0)],
  ["Laplace scale -1", "Laplace", () => new Laplace(0, -1)],
  ["Cauchy scale NaN", "Cauchy", () => new Cauchy(0, NaN)],
  ["MVN non-PD", "MultivariateNormal", () => new MultivariateNormal([0, 0], [[1, 2], [2, 1]])],
  ["MVN shape", "MultivariateNormal", () => new MultivariateNormal([0, 0], [[1, 0, 0], [0, 1, 0], [0, 0, 1]])],
  ["MVN ragged", "MultivariateNormal", () => new MultivariateNormal([0, 0], [[1, 0], [0]])],
  ["MVN mean NaN", "MultivariateNormal", () => new MultivariateNormal([0, NaN], [[1, 0], [0, 1]])],
  ["MVN asymmetric", "MultivariateNormal", () => new MultivariateNormal([0, 0], [[1, 0.5], [0, 1]])],
  // ---- distributions: methods
  ["Normal.logPdf NaN", "Normal.logPdf", () => new Normal().logPdf(NaN)],
  ["Normal.logLikelihood null", "Normal.logLikelihood", () => new Normal().logLikelihood(any(null))],
  ["Normal.sample n<0", "Normal.sample", () => new Normal().sample(-1, 1)],
  ["Normal.sample no seed", "Normal.sample", () => new Normal().sample(3, any(undefined))],
  ["Poisson.logPmfArray string", "Poisson.logPmfArray", () => new Poisson(1).logPmfArray(any("123"))],
  ["MVN.logPdf wrong length", "MultivariateNormal.logPdf", () => new MultivariateNormal([0, 0], [[1, 0], [0, 1]]).logPdf([1])],
  ["MVN.logPdf NaN", "MultivariateNormal.logPdf", () => new MultivariateNormal([0, 0], [[1, 0], [0, 1]]).logPdf([1, NaN])],
  ["MVN.sample n=1.5", "MultivariateNormal.sample", () => new MultivariateNormal([0, 0], [[1, 0], [0, 1]]).sample(1.5, 1)],
  ["Multinomial.logPmf wrong length", "Multinomial.logPmf", () => new Multinomial(3, [0.5, 0.5]).logPmf([1, 1, 1])],
  // ---- distributions: fit
  ["Normal.fit empty", "Normal.fit", () => Normal.fit([])],
  ["Normal.fit NaN", "Normal.fit", () => Normal.fit([1, NaN])],
  ["Normal.fit null", "Normal.fit", () => Normal.fit(any(null))],
  ["Normal.fit string", "Normal.fit", () => Normal.fit(any("1,2,3"))],
  ["Normal.fit option typo", "Normal.fit", () => Normal.fit([1, 2], any({ tol: 1 }))],
  ["Gamma.fit option typo", "Gamma.fit", () => Gamma.fit([1, 2], any({ maxIters: 10 }))],
  ["Gamma.fit negative", "Gamma.fit", () => Gamma.fit([1, -2])],
  ["Binomial.fit missing trials", "Binomial.fit", () => Binomial.fit([1, 2], any(undefined))],
  ["Poisson.fit non-integer", "Poisson.fit", () => Poisson.fit([1.5, 2])],
  ["Multinomial.fit ragged", "Multinomial.fit", () => Multinomial.fit([[1, 2], [3]])],
  ["MVN.fit ragged", "MultivariateNormal.fit", () => MultivariateNormal.fit([[1, 2], [3]])],
  ["MVN.fit flat", "MultivariateNormal.fit", () => MultivariateNormal.fit(any([1, 2, 3]))],
  ["MVN.fit empty", "MultivariateNormal.fit", () => MultivariateNormal.fit([])],
  ["Categorical.fitCounts negative", "Categorical.fitCounts", () => Categorical.fitCounts([1, -1])],
  // ---- Gaussian mixture
  ["fitGaussianMixture k=0", "fitGaussianMixture", () => fitGaussianMixture(X2, { k: 0 })],
  ["fitGaussianMixture k>n", "fitGaussianMixture", () => fitGaussianMixture(X2, { k: 7 })],
  ["fitGaussianMixture k string", "fitGaussianMixture", () => fitGaussianMixture(X2, { k: any("2") })],
  ["fitGaussianMixture k NaN", "fitGaussianMixture", () => fitGaussianMixture(X2, { k: NaN })],
  ["fitGaussianMixture ragged", "fitGaussianMixture", () => fitGaussianMixture([[1, 2], [3]], { k: 1 })],
  ["fitGaussianMixture NaN", "fitGaussianMixture", () => fitGaussianMixture([[1, NaN], [2, 3]], { k: 1 })],
  ["fitGaussianMixture empty", "fitGaussianMixture", () => fitGaussianMixture([], { k: 1 })],
  ["fitGaussianMixture null", "fitGaussianMixture", () => fitGaussianMixture(any(null), { k: 1 })],
  ["fitGaussianMixture string", "fitGaussianMixture", () => fitGaussianMixture(any("abc"), { k: 1 })],
  ["fitGaussianMixture rows of strings", "fitGaussianMixture", () => fitGaussianMixture(any(["ab", "cd"]), { k: 1 })],
  ["fitGaussianMixture typo", "fitGaussianMixture", () => fitGaussianMixture(X2, any({ k: 2, covariance: "diag" }))],
  ["fitGaussianMixture bad covarianceType", "fitGaussianMixture", () => fitGaussianMixture(X2, any({ k: 2, covarianceType: "ful" }))],
  ["fitGaussianMixture non-PD init", "fitGaussianMixture", () =>
    fitGaussianMixture(X2, { k: 2, init: { weights: [0.5, 0.5], means: [[0, 0], [5, 5]], covariances: [[[1, 2], [2, 1]], [[1, 0], [0, 1]]] } })],
  ["fitGaussianMixture init wrong k", "fitGaussianMixture", () =>
    fitGaussianMixture(X2, { k: 2, init: { weights: [1], means: [[0, 0]], covariances: [[[1, 0], [0, 1]]] } })],
  ["fitGaussianMixture regCovar<0", "fitGaussianMixture", () => fitGaussianMixture(X2, { k: 2, regCovar: -1 })],
  ["fitGaussianMixture maxIter 0", "fitGaussianMixture", () => fitGaussianMixture(X2, { k: 2, maxIter: -1 })],
  ["fitGaussianMixture nInit 0", "fitGaussianMixture", () => fitGaussianMixture(X2, { k: 2, nInit: 0 })],
  ["fitGaussianMixture tol NaN", "fitGaussianMixture", () => fitGaussianMixture(X2, { k: 2, tol: NaN })],
  ["fitGaussianMixture sampleWeights length", "fitGaussianMixture", () => fitGaussianMixture(X2, { k: 2, sampleWeights: [1, 2] })],
  ["fitGaussianMixture sampleWeights negative", "fitGaussianMixture", () => fitGaussianMixture(X2, { k: 2, sampleWeights: [1, 1, 1, 1, 1, -1] })],
  ["fitGaussianMixture seed string", "fitGaussianMixture", () => fitGaussianMixture(X2, { k: 2, seed: any("a") })],
  ["GaussianMixture.fromParams non-PD", "GaussianMixture.fromParams", () =>
    GaussianMixture.fromParams({ weights: [1], means: [[0, 0]], covariances: [[[1, 2], [2, 1]]] })],
  ["GaussianMixture.fromParams weights", "GaussianMixture.fromParams", () =>
    GaussianMixture.fromParams({ weights: [0.2, 0.2], means: [[0], [1]], covariances: [[[1]], [[1]]] })],
  ["GaussianMixture.fromParams null", "GaussianMixture.fromParams", () => GaussianMixture.fromParams(any(null))],
  ["GaussianMixture.predict wrong d", "GaussianMixture.predict", () => gm().predict([[1, 2, 3]])],
  ["GaussianMixture.scoreSamples NaN", "GaussianMixture.scoreSamples", () => gm().scoreSamples([[1, NaN]])],
  ["GaussianMixture.bicOf flat", "GaussianMixture.bicOf", () => gm().bicOf(any([1, 2]))],
  ["GaussianMixture.sample n=-1", "GaussianMixture.sample", () => gm().sample(-1, 1)],
  ["GaussianMixture.sample no seed", "GaussianMixture.sample", () => gm().sample(3, any(undefined))],
  ["gaussianMixtureModel k>n", "gaussianMixtureModel", () => gaussianMixtureModel(X2, any({ k: 9 }))],
  ["basinAtlas typo", "basinAtlas", () => basinAtlas(X2, any({ k: 2, restart: 3 }))],
  ["basinAtlas k=0", "basinAtlas", () => basinAtlas(X2, { k: 0, nInit: 2 })],
  ["matchComponents mismatched", "matchComponents", () => matchComponents([[0]], [[0], [1]])],
  ["matchComponents null", "matchComponents", () => matchComponents(any(null), [[0]])],
  ["matchComponents ragged", "matchComponents", () => matchComponents([[0, 1], [1, 1]], [[0], [1, 2]])],
  ["mixtureStandardErrors wrong d", "mixtureStandardErrors", () => mixtureStandardErrors(gm(), [[1]])],
  // ---- HMM
  ["fitHMM no options", "fitHMM", () => fitHMM(counts, any(undefined))],
  ["fitHMM k=0", "fitHMM", () => fitHMM(counts, { k: 0, emission: "poisson" })],
  ["fitHMM k>T", "fitHMM", () => fitHMM([1, 2], { k: 5, emission: "poisson" })],
  ["fitHMM emission typo", "fitHMM", () => fitHMM(counts, any({ k: 2, emission: "poison" }))],
  ["fitHMM option typo", "fitHMM", () => fitHMM(counts, any({ k: 2, emission: "poisson", maxIters: 3 }))],
  ["fitHMM NaN", "fitHMM", () => fitHMM([1, NaN, 2], { k: 2, emission: "gaussian" })],
  ["fitHMM empty", "fitHMM", () => fitHMM([], { k: 2, emission: "gaussian" })],
  ["fitHMM null", "fitHMM", () => fitHMM(any(null), { k: 2, emission: "gaussian" })],
  ["fitHMM string", "fitHMM", () => fitHMM(any("1234"), { k: 2, emission: "gaussian" })],
  ["fitHMM negative counts", "fitHMM", () => fitHMM([1, -2, 3], { k: 2, emission: "poisson" })],
  ["fitHMM categorical non-integer", "fitHMM", () => fitHMM([0, 1.5, 1], { k: 2, emission: "categorical" })],
  ["fitHMM bad init", "fitHMM", () => fitHMM(counts, any({ k: 2, emission: "poisson", init: { initial: [2, -1], transition: [[1, 0], [0, 1]], emissions: { type: "poisson", rates: [1, 2] } } }))],
  ["fitHMM nInit 0", "fitHMM", () => fitHMM(counts, { k: 2, emission: "poisson", nInit: 0 })],
  ["baumWelchModel emission", "baumWelchModel", () => baumWelchModel(counts, any({ emission: "foo" }))],
  ["forwardBackward bad model", "forwardBackward", () => forwardBackward(any({ initial: [1], transition: [[1]] }), [1])],
  ["forwardBackward null model", "forwardBackward", () => forwardBackward(any(null), [1])],
  ["forwardBackward NaN obs", "forwardBackward", () => forwardBackward(hmm, [1, NaN])],
  ["forwardBackward transition not stochastic", "forwardBackward", () => forwardBackward({ ...hmm, transition: [[0.5, 0.1], [0.2, 0.8]] }, [1])],
  ["forwardBackward ragged transition", "forwardBackward", () => forwardBackward({ ...hmm, transition: [[1], [0.2, 0.8]] }, [1])],
  ["viterbi empty", "viterbi", () => viterbi(hmm, [])],
  ["hmmLogLikelihood string", "hmmLogLikelihood", () => hmmLogLikelihood(hmm, any("12"))],
  ["sampleHMM T=0", "sampleHMM", () => sampleHMM(hmm, 0, 1)],
  ["sampleHMM no seed", "sampleHMM", () => sampleHMM(hmm, 3, any(undefined))],
  ["bruteForceHMM too long", "bruteForceHMM", () => bruteForceHMM(hmm, new Array(40).fill(1))],
  // ---- missing data
  ["fitMultivariateNormalMissing empty", "fitMultivariateNormalMissing", () => fitMultivariateNormalMissing([])],
  ["fitMultivariateNormalMissing ragged", "fitMultivariateNormalMissing", () => fitMultivariateNormalMissing([[1, 2], [3]])],
  ["fitMultivariateNormalMissing Infinity", "fitMultivariateNormalMissing", () => fitMultivariateNormalMissing([[1, Infinity], [3, 4], [2, 2]])],
  ["fitMultivariateNormalMissing all missing column", "fitMultivariateNormalMissing", () => fitMultivariateNormalMissing([[1, NaN], [3, NaN], [2, NaN]])],
  ["fitMultivariateNormalMissing null", "fitMultivariateNormalMissing", () => fitMultivariateNormalMissing(any(null))],
  ["fitMultivariateNormalMissing strings", "fitMultivariateNormalMissing", () => fitMultivariateNormalMissing(any([["a", "b"]]))],
  ["fitMultivariateNormalMissing typo", "fitMultivariateNormalMissing", () => fitMultivariateNormalMissing([[1, 2], [3, 4], [5, 7]], any({ maxiter: 3 }))],
  ["fitMultivariateNormalMissing non-PD init", "fitMultivariateNormalMissing", () =>
    fitMultivariateNormalMissing([[1, 2], [3, 4], [5, 7], [2, NaN]], any({ init: { mean: [0, 0], covariance: [[1, 2], [2, 1]] } }))],
  ["fitMultivariateNormalMissing init wrong shape", "fitMultivariateNormalMissing", () =>
    fitMultivariateNormalMissing([[1, 2], [3, 4], [5, 7], [2, NaN]], any({ init: { mean: [0], covariance: [[1]] } }))],
  // ---- models
  ["fitPoissonMixture k=0", "fitPoissonMixture", () => fitPoissonMixture(counts, { k: 0 })],
  ["fitPoissonMixture k>n", "fitPoissonMixture", () => fitPoissonMixture([1, 2], { k: 3 })],
  ["fitPoissonMixture negative", "fitPoissonMixture", () => fitPoissonMixture([1, -1, 2], { k: 1 })],
  ["fitPoissonMixture NaN", "fitPoissonMixture", () => fitPoissonMixture([1, NaN, 2], { k: 1 })],
  ["fitPoissonMixture empty", "fitPoissonMixture", () => fitPoissonMixture([], { k: 1 })],
  ["fitPoissonMixture null", "fitPoissonMixture", () => fitPoissonMixture(any(null), { k: 1 })],
  ["fitPoissonMixture string", "fitPoissonMixture", () => fitPoissonMixture(any("123"), { k: 1 })],
  ["fitPoissonMixture typo", "fitPoissonMixture", () => fitPoissonMixture(counts, any({ k: 2, ninit: 3 }))],
  ["fitPoissonMixture no options", "fitPoissonMixture", () => fitPoissonMixture(counts, any(undefined))],
  ["fitPoissonMixture bad init", "fitPoissonMixture", () => fitPoissonMixture(counts, any({ k: 2, init: { weights: [0.5, 0.5], rates: [-1, 2] } }))],
  ["fitPoissonMixture init wrong k", "fitPoissonMixture", () => fitPoissonMixture(counts, any({ k: 2, init: { weights: [1], rates: [2] } }))],
  ["fitPoissonMixture nInit 0", "fitPoissonMixture", () => fitPoissonMixture(counts, { k: 2, nInit: 0 })],
  ["poissonMixtureModel NaN", "poissonMixtureModel", () => poissonMixtureModel([1, NaN])],
  ["fitBernoulliMixture k=0", "fitBernoulliMixture", () => fitBernoulliMixture(bin, { k: 0 })],
  ["fitBernoulliMixture k>n", "fitBernoulliMixture", () => fitBernoulliMixture(bin, { k: 5 })],
  ["fitBernoulliMixture ragged", "fitBernoulliMixture", () => fitBernoulliMixture([[1, 0], [1]], { k: 1 })],
  ["fitBernoulliMixture non-binary", "fitBernoulliMixture", () => fitBernoulliMixture([[1, 2], [1, 0]], { k: 1 })],
  ["fitBernoulliMixture NaN", "fitBernoulliMixture", () => fitBernoulliMixture([[1, NaN], [1, 0]], { k: 1 })],
  ["fitBernoulliMixture empty", "fitBernoulliMixture", () => fitBernoulliMixture([], { k: 1 })],
  ["fitBernoulliMixture null", "fitBernoulliMixture", () => fitBernoulliMixture(any(null), { k: 1 })],
  ["fitBernoulliMixture flat", "fitBernoulliMixture", () => fitBernoulliMixture(any([1, 0, 1]), { k: 1 })],
  ["fitBernoulliMixture typo", "fitBernoulliMixture", () => fitBernoulliMixture(bin, any({ k: 2, sed: 1 }))],
  ["fitBernoulliMixture bad init", "fitBernoulliMixture", () => fitBernoulliMixture(bin, any({ k: 1, init: { weights: [1], probs: [[0.5, 2, 0.5]] } }))],
  ["bernoulliMixtureModel null", "bernoulliMixtureModel", () => bernoulliMixtureModel(any(null))],
  ["fitABO negative", "fitABO", () => fitABO({ A: -1, B: 2, AB: 3, O: 4 })],
  ["fitABO wrong length", "fitABO", () => fitABO([1, 2, 3])],
  ["fitABO null", "fitABO", () => fitABO(any(null))],
  ["fitABO NaN", "fitABO", () => fitABO({ A: NaN, B: 2, AB: 3, O: 4 })],
  ["fitABO all zero", "fitABO", () => fitABO([0, 0, 0, 0])],
  ["fitABO typo", "fitABO", () => fitABO([1, 2, 3, 4], any({ maxiter: 4 }))],
  ["fitABO bad init", "fitABO", () => fitABO([1, 2, 3, 4], any({ init: { pA: 0.9, pB: 0.9, pO: 0.9 } }))],
  ["aboModel missing key", "aboModel", () => aboModel(any({ A: 1, B: 2, AB: 3 }))],
  // ---- EM engine
  ["runEM bad model", "runEM", () => runEM(any({}), {})],
  ["runEM typo", "runEM", () => runEM(geneticLinkageModel(), { theta: 0.5 }, any({ maxIters: 3 }))],
  ["runEM tol negative", "runEM", () => runEM(geneticLinkageModel(), { theta: 0.5 }, any({ tol: -1 }))],
  ["emSteps typo", "emSteps", () => emSteps(geneticLinkageModel(), { theta: 0.5 }, any({ max: 3 })).next()],
  ["geneticLinkageModel wrong length", "geneticLinkageModel", () => geneticLinkageModel([1, 2, 3])],
  ["geneticLinkageModel NaN", "geneticLinkageModel", () => geneticLinkageModel([1, 2, 3, NaN])],
  ["convergenceRate null", "convergenceRate", () => convergenceRate(any(null))],
  // ---- optimisation
  ["maximize NaN x0", "maximize", () => maximize(ll, [NaN])],
  ["maximize empty x0", "maximize", () => maximize(ll, [])],
  ["maximize null x0", "maximize", () => maximize(ll, any(null))],
  ["maximize typo", "maximize", () => maximize(ll, [0], any({ maxIters: 3 }))],
  ["maximize method", "maximize", () => maximize(ll, [0], any({ method: "bfg" }))],
  ["maximize f not function", "maximize", () => maximize(any(3), [0])],
  ["maximize f NaN at start", "maximize", () => maximize(() => NaN, [0])],
  ["maximize f returns string", "maximize", () => maximize(any(() => "x"), [0])],
  ["maximize maxIter negative", "maximize", () => maximize(ll, [0], { maxIter: -3 })],
  ["maximize gradient wrong length", "maximize", () => maximize(ll, [0], { gradient: () => [1, 2] })],
  ["maximizeConstrained transform null", "maximizeConstrained", () => maximizeConstrained(ll, [1], any(null))],
  ["maximizeConstrained x0 out of domain", "maximizeConstrained", () => maximizeConstrained(ll, [-1], positiveTransform(1))],
  ["numericalGradient NaN", "numericalGradient", () => numericalGradient(ll, [NaN])],
  ["numericalHessian null", "numericalHessian", () => numericalHessian(ll, any(null))],
  ["numericalGradient f not function", "numericalGradient", () => numericalGradient(any(null), [1])],
  ["positiveTransform 0", "positiveTransform", () => positiveTransform(0)],
  ["intervalTransform lower>upper", "intervalTransform", () => intervalTransform(2, 1)],
  ["intervalTransform NaN", "intervalTransform", () => intervalTransform(NaN, 1)],
  ["simplexTransform 1", "simplexTransform", () => simplexTransform(0)],
  ["composeTransforms empty", "composeTransforms", () => composeTransforms(any([]))],
  ["composeTransforms null", "composeTransforms", () => composeTransforms(any(null))],
  ["deltaMethodCovariance shape", "deltaMethodCovariance", () => deltaMethodCovariance(positiveTransform(1), [0], any([[1, 0], [0, 1]]))],
  // ---- regression
  ["logisticRegression y not binary", "logisticRegression", () => logisticRegression([1, 2, 3], [0, 2, 1])],
  ["logisticRegression length mismatch", "logisticRegression", () => logisticRegression([1, 2, 3], [0, 1])],
  ["logisticRegression NaN", "logisticRegression", () => logisticRegression([1, NaN, 3], [0, 1, 1])],
  ["logisticRegression ragged", "logisticRegression", () => logisticRegression([[1, 2], [3], [4, 5]], [0, 1, 1])],
  ["logisticRegression null", "logisticRegression", () => logisticRegression(any(null), [0, 1])],
  ["logisticRegression typo", "logisticRegression", () => logisticRegression([1, 2, 3], [0, 1, 0], any({ intercpt: false }))],
  ["logisticRegression empty", "logisticRegression", () => logisticRegression([], [])],
  ["poissonRegression negative y", "poissonRegression", () => poissonRegression([1, 2, 3], [0, -1, 2])],
  ["poissonRegression offset length", "poissonRegression", () => poissonRegression([1, 2, 3], [0, 1, 2], { offset: [1] })],
  ["poissonRegression y string", "poissonRegression", () => poissonRegression([1, 2, 3], any("012"))],
  ["poissonRegression names length", "poissonRegression", () => poissonRegression([1, 2, 3], [0, 1, 2], { names: ["a", "b", "c"] })],
  // ---- inference
  ["observedInformation NaN", "observedInformation", () => observedInformation(ll, [NaN])],
  ["observedInformation not function", "observedInformation", () => observedInformation(any(null), [1])],
  ["covarianceFromInformation non-PD", "covarianceFromInformation", () => covarianceFromInformation([[1, 2], [2, 1]])],
  ["covarianceFromInformation ragged", "covarianceFromInformation", () => covarianceFromInformation([[1, 2], [2]])],
  ["covarianceFromInformation null", "covarianceFromInformation", () => covarianceFromInformation(any(null))],
  ["covarianceFromInformation NaN", "covarianceFromInformation", () => covarianceFromInformation([[NaN]])],
  ["standardErrors at non-max", "standardErrors", () => standardErrors((t) => t[0] ** 2, [1])],
  ["waldInterval level", "waldInterval", () => waldInterval(1, 0.1, 1.5)],
  ["waldIntervals mismatch", "waldIntervals", () => waldIntervals([1, 2], [0.1])],
  ["waldIntervals null", "waldIntervals", () => waldIntervals(any(null), any(null))],
  ["profileLikelihoodInterval index", "profileLikelihoodInterval", () => profileLikelihoodInterval(ll, [1], 3)],
  ["profileLogLikelihood values NaN", "profileLogLikelihood", () => profileLogLikelihood(ll, [1], 0, [NaN])],
  ["likelihoodRatioTest df 0", "likelihoodRatioTest", () => likelihoodRatioTest(-10, -9, 0)],
  ["likelihoodRatioTest NaN", "likelihoodRatioTest", () => likelihoodRatioTest(NaN, -9, 1)],
  ["chiSquareCdf df<0", "chiSquareCdf", () => chiSquareCdf(1, -1)],
  ["chiSquareCdf NaN", "chiSquareCdf", () => chiSquareCdf(NaN, 1)],
  ["chiSquareQuantile p>1", "chiSquareQuantile", () => chiSquareQuantile(1.5, 1)],
  ["normalQuantile p NaN", "normalQuantile", () => normalQuantile(NaN)],
  ["regularizedGammaP a<0", "regularizedGammaP", () => regularizedGammaP(-1, 1)],
  // ---- symbolic
  ["score unparsable", "score", () => score("x + * 2", "x")],
  ["score parameter missing", "score", () => score("x^2", "")],
  ["score non-string", "score", () => score(any(null), "x")],
  ["observedInformationExpression non-string", "observedInformationExpression", () => observedInformationExpression(any(3), "x")],
  // ---- data, plots, course
  ["parseCsv non-string", "parseCsv", () => parseCsv(any(null))],
  ["parseCsv empty", "parseCsv", () => parseCsv("")],
  ["parseCsv ragged", "parseCsv", () => parseCsv("a,b\n1,2\n3\n")],
  ["parseCsv unknown column", "numbers", () => parseCsv(csv).numbers("c")],
  ["parseCsv non-numeric", "numbers", () => parseCsv("a,b\n1,x\n").numbers("b")],
  ["parseCsv matrix unknown", "matrix", () => parseCsv(csv).matrix(["a", "z"])],
  ["readCsv missing file", "readCsv", () => readCsv("/nonexistent/file.csv")],
  ["readCsv non-string", "readCsv", () => readCsv(any(42))],
  ["showFigure null", "showFigure", () => showFigure(any(null))],
  ["showFigure data not array", "showFigure", () => showFigure(any({ data: 3 }))],
  ["showFigure option typo", "showFigure", () => showFigure({ data: [] }, any({ alt: "x" }))],
  ["checkAnswer id not a string", "checkAnswer", () => checkAnswer(any(3), 1)],
  ["checkAnswer unknown id", "checkAnswer", () => checkAnswer("99.1", 1)],
  ["checkAnswer context missing", "checkAnswer", () => checkAnswer("05.2", 11)],
  ["assertAnswer context of the wrong kind", "assertAnswer", () => assertAnswer("05.2", 11, { K: "2" })],
  ["checkLiteralAnswer label", "checkLiteralAnswer", () => checkLiteralAnswer(any(3), 1, 1)],
  ["checkLiteralAnswer typo", "checkLiteralAnswer", () => checkLiteralAnswer("q1", 1, 1, any({ reltol: 1, display: false }))],
  ["checkLiteralAnswer relTol negative", "checkLiteralAnswer", () => checkLiteralAnswer("q1", 1, 1, { relTol: -1, display: false })],
  ["compareAnswer typo", "compareAnswer", () => compareAnswer(1, 1, any({ tol: 1 }))],
  ["compareAnswer expected undefined", "compareAnswer", () => compareAnswer(1, any(undefined))],
  ["markdownTable ragged", "markdownTable", () => markdownTable(["a", "b"], [[1, 2], [3]])],
  ["markdownTable null", "markdownTable", () => markdownTable(any(null), [])],
  ["showTable ragged", "showTable", () => showTable(["a", "b"], [[1]])],
  ["showMath non-string", "showMath", () => showMath(any(null))],
  ["showMarkdown non-string", "showMarkdown", () => showMarkdown(any(undefined))],
  // ---- core
  ["Rng NaN seed", "Rng", () => new Rng(NaN)],
  ["Rng string seed", "Rng", () => new Rng(any("a"))],
  ["Rng.from null", "Rng", () => Rng.from(any(null))],
  ["Rng.int min>max", "Rng.int", () => new Rng(1).int(5, 2)],
  ["Rng.gamma shape 0", "Rng.gamma", () => new Rng(1).gamma(0)],
  ["Rng.normal sd<0", "Rng.normal", () => new Rng(1).normal(0, -1)],
  ["Rng.poisson negative", "Rng.poisson", () => new Rng(1).poisson(-1)],
  ["Rng.binomial p>1", "Rng.binomial", () => new Rng(1).binomial(3, 2)],
  ["Rng.categorical empty", "Rng.categorical", () => new Rng(1).categorical([])],
  ["Rng.categorical negative", "Rng.categorical", () => new Rng(1).categorical([1, -1])],
  ["Rng.permutation -1", "Rng.permutation", () => new Rng(1).permutation(-1)],
  ["Rng.beta a<0", "Rng.beta", () => new Rng(1).beta(-1, 1)],
  ["Rng.exponential 0", "Rng.exponential", () => new Rng(1).exponential(0)],
  ["toVector null", "f", () => toVector(null, "f", "x")],
  ["toDenseMatrix ragged", "f", () => toDenseMatrix([[1], [1, 2]], "f", "x")],
  ["assertNumber NaN", "f", () => assertNumber(NaN, "f", "x")],
  ["checkOptions typo", "f", () => checkOptions({ tl: 1 }, ["tol"], "f")],
  // ---- found by the audit (each failed before: raw error, silence, or another function's name)
  ["Normal.sample n too large", "Normal.sample", () => new Normal().sample(1e20, 1)],
  ["deltaMethodCovariance NaN u", "deltaMethodCovariance", () => deltaMethodCovariance(positiveTransform(1), [NaN], [1])],
  ["deltaMethodCovariance null transform", "deltaMethodCovariance", () => deltaMethodCovariance(any(null), [0], [1])],
  ["profileLikelihoodInterval thetaHat not the max", "profileLikelihoodInterval", () =>
    profileLikelihoodInterval((t) => -100 * (t[0] - 1) ** 2, [5], 0)],
  ["numericalHessian relativeStep 0", "numericalHessian", () => numericalHessian(ll, [1], { relativeStep: 0 })],
  ["numericalGradient option typo", "numericalGradient", () => numericalGradient(ll, [1], any({ step: 1e-3 }))],
  ["matchComponents NaN", "matchComponents", () => matchComponents([[NaN]], [[0]])],
  ["Table.strings unknown", "Table.strings", () => parseCsv(csv).strings("q")],
  ["chiSquareSf NaN", "chiSquareSf", () => mlem.chiSquareSf(NaN, 2)],
  ["covarianceMatrix at a minimum", "covarianceMatrix", () => mlem.covarianceMatrix((t) => t[0] ** 2, [1])],
  ["standardErrorsFromInformation singular", "standardErrorsFromInformation", () => mlem.standardErrorsFromInformation([[1, 1], [1, 1]])],
  ["profileLogLikelihood values null", "profileLogLikelihood", () => profileLogLikelihood(ll, [1], 0, any(null))],
  ["runEM init undefined", "runEM", () => runEM(geneticLinkageModel(), any(undefined))],
  ["runEM init of the wrong form", "runEM", () => runEM(bernoulliMixtureModel(bin), any({ weights: [1] }))],
  ["emSteps init undefined", "emSteps", () => emSteps(geneticLinkageModel(), any(undefined)).next()],
  ["emSteps model without eStep", "emSteps", () => emSteps(any({}), any(0)).next()],
  ["checkLiteralAnswer expected null", "checkLiteralAnswer", () => checkLiteralAnswer("q", 1, any(null), { display: false })],
  ["fitPoissonMixture maxIter -1", "fitPoissonMixture", () => fitPoissonMixture(counts, { k: 2, maxIter: -1 })],
  ["fitBernoulliMixture relTol -1", "fitBernoulliMixture", () => fitBernoulliMixture(bin, { k: 1, relTol: -1 })],
  ["fitHMM maxIter 1.5", "fitHMM", () => fitHMM(counts, { k: 2, emission: "poisson", maxIter: 1.5 })],
  ["fitHMM snapshots bad", "fitHMM", () => fitHMM(counts, any({ k: 2, emission: "poisson", snapshots: "some" }))],
  ["fitMultivariateNormalMissing maxIter -1", "fitMultivariateNormalMissing", () => fitMultivariateNormalMissing([[1, 2], [3, 4], [2, 7]], { maxIter: -1 })],
  ["fitABO tol -1", "fitABO", () => fitABO([1, 2, 3, 4], { tol: -1 })],
  ["fitPoissonMixture seed string", "fitPoissonMixture", () => fitPoissonMixture(counts, any({ k: 2, seed: "a" }))],
  ["basinAtlas maxIter -1", "basinAtlas", () => basinAtlas(X2, { k: 2, nInit: 1, maxIter: -1 })],
  ["maximizeConstrained maxIter -1", "maximizeConstrained", () => maximizeConstrained(ll, [1], positiveTransform(1), { maxIter: -1 })],
  ["forwardBackward misspelt model field", "forwardBackward", () => forwardBackward(any({ ...hmm, transitions: hmm.transition }), [1])],
  ["viterbi misspelt emissions field", "viterbi", () =>
    viterbi(any({ ...hmm, emissions: { type: "gaussian", means: [0, 1], variance: [1, 1] } }), [1])],
];

/** Misspelt options: the message names the function and suggests the intended option. */
const typos: [label: string, fn: string, suggestion: string, thunk: () => unknown][] = [
  ["fitGaussianMixture maxiter", "fitGaussianMixture", "maxIter", () => fitGaussianMixture(X2, any({ k: 2, maxiter: 3 }))],
  ["fitGaussianMixture covariance", "fitGaussianMixture", "covarianceType", () => fitGaussianMixture(X2, any({ k: 2, covariance: "diag" }))],
  ["fitHMM ninit", "fitHMM", "nInit", () => fitHMM(counts, any({ k: 2, emission: "poisson", ninit: 3 }))],
  ["fitPoissonMixture tolerance", "fitPoissonMixture", "tol", () => fitPoissonMixture(counts, any({ k: 2, tolerance: 1e-6 }))],
  ["fitBernoulliMixture maxIters", "fitBernoulliMixture", "maxIter", () => fitBernoulliMixture(bin, any({ k: 2, maxIters: 3 }))],
  ["fitMultivariateNormalMissing maxIters", "fitMultivariateNormalMissing", "maxIter", () =>
    fitMultivariateNormalMissing([[1, 2], [3, 4], [5, 7]], any({ maxIters: 3 }))],
  ["fitABO maxIters", "fitABO", "maxIter", () => fitABO([1, 2, 3, 4], any({ maxIters: 3 }))],
  ["maximize gradtol", "maximize", "gradTol", () => maximize(ll, [0], any({ gradtol: 1 }))],
  ["runEM tolerance", "runEM", "'tol'", () => runEM(geneticLinkageModel(), { theta: 0.5 }, any({ tolerance: 1 }))],
  ["Gamma.fit maxiter", "Gamma.fit", "maxIter", () => Gamma.fit([1, 2], any({ maxiter: 3 }))],
  ["Binomial.fit trial", "Binomial.fit", "trials", () => Binomial.fit([1, 2], any({ trial: 3 }))],
  ["logisticRegression intercpt", "logisticRegression", "intercept", () => logisticRegression([1, 2, 3], [0, 1, 0], any({ intercpt: false }))],
  ["basinAtlas ninit", "basinAtlas", "nInit", () => basinAtlas(X2, any({ k: 2, ninit: 3 }))],
  ["profileLikelihoodInterval levl", "profileLikelihoodInterval", "level", () => profileLikelihoodInterval(ll, [1], 0, any({ levl: 0.9 }))],
  ["maximizeConstrained maxIters", "maximizeConstrained", "maxIter", () => maximizeConstrained(ll, [1], positiveTransform(1), any({ maxIters: 3 }))],
  ["observedInformation hesian", "observedInformation", "hessian", () => observedInformation(ll, [1], any({ hesian: () => [1] }))],
  ["GaussianMixture.fromParams covariance", "GaussianMixture.fromParams", "covariances", () =>
    GaussianMixture.fromParams(any({ weights: [1], means: [[0]], covariance: [[[1]]] }))],
  ["emSteps maxiter", "emSteps", "maxIter", () => emSteps(geneticLinkageModel(), { theta: 0.5 }, any({ maxiter: 2 })).next()],
  ["baumWelchModel nsymbols", "baumWelchModel", "nSymbols", () => baumWelchModel(counts, any({ emission: "poisson", nsymbols: 2 }))],
  ["checkLiteralAnswer reltol", "checkLiteralAnswer", "relTol", () => checkLiteralAnswer("q", 1, 1, any({ reltol: 1, display: false }))],
  ["compareAnswer abstol", "compareAnswer", "absTol", () => compareAnswer(1, 1, any({ abstol: 1 }))],
  ["showFigure alttext", "showFigure", "altText", () => showFigure({ data: [] }, any({ alttext: "x" }))],
  ["forwardBackward transitions", "forwardBackward", "transition", () => forwardBackward(any({ ...hmm, transitions: hmm.transition }), [1])],
];

describe("bad input to public functions throws a named MlemError naming the function", () => {
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

describe("a misspelt option says which function and suggests the right name", () => {
  it.each(typos)("%s", (_label, fnName, suggestion, thunk) => {
    expect(thunk).toThrow(mlem.UnknownOptionError);
    expect(thunk).toThrow(new RegExp(`^${fnName.replace(".", "\\.")}: unknown .*Did you mean .*${suggestion}`));
  });
});

describe("the audit's fixes keep good input working", () => {
  it("profileLikelihoodInterval at the true maximum still works and has no warning", () => {
    const f = (t: Float64Array) => 10 * Math.log(t[0]) - 5 * t[0];
    const r = profileLikelihoodInterval(f, [2], 0, { lower: 0 });
    expect(f(Float64Array.of(r.lower))).toBeCloseTo(r.cutoff, 8);
    expect(r.lower).toBeGreaterThan(1);
    expect(r.warnings).toEqual([]);
  });
  it("profileLikelihoodInterval slightly off the maximum warns instead of throwing", () => {
    const r = profileLikelihoodInterval((t) => 10 * Math.log(t[0]) - 5 * t[0], [2.6], 0, { lower: 0 });
    expect(r.warnings.some((w) => w.includes("not quite the maximum"))).toBe(true);
  });
  it("convergenceRate accepts typed arrays", () => {
    expect(convergenceRate(any(Float64Array.from([-10, -5, -4, -3.8]))).estimate).toBeCloseTo(Math.sqrt(0.2), 12);
  });
  it("Rng.normal with sd = 0 returns the mean; Rng.permutation(0) is empty", () => {
    expect(new Rng(1).normal(3, 0)).toBe(3);
    expect(new Rng(1).permutation(0)).toEqual([]);
  });
  it("compareAnswer compares arrays element-wise with the given tolerance", () => {
    expect(compareAnswer([1, 2.001], [1, 2], { relTol: 1e-2 }).correct).toBe(true);
    expect(compareAnswer([1, 2.1], [1, 2], { relTol: 1e-2 }).correct).toBe(false);
  });
});
