/**
 * Subplot axis references shared by the plotting helpers (internal: not re-exported).
 * @module
 */
import { InvalidInputError } from "../core/errors.js";

/** The Plotly axis references of subplot n: {} for the first axes, { xaxis: "x2", yaxis: "y2" } for the second. */
export function axesOf(subplot: number | undefined): Record<string, unknown> {
  if (subplot === undefined || subplot === 1) return {};
  if (!Number.isInteger(subplot) || subplot < 1) throw new InvalidInputError(`subplot must be an integer ≥ 1, got ${subplot}.`);
  return { xaxis: `x${subplot}`, yaxis: `y${subplot}` };
}
