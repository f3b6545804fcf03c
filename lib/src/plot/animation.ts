/**
 * Animated figures: a slider and ▶/❚❚ buttons over frames, and the frames of an EM run taken from
 * {@link emSteps}, so a notebook shows EM iteration by iteration without animation literals.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import type { EMStep } from "../em/engine.js";
import type { Figure } from "./figure-spec.js";
import type { Trace } from "./mixture1d.js";
import { axesLayout, type AxesOptions } from "./panels.js";

/** One frame of an animation: its name (the slider label), its traces and an optional title. */
export interface Frame {
  /** Frame name, shown on the slider (e.g. the iteration "12"). */
  name: string;
  /** The traces of this frame (same number and order in every frame). */
  data: Trace[];
  /** The figure title while this frame is shown. */
  title?: string;
}

/**
 * Which iterations 0..T to show as frames: every iteration up to `dense` (default 6), then evenly
 * spaced ones, always ending with T, at most `maxFrames` (default 40) in all.
 * @see notebooks/05-em-for-gaussian-mixtures.ipynb (EM animated)
 * @example
 * frameIterations(100); // [0, 1, 2, 3, 4, 5, 6, 9, 12, ..., 100]
 */
export function frameIterations(T: number, options: { dense?: number; maxFrames?: number } = {}): number[] {
  const dense = options.dense ?? 6;
  const maxFrames = options.maxFrames ?? 40;
  if (!Number.isInteger(T) || T < 0) throw new InvalidInputError(`frameIterations: T must be an integer ≥ 0 (the number of iterations), got ${T}.`);
  if (!Number.isInteger(dense) || dense < 0 || !Number.isInteger(maxFrames) || maxFrames < dense + 2) {
    throw new InvalidInputError(`frameIterations: need integers dense ≥ 0 and maxFrames ≥ dense + 2, got ${dense} and ${maxFrames}.`);
  }
  const out: number[] = [];
  for (let t = 0; t <= Math.min(dense, T); t++) out.push(t);
  if (T <= dense) return out;
  const remaining = T - dense; // iterations dense+1..T, of which at most maxFrames − dense − 1 are shown
  const every = Math.max(1, Math.ceil(remaining / (maxFrames - dense - 1)));
  for (let t = dense + every; t < T; t += every) out.push(t);
  out.push(T);
  return out;
}

function animateArgs(names: string[] | null, duration: number): unknown[] {
  return [names, { mode: "immediate", fromcurrent: true, frame: { duration, redraw: true }, transition: { duration: 0 } }];
}

/**
 * A figure that plays `frames`: the first frame drawn, a ▶ play / ❚❚ pause pair and a slider
 * below the plot. The axes options apply to every frame (give fixed ranges, or the axes jump from
 * frame to frame); each frame's `title` replaces the figure title while it is shown.
 * @param options.frameMs milliseconds per frame when playing (default 350)
 * @param options.sliderPrefix text before the slider's current value (default "iteration t = ")
 * @param options.showLegend whether to show the legend (default false: frames change it)
 * @example
 * const frames = [0, 1, 2].map((t) => ({ name: `${t}`, data: [{ type: "scatter", x: [0, 1], y: [t / 4, 1 - t / 4] }], title: `t = ${t}` }));
 * showFigure(animatedFigure(frames, { xTitle: "x", yTitle: "y", xRange: [0, 1], yRange: [0, 1] }));
 */
export function animatedFigure(frames: readonly Frame[], options: AxesOptions & { frameMs?: number; sliderPrefix?: string; showLegend?: boolean } = {}): Figure {
  if (!Array.isArray(frames) || frames.length === 0) throw new InvalidInputError("animatedFigure: frames must be a non-empty array of { name, data, title? }.");
  const { frameMs = 350, sliderPrefix = "iteration t = ", showLegend = false, ...axes } = options;
  const names = frames.map((f, i) => {
    if (!f || typeof f.name !== "string" || !Array.isArray(f.data)) throw new InvalidInputError(`animatedFigure: frame ${i} needs a name (string) and data (an array of traces).`);
    return f.name;
  });
  if (new Set(names).size !== names.length) throw new InvalidInputError("animatedFigure: frame names must be distinct (the slider jumps by name).");
  return {
    data: frames[0].data,
    frames: frames.map((f) => ({ name: f.name, data: f.data, ...(f.title !== undefined ? { layout: { title: { text: f.title } } } : {}) })),
    layout: {
      ...axesLayout({ ...axes, title: frames[0].title ?? axes.title }),
      showlegend: showLegend,
      margin: { b: 130 },
      updatemenus: [{
        type: "buttons", showactive: false, x: 0, y: -0.2, xanchor: "left", direction: "left",
        buttons: [
          { label: "▶ play", method: "animate", args: animateArgs(null, frameMs) },
          { label: "❚❚ pause", method: "animate", args: animateArgs([""], 0) },
        ],
      }],
      sliders: [{
        active: 0, x: 0.3, len: 0.7, y: -0.14, currentvalue: { prefix: sliderPrefix },
        steps: names.map((n) => ({ label: n, method: "animate", args: animateArgs([n], 0) })),
      }],
    },
  };
}

/**
 * Frames of an EM run: walks `steps` (from {@link emSteps}) and, at the E-step of every iteration in
 * `iterations`, calls `draw` with that step (θₜ, its statistics and ℓ(θₜ)) to make the frame's
 * traces and title. Stops after the last requested iteration.
 * @see notebooks/05-em-for-gaussian-mixtures.ipynb (EM animated)
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const T = 10;
 * const init = gaussianMixtureModel(X, { k: 2 }).initialParams("random", 1);
 * const frames = emFrames(emSteps(gaussianMixtureModel(X, { k: 2 }), init, { maxIter: T }), frameIterations(T),
 *   (s) => ({ data: [pointsTrace(X, { responsibilities: s.stats.responsibilities }), ...ellipseTraces(s.params)], title: `t = ${s.iteration}` }));
 * showFigure(animatedFigure(frames));
 */
export function emFrames<P, S>(
  steps: Iterable<EMStep<P, S>>,
  iterations: readonly number[],
  draw: (step: Extract<EMStep<P, S>, { phase: "E" }>) => { data: Trace[]; title?: string },
): Frame[] {
  if (!Array.isArray(iterations) || iterations.length === 0) throw new InvalidInputError("emFrames: iterations must be a non-empty array of iteration numbers.");
  if (typeof draw !== "function") throw new InvalidInputError("emFrames: draw must be a function of an E-step returning { data, title? }.");
  const wanted = new Set(iterations);
  const last = iterations.reduce((m, t) => Math.max(m, t), -Infinity);
  const frames: Frame[] = [];
  for (const step of steps) {
    if (step.phase !== "E") continue;
    if (wanted.has(step.iteration)) {
      const { data, title } = draw(step);
      frames.push({ name: String(step.iteration), data, title });
    }
    if (step.iteration >= last) break;
  }
  if (frames.length < wanted.size) {
    throw new InvalidInputError(`emFrames: the steps ended at fewer iterations than requested (got ${frames.length} of ${wanted.size} frames); pass maxIter ≥ ${last} to emSteps.`);
  }
  return frames;
}
