/**
 * The course's house style: one Plotly template (fonts, palette, sizes) so that every figure in the
 * course looks the same, and the function that applies it.
 * @module
 */
import type { Figure } from "./figure-spec.js";

/**
 * Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008), the course's trace colours in order.
 * @example
 * const colour = palette[1]; // → "#E69F00"
 */
export const palette: readonly string[] = [
  "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
];

/**
 * Default figure size in CSS pixels (fits a JupyterLab cell and a printed A4 page).
 * @example
 * const layout = { width: figureSize.width / 2, height: figureSize.height };
 */
export const figureSize = { width: 720, height: 440 } as const;

const axis = {
  showline: true,
  linecolor: "#444",
  linewidth: 1,
  ticks: "outside",
  gridcolor: "#e5e5e5",
  zerolinecolor: "#bbb",
  title: { font: { size: 14 } },
  automargin: true,
};

/**
 * The Plotly layout template of the course, as a plain JSON object (`layout.template`).
 * @example
 * const fig = { data: [], layout: { template: houseTemplate } };
 */
export const houseTemplate = {
  layout: {
    font: { family: "Inter, 'Helvetica Neue', Arial, sans-serif", size: 13, color: "#222" },
    title: { font: { size: 17 }, x: 0.02, xanchor: "left" },
    colorway: [...palette],
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    margin: { l: 64, r: 24, t: 56, b: 56 },
    xaxis: axis,
    yaxis: axis,
    legend: { bgcolor: "rgba(255,255,255,0.8)", borderwidth: 0 },
    hoverlabel: { font: { family: "Inter, 'Helvetica Neue', Arial, sans-serif" } },
  },
} as const;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Returns a copy of `fig` in the house style: the template, the default size and a config without
 * the Plotly logo. Anything set explicitly on the figure wins over the style.
 * @example
 * const styled = applyHouseStyle({ data: [{ x: [1, 2], y: [3, 4] }], layout: { title: { text: "t" } } });
 */
export function applyHouseStyle(fig: Figure): Figure {
  const layout: Record<string, unknown> = isPlainObject(fig.layout) ? { ...fig.layout } : {};
  if (layout.template === undefined) layout.template = houseTemplate;
  if (layout.width === undefined && layout.autosize !== true) layout.width = figureSize.width;
  if (layout.height === undefined) layout.height = figureSize.height;
  const config = { displaylogo: false, responsive: true, ...(isPlainObject(fig.config) ? fig.config : {}) };
  return { ...fig, layout, config };
}
