/**
 * Traces of a Gaussian mixture in two dimensions: the data coloured by responsibilities or labels,
 * each component's covariance ellipse, and the means. Colours per component come from
 * {@link componentColors}(K), so every figure follows the number of components.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { rowsOf, type MatrixObject } from "../core/validate.js";
import { componentColors, responsibilityColors } from "./colors.js";
import { axesOf } from "./axes.js";
import { covarianceEllipse } from "./ellipse.js";
import type { Trace } from "./mixture1d.js";
import { subscript } from "./mixture1d.js";

/** What the 2-D helpers read from a mixture: means and covariances (a fitted `GaussianMixture` qualifies). */
export interface MixtureLike2d {
  /** Component means, K rows of length D ≥ 2 (rows, or an ml-matrix Matrix). */
  means: ArrayLike<ArrayLike<number>> | MatrixObject;
  /** Component covariances, K matrices D × D (each rows, or an ml-matrix Matrix). */
  covariances: ArrayLike<ArrayLike<ArrayLike<number>> | MatrixObject>;
  /** Mixing weights (optional; shown in names when `withWeights` is set). */
  weights?: ArrayLike<number>;
}

/** Which two coordinates to draw (default [0, 1]) and on which subplot (1 = the first axes). */
export interface PlaneOptions {
  /** Indices of the x and y coordinates (default [0, 1]). */
  dims?: readonly [number, number];
  /** Draw on subplot n (axes "x{n}", "y{n}"; default 1, the main axes); see {@link panelFigure}. */
  subplot?: number;
}

function dimsOf(options: PlaneOptions, d: number, fn: string): [number, number] {
  const [i, j] = options.dims ?? [0, 1];
  if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= d || j >= d || i === j) {
    throw new InvalidInputError(`${fn}: dims must be two different column indices below ${d}, got [${i}, ${j}].`);
  }
  return [i, j];
}

/** Options of {@link ellipseTraces}. */
export interface EllipseOptions extends PlaneOptions {
  /** Mahalanobis radius, in standard deviations (default 2: the "2σ ellipse"). */
  radius?: number;
  /** Component colours (default {@link componentColors}(K)). */
  colors?: readonly string[];
  /** Dashed lines (e.g. for a starting point; default false). */
  dashed?: boolean;
  /** Appended to each trace name ("component 1 (start)"). */
  nameSuffix?: string;
  /** Line width (default 2.5). */
  width?: number;
  /** Whether the ellipses appear in the legend (default true). */
  showLegend?: boolean;
}

/**
 * One closed line per component: its covariance ellipse at `radius` standard deviations (default 2)
 * in the chosen plane, in the component's colour.
 * @see notebooks/05-em-for-gaussian-mixtures.ipynb (two dimensions, the animation)
 * @see notebooks/07-how-many-components.ipynb (the BIC choice)
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fit = fitGaussianMixture(X, { k: 3, seed: 1 });
 * showFigure({ data: [pointsTrace(X, { responsibilities: fit.predictProba(X) }), ...ellipseTraces(fit)] });
 */
export function ellipseTraces(mixture: MixtureLike2d, options: EllipseOptions = {}): Trace[] {
  const fn = "ellipseTraces";
  const means = mixture ? (rowsOf(mixture.means) as ArrayLike<ArrayLike<number>>) : undefined;
  if (!mixture || !means || !mixture.covariances || means.length !== mixture.covariances.length) {
    throw new InvalidInputError(`${fn}: the mixture needs as many covariances as means.`);
  }
  const k = means.length;
  const d = means[0]?.length ?? 0;
  const [a, b] = dimsOf(options, d, fn);
  const colors = options.colors ?? componentColors(k);
  const traces: Trace[] = [];
  for (let c = 0; c < k; c++) {
    const m = means[c];
    const S = rowsOf(mixture.covariances[c]) as ArrayLike<ArrayLike<number>>;
    const { x, y } = covarianceEllipse([m[a], m[b]], [[S[a][a], S[a][b]], [S[b][a], S[b][b]]], { radius: options.radius ?? 2 });
    traces.push({
      type: "scatter", mode: "lines", x, y, ...axesOf(options.subplot),
      name: `component ${c + 1}${options.nameSuffix ?? ""}`,
      line: { color: colors[c % colors.length], width: options.width ?? 2.5, dash: options.dashed ? "dash" : "solid" },
      showlegend: options.showLegend ?? true,
    });
  }
  return traces;
}

