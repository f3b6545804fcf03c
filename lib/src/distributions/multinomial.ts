/**
 * The multinomial distribution of counts over K categories in a fixed number of trials.
 * @module
 */
import { DomainError, ShapeError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { lgamma } from "../core/special.js";
import { assertNumber, checkOptions, type MatrixLike, toDenseMatrix, toVector } from "../core/validate.js";
import type { CategoricalParams } from "./categorical.js";
import { checkProbs, probabilityVectorErrors, sampleSetup, xlogy } from "./internal.js";
import type { FitResult } from "./types.js";

/**
 * Multinomial distribution: counts (c_0..c_{K−1}) with Σc = trials,
 * P(c) = trials! / Π c_k! · Π p_k^{c_k}.
 * @example
 * const d = new Multinomial(10, [0.2, 0.5, 0.3]);
 * d.logPmf([2, 5, 3]);
 * Multinomial.fit([[2, 5, 3], [1, 6, 3]]).params.probs; // → [0.15, 0.55, 0.3]
 */
export class Multinomial {
  readonly family = "Multinomial";
  /** Number of trials. */
  readonly trials: number;
  /** Category probabilities (length K). */
  readonly probs: Float64Array;

  /**
   * @param trials number of trials, an integer ≥ 0
   * @param probs category probabilities (≥ 0, summing to 1)
   */
  constructor(trials: number, probs: ArrayLike<number>) {
    assertNumber(trials, "Multinomial", "trials", { ge: 0, integer: true });
    this.trials = trials;
    this.probs = checkProbs(probs, "Multinomial");
  }

  /** Expected counts trials·p (length K). */
  get mean(): Float64Array {
    return this.probs.map((p) => this.trials * p);
  }

  /**
   * log P(counts); -Infinity if the counts are not non-negative integers summing to `trials`.
   * @param counts length K
   * @example
   * new Multinomial(2, [0.5, 0.5]).logPmf([1, 1]); // → log(0.5)
   */
  logPmf(counts: ArrayLike<number>): number {
    const c = toVector(counts, "Multinomial.logPmf", "counts");
    if (c.length !== this.probs.length) {
      throw new ShapeError(`Multinomial.logPmf: counts has length ${c.length} but there are ${this.probs.length} categories.`);
    }
    let total = 0;
    let s = 0;
    for (let k = 0; k < c.length; k++) {
      if (!(c[k] >= 0) || !Number.isInteger(c[k])) return -Infinity;
      total += c[k];
      s += xlogy(c[k], this.probs[k]) - lgamma(c[k] + 1);
    }
    if (total !== this.trials) return -Infinity;
    return s + lgamma(this.trials + 1);
  }

  /**
   * Σ log P(row) over rows of counts (n×K).
   * @example
   * new Multinomial(2, [0.5, 0.5]).logLikelihood([[1, 1], [2, 0]]);
   */
  logLikelihood(rows: MatrixLike): number {
    const { data, n, d } = toDenseMatrix(rows, "Multinomial.logLikelihood", "rows");
    let s = 0;
    for (let i = 0; i < n; i++) s += this.logPmf(data.subarray(i * d, i * d + d));
    return s;
  }

  /**
   * `n` draws, each a vector of K counts (sequential conditional binomials).
   * @example
   * new Multinomial(10, [0.2, 0.5, 0.3]).sample(2, 7); // [[...], [...]]
   */
  sample(n: number, rng: Rng | number): number[][] {
    const r: Rng = sampleSetup(n, rng, "Multinomial.sample");
    const K = this.probs.length;
    const out: number[][] = [];
    for (let i = 0; i < n; i++) {
      const row = new Array<number>(K).fill(0);
      let left = this.trials;
      let massLeft = 1;
      for (let k = 0; k < K - 1 && left > 0; k++) {
        const q = massLeft > 0 ? Math.min(1, Math.max(0, this.probs[k] / massLeft)) : 0;
        row[k] = r.binomial(left, q);
        left -= row[k];
        massLeft -= this.probs[k];
      }
      row[K - 1] += left;
      out.push(row);
    }
    return out;
  }

  /**
   * Maximum-likelihood fit of the probabilities from rows of counts that all have the same total
   * (= trials): p_k = column total / grand total, se = √(p_k(1−p_k)/grand total).
   * @param rows n×K counts
   * @example
   * Multinomial.fit([[2, 5, 3], [1, 6, 3]]).standardErrors.probs;
   */
  static fit(rows: MatrixLike, options?: Record<string, never>): FitResult<CategoricalParams, Multinomial> {
    const fn = "Multinomial.fit";
    checkOptions(options, [], fn);
    const { data, n, d } = toDenseMatrix(rows, fn, "rows");
    const col = new Float64Array(d);
    let trials = -1;
    let grand = 0;
    let sumLf = 0;
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let k = 0; k < d; k++) {
        const c = data[i * d + k];
        if (!(c >= 0) || !Number.isInteger(c)) {
          throw new DomainError(`${fn}: rows[${i}][${k}] = ${c} is not a non-negative integer count.`);
        }
        t += c;
        col[k] += c;
        sumLf += lgamma(c + 1);
      }
      if (trials < 0) trials = t;
      else if (t !== trials) {
        throw new DomainError(
          `${fn}: row 0 has ${trials} trials but row ${i} has ${t}; a multinomial has a fixed number of trials. ` +
            "For rows with different totals, pool the column totals with Categorical.fitCounts.",
        );
      }
      grand += t;
    }
    if (grand === 0) throw new DomainError(`${fn}: all counts are 0; the probabilities cannot be estimated.`);
    const probs = Array.from(col, (c) => c / grand);
    let ll = n * lgamma(trials + 1) - sumLf;
    for (let k = 0; k < d; k++) ll += xlogy(col[k], probs[k]);
    const { se, vcov } = probabilityVectorErrors(probs, grand);
    return {
      params: { probs },
      logLikelihood: ll,
      standardErrors: { probs: se },
      vcov,
      n,
      converged: true,
      distribution: new Multinomial(trials, probs),
    };
  }
}
