"""Reference values for lib/test/distributions/*.test.ts (maximum-likelihood fits and standard errors).

Run:  python scripts/reference/distributions_reference.py   (prints JSON)
Versions used for the numbers pasted in the tests: Python 3, numpy 2.4.6, scipy 1.17.1, statsmodels 0.15.0.

Every numerical MLE is computed twice: with scipy.stats.<dist>.fit (loc fixed at 0 where relevant) and by
solving the score equation with a bracketing root finder (brentq, xtol 1e-15) or a tight BFGS/Newton
polish; the JSON reports the root-found value and the relative gap to scipy's fit. Standard errors are
sqrt(diag(inverse observed information)), the observed information being the analytic negative Hessian of the
log-likelihood at the MLE (formulas below), cross-checked against statsmodels' GenericLikelihoodModel
(finite-difference Hessian) where noted.
"""
import json
import os
import sys

import numpy as np
import scipy
import scipy.optimize as so
import scipy.special as sp
import scipy.stats as st

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data")


def col(name, column):
    import csv
    with open(os.path.join(DATA, name)) as f:
        return np.array([float(r[column]) for r in csv.DictReader(f)])


def se_from_hessian(H):
    cov = np.linalg.inv(-np.asarray(H, dtype=float))
    return np.sqrt(np.diag(cov)).tolist(), cov.tolist()


