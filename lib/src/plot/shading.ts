/**
 * Shading the stretches of a sequence spent in one state (the loaded die in use, a hidden regime)
 * as background bands of a Plotly figure.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";

/**
 * The runs of `state` in `path` as [start, end) index intervals (end exclusive), in order.
 * @see notebooks/08-hidden-markov-models.ipynb (the dishonest casino)
 * @example
 * stateRuns([0, 1, 1, 0, 1], 1); // → [[1, 3], [4, 5]]
 */
export function stateRuns(path: ArrayLike<number>, state: number, upTo: number = path?.length ?? 0): Array<[number, number]> {
  if (!path || typeof path.length !== "number") throw new InvalidInputError("stateRuns: path must be an array of states.");
  if (!Number.isInteger(upTo) || upTo < 0 || upTo > path.length) throw new InvalidInputError(`stateRuns: upTo must be an integer from 0 to ${path.length}, got ${upTo}.`);
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let t = 0; t <= upTo; t++) {
    const on = t < upTo && path[t] === state;
    if (on && start < 0) start = t;
    if (!on && start >= 0) {
      out.push([start, t]);
      start = -1;
    }
  }
  return out;
}

/**
 * Plotly `layout.shapes` that shade every run of `state` in `path` across the plot's height. Point t
 * of the path is drawn at x = t + `base` (default 1: time steps numbered from 1), and a run covers
 * its points ± half a step.
 * @see notebooks/08-hidden-markov-models.ipynb (shaded: loaded die in use)
 * @example
 * const dice = [0, 0, 1, 1, 1, 0, 1];
 * const rollsTrace = { type: "scatter", x: [1, 2, 3, 4, 5, 6, 7], y: [3, 5, 6, 6, 6, 2, 6] };
 * showFigure({ data: [rollsTrace], layout: { shapes: runShapes(dice, 1, { upTo: 7 }) } });
 */
export function runShapes(
  path: ArrayLike<number>,
  state: number,
  options: { upTo?: number; base?: number; color?: string; opacity?: number } = {},
): Array<Record<string, unknown>> {
  const base = options.base ?? 1;
  return stateRuns(path, state, options.upTo ?? path.length).map(([a, b]) => ({
    type: "rect", xref: "x", yref: "paper", x0: a + base - 0.5, x1: b - 1 + base + 0.5, y0: 0, y1: 1,
    fillcolor: options.color ?? "#E69F00", opacity: options.opacity ?? 0.18, line: { width: 0 }, layer: "below",
  }));
}
