"""Reference Baum-Welch iterations for HIDDEN MARKOV MODELS WITH MULTIVARIATE GAUSSIAN EMISSIONS, written
independently of mlem in numpy/scipy: textbook scaled forward-backward (Rabiner), log densities by
scipy.stats.multivariate_normal, and the M-step by two-pass weighted moments (no shift trick), for each
covariance type (full, diag, tied, spherical), several sequences and per-sequence frequency weights.

From an explicit start it runs a FIXED number of iterations and records l(theta_t) for t = 0..N and
the final parameters, so lib/test/hmm/multivariate.test.ts can run fitHMM from the same start with
tol = 0 and maxIter = N and compare iterate by iterate (no stopping rule involved).

The eigenvalue floor of fitHMM (minVariance, default 1e-6 x the smallest coordinate variance) is
applied the same way here (eigenvalues clipped), but does not bind in these cases.

Cases: Old Faithful (eruptions, waiting) as one 2-D series of 272 steps, K = 2 and 3, full and diag;
K = 2 tied and spherical; the series split into two sequences with weights (2, 1); and a simulated
T = 5000, D = 2, K = 3 series (numpy seed 20261202, rounded to 1e-6 so both sides read the same
decimals, stored in the fixture).

Run:  python3 scripts/reference/hmm_multivariate_baum_welch.py
      (numpy and scipy; versions are written into the fixture)
Writes lib/test/hmm/reference/multivariate_baum_welch.json.
"""
import csv
import json
import os

import numpy as np
import scipy
from scipy.stats import multivariate_normal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
OUT = os.path.join(ROOT, "lib", "test", "hmm", "reference", "multivariate_baum_welch.json")


def faithful():
    with open(os.path.join(ROOT, "data", "faithful.csv")) as f:
        rows = list(csv.DictReader(f))
    return np.array([[float(r["eruptions"]), float(r["waiting"])] for r in rows])


def log_densities(X, means, covs):
    return np.stack([multivariate_normal(mean=means[k], cov=covs[k]).logpdf(X).reshape(-1) for k in range(len(means))], axis=1)


def forward_backward(logB, pi, A):
    T, K = logB.shape
    mx = logB.max(axis=1, keepdims=True)
    B = np.exp(logB - mx)
    alpha = np.zeros((T, K))
    c = np.zeros(T)
    a = pi * B[0]
    c[0] = a.sum()
    alpha[0] = a / c[0]
    for t in range(1, T):
        a = (alpha[t - 1] @ A) * B[t]
        c[t] = a.sum()
        alpha[t] = a / c[t]
    beta = np.ones((T, K))
    xi = np.zeros((K, K))
    for t in range(T - 2, -1, -1):
        bb = B[t + 1] * beta[t + 1]
        beta[t] = (A @ bb) / c[t + 1]
        xi += np.outer(alpha[t], bb) * A / c[t + 1]
    gamma = alpha * beta
    gamma /= gamma.sum(axis=1, keepdims=True)
    return np.log(c).sum() + mx.sum(), gamma, xi


def floor_eigenvalues(S, floor):
    lam, U = np.linalg.eigh(S)
    if lam.min() > floor:
        return S
    return (U * np.maximum(lam, floor)) @ U.T


def full_covariances(covtype, covs, K, D):
    if covtype == "full":
        return covs
    if covtype == "tied":
        return [covs for _ in range(K)]
    if covtype == "diag":
        return [np.diag(covs[k]) for k in range(K)]
    return [covs[k] * np.eye(D) for k in range(K)]


def baum_welch(seqs, weights, covtype, pi, A, means, covs, iterations, floor):
    K, D = means.shape
    lls = []
    for it in range(iterations + 1):
        full = full_covariances(covtype, covs, K, D)
        ll = 0.0
        gammas = []
        xi = np.zeros((K, K))
        g0 = np.zeros(K)
        for X, w in zip(seqs, weights):
            l, g, x = forward_backward(log_densities(X, means, full), pi, A)
            ll += w * l
            gammas.append(g)
            xi += w * x
            g0 += w * g[0]
        lls.append(ll)
        if it == iterations:
            break
        pi = g0 / g0.sum()
        A = xi / xi.sum(axis=1, keepdims=True)
        N = sum(w * g.sum(axis=0) for g, w in zip(gammas, weights))
        means = np.stack([sum(w * (g[:, k:k + 1] * X).sum(axis=0) for X, g, w in zip(seqs, gammas, weights)) / N[k] for k in range(K)])

        def scatter(k):
            return sum(w * ((g[:, k:k + 1] * (X - means[k])).T @ (X - means[k])) for X, g, w in zip(seqs, gammas, weights))

        if covtype == "full":
            covs = [floor_eigenvalues(scatter(k) / N[k], floor) for k in range(K)]
        elif covtype == "tied":
            covs = floor_eigenvalues(sum(scatter(k) for k in range(K)) / N.sum(), floor)
        elif covtype == "diag":
            covs = [np.maximum(np.diag(scatter(k)) / N[k], floor) for k in range(K)]
        else:
            covs = [max(np.trace(scatter(k)) / N[k] / D, floor) for k in range(K)]
    full = full_covariances(covtype, covs, K, D)
    return lls, pi, A, means, full


