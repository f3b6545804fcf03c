/**
 * Centring a regression design with an intercept (internal): the columns after the intercept minus
 * their means and y minus ȳ, and the map of the coefficients back. Least squares on centred data
 * computes the same fit without carrying a large common offset (y ≈ 10¹², or a covariate far from
 * 0) through the solve and the residuals, where it costs digits; the slopes are unchanged and the
 * intercept moves by ȳ − Σⱼ βⱼ x̄ⱼ.
 * @module
 * @internal
 */
import { meanOf } from "../distributions/internal.js";
import type { Design } from "./glm.js";

/** A centred design: columns after the intercept minus their means, y minus ȳ (and what undoes it). @internal */
export interface Centring {
  design: Design;
  y: Float64Array;
  columnMeans: Float64Array;
  yMean: number;
}

/** Centres a design whose first column is the intercept, and y. @internal */
export function centreDesign(design: Design, y: Float64Array): Centring {
  const { X, n, p } = design;
  // Two passes per mean (the second adds the mean deviation from the first), as meanOf does for y:
  // a plain sum of values near 2⁴⁰ loses ≈ n·ulp(2⁴⁰), which is the error centring is there to avoid.
  const columnMeans = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 1; j < p; j++) columnMeans[j] += X[i * p + j];
  for (let j = 1; j < p; j++) columnMeans[j] /= n;
  const correction = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 1; j < p; j++) correction[j] += X[i * p + j] - columnMeans[j];
  for (let j = 1; j < p; j++) columnMeans[j] += correction[j] / n;
  const yMean = meanOf(y);
  const centring = { design, y, columnMeans, yMean };
  return { ...centring, design: centreLike(design, centring), y: subtract(y, yMean) };
}

/** A design (intercept first) shifted by the training data's column means. @internal */
export function centreLike(design: Design, centring: Pick<Centring, "columnMeans">): Design {
  const { X, n, p } = design;
  const Xc = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    Xc[i * p] = 1;
    for (let j = 1; j < p; j++) Xc[i * p + j] = X[i * p + j] - centring.columnMeans[j];
  }
  return { ...design, X: Xc };
}

/** y − shift, elementwise, as a new array. @internal */
export function subtract(y: Float64Array, shift: number): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] - shift;
  return out;
}

/** Coefficients between the centred and the original scale: direction 1 maps centred → original, −1 back. @internal */
export function shiftIntercept(b: readonly number[], centring: Centring, direction: 1 | -1): number[] {
  const out = b.slice();
  let offset = centring.yMean;
  for (let j = 1; j < b.length; j++) offset -= b[j] * centring.columnMeans[j];
  out[0] = b[0] + direction * offset;
  return out;
}
