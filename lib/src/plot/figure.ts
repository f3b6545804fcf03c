/**
 * Showing Plotly figures from a notebook cell.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { checkOptions } from "../core/validate.js";
import { displayBundle } from "./display.js";
import type { Figure } from "./figure-spec.js";
import { applyHouseStyle } from "./style.js";

export type { Figure } from "./figure-spec.js";

/**
 * The mime type under which JupyterLab's plotly extension renders a figure.
 * @example
 * displayBundle({ [PLOTLY_MIME]: { data: [{ y: [1, 3, 2] }] }, "text/plain": "a line" });
 */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

function titleOf(layout: Record<string, unknown> | undefined): string | undefined {
  const t = layout?.title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string") return (t as { text: string }).text;
  return undefined;
}

function axisTitle(layout: Record<string, unknown> | undefined, key: string): string | undefined {
  const ax = layout?.[key] as Record<string, unknown> | undefined;
  return titleOf(ax);
}

/**
 * A one-paragraph text description of a figure (title, axes, traces), used as its `text/plain`
 * alternative: what a screen reader, a terminal or a diff shows instead of the chart.
 * @example
 * altText({ data: [{ type: "scatter", name: "data" }], layout: { title: { text: "Waiting times" } } });
 * // "Figure: Waiting times. 1 trace: data (scatter)."
 */
export function altText(fig: Figure): string {
  const parts: string[] = [];
  parts.push(`Figure: ${titleOf(fig.layout) ?? "untitled"}.`);
  const x = axisTitle(fig.layout, "xaxis");
  const y = axisTitle(fig.layout, "yaxis");
  if (x || y) parts.push(`Axes: x = ${x ?? "?"}, y = ${y ?? "?"}.`);
  const traces = fig.data.map((t, i) => `${typeof t.name === "string" ? t.name : `trace ${i}`} (${typeof t.type === "string" ? t.type : "scatter"})`);
  parts.push(`${fig.data.length} trace${fig.data.length === 1 ? "" : "s"}${traces.length ? ": " + traces.join(", ") : ""}.`);
  if (fig.frames?.length) parts.push(`Animated over ${fig.frames.length} frames.`);
  return parts.join(" ");
}

/**
 * Shows a Plotly figure in the notebook, in the house style, as a single display_data bundle
 * (`application/vnd.plotly.v1+json` for JupyterLab plus `text/plain` alt text). Typed arrays in
 * traces are converted to plain arrays so the JSON is portable.
 * @param fig the figure; its layout wins over the house style
 * @param options.altText replaces the generated text alternative
 * @example
 * showFigure({
 *   data: [{ type: "scatter", mode: "markers", x: [1, 2, 3], y: [2, 4, 3], name: "data" }],
 *   layout: { title: { text: "A first chart" }, xaxis: { title: { text: "x" } }, yaxis: { title: { text: "y" } } },
 * });
 */
export function showFigure(fig: Figure, options: { altText?: string } = {}): void {
  if (!fig || typeof fig !== "object" || !Array.isArray(fig.data)) {
    throw new InvalidInputError("showFigure: expected a figure { data: [...traces], layout?: {...} }.");
  }
  checkOptions(options, ["altText"], "showFigure");
  const styled = applyHouseStyle(fig);
  // JSON round-trip turns Float64Arrays into arrays and drops undefined, as the frontend expects.
  const json = JSON.parse(
    JSON.stringify(styled, (_k, v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v)),
  ) as Figure;
  displayBundle({ [PLOTLY_MIME]: json, "text/plain": options.altText ?? altText(fig) });
}
