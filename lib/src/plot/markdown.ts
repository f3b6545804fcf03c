/**
 * Rendering markdown, LaTeX and tables from code, so that numbers computed in a cell can be shown
 * as typeset text (MathJax in JupyterLab and in the exported course).
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { displayBundle } from "./display.js";

/**
 * Shows markdown (with `$…$` and `$$…$$` math) as a cell output.
 * @example
 * const mu = Normal.fit([1, 2, 4]).params.mean;
 * showMarkdown(`The MLE is $\\hat\\mu = ${mu.toFixed(3)}$.`);
 */
export function showMarkdown(text: string): void {
  if (typeof text !== "string") throw new InvalidInputError("showMarkdown: text must be a string.");
  displayBundle({ "text/markdown": text, "text/plain": text });
}

/**
 * Shows one displayed equation, typeset.
 * @param tex LaTeX without the surrounding `$$`
 * @example
 * showMath("\\ell(\\theta) = \\sum_i \\log p(x_i \\mid \\theta)");
 */
export function showMath(tex: string): void {
  if (typeof tex !== "string") throw new InvalidInputError("showMath: tex must be a string.");
  displayBundle({ "text/markdown": `$$${tex}$$`, "text/latex": `$$${tex}$$`, "text/plain": tex });
}

/** A table cell: numbers are formatted with `digits` significant digits. */
export type TableCell = string | number | boolean | null | undefined;

function formatCell(v: TableCell, digits: number): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
    if (!Number.isFinite(v)) return String(v);
    return Number(v.toPrecision(digits)).toString();
  }
  return String(v).replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/**
 * A GitHub-flavoured markdown table from a header and rows.
 * @param digits significant digits for non-integer numbers (default 6)
 * @example
 * markdownTable(["k", "logLik"], [[1, -1130.26], [2, -1034.0]]);
 * // "| k | logLik |\n|---:|---:|\n| 1 | -1130.26 |\n| 2 | -1034 |"
 */
export function markdownTable(header: string[], rows: TableCell[][], digits = 6): string {
  return tableOf(header, rows, digits, "markdownTable");
}

function tableOf(header: string[], rows: TableCell[][], digits: number, fn: string): string {
  if (!Array.isArray(header)) throw new InvalidInputError(`${fn}: header must be an array of column titles.`);
  if (!Array.isArray(rows)) throw new InvalidInputError(`${fn}: rows must be an array of rows (arrays of cells).`);
  if (typeof digits !== "number" || !Number.isInteger(digits) || digits < 1 || digits > 100) {
    throw new InvalidInputError(`${fn}: digits must be an integer from 1 to 100, got ${String(digits)}.`);
  }
  for (const [i, r] of rows.entries()) {
    if (!Array.isArray(r)) throw new InvalidInputError(`${fn}: row ${i} must be an array of cells.`);
    if (r.length !== header.length) {
      throw new InvalidInputError(`${fn}: row ${i} has ${r.length} cells but the header has ${header.length}.`);
    }
  }
  const numeric = header.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === "number" || r[j] == null));
  const lines = [
    `| ${header.map((h) => formatCell(h, digits)).join(" | ")} |`,
    `|${numeric.map((n) => (n ? "---:" : ":---")).join("|")}|`,
    ...rows.map((r) => `| ${r.map((c) => formatCell(c, digits)).join(" | ")} |`),
  ];
  return lines.join("\n");
}

/**
 * Shows a table (see {@link markdownTable}).
 * @example
 * showTable(["parameter", "estimate", "SE"], [["μ", 3.49, 0.07], ["σ", 1.14, 0.05]]);
 */
export function showTable(header: string[], rows: TableCell[][], digits = 6): void {
  const md = tableOf(header, rows, digits, "showTable");
  displayBundle({ "text/markdown": md, "text/plain": md });
}