out = {"versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__}}

# ---------------------------------------------------------------- rivers: Gamma(shape k, scale theta), loc = 0
x = col("rivers.csv", "length_miles")
n = len(x)
s = np.log(x.mean()) - np.log(x).mean()
k = so.brentq(lambda a: np.log(a) - sp.digamma(a) - s, 1e-3, 1e3, xtol=1e-15, rtol=4 * np.finfo(float).eps)
theta = x.mean() / k
a_sc, _, scale_sc = st.gamma.fit(x, floc=0)
ll = st.gamma.logpdf(x, k, scale=theta).sum()
# l = (k-1) sum log x - sum x / theta - n k log theta - n lgamma(k)
H = [[-n * sp.polygamma(1, k), -n / theta],
     [-n / theta, n * k / theta**2 - 2 * x.sum() / theta**3]]
se, cov = se_from_hessian(H)
out["gamma_rivers"] = {"shape": k, "scale": theta, "logLik": ll, "se": {"shape": se[0], "scale": se[1]},
                       "cov": cov, "scipy_fit_relgap": [abs(a_sc / k - 1), abs(scale_sc / theta - 1)]}

# ---------------------------------------------------------------- rivers: Weibull(shape k, scale lam), loc = 0
lx = np.log(x)


def weibull_profile(kk):
    t = lx - lx.max()          # shift for overflow safety; the equation is shift-invariant
    w = np.exp(kk * t)
    return (w * t).sum() / w.sum() - 1 / kk - t.mean()


kw = so.brentq(weibull_profile, 0.05, 50, xtol=1e-15, rtol=4 * np.finfo(float).eps)
lam = np.mean(x**kw) ** (1 / kw)
c_sc, _, sc_sc = st.weibull_min.fit(x, 1.0, floc=0, scale=lam)  # start near the optimum: default fit is loose
llw = st.weibull_min.logpdf(x, kw, scale=lam).sum()
z = (x / lam) ** kw
L = np.log(x / lam)
Hw = [[-n / kw**2 - (z * L * L).sum(), -n / lam + z.sum() / lam + kw / lam * (z * L).sum()],
      [0, n * kw / lam**2 - kw * (kw + 1) / lam**2 * z.sum()]]
Hw[1][0] = Hw[0][1]
sew, covw = se_from_hessian(Hw)
out["weibull_rivers"] = {"shape": kw, "scale": lam, "logLik": llw, "se": {"shape": sew[0], "scale": sew[1]},
                         "cov": covw, "scipy_fit_relgap": [abs(c_sc / kw - 1), abs(sc_sc / lam - 1)]}

# ---------------------------------------------------------------- rivers: LogNormal(meanlog, sdlog), loc = 0
s_ln, _, scale_ln = st.lognorm.fit(x, floc=0)
mu = lx.mean()
sig = np.sqrt(((lx - mu) ** 2).mean())
out["lognormal_rivers"] = {"meanlog": mu, "sdlog": sig, "logLik": st.lognorm.logpdf(x, sig, scale=np.exp(mu)).sum(),
                           "se": {"meanlog": sig / np.sqrt(n), "sdlog": sig / np.sqrt(2 * n)},
                           "scipy_fit_relgap": [abs(np.log(scale_ln) / mu - 1), abs(s_ln / sig - 1)]}

# ---------------------------------------------------------------- rivers: Exponential(rate) and Normal
out["exponential_rivers"] = {"rate": 1 / x.mean(), "logLik": st.expon.logpdf(x, scale=x.mean()).sum()}
sd = np.sqrt(((x - x.mean()) ** 2).mean())
out["normal_rivers"] = {"mean": x.mean(), "sd": sd, "logLik": st.norm.logpdf(x, x.mean(), sd).sum()}

# ---------------------------------------------------------------- discoveries: Poisson(rate), NegativeBinomial(r, p)
c = col("discoveries.csv", "count")
m = len(c)
lam_p = c.mean()
out["poisson_discoveries"] = {"rate": lam_p, "se": np.sqrt(lam_p / m), "logLik": st.poisson.logpmf(c, lam_p).sum()}


def nb_profile(logr):
    r = np.exp(logr)
    return (sp.digamma(c + r)).sum() - m * sp.digamma(r) + m * np.log(r / (r + c.mean()))


lr = so.brentq(nb_profile, np.log(1e-2), np.log(1e4), xtol=1e-15, rtol=4 * np.finfo(float).eps)
r = np.exp(lr)
p = r / (r + c.mean())
Hn = [[(sp.polygamma(1, c + r)).sum() - m * sp.polygamma(1, r), m / p],
      [m / p, -m * r / p**2 - c.sum() / (1 - p) ** 2]]
sen, covn = se_from_hessian(Hn)
# cross-check with a direct scipy optimisation of the full likelihood
res = so.minimize(lambda th: -st.nbinom.logpmf(c, np.exp(th[0]), 1 / (1 + np.exp(-th[1]))).sum(),
                  [0.0, 0.0], method="BFGS", options={"gtol": 1e-10})
out["negbin_discoveries"] = {"r": r, "p": p, "logLik": st.nbinom.logpmf(c, r, p).sum(),
                             "se": {"r": sen[0], "p": sen[1]},
                             "bfgs_relgap": [abs(np.exp(res.x[0]) / r - 1), abs(1 / (1 + np.exp(-res.x[1])) / p - 1)]}

# ---------------------------------------------------------------- rivers: StudentT(location, scale, df); precip: Cauchy
y = col("precip.csv", "inches")


def polish(nll, th0):
    """Nelder-Mead then BFGS to a ~1e-9 gradient (on log scales for positive parameters)."""
    r1 = so.minimize(nll, th0, method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 20000, "maxfev": 40000})
    r2 = so.minimize(nll, r1.x, method="BFGS", options={"gtol": 1e-9})
    return r2.x


from scipy.differentiate import hessian as sd_hessian



