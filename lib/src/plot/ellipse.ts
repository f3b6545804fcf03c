/**
 * Covariance ellipses for plotting two-dimensional Gaussian components.
 * @module
 */
import { InvalidInputError, NotPositiveDefiniteError } from "../core/errors.js";
import { rowsOf, type MatrixObject } from "../core/validate.js";

/**
 * The points of the ellipse {x : (x − μ)ᵀ Σ⁻¹ (x − μ) = r²}, traced as μ + r L (cos t, sin t) with
 * L Lᵀ = Σ (Cholesky), as x and y arrays ready for a Plotly `scatter` trace. With r = 2 it is the
 * "2-σ ellipse", which holds about 86% of a 2-D Gaussian's mass.
 * @param mean the centre, length 2
 * @param covarianceIn the 2×2 covariance matrix (symmetric positive-definite)
 * @param options.radius r, in standard deviations (default 2)
 * @param options.points number of points along the curve, the first repeated at the end (default 61)
 * @example
 * const { x, y } = covarianceEllipse([2, 70], [[0.1, 0.5], [0.5, 30]]);
 * showFigure({ data: [{ type: "scatter", mode: "lines", x, y, name: "2σ ellipse" }] });
 */
export function covarianceEllipse(
  mean: ArrayLike<number>,
  covarianceIn: ArrayLike<ArrayLike<number>> | MatrixObject,
  options: { radius?: number; points?: number } = {},
): { x: number[]; y: number[] } {
  const fn = "covarianceEllipse";
  const covariance = rowsOf(covarianceIn) as ArrayLike<ArrayLike<number>>;
  if (!mean || mean.length !== 2 || !covariance || covariance.length !== 2 || covariance[0]?.length !== 2 || covariance[1]?.length !== 2) {
    throw new InvalidInputError(`${fn}: needs a mean of length 2 and a 2×2 covariance; for higher dimensions, pick two coordinates first.`);
  }
  const radius = options.radius ?? 2;
  const points = options.points ?? 61;
  if (!(radius > 0) || !Number.isFinite(radius)) throw new InvalidInputError(`${fn}: radius must be a positive number, got ${radius}.`);
  if (!Number.isInteger(points) || points < 3) throw new InvalidInputError(`${fn}: points must be an integer ≥ 3, got ${points}.`);
  const values = [mean[0], mean[1], covariance[0][0], covariance[1][0], covariance[1][1]];
  if (!values.every(Number.isFinite)) throw new InvalidInputError(`${fn}: the mean and covariance must be finite numbers.`);
  const l11 = Math.sqrt(covariance[0][0]);
  const l21 = covariance[1][0] / l11;
  const d = covariance[1][1] - l21 * l21;
  if (!(covariance[0][0] > 0) || !(d > 0)) {
    throw new NotPositiveDefiniteError(`${fn}: the covariance [[${covariance[0][0]}, ${covariance[0][1]}], [${covariance[1][0]}, ${covariance[1][1]}]] is not positive-definite, so it has no ellipse.`);
  }
  const l22 = Math.sqrt(d);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < points; i++) {
    const t = (2 * Math.PI * i) / (points - 1);
    const c = Math.cos(t);
    const s = Math.sin(t);
    x.push(mean[0] + radius * l11 * c);
    y.push(mean[1] + radius * (l21 * c + l22 * s));
  }
  return { x, y };
}
