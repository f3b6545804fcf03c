import { describe, expect, it } from "vitest";
import {
  DomainError,
  InvalidInputError,
  NonFiniteError,
  NotPositiveDefiniteError,
  ShapeError,
  UnknownOptionError,
} from "../../src/core/errors.js";
import {
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Cauchy,
  Exponential,
  Gamma,
  Geometric,
  Laplace,
  LogNormal,
  Multinomial,
  MultivariateNormal,
  NegativeBinomial,
  Normal,
  Poisson,
  StudentT,
  Weibull,
} from "../../src/distributions/index.js";

const ALL_FITS: [string, (x: number[]) => unknown][] = [
  ["Normal", (x) => Normal.fit(x)],
  ["LogNormal", (x) => LogNormal.fit(x)],
  ["Exponential", (x) => Exponential.fit(x)],
  ["Gamma", (x) => Gamma.fit(x)],
  ["Weibull", (x) => Weibull.fit(x)],
  ["Beta", (x) => Beta.fit(x)],
  ["StudentT", (x) => StudentT.fit(x)],
  ["Laplace", (x) => Laplace.fit(x)],
  ["Cauchy", (x) => Cauchy.fit(x)],
  ["Poisson", (x) => Poisson.fit(x)],
  ["Bernoulli", (x) => Bernoulli.fit(x)],
  ["Binomial", (x) => Binomial.fit(x, { trials: 5 })],
  ["Geometric", (x) => Geometric.fit(x)],
  ["NegativeBinomial", (x) => NegativeBinomial.fit(x)],
  ["Categorical", (x) => Categorical.fit(x)],
];

describe("fit: bad data", () => {
  it("Gamma.fit([1, -2]) names the index, the value and the support", () => {
    expect(() => Gamma.fit([1, -2])).toThrow(DomainError);
    expect(() => Gamma.fit([1, -2])).toThrow(/Gamma\.fit: data\[1\] = -2 is not > 0\. Gamma is for positive data/);
  });

  it("every family rejects empty data and NaN with named errors", () => {
    for (const [name, fit] of ALL_FITS) {
      expect(() => fit([]), name).toThrow(InvalidInputError);
      expect(() => fit([]), name).toThrow(new RegExp(`${name}\\.fit: data is empty`));
      expect(() => fit([1, NaN, 0]), name).toThrow(NonFiniteError);
      expect(() => fit([1, Infinity]), name).toThrow(NonFiniteError);
    }
  });

  it("support violations", () => {
    expect(() => Bernoulli.fit([0, 1, 2])).toThrow(/data\[2\] = 2 is not 0 or 1/);
    expect(() => Poisson.fit([1, 2.5])).toThrow(/data\[1\] = 2.5 is not a non-negative integer/);
    expect(() => Poisson.fit([-1])).toThrow(DomainError);
    expect(() => Binomial.fit([1, 6], { trials: 5 })).toThrow(/data\[1\] = 6 is not an integer between 0 and trials = 5/);
    expect(() => Beta.fit([0.5, 1])).toThrow(/strictly between 0 and 1/);
    expect(() => Weibull.fit([0, 1])).toThrow(DomainError);
    expect(() => LogNormal.fit([2, 0])).toThrow(/data\[1\] = 0 is not > 0/);
    expect(() => Exponential.fit([-0.1])).toThrow(DomainError);
    expect(() => Geometric.fit([1.5])).toThrow(DomainError);
    expect(() => NegativeBinomial.fit([3, -1])).toThrow(DomainError);
    expect(() => Categorical.fit([0, 1.5])).toThrow(DomainError);
    expect(() => Normal.fit("1,2,3" as unknown as number[])).toThrow(InvalidInputError);
  });

  it("all-equal data: the MLE does not exist (degenerate) and the message says so", () => {
    expect(() => Normal.fit([3, 3, 3])).toThrow(DomainError);
    expect(() => Normal.fit([3, 3, 3])).toThrow(/all 3 values equal 3.*maximum-likelihood estimate does not exist.*sd → 0/);
    expect(() => Normal.fit([3])).toThrow(/only one observation/);
    expect(() => Gamma.fit([2, 2, 2])).toThrow(/does not exist.*shape → ∞/);
    expect(() => Weibull.fit([2, 2])).toThrow(DomainError);
    expect(() => LogNormal.fit([5, 5])).toThrow(DomainError);
    expect(() => Beta.fit([0.3, 0.3])).toThrow(DomainError);
    expect(() => StudentT.fit([1, 1, 1])).toThrow(DomainError);
    expect(() => Laplace.fit([1, 1])).toThrow(DomainError);
    expect(() => Cauchy.fit([1, 1, 1, 2])).toThrow(/half or more/);
    expect(() => Exponential.fit([0, 0])).toThrow(/every value is 0/);
    expect(() => NegativeBinomial.fit([2, 2, 2])).toThrow(/not overdispersed/);
    expect(() => NegativeBinomial.fit([1, 2, 3, 2, 1])).toThrow(/Fit a Poisson/);
    expect(() => MultivariateNormal.fit([[1, 2], [2, 4], [3, 6]])).toThrow(/singular/);
    expect(() => MultivariateNormal.fit([[1, 2], [2, 3]])).toThrow(/n > d/);
  });

  it("unknown and missing options", () => {
    expect(() => Gamma.fit([1, 2], { maxiter: 3 } as never)).toThrow(UnknownOptionError);
    expect(() => Gamma.fit([1, 2], { maxiter: 3 } as never)).toThrow(/Did you mean 'maxIter'/);
    expect(() => Normal.fit([1, 2], { tol: 1 } as never)).toThrow(UnknownOptionError);
    expect(() => Binomial.fit([1, 2], {} as never)).toThrow(/options.trials is required/);
    expect(() => Binomial.fit([1, 2], { trials: 2.5 })).toThrow(DomainError);
    expect(() => Categorical.fit([0, 3], { categories: 2 })).toThrow(/indices must be < categories/);
    expect(() => Gamma.fit([1, 2], { tol: -1 })).toThrow(DomainError);
  });

  it("Multinomial rows with different totals", () => {
    expect(() => Multinomial.fit([[1, 2], [2, 2]])).toThrow(/fixed number of trials/);
  });
});

