/**
 * Points with error bars (an estimate ± its uncertainty) as a trace for the figure helpers.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { axesOf } from "./axes.js";
import type { Trace } from "./mixture1d.js";

/** Options of {@link errorBarsTrace}. */
export interface ErrorBarsOptions {
  /** Legend name (default "estimate ± error"). */
  name?: string;
  /** Colour of the markers, the line and the bars (default: the house palette in order). */
  color?: string;
  /** Markers only (default) or markers joined by a line ("both"). */
  draw?: "markers" | "both";
  /** Marker size in pixels (default 7). */
  size?: number;
  /** Marker symbol, a Plotly symbol name such as "diamond" (default: a dot). */
  symbol?: string;
  /** Put the trace on panel n of {@link panelFigure} (default: the first axes). */
  subplot?: number;
}

/**
 * A trace of the points (x_i, y_i), each with a vertical bar from y_i − halfWidths_i to
 * y_i + halfWidths_i: a held-out log-likelihood ± one standard error, an imputed value ± two
 * conditional standard deviations. Use it in {@link tracesFigure} or a {@link panelFigure} panel.
 * @param x the points' x values, length m
 * @param y the estimates, length m
 * @param halfWidths each bar's half-length (≥ 0, in y's units), length m
 * @see notebooks/07-how-many-components.ipynb (cross-validated log-likelihood ± 1 SE)
 * @see notebooks/09-missing-data.ipynb (imputed ozone ± 2 conditional standard deviations)
 * @example
 * showFigure(tracesFigure([errorBarsTrace([1, 2, 3], [-1160, -1140, -1142], [6, 5, 7], { name: "full", draw: "both" })],
 *   { xTitle: "K", yTitle: "held-out ℓ (nats)" }));
 */
export function errorBarsTrace(x: ArrayLike<number>, y: ArrayLike<number>, halfWidths: ArrayLike<number>, options: ErrorBarsOptions = {}): Trace {
  const fn = "errorBarsTrace";
  if (!x || !y || !halfWidths || x.length !== y.length || y.length !== halfWidths.length) {
    throw new InvalidInputError(`${fn}: x, y and halfWidths need the same length, got ${x?.length}, ${y?.length} and ${halfWidths?.length}.`);
  }
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) throw new InvalidInputError(`${fn}: point ${i} is (${x[i]}, ${y[i]}); pass finite numbers.`);
    if (!(halfWidths[i] >= 0) || !Number.isFinite(halfWidths[i])) {
      throw new InvalidInputError(`${fn}: halfWidths[${i}] is ${halfWidths[i]}; bar half-lengths must be finite and ≥ 0.`);
    }
  }
  const size = options.size ?? 7;
  if (!(size > 0)) throw new InvalidInputError(`${fn}: size must be a positive number of pixels, got ${size}.`);
  const colour = options.color ? { color: options.color } : {};
  return {
    type: "scatter",
    mode: options.draw === "both" ? "lines+markers" : "markers",
    x: Array.from(x),
    y: Array.from(y),
    name: options.name ?? "estimate ± error",
    error_y: { type: "data", array: Array.from(halfWidths), thickness: 1.2, width: 3, ...colour },
    marker: { size, ...colour, ...(options.symbol ? { symbol: options.symbol } : {}) },
    ...(options.color ? { line: { color: options.color } } : {}),
    ...axesOf(options.subplot),
  };
}
