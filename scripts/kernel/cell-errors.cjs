// How an error thrown in a notebook cell is shown: its name and message, then where in the user's
// cells it happened (cell number, line, and that line's TypeScript), instead of tslab's default of
// Node's full inspection with ~10 frames of library and kernel internals.
//   * An MlemError (any class whose prototype chain has a constructor named MlemError, so this file
//     needs no import of the library) is the library saying what was wrong with the input and what
//     to do: only the cell frames are shown.
//   * Any other error keeps its frames in the user's cells and in libraries (useful for a bug in the
//     library), without the frames of Node's internals and of the kernel (tslab, zeromq).
//
// tslab compiles a cell's TypeScript to JavaScript and runs it with vm.runInThisContext, so stack
// frames point into the JavaScript. `CellSources` keeps both texts per cell; `alignLines` maps a
// JavaScript line to the TypeScript line it came from by aligning the two in order (the compiler
// keeps statements in order) on the identifiers, keywords and literals they share.
"use strict";

const { createHash } = require("node:crypto");
const { inspect } = require("node:util");

class CellSources {
  /** @param {number} capacity how many of the latest cells to remember (bounds memory in long sessions) */
  constructor(capacity = 500) {
    this.capacity = capacity;
    this.cells = new Map(); // filename → { label, ts, js, map }, least recently run first
    this.current = null;
  }

  /** A cell's TypeScript is about to run; `label` is its execution count (as JupyterLab shows `[n]`). */
  begin(label, ts) {
    this.current = { label, ts };
  }

  /**
   * tslab is about to run the JavaScript compiled from the current cell: remember it and return the
   * file name to run it under, so that stack frames name the cell. The name is derived from the
   * JavaScript: Node keeps about 0.9 kB for every distinct (source, file name) pair it has run
   * (scripts/kernel/vm-retention.mjs), so a re-run cell must reuse its name, as with tslab's default.
   */
  attachJs(js) {
    if (!this.current) return null;
    const filename = `mlem-cell-${createHash("sha1").update(js).digest("hex").slice(0, 12)}.js`;
    this.cells.delete(filename);
    this.cells.set(filename, { ...this.current, js, map: null });
    if (this.cells.size > this.capacity) this.cells.delete(this.cells.keys().next().value);
    return filename;
  }

  /** The cell and TypeScript line (1-based) of a JavaScript position, or null for the kernel's wrapper. */
  locate(filename, jsLine) {
    const cell = this.cells.get(filename);
    if (!cell) return null;
    const jsLines = cell.js.split("\n");
    // The last line closes tslab's wrapper `(function (exports, require) { ... })(...)`.
    if (jsLine < 1 || jsLine >= jsLines.length) return { cell, line: null };
    cell.map ??= alignLines(stripWrapper(jsLines), cell.ts.split("\n"));
    const tsIndex = cell.map[jsLine - 1];
    return { cell, line: tsIndex >= 0 ? tsIndex + 1 : null };
  }
}

