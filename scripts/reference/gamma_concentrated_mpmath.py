"""Exact (60-digit) gamma MLE for concentrated data, for lib/test/reliability/defects.test.ts (mlem, defect 3).

Data: x_i = offset + (i mod 10), i = 0..199, for offset = 1e7, 1e8 and 1.7e9 (every value an exact
double). The MLE solves log k - digamma(k) = log(mean x) - mean(log x), scale = mean/k; the
log-likelihood is summed term by term in 60-digit arithmetic, so nothing cancels.

Run with mpmath 1.2.1 (Debian's python3):
    /usr/bin/python3 scripts/reference/gamma_concentrated_mpmath.py > lib/test/reliability/fixtures/gamma_concentrated.json
"""
import json

import mpmath as mp

mp.mp.dps = 60


def case(offset):
    x = [mp.mpf(offset) + (i % 10) for i in range(200)]
    n = len(x)
    mean = mp.fsum(x) / n
    s = mp.log(mean) - mp.fsum(mp.log(v) for v in x) / n
    k0 = 1 / (2 * s)
    k = mp.findroot(lambda k: mp.log(k) - mp.digamma(k) - s, k0)
    scale = mean / k
    ll = mp.fsum((k - 1) * mp.log(v) - v / scale - k * mp.log(scale) - mp.loggamma(k) for v in x)
    return {"offset": offset, "shape": float(k), "scale": float(scale), "logLikelihood": float(ll)}


print(json.dumps({"mpmath": mp.__version__, "cases": [case(o) for o in (1e7, 1e8, 1.7e9)]}, indent=1))
