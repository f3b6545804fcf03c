// Shared by the benchmark workers (gmm-mlem.mjs, hmm-mlem.mjs): the two timings of a worker, a fit
// of 1 iteration and one of `iterations`, each taken `repeats` times (alternating) keeping the fastest.
// `timeFit(maxIter)` returns { seconds, fit }. The Python workers use fastest.py, the same loop.
export function fastestPair(timeFit, iterations, repeats) {
  let one = { seconds: Infinity };
  let many = { seconds: Infinity };
  for (let r = 0; r < repeats; r++) {
    const a = timeFit(1);
    if (a.seconds < one.seconds) one = a;
    const b = timeFit(iterations);
    if (b.seconds < many.seconds) many = b;
  }
  return { one, many };
}
