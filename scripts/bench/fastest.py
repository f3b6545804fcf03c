"""Shared by the Python benchmark workers (gmm_sklearn.py, hmm_pomegranate.py), as fastest.mjs for
the mlem workers: a fit of 1 iteration and one of `iters`, each timed `repeats` times (alternating),
the fastest kept. time_fit(max_iter) returns (seconds, result); returns (seconds one, seconds many,
the result of the fastest long fit)."""


def fastest_pair(time_fit, iters, repeats):
    one = many = float("inf")
    result = None
    for _ in range(repeats):
        one = min(one, time_fit(1)[0])
        seconds, r = time_fit(iters)
        if seconds < many:
            many, result = seconds, r
    return one, many, result
