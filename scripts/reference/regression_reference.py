"""Reference numbers for lib/test/regression, lib/test/inference and lib/test/optim (mlem).

Run with numpy 2.4.6, scipy 1.17.1, statsmodels 0.15.0, pandas:
    python scripts/reference/regression_reference.py > /tmp/regression_reference.json
Prints one JSON object; the tests paste these numbers (repr, full double precision).

Contents
- logistic regression (statsmodels Logit, intercept added with add_constant):
    mtcars  am ~ wt                 (data/mtcars.csv)
    challenger  distress ~ temp_f   (data/challenger.csv; published a = 15.043, b = -0.2322)
- Poisson regression (statsmodels GLM, family Poisson, log link):
    discoveries  count ~ year       (data/discoveries.csv: trend in the yearly number of great discoveries)
    challenger   n_distress ~ temp_f with offset log(6)  (rate of distressed O-rings per field joint: each flight has 6)
- scipy.stats.chi2.sf / chi2.ppf / norm.ppf / norm.cdf / scipy.special.gammainc values
- profile-likelihood intervals computed independently here by brentq:
    exponential rate (closed-form profile), Poisson mean (closed form),
    logistic slope of am ~ wt with the intercept re-maximised (statsmodels GLM with offset).
"""
import json
import os

import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import optimize, special, stats

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "data")


def f(a):
    return [float(v) for v in np.asarray(a).ravel()]


def logit_fit(y, x):
    X = sm.add_constant(np.asarray(x, dtype=float))
    r = sm.Logit(np.asarray(y, dtype=float), X).fit(method="newton", tol=1e-14, maxiter=200, disp=0)
    return {
        "params": f(r.params), "bse": f(r.bse), "zvalues": f(r.tvalues), "pvalues": f(r.pvalues),
        "llf": float(r.llf), "llnull": float(r.llnull), "aic": float(r.aic),
        "deviance": float(-2 * r.llf), "null_deviance": float(-2 * r.llnull),
    }


def poisson_fit(y, x, offset=None):
    X = sm.add_constant(np.asarray(x, dtype=float))
    r = sm.GLM(np.asarray(y, dtype=float), X, family=sm.families.Poisson(), offset=offset).fit(tol=1e-14, maxiter=200)
    return {
        "params": f(r.params), "bse": f(r.bse), "zvalues": f(r.tvalues), "pvalues": f(r.pvalues),
        "llf": float(r.llf), "aic": float(r.aic), "deviance": float(r.deviance), "null_deviance": float(r.null_deviance),
    }


out = {"versions": {"numpy": np.__version__, "scipy": scipy.__version__, "statsmodels": statsmodels.__version__}}

mt = pd.read_csv(os.path.join(DATA, "mtcars.csv"))
ch = pd.read_csv(os.path.join(DATA, "challenger.csv"))
disc = pd.read_csv(os.path.join(DATA, "discoveries.csv"))

out["logit_mtcars_am_wt"] = logit_fit(mt["am"], mt["wt"])
out["logit_challenger"] = logit_fit(ch["distress"], ch["temp_f"])
out["poisson_discoveries_year"] = poisson_fit(disc["count"], disc["year"])
out["poisson_challenger_offset"] = poisson_fit(ch["n_distress"], ch["temp_f"], offset=np.full(len(ch), np.log(6.0)))

# Distribution functions.
chi_cases = [(0.5, 1), (3.841458820694124, 1), (10.0, 1), (50.0, 1), (1.0, 2), (5.99, 2), (0.1, 3), (7.81, 3),
             (20.0, 5), (100.0, 10), (3.0, 0.5), (150.0, 100), (60.0, 100)]
out["chi2_sf"] = [{"x": x, "df": df, "sf": float(stats.chi2.sf(x, df)), "cdf": float(stats.chi2.cdf(x, df))} for x, df in chi_cases]
out["chi2_ppf"] = [{"p": p, "df": df, "q": float(stats.chi2.ppf(p, df))}
                   for p, df in [(0.95, 1), (0.99, 1), (0.5, 1), (0.95, 2), (0.95, 5), (0.01, 3), (0.999, 10), (0.9, 0.5)]]
out["norm_ppf"] = [{"p": p, "q": float(stats.norm.ppf(p))} for p in [1e-10, 1e-4, 0.01, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999, 1 - 1e-9]]
out["norm_cdf"] = [{"x": x, "cdf": float(stats.norm.cdf(x)), "sf": float(stats.norm.sf(x))} for x in [-8.0, -3.0, -1.0, 0.0, 0.5, 1.959963984540054, 6.0]]
out["gammainc"] = [{"a": a, "x": x, "P": float(special.gammainc(a, x)), "Q": float(special.gammaincc(a, x))}
                   for a, x in [(0.5, 0.1), (1.0, 2.0), (2.5, 1.0), (5.0, 10.0), (10.0, 3.0), (30.0, 35.0), (0.1, 5.0)]]

# Profile likelihood intervals (95%): cutoff = max loglik - chi2.ppf(0.95, 1)/2.
q = float(stats.chi2.ppf(0.95, 1))
# Exponential rate: n = 10, sum x = 5 -> lambda_hat = 2; l(lambda) = n log lambda - s lambda.
n, s = 10, 5.0
ll = lambda lam: n * np.log(lam) - s * lam
lhat = n / s
g = lambda lam: ll(lam) - (ll(lhat) - q / 2)
out["profile_exponential"] = {"n": n, "sum": s, "lower": optimize.brentq(g, 1e-9, lhat, xtol=1e-14),
                              "upper": optimize.brentq(g, lhat, 100.0, xtol=1e-14)}
# Poisson mean: n = 8 counts with sum 3 -> mu_hat = 3/8 (skewed: few events).
n, s = 8, 3.0
ll = lambda mu: s * np.log(mu) - n * mu
mhat = s / n
g = lambda mu: ll(mu) - (ll(mhat) - q / 2)
out["profile_poisson"] = {"n": n, "sum": s, "lower": optimize.brentq(g, 1e-12, mhat, xtol=1e-15),
                          "upper": optimize.brentq(g, mhat, 100.0, xtol=1e-14)}
# Logistic slope of am ~ wt, intercept profiled out: fit intercept-only GLM with offset b * wt.
y = mt["am"].to_numpy(float)
w = mt["wt"].to_numpy(float)
llhat = out["logit_mtcars_am_wt"]["llf"]


def prof(b):
    r = sm.GLM(y, np.ones((len(y), 1)), family=sm.families.Binomial(), offset=b * w).fit(tol=1e-14, maxiter=200)
    return float(r.llf)


bhat = out["logit_mtcars_am_wt"]["params"][1]
g = lambda b: prof(b) - (llhat - q / 2)
out["profile_logit_wt"] = {"lower": optimize.brentq(g, bhat - 20, bhat, xtol=1e-12),
                           "upper": optimize.brentq(g, bhat, bhat + 3.5, xtol=1e-12)}

print(json.dumps(out, indent=1))