describe("constructors validate parameters", () => {
  it("throw DomainError with the parameter name", () => {
    expect(() => new Normal(0, 0)).toThrow(/Normal: sd must be > 0, got 0/);
    expect(() => new Normal(NaN, 1)).toThrow(DomainError);
    expect(() => new Normal(0, Infinity)).toThrow(NonFiniteError);
    expect(() => new Gamma(-1)).toThrow(/Gamma: shape must be > 0/);
    expect(() => new Weibull(1, 0)).toThrow(DomainError);
    expect(() => new Beta(0, 1)).toThrow(DomainError);
    expect(() => new StudentT(0, 1, 0)).toThrow(/df must be > 0/);
    expect(() => new Poisson(-0.1)).toThrow(DomainError);
    expect(() => new Bernoulli(1.1)).toThrow(/p must be ≤ 1/);
    expect(() => new Binomial(2.5, 0.5)).toThrow(/trials must be an integer/);
    expect(() => new Geometric(0)).toThrow(DomainError);
    expect(() => new NegativeBinomial(0, 0.5)).toThrow(DomainError);
    expect(() => new Categorical([0.5, 0.6])).toThrow(/sum to 1.1/);
    expect(() => new Categorical([-0.5, 1.5])).toThrow(/negative/);
    expect(() => new MultivariateNormal([0, 0], [[1, 2], [2, 1]])).toThrow(NotPositiveDefiniteError);
    expect(() => new MultivariateNormal([0, 0], [[1, 0.5], [0.4, 1]])).toThrow(/not symmetric/);
    expect(() => new MultivariateNormal([0, 0, 0], [[1, 0], [0, 1]])).toThrow(ShapeError);
  });

  it("evaluation: NaN throws, out-of-support is -Infinity, wrong dimension throws", () => {
    expect(() => new Normal().logPdf(NaN)).toThrow(NonFiniteError);
    expect(() => new Poisson(2).logPmf(NaN)).toThrow(NonFiniteError);
    expect(() => new Normal().cdf(NaN)).toThrow(/Normal\.cdf: x is NaN/);
    expect(() => new Poisson(2).cdf(NaN)).toThrow(NonFiniteError);
    expect(() => new Normal().logLikelihood([0, NaN])).toThrow(/data\[1\] is NaN/);
    expect(new Gamma(2).logLikelihood([1, -1])).toBe(-Infinity);
    expect(() => new MultivariateNormal([0, 0], [[1, 0], [0, 1]]).logPdf([1])).toThrow(ShapeError);
    expect(() => new Normal().sample(-1, 1)).toThrow(DomainError);
    expect(() => new Normal().sample(2.5, 1)).toThrow(DomainError);
    expect(() => new Normal().sample(2, "x" as never)).toThrow(InvalidInputError);
  });
});
