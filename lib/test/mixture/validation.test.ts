import { describe, expect, it } from "vitest";
import {
  DomainError,
  InvalidInputError,
  NonFiniteError,
  NotPositiveDefiniteError,
  ShapeError,
  UnknownOptionError,
} from "../../src/core/errors.js";
import { fitGaussianMixture, GaussianMixture } from "../../src/mixture/index.js";

const X = [
  [0, 0],
  [1, 0.5],
  [0.2, 1],
  [5, 5],
  [5.5, 4.5],
  [6, 5.2],
];
const good = { weights: [0.5, 0.5], means: [[0, 0], [5, 5]], covariances: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]] };

describe("fitGaussianMixture input validation", () => {
  it("k out of range", () => {
    expect(() => fitGaussianMixture(X, { k: 0 })).toThrow(DomainError);
    expect(() => fitGaussianMixture(X, { k: 0 })).toThrow(/^fitGaussianMixture: k = 0; a mixture needs at least one component \(k ≥ 1\)\./);
    expect(() => fitGaussianMixture(X, { k: 7 })).toThrow(ShapeError);
    expect(() => fitGaussianMixture(X, { k: 7 })).toThrow(/k = 7 components but only n = 6/);
    expect(() => fitGaussianMixture(X, { k: 1.5 })).toThrow(DomainError);
    expect(() => fitGaussianMixture(X, {} as never)).toThrow(/option k/);
    expect(() => fitGaussianMixture(X, undefined as never)).toThrow(InvalidInputError);
  });

  it("bad data: ragged, NaN, Infinity, flat, empty", () => {
    expect(() => fitGaussianMixture([[1, 2], [3]], { k: 1 })).toThrow(ShapeError);
    expect(() => fitGaussianMixture([[1, 2], [3]], { k: 1 })).toThrow(/ragged/);
    expect(() => fitGaussianMixture([[1, NaN], [3, 4]], { k: 1 })).toThrow(NonFiniteError);
    expect(() => fitGaussianMixture([[1, 2], [Infinity, 4]], { k: 1 })).toThrow(/X\[1\]\[0\] is Infinity/);
    expect(() => fitGaussianMixture([1, 2, 3] as never, { k: 1 })).toThrow(/x.map\(v => \[v\]\)/);
    expect(() => fitGaussianMixture([], { k: 1 })).toThrow(InvalidInputError);
  });

  it("unknown option and unknown covarianceType", () => {
    expect(() => fitGaussianMixture(X, { k: 2, covariance: "diag" } as never)).toThrow(UnknownOptionError);
    expect(() => fitGaussianMixture(X, { k: 2, covariance: "diag" } as never)).toThrow(/Did you mean 'covarianceType'/);
    expect(() => fitGaussianMixture(X, { k: 2, covarianceType: "diagonal" as never })).toThrow(DomainError);
    expect(() => fitGaussianMixture(X, { k: 2, covarianceType: "diagonal" as never })).toThrow(/unknown covarianceType 'diagonal'/);
    expect(() => fitGaussianMixture(X, { k: 2, init: "kmeans" as never })).toThrow(DomainError);
    expect(() => fitGaussianMixture(X, { k: 2, regCovar: -1 })).toThrow(DomainError);
    expect(() => fitGaussianMixture(X, { k: 2, maxIter: 2.5 })).toThrow(DomainError);
  });

  it("init of the wrong shape", () => {
    expect(() => fitGaussianMixture(X, { k: 2, init: { ...good, weights: [1] } })).toThrow(ShapeError);
    expect(() => fitGaussianMixture(X, { k: 2, init: { ...good, weights: [0.7, 0.7] } })).toThrow(/sum to 1.4/);
    expect(() => fitGaussianMixture(X, { k: 2, init: { ...good, means: [[0, 0, 0], [1, 1, 1]] } })).toThrow(/init.means\[0\] has length 3; expected 2/);
    expect(() => fitGaussianMixture(X, { k: 2, init: { ...good, covariances: [[[1, 0], [0, 1]]] } })).toThrow(/has 1 matrices but k = 2/);
    expect(() => fitGaussianMixture(X, { k: 2, init: { ...good, covariances: [[1, 1], [1, 1]] } })).toThrow(ShapeError);
    expect(() => fitGaussianMixture(X, { k: 2, init: { ...good, extra: 1 } as never })).toThrow(/unknown field 'extra'/);
    // Compact forms are accepted for the structured types.
    expect(() => fitGaussianMixture(X, { k: 2, covarianceType: "diag", init: { ...good, covariances: [[1, 1], [2, 2]] }, maxIter: 1 })).not.toThrow();
    expect(() => fitGaussianMixture(X, { k: 2, covarianceType: "spherical", init: { ...good, covariances: [1, 2] }, maxIter: 1 })).not.toThrow();
    expect(() => fitGaussianMixture(X, { k: 2, covarianceType: "tied", init: { ...good, covariances: [[1, 0], [0, 1]] }, maxIter: 1 })).not.toThrow();
    expect(() => fitGaussianMixture(X, { k: 2, covarianceType: "diag", init: { ...good, covariances: [[[1, 0.1], [0.1, 1]], [[1, 0], [0, 1]]] } })).toThrow(/off-diagonal/);
  });

  it("a user covariance that is not positive-definite", () => {
    const bad = { ...good, covariances: [[[1, 2], [2, 1]], [[1, 0], [0, 1]]] };
    expect(() => fitGaussianMixture(X, { k: 2, init: bad })).toThrow(NotPositiveDefiniteError);
    expect(() => fitGaussianMixture(X, { k: 2, init: bad })).toThrow(/init.covariances\[0\] is not positive-definite/);
    expect(() => fitGaussianMixture(X, { k: 2, covarianceType: "spherical", init: { ...good, covariances: [1, 0] } })).toThrow(NotPositiveDefiniteError);
    expect(() => fitGaussianMixture(X, { k: 2, init: { ...good, covariances: [[[1, 0.5], [0.4, 1]], [[1, 0], [0, 1]]] } })).toThrow(/not symmetric/);
  });

  it("sampleWeights", () => {
    expect(() => fitGaussianMixture(X, { k: 2, sampleWeights: [1, 1] })).toThrow(ShapeError);
    expect(() => fitGaussianMixture(X, { k: 2, sampleWeights: [1, 1, 1, 1, 1, -1] })).toThrow(/negative/);
    expect(() => fitGaussianMixture(X, { k: 2, sampleWeights: [1, 0, 0, 0, 0, 0] })).toThrow(/only 1 observations have positive weight/);
  });

  it("methods check the dimension of new data", () => {
    const fit = fitGaussianMixture(X, { k: 2 });
    expect(() => fit.predict([[1, 2, 3]])).toThrow(/X has 3 columns but the mixture is 2-dimensional/);
    expect(() => fit.sample(-1, 1)).toThrow(DomainError);
    expect(() => GaussianMixture.fromParams({ ...good, covarianceType: "tie" as never })).toThrow(/unknown covarianceType/);
  });
});
