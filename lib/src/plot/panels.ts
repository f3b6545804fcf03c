/**
 * Simple figures without Plotly literals in the notebook: lines and markers against x, grouped bars,
 * and a grid of panels sharing axis titles.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { axesOf } from "./axes.js";
import type { Figure } from "./figure-spec.js";
import type { Trace } from "./mixture1d.js";

/** One curve of {@link linesFigure}. */
export interface Series {
  /** x values. */
  x: ArrayLike<number>;
  /** y values (null leaves a gap). */
  y: ArrayLike<number | null>;
  /** Legend name. */
  name: string;
  /** Draw "lines" (default), "markers" only, or "both". */
  draw?: "lines" | "markers" | "both";
  /** Dashed line (default false). */
  dashed?: boolean;
  /** Colour (default: the house palette in order). */
  color?: string;
}

/** Axis titles, scales and ranges of {@link linesFigure} and {@link barsFigure}. */
export interface AxesOptions {
  /** Figure title. */
  title?: string;
  /** x-axis title. */
  xTitle?: string;
  /** y-axis title. */
  yTitle?: string;
  /** Logarithmic x axis. */
  xLog?: boolean;
  /** Logarithmic y axis. */
  yLog?: boolean;
  /** x range [lo, hi] (for a log axis, in data units: the helper takes the logarithms). */
  xRange?: readonly [number, number];
  /** y range [lo, hi] (for a log axis, in data units). */
  yRange?: readonly [number, number];
  /** Draw the x axis from right to left. */
  xReversed?: boolean;
  /** Legend below the plot instead of beside it. */
  legendBelow?: boolean;
  /** Figure height in pixels (default: the house size). */
  height?: number;
}

function axis(titleText: string | undefined, log: boolean | undefined, range: readonly [number, number] | undefined, reversed?: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { title: { text: titleText ?? "" } };
  if (log) {
    out.type = "log";
    out.exponentformat = "power";
  }
  if (range) {
    if (!(range[0] < range[1]) || (log && !(range[0] > 0))) throw new InvalidInputError(`range must be [lo, hi] with lo < hi${log ? " and lo > 0 on a log axis" : ""}, got [${range[0]}, ${range[1]}].`);
    out.range = log ? [Math.log10(range[0]), Math.log10(range[1])] : [range[0], range[1]];
    if (reversed) out.range = (out.range as number[]).slice().reverse();
  } else if (reversed) {
    out.autorange = "reversed";
  }
  return out;
}

/** @internal the layout of a single-axes figure. */
export function axesLayout(options: AxesOptions): Record<string, unknown> {
  const layout: Record<string, unknown> = {
    title: { text: options.title ?? "" },
    xaxis: axis(options.xTitle, options.xLog, options.xRange, options.xReversed),
    yaxis: axis(options.yTitle, options.yLog, options.yRange),
  };
  // y = −0.25 of the plot height clears the x-axis title (at −0.18 the two overlap at the default height).
  if (options.legendBelow) layout.legend = { orientation: "h", x: 0, y: -0.25, yanchor: "top" };
  if (options.height !== undefined) layout.height = options.height;
  return layout;
}

/**
 * A figure of the given traces with titled axes: the glue for traces made by the other helpers
 * (mixture curves, ellipses, points) when no ready-made figure fits.
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fit = fitGaussianMixture(X, { k: 2, seed: 1 });
 * showFigure(tracesFigure([pointsTrace(X), ...ellipseTraces(fit)], { title: "K = 2", xTitle: "eruption (min)", yTitle: "waiting (min)" }));
 */
export function tracesFigure(traces: readonly Trace[], options: AxesOptions = {}): Figure {
  if (!Array.isArray(traces)) throw new InvalidInputError("tracesFigure: traces must be an array of Plotly traces.");
  return { data: [...traces], layout: axesLayout(options) };
}

/**
 * [min − pad·w, max + pad·w] of the values, w = max − min: a fixed axis range that holds the data
 * with a margin (animations need fixed ranges).
 * @example
 * const eruptions = readCsv("data/faithful.csv").numbers("eruptions");
 * paddedRange(eruptions, 0.15); // → [1.1, 5.6]
 */
export function paddedRange(values: ArrayLike<number>, pad = 0.05): [number, number] {
  if (!values || values.length === 0) throw new InvalidInputError("paddedRange: values must be a non-empty array of numbers.");
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new InvalidInputError(`paddedRange: values[${i}] is ${v}; pass finite numbers.`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(pad >= 0)) throw new InvalidInputError(`paddedRange: pad must be ≥ 0, got ${pad}.`);
  const w = hi > lo ? hi - lo : Math.max(1, Math.abs(lo));
  return [lo - pad * w, hi + pad * w];
}

const MODES = { lines: "lines", markers: "markers", both: "lines+markers" } as const;

