/**
 * The `threads` option of fitGaussianMixture (its check, for the declarative table GMM_OPTIONS;
 * the threads themselves are in ./parallel.ts). A file of its own so that options.ts does not
 * import the parallel E-step.
 * @module
 * @internal
 */
import { DomainError } from "../core/errors.js";

/** Largest explicit `threads` accepted. @internal */
export const MAX_THREADS = 64;

/** Checks the `threads` option: "auto" or an integer from 1 to {@link MAX_THREADS}. @internal */
export function checkThreads(v: unknown, fn: string, name: string): "auto" | number {
  if (v === "auto") return v;
  if (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= MAX_THREADS) return v;
  const shown = typeof v === "string" ? JSON.stringify(v) : String(v);
  throw new DomainError(`${fn}: ${name} = ${shown}; use "auto" or an integer from 1 to ${MAX_THREADS} (1: the single-threaded E-step).`);
}
