"""Reference numbers for lib/test/mixture/bayesian.test.ts (mlem's fitBayesianGaussianMixture).

Run with scikit-learn 1.9.1, numpy 2.4.6, scipy 1.17.1 (the /tmp/refvenv environment):
    /tmp/refvenv/bin/python scripts/reference/bgmm_sklearn.py > lib/test/mixture/reference/bgmm_sklearn.json

scikit-learn's BayesianGaussianMixture on data/faithful.csv (eruptions, waiting; k = 5) and
data/iris.csv (the four measurements; k = 6), for the four covariance types and both weight
concentration prior types, from fixed initial responsibilities (stored in the output), so that mlem
can start from the same place. One patch: `_initialize_parameters` calls `_initialize(X, resp)`
with those responsibilities instead of computing them from k-means.

- "fixed": default priors and reg_covar, tol = 0 (never converges: exactly max_iter = 100 E/M
  iterations), the expected weights (weights_), means_, covariances_ and the variational
  parameters after them;
- "custom": the same with every prior given (faithful, full and diag, both prior types);
- "converged": reg_covar = 0, tol = 1e-10, max_iter = 20000 (faithful, all types, both priors): the
  final lower_bound_, which drops constants; the test checks mlem's full ELBO against it and the
  closed-form constant (see fitBayesianGaussianMixture's documentation).
Initial responsibilities: r_ik proportional to exp(-||(x_i - c_k) / s||^2 / 2), s the column
standard deviations, c_k the data rows listed in CENTRES.
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
import scipy
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "data")
warnings.simplefilter("ignore", ConvergenceWarning)
CENTRES = {"faithful": [0, 50, 100, 150, 200], "iris": [0, 30, 60, 90, 120, 140]}
TYPES = ["full", "tied", "diag", "spherical"]
PRIORS = ["dirichlet_process", "dirichlet_distribution"]


def responsibilities(X, centres):
    s = X.std(axis=0)
    z = (X[:, None, :] - X[centres][None, :, :]) / s
    lp = -0.5 * np.sum(z * z, axis=2)
    lp -= lp.max(axis=1, keepdims=True)
    r = np.exp(lp)
    return r / r.sum(axis=1, keepdims=True)


class FixedInit(BayesianGaussianMixture):
    resp = None

    def _initialize_parameters(self, X, random_state, xp=None):
        self._initialize(X, self.resp)


def f(a):
    return [float(v) for v in np.asarray(a).ravel()]


def fit(X, resp, cov_type, prior_type, **kw):
    FixedInit.resp = resp
    g = FixedInit(n_components=resp.shape[1], covariance_type=cov_type, weight_concentration_prior_type=prior_type, **kw).fit(X)
    wc = g.weight_concentration_
    return {
        "covariance_type": cov_type, "prior_type": prior_type, "n_iter": int(g.n_iter_), "converged": bool(g.converged_),
        "weights": f(g.weights_), "means": f(g.means_), "covariances": f(g.covariances_),
        "weight_concentration": [f(wc[0]), f(wc[1])] if prior_type == "dirichlet_process" else [f(wc)],
        "mean_precision": f(g.mean_precision_), "degrees_of_freedom": f(np.broadcast_to(g.degrees_of_freedom_, (resp.shape[1],))),
        "lower_bound": float(np.asarray(g.lower_bound_).item()), "lower_bounds_tail": f(g.lower_bounds_[-3:]),
        "predict_proba_head": f(g.predict_proba(X[:3])),
        "priors": {"weight_concentration_prior": float(g.weight_concentration_prior_), "mean_precision_prior": float(g.mean_precision_prior_),
                   "mean_prior": f(g.mean_prior_), "degrees_of_freedom_prior": float(g.degrees_of_freedom_prior_),
                   "covariance_prior": f(g.covariance_prior_)},
    }


out = {"versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__}}
sets = {
    "faithful": pd.read_csv(os.path.join(DATA, "faithful.csv"))[["eruptions", "waiting"]].to_numpy(float),
    "iris": pd.read_csv(os.path.join(DATA, "iris.csv"))[["sepal_length", "sepal_width", "petal_length", "petal_width"]].to_numpy(float),
}
for name, X in sets.items():
    resp = responsibilities(X, CENTRES[name])
    block = {"n": X.shape[0], "d": X.shape[1], "k": resp.shape[1], "centres": CENTRES[name], "resp": f(resp), "fixed": []}
    for prior in PRIORS:
        for t in TYPES:
            block["fixed"].append(fit(X, resp, t, prior, tol=0.0, max_iter=100))
    if name == "faithful":
        custom = dict(weight_concentration_prior=0.05, mean_precision_prior=0.5, mean_prior=[3.0, 70.0], degrees_of_freedom_prior=4.0)
        block["custom"] = []
        for prior in PRIORS:
            block["custom"].append(fit(X, resp, "full", prior, tol=0.0, max_iter=100, covariance_prior=[[0.5, 2.0], [2.0, 40.0]], **custom))
            block["custom"].append(fit(X, resp, "diag", prior, tol=0.0, max_iter=100, covariance_prior=[0.5, 40.0], **custom))
        block["converged"] = []
        for prior in PRIORS:
            for t in TYPES:
                block["converged"].append(fit(X, resp, t, prior, tol=1e-10, max_iter=20000, reg_covar=0.0))
    out[name] = block
print(json.dumps(out, indent=0))