/**
 * A figure of curves y(x): each series a line, markers, or both.
 * @see notebooks/05-em-for-gaussian-mixtures.ipynb (the log-likelihood path and its distance to the limit)
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fit = fitGaussianMixture(X, { k: 2, seed: 1 });
 * const t = fit.history.logLikelihood.map((_, i) => i);
 * showFigure(linesFigure([{ x: t, y: fit.history.logLikelihood, name: "ℓ(θₜ)", draw: "both" }],
 *   { title: "EM log-likelihood", xTitle: "iteration t", yTitle: "ℓ (nats)" }));
 */
export function linesFigure(series: readonly Series[], options: AxesOptions = {}): Figure {
  if (!Array.isArray(series) || series.length === 0) throw new InvalidInputError("linesFigure: series must be a non-empty array of { x, y, name }.");
  const data = series.map((s, i) => {
    if (!s || !s.x || !s.y || s.x.length !== s.y.length) throw new InvalidInputError(`linesFigure: series ${i} needs x and y of the same length.`);
    const trace: Trace = { type: "scatter", mode: MODES[(s.draw ?? "lines") as keyof typeof MODES], x: Array.from(s.x), y: Array.from(s.y), name: s.name };
    if (s.dashed || s.color) trace.line = { ...(s.color ? { color: s.color } : {}), ...(s.dashed ? { dash: "dash" } : {}) };
    if (s.color && s.draw !== "lines") trace.marker = { color: s.color };
    return trace;
  });
  return { data, layout: axesLayout(options) };
}

/**
 * A figure of grouped bars: one bar per category for each series.
 * @example
 * showFigure(barsFigure(["ℓ = −1130", "ℓ = −1131"], [{ name: "random starts", y: [12, 38] }], { yTitle: "runs" }));
 */
export function barsFigure(categories: readonly string[], series: ReadonlyArray<{ name: string; y: ArrayLike<number>; color?: string }>, options: AxesOptions = {}): Figure {
  if (!Array.isArray(categories) || categories.length === 0) throw new InvalidInputError("barsFigure: categories must be a non-empty array of labels.");
  const data = series.map((s, i) => {
    if (!s || !s.y || s.y.length !== categories.length) throw new InvalidInputError(`barsFigure: series ${i} needs one value per category (${categories.length}).`);
    return { type: "bar", x: [...categories], y: Array.from(s.y), name: s.name, ...(s.color ? { marker: { color: s.color } } : {}) };
  });
  return { data, layout: { ...axesLayout(options), barmode: "group" } };
}

/** One panel of {@link panelFigure}: its traces and a short title written above it. */
export interface Panel {
  /** The panel's traces (their axes are assigned by panelFigure). */
  traces: Trace[];
  /** Text shown at the panel's top left (HTML allowed, e.g. "<b>full</b>: ℓ = ..."). */
  title?: string;
}

/**
 * Panels on a grid (row by row), each with its own axes: axis titles on the bottom row and the left
 * column, the same ranges everywhere when given, panel titles above each panel, no legend.
 * @see notebooks/05-em-for-gaussian-mixtures.ipynb (four covariance structures; two local optima)
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fits = COVARIANCE_TYPES.map((covarianceType) => fitGaussianMixture(X, { k: 2, covarianceType, seed: 1 }));
 * showFigure(panelFigure(fits.map((f) => ({ traces: ellipseTraces(f), title: f.covarianceType })),
 *   { columns: 2, xTitle: "eruption (min)", yTitle: "waiting (min)" }));
 */
export function panelFigure(panels: readonly Panel[], options: AxesOptions & { columns?: number } = {}): Figure {
  if (!Array.isArray(panels) || panels.length === 0) throw new InvalidInputError("panelFigure: panels must be a non-empty array of { traces, title }.");
  const columns = options.columns ?? Math.min(panels.length, 2);
  if (!Number.isInteger(columns) || columns < 1) throw new InvalidInputError(`panelFigure: columns must be a positive integer, got ${columns}.`);
  const rows = Math.ceil(panels.length / columns);
  const data: Trace[] = [];
  const layout: Record<string, unknown> = {
    title: { text: options.title ?? "" },
    grid: { rows, columns, pattern: "independent", xgap: 0.12, ygap: rows > 1 ? 0.2 : 0.1 },
    showlegend: false,
    height: options.height ?? Math.max(420, 330 * rows + 90),
    margin: { t: 90 },
  };
  const annotations: Record<string, unknown>[] = [];
  panels.forEach((panel, p) => {
    const n = p + 1;
    const suffix = n === 1 ? "" : String(n);
    for (const t of panel.traces) data.push({ ...t, ...axesOf(n), showlegend: false });
    const bottom = p >= panels.length - columns;
    const left = p % columns === 0;
    layout[`xaxis${suffix}`] = axis(bottom ? options.xTitle : "", options.xLog, options.xRange, options.xReversed);
    layout[`yaxis${suffix}`] = axis(left ? options.yTitle : "", options.yLog, options.yRange);
    if (panel.title) {
      annotations.push({ xref: `x${suffix} domain`, yref: `y${suffix} domain`, x: 0, y: 1.02, xanchor: "left", yanchor: "bottom", showarrow: false, text: panel.title });
    }
  });
  layout.annotations = annotations;
  return { data, layout };
}