def t_grad_hess(P, data):
    """Analytic score and Hessian of the Student-t log-likelihood in (location, scale, df)."""
    mu_, s_, nu = P
    u_ = (data - mu_) / s_
    w = nu + u_ * u_
    g = np.array([
        ((nu + 1) * u_ / (s_ * w)).sum(),
        (-1 / s_ + (nu + 1) * u_**2 / (s_ * w)).sum(),
        (0.5 * sp.digamma((nu + 1) / 2) - 0.5 * sp.digamma(nu / 2) - 1 / (2 * nu)
         - 0.5 * np.log1p(u_**2 / nu) + (nu + 1) * u_**2 / (2 * nu * w)).sum(),
    ])
    c2 = 0.25 * sp.polygamma(1, (nu + 1) / 2) - 0.25 * sp.polygamma(1, nu / 2) + 1 / (2 * nu**2)
    Hm = np.zeros((3, 3))
    Hm[0, 0] = (-(nu + 1) / s_**2 * (nu - u_**2) / w**2).sum()
    Hm[0, 1] = (-(nu + 1) * u_ * 2 * nu / (s_**2 * w**2)).sum()
    Hm[0, 2] = (u_ * (u_**2 - 1) / (s_ * w**2)).sum()
    Hm[1, 1] = (1 / s_**2 - (nu + 1) / s_**2 * (2 * nu * u_**2 / w**2 + u_**2 / w)).sum()
    Hm[1, 2] = (u_**2 * (u_**2 - 1) / (s_ * w**2)).sum()
    Hm[2, 2] = (c2 - (1 / w - 1 / nu) + (nu + 1) / 2 * (1 / w**2 - 1 / nu**2)).sum()
    Hm = Hm + np.triu(Hm, 1).T
    return g, Hm


t_nll = lambda th: -st.t.logpdf(x, np.exp(th[2]), loc=th[0], scale=np.exp(th[1])).sum()
th = polish(t_nll, [np.median(x), np.log(np.std(x) / 2), np.log(3.0)])
nat = np.array([th[0], np.exp(th[1]), np.exp(th[2])])
for _ in range(20):  # Newton polish with the analytic score and Hessian
    g, Hm = t_grad_hess(nat, x)
    nat = nat - np.linalg.solve(Hm, g)
g, Ht = t_grad_hess(nat, x)
df_sc, loc_sc, scale_t_sc = st.t.fit(x, nat[2], loc=nat[0], scale=nat[1])
set_, _ = se_from_hessian(Ht)
# cross-check of the analytic Hessian with scipy.differentiate.hessian (relative coordinates Q = P / nat)
t_ll_rel = lambda Q: st.t.logpdf(x, Q[2][..., None] * nat[2], loc=Q[0][..., None] * nat[0],
                                 scale=Q[1][..., None] * nat[1]).sum(axis=-1)
Hnum = sd_hessian(t_ll_rel, np.ones(3), initial_step=1e-2).ddf / np.outer(nat, nat)
out["studentt_rivers"] = {"location": nat[0], "scale": nat[1], "df": nat[2],
                          "logLik": st.t.logpdf(x, nat[2], loc=nat[0], scale=nat[1]).sum(),
                          "se": {"location": set_[0], "scale": set_[1], "df": set_[2]},
                          "score_at_mle": g.tolist(),
                          "analytic_vs_numeric_hessian_maxrel": float(np.max(np.abs(Hnum / Ht - 1))),
                          "scipy_fit_relgap": [abs(loc_sc / nat[0] - 1), abs(scale_t_sc / nat[1] - 1), abs(df_sc / nat[2] - 1)]}

c_nll = lambda th: -st.cauchy.logpdf(y, loc=th[0], scale=np.exp(th[1])).sum()
thc = polish(c_nll, [np.median(y), np.log(np.subtract(*np.percentile(y, [75, 25])) / 2)])
for _ in range(20):  # Newton polish: Cauchy = Student t with df = 1 held fixed
    g, Hm = t_grad_hess(np.array([thc[0], np.exp(thc[1]), 1.0]), y)
    step = np.linalg.solve(Hm[:2, :2], g[:2])
    thc = np.array([thc[0] - step[0], np.log(np.exp(thc[1]) - step[1])])
loc_c, scale_c = st.cauchy.fit(y, loc=thc[0], scale=np.exp(thc[1]))
# Cauchy observed information, analytic: u = (y - mu)/s
u = (y - thc[0]) / np.exp(thc[1])
sc = np.exp(thc[1])
d = 1 + u * u
Hc = [[(2 * (1 - u * u) / d**2).sum() * -1 / sc**2, (-4 * u / d**2).sum() / sc**2],
      [0, len(y) / sc**2 - (2 * u * u * (3 + u * u) / d**2).sum() / sc**2]]
