"""One LDA benchmark measurement of scikit-learn in a fresh process.

python scripts/bench/lda_sklearn.py <iterations>
LatentDirichletAllocation(learning_method="batch") on the Austen chapters, k = 6, from the same
fixed start LAMBDA0 as scripts/bench/lda-mlem.mjs, every E-step's gamma starting at 1 (the one patch,
as in scripts/reference/lda_austen_sklearn.py; scikit-learn's own psi is kept: this measures its
speed), its default inner settings (mean_change_tol 1e-3, max_doc_update_iter 100), `iterations`
iterations. Prints JSON: wall and CPU seconds of fit, and the final score (the ELBO).
"""

import json
import os
import sys
import time

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import LatentDirichletAllocation
from sklearn.decomposition import _lda

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
K, V = 6, 3252
iters = int(sys.argv[1])
a = np.loadtxt(os.path.join(ROOT, "data", "austen_counts.csv"), delimiter=",", skiprows=1, dtype=np.int64)
X = sp.csr_matrix((a[:, 2].astype(float), (a[:, 0] - 1, a[:, 1] - 1)), shape=(a[:, 0].max(), V))
k = np.arange(K, dtype=np.int64)[:, None]
w = np.arange(V, dtype=np.int64)[None, :]
LAMBDA0 = 0.9 + 0.2 * (((k + 1) * 2654435761 + (w + 1) * (k + 2) * 40503) % 1009).astype(float) / 1008


class FixedStartLDA(LatentDirichletAllocation):
    def _init_latent_vars(self, n_features, dtype=np.float64):
        super()._init_latent_vars(n_features, dtype)
        self.components_ = LAMBDA0.copy()
        self.exp_dirichlet_component_ = np.exp(_lda._dirichlet_expectation_2d(self.components_))

    def _e_step(self, X, cal_sstats, random_init, parallel=None):
        return super()._e_step(X, cal_sstats, False, parallel)


lda = FixedStartLDA(n_components=K, learning_method="batch", max_iter=iters)
t, c = time.perf_counter(), time.process_time()
lda.fit(X)
seconds, cpu = time.perf_counter() - t, time.process_time() - c
print(json.dumps({"library": "scikit-learn", "seconds": seconds, "cpuSeconds": cpu, "iterations": int(lda.n_iter_), "elbo": float(lda.score(X))}))
