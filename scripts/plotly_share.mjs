#!/usr/bin/env node
// The share of the course's code that is Plotly literals: how much of what a reader sees in a code
// cell is figure configuration rather than the algorithm (issue 12 sets the target under 10%).
//
// Definitions (all counts are of code characters, measured with the TypeScript scanner):
// * A code character is a character of a token of a code cell: whitespace and comments are not
//   counted, so indentation, line breaks and explanations never change the share.
// * A Plotly literal is a maximal object literal `{ ... }` (one not inside another Plotly literal)
//   that is either
//     (a) an argument of a call to `showFigure(...)`, or
//     (b) an object literal that has, among its own properties, a key of PLOTLY_KEYS below, or a
//         `type` whose value is a string naming a Plotly trace or shape type (TRACE_TYPES).
//   Every token inside it counts, including inline data expressions such as `y: grid.map(...)`,
//   because a figure literal is read as figure code.
// * The share of a notebook is (Plotly-literal characters) / (code characters) over all its code
//   cells; the total share is the same ratio over every notebook.
// * For context the script also prints the share of FIGURE CALLS: maximal calls of showFigure or of
//   a figure helper of mlem/plot (FIGURE_FUNCTIONS), arguments included. It is not the target; it
//   shows how much code still goes into figures once the Plotly literals have moved into helpers.
//
// Usage: node scripts/plotly_share.mjs [--rev GIT_REV] [--json FILE] [--max-share S --knobbed] [NB...]
//   --rev main      measure the notebooks as committed at a git revision instead of the work tree
//   --json FILE     also write {notebook: {code, plotly, share}, total: {...}} to FILE
//   --max-share S   exit 1 if a checked notebook's share exceeds S (a fraction, e.g. 0.1); with
//                   --knobbed only notebooks that have a knobs cell (the converted ones) are checked
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const ts = require("typescript");

export const PLOTLY_KEYS = new Set([
  "layout", "frames", "mode", "marker", "line", "legend", "showlegend", "annotations", "shapes",
  "updatemenus", "sliders", "histnorm", "xbins", "ybins", "nbinsx", "nbinsy", "colorscale",
  "colorbar", "fillcolor", "fill", "barmode", "bargap", "hovertemplate", "hoverinfo", "textposition",
  "xref", "yref", "xanchor", "yanchor", "dash", "opacity", "showarrow", "exponentformat", "dtick",
  "autorange", "cmin", "cmax", "margin", "template", "zaxis", "scene", "coloraxis",
]);
const AXIS_KEY = /^[xy]axis\d*$/;
export const FIGURE_FUNCTIONS = new Set([
  "showFigure", "mixtureFigure1d", "mixtureCurveTraces", "histogramTraces", "pointsTrace", "ellipseTraces", "meansTrace",
  "tracesFigure", "linesFigure", "barsFigure", "panelFigure", "animatedFigure", "emFrames", "runShapes", "covarianceEllipse",
  "errorBarsTrace", "heatmapFigure",
]);
export const TRACE_TYPES = new Set([
  "scatter", "scattergl", "bar", "histogram", "histogram2d", "histogram2dcontour", "heatmap",
  "contour", "surface", "scatter3d", "box", "violin", "pie", "rect", "circle", "path",
]);

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Non-whitespace characters of the tokens under `node` (the parser's leaves: comments are trivia). */
function tokenChars(node, file) {
  if (ts.isJSDoc?.(node) || node.kind === ts.SyntaxKind.JSDoc) return 0;
  const children = node.getChildren(file);
  if (children.length === 0) return node.getText(file).replace(/\s/g, "").length;
  let count = 0;
  for (const child of children) count += tokenChars(child, file);
  return count;
}

function propertyName(p) {
  if (!p.name) return undefined;
  if (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) return p.name.text;
  return undefined;
}

function isPlotlyObject(node) {
  for (const p of node.properties) {
    const key = propertyName(p);
    if (key === undefined) continue;
    if (PLOTLY_KEYS.has(key) || AXIS_KEY.test(key)) return true;
    if (key === "type" && ts.isPropertyAssignment(p) && ts.isStringLiteral(p.initializer) && TRACE_TYPES.has(p.initializer.text)) return true;
  }
  return false;
}

function isShowFigureArgument(node) {
  const parent = node.parent;
  if (!parent || !ts.isCallExpression(parent) || !parent.arguments.includes(node)) return false;
  const callee = parent.expression;
  return (ts.isIdentifier(callee) && callee.text === "showFigure") || (ts.isPropertyAccessExpression(callee) && callee.name.text === "showFigure");
}

function isFigureCall(node) {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name !== undefined && FIGURE_FUNCTIONS.has(name);
}

/** { code, plotly, figure } character counts of one cell's TypeScript source. */
export function measureSource(source) {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, /* setParentNodes */ true, ts.ScriptKind.TS);
  let plotly = 0;
  let figure = 0;
  const visitPlotly = (node) => {
    if (ts.isObjectLiteralExpression(node) && (isShowFigureArgument(node) || isPlotlyObject(node))) {
      plotly += tokenChars(node, file);
      return; // maximal: nested literals are already counted
    }
    ts.forEachChild(node, visitPlotly);
  };
  const visitFigure = (node) => {
    if (isFigureCall(node)) {
      figure += tokenChars(node, file);
      return;
    }
    ts.forEachChild(node, visitFigure);
  };
  visitPlotly(file);
  visitFigure(file);
  return { code: tokenChars(file, file), plotly, figure };
}