# derivation: dl/dmu = sum 2u/(s d); dl/ds = -n/s + sum 2u^2/(s d)
# d2l/dmu2 = -(2/s^2) sum (1-u^2)/d^2 ; d2l/dmu ds = -(4/s^2) sum u/d^2 ; d2l/ds2 = n/s^2 - (2/s^2) sum u^2 (3+u^2)/d^2
Hc[1][0] = Hc[0][1]
sec, _ = se_from_hessian(Hc)
out["cauchy_precip"] = {"location": thc[0], "scale": sc, "score_at_mle": g[:2].tolist(),
                        "analytic_hessian_t_vs_cauchy_maxrel": float(np.max(np.abs(np.array(Hc) / Hm[:2, :2] - 1))), "logLik": -c_nll(thc), "se": {"location": sec[0], "scale": sec[1]},
                        "scipy_fit_relgap": [abs(loc_c / thc[0] - 1), abs(scale_c / sc - 1)]}

# ---------------------------------------------------------------- Beta(alpha, beta) on a small fixed sample
b = np.array([0.12, 0.45, 0.33, 0.81, 0.56, 0.27, 0.64, 0.39, 0.72, 0.18, 0.5, 0.41])
g1, g2 = np.log(b).mean(), np.log1p(-b).mean()


def beta_score(ab):
    a_, b_ = ab
    return [sp.digamma(a_ + b_) - sp.digamma(a_) + g1, sp.digamma(a_ + b_) - sp.digamma(b_) + g2]


ab = so.fsolve(beta_score, [2.0, 2.0], xtol=1e-15)
a_b, b_b, _, _ = st.beta.fit(b, floc=0, fscale=1)
nb_ = len(b)
t1 = sp.polygamma(1, ab.sum())
Hb = [[nb_ * (t1 - sp.polygamma(1, ab[0])), nb_ * t1], [nb_ * t1, nb_ * (t1 - sp.polygamma(1, ab[1]))]]
seb, _ = se_from_hessian(Hb)
out["beta_small"] = {"data": b.tolist(), "alpha": ab[0], "beta": ab[1], "logLik": st.beta.logpdf(b, ab[0], ab[1]).sum(),
                     "se": {"alpha": seb[0], "beta": seb[1]}, "scipy_fit_relgap": [abs(a_b / ab[0] - 1), abs(b_b / ab[1] - 1)]}

# ---------------------------------------------------------------- statsmodels cross-check of the Gamma/Weibull SEs
try:
    import statsmodels
    from statsmodels.base.model import GenericLikelihoodModel

    class G(GenericLikelihoodModel):
        def loglike(self, params):
            return st.gamma.logpdf(self.endog, params[0], scale=params[1]).sum()

    class W(GenericLikelihoodModel):
        def loglike(self, params):
            return st.weibull_min.logpdf(self.endog, params[0], scale=params[1]).sum()

    rg = G(x, exog=np.ones_like(x)).fit(start_params=[k, theta], method="nm", maxiter=0, disp=0)
    rw = W(x, exog=np.ones_like(x)).fit(start_params=[kw, lam], method="nm", maxiter=0, disp=0)
    H_g = rg.model.hessian(np.array([k, theta]))
    H_w = rw.model.hessian(np.array([kw, lam]))
    out["versions"]["statsmodels"] = statsmodels.__version__
    out["statsmodels_check"] = {"gamma_se": se_from_hessian(H_g)[0], "weibull_se": se_from_hessian(H_w)[0]}
except Exception as e:  # pragma: no cover
    out["statsmodels_check"] = {"error": str(e)}


def clean(o):
    if isinstance(o, dict):
        return {k_: clean(v) for k_, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [clean(v) for v in o]
    if isinstance(o, (np.floating, np.integer)):
        return o.item()
    return o


print(json.dumps(clean(out), indent=1))