// tslab's wrapper opens on the first JavaScript line; its tokens are not the user's.
function stripWrapper(jsLines) {
  const lines = jsLines.slice(0, -1);
  if (lines.length) lines[0] = lines[0].replace(/^\((?:async )?function\s*\(exports, require\)\s*\{\s*/, "");
  return lines;
}

// Tokens the TypeScript compiler and tslab add to the JavaScript (CommonJS plumbing, module aliases
// such as `mlem_1`), which never match the user's source.
const JS_NOISE = new Set(["exports", "require", "default", "Object", "defineProperty", "__esModule", "__tslab__", "void", "use", "strict"]);

function tokens(line, dropNoise) {
  const found = line.match(/[A-Za-z_$][\w$]*|\d+(?:\.\d+)?(?:e[+-]?\d+)?|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g) ?? [];
  const counts = new Map();
  for (const t of found) {
    if (dropNoise && (JS_NOISE.has(t) || /_\d+$/.test(t))) continue;
    const key = t[0] === "'" ? `"${t.slice(1, -1)}"` : t; // 'x' and "x" are the same literal
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function shared(a, b) {
  let n = 0;
  for (const [t, c] of a) n += Math.min(c, b.get(t) ?? 0);
  return n;
}

/**
 * For each JavaScript line, the index of the TypeScript line it was compiled from (-1 if none): the
 * in-order alignment that maximises the number of shared tokens (a weighted longest common
 * subsequence). JavaScript lines left unaligned (helper code the compiler adds) take the TypeScript
 * line of the nearest aligned line before them.
 * @param {string[]} jsLines
 * @param {string[]} tsLines
 * @returns {Int32Array}
 */
function alignLines(jsLines, tsLines) {
  const n = jsLines.length;
  const m = tsLines.length;
  const js = jsLines.map((l) => tokens(l, true));
  const ts = tsLines.map((l) => tokens(l, false));
  // score[i][k]: best total for the first i JavaScript lines and the first k TypeScript lines.
  const score = new Float64Array((n + 1) * (m + 1));
  const at = (i, k) => i * (m + 1) + k;
  for (let i = 1; i <= n; i++) {
    for (let k = 1; k <= m; k++) {
      const s = shared(js[i - 1], ts[k - 1]);
      score[at(i, k)] = Math.max(score[at(i - 1, k)], score[at(i, k - 1)], s > 0 ? score[at(i - 1, k - 1)] + s : 0);
    }
  }
  const map = new Int32Array(n).fill(-1);
  for (let i = n, k = m; i > 0 && k > 0; ) {
    if (score[at(i, k)] === score[at(i - 1, k)]) i -= 1;
    else if (score[at(i, k)] === score[at(i, k - 1)]) k -= 1;
    else {
      map[i - 1] = k - 1;
      i -= 1;
      k -= 1;
    }
  }
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (map[i] >= 0) last = map[i];
    else map[i] = last;
  }
  return map;
}

/** True for an instance of the library's MlemError or of one of its subclasses. */
function isMlemError(value) {
  for (let p = Object.getPrototypeOf(value ?? {}); p; p = Object.getPrototypeOf(p)) {
    if (p.constructor?.name === "MlemError") return true;
  }
  return false;
}

// "    at fn (file:line:col)", "    at file:line:col", "    at async fn (file:line:col)"
const FRAME = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

/**
 * The text a notebook shows for a value thrown by a cell.
 * @param {unknown} error what the cell threw
 * @param {CellSources} cells
 * @param {(file: string) => boolean} isInternal frames to leave out (Node's and the kernel's)
 */
function formatCellError(error, cells, isInternal) {
  if (!(error instanceof Error) || typeof error.stack !== "string") return inspect(error);
  const mlem = isMlemError(error);
  const lines = [error.message ? `${error.name}: ${error.message}` : String(error.name)];
  for (const raw of error.stack.split("\n")) {
    if (!/^\s+at /.test(raw)) continue;
    const frame = FRAME.exec(raw);
    if (!frame) continue; // "at async Promise.all (index 0)" and the like
    const [, fn, file, jsLine] = frame;
    const where = cells.locate(file, Number(jsLine));
    if (where) {
      if (where.line === null) continue; // the kernel's wrapper around the cell
      const text = where.cell.ts.split("\n")[where.line - 1].trim();
      // tslab calls a cell's functions through its `exports` proxy: V8 names them `Proxy.f`.
      const bare = (fn ?? "").replace(/^async /, "").replace(/^(Proxy|Object)\./, "");
      const name = bare && bare !== "<anonymous>" && bare !== "eval" ? `${bare}, ` : "";
      lines.push(`    at ${name}line ${where.line} of cell [${where.cell.label}]: ${truncate(text, 100)}`);
    } else if (!mlem && !isInternal(file)) {
      lines.push(raw.replace(/^\s+/, "    "));
    }
  }
  if (error.cause !== undefined && !mlem) lines.push(`Caused by: ${formatCellError(error.cause, cells, isInternal)}`);
  return lines.join("\n");
}

function truncate(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

module.exports = { CellSources, alignLines, formatCellError, isMlemError };