def default_floor(seqs):
    X = np.concatenate(seqs)
    return 1e-6 * X.var(axis=0).min()


def run_case(name, seqs, weights, covtype, pi, A, means, covs0, iterations, data=None):
    K, D = means.shape
    floor = default_floor(seqs)
    if covtype == "full":
        covs = [np.array(c) for c in covs0]
    elif covtype == "tied":
        covs = np.array(covs0[0])
    elif covtype == "diag":
        covs = [np.diag(np.array(c)) for c in covs0]
    else:
        covs = [float(np.array(c)[0, 0]) for c in covs0]
    lls, pi_f, A_f, means_f, covs_f = baum_welch(seqs, weights, covtype, np.array(pi), np.array(A), np.array(means), covs, iterations, floor)
    lens = [len(X) for X in seqs]
    case = {
        "name": name,
        "covarianceType": covtype,
        "k": K,
        "sequenceLengths": lens,
        "sampleWeights": list(map(float, weights)),
        "iterations": iterations,
        "init": {
            "initial": list(map(float, pi)),
            "transition": [list(map(float, r)) for r in A],
            "means": [list(map(float, m)) for m in means],
            "covariances": [[list(map(float, r)) for r in c] for c in covs0],
        },
        "logLikelihood": [float(v) for v in lls],
        "final": {
            "initial": [float(v) for v in pi_f],
            "transition": [[float(v) for v in r] for r in A_f],
            "means": [[float(v) for v in m] for m in means_f],
            "covariances": [[[float(v) for v in r] for r in c] for c in covs_f],
        },
    }
    if data is not None:
        case["data"] = data
    return case


def main():
    X = faithful()
    C = np.cov(X.T, bias=True)
    same = lambda K: [C.tolist() for _ in range(K)]
    diagC = [np.diag(np.diag(C)).tolist()]
    cases = []
    start2 = dict(pi=[0.5, 0.5], A=[[0.7, 0.3], [0.4, 0.6]], means=np.array([[2.0, 55.0], [4.5, 80.0]]))
    start3 = dict(pi=[0.4, 0.3, 0.3], A=[[0.6, 0.2, 0.2], [0.2, 0.6, 0.2], [0.3, 0.3, 0.4]], means=np.array([[2.0, 55.0], [3.5, 70.0], [4.5, 82.0]]))
    for K, st in ((2, start2), (3, start3)):
        cases.append(run_case(f"faithful K={K} full", [X], [1.0], "full", st["pi"], st["A"], st["means"], same(K), 100))
        cases.append(run_case(f"faithful K={K} diag", [X], [1.0], "diag", st["pi"], st["A"], st["means"], diagC * K, 100))
    cases.append(run_case("faithful K=2 tied", [X], [1.0], "tied", start2["pi"], start2["A"], start2["means"], same(2), 100))
    sph = np.trace(C) / 2
    cases.append(run_case("faithful K=2 spherical", [X], [1.0], "spherical", start2["pi"], start2["A"], start2["means"], [(sph * np.eye(2)).tolist()] * 2, 100))
    cases.append(run_case("faithful K=2 full, two sequences, weights (2, 1)", [X[:100], X[100:]], [2.0, 1.0], "full", start2["pi"], start2["A"], start2["means"], same(2), 100))

    rng = np.random.default_rng(20261202)
    T = 5000
    A_true = np.array([[0.95, 0.03, 0.02], [0.04, 0.92, 0.04], [0.03, 0.05, 0.92]])
    mu_true = np.array([[0.0, 0.0], [3.0, 1.0], [1.0, 4.0]])
    cov_true = [np.array([[1.0, 0.3], [0.3, 0.5]]), np.array([[0.6, -0.2], [-0.2, 1.2]]), np.array([[0.8, 0.5], [0.5, 1.0]])]
    s = 0
    Y = np.zeros((T, 2))
    for t in range(T):
        if t > 0:
            s = rng.choice(3, p=A_true[s])
        Y[t] = rng.multivariate_normal(mu_true[s], cov_true[s])
    Y = np.round(Y, 6)
    CY = np.cov(Y.T, bias=True)
    cases.append(
        run_case(
            "simulated T=5000 K=3 full",
            [Y],
            [1.0],
            "full",
            [1 / 3, 1 / 3, 1 / 3],
            [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]],
            np.array([[-0.5, 0.5], [2.5, 0.5], [1.5, 3.5]]),
            [CY.tolist()] * 3,
            50,
            data=[[float(v) for v in r] for r in Y],
        )
    )
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"numpy": np.__version__, "scipy": scipy.__version__, "cases": cases}, f, indent=None, separators=(",", ":"))
    for c in cases:
        print(c["name"], c["logLikelihood"][0], c["logLikelihood"][-1])


if __name__ == "__main__":
    main()
