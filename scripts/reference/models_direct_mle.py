"""Reference values for lib/test/models/*.test.ts, computed WITHOUT EM.

1. ABO gene counting (Lange 2010, Applied Probability, Example 2.2.2 / Table 2.2; data/abo.csv):
   - the EM iterates from (0.3, 0.2, 0.5) in EXACT rational arithmetic (fractions.Fraction), rounded;
   - the MLE by solving the score equations of the multinomial phenotype likelihood (scipy fsolve),
     and the maximised log-likelihood (with the multinomial coefficient).
2. Poisson mixtures of data/earthquakes.csv, K = 2 and 3: direct maximisation of the log-likelihood
   (scipy BFGS on softmax weights / log rates, then Newton polishing with finite differences).
   Zucchini & MacDonald (2009), Table 1.2, report -logL 360.369 (K=2) and 356.849 (K=3).
3. A 2-class mixture of 4 binary items (latent class model) fitted to the pattern counts below, which
   were drawn ONCE from a known 2-class model (numpy default_rng(20261125), n = 300; the sampling code
   is kept below for the record) and are typed into the test: direct maximisation as in 2.

Run:  python3 scripts/reference/models_direct_mle.py   (numpy 2.4.6, scipy 1.17.1)
"""
import csv
import itertools
import json
import os
import sys
from fractions import Fraction

import numpy as np
from scipy.optimize import fsolve, minimize
from scipy.special import gammaln, logsumexp

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data")


def grad(f, z, h=1e-5):
    g = np.zeros(len(z))
    for i in range(len(z)):
        e = np.zeros(len(z))
        e[i] = h
        g[i] = (f(z + e) - f(z - e)) / (2 * h)
    return g


def newton_polish(f, z, steps=4, h=1e-3):
    for _ in range(steps):
        p = len(z)
        H = np.zeros((p, p))
        for i in range(p):
            e = np.zeros(p)
            e[i] = h
            H[:, i] = (grad(f, z + e) - grad(f, z - e)) / (2 * h)
        z = z - np.linalg.solve(0.5 * (H + H.T), grad(f, z))
    print("max |gradient| after polishing:", float(np.max(np.abs(grad(f, z)))), file=sys.stderr)
    return z


def abo():
    with open(os.path.join(DATA, "abo.csv")) as f:
        c = {r["phenotype"]: int(r["count"]) for r in csv.DictReader(f)}
    nA, nB, nAB, nO = c["A"], c["B"], c["AB"], c["O"]
    N = nA + nB + nAB + nO
    p = (Fraction(3, 10), Fraction(2, 10), Fraction(5, 10))
    iterates = [p]
    for _ in range(6):
        pA, pB, pO = p
        AA = nA * pA * pA / (pA * pA + 2 * pA * pO)
        BB = nB * pB * pB / (pB * pB + 2 * pB * pO)
        AO, BO = nA - AA, nB - BB
        p = ((2 * AA + AO + nAB) / (2 * N), (2 * BB + BO + nAB) / (2 * N), (2 * nO + AO + BO) / (2 * N))
        iterates.append(p)

    def loglik(pA, pB):
        pO = 1 - pA - pB
        return (gammaln(N + 1) - gammaln(nA + 1) - gammaln(nB + 1) - gammaln(nAB + 1) - gammaln(nO + 1)
                + nA * np.log(pA * pA + 2 * pA * pO) + nB * np.log(pB * pB + 2 * pB * pO)
                + nAB * np.log(2 * pA * pB) + nO * np.log(pO * pO))

    def score(v):
        pA, pB = v
        pO = 1 - pA - pB
        a = pA * pA + 2 * pA * pO
        b = pB * pB + 2 * pB * pO
        # d/dpA and d/dpB with pO = 1 - pA - pB
        dA = nA * (2 * pA + 2 * pO - 2 * pA) / a + nB * (-2 * pB) / b + nAB / pA + nO * (-2) / pO
        dB = nA * (-2 * pA) / a + nB * (2 * pB + 2 * pO - 2 * pB) / b + nAB / pB + nO * (-2) / pO
        return [dA, dB]

    pA, pB = fsolve(score, [0.2, 0.05], xtol=1e-15)
    return {
        "iterates": [[float(x) for x in it] for it in iterates],
        "mle": [float(pA), float(pB), float(1 - pA - pB)],
        "logLikelihood": float(loglik(pA, pB)),
        "maxAbsScore": float(np.max(np.abs(score([pA, pB])))),
    }


def poisson_mixture(x, k, z0):
    u, m = np.unique(x, return_counts=True)

    def f(z):
        w = np.concatenate([z[: k - 1], [0.0]])
        logw = w - logsumexp(w)
        lam = np.exp(z[k - 1:])
        lp = logw[None, :] + u[:, None] * np.log(lam)[None, :] - lam[None, :] - gammaln(u + 1)[:, None]
        return -float(np.sum(m * logsumexp(lp, axis=1)))

    r = minimize(f, z0, method="BFGS", jac="3-point", options={"gtol": 1e-8})
    z = newton_polish(f, r.x)
    w = np.concatenate([z[: k - 1], [0.0]])
    w = np.exp(w - logsumexp(w))
    lam = np.exp(z[k - 1:])
    o = np.argsort(lam)
    return {"logLikelihood": -f(z), "weights": w[o].tolist(), "rates": lam[o].tolist()}


# 4 binary items; the 16 patterns in lexicographic order 0000, 0001, ..., 1111 and their counts.
LCA_PATTERNS = [list(p) for p in itertools.product([0, 1], repeat=4)]


def lca_sample():
    rng = np.random.default_rng(20261125)
    w = np.array([0.6, 0.4])
    P = np.array([[0.85, 0.8, 0.7, 0.2], [0.15, 0.3, 0.25, 0.75]])
    z = rng.choice(2, size=300, p=w)
    X = (rng.random((300, 4)) < P[z]).astype(int)
    counts = [int(np.sum(np.all(X == np.array(p), axis=1))) for p in LCA_PATTERNS]
    return counts


def lca(counts, z0):
    X = np.array(LCA_PATTERNS, dtype=float)
    m = np.array(counts, dtype=float)

    def f(z):
        w = np.array([z[0], 0.0])
        logw = w - logsumexp(w)
        P = 1 / (1 + np.exp(-z[1:].reshape(2, 4)))
        lp = logw[None, :] + X @ np.log(P).T + (1 - X) @ np.log1p(-P).T
        return -float(np.sum(m * logsumexp(lp, axis=1)))

    r = minimize(f, z0, method="BFGS", jac="3-point", options={"gtol": 1e-8})
    z = newton_polish(f, r.x)
    w = np.array([z[0], 0.0])
    w = np.exp(w - logsumexp(w))
    P = 1 / (1 + np.exp(-z[1:].reshape(2, 4)))
    o = np.argsort(-w)
    return {"logLikelihood": -f(z), "weights": w[o].tolist(), "probabilities": P[o].tolist()}


def main():
    quakes = []
    with open(os.path.join(DATA, "earthquakes.csv")) as f:
        quakes = np.array([float(r["count"]) for r in csv.DictReader(f)])
    counts = lca_sample()
    out = {
        "abo": abo(),
        "quakes_k2": poisson_mixture(quakes, 2, np.array([0.5, np.log(15), np.log(27)])),
        "quakes_k3": poisson_mixture(quakes, 3, np.array([0.0, 1.0, np.log(13), np.log(20), np.log(31)])),
        "lca_counts": counts,
        "lca_k2": lca(counts, np.array([0.4, 1.5, 1.2, 0.8, -1.2, -1.5, -0.8, -1.0, 1.0])),
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
