// The in-page kernel: a Web Worker that runs a notebook's cells the way the tslab kernel does, so
// that an exported course page can run its code (scripts/export/live/page.js is the other side).
// Bundled by scripts/export/live/build.mjs (esbuild, IIFE) with TypeScript 5.9 (the project's pinned
// compiler), the browser build of mlem and ml-matrix.
//
// What "like tslab" means here:
//   * each cell is TypeScript, type-checked as tslab checks it before it runs (type-check.js: in
//     the context of the cells run before it, against ES2022's lib and mlem's and ml-matrix's
//     declarations, which the page sends in the init message): a cell with an error prints it as
//     tslab does (`LINE:COL - message` on stderr) and does not run; then it is transpiled with
//     `ts.transpileModule`;
//   * cells share one scope, in the order they run: a transformer turns the cell's top-level
//     `const`/`let` into `var`, classes into `var C = class C {}` and imports into `var {…} =
//     import("mlem")`, and the result runs as a classic script at the worker's global scope (indirect
//     eval), so later cells see earlier cells' names and a cell can run again, as in a kernel;
//   * the value of a last expression statement is printed as tslab prints it (console.log, when not
//     null or undefined), console.log/info/debug go to stdout and warn/error to stderr;
//   * showFigure / showMarkdown / showTable / showMath send the same mime bundles as under tslab, through
//     mlem's setDisplayTransport;
//   * readCsv("../data/x.csv") reads the course data the page shipped (assets/data/*.js), or, when
//     the site is served over http, fetches data/x.csv; courseTable (the answers) reads the same files.
// Messages: page → worker {type: "init", files, base, types}, {type: "run", id, code};
//           worker → page {type: "ready"}, {type: "output", id, output}, {type: "done", id, ok, ms, checkMs}.
// Without `types` (the declarations, assets/mlem-types.js) the cells run unchecked.
import ts from "typescript";
import * as mlem from "mlem";
import * as mlMatrix from "ml-matrix";
import { createCellChecker } from "./type-check.js";

const KERNEL = "__mlemKernel";
const files = new Map();
let checker = null;
let running = null; // id of the cell being run: outputs belong to it

function post(msg) {
  self.postMessage(msg);
}
function output(out) {
  if (running !== null) post({ type: "output", id: running, output: out });
}

