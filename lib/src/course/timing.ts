/**
 * Timing a function from a notebook cell, for the course's cost comparisons (brute force against
 * the factorised likelihood in 03, the forward algorithm in 08, EM against gradient methods in 06).
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { assertNumber, checkOptions } from "../core/validate.js";

/** Options of {@link secondsPerCall}. */
export interface TimingOptions {
  /** Each measurement calls `fn` repeatedly until at least this many milliseconds have passed (default 10; 0 = one call). */
  minMs?: number;
  /** Number of measurements (default 3). */
  repeats?: number;
  /** Calls before measuring, so that the JIT has compiled `fn` (default 1). */
  warmUps?: number;
  /** Which measurement to report: the fastest ("min", default: the least disturbed on a busy machine) or the "median". */
  summary?: "min" | "median";
  /** The clock, in milliseconds (default `performance.now`); a test passes a fake one. */
  now?: () => number;
}

/** Keeps results alive so that the engine cannot skip calls whose result is unused. */
let sink: unknown;

/**
 * Seconds per call of `fn`: after `warmUps` calls, `repeats` measurements, each calling `fn` until
 * `minMs` milliseconds have passed and dividing by the number of calls; the fastest (or the median)
 * measurement is returned. Short functions get many calls per measurement, so the clock's
 * resolution does not matter; long ones get one.
 * @see notebooks/03-hidden-variables-and-the-marginal.ipynb (brute force vs factorised likelihood)
 * @see notebooks/06-em-versus-direct-mle.ipynb (wall time of EM, gradient ascent and BFGS)
 * @see notebooks/08-hidden-markov-models.ipynb (brute force against the forward algorithm)
 * @example
 * const model: HMM = { initial: [0.5, 0.5], transition: [[0.95, 0.05], [0.1, 0.9]], emissions: { type: "poisson", rates: [1, 6] } };
 * const rolls = [0, 1, 7, 5, 0];
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const s = secondsPerCall(() => hmmLogLikelihood(model, rolls), { minMs: 20 });
 * `${(s * 1e6).toFixed(1)} µs per call`;
 * // the median of 7 single runs, in milliseconds, after 2 warm-ups:
 * const ms = 1000 * secondsPerCall(() => fitGaussianMixture(X, { k: 2 }), { minMs: 0, repeats: 7, warmUps: 2, summary: "median" });
 */
export function secondsPerCall(fn: () => unknown, options: TimingOptions = {}): number {
  const name = "secondsPerCall";
  if (typeof fn !== "function") throw new InvalidInputError(`${name}: fn must be a function of no arguments, got ${typeof fn}.`);
  checkOptions(options, ["minMs", "repeats", "warmUps", "summary", "now"], name);
  const minMs = options.minMs ?? 10;
  const repeats = options.repeats ?? 3;
  const warmUps = options.warmUps ?? 1;
  const summary = options.summary ?? "min";
  const now = options.now ?? (() => performance.now());
  assertNumber(minMs, name, "minMs", { ge: 0 });
  assertNumber(repeats, name, "repeats", { ge: 1, integer: true });
  assertNumber(warmUps, name, "warmUps", { ge: 0, integer: true });
  if (summary !== "min" && summary !== "median") throw new InvalidInputError(`${name}: summary must be "min" or "median", got ${String(summary)}.`);
  if (typeof now !== "function") throw new InvalidInputError(`${name}: now must be a function returning milliseconds.`);
  for (let i = 0; i < warmUps; i++) sink = fn();
  const perCall: number[] = [];
  for (let r = 0; r < repeats; r++) {
    let calls = 0;
    const t0 = now();
    let elapsed = 0;
    do {
      sink = fn();
      calls++;
      elapsed = now() - t0;
    } while (elapsed < minMs);
    perCall.push(elapsed / 1000 / calls);
  }
  void sink; // read once, so that nothing lets the engine drop the calls
  perCall.sort((a, b) => a - b);
  return summary === "min" ? perCall[0] : perCall[Math.floor((perCall.length - 1) / 2)];
}

