"""Reference values for lib/test/reliability/peers.test.ts (mlem): fits on data sets no other test
uses (scikit-learn's wine, breast_cancer, diabetes and digits, exported to data/ by
export_sklearn_datasets.py), by scikit-learn, statsmodels and scipy.

Run with scikit-learn 1.9.1, statsmodels 0.15.0, scipy 1.17.1, numpy 2.4.6, pandas 3.0.6:
    /tmp/refvenv/bin/python scripts/reference/reliability_peers.py > lib/test/reliability/fixtures/peers.json

Contents (every design is built here exactly as the test builds it; "standardised" = (x - mean) / sd
with the population sd, ddof = 0):
- logistic: statsmodels Logit (Newton, intercept by add_constant) on six breast_cancer models with 5-10
  standardised features and one digits model (digit 0 or not, five raw pixels); each with a
  linear-programming check of (quasi-)separation (Konis 2007) by scipy.optimize.linprog: maximise
  sum_i (2y_i - 1) x_i'd subject to (2y_i - 1) x_i'd >= 0 and |d_j| <= 1; separated iff the optimum > 1e-7.
  Separated models have no MLE (statsmodels does not converge); the others record params, bse, llf.
- poisson: statsmodels GLM Poisson, diabetes progression ~ bmi + bp + s5 (raw units).
- missingNormal: diabetes, all ten covariates complete: closed-form MLE (mean, covariance with divisor
  n), its log-likelihood and standard errors sqrt(Sigma_jj / n), sqrt((Sigma_jj Sigma_ll + Sigma_jl^2) / n);
  and bmi, bp, s1, s5 with 15% of the cells deleted completely at random (numpy default_rng(17); the
  deleted (row, column) pairs are listed) by direct maximisation of the observed-data likelihood
  (missing_mvn_direct_mle.fit_matrix: BFGS + Newton polish, SEs from the Hessian).
- gmm: scikit-learn GaussianMixture from one fixed initialisation (the class means, covariances and
  proportions of the given labels), reg_covar = 1e-6, after exactly max_iter EM iterations (tol = 0):
  wine, 13 standardised columns, k = 3 (labels: cultivar), the four covariance types, 25 iterations;
  digits, 64 raw pixel columns (some constant), k = 10 (labels: digit), diag, 10 iterations.
  Recorded: weights, means, covariances (full k x d x d; diag: k x d variances) and the total
  log-likelihood score(X) * n at the final parameters.
- overlapLogistic: the reproducer of defect 2 (issue 17): x_i = -3 + 6i/500, i = 0..500,
  y_i = [x_i + 0.3 sin(37 i) > 0]; statsmodels Logit params, bse, llf (and the LP check: not separated).
- distributions: scipy.stats fits, polished to the exact MLE: gamma (floc = 0) on wine proline,
  weibull_min (floc = 0) on wine magnesium (shape by brentq on the profile equation), lognorm
  (floc = 0) on wine color_intensity, t on wine alcalinity_of_ash (Nelder-Mead, then Newton on a
  numerical gradient), cauchy on diabetes s5; negative binomial on diabetes progression from statsmodels
  NegativeBinomial (intercept only: mu = exp(b0), r = 1/alpha, p = r/(r + mu)). Log-likelihoods from
  scipy's logpdf/logpmf; standard errors from the inverse of statsmodels' approx_hess3 of that
  log-likelihood in the natural parameters.
"""
import importlib.util
import json
import os
import warnings

import numpy as np
import pandas as pd
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
from scipy import optimize, stats
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture
from statsmodels.tools.numdiff import approx_hess3

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data")

spec = importlib.util.spec_from_file_location("missing_mvn_direct_mle", os.path.join(HERE, "missing_mvn_direct_mle.py"))
missing_mvn = importlib.util.module_from_spec(spec)
spec.loader.exec_module(missing_mvn)


def read(name):
    return pd.read_csv(os.path.join(DATA, name))


