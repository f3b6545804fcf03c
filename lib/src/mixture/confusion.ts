/**
 * A confusion table of known classes against fitted clusters (mixture components, LDA topics, HMM
 * states), with the best one-to-one matching of classes to clusters: cluster numbers are arbitrary
 * (label switching), so a fit is judged up to relabelling, and a class may only claim one cluster.
 * @module
 */
import { munkres } from "munkres";
import { InvalidInputError, ShapeError } from "../core/errors.js";
import { assertNumber, checkOptions } from "../core/validate.js";

/**
 * The result of {@link confusionTable}.
 * @example
 * import { confusionTable, type ConfusionTable } from "mlem";
 * const t: ConfusionTable = confusionTable(["a", "a", "b"], [1, 1, 0]);
 * t.counts; // → [[0, 2], [1, 0]]
 */
export interface ConfusionTable {
  /** The classes, one per row: in order of first appearance, or as given in `classes`. */
  classes: string[];
  /** Number of clusters (columns 0 … k − 1). */
  k: number;
  /** counts[r][c]: observations of class r in cluster c (classes × k). */
  counts: number[][];
  /**
   * The cluster matched to each class (one-to-one, maximising the matched count; Hungarian
   * algorithm); −1 for classes left without a cluster when there are more classes than clusters.
   */
  matching: number[];
  /** Observations in their class's matched cluster: the agreement up to relabelling. */
  matched: number;
  /** Observations in the table. */
  total: number;
  /** Classes whose most frequent cluster is also another class's most frequent cluster: they share a cluster. */
  sharing: string[][];
}

/**
 * Cross-tabulates known classes against cluster labels and matches classes to clusters one to one
 * so that as many observations as possible fall on matched cells. `matched / total` is the
 * agreement of the clustering with the classes, up to relabelling; counting each class's most
 * frequent cluster instead would reward two classes that share one cluster.
 * @param classes the known class of each observation (strings or numbers)
 * @param clusters the fitted cluster of each observation, integers 0 … k − 1 (e.g. the most probable component)
 * @param options `k`, the number of clusters (default: the largest label + 1); `order`, the classes
 *   in the order of the rows (default: order of first appearance)
 * @see notebooks/12-variational-em.ipynb (LDA topics against Jane Austen's novels)
 * @example
 * import { confusionTable } from "mlem";
 * const t = confusionTable(["Emma", "Emma", "Persuasion", "Persuasion"], [2, 2, 0, 2], { k: 3 });
 * t.counts;   // → [[0, 0, 2], [1, 0, 1]]
 * t.matching; // → [2, 0] — Emma ↔ cluster 2, Persuasion ↔ cluster 0
 * t.matched;  // → 3 — of t.total = 4
 * t.sharing;  // → [] — no two classes have the same most frequent cluster
 */
export function confusionTable(classes: ArrayLike<string | number>, clusters: ArrayLike<number>, options: { k?: number; order?: ReadonlyArray<string | number> } = {}): ConfusionTable {
  const fn = "confusionTable";
  checkOptions(options, ["k", "order"], fn);
  if (!classes || typeof classes.length !== "number" || !clusters || typeof clusters.length !== "number") {
    throw new InvalidInputError(`${fn}: pass the class of each observation and its cluster, two arrays of the same length.`);
  }
  const n = classes.length;
  if (clusters.length !== n) throw new ShapeError(`${fn}: ${n} classes but ${clusters.length} cluster labels; pass one of each per observation.`);
  if (n === 0) throw new InvalidInputError(`${fn}: no observations.`);
  let maxLabel = -1;
  for (let i = 0; i < n; i++) {
    const c = clusters[i];
    if (!Number.isInteger(c) || c < 0) throw new InvalidInputError(`${fn}: cluster label ${i} is ${String(c)}; labels are integers 0 … k − 1.`);
    if (c > maxLabel) maxLabel = c;
  }
  const k = options.k ?? maxLabel + 1;
  assertNumber(k, fn, "k", { ge: 1, integer: true });
  if (maxLabel >= k) throw new InvalidInputError(`${fn}: cluster label ${maxLabel} is out of range for k = ${k} clusters (0 … ${k - 1}).`);
  const names: string[] = [];
  const row = new Map<string, number>();
  if (options.order !== undefined) {
    for (const c of options.order) {
      const key = String(c);
      if (row.has(key)) throw new InvalidInputError(`${fn}: order lists the class "${key}" twice.`);
      row.set(key, names.length);
      names.push(key);
    }
  }
  const rowOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = String(classes[i]);
    let r = row.get(key);
    if (r === undefined) {
      if (options.order !== undefined) throw new InvalidInputError(`${fn}: class "${key}" of observation ${i} is not in order.`);
      r = names.length;
      row.set(key, r);
      names.push(key);
    }
    rowOf[i] = r;
  }
  const counts = names.map(() => new Array<number>(k).fill(0));
  for (let i = 0; i < n; i++) counts[rowOf[i]][clusters[i]]++;
  const matching = new Array<number>(names.length).fill(-1);
  for (const [r, c] of munkres(counts.map((r) => r.map((v) => -v)))) matching[r] = c;
  let matched = 0;
  for (let r = 0; r < names.length; r++) if (matching[r] >= 0) matched += counts[r][matching[r]];
  // Classes grouped by their most frequent cluster (ties to the lower cluster); groups of two or more share it.
  const byTop = new Map<number, string[]>();
  counts.forEach((r, i) => {
    let top = 0;
    for (let c = 1; c < k; c++) if (r[c] > r[top]) top = c;
    if (r[top] === 0) return;
    byTop.set(top, [...(byTop.get(top) ?? []), names[i]]);
  });
  const sharing = [...byTop.values()].filter((g) => g.length > 1);
  return { classes: names, k, counts, matching, matched, total: n, sharing };
}
