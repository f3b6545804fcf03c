import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { DomainError, InvalidInputError, NotPositiveDefiniteError, ShapeError, UnknownOptionError } from "../../src/core/errors.js";
import { fitBayesianGaussianMixture } from "../../src/mixture/bayesian.js";
import { bayesianMixtureLogEvidence, MAX_LABELLINGS } from "../../src/mixture/evidence.js";

// The exact log evidence by enumeration with the chain rule of Student-t predictive densities
// (numpy 2.4.6, scipy 1.17.1): written by scripts/reference/bayesian_mixture_evidence.py into
// reference/bayesian_mixture_evidence.json. mlem uses the closed-form Normal–Wishart marginal.
const ref = JSON.parse(readFileSync(join(__dirname, "reference/bayesian_mixture_evidence.json"), "utf8"));
const faithful = readCsv(join(__dirname, "../../../data/faithful.csv"));
const rows = (n: number, columns: string[]) => faithful.matrix(columns).slice(0, n);

describe("bayesianMixtureLogEvidence", () => {
  it("matches the chain-rule enumeration of scipy for k = 1, 2, 3, default and custom priors, d = 1 and 2", () => {
    expect(ref.cases.length).toBe(18);
    for (const c of ref.cases) {
      const X = rows(c.n, c.columns);
      const opts = c.priors === "default" ? { k: c.k } : { k: c.k, ...c.options };
      // Sums of up to 3^10 terms of ~1e-15 relative error each: 1e-11 relative is ample and tight.
      expect(Math.abs(bayesianMixtureLogEvidence(X, opts) - c.logEvidence) / Math.abs(c.logEvidence)).toBeLessThan(1e-11);
    }
  });

  it("with k = 1 equals the ELBO of fitBayesianGaussianMixture (mean field restricts nothing without labels)", () => {
    for (const columns of [["waiting"], ["eruptions", "waiting"]]) {
      const X = rows(20, columns);
      const vb = fitBayesianGaussianMixture(X, { k: 1, weightConcentrationPriorType: "dirichletDistribution", regCovar: 0 });
      expect(Math.abs(bayesianMixtureLogEvidence(X, { k: 1 }) - vb.elbo) / Math.abs(vb.elbo)).toBeLessThan(1e-12);
      // The fit's priors can be spread in (its type is the one allowed).
      expect(bayesianMixtureLogEvidence(X, { k: 1, ...vb.priors })).toBeCloseTo(vb.elbo, 9);
    }
  });

  it("bounds the ELBO of every variational fit from above for k ≥ 2", () => {
    const X = rows(12, ["waiting"]);
    for (const k of [2, 3]) {
      const exact = bayesianMixtureLogEvidence(X, { k });
      for (const seed of [0, 1, 2]) {
        const vb = fitBayesianGaussianMixture(X, { k, weightConcentrationPriorType: "dirichletDistribution", regCovar: 0, seed });
        expect(vb.elbo).toBeLessThan(exact);
      }
    }
  });

  it("is invariant to the order of the observations", () => {
    const X = rows(9, ["eruptions", "waiting"]);
    const reversed = X.slice().reverse();
    expect(bayesianMixtureLogEvidence(reversed, { k: 2 })).toBeCloseTo(bayesianMixtureLogEvidence(X, { k: 2 }), 10);
  });

  it("rejects what it cannot compute, with the remedy", () => {
    const X = rows(12, ["waiting"]);
    expect(() => bayesianMixtureLogEvidence(X, { k: 2, weightConcentrationPriorType: "dirichletProcess" })).toThrow(DomainError);
    expect(() => bayesianMixtureLogEvidence(X, { k: 2, weightConcentrationPriorType: "dirichletProcess" })).toThrow(/dirichletDistribution/);
    const many = rows(Math.log2(MAX_LABELLINGS) + 1, ["waiting"]);
    expect(() => bayesianMixtureLogEvidence(many, { k: 2 })).toThrow(ShapeError);
    expect(() => bayesianMixtureLogEvidence(many, { k: 2 })).toThrow(/fewer observations \(n ≤ 24 for k = 2\)/);
    expect(() => bayesianMixtureLogEvidence(X, {} as never)).toThrow(InvalidInputError);
    expect(() => bayesianMixtureLogEvidence(X, { k: 0 })).toThrow(/k/);
    expect(() => bayesianMixtureLogEvidence(X, { k: 2, colour: 1 } as never)).toThrow(UnknownOptionError);
    expect(() => bayesianMixtureLogEvidence(X, { k: 2, degreesOfFreedomPrior: -1 })).toThrow(DomainError);
    expect(() => bayesianMixtureLogEvidence(X, { k: 2, covariancePrior: [[-1]] })).toThrow(NotPositiveDefiniteError);
    expect(() => bayesianMixtureLogEvidence(X.map(() => [3]), { k: 2 })).toThrow(/sample covariance/);
    expect(() => bayesianMixtureLogEvidence(rows(4, ["eruptions", "waiting"]), { k: 2, meanPrior: [1] })).toThrow(ShapeError);
    expect(() => bayesianMixtureLogEvidence(rows(4, ["eruptions", "waiting"]), { k: 2, covariancePrior: [[1, 0.5], [0, 1]] })).toThrow(/not symmetric/);
  });
});
