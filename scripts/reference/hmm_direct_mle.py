"""Reference maximum-likelihood fits of hidden Markov models by DIRECT numerical maximisation of the
likelihood (scipy BFGS on an unconstrained parameterisation), independent of Baum-Welch / EM.

Used by lib/test/hmm/fit.test.ts to check fitHMM. The initial-state distribution is estimated freely
(as Baum-Welch does). Its MLE is a vertex of the simplex: max_delta sum_j delta_j p(x | s_0 = j) =
max_j p(x | s_0 = j). So we maximise log p(x | s_0 = j) over (transition, emission) for each j
separately (smooth, interior) and keep the best j.

Run:  python3 scripts/reference/hmm_direct_mle.py   (numpy 2.4.6, scipy 1.17.1)
"""
import csv
import json
import os

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln, logsumexp

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data")


def column(file, name):
    with open(os.path.join(DATA, file)) as f:
        return np.array([float(r[name]) for r in csv.DictReader(f)])


def log_emis(kind, x, theta):
    if kind == "poisson":
        lam = theta
        return x[:, None] * np.log(lam)[None, :] - lam[None, :] - gammaln(x + 1)[:, None]
    mu, var = theta
    return -0.5 * np.log(2 * np.pi * var)[None, :] - 0.5 * (x[:, None] - mu[None, :]) ** 2 / var[None, :]


def loglik_given_start(kind, x, k, start, z):
    # z = [k*(k-1) transition logits (last column fixed at 0), emission params]
    L = z[: k * (k - 1)].reshape(k, k - 1)
    L = np.concatenate([L, np.zeros((k, 1))], axis=1)
    logA = L - logsumexp(L, axis=1, keepdims=True)
    rest = z[k * (k - 1):]
    if kind == "poisson":
        theta = np.exp(rest[:k])
    else:
        theta = (rest[:k], np.exp(rest[k: 2 * k]))
    lb = log_emis(kind, x, theta)
    # Scaled forward recursion (probability scale, renormalised each step).
    mx = lb.max(axis=1)
    b = np.exp(lb - mx[:, None])
    A = np.exp(logA)
    a = np.zeros(k)
    a[start] = b[0, start]
    ll = mx[0]
    for t in range(1, len(x)):
        s = a.sum()
        ll += np.log(s)
        a = (a / s) @ A * b[t]
        ll += mx[t]
    return ll + np.log(a.sum())


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
        H = 0.5 * (H + H.T)
        z = z - np.linalg.solve(H, grad(f, z))
    print("max |gradient| after polishing:", float(np.max(np.abs(grad(f, z)))), file=__import__("sys").stderr)
    return z


def fit(kind, x, k, inits):
    best = None
    for start in range(k):
        for z0 in inits:
            f = lambda z: -loglik_given_start(kind, x, k, start, z)
            r = minimize(f, z0, method="BFGS", jac="3-point", options={"gtol": 1e-8, "maxiter": 5000})
            if best is None or r.fun < best[0]:
                best = (r.fun, start, r.x)
    fun, start, z = best
    f = lambda z: -loglik_given_start(kind, x, k, start, z)
    # Newton polish with central-difference derivatives: the gradient at the end is ~1e-9 or below.
    z = newton_polish(f, z)
    fun = f(z)
    L = z[: k * (k - 1)].reshape(k, k - 1)
    L = np.concatenate([L, np.zeros((k, 1))], axis=1)
    A = np.exp(L - logsumexp(L, axis=1, keepdims=True))
    rest = z[k * (k - 1):]
    out = {"logLikelihood": -fun, "startState": start}
    if kind == "poisson":
        lam = np.exp(rest[:k])
        order = np.argsort(lam)
        out["rates"] = lam[order].tolist()
    else:
        mu, var = rest[:k], np.exp(rest[k: 2 * k])
        order = np.argsort(mu)
        out["means"] = mu[order].tolist()
        out["variances"] = var[order].tolist()
    out["transition"] = A[np.ix_(order, order)].tolist()
    out["initialState"] = int(np.where(order == start)[0][0])
    return out


def main():
    quakes = column("earthquakes.csv", "count")
    waiting = column("faithful.csv", "waiting")
    res = {}
    # Transition logits start "sticky" (diagonal favoured); emission starts spread over the data.
    res["earthquakes_poisson_k2"] = fit("poisson", quakes, 2, [np.array([2.0, -2.0, np.log(15), np.log(26)])])
    res["earthquakes_poisson_k3"] = fit(
        "poisson", quakes, 3,
        [np.array([3.0, 0.0, 0.0, 3.0, 0.0, 0.0, np.log(13), np.log(20), np.log(29)])],
    )
    res["faithful_waiting_gaussian_k2"] = fit(
        "gaussian", waiting, 2, [np.array([-1.0, 1.0, 55.0, 80.0, np.log(36.0), np.log(36.0)])]
    )
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
