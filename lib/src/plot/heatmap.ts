/**
 * A matrix drawn as coloured cells: which values are missing, day by day (notebook 09), or small
 * binary images and the probabilities a mixture fits to their pixels (notebook 10), or a table of
 * counts with its numbers in the cells and chosen cells outlined (a confusion table, notebook 12).
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import type { Figure } from "./figure.js";
import { axesLayout, type AxesOptions } from "./panels.js";

/** Options of {@link heatmapFigure}: the axes of {@link linesFigure} plus the colouring. */
export interface HeatmapOptions extends Omit<AxesOptions, "xLog" | "yLog"> {
  /** Column positions or labels (default 0 … columns − 1). */
  x?: ReadonlyArray<number | string>;
  /** Row positions or labels (default 0 … rows − 1). */
  y?: ReadonlyArray<number | string>;
  /** The colours of the lowest and the highest value, "#rrggbb" (default light grey to near black). */
  colors?: readonly [string, string];
  /** The values the two colours stand for (default: the smallest and largest value in z). */
  zRange?: readonly [number, number];
  /** Title of the colour scale; null draws no scale (default null). */
  colorbarTitle?: string | null;
  /** Draw the first row at the top, as a matrix is printed (default false: at the bottom, as a plot). */
  yReversed?: boolean;
  /** Square cells: one unit of x as long as one unit of y (default false). */
  equalAspect?: boolean;
  /** No tick labels, grid or zero lines: for images (default false). */
  hideTicks?: boolean;
  /** Gap between cells in pixels (default 0). */
  gap?: number;
  /** Write each cell's value in it, with this many digits after the point (default: no numbers). */
  digits?: number;
  /** Cells to outline, as [row, column] indices (e.g. a one-to-one matching); pairs with a −1 are skipped. */
  outline?: ReadonlyArray<readonly [number, number]>;
}

/**
 * A figure of the matrix `z` (rows × columns) as coloured cells, shading linearly from the first
 * colour to the second; `null` cells stay blank (gaps between tiled images). The axes take the
 * titles, ranges, height and legend options of the other figure helpers.
 * @param z the values, one array per row, all of the same length (numbers or null)
 * @see notebooks/09-missing-data.ipynb (where the values are missing, day by day)
 * @see notebooks/10-more-em-models.ipynb (binary images and fitted pixel probabilities)
 * @see notebooks/12-variational-em.ipynb (chapters by novel and dominant topic, the matching outlined)
 * @example
 * showFigure(heatmapFigure([[0, 1, 0], [1, 1, 0]], { y: ["ozone", "solar"], colors: ["#e8eef4", "#D55E00"], yReversed: true, title: "missing (orange)" }));
 * // a confusion table with its counts written in and the matched cells outlined
 * import { confusionTable } from "mlem";
 * const t = confusionTable(["Emma", "Emma", "Persuasion"], [1, 1, 0]);
 * showFigure(heatmapFigure(t.counts, { y: t.classes, x: ["topic 1", "topic 2"], yReversed: true, digits: 0, outline: t.matching.map((c, r) => [r, c] as const) }));
 */