function sourceOf(cell) {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** { code, plotly, share, knobbed } of a notebook given as parsed JSON. */
export function measureNotebook(nb) {
  let code = 0;
  let plotly = 0;
  let figure = 0;
  let knobbed = false;
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    if ((cell.metadata?.tags ?? []).includes("knobs")) knobbed = true;
    const m = measureSource(sourceOf(cell));
    code += m.code;
    plotly += m.plotly;
    figure += m.figure;
  }
  return { code, plotly, share: code ? plotly / code : 0, figure, figureShare: code ? figure / code : 0, knobbed };
}

function main(argv) {
  const opt = (name) => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    argv.splice(i, 2);
    return v;
  };
  const rev = opt("--rev");
  const jsonOut = opt("--json");
  const maxShareArg = opt("--max-share");
  const knobbedOnly = argv.includes("--knobbed");
  const paths = argv.filter((a) => a !== "--knobbed");
  let notebooks; // [name, json]
  if (rev) {
    const listing = execFileSync("git", ["ls-tree", "--name-only", rev, "notebooks/"], { cwd: root, encoding: "utf8" });
    const names = paths.length ? paths.map((p) => `notebooks/${basename(p)}`) : listing.split("\n").filter((f) => f.endsWith(".ipynb"));
    notebooks = names.sort().map((f) => [basename(f), JSON.parse(execFileSync("git", ["show", `${rev}:${f}`], { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 }))]);
  } else {
    const files = paths.length ? paths.map((p) => resolve(p)) : readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(root, "notebooks", f));
    notebooks = files.map((f) => [basename(f), JSON.parse(readFileSync(f, "utf8"))]);
  }
  const rows = {};
  let code = 0;
  let plotly = 0;
  let figure = 0;
  const pct = (s) => `${(100 * s).toFixed(1).padStart(5)} %`;
  console.log(`[plotly-share] Plotly-literal characters / code characters${rev ? ` at ${rev}` : ""} (definition: scripts/plotly_share.mjs); last column: all figure calls`);
  for (const [name, nb] of notebooks) {
    const m = measureNotebook(nb);
    rows[name] = m;
    code += m.code;
    plotly += m.plotly;
    figure += m.figure;
    console.log(`  ${pct(m.share)}  ${String(m.plotly).padStart(6)} / ${String(m.code).padStart(6)}  ${name.padEnd(44)}${pct(m.figureShare)}${m.knobbed ? "  (knobs)" : ""}`);
  }
  const total = { code, plotly, share: code ? plotly / code : 0, figure, figureShare: code ? figure / code : 0 };
  console.log(`  ${pct(total.share)}  ${String(plotly).padStart(6)} / ${String(code).padStart(6)}  ${"total".padEnd(44)}${pct(total.figureShare)}`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ ...rows, total }, null, 2) + "\n");
  if (maxShareArg !== undefined) {
    const max = Number(maxShareArg);
    const over = Object.entries(rows).filter(([, m]) => (!knobbedOnly || m.knobbed) && m.share > max);
    if (over.length) {
      console.error(`[plotly-share] over the ${pct(max).trim()} target: ${over.map(([n, m]) => `${n} (${pct(m.share).trim()})`).join(", ")}. Move repeated figure code into mlem/plot helpers.`);
      return 1;
    }
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main(process.argv.slice(2)));
