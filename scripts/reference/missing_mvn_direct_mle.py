"""Reference MLE of a multivariate normal with missing values (airquality), by DIRECT maximisation of
the observed-data log-likelihood (no EM): scipy BFGS over (mu, Cholesky factor with log diagonal)
with the analytic gradient, then Newton polishing in (mu, vech Sigma) with a Hessian from central
differences of the analytic gradient. Standard errors: sqrt of the diagonal of the inverse observed
information (that Hessian, negated).

Data: data/airquality.csv, columns ozone, solar_r (2-variable case) and ozone, solar_r, wind, temp
(4-variable case); empty field = missing. Rows with every selected value missing are dropped (none).
Used by lib/test/missing/multivariateNormal.test.ts.

Run:  python3 scripts/reference/missing_mvn_direct_mle.py   (numpy 2.4.6, scipy 1.17.1)
"""
import csv
import json
import os

import numpy as np
from scipy.optimize import minimize

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "airquality.csv")


def load(cols):
    with open(DATA) as f:
        rows = list(csv.DictReader(f))
    X = np.array([[float(r[c]) if r[c] != "" else np.nan for c in cols] for r in rows])
    return X[~np.all(np.isnan(X), axis=1)]


def loglik_grad(X, mu, S):
    """Observed-data log-likelihood, d/dmu and d/dSigma (symmetric matrix G with dl = tr(G dSigma))."""
    n, d = X.shape
    ll = 0.0
    gmu = np.zeros(d)
    G = np.zeros((d, d))
    for i in range(n):
        o = ~np.isnan(X[i])
        r = X[i, o] - mu[o]
        So = S[np.ix_(o, o)]
        Si = np.linalg.inv(So)
        sign, logdet = np.linalg.slogdet(So)
        if sign <= 0:
            return -np.inf, None, None
        w = Si @ r
        ll += -0.5 * (o.sum() * np.log(2 * np.pi) + logdet + r @ w)
        gmu[o] += w
        G[np.ix_(o, o)] += 0.5 * (np.outer(w, w) - Si)
    return ll, gmu, G


def vech_index(d):
    return [(j, l) for j in range(d) for l in range(j + 1)]


def fit(cols):
    return fit_matrix(load(cols), cols)


def fit_matrix(X, cols):
    """Direct MLE for an n x d array with NaN = missing (also used by reliability_peers.py)."""
    n, d = X.shape
    m = np.nanmean(X, axis=0)
    s = np.nanstd(X, axis=0)
    Z = (X - m) / s
    idx = vech_index(d)

    def unpack_chol(z):
        mu = z[:d]
        L = np.zeros((d, d))
        for t, (j, l) in enumerate(idx):
            L[j, l] = np.exp(z[d + t]) if j == l else z[d + t]
        return mu, L

    def f(z):
        mu, L = unpack_chol(z)
        ll, gmu, G = loglik_grad(Z, mu, L @ L.T)
        gL = 2 * G @ L
        g = np.concatenate([gmu, [gL[j, l] * (L[j, j] if j == l else 1.0) for (j, l) in idx]])
        return -ll, -g

    z0 = np.zeros(d + len(idx))
    r = minimize(f, z0, jac=True, method="BFGS", options={"gtol": 1e-11, "maxiter": 10000})
    mu, L = unpack_chol(r.x)
    S = L @ L.T

    def theta_of(mu, S):
        return np.concatenate([mu, [S[j, l] for (j, l) in idx]])

    def unpack_theta(th):
        mu = th[:d]
        S = np.zeros((d, d))
        for t, (j, l) in enumerate(idx):
            S[j, l] = S[l, j] = th[d + t]
        return mu, S

    def grad_theta(th):
        mu, S = unpack_theta(th)
        _, gmu, G = loglik_grad(Z, mu, S)
        return np.concatenate([gmu, [G[j, l] * (1.0 if j == l else 2.0) for (j, l) in idx]])

    def hessian(th, h=1e-5):
        p = len(th)
        H = np.zeros((p, p))
        for a in range(p):
            e = np.zeros(p)
            e[a] = h
            H[:, a] = (grad_theta(th + e) - grad_theta(th - e)) / (2 * h)
        return 0.5 * (H + H.T)

    th = theta_of(mu, S)
    for _ in range(5):  # Newton polish: quadratic convergence from the BFGS point
        th = th - np.linalg.solve(hessian(th), grad_theta(th))
    gnorm = float(np.max(np.abs(grad_theta(th))))
    H = hessian(th)
    V = np.linalg.inv(-H)
    mu, S = unpack_theta(th)
    ll, _, _ = loglik_grad(Z, mu, S)
    # Back to the original scale: x = m + s z.
    mean = m + s * mu
    cov = S * np.outer(s, s)
    nobs = (~np.isnan(X)).sum(axis=0)
    ll_x = ll - float(np.sum(nobs * np.log(s)))
    se_mean = s * np.sqrt(np.diag(V)[:d])
    se_cov = np.zeros((d, d))
    for t, (j, l) in enumerate(idx):
        se_cov[j, l] = se_cov[l, j] = s[j] * s[l] * np.sqrt(V[d + t, d + t])
    return {
        "columns": cols,
        "n": int(n),
        "logLikelihood": ll_x,
        "mean": mean.tolist(),
        "covariance": cov.tolist(),
        "seMean": se_mean.tolist(),
        "seCovariance": se_cov.tolist(),
        "maxAbsGradientStandardisedScale": gnorm,
    }


def main():
    out = {
        "ozone_solar": fit(["ozone", "solar_r"]),
        "ozone_solar_wind_temp": fit(["ozone", "solar_r", "wind", "temp"]),
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