// ---------------------------------------------------------------------------------------------
// Console output formatted as Node's console does (util.format / util.inspect), for the values cells
// print: strings as they are at the top level, numbers as JavaScript writes them, arrays and plain
// objects on one line when they fit 72 characters, else one entry per line.
function inspect(v, depth = 0, seen = new Set()) {
  if (v === null) return "null";
  switch (typeof v) {
    case "undefined":
      return "undefined";
    case "number":
      return Object.is(v, -0) ? "-0" : String(v);
    case "bigint":
      return `${v}n`;
    case "boolean":
      return String(v);
    case "string":
      return depth === 0 ? v : `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
    case "symbol":
      return v.toString();
    case "function":
      return `[Function: ${v.name || "(anonymous)"}]`;
  }
  if (v instanceof Error) return v.stack || `${v.name}: ${v.message}`;
  if (seen.has(v)) return "[Circular *1]";
  if (depth > 2) return Array.isArray(v) ? "[Array]" : "[Object]";
  seen.add(v);
  const inner = (x) => inspect(x, depth + 1, seen);
  let open = "{";
  let close = "}";
  let items;
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const n = v.length;
    items = Array.from({ length: Math.min(n, 100) }, (_, i) => inner(v[i]));
    if (n > 100) items.push(`... ${n - 100} more item${n - 100 > 1 ? "s" : ""}`);
    open = Array.isArray(v) ? "[" : `${v.constructor.name}(${n}) [`;
    close = "]";
  } else if (v instanceof Map) {
    open = `Map(${v.size}) {`;
    items = [...v].map(([k, x]) => `${inner(k)} => ${inner(x)}`);
  } else if (v instanceof Set) {
    open = `Set(${v.size}) {`;
    items = [...v].map(inner);
  } else {
    const name = v.constructor && v.constructor !== Object ? `${v.constructor.name} ` : "";
    open = `${name}{`;
    items = Object.keys(v).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${inner(v[k])}`);
  }
  seen.delete(v);
  if (!items.length) return `${open}${close}`;
  const oneLine = `${open} ${items.join(", ")} ${close}`;
  if (oneLine.length <= 72 && !oneLine.includes("\n")) return oneLine;
  const pad = "  ".repeat(depth + 1);
  return `${open}\n${items.map((s) => pad + s).join(",\n")}\n${"  ".repeat(depth)}${close}`;
}

function format(args) {
  if (!args.length) return "";
  let rest = args;
  let head = "";
  if (typeof args[0] === "string" && /%[sdifjoOc%]/.test(args[0])) {
    let i = 1;
    head = args[0].replace(/%([sdifjoOc%])/g, (m, f) => {
      if (f === "%") return "%";
      if (i >= args.length) return m;
      const a = args[i++];
      if (f === "s") return typeof a === "string" ? a : inspect(a, 1);
      if (f === "d" || f === "i") return String(f === "i" ? parseInt(a, 10) : Number(a));
      if (f === "f") return String(parseFloat(a));
      if (f === "j") return JSON.stringify(a);
      if (f === "c") return "";
      return inspect(a, 1);
    });
    rest = args.slice(i);
    return [head, ...rest.map((a) => inspect(a))].join(" ");
  }
  return rest.map((a) => inspect(a)).join(" ");
}

function stream(name, args) {
  output({ output_type: "stream", name, text: format(args) + "\n" });
}
for (const m of ["log", "info", "debug"]) self.console[m] = (...a) => stream("stdout", a);
for (const m of ["warn", "error"]) self.console[m] = (...a) => stream("stderr", a);

// ---------------------------------------------------------------------------------------------
// The modules a cell can import: mlem (and its sub-paths, which group the root's exports) with
// readCsv, which in the page reads the shipped course data; and ml-matrix.
function dataName(path) {
  const m = /^(?:\.\.?\/)*(?:data\/)?([\w.-]+\.csv)$/.exec(String(path));
  return m ? m[1] : null;
}
function readDataFile(path) {
  const name = dataName(path);
  if (name && files.has(name)) return files.get(name);
  const where = name ? `data/${name}` : String(path);
  if (!/^https?:/.test(self.mlemBase ?? "")) {
    throw new mlem.InvalidInputError(
      `readCsv: '${path}' is not one of the data files this page ships (${[...files.keys()].join(", ") || "none"}). ` +
        "Serve the course folder (python3 -m http.server -d dist) to read the other files of data/.",
    );
  }
  const xhr = new XMLHttpRequest();
  xhr.open("GET", new URL(where, self.mlemBase).href, false); // synchronous: readCsv is, as in Node
  xhr.send();
  if (xhr.status !== 200) throw new mlem.InvalidInputError(`readCsv: cannot read '${path}' (${where}: HTTP ${xhr.status}). The course's data files are in data/: use '../data/NAME.csv'.`);
  if (name) files.set(name, xhr.responseText);
  return xhr.responseText;
}
function readCsv(path) {
  if (typeof path !== "string") throw new mlem.InvalidInputError(`readCsv: path must be a string (a file name), got ${typeof path}.`);
  return mlem.parseCsv(readDataFile(path));
}
const mlemModule = Object.freeze({ ...mlem, readCsv });
const modules = { mlem: mlemModule, "ml-matrix": mlMatrix };
function importModule(spec) {
  if (spec === "mlem" || spec.startsWith("mlem/")) return mlemModule;
  if (modules[spec]) return modules[spec];
  throw new Error(`Cannot find module '${spec}': in the page a cell can import "mlem" (and its sub-paths) and "ml-matrix".`);
}
mlem.setDisplayTransport((bundle) => output({ output_type: "display_data", data: bundle, metadata: {} }));
mlem.setCourseFileReader((path) => readDataFile(path));

// ---------------------------------------------------------------------------------------------
// The cell transform: top-level declarations into the shared scope (see the header).
const f = ts.factory;
const kernelCall = (method, args) => f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier(KERNEL), method), undefined, args);
const noExport = (mods) => mods?.filter((m) => m.kind !== ts.SyntaxKind.ExportKeyword && m.kind !== ts.SyntaxKind.DefaultKeyword);

function importToVar(node) {
  const clause = node.importClause;
  const source = kernelCall("import", [f.createStringLiteral(node.moduleSpecifier.text)]);
  if (!clause) return [f.createExpressionStatement(source)]; // import "x": for its effects
  if (clause.isTypeOnly) return [];
  const decls = [];
  const tmp = f.createUniqueName("module");
  decls.push(f.createVariableDeclaration(tmp, undefined, undefined, source));
  if (clause.name) decls.push(f.createVariableDeclaration(clause.name, undefined, undefined, f.createPropertyAccessExpression(tmp, "default")));
  const b = clause.namedBindings;
  if (b && ts.isNamespaceImport(b)) decls.push(f.createVariableDeclaration(b.name, undefined, undefined, tmp));
  if (b && ts.isNamedImports(b)) {
    for (const el of b.elements) {
      if (el.isTypeOnly) continue;
      const from = (el.propertyName ?? el.name).text;
      decls.push(f.createVariableDeclaration(el.name, undefined, undefined, f.createPropertyAccessExpression(tmp, from)));
    }
  }
  return [f.createVariableStatement(undefined, f.createVariableDeclarationList(decls, ts.NodeFlags.None))];
}

function kernelScope() {
  return (sf) => {
    const out = [];
    const stmts = sf.statements;
    stmts.forEach((s, i) => {
      const last = i === stmts.length - 1;
      if (ts.isImportDeclaration(s)) out.push(...importToVar(s));
      else if (ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference)) {
        out.push(f.createVariableStatement(undefined, [f.createVariableDeclaration(s.name, undefined, undefined, kernelCall("import", [s.moduleReference.expression]))]));
      } else if (ts.isVariableStatement(s) && !s.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) {
        out.push(f.updateVariableStatement(s, noExport(s.modifiers), f.createVariableDeclarationList(s.declarationList.declarations, ts.NodeFlags.None)));
      } else if (ts.isClassDeclaration(s) && s.name && !s.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) {
        const cls = f.createClassExpression(noExport(s.modifiers), s.name, s.typeParameters, s.heritageClauses, s.members);
        out.push(f.createVariableStatement(undefined, [f.createVariableDeclaration(s.name, undefined, undefined, cls)]));
      } else if (ts.isExportAssignment(s) || ts.isExportDeclaration(s)) {
        // nothing to export from a cell
      } else if ((ts.isFunctionDeclaration(s) || ts.isEnumDeclaration(s)) && s.modifiers) {
        out.push(ts.isFunctionDeclaration(s)
          ? f.updateFunctionDeclaration(s, noExport(s.modifiers), s.asteriskToken, s.name, s.typeParameters, s.parameters, s.type, s.body)
          : f.updateEnumDeclaration(s, noExport(s.modifiers), s.name, s.members));
      } else if (last && ts.isExpressionStatement(s)) {
        out.push(f.createExpressionStatement(kernelCall("result", [s.expression])));
      } else out.push(s);
    });
    return f.updateSourceFile(sf, out);
  };
}

