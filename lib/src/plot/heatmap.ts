/**
 * A table of numbers as a heat map with the numbers written in the cells: a confusion table of
 * classes against clusters, with the matched cells outlined.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { checkOptions } from "../core/validate.js";
import type { Figure } from "./figure.js";
import { axesLayout, type AxesOptions } from "./panels.js";
import { palette } from "./style.js";

/** Options of {@link heatmapFigure}: the labels of the rows and columns, cells to outline, and the axes. */
export interface HeatmapOptions extends Pick<AxesOptions, "title" | "xTitle" | "yTitle" | "height"> {
  /** One label per row (drawn top to bottom, in this order). */
  rows: readonly string[];
  /** One label per column (left to right). */
  columns: readonly string[];
  /** Cells to outline, as [row, column] pairs (e.g. a one-to-one matching); pairs with a −1 are skipped. */
  outline?: ReadonlyArray<readonly [number, number]>;
  /** Digits after the point of the numbers written in the cells (default 0). */
  digits?: number;
  /** Title of the colour bar (default none). */
  colorTitle?: string;
}

/**
 * A heat map of `values` (rows × columns), each cell coloured from white (0 or the smallest value)
 * to blue (the largest) with its value written in it, rows from top to bottom, optional outlines
 * around chosen cells.
 * @param values rows × columns of finite numbers
 * @see notebooks/12-variational-em.ipynb (the dominant LDA topic of each chapter against its novel)
 * @example
 * import { confusionTable, heatmapFigure, showFigure } from "mlem";
 * const t = confusionTable(["Emma", "Emma", "Persuasion"], [1, 1, 0]);
 * showFigure(heatmapFigure(t.counts, {
 *   rows: t.classes, columns: ["topic 1", "topic 2"], outline: t.matching.map((c, r) => [r, c] as const),
 *   title: "chapters by novel and dominant topic",
 * }));
 */
export function heatmapFigure(values: ReadonlyArray<ArrayLike<number>>, options: HeatmapOptions): Figure {
  const fn = "heatmapFigure";
  if (!options || typeof options !== "object") throw new InvalidInputError(`${fn}: pass options with the labels { rows, columns }.`);
  checkOptions(options, ["rows", "columns", "outline", "digits", "colorTitle", "title", "xTitle", "yTitle", "height"], fn);
  const { rows, columns } = options;
  if (!Array.isArray(values) || values.length === 0) throw new InvalidInputError(`${fn}: values must be a non-empty array of rows.`);
  if (!Array.isArray(rows) || rows.length !== values.length) throw new InvalidInputError(`${fn}: rows must have one label per row of values (${values.length}).`);
  if (!Array.isArray(columns) || columns.length === 0) throw new InvalidInputError(`${fn}: columns must be a non-empty array of labels.`);
  const digits = options.digits ?? 0;
  if (!Number.isInteger(digits) || digits < 0 || digits > 12) throw new InvalidInputError(`${fn}: digits must be an integer from 0 to 12, got ${digits}.`);
  const z: number[][] = values.map((r, i) => {
    if (!r || r.length !== columns.length) throw new InvalidInputError(`${fn}: row ${i} has ${r?.length} values but there are ${columns.length} columns.`);
    const out: number[] = Array.from(r as ArrayLike<number>);
    out.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new InvalidInputError(`${fn}: values[${i}][${j}] is ${v}; pass finite numbers.`);
    });
    return out;
  });
  const x = [...columns];
  const y = [...rows];
  const trace: Record<string, unknown> = {
    type: "heatmap",
    z,
    x,
    y,
    text: z.map((r) => r.map((v) => v.toFixed(digits))),
    texttemplate: "%{text}",
    hovertemplate: "%{y}, %{x}: %{text}<extra></extra>",
    colorscale: [[0, "#ffffff"], [1, palette[5]]],
    xgap: 1,
    ygap: 1,
  };
  if (options.colorTitle !== undefined) trace.colorbar = { title: { text: options.colorTitle } };
  else trace.showscale = false;
  const shapes: Record<string, unknown>[] = [];
  for (const pair of options.outline ?? []) {
    const [r, c] = pair;
    if (r === -1 || c === -1) continue;
    if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0 || r >= rows.length || c >= columns.length) {
      throw new InvalidInputError(`${fn}: outline pair [${r}, ${c}] is outside the ${rows.length} × ${columns.length} table.`);
    }
    // Category axes put cell c at c − 0.5 … c + 0.5.
    shapes.push({ type: "rect", xref: "x", yref: "y", x0: c - 0.5, x1: c + 0.5, y0: r - 0.5, y1: r + 0.5, line: { color: palette[3], width: 2.5 } });
  }
  const layout = axesLayout({ title: options.title, xTitle: options.xTitle, yTitle: options.yTitle, height: options.height ?? Math.max(300, 60 + 42 * rows.length) });
  Object.assign(layout.xaxis as Record<string, unknown>, { type: "category", showgrid: false });
  Object.assign(layout.yaxis as Record<string, unknown>, { type: "category", autorange: "reversed", showgrid: false });
  layout.shapes = shapes;
  return { data: [trace], layout };
}
