/**
 * Figures of a one-dimensional Gaussian mixture: the data's histogram, the mixture density and each
 * weighted component π_c N(x | μ_c, σ_c²), coloured per component.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { Normal } from "../distributions/normal.js";
import { componentColors } from "./colors.js";
import type { Figure } from "./figure-spec.js";

/** A Plotly trace, as plain JSON. */
export type Trace = Record<string, unknown>;

/** A univariate Gaussian mixture: weights π (summing to 1), means μ and standard deviations σ, one per component. */
export interface UnivariateMixture {
  /** Mixing weights π_c. */
  weights: ArrayLike<number>;
  /** Component means μ_c. */
  means: ArrayLike<number>;
  /** Component standard deviations σ_c > 0. */
  sds: ArrayLike<number>;
}

/**
 * What the 1-D helpers accept: a {@link UnivariateMixture}, or anything shaped like a fitted
 * one-dimensional `GaussianMixture` (`means[c][0]`, `covariances[c][0][0]`).
 */
export type MixtureLike1d =
  | UnivariateMixture
  | { weights: ArrayLike<number>; means: ArrayLike<ArrayLike<number>>; covariances: ArrayLike<ArrayLike<ArrayLike<number>>> };

const SUB = "₀₁₂₃₄₅₆₇₈₉";

/**
 * A positive integer in Unicode subscript digits, for trace names ("π₁₂").
 * @example
 * subscript(12); // → "₁₂"
 */
export function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => SUB[Number(d)]);
}

/**
 * The weights, means and standard deviations of a 1-D mixture given either way (see
 * {@link MixtureLike1d}), as plain arrays, checked.
 * @example
 * const waiting = readCsv("data/faithful.csv").numbers("waiting");
 * univariateMixture(fitGaussianMixture(waiting.map((v) => [v]), { k: 2 })); // { weights, means, sds }
 */
export function univariateMixture(mixture: MixtureLike1d): { weights: number[]; means: number[]; sds: number[] } {
  const fn = "univariateMixture";
  if (!mixture || typeof mixture !== "object" || !mixture.weights || !mixture.means) {
    throw new InvalidInputError(`${fn}: expected { weights, means, sds } or a fitted 1-D GaussianMixture.`);
  }
  const weights = Array.from(mixture.weights);
  const k = weights.length;
  let means: number[];
  let sds: number[];
  if ("sds" in mixture) {
    means = Array.from(mixture.means as ArrayLike<number>);
    sds = Array.from(mixture.sds);
  } else if ("covariances" in mixture) {
    const m = mixture.means as ArrayLike<ArrayLike<number>>;
    const S = mixture.covariances;
    if (m[0]?.length !== 1) throw new InvalidInputError(`${fn}: the mixture has ${m[0]?.length}-dimensional means; the 1-D helpers need one dimension (pick a column first).`);
    means = Array.from(m, (row) => row[0]);
    sds = Array.from(S, (cov) => Math.sqrt(cov[0][0]));
  } else {
    throw new InvalidInputError(`${fn}: the mixture needs sds (standard deviations) or covariances.`);
  }
  if (k === 0 || means.length !== k || sds.length !== k) {
    throw new InvalidInputError(`${fn}: weights, means and sds need one entry per component, got ${k}, ${means.length} and ${sds.length}.`);
  }
  for (let c = 0; c < k; c++) {
    if (!(weights[c] >= 0) || !Number.isFinite(means[c]) || !(sds[c] > 0) || !Number.isFinite(sds[c])) {
      throw new InvalidInputError(`${fn}: component ${c + 1} has weight ${weights[c]}, mean ${means[c]}, sd ${sds[c]}; need weight ≥ 0, a finite mean and sd > 0.`);
    }
  }
  return { weights, means, sds };
}

/**
 * `points` evenly spaced values covering the data's range, widened by `pad` (a fraction of the
 * range) on each side: the x grid for density curves.
 * @example
 * const waiting = readCsv("data/faithful.csv").numbers("waiting");
 * gridOver(waiting).length; // → 241 — points from a little below min(waiting) to a little above max
 */
export function gridOver(x: ArrayLike<number>, options: { points?: number; pad?: number } = {}): number[] {
  const points = options.points ?? 241;
  const pad = options.pad ?? 0.05;
  if (!x || x.length === 0) throw new InvalidInputError("gridOver: x must be a non-empty array of numbers.");
  if (!Number.isInteger(points) || points < 2) throw new InvalidInputError(`gridOver: points must be an integer ≥ 2, got ${points}.`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new InvalidInputError(`gridOver: x[${i}] is ${x[i]}; pass finite numbers.`);
    lo = Math.min(lo, x[i]);
    hi = Math.max(hi, x[i]);
  }
  const width = hi > lo ? hi - lo : Math.max(1, Math.abs(lo));
  const a = lo - pad * width;
  const b = hi + pad * width;
  return Array.from({ length: points }, (_, j) => a + ((b - a) * j) / (points - 1));
}