def standardise(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def separated(X, y):
    """LP check: some d with (2y - 1) x'd >= 0 for all rows, sum > 0 (X includes the intercept)."""
    A = (2 * y - 1)[:, None] * X
    res = optimize.linprog(-A.sum(axis=0), A_ub=-A, b_ub=np.zeros(len(y)), bounds=[(-1, 1)] * X.shape[1], method="highs")
    return bool(res.status == 0 and -res.fun > 1e-7), float(-res.fun)


def logistic(name, X, y, names):
    Xc = sm.add_constant(X, has_constant="add")
    sep, value = separated(Xc, y)
    out = {"name": name, "columns": names, "separated": sep, "lpOptimum": value}
    if sep:
        return out
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = sm.Logit(y, Xc).fit(method="newton", maxiter=200, tol=1e-14, disp=False)
    out.update(converged=bool(r.mle_retvals["converged"]), params=r.params.tolist(), bse=r.bse.tolist(), llf=float(r.llf))
    return out


BREAST_MODELS = [
    ["mean_radius", "mean_texture", "mean_smoothness", "mean_compactness", "mean_symmetry"],
    ["mean_radius", "mean_texture", "mean_perimeter", "mean_area", "mean_smoothness", "mean_compactness",
     "mean_concavity", "mean_concave_points", "mean_symmetry", "mean_fractal_dimension"],
    ["radius_error", "texture_error", "perimeter_error", "area_error", "smoothness_error", "compactness_error",
     "concavity_error", "concave_points_error", "symmetry_error", "fractal_dimension_error"],
    ["worst_radius", "worst_texture", "worst_smoothness", "worst_concavity", "worst_symmetry", "worst_fractal_dimension"],
    ["mean_texture", "mean_area", "mean_smoothness", "mean_concave_points", "mean_symmetry", "area_error", "smoothness_error"],
    ["mean_texture", "worst_area", "worst_smoothness", "mean_concavity", "radius_error", "texture_error",
     "worst_symmetry", "mean_fractal_dimension"],
]
DIGITS_PIXELS = ["pixel_2_2", "pixel_3_3", "pixel_4_4", "pixel_5_5", "pixel_3_4"]


def logistic_cases():
    bc = read("breast_cancer.csv")
    y = bc["benign"].to_numpy(float)
    cases = [logistic(f"breast_cancer_{i + 1}", standardise(bc[cols].to_numpy(float)), y, cols) for i, cols in enumerate(BREAST_MODELS)]
    dg = read("digits.csv")
    cases.append(logistic("digits_zero", dg[DIGITS_PIXELS].to_numpy(float), (dg["digit"] == 0).to_numpy(float), DIGITS_PIXELS))
    return cases


def poisson_case():
    db = read("diabetes.csv")
    cols = ["bmi", "bp", "s5"]
    X = sm.add_constant(db[cols].to_numpy(float))
    r = sm.GLM(db["progression"].to_numpy(float), X, family=sm.families.Poisson()).fit(tol=1e-14, maxiter=200)
    return {"columns": cols, "params": r.params.tolist(), "bse": r.bse.tolist(), "llf": float(r.llf), "deviance": float(r.deviance)}


DIABETES_COVARIATES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
MCAR_COLUMNS = ["bmi", "bp", "s1", "s5"]


def missing_cases():
    db = read("diabetes.csv")
    X = db[DIABETES_COVARIATES].to_numpy(float)
    n, d = X.shape
    mean = X.mean(axis=0)
    R = X - mean
    S = R.T @ R / n
    ll = float(np.sum(stats.multivariate_normal(mean, S).logpdf(X)))
    se_cov = np.sqrt((np.outer(np.diag(S), np.diag(S)) + S ** 2) / n)
    complete = {"columns": DIABETES_COVARIATES, "mean": mean.tolist(), "covariance": S.tolist(), "logLikelihood": ll,
                "seMean": np.sqrt(np.diag(S) / n).tolist(), "seCovariance": se_cov.tolist()}
    Y = db[MCAR_COLUMNS].to_numpy(float)
    rng = np.random.default_rng(17)
    mask = rng.random(Y.shape) < 0.15
    # Keep at least one observed value per row (rows with everything missing carry no information).
    for i in np.where(mask.all(axis=1))[0]:
        mask[i, 0] = False
    Y[mask] = np.nan
    mcar = missing_mvn.fit_matrix(Y, MCAR_COLUMNS)
    mcar["missing"] = [[int(i), int(j)] for i, j in zip(*np.where(mask))]
    return {"complete": complete, "mcar": mcar}


def class_init(X, labels, k, cov_type):
    n, d = X.shape
    weights = np.array([np.mean(labels == c) for c in range(k)])
    means = np.array([X[labels == c].mean(axis=0) for c in range(k)])
    covs = np.array([np.cov(X[labels == c].T, bias=True) + 1e-6 * np.eye(d) for c in range(k)])
    if cov_type == "full":
        cov, prec = covs, np.array([np.linalg.inv(c) for c in covs])
    elif cov_type == "tied":
        tied = sum(weights[c] * covs[c] for c in range(k))
        cov, prec = tied, np.linalg.inv(tied)
    elif cov_type == "diag":
        cov = np.array([np.diag(c) for c in covs])
        prec = 1 / cov
    else:
        cov = np.array([np.mean(np.diag(c)) for c in covs])
        prec = 1 / cov
    return weights, means, cov, prec


def full_covariances(gm, k, d):
    c = gm.covariances_
    if gm.covariance_type == "full":
        return c
    if gm.covariance_type == "tied":
        return np.array([c] * k)
    if gm.covariance_type == "diag":
        return np.array([np.diag(v) for v in c])
    return np.array([v * np.eye(d) for v in c])


def gmm(X, labels, k, cov_type, iterations):
    n, d = X.shape
    weights, means, cov, prec = class_init(X, labels, k, cov_type)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm = GaussianMixture(n_components=k, covariance_type=cov_type, weights_init=weights, means_init=means,
                             precisions_init=prec, reg_covar=1e-6, tol=0.0, max_iter=iterations).fit(X)
    out = {"covarianceType": cov_type, "k": k, "iterations": iterations,
           "init": {"weights": weights.tolist(), "means": means.tolist(), "covariances": cov.tolist()},
           "weights": gm.weights_.tolist(), "means": gm.means_.tolist(), "logLikelihood": float(gm.score(X) * n)}
    if cov_type == "diag":
        out["variances"] = gm.covariances_.tolist()
    else:
        out["covariances"] = full_covariances(gm, k, d).tolist()
    return out


def gmm_cases():
    wine = read("wine.csv")
    Xw = standardise(wine.drop(columns="cultivar").to_numpy(float))
    lw = wine["cultivar"].to_numpy(int)
    cases = {f"wine_{t}": gmm(Xw, lw, 3, t, 25) for t in ["full", "tied", "diag", "spherical"]}
    dg = read("digits.csv")
    cases["digits_diag"] = gmm(dg.drop(columns="digit").to_numpy(float), dg["digit"].to_numpy(int), 10, "diag", 10)
    return cases


def hessian_se(loglik, theta):
    H = approx_hess3(np.asarray(theta, float), loglik)
    return np.sqrt(np.diag(np.linalg.inv(-H))).tolist()


def distribution_cases():
    wine = read("wine.csv")
    db = read("diabetes.csv")
    out = {}
    x = wine["proline"].to_numpy(float)
    a, _, scale = stats.gamma.fit(x, floc=0)
    # Polish the shape on the profile equation log k - digamma(k) = log mean - mean log.
    s = np.log(x.mean()) - np.mean(np.log(x))
    a = optimize.brentq(lambda k: np.log(k) - scipy.special.digamma(k) - s, a / 2, a * 2, xtol=1e-15, rtol=1e-15)
    scale = x.mean() / a
    ll = lambda t: float(np.sum(stats.gamma.logpdf(x, t[0], scale=t[1])))
    out["gamma_proline"] = {"column": "proline", "params": [a, scale], "logLikelihood": ll([a, scale]), "se": hessian_se(ll, [a, scale])}

    x = wine["magnesium"].to_numpy(float)
    lx = np.log(x)

    def profile(k):
        w = np.exp(k * (lx - lx.max()))
        return np.sum(w * lx) / np.sum(w) - 1 / k - lx.mean()

    c0, _, _ = stats.weibull_min.fit(x, floc=0)
    k = optimize.brentq(profile, c0 / 2, c0 * 2, xtol=1e-15, rtol=1e-15)
    lam = np.mean(x ** k) ** (1 / k)
    ll = lambda t: float(np.sum(stats.weibull_min.logpdf(x, t[0], scale=t[1])))
    out["weibull_magnesium"] = {"column": "magnesium", "params": [k, lam], "logLikelihood": ll([k, lam]), "se": hessian_se(ll, [k, lam])}

    x = wine["color_intensity"].to_numpy(float)
    m, sd = np.mean(np.log(x)), np.std(np.log(x))
    ll = lambda t: float(np.sum(stats.lognorm.logpdf(x, t[1], scale=np.exp(t[0]))))
    out["lognormal_color_intensity"] = {"column": "color_intensity", "params": [m, sd], "logLikelihood": ll([m, sd]), "se": hessian_se(ll, [m, sd])}

    x = wine["alcalinity_of_ash"].to_numpy(float)
    df, loc, sc = stats.t.fit(x)
    nll = lambda t: -float(np.sum(stats.t.logpdf(x, t[2], loc=t[0], scale=t[1])))
    r = optimize.minimize(nll, [loc, sc, df], method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 20000})
    theta = r.x
    for _ in range(5):
        g = optimize.approx_fprime(theta, nll, 1e-7)
        H = approx_hess3(theta, nll)
        theta = theta - np.linalg.solve(H, g)
    ll = lambda t: -nll(t)
    out["studentt_alcalinity_of_ash"] = {"column": "alcalinity_of_ash", "params": theta.tolist(), "logLikelihood": ll(theta), "se": hessian_se(ll, theta)}

    x = db["s5"].to_numpy(float)
    loc, sc = stats.cauchy.fit(x)
    nll = lambda t: -float(np.sum(stats.cauchy.logpdf(x, loc=t[0], scale=t[1])))
    theta = optimize.minimize(nll, [loc, sc], method="Nelder-Mead", options={"xatol": 1e-13, "fatol": 1e-14}).x
    ll = lambda t: -nll(t)
    out["cauchy_s5"] = {"column": "s5", "params": theta.tolist(), "logLikelihood": ll(theta), "se": hessian_se(ll, theta)}

    y = db["progression"].to_numpy(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nb = sm.NegativeBinomial(y, np.ones((len(y), 1))).fit(method="newton", maxiter=200, tol=1e-14, disp=False)
    mu, alpha = np.exp(nb.params[0]), nb.params[1]
    r_, p_ = 1 / alpha, (1 / alpha) / (1 / alpha + mu)
    ll = lambda t: float(np.sum(stats.nbinom.logpmf(y, t[0], t[1])))
    out["negbinomial_progression"] = {"column": "progression", "params": [r_, p_], "logLikelihood": ll([r_, p_]), "se": hessian_se(ll, [r_, p_])}
    return out


def overlap_logistic():
    i = np.arange(501)
    x = -3 + 6 * i / 500
    y = (x + 0.3 * np.sin(37 * i) > 0).astype(float)
    return logistic("overlap", x[:, None], y, ["x"])


def main():
    out = {
        "versions": {"scikit-learn": sklearn.__version__, "statsmodels": statsmodels.__version__, "scipy": scipy.__version__, "numpy": np.__version__},
        "logistic": logistic_cases(),
        "overlapLogistic": overlap_logistic(),
        "poisson": poisson_case(),
        "missingNormal": missing_cases(),
        "gmm": gmm_cases(),
        "distributions": distribution_cases(),
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
