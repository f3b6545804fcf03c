/**
 * Colours per mixture component, derived from the number of components, and colours blended by
 * responsibilities (Bishop's red–blue points, for any K).
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { rowsOf, type MatrixObject } from "../core/validate.js";

/** Okabe–Ito colours in the order components get them (Bishop's vermilion and blue first; yellow last, it is faint on white). */
const COMPONENT_ORDER = ["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(255 * c).toString(16).padStart(2, "0");
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/**
 * The colours of `k` mixture components, as "#rrggbb": the colour-blind-safe Okabe–Ito colours for
 * k ≤ 8 (component 1 vermilion, component 2 blue, then green, purple, orange, sky blue, black,
 * yellow); for k > 8, k evenly spaced hues (distinct, but no longer colour-blind safe). The same k
 * always gives the same colours, so a figure's colours follow the K knob.
 * @see notebooks/05-em-for-gaussian-mixtures.ipynb (every mixture figure)
 * @example
 * componentColors(2); // → ["#D55E00", "#0072B2"]
 * componentColors(3)[2]; // → "#009E73"
 */
export function componentColors(k: number): string[] {
  if (!Number.isInteger(k) || k < 1) throw new InvalidInputError(`componentColors: k must be a positive integer (the number of components), got ${k}.`);
  if (k <= COMPONENT_ORDER.length) return COMPONENT_ORDER.slice(0, k);
  return Array.from({ length: k }, (_, c) => hslToHex((360 * c) / k + 15, 0.7, 0.42));
}

function rgbOf(color: string, fn: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) throw new InvalidInputError(`${fn}: colours must be "#rrggbb" strings, got ${JSON.stringify(color)}.`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

/**
 * The colour that mixes `colors` in proportion to `weights` (normalised; e.g. one point's
 * responsibilities), as "rgb(r,g,b)". With weights (1, 0) it is the first colour exactly.
 * @example
 * blendColors([0.5, 0.5], ["#ff0000", "#0000ff"]); // → "rgb(128,0,128)"
 */
export function blendColors(weights: ArrayLike<number>, colors: readonly string[]): string {
  const fn = "blendColors";
  if (!weights || weights.length !== colors.length || colors.length === 0) {
    throw new InvalidInputError(`${fn}: needs one weight per colour, got ${weights?.length} weights and ${colors.length} colours.`);
  }
  let total = 0;
  for (let c = 0; c < weights.length; c++) {
    if (!(weights[c] >= 0) || !Number.isFinite(weights[c])) throw new InvalidInputError(`${fn}: weights must be finite and ≥ 0, got ${weights[c]} at ${c}.`);
    total += weights[c];
  }
  if (!(total > 0)) throw new InvalidInputError(`${fn}: the weights sum to 0; pass responsibilities or other non-negative weights with a positive sum.`);
  const rgb = [0, 0, 0];
  for (let c = 0; c < colors.length; c++) {
    const [r, g, b] = rgbOf(colors[c], fn);
    const w = weights[c] / total;
    rgb[0] += w * r;
    rgb[1] += w * g;
    rgb[2] += w * b;
  }
  return `rgb(${rgb.map(Math.round).join(",")})`;
}

/**
 * One blended colour per row of a responsibility matrix (n × K), with the components' colours
 * (default {@link componentColors}(K)).
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fit = fitGaussianMixture(X, { k: 2, seed: 1 });
 * responsibilityColors(fit.predictProba(X)); // n colours, "rgb(...)"
 */
export function responsibilityColors(responsibilitiesIn: ArrayLike<ArrayLike<number>> | MatrixObject, colors?: readonly string[]): string[] {
  const responsibilities = rowsOf(responsibilitiesIn) as ArrayLike<ArrayLike<number>>;
  if (!responsibilities || responsibilities.length === 0 || !responsibilities[0]) {
    throw new InvalidInputError("responsibilityColors: responsibilities must be a non-empty n × K array (rows of component probabilities).");
  }
  const palette = colors ?? componentColors(responsibilities[0].length);
  return Array.from(responsibilities, (r) => blendColors(r, palette));
}
