/**
 * The shape of a Plotly figure as plain JSON, on its own so that the figure builders and the house
 * style can both use it without importing each other.
 * @module
 */

/** A Plotly figure as plain JSON: traces, layout, config and optional animation frames. */
export interface Figure {
  /** Plotly traces (`{ type: "scatter", x, y, ... }`). */
  data: Array<Record<string, unknown>>;
  /** Plotly layout: title, axes, size, sliders, ... */
  layout?: Record<string, unknown>;
  /** Plotly config (toolbar, responsiveness). */
  config?: Record<string, unknown>;
  /** Animation frames (`{ name, data, layout? }`), driven by layout.sliders/updatemenus. */
  frames?: Array<Record<string, unknown>>;
}