/** Options of {@link mixtureCurveTraces}. */
export interface MixtureCurveOptions {
  /** Multiplies every density, e.g. n × bin width to draw counts per bin (default 1: densities). */
  scale?: number;
  /** Component colours (default {@link componentColors}(K)). */
  colors?: readonly string[];
  /** Component trace names (default "π₁ N(μ₁, σ₁²)", ...). */
  names?: readonly string[];
  /** Name of the mixture-density trace, or null to leave it out (default "mixture p(x)"). */
  totalName?: string | null;
  /** Draw the components dashed (default true) so the total stands out. */
  dashed?: boolean;
  /** Whether to draw the components at all (default true). */
  components?: boolean;
  /** Whether these traces appear in the legend (default true). */
  showLegend?: boolean;
}

/**
 * Line traces of a 1-D mixture over `grid`: the density p(x) = Σ_c π_c N(x | μ_c, σ_c²) (thick,
 * dark) and each weighted component π_c N(x | μ_c, σ_c²) in its colour.
 * @see notebooks/05-em-for-gaussian-mixtures.ipynb (the picture first, one iteration by hand)
 * @example
 * const waiting = readCsv("data/faithful.csv").numbers("waiting");
 * const fit = fitGaussianMixture(waiting.map((v) => [v]), { k: 2 });
 * showFigure({ data: mixtureCurveTraces(fit, gridOver(waiting)) });
 */
export function mixtureCurveTraces(mixture: MixtureLike1d, grid: ArrayLike<number>, options: MixtureCurveOptions = {}): Trace[] {
  const { weights, means, sds } = univariateMixture(mixture);
  const k = weights.length;
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new InvalidInputError(`mixtureCurveTraces: scale must be a positive number, got ${scale}.`);
  const colors = options.colors ?? componentColors(k);
  if (colors.length < k) throw new InvalidInputError(`mixtureCurveTraces: ${colors.length} colours for ${k} components; pass one per component.`);
  const names = options.names ?? Array.from({ length: k }, (_, c) => `π${subscript(c + 1)} N(μ${subscript(c + 1)}, σ${subscript(c + 1)}²)`);
  const x = Array.from(grid);
  const curves = Array.from({ length: k }, (_, c) => {
    const d = new Normal(means[c], sds[c]);
    return x.map((g) => scale * weights[c] * d.pdf(g));
  });
  const showlegend = options.showLegend ?? true;
  const traces: Trace[] = [];
  if (options.totalName !== null) {
    const total = x.map((_, j) => curves.reduce((s, curve) => s + curve[j], 0));
    traces.push({ type: "scatter", mode: "lines", x, y: total, name: options.totalName ?? "mixture p(x)", line: { color: "#222", width: 3.5 }, showlegend });
  }
  if (options.components !== false) {
    const dash = options.dashed === false ? "solid" : "dash";
    for (let c = 0; c < k; c++) traces.push({ type: "scatter", mode: "lines", x, y: curves[c], name: names[c], line: { color: colors[c], dash, width: 2 }, showlegend });
  }
  return traces;
}

/** Options of {@link histogramTraces}. */
export interface HistogramOptions {
  /** Bin width (default: about 30 bins over the data's range, rounded to 1, 2 or 5 × a power of ten). */
  binWidth?: number;
  /** Left edge of the first bin (default: the data minimum rounded down to a multiple of binWidth). */
  start?: number;
  /** Densities (default) or counts per bin. */
  counts?: boolean;
  /** A group label per point (0..G−1): one overlaid histogram per group, in the group colours. */
  labels?: ArrayLike<number>;
  /** Names of the groups, or of the single histogram (default "data"). */
  names?: readonly string[];
  /** Colours of the groups (default {@link componentColors}(G)), or of the single histogram (default grey). */
  colors?: readonly string[];
}

