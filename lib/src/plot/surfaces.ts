/**
 * A function of two parameters drawn as a contour map or a heatmap: likelihood surfaces over a
 * parameter plane (μ and σ of a Normal, shape and scale of a Gamma, the two means of a mixture),
 * or a table f(k, p) read along either axis.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { axesOf } from "./axes.js";
import type { Figure } from "./figure.js";
import type { Trace } from "./mixture1d.js";
import { tracesFigure, type AxesOptions } from "./panels.js";

/**
 * f on the grid xs × ys, as Plotly expects it for contours and heatmaps: z[j][i] = f(xs[i], ys[j])
 * (row j is the y value ys[j], column i the x value xs[i]). Non-finite values of f are kept (Plotly
 * leaves them blank); use `floor` in {@link contourTrace} to clip very low values instead.
 * @see notebooks/01-likelihood-and-direct-mle.ipynb (the Normal log-likelihood surface)
 * @example
 * const z = surfaceGrid([0, 1, 2], [10, 20], (x, y) => x + y);
 * z[1][2]; // → 22 — row 1 is y = 20, column 2 is x = 2
 */
export function surfaceGrid(xs: ArrayLike<number>, ys: ArrayLike<number>, f: (x: number, y: number) => number): number[][] {
  const fn = "surfaceGrid";
  if (!xs || !ys || xs.length === 0 || ys.length === 0) throw new InvalidInputError(`${fn}: xs and ys must be non-empty arrays of grid values.`);
  if (typeof f !== "function") throw new InvalidInputError(`${fn}: f must be a function (x, y) => number.`);
  return Array.from(ys, (y) => Array.from(xs, (x) => f(x, y)));
}

/**
 * `points` evenly spaced values from `from` to `to` (both included): a grid axis.
 * @example
 * gridBetween(0, 1, 5); // → [0, 0.25, 0.5, 0.75, 1]
 */
export function gridBetween(from: number, to: number, points = 101): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || !(to > from)) throw new InvalidInputError(`gridBetween: need finite from < to, got ${from} and ${to}.`);
  if (!Number.isInteger(points) || points < 2) throw new InvalidInputError(`gridBetween: points must be an integer ≥ 2, got ${points}.`);
  return Array.from({ length: points }, (_, j) => from + ((to - from) * j) / (points - 1));
}

/** Options of {@link contourTrace} and {@link heatmapTrace}. */
export interface SurfaceOptions {
  /** Trace name (default "f(x, y)"). */
  name?: string;
  /** Contour levels: from `start` to `end` every `size` (default: Plotly's automatic levels). */
  levels?: { start: number; end: number; size: number };
  /** Colour scale: "viridis" (default, dark = low) or "greys" (light = high when `reversed`). */
  colors?: "viridis" | "greys";
  /** Reverse the colour scale. */
  reversed?: boolean;
  /** Title of the colour bar, or null for no colour bar (default: the trace name). */
  colorbarTitle?: string | null;
  /** Values below `floor` are drawn as `floor` (e.g. 12 log-likelihood units below the maximum). */
  floor?: number;
  /** Values above `ceiling` are drawn as `ceiling`. */
  ceiling?: number;
  /** Colour range [lo, hi] (default: the data's range). */
  zRange?: readonly [number, number];
  /** Opacity (default 1). */
  opacity?: number;
  /** Names of x, y and z in the hover text (default "x", "y", "z"). */
  hoverNames?: readonly [string, string, string];
  /** Draw on subplot n (see panelFigure). */
  subplot?: number;
}

