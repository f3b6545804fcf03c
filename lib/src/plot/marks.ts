/**
 * Small marks drawn over other figures: highlighted points (an MLE, a start, a saddle), a shaded
 * band between two curves (a confidence band), bars at numeric positions, and curves as traces
 * (to combine them with a contour map or a histogram in one figure).
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { axesOf } from "./axes.js";
import type { Trace } from "./mixture1d.js";
import { linesFigure, type Series } from "./panels.js";

/** Marker symbols of {@link markersTrace}. */
export type MarkSymbol = "star" | "x" | "circle" | "circle-open" | "diamond" | "square" | "cross";

/** Options of {@link markersTrace}. */
export interface MarkersOptions {
  /** Legend name. */
  name: string;
  /** Marker symbol (default "circle"). */
  symbol?: MarkSymbol;
  /** Marker size in pixels (default 12). */
  size?: number;
  /** Colour (default dark grey). */
  color?: string;
  /** Hover text per point. */
  text?: readonly string[];
  /** Whether the trace appears in the legend (default true). */
  showLegend?: boolean;
  /** Draw on subplot n (see panelFigure). */
  subplot?: number;
}

/**
 * Points to highlight, as one marker trace: the maximum of a likelihood (a star), a starting point
 * (an ×), the maxima of a multimodal surface.
 * @see notebooks/02-numerical-mle.ipynb (start and MLE on the optimiser paths)
 * @example
 * const fit = Normal.fit([1, 2, 4]);
 * markersTrace([fit.params.mean], [fit.params.sd], { name: "MLE (μ̂, σ̂)", symbol: "star" });
 */
export function markersTrace(x: ArrayLike<number>, y: ArrayLike<number>, options: MarkersOptions): Trace {
  const fn = "markersTrace";
  if (!x || !y || x.length !== y.length || x.length === 0) throw new InvalidInputError(`${fn}: x and y must be non-empty arrays of the same length.`);
  if (!options || typeof options.name !== "string") throw new InvalidInputError(`${fn}: options.name (the legend entry) is required.`);
  const symbol = options.symbol ?? "circle";
  const open = symbol === "circle-open" || symbol === "x" || symbol === "cross";
  const trace: Trace = {
    type: "scatter", mode: "markers", x: Array.from(x), y: Array.from(y), name: options.name, ...axesOf(options.subplot),
    marker: { symbol, size: options.size ?? 12, color: options.color ?? "#222", line: open ? { width: 2, color: options.color ?? "#222" } : { width: 1, color: "white" } },
    showlegend: options.showLegend ?? true,
  };
  if (options.text) trace.text = [...options.text];
  return trace;
}

/**
 * A band shaded between `lower` and `upper` over x (two traces: an invisible upper edge and the
 * lower edge filled up to it), e.g. a pointwise confidence band around a fitted curve.
 * @see notebooks/02-numerical-mle.ipynb (the Wald band of the Challenger logistic fit)
 * @example
 * const t = [0, 1, 2, 3], lo = [0, 1, 2, 3], hi = [2, 3, 4, 5], fit = [1, 2, 3, 4];
 * showFigure(tracesFigure([...bandTraces(t, lo, hi, { name: "95% band" }), ...seriesTraces([{ x: t, y: fit, name: "fit" }])]));
 */
export function bandTraces(x: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>, options: { name: string; color?: string; opacity?: number; subplot?: number }): Trace[] {
  const fn = "bandTraces";
  if (!x || !lower || !upper || x.length === 0 || lower.length !== x.length || upper.length !== x.length) {
    throw new InvalidInputError(`${fn}: x, lower and upper must be non-empty arrays of the same length.`);
  }
  for (let i = 0; i < x.length; i++) {
    if (!(lower[i] <= upper[i])) throw new InvalidInputError(`${fn}: lower[${i}] = ${lower[i]} is above upper[${i}] = ${upper[i]}.`);
  }
  const color = options.color ?? "#0072B2";
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) throw new InvalidInputError(`${fn}: color must be "#rrggbb", got ${JSON.stringify(color)}.`);
  const fill = `rgba(${parseInt(m[1], 16)},${parseInt(m[2], 16)},${parseInt(m[3], 16)},${options.opacity ?? 0.15})`;
  const axes = axesOf(options.subplot);
  return [
    { type: "scatter", mode: "lines", x: Array.from(x), y: Array.from(upper), name: `${options.name}: upper edge`, line: { width: 0 }, showlegend: false, hoverinfo: "skip", ...axes },
    { type: "scatter", mode: "lines", x: Array.from(x), y: Array.from(lower), fill: "tonexty", fillcolor: fill, line: { width: 0 }, name: options.name, ...axes },
  ];
}

/**
 * Bars of height y at numeric positions x (a probability mass function, counts per value), one trace.
 * @see notebooks/01-likelihood-and-direct-mle.ipynb (P(K = k | p) for every count k)
 * @example
 * barTrace([0, 1, 2], [0.25, 0.5, 0.25], { name: "Binomial(2, ½)" });
 */
export function barTrace(x: ArrayLike<number>, y: ArrayLike<number>, options: { name: string; color?: string; subplot?: number }): Trace {
  if (!x || !y || x.length !== y.length || x.length === 0) throw new InvalidInputError("barTrace: x and y must be non-empty arrays of the same length.");
  return { type: "bar", x: Array.from(x), y: Array.from(y), name: options.name, ...(options.color ? { marker: { color: options.color } } : {}), ...axesOf(options.subplot) };
}

/**
 * The traces {@link linesFigure} would draw for these series (lines, markers or both, dashed,
 * coloured), to combine with other traces (a contour map, a histogram, a band) in one figure.
 * @see notebooks/02-numerical-mle.ipynb (fitted densities over the histogram; optimiser paths)
 * @example
 * const x = [1.2, 2.3, 2.9, 4.1, 2.2];
 * const grid = gridBetween(0, 5, 51), d = Normal.fit(x).distribution;
 * const pdf = grid.map((g) => d.pdf(g));
 * showFigure(tracesFigure([...histogramTraces(x), ...seriesTraces([{ x: grid, y: pdf, name: "fit" }])]));
 */
export function seriesTraces(series: readonly Series[], options: { subplot?: number } = {}): Trace[] {
  const axes = axesOf(options.subplot);
  return linesFigure(series).data.map((t) => ({ ...t, ...axes }));
}
