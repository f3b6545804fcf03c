"""One Baum–Welch benchmark measurement of pomegranate 0.14's HiddenMarkovModel in a fresh process.

python3 scripts/bench/hmm_pomegranate.py <data.f64> <init.json> <iterations> [repeats]
Same data and initial parameters as scripts/bench/hmm-mlem.mjs. Plain Baum–Welch: no pseudocounts,
no inertia (edge_inertia = distribution_inertia = 0), min_std = 0, no end state, n_jobs = 1, the
input checked once (multiple_check_input=False, pomegranate's faster path). stop_threshold = -inf,
so the loop runs until max_iterations; pomegranate's loop then makes max_iterations + 1 E-steps
(one more M-step than mlem's maxIter, which costs O(K²)), and the log-likelihood of its last E-step is
that of the parameters after max_iterations M-steps: the same ℓ(θ_I) as mlem's fit.logLikelihood.
Each of the two timings is the fastest of `repeats` (default 1), alternated, as in the mlem worker.
Prints JSON like the mlem worker.
"""

import json
import resource
import sys
import time

import numpy as np
import pomegranate
from pomegranate import HiddenMarkovModel, NormalDistribution, PoissonDistribution

from fastest import fastest_pair

data_path, init_path, iters = sys.argv[1], sys.argv[2], int(sys.argv[3])
repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 1
init = json.load(open(init_path))
k = init["k"]
baseline_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
X = np.fromfile(data_path, dtype="<f8")


def build():
    if init["emission"] == "gaussian":
        dists = [NormalDistribution(m, float(np.sqrt(v)), min_std=0.0) for m, v in zip(init["means"], init["variances"])]
    else:
        dists = [PoissonDistribution(r) for r in init["rates"]]
    return HiddenMarkovModel.from_matrix(np.array(init["transition"]), dists, np.array(init["initial"]))


def time_fit(max_iter):
    model = build()
    t = time.perf_counter()
    _, history = model.fit(
        [X],
        max_iterations=max_iter,
        stop_threshold=float("-inf"),
        algorithm="baum-welch",
        pseudocount=None,
        transition_pseudocount=0,
        emission_pseudocount=0.0,
        use_pseudocount=False,
        inertia=None,
        edge_inertia=0.0,
        distribution_inertia=0.0,
        n_jobs=1,
        multiple_check_input=False,
        return_history=True,
    )
    return time.perf_counter() - t, history


time_fit(min(2, iters) if len(X) >= 100_000 else iters)  # warm-up, as for mlem
one, many, history = fastest_pair(time_fit, iters, repeats)
print(
    json.dumps(
        {
            "library": "pomegranate",
            "version": pomegranate.__version__,
            "secondsOne": one,
            "secondsMany": many,
            "iterations": len(history.log_probabilities),
            "logLikelihood": float(history.log_probabilities[-1]),
            "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "baselineRssMB": baseline_rss,
        }
    )
)