function surfaceTrace(type: "contour" | "heatmap", xs: ArrayLike<number>, ys: ArrayLike<number>, z: ArrayLike<ArrayLike<number>>, options: SurfaceOptions): Trace {
  const fn = `${type}Trace`;
  if (!xs || !ys || !z || z.length !== ys.length) {
    throw new InvalidInputError(`${fn}: z must have one row per y value (${ys?.length}), got ${z?.length} rows; build it with surfaceGrid(xs, ys, f).`);
  }
  for (let j = 0; j < z.length; j++) {
    if (!z[j] || z[j].length !== xs.length) throw new InvalidInputError(`${fn}: row ${j} of z has ${z[j]?.length} values for ${xs.length} x values.`);
  }
  const lo = options.floor ?? -Infinity;
  const hi = options.ceiling ?? Infinity;
  if (!(lo < hi)) throw new InvalidInputError(`${fn}: floor must be below ceiling, got ${lo} and ${hi}.`);
  const zz = Array.from(z, (row) => Array.from(row, (v) => (Number.isNaN(v) ? v : Math.min(hi, Math.max(lo, v)))));
  const name = options.name ?? "f(x, y)";
  const [hx, hy, hz] = options.hoverNames ?? ["x", "y", "z"];
  const trace: Trace = {
    type, x: Array.from(xs), y: Array.from(ys), z: zz, name, ...axesOf(options.subplot),
    colorscale: options.colors === "greys" ? "Greys" : "Viridis",
    reversescale: options.reversed === true,
    hovertemplate: `${hx} = %{x:.4g}, ${hy} = %{y:.4g}<br>${hz} = %{z:.4g}<extra></extra>`,
  };
  if (options.colorbarTitle === null) trace.showscale = false;
  else trace.colorbar = { title: { text: options.colorbarTitle ?? name } };
  if (options.opacity !== undefined) trace.opacity = options.opacity;
  if (options.zRange) {
    trace.zmin = options.zRange[0];
    trace.zmax = options.zRange[1];
  }
  if (type === "contour" && options.levels) {
    const { start, end, size } = options.levels;
    if (!(end > start) || !(size > 0)) throw new InvalidInputError(`${fn}: levels need start < end and size > 0, got ${start}, ${end}, ${size}.`);
    trace.contours = { start, end, size };
    trace.autocontour = false;
  }
  return trace;
}

/**
 * A contour map of z over the grid xs × ys (z[j][i] at (xs[i], ys[j]), as {@link surfaceGrid}
 * builds it), with fixed levels, a clipping floor and a named hover text.
 * @see notebooks/01-likelihood-and-direct-mle.ipynb (the Normal log-likelihood surface)
 * @see notebooks/02-numerical-mle.ipynb (optimiser paths on the Gamma log-likelihood)
 * @see notebooks/03-hidden-variables-and-the-marginal.ipynb (label switching over (μ₁, μ₂))
 * @example
 * const data = [0.3, -1.2, 0.8, 2.1, -0.4];
 * const mu = gridBetween(-3, 3, 61), sd = gridBetween(0.5, 3, 51);
 * const z = surfaceGrid(mu, sd, (m, s) => new Normal(m, s).logLikelihood(data));
 * showFigure(surfaceFigure([contourTrace(mu, sd, z, { name: "ℓ(μ, σ)", floor: -50 })], { xTitle: "μ", yTitle: "σ" }));
 */
export function contourTrace(xs: ArrayLike<number>, ys: ArrayLike<number>, z: ArrayLike<ArrayLike<number>>, options: SurfaceOptions = {}): Trace {
  return surfaceTrace("contour", xs, ys, z, options);
}

/**
 * A heatmap of z over the grid xs × ys (z[j][i] at (xs[i], ys[j])), e.g. a table f(k, p).
 * @see notebooks/01-likelihood-and-direct-mle.ipynb (one formula f(k, p), read along either axis)
 * @example
 * const k = [0, 1, 2, 3], p = gridBetween(0, 1, 51);
 * showFigure(surfaceFigure([heatmapTrace(k, p, surfaceGrid(k, p, (kk, pp) => new Binomial(3, pp).pmf(kk)), { name: "f(k, p)" })]));
 */
export function heatmapTrace(xs: ArrayLike<number>, ys: ArrayLike<number>, z: ArrayLike<ArrayLike<number>>, options: SurfaceOptions = {}): Trace {
  if (options.levels) throw new InvalidInputError("heatmapTrace: levels are for contour maps; use zRange to fix the colour range of a heatmap.");
  return surfaceTrace("heatmap", xs, ys, z, options);
}

/**
 * A figure over a parameter plane: the traces (a contour map and whatever is drawn on it: paths,
 * marked points) with titled axes; with `equalAspect` one unit of x is as long as one unit of y
 * (for a surface that is symmetric across the diagonal).
 * @see notebooks/03-hidden-variables-and-the-marginal.ipynb (the mirror symmetry of label switching)
 * @example
 * const m = gridBetween(-2, 2, 21);
 * const z = surfaceGrid(m, m, (a, b) => -(a * a + b * b));
 * showFigure(surfaceFigure([contourTrace(m, m, z)], { xTitle: "μ₁", yTitle: "μ₂", equalAspect: true }));
 */
export function surfaceFigure(traces: readonly Trace[], options: AxesOptions & { equalAspect?: boolean } = {}): Figure {
  const { equalAspect, ...axes } = options;
  const fig = tracesFigure(traces, axes);
  if (equalAspect) (fig.layout!.yaxis as Record<string, unknown>).scaleanchor = "x";
  return fig;
}