function hasTopLevelAwait(sf) {
  let found = false;
  const visit = (n) => {
    if (found || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier)) found = true;
    else ts.forEachChild(n, visit);
  };
  ts.forEachChild(sf, visit);
  return found;
}

// A source map's mappings, decoded enough to answer: which cell line does generated line L come from.
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
function decodeLines(mappings) {
  const lines = [];
  const state = [0, 0, 0, 0];
  for (const line of mappings.split(";")) {
    const segs = [];
    state[0] = 0;
    for (const seg of line.split(",")) {
      if (!seg) continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        value += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      for (let k = 0; k < Math.min(4, fields.length); k++) state[k] += fields[k];
      if (fields.length >= 4) segs.push([state[0], state[2], state[3]]);
    }
    lines.push(segs);
  }
  return lines;
}
function originalPosition(map, line, column) {
  const segs = map[line - 1] ?? [];
  let best = null;
  for (const s of segs) if (s[0] <= column - 1) best = s;
  best ??= segs[0];
  return best ? { line: best[1] + 1, column: best[2] + 1 } : null;
}

let cellCount = 0;
function compile(code) {
  const file = `cell${++cellCount}`;
  const sf = ts.createSourceFile(`${file}.ts`, code, ts.ScriptTarget.ES2022, true);
  if (hasTopLevelAwait(sf)) {
    return { file, errors: ["top-level await is not supported in the page's kernel: wrap the code in an async function and call it."] };
  }
  const r = ts.transpileModule(code, {
    fileName: `${file}.ts`,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, alwaysStrict: false, sourceMap: true, inlineSources: false, removeComments: false, useDefineForClassFields: true },
    transformers: { before: [() => kernelScope()] },
  });
  const errors = r.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).map((d) => {
    const msg = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (d.file && d.start !== undefined) {
      const p = d.file.getLineAndCharacterOfPosition(d.start);
      return `${p.line + 1}:${p.character + 1} - ${msg}`;
    }
    return msg;
  });
  // A cell that had imports was a module to TypeScript, which marks it with `export {};`.
  const js = r.outputText.replace(/\/\/# sourceMappingURL=.*\s*$/, "").replace(/^export \{\};$/m, "");
  return { file, errors, js: `${js}\n//# sourceURL=${file}.js`, map: decodeLines(JSON.parse(r.sourceMapText).mappings) };
}

