"""Reference numbers for lib/test/mixture/evidence.test.ts (mlem's bayesianMixtureLogEvidence).

Run with numpy 2.4.6, scipy 1.17.1, pandas (the /tmp/refvenv environment):
    /tmp/refvenv/bin/python scripts/reference/bayesian_mixture_evidence.py > lib/test/mixture/reference/bayesian_mixture_evidence.json

The exact log evidence log p(X) of the Bayesian Gaussian mixture of scikit-learn's
BayesianGaussianMixture with weight_concentration_prior_type="dirichlet_distribution" and
covariance_type="full" (pi ~ Dirichlet(a0, ..., a0); Lambda_c ~ Wishart(Psi0^-1, nu0);
mu_c | Lambda_c ~ N(m0, (b0 Lambda_c)^-1)), computed another way than mlem does:

    p(X) = sum over all k^n labellings z of p(z) prod_c p(X_c),

with p(z) the Dirichlet-multinomial, evaluated as the chain rule of the sequential predictive
probabilities (a0 + n_c(before)) / (k a0 + i), and p(X_c) as the chain rule of the Normal-Wishart
posterior predictive densities, multivariate Student t (scipy.stats.multivariate_t) with
df = nu - d + 1, location m, shape Psi (b + 1) / (b (nu - d + 1)), after each point of the component
(Murphy 2007, "Conjugate Bayesian analysis of the Gaussian distribution", eq. 258). mlem uses the
closed-form marginal instead; the two agree only if both are right.

Data: the first n rows of data/faithful.csv, waiting alone (d = 1) and (eruptions, waiting) (d = 2).
Priors: scikit-learn's defaults (a0 = 1/k, b0 = 1, m0 = the data mean, nu0 = d, Psi0 = the sample
covariance with the n - 1 divisor), and one custom set.
"""
import itertools
import json
import os

import numpy as np
import pandas as pd
import scipy
from scipy.special import logsumexp
from scipy.stats import multivariate_t

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def log_marginal_chain(Y, b0, m0, nu0, psi0):
    """log p(Y) of points Y (m x d) under the Normal-Wishart prior, by the chain rule of predictives."""
    d = len(m0)
    b, m, nu, psi = b0, np.array(m0, float), nu0, np.array(psi0, float)
    total = 0.0
    for y in Y:
        df = nu - d + 1
        shape = psi * (b + 1) / (b * df)
        total += multivariate_t(loc=m, shape=shape, df=df).logpdf(y) if d > 1 else multivariate_t(loc=m, shape=shape, df=df).logpdf(np.atleast_1d(y))
        # Posterior update with one point.
        diff = y - m
        psi = psi + (b / (b + 1)) * np.outer(diff, diff)
        m = (b * m + y) / (b + 1)
        b, nu = b + 1, nu + 1
    return total


def log_evidence(X, k, a0, b0, m0, nu0, psi0):
    n = len(X)
    terms = []
    for z in itertools.product(range(k), repeat=n):
        z = np.array(z)
        lp = 0.0
        counts = np.zeros(k)
        for i, c in enumerate(z):
            lp += np.log((a0 + counts[c]) / (k * a0 + i))
            counts[c] += 1
        for c in range(k):
            Y = X[z == c]
            if len(Y):
                lp += log_marginal_chain(Y, b0, m0, nu0, psi0)
        terms.append(lp)
    return float(logsumexp(terms))


def main():
    faithful = pd.read_csv(os.path.join(ROOT, "data", "faithful.csv"))
    out = {"versions": {"numpy": np.__version__, "scipy": scipy.__version__}, "cases": []}
    for n, cols in [(8, ["waiting"]), (8, ["eruptions", "waiting"]), (10, ["waiting"])]:
        X = faithful[cols].to_numpy(float)[:n]
        d = X.shape[1]
        default = dict(b0=1.0, m0=X.mean(axis=0), nu0=float(d), psi0=np.atleast_2d(np.cov(X.T, ddof=1)))
        custom = dict(b0=0.5, m0=X.mean(axis=0) + 1.0, nu0=d + 2.0, psi0=np.atleast_2d(np.cov(X.T, ddof=1)) * 0.5 + np.eye(d) * 0.1)
        for k in [1, 2, 3]:
            if k ** n > 60000:
                continue
            for name, pri, a0 in [("default", default, 1.0 / k), ("custom", custom, 2.0)]:
                value = log_evidence(X, k, a0, pri["b0"], pri["m0"], pri["nu0"], pri["psi0"])
                out["cases"].append({
                    "n": n, "columns": cols, "k": k, "priors": name,
                    "options": {"weightConcentrationPrior": a0, "meanPrecisionPrior": pri["b0"], "meanPrior": list(map(float, pri["m0"])),
                                "degreesOfFreedomPrior": pri["nu0"], "covariancePrior": pri["psi0"].tolist()},
                    "logEvidence": value,
                })
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
