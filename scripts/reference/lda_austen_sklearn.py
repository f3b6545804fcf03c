"""Reference numbers for lib/test/models/lda.test.ts (mlem's fitLDA) on the Austen chapter corpus.

Run with scikit-learn 1.9.1, numpy 2.4.6, scipy 1.17.1 (the /tmp/refvenv environment):
    /tmp/refvenv/bin/python scripts/reference/lda_austen_sklearn.py lib/test/models/reference
Writes lda_austen_sklearn.json (settings, ELBO path, score, perplexity, transform) and
lda_austen_sklearn_components.f64 (the final components_, K x V float64 little-endian, row-major)
into the given folder, and prints a summary.

scikit-learn's LatentDirichletAllocation(learning_method="batch"), with three patches, each so that
the run is the algorithm mlem implements, from the same start:
1. the initial components_ (lambda) are set to LAMBDA0 below instead of its Gamma(100, 1/100) draws
   (the test builds the same matrix from the same formula);
2. every E-step starts gamma at 1 (scikit-learn's fit starts each E-step's gamma at Gamma(100, 1/100)
   draws; its transform, score and perplexity already start at 1): `_e_step` is called with
   random_init=False;
3. the digamma function of its Cython helpers (`_dirichlet_expectation_1d/2d`; a truncated
   asymptotic series, "optimized for speed, not accuracy", error ~1e-9 near x = 6) is replaced by
   scipy.special.psi (accurate to ~1e-15), so the comparison measures the algorithm rather than the
   two digamma approximations. `--stock-psi` skips this patch (used to quantify its effect).
Tight inner tolerances: mean_change_tol = 1e-10, max_doc_update_iter = 10000. evaluate_every = 1
records the bound (scikit-learn's `score`, the ELBO) after every iteration; perp_tol = 0 never stops early.
"""
import json
import os
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
import sklearn
from scipy.special import psi
from sklearn.decomposition import LatentDirichletAllocation
from sklearn.decomposition import _lda

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "data")
K = 6
MAX_ITER = 20
DOC_TOL = 1e-10
MAX_DOC_ITER = 10000


def load_counts():
    a = np.loadtxt(os.path.join(DATA, "austen_counts.csv"), delimiter=",", skiprows=1, dtype=np.int64)
    doc, term, cnt = a[:, 0] - 1, a[:, 1] - 1, a[:, 2].astype(float)
    return sp.csr_matrix((cnt, (doc, term)), shape=(doc.max() + 1, 3252))


def lambda0(K, V):
    """The fixed start: 0.9 + 0.2 h / 1008 with h = ((k+1) 2654435761 + (w+1)(k+2) 40503) mod 1009 (exact in doubles)."""
    k = np.arange(K, dtype=np.int64)[:, None]
    w = np.arange(V, dtype=np.int64)[None, :]
    h = ((k + 1) * 2654435761 + (w + 1) * (k + 2) * 40503) % 1009
    return 0.9 + 0.2 * h.astype(float) / 1008


def patch_psi():
    def expectation_1d(doc_topic, prior, out):
        doc_topic += prior
        out[:] = np.exp(psi(doc_topic) - psi(np.sum(doc_topic)))

    _lda.cy_dirichlet_expectation_1d = {"double": expectation_1d, "float": expectation_1d}
    _lda._dirichlet_expectation_2d = lambda arr: psi(arr) - psi(np.sum(arr, axis=1))[:, np.newaxis]


class FixedStartLDA(LatentDirichletAllocation):
    start = None
    bounds = []

    def _init_latent_vars(self, n_features, dtype=np.float64):
        super()._init_latent_vars(n_features, dtype)
        self.components_ = self.start.copy()
        self.exp_dirichlet_component_ = np.exp(_lda._dirichlet_expectation_2d(self.components_))

    def _e_step(self, X, cal_sstats, random_init, parallel=None):
        return super()._e_step(X, cal_sstats, False, parallel)

    def _approx_bound(self, X, doc_topic_distr, sub_sampling):
        b = super()._approx_bound(X, doc_topic_distr, sub_sampling)
        FixedStartLDA.bounds.append(float(b))
        return b


def main():
    out_dir = sys.argv[1]
    stock = "--stock-psi" in sys.argv
    if not stock:
        patch_psi()
    X = load_counts()
    V = X.shape[1]
    start = lambda0(K, V)
    FixedStartLDA.start = start
    settings = dict(n_components=K, learning_method="batch", max_iter=MAX_ITER, evaluate_every=1, perp_tol=0.0,
                    mean_change_tol=DOC_TOL, max_doc_update_iter=MAX_DOC_ITER)
    # The ELBO at the start (iteration 0): a model at LAMBDA0, not fitted.
    m0 = FixedStartLDA(**settings)
    m0._init_latent_vars(V)
    m0.n_features_in_ = V
    FixedStartLDA.bounds = []
    elbo0 = float(m0.score(X))
    FixedStartLDA.bounds = []
    t = time.perf_counter()
    lda = FixedStartLDA(**settings).fit(X)
    seconds = time.perf_counter() - t
    path = [elbo0] + FixedStartLDA.bounds[:MAX_ITER]
    score = float(lda.score(X))
    perplexity = float(lda.perplexity(X))
    transform = lda.transform(X)
    comps = np.ascontiguousarray(lda.components_, dtype="<f8")
    suffix = "_stockpsi" if stock else ""
    comps.tofile(os.path.join(out_dir, f"lda_austen_sklearn{suffix}_components.f64"))
    res = {
        "description": "sklearn LatentDirichletAllocation(batch) on data/austen_counts.csv from LAMBDA0, gamma starting at 1 in every E-step"
                       + ("" if not stock else ", stock Cython digamma") + "; see scripts/reference/lda_austen_sklearn.py",
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        "psi": "stock Cython" if stock else "scipy.special.psi",
        "k": K, "n_docs": int(X.shape[0]), "n_terms": int(V), "n_tokens": float(X.sum()),
        "doc_topic_prior": float(lda.doc_topic_prior_), "topic_word_prior": float(lda.topic_word_prior_),
        "max_iter": MAX_ITER, "mean_change_tol": DOC_TOL, "max_doc_update_iter": MAX_DOC_ITER,
        "elbo_path": path, "score": score, "perplexity": perplexity,
        "transform": [[float(v) for v in row] for row in transform],
        "components_row_sums": [float(v) for v in comps.sum(axis=1)],
        "fit_seconds": seconds,
    }
    with open(os.path.join(out_dir, f"lda_austen_sklearn{suffix}.json"), "w") as fh:
        json.dump(res, fh, indent=0)
    print(json.dumps({k: res[k] for k in ["versions", "psi", "score", "perplexity", "fit_seconds"]}, indent=1))
    print("elbo path", path[:3], "...", path[-2:])


if __name__ == "__main__":
    main()