function niceWidth(range: number): number {
  const raw = range / 30;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/**
 * The bin width and first edge {@link histogramTraces} uses for `x` (so that a density curve can be
 * scaled to counts per bin: multiply by n × binWidth).
 * @example
 * const waiting = readCsv("data/faithful.csv").numbers("waiting");
 * histogramBins(waiting).binWidth; // → 2 — minutes
 */
export function histogramBins(x: ArrayLike<number>, options: { binWidth?: number; start?: number } = {}): { binWidth: number; start: number; end: number } {
  if (!x || x.length === 0) throw new InvalidInputError("histogramBins: x must be a non-empty array of numbers.");
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    lo = Math.min(lo, x[i]);
    hi = Math.max(hi, x[i]);
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new InvalidInputError("histogramBins: x must hold finite numbers.");
  const binWidth = options.binWidth ?? niceWidth(hi > lo ? hi - lo : 1);
  if (!(binWidth > 0)) throw new InvalidInputError(`histogramBins: binWidth must be > 0, got ${binWidth}.`);
  const start = options.start ?? Math.floor(lo / binWidth) * binWidth;
  const end = start + Math.max(1, Math.ceil((hi - start) / binWidth + 1e-9)) * binWidth;
  return { binWidth, start, end };
}

/**
 * Histogram trace(s) of `x`: one grey histogram, or with `labels` one semi-transparent bar trace per
 * group (e.g. coloured by the hidden label, or by k-means' assignment), stacked so that the groups
 * add up to the histogram of all the data (densities are relative to all n points).
 * @example
 * const waiting = readCsv("data/faithful.csv").numbers("waiting");
 * const kmeansLabels = waiting.map((w) => (w < 67 ? 0 : 1));
 * showFigure({ data: histogramTraces(waiting, { labels: kmeansLabels, names: ["group 1", "group 2"] }), layout: { barmode: "stack" } });
 */
export function histogramTraces(x: ArrayLike<number>, options: HistogramOptions = {}): Trace[] {
  const { binWidth, start, end } = histogramBins(x, options);
  const values = Array.from(x);
  if (!options.labels) {
    return [{
      type: "histogram", x: values, xbins: { start, end, size: binWidth }, histnorm: options.counts ? "" : "probability density",
      name: options.names?.[0] ?? "data", marker: { color: options.colors?.[0] ?? "#c8c8c8" },
    }];
  }
  const labels = Array.from(options.labels);
  if (labels.length !== values.length) throw new InvalidInputError(`histogramTraces: ${labels.length} labels for ${values.length} values; pass one label per value.`);
  if (!labels.every((l) => Number.isInteger(l) && l >= 0)) throw new InvalidInputError("histogramTraces: labels must be integers 0, 1, ... (the group of each value).");
  const groups = labels.reduce((m, l) => Math.max(m, l), 0) + 1;
  const colors = options.colors ?? componentColors(groups);
  const bins = Math.round((end - start) / binWidth);
  const unit = options.counts ? 1 : 1 / (values.length * binWidth);
  const centres = Array.from({ length: bins }, (_, j) => start + (j + 0.5) * binWidth);
  return Array.from({ length: groups }, (_, g) => {
    const heights = new Array<number>(bins).fill(0);
    let count = 0;
    values.forEach((v, i) => {
      if (labels[i] !== g) return;
      heights[Math.min(bins - 1, Math.max(0, Math.floor((v - start) / binWidth)))] += unit;
      count++;
    });
    return { type: "bar", x: centres, y: heights, width: binWidth, name: options.names?.[g] ?? `group ${g + 1} (${count} points)`, marker: { color: colors[g] }, opacity: 0.75 };
  });
}

/** Options of {@link mixtureFigure1d}. */
export interface MixtureFigure1dOptions extends MixtureCurveOptions {
  /** Figure title. */
  title?: string;
  /** x-axis title (default "x"). */
  xTitle?: string;
  /** y-axis title (default "density" or "count per bin of width w"). */
  yTitle?: string;
  /** Histogram options (bin width, counts, group labels, names, colours). */
  histogram?: HistogramOptions;
  /** x grid for the curves (default {@link gridOver}(x)). */
  grid?: ArrayLike<number>;
}

/**
 * The standard picture of a 1-D mixture fit: the data's histogram, the mixture density and the
 * weighted components, with titles. With `histogram.counts` the curves are scaled to counts per bin.
 * @see notebooks/05-em-for-gaussian-mixtures.ipynb (the picture first)
 * @example
 * const waiting = readCsv("data/faithful.csv").numbers("waiting");
 * const fit = fitGaussianMixture(waiting.map((v) => [v]), { k: 2, seed: 1 });
 * showFigure(mixtureFigure1d(waiting, fit, { title: "Old Faithful waiting times", xTitle: "minutes" }));
 */
export function mixtureFigure1d(x: ArrayLike<number>, mixture: MixtureLike1d, options: MixtureFigure1dOptions = {}): Figure {
  const { title, xTitle, yTitle, histogram = {}, grid, ...curveOptions } = options;
  const bins = histogramBins(x, histogram);
  const counts = histogram.counts === true;
  const hist = histogramTraces(x, { ...histogram, binWidth: bins.binWidth, start: bins.start });
  const curves = mixtureCurveTraces(mixture, grid ?? gridOver(x), { ...curveOptions, scale: (curveOptions.scale ?? 1) * (counts ? x.length * bins.binWidth : 1) });
  return {
    data: [...hist, ...curves],
    layout: {
      title: { text: title ?? "" },
      xaxis: { title: { text: xTitle ?? "x" } },
      yaxis: { title: { text: yTitle ?? (counts ? `count per bin of width ${Number(bins.binWidth.toPrecision(6))}` : "density") } },
      barmode: histogram.labels ? "stack" : "overlay",
      bargap: 0.05,
    },
  };
}