/**
 * The component means as one marker trace (× by default, open circles with `open`).
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fit = fitGaussianMixture(X, { k: 2, seed: 1 });
 * meansTrace(fit, { name: "means after one M-step", open: true });
 */
export function meansTrace(mixture: Pick<MixtureLike2d, "means">, options: PlaneOptions & { name?: string; open?: boolean; showLegend?: boolean } = {}): Trace {
  const fn = "meansTrace";
  const rows = mixture ? (rowsOf(mixture.means) as ArrayLike<ArrayLike<number>>) : undefined;
  if (!rows || rows.length === 0) throw new InvalidInputError(`${fn}: the mixture has no means.`);
  const [a, b] = dimsOf(options, rows[0].length, fn);
  const means = Array.from(rows);
  return {
    type: "scatter", mode: "markers", ...axesOf(options.subplot),
    x: means.map((m) => m[a]), y: means.map((m) => m[b]),
    text: means.map((_, c) => `μ${subscript(c + 1)}`), name: options.name ?? "means",
    marker: options.open ? { symbol: "circle-open", size: 12, color: "#222", line: { width: 2 } } : { symbol: "x", size: 11, color: "#222" },
    showlegend: options.showLegend ?? true,
  };
}

/** Options of {@link pointsTrace}. */
export interface PointsOptions extends PlaneOptions {
  /** n × K responsibilities: each point's colour blends the component colours in these proportions. */
  responsibilities?: ArrayLike<ArrayLike<number>> | MatrixObject;
  /** Or one hard label (0..K−1) per point: each point in its component's colour. */
  labels?: ArrayLike<number>;
  /** Component colours (default {@link componentColors}(K)). */
  colors?: readonly string[];
  /** Trace name (default "data"). */
  name?: string;
  /** Marker size (default 6). */
  size?: number;
  /** Whether the trace appears in the legend (default true). */
  showLegend?: boolean;
}

/**
 * The data as a marker trace in the chosen plane, coloured by responsibilities (blended colours,
 * as in Bishop's red–blue figures), by hard labels, or grey.
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fit = fitGaussianMixture(X, { k: 2, seed: 1 });
 * pointsTrace(X, { responsibilities: fit.predictProba(X), name: "eruptions (colour = responsibilities)" });
 */
export function pointsTrace(Xin: ArrayLike<ArrayLike<number>> | MatrixObject, options: PointsOptions = {}): Trace {
  const fn = "pointsTrace";
  const X = rowsOf(Xin) as ArrayLike<ArrayLike<number>>;
  if (!X || X.length === 0) throw new InvalidInputError(`${fn}: X must be a non-empty array of rows.`);
  const [a, b] = dimsOf(options, X[0].length, fn);
  const rows = Array.from(X);
  let color: string | string[] = "#8c8c8c";
  if (options.responsibilities) {
    const R = rowsOf(options.responsibilities) as ArrayLike<ArrayLike<number>>;
    if (R.length !== rows.length) throw new InvalidInputError(`${fn}: ${R.length} rows of responsibilities for ${rows.length} points.`);
    color = responsibilityColors(R, options.colors);
  } else if (options.labels) {
    const labels = Array.from(options.labels);
    if (labels.length !== rows.length) throw new InvalidInputError(`${fn}: ${labels.length} labels for ${rows.length} points.`);
    const k = labels.reduce((m, l) => Math.max(m, l), 0) + 1;
    const colors = options.colors ?? componentColors(k);
    color = labels.map((l) => colors[l % colors.length]);
  }
  return {
    type: "scatter", mode: "markers", ...axesOf(options.subplot),
    x: rows.map((r) => r[a]), y: rows.map((r) => r[b]), name: options.name ?? "data",
    marker: { color, size: options.size ?? 6, line: { width: 0.4, color: "white" } },
    showlegend: options.showLegend ?? true,
  };
}
