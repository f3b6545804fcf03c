import { resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import {
  Beta,
  Cauchy,
  Exponential,
  Gamma,
  LogNormal,
  NegativeBinomial,
  Normal,
  Poisson,
  StudentT,
  Weibull,
} from "../../src/distributions/index.js";

// Reference values computed by scripts/reference/distributions_reference.py (Python 3.11.7, numpy 2.4.6,
// scipy 1.17.1, statsmodels 0.15.0), pasted from its JSON output:
// - MLEs: scipy.stats.<dist>.fit with loc fixed at 0 (gamma, weibull_min, lognorm), each confirmed by a
//   bracketing root find (brentq, xtol 1e-15) of the score / profile equation; the root-found value is the
//   reference. scipy's own fit agrees to 6e-16 (gamma), 6e-8 (weibull_min, even from a good start),
//   0 (lognorm). Student t and Cauchy: Nelder–Mead + BFGS, then Newton with the analytic score/Hessian to
//   a score of 1e-14; Beta: fsolve of the score equations (scipy beta.fit agrees to 1e-11).
// - Standard errors: sqrt(diag(inverse observed information)), the observed information being the analytic
//   negative Hessian at the MLE (Gamma/Weibull SEs cross-checked with statsmodels GenericLikelihoodModel's
//   numerical Hessian: agreement 3e-7 and 5e-8 relative). Student t analytic Hessian checked against
//   scipy.differentiate.hessian (max relative gap 1.8e-4, that method's own error estimate).
const data = resolve(__dirname, "../../../data");
const rivers = readCsv(resolve(data, "rivers.csv")).numbers("length_miles");
const discoveries = readCsv(resolve(data, "discoveries.csv")).numbers("count");
const precip = readCsv(resolve(data, "precip.csv")).numbers("inches");

const EST_TOL = 1e-6;
const SE_TOL = 1e-4;
const agreement: { what: string; rel: number }[] = [];

function close(what: string, actual: number, expected: number, tol: number): void {
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  agreement.push({ what, rel });
  expect(rel, `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

afterAll(() => {
  if (process.env.MLEM_PRINT_AGREEMENT) {
    for (const { what, rel } of agreement) console.log(`${what.padEnd(40)} ${rel.toExponential(2)}`);
  }
});

describe("rivers (n = 141) against scipy.stats", () => {
  it("Gamma MLE (floc = 0), log-likelihood and observed-information SEs", () => {
    const fit = Gamma.fit(rivers);
    expect(fit.converged).toBe(true);
    close("gamma shape", fit.params.shape, 2.578727031073213, EST_TOL);
    close("gamma scale", fit.params.scale, 229.25435303521903, EST_TOL);
    close("gamma logLik", fit.logLikelihood, -1013.1117330626647, 1e-10);
    close("gamma logLik (instance)", fit.distribution.logLikelihood(rivers), -1013.1117330626647, 1e-10);
    close("gamma se shape", fit.standardErrors.shape, 0.28946400952293894, SE_TOL);
    close("gamma se scale", fit.standardErrors.scale, 28.40395663419937, SE_TOL);
    close("gamma cov(shape, scale)", fit.vcov![0][1], -7.449058156712227, SE_TOL);
  });

  it("Weibull MLE (weibull_min, floc = 0), log-likelihood and SEs", () => {
    const fit = Weibull.fit(rivers);
    expect(fit.converged).toBe(true);
    close("weibull shape", fit.params.shape, 1.438200409829756, EST_TOL);
    close("weibull scale", fit.params.scale, 660.2223327168575, EST_TOL);
    close("weibull logLik", fit.logLikelihood, -1024.782517890715, 1e-10);
    close("weibull logLik (instance)", fit.distribution.logLikelihood(rivers), -1024.782517890715, 1e-10);
    close("weibull se shape", fit.standardErrors.shape, 0.08131860729596865, SE_TOL);
    close("weibull se scale", fit.standardErrors.scale, 41.16255636846017, SE_TOL);
    close("weibull cov(shape, scale)", fit.vcov![0][1], 1.1493417891553255, SE_TOL);
  });

  it("LogNormal MLE (lognorm, floc = 0) and log-likelihood", () => {
    const fit = LogNormal.fit(rivers);
    close("lognormal meanlog", fit.params.meanlog, 6.175878881097499, EST_TOL);
    close("lognormal sdlog", fit.params.sdlog, 0.589382913497666, EST_TOL);
    close("lognormal logLik", fit.logLikelihood, -996.3254883924046, 1e-10);
    close("lognormal logLik (instance)", fit.distribution.logLikelihood(rivers), -996.3254883924046, 1e-10);
    close("lognormal se meanlog", fit.standardErrors.meanlog, 0.04963499528458414, SE_TOL);
    close("lognormal se sdlog", fit.standardErrors.sdlog, 0.03509724174989176, SE_TOL);
  });

  it("Exponential and Normal MLEs and log-likelihoods", () => {
    const e = Exponential.fit(rivers);
    close("exponential rate", e.params.rate, 0.0016915196084312054, EST_TOL);
    close("exponential logLik", e.logLikelihood, -1040.880044824361, 1e-10);
    const nfit = Normal.fit(rivers);
    close("normal mean", nfit.params.mean, 591.1843971631206, EST_TOL);
    close("normal sd (1/n)", nfit.params.sd, 492.1164107631111, EST_TOL);
    close("normal logLik", nfit.logLikelihood, -1074.0891898822315, 1e-10);
    close("normal logLik (instance)", nfit.distribution.logLikelihood(rivers), -1074.0891898822315, 1e-10);
  });

  it("Student t MLE of (location, scale, df) and SEs", () => {
    const fit = StudentT.fit(rivers);
    expect(fit.converged).toBe(true);
    close("t location", fit.params.location, 409.1890537604182, EST_TOL);
    close("t scale", fit.params.scale, 159.2938523328733, EST_TOL);
    close("t df", fit.params.df, 1.488441578882313, EST_TOL);
    close("t logLik", fit.logLikelihood, -1018.9106075709007, 1e-10);
    close("t se location", fit.standardErrors.location, 21.957913368607173, SE_TOL);
    close("t se scale", fit.standardErrors.scale, 22.327988494568686, SE_TOL);
    close("t se df", fit.standardErrors.df, 0.29324400504777354, SE_TOL);
  });
});

describe("discoveries (n = 100) against scipy.stats", () => {
  it("Poisson MLE with se = sqrt(lambda/n)", () => {
    const fit = Poisson.fit(discoveries);
    close("poisson rate", fit.params.rate, 3.1, EST_TOL);
    close("poisson se", fit.standardErrors.rate, 0.17606816861659008, SE_TOL);
    close("poisson logLik", fit.logLikelihood, -216.84565984841453, 1e-10);
    close("poisson logLik (instance)", fit.distribution.logLikelihood(discoveries), -216.84565984841453, 1e-10);
  });

  it("NegativeBinomial MLE (r real) and SEs", () => {
    const fit = NegativeBinomial.fit(discoveries);
    expect(fit.converged).toBe(true);
    close("negbin r", fit.params.r, 5.45971406931118, EST_TOL);
    close("negbin p", fit.params.p, 0.6378383699621096, EST_TOL);
    close("negbin logLik", fit.logLikelihood, -210.79440489418522, 1e-10);
    close("negbin logLik (instance)", fit.distribution.logLikelihood(discoveries), -210.79440489418522, 1e-10);
    close("negbin se r", fit.standardErrors.r, 2.1845134391616976, SE_TOL);
    close("negbin se p", fit.standardErrors.p, 0.09387535442604453, SE_TOL);
  });
});

describe("other numerical fits against scipy", () => {
  it("Cauchy on precip (n = 70)", () => {
    const fit = Cauchy.fit(precip);
    expect(fit.converged).toBe(true);
    close("cauchy location", fit.params.location, 37.632509691585156, EST_TOL);
    close("cauchy scale", fit.params.scale, 7.054996359571727, EST_TOL);
    close("cauchy logLik", fit.logLikelihood, -291.1159541716883, 1e-10);
    close("cauchy se location", fit.standardErrors.location, 1.2646388341208528, SE_TOL);
    close("cauchy se scale", fit.standardErrors.scale, 1.1450903548081737, SE_TOL);
  });

  it("Beta on a fixed sample of 12 proportions", () => {
    const b = [0.12, 0.45, 0.33, 0.81, 0.56, 0.27, 0.64, 0.39, 0.72, 0.18, 0.5, 0.41];
    const fit = Beta.fit(b);
    expect(fit.converged).toBe(true);
    close("beta alpha", fit.params.alpha, 2.3956312006503966, EST_TOL);
    close("beta beta", fit.params.beta, 2.9471471431866973, EST_TOL);
    close("beta logLik", fit.logLikelihood, 2.7931830609881008, 1e-9);
    close("beta se alpha", fit.standardErrors.alpha, 0.9311457689826591, SE_TOL);
    close("beta se beta", fit.standardErrors.beta, 1.1676250975612525, SE_TOL);
  });
});
