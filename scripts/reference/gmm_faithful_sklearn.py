"""Reference values for lib/test/mixture/fit-sklearn.test.ts.

Fits scikit-learn's GaussianMixture to Old Faithful (data/faithful.csv, both columns, raw units) for
the four covariance types from ONE fixed initialisation (weights_init, means_init, precisions_init),
with reg_covar=0, and records the parameters after 1, 2, 5, 10 and 20 EM iterations (max_iter=t) and
at convergence (tol=1e-14 on the per-sample lower bound, max_iter=100000), plus the total
log-likelihood score(X) * n at those parameters. Covariances are written as k full d x d matrices
for every type (sklearn stores tied as d x d, diag as k x d, spherical as k).

Run:  /tmp/refvenv-gmm/bin/python scripts/reference/gmm_faithful_sklearn.py
(venv: numpy==2.4.6 scipy==1.17.1 scikit-learn==1.9.1)
"""
import json
import pathlib
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

ROOT = pathlib.Path(__file__).resolve().parents[2]
X = np.loadtxt(ROOT / "data" / "faithful.csv", delimiter=",", skiprows=1)
n, d = X.shape
k = 2

# A deliberately rough start (far from the MLE, so that EM takes many iterations).
INIT = {
    "weights": [0.5, 0.5],
    "means": [[2.5, 60.0], [4.0, 75.0]],
    "covariances": {
        "full": [[[0.3, 1.0], [1.0, 30.0]], [[0.4, 0.5], [0.5, 40.0]]],
        "tied": [[0.35, 0.8], [0.8, 35.0]],
        "diag": [[0.3, 30.0], [0.4, 40.0]],
        "spherical": [5.0, 10.0],
    },
}


def precisions(cov_type, cov):
    c = np.asarray(cov, dtype=float)
    if cov_type == "full":
        return np.array([np.linalg.inv(m) for m in c])
    if cov_type == "tied":
        return np.linalg.inv(c)
    return 1.0 / c


def full_covariances(gm):
    c = gm.covariances_
    if gm.covariance_type == "full":
        return c
    if gm.covariance_type == "tied":
        return np.array([c] * k)
    if gm.covariance_type == "diag":
        return np.array([np.diag(v) for v in c])
    return np.array([v * np.eye(d) for v in c])


def fit(cov_type, max_iter, tol):
    gm = GaussianMixture(
        n_components=k,
        covariance_type=cov_type,
        tol=tol,
        reg_covar=0.0,
        max_iter=max_iter,
        n_init=1,
        weights_init=INIT["weights"],
        means_init=INIT["means"],
        precisions_init=precisions(cov_type, INIT["covariances"][cov_type]),
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm.fit(X)
    return {
        "maxIter": max_iter,
        "nIter": int(gm.n_iter_),
        "converged": bool(gm.converged_),
        "weights": gm.weights_.tolist(),
        "means": gm.means_.tolist(),
        "covariances": full_covariances(gm).tolist(),
        "logLikelihood": float(gm.score(X) * n),
        "lowerBoundPerSample": float(gm.lower_bound_),
    }


out = {
    "description": "sklearn GaussianMixture on data/faithful.csv (eruptions, waiting), k=2, reg_covar=0, fixed init; see scripts/reference/gmm_faithful_sklearn.py",
    "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__},
    "n": n,
    "d": d,
    "k": k,
    "init": INIT,
    "types": {},
}
for cov_type in ["full", "tied", "diag", "spherical"]:
    steps = [fit(cov_type, t, 0.0) for t in [1, 2, 5, 10, 20]]
    final = fit(cov_type, 100000, 1e-14)
    out["types"][cov_type] = {"steps": steps, "final": final}
    print(cov_type, final["nIter"], final["converged"], final["logLikelihood"])

path = ROOT / "lib" / "test" / "mixture" / "reference" / "faithful_sklearn.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print("wrote", path)
