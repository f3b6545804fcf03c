"""One benchmark measurement of scikit-learn's GaussianMixture in a fresh process.

python scripts/bench/gmm_sklearn.py <data.f64> <init.json> <covarianceType> <iterations> [repeats]
Same data, same initial parameters (weights_init, means_init, precisions_init) and the same number
of EM iterations (tol=0) as scripts/bench/gmm-mlem.mjs; each timing the fastest of `repeats`
(default 1), as there. Prints JSON like the mlem worker.
"""

import json
import resource
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

from fastest import fastest_pair

data_path, init_path, cov_type, iters = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 1
init = json.load(open(init_path))
n, d, k = init["n"], init["d"], init["k"]
baseline_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
X = np.fromfile(data_path, dtype="<f8").reshape(n, d)
cov = np.array(init["covariances"])  # k full matrices (all equal: the data covariance)
if cov_type == "full":
    precisions = np.array([np.linalg.inv(c) for c in cov])
elif cov_type == "tied":
    precisions = np.linalg.inv(cov[0])
elif cov_type == "diag":
    precisions = np.array([1 / np.diag(c) for c in cov])
else:  # spherical: mlem converts a full matrix to the mean of its diagonal
    precisions = np.array([1 / np.mean(np.diag(c)) for c in cov])
warnings.simplefilter("ignore", ConvergenceWarning)


def time_fit(max_iter):
    gm = GaussianMixture(
        n_components=k,
        covariance_type=cov_type,
        weights_init=np.array(init["weights"]),
        means_init=np.array(init["means"]),
        precisions_init=precisions,
        # With every parameter given, init_params only costs time: take the cheapest.
        init_params="random_from_data",
        max_iter=max_iter,
        tol=0.0,
        reg_covar=1e-6,
    )
    t = time.perf_counter()
    gm.fit(X)
    return time.perf_counter() - t, gm


time_fit(1)
one, many, gm = fastest_pair(time_fit, iters, repeats)
print(
    json.dumps(
        {
            "library": "scikit-learn",
            "secondsOne": one,
            "secondsMany": many,
            "iterations": int(gm.n_iter_),
            "meanLogLikelihood": float(gm.score(X)),
            "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "baselineRssMB": baseline_rss,
        }
    )
)
