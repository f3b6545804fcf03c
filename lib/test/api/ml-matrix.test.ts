// ml-matrix is the course's linear algebra: every public function that takes a matrix must accept an
// ml-matrix `Matrix` and give exactly what it gives for the same rows (number[][]). This list is the
// audit of the public API (data matrices, parameter matrices, information matrices, plot inputs);
// HMM models are the one exception: their fields are also outputs, so they stay plain arrays.
import { Matrix, inverse } from "ml-matrix";
import { describe, expect, it } from "vitest";
import * as mlem from "../../src/index.js";

const X = [[1.2, 50], [1.9, 55], [2.1, 53], [3.9, 80], [4.3, 84], [4.1, 79], [2.3, 60], [4.6, 88]];
const M = new Matrix(X);
const twoComponents = { weights: [0.5, 0.5], means: [[2, 55], [4.2, 82]], covariances: [[[0.2, 0.5], [0.5, 10]], [[0.1, 0.3], [0.3, 12]]] };
const asMatrices = { weights: [0.5, 0.5], means: new Matrix(twoComponents.means), covariances: twoComponents.covariances.map((S) => new Matrix(S)) };

const sample = mlem.GaussianMixture.fromParams(twoComponents).sample(200, 1).X;
const fitted = mlem.fitGaussianMixture(sample, { k: 2, seed: 1 });

/** [name, result with rows, result with Matrix]: each pair must be equal. */
const cases: Array<[string, () => unknown, () => unknown]> = [
  ["toDenseMatrix", () => mlem.toDenseMatrix(X, "t", "X"), () => mlem.toDenseMatrix(M, "t", "X")],
  ["fitGaussianMixture", () => mlem.fitGaussianMixture(X, { k: 2, seed: 1 }).toParams(), () => mlem.fitGaussianMixture(M, { k: 2, seed: 1 }).toParams()],
  ["fitGaussianMixture init of Matrices", () => mlem.fitGaussianMixture(X, { k: 2, init: twoComponents }).logLikelihood, () => mlem.fitGaussianMixture(X, { k: 2, init: asMatrices }).logLikelihood],
  ["GaussianMixture.fromParams + predictProba", () => mlem.GaussianMixture.fromParams(twoComponents).predictProba(X), () => mlem.GaussianMixture.fromParams(asMatrices).predictProba(M)],
  ["GaussianMixture tied covariance as a Matrix", () => mlem.GaussianMixture.fromParams({ ...twoComponents, covariances: [[0.2, 0.5], [0.5, 10]], covarianceType: "tied" }).score(X),
    () => mlem.GaussianMixture.fromParams({ ...twoComponents, covariances: new Matrix([[0.2, 0.5], [0.5, 10]]), covarianceType: "tied" }).score(M)],
  ["gaussianMixtureModel", () => mlem.gaussianMixtureModel(X, { k: 2 }).eStep(twoComponents).logLikelihood, () => mlem.gaussianMixtureModel(M, { k: 2 }).eStep(twoComponents).logLikelihood],
  ["basinAtlas", () => mlem.basinAtlas(X, { k: 2, nInit: 3, seed: 1 }).optima.map((o) => o.logLikelihood), () => mlem.basinAtlas(M, { k: 2, nInit: 3, seed: 1 }).optima.map((o) => o.logLikelihood)],
  ["mixtureStandardErrors", () => mlem.mixtureStandardErrors(fitted, sample).standardErrors, () => mlem.mixtureStandardErrors(fitted, new Matrix(sample)).standardErrors],
  ["matchComponents", () => mlem.matchComponents(twoComponents.means, [[4, 80], [2, 50]]), () => mlem.matchComponents(asMatrices.means, new Matrix([[4, 80], [2, 50]]))],
  ["MultivariateNormal", () => new mlem.MultivariateNormal([3, 70], [[1, 10], [10, 200]]).logLikelihood(X), () => new mlem.MultivariateNormal([3, 70], new Matrix([[1, 10], [10, 200]])).logLikelihood(M)],
  ["MultivariateNormal.fit", () => mlem.MultivariateNormal.fit(X).params, () => mlem.MultivariateNormal.fit(M).params],
  ["Multinomial.fit", () => mlem.Multinomial.fit([[1, 2, 3], [2, 2, 2]]).params, () => mlem.Multinomial.fit(new Matrix([[1, 2, 3], [2, 2, 2]])).params],
  ["fitMultivariateNormalMissing (NaN = missing)", () => mlem.fitMultivariateNormalMissing([[1, 2], [2, NaN], [3, 5], [NaN, 4], [5, 9]]).params,
    () => mlem.fitMultivariateNormalMissing(new Matrix([[1, 2], [2, NaN], [3, 5], [NaN, 4], [5, 9]])).params],
  ["logisticRegression", () => mlem.logisticRegression([[1], [2], [3], [4], [5], [6]], [0, 0, 1, 0, 1, 1]).coefficients,
    () => mlem.logisticRegression(new Matrix([[1], [2], [3], [4], [5], [6]]), [0, 0, 1, 0, 1, 1]).coefficients],
  ["poissonRegression", () => mlem.poissonRegression([[1], [2], [3], [4]], [1, 2, 4, 9]).coefficients, () => mlem.poissonRegression(new Matrix([[1], [2], [3], [4]]), [1, 2, 4, 9]).coefficients],
  ["covarianceFromInformation", () => mlem.covarianceFromInformation([[4, 1], [1, 3]]), () => mlem.covarianceFromInformation(new Matrix([[4, 1], [1, 3]]))],
  ["standardErrorsFromInformation", () => mlem.standardErrorsFromInformation([[4, 1], [1, 3]]), () => mlem.standardErrorsFromInformation(new Matrix([[4, 1], [1, 3]]))],
  ["covarianceEllipse", () => mlem.covarianceEllipse([0, 0], [[2, 0.5], [0.5, 1]]), () => mlem.covarianceEllipse([0, 0], new Matrix([[2, 0.5], [0.5, 1]]))],
  ["ellipseTraces", () => mlem.ellipseTraces(twoComponents), () => mlem.ellipseTraces(asMatrices)],
  ["pointsTrace with responsibilities", () => mlem.pointsTrace(X, { responsibilities: X.map(() => [0.3, 0.7]) }), () => mlem.pointsTrace(M, { responsibilities: new Matrix(X.map(() => [0.3, 0.7])) })],
  ["responsibilityColors", () => mlem.responsibilityColors([[1, 0], [0.5, 0.5]]), () => mlem.responsibilityColors(new Matrix([[1, 0], [0.5, 0.5]]))],
];

describe("every function that takes a matrix accepts an ml-matrix Matrix", () => {
  it.each(cases)("%s", (_name, withRows, withMatrix) => {
    expect(withMatrix()).toEqual(withRows());
  });
  it("rowsOf converts a Matrix and passes anything else through", () => {
    expect(mlem.rowsOf(M)).toEqual(X);
    expect(mlem.rowsOf(X)).toBe(X);
    expect(mlem.rowsOf(3)).toBe(3);
  });
  it("agrees with ml-matrix's own inverse: the covariance is the inverse of the information", () => {
    const I = new Matrix([[4, 1], [1, 3]]);
    const viaMlMatrix = inverse(I).to1DArray();
    Array.from(mlem.covarianceFromInformation(I)).forEach((v, i) => expect(v).toBeCloseTo(viaMlMatrix[i], 14));
  });
});