export function heatmapFigure(z: ArrayLike<ArrayLike<number | null>>, options: HeatmapOptions = {}): Figure {
  const fn = "heatmapFigure";
  if (!z || z.length === 0 || !z[0] || z[0].length === 0) throw new InvalidInputError(`${fn}: z must be a non-empty array of non-empty rows.`);
  const columns = z[0].length;
  const rows: (number | null)[][] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < z.length; r++) {
    if (!z[r] || z[r].length !== columns) throw new InvalidInputError(`${fn}: row ${r} has ${z[r]?.length} cells, row 0 has ${columns}; every row needs the same length.`);
    const row = Array.from(z[r]);
    for (let c = 0; c < columns; c++) {
      const v = row[c];
      if (v === null) continue;
      if (typeof v !== "number" || !Number.isFinite(v)) throw new InvalidInputError(`${fn}: z[${r}][${c}] is ${v}; cells are finite numbers or null.`);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    rows.push(row);
  }
  if (lo === Infinity) throw new InvalidInputError(`${fn}: every cell of z is null; there is nothing to draw.`);
  if (options.x && options.x.length !== columns) throw new InvalidInputError(`${fn}: x has ${options.x.length} entries for ${columns} columns.`);
  if (options.y && options.y.length !== rows.length) throw new InvalidInputError(`${fn}: y has ${options.y.length} entries for ${rows.length} rows.`);
  const [zmin, zmax] = options.zRange ?? [lo, hi === lo ? lo + 1 : hi];
  if (!(zmin < zmax)) throw new InvalidInputError(`${fn}: zRange must be [lo, hi] with lo < hi, got [${zmin}, ${zmax}].`);
  const [low, high] = options.colors ?? ["#f4f4f4", "#222222"];
  const colorbarTitle = options.colorbarTitle ?? null;
  const gap = options.gap ?? 0;
  if (!(gap >= 0)) throw new InvalidInputError(`${fn}: gap must be ≥ 0 pixels, got ${gap}.`);
  const digits = options.digits;
  if (digits !== undefined && (!Number.isInteger(digits) || digits < 0 || digits > 12)) throw new InvalidInputError(`${fn}: digits must be an integer from 0 to 12, got ${digits}.`);
  const trace: Record<string, unknown> = {
    type: "heatmap", z: rows, zmin, zmax, colorscale: [[0, low], [1, high]], hoverongaps: false, xgap: gap, ygap: gap,
    showscale: colorbarTitle !== null,
    ...(colorbarTitle !== null ? { colorbar: { title: { text: colorbarTitle } } } : {}),
    ...(options.x ? { x: [...options.x] } : {}),
    ...(options.y ? { y: [...options.y] } : {}),
    ...(digits !== undefined ? { text: rows.map((r) => r.map((v) => (v === null ? "" : v.toFixed(digits)))), texttemplate: "%{text}" } : {}),
  };
  const layout = axesLayout(options);
  const xaxis = layout.xaxis as Record<string, unknown>;
  const yaxis = layout.yaxis as Record<string, unknown>;
  if (options.hideTicks) for (const a of [xaxis, yaxis]) Object.assign(a, { showticklabels: false, showgrid: false, zeroline: false, ticks: "" });
  if (options.yReversed) {
    if (yaxis.range) yaxis.range = (yaxis.range as number[]).slice().reverse();
    else yaxis.autorange = "reversed";
  }
  if (options.equalAspect) yaxis.scaleanchor = "x";
  if (typeof options.y?.[0] === "string") yaxis.automargin = true;
  const shapes: Record<string, unknown>[] = [];
  for (const [r, c] of options.outline ?? []) {
    if (r === -1 || c === -1) continue;
    if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0 || r >= rows.length || c >= columns) {
      throw new InvalidInputError(`${fn}: outline pair [${r}, ${c}] is outside the ${rows.length} × ${columns} matrix.`);
    }
    const [x0, x1] = cellSpan(options.x, c);
    const [y0, y1] = cellSpan(options.y, r);
    shapes.push({ type: "rect", xref: "x", yref: "y", x0, x1, y0, y1, line: { color: "#E69F00", width: 2.5 } });
  }
  if (shapes.length > 0) layout.shapes = shapes;
  return { data: [trace], layout };
}

/** Where cell `i` lies along an axis: labels and default positions put it at i ± 0.5, numeric positions halfway to their neighbours. */
function cellSpan(positions: ReadonlyArray<number | string> | undefined, i: number): [number, number] {
  if (!positions || typeof positions[i] !== "number") return [i - 0.5, i + 0.5];
  const p = positions as readonly number[];
  const left = i > 0 ? (p[i] - p[i - 1]) / 2 : i + 1 < p.length ? (p[i + 1] - p[i]) / 2 : 0.5;
  const right = i + 1 < p.length ? (p[i + 1] - p[i]) / 2 : left;
  return [p[i] - left, p[i] + right];
}
