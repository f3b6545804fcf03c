/**
 * The order in which mixtures and HMMs report their components, one rule for every fit: the
 * `order` option, default "none" (as the kept run left them, which is the order of its start: the
 * order of `init` when given). "weight": decreasing mixing weight (an HMM's: the share of
 * observations in each state, the mean posterior probability). "mean": increasing mean
 * (lexicographic for vectors; a Poisson rate; a Bernoulli component's mean probability; a
 * regression line's mean response at the mean covariates). Ties keep the run's order. The order is
 * applied to everything a fit reports per component: parameters, responsibilities, snapshots.
 * @module
 */
import { oneOf } from "../core/options.js";

/**
 * How a fit orders its components (see the module doc).
 * @example
 * const counts = readCsv("data/earthquakes.csv").numbers("count");
 * fitPoissonMixture(counts, { k: 2, order: "mean" }).rates; // increasing
 */
export type ComponentOrder = "none" | "weight" | "mean";

/**
 * The `order` option as an options-table entry (default "none").
 * @example
 * const TABLE = { k: int({ min: 1, required: true }), order: ORDER_OPTION };
 */
export const ORDER_OPTION = oneOf(["none", "weight", "mean"] as const, { default: "none" });

/**
 * The permutation that puts k components in `order`: entry j is the run's index of the component
 * reported at position j.
 * @param weights mixing weight (or occupancy) of each component
 * @param location the mean of component c (a vector, compared lexicographically)
 * @example
 * componentPermutation("weight", [0.2, 0.5, 0.3], (c) => [c]); // → [1, 2, 0]
 */
export function componentPermutation(order: ComponentOrder, weights: ArrayLike<number>, location: (c: number) => ArrayLike<number>): number[] {
  const k = weights.length;
  const perm = Array.from({ length: k }, (_, c) => c);
  if (order === "weight") perm.sort((a, b) => weights[b] - weights[a] || a - b);
  else if (order === "mean") {
    const locs = perm.map(location);
    perm.sort((a, b) => {
      const x = locs[a];
      const y = locs[b];
      for (let t = 0; t < Math.min(x.length, y.length); t++) if (x[t] !== y[t]) return x[t] - y[t];
      return a - b;
    });
  }
  return perm;
}

/**
 * Whether a permutation is the identity (nothing to reorder).
 * @example
 * isIdentity([0, 1, 2]); // → true
 */
export function isIdentity(perm: readonly number[]): boolean {
  return perm.every((p, j) => p === j);
}