// An exception as a person reads it: its name and message, and where in the cell it was thrown.
function describeError(e, compiled) {
  if (!(e instanceof Error)) return `Uncaught ${inspect(e, 1)}`;
  const head = `${e.name}: ${e.message}`;
  const where = [];
  for (const m of String(e.stack ?? "").matchAll(/(?:at (?:(\S+) \()?)?(cell\d+)\.js:(\d+):(\d+)/g)) {
    if (m[2] !== compiled.file) continue;
    const p = originalPosition(compiled.map, Number(m[3]), Number(m[4]));
    if (p) where.push(`    at ${m[1] && !m[1].startsWith("eval") ? `${m[1]} (` : ""}line ${p.line}, column ${p.column} of the cell${m[1] && !m[1].startsWith("eval") ? ")" : ""}`);
  }
  const inLib = !where.length && /\b(?:https?|file|blob):/.test(String(e.stack)) ? ["    (thrown inside the library; the cell's call is on the line that uses it)"] : [];
  return [head, ...where.slice(0, 6), ...inLib].join("\n");
}

self[KERNEL] = {
  import: importModule,
  result(value) {
    if (value != null) console.log(value);
  },
};

function run(id, code) {
  running = id;
  let ok = true;
  const started = performance.now();
  const checked = checker?.check(code);
  const compiled = checked?.errors.length ? { errors: checked.errors } : compile(code);
  if (compiled.errors.length) {
    for (const err of compiled.errors) output({ output_type: "stream", name: "stderr", text: err + "\n" });
    ok = false;
  } else {
    try {
      (0, eval)(compiled.js);
      // As tslab: what the cell declared is known to later cells once it ran without an exception.
      checked?.commit();
    } catch (e) {
      output({ output_type: "stream", name: "stderr", text: describeError(e, compiled) + "\n" });
      ok = false;
    }
  }
  post({ type: "done", id, ok, ms: performance.now() - started, checkMs: checked?.ms ?? null });
  running = null;
}

self.addEventListener("error", (ev) => {
  // An error thrown later by a timer or callback the cell left behind.
  output({ output_type: "stream", name: "stderr", text: `${ev.message}\n` });
});
self.onmessage = (ev) => {
  const msg = ev.data;
  if (msg.type === "init") {
    for (const [name, text] of Object.entries(msg.files ?? {})) files.set(name, text);
    self.mlemBase = msg.base;
    if (msg.types) checker = createCellChecker(ts, msg.types);
    post({ type: "ready" });
  } else if (msg.type === "run") run(msg.id, msg.code);
};
