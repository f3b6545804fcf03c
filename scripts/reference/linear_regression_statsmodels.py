"""Reference numbers for lib/test/regression/linear.test.ts (mlem's linearRegression).

Run with numpy 2.4.6, statsmodels 0.15.0, pandas (the /tmp/refvenv environment):
    /tmp/refvenv/bin/python scripts/reference/linear_regression_statsmodels.py > /tmp/linear_reference.json
Prints one JSON object; the test pastes these numbers (repr, full double precision).

Every fit is statsmodels OLS with its default solver (the pseudo-inverse, by SVD); mlem solves by
QR. Conventions compared:
- bse: classical standard errors with s^2 = RSS / (n - p) (statsmodels `scale`, R's lm);
- llf: the Gaussian log-likelihood at the MLE, sigma^2 = RSS / n;
- aic, bic: statsmodels counts the p regression coefficients only (k = p); mlem counts sigma^2 too
  (p + 1 parameters, as R's AIC(lm) / BIC(lm)), so mlem's aic = statsmodels aic + 2 and
  bic = statsmodels bic + log n;
- rsquared: centred R^2 with an intercept, uncentred (1 - RSS / sum y^2) without (as R).

Cases
- mtcars  mpg ~ wt + hp                       (data/mtcars.csv)
- mtcars  mpg ~ wt + hp + qsec + drat + am    (five covariates)
- mtcars  mpg ~ 0 + wt                        (no intercept: uncentred R^2)
- faithful waiting ~ eruptions                (data/faithful.csv)
"""
import json
import os

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "data")


def f(a):
    return [float(v) for v in np.asarray(a).ravel()]


def ols(y, X, intercept, new_X):
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    new_X = np.asarray(new_X, dtype=float)
    if intercept:
        X = sm.add_constant(X, has_constant="add")
        new_X = sm.add_constant(new_X, has_constant="add")
    r = sm.OLS(np.asarray(y, dtype=float), X).fit()
    return {
        "params": f(r.params), "bse": f(r.bse), "tvalues": f(r.tvalues), "pvalues": f(r.pvalues),
        "llf": float(r.llf), "aic": float(r.aic), "bic": float(r.bic), "nobs": float(r.nobs),
        "rsquared": float(r.rsquared), "rsquared_adj": float(r.rsquared_adj),
        "ssr": float(r.ssr), "scale": float(r.scale), "df_resid": float(r.df_resid),
        "cov_params": f(r.cov_params()), "resid_head": f(r.resid[:5]),
        "predict": f(r.predict(new_X)),
    }


out = {"versions": {"numpy": np.__version__, "statsmodels": statsmodels.__version__, "pandas": pd.__version__}}
mt = pd.read_csv(os.path.join(DATA, "mtcars.csv"))
fa = pd.read_csv(os.path.join(DATA, "faithful.csv"))
out["mtcars_mpg_wt_hp"] = ols(mt["mpg"], mt[["wt", "hp"]], True, [[3.0, 150.0], [2.0, 100.0]])
out["mtcars_mpg_five"] = ols(mt["mpg"], mt[["wt", "hp", "qsec", "drat", "am"]], True, [[3.0, 150.0, 18.0, 3.5, 1.0]])
out["mtcars_mpg_wt_noint"] = ols(mt["mpg"], mt["wt"], False, [[3.0]])
out["faithful_waiting_eruptions"] = ols(fa["waiting"], fa["eruptions"], True, [[2.0], [4.5]])
print(json.dumps(out, indent=1))
