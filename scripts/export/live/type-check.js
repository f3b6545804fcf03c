// The in-page kernel's type check (used by scripts/export/live/kernel-worker.js): each cell is checked
// before it runs, as tslab checks it, and a cell with a type error does not run.
//
// What "as tslab" means here (tslab 1.0's converter, node_modules/tslab/dist/converter.js):
//   * tslab's compiler options: target and lib ES2022, module ESNext, Node10 module resolution (so
//     "mlem" is lib/dist/cjs/node.d.ts through the package's `types`, its sub-paths through
//     `typesVersions`), esModuleInterop, not strict, skipLibCheck, declaration emit on;
//   * a cell sees what the cells run before it declared, in an enclosing scope: it may declare a
//     name again (its own declaration wins), assign an earlier `let`, and not an earlier `const`;
//   * what a cell declares is recorded (as the declarations TypeScript emits for it) only once it
//     has run without an exception, so a cell that failed leaves the types as they were;
//   * the diagnostics are the cell's syntactic, semantic and declaration diagnostics, sorted and
//     deduplicated, printed one per line as `LINE:COL - message` (line and column of the cell,
//     1-based), a chained message as one line per link, all with the diagnostic's position.
// How: the .d.ts files (TypeScript's lib, mlem's and ml-matrix's declarations, the globals the
// kernel provides) are an in-memory file system, parsed once; each cell is a module /nb/__cell__.ts
// whose first line declares or imports the earlier cells' names from their recorded declarations
// (/nb/cN.d.ts, one per cell that ran; a `const`/`let`/`var` as `declare let x: typeof
// import("./cN").x`, so that assignments check as they do in tslab, anything else, such as
// functions, classes, types and imports, as an import), followed by the cell and `export { its names }`.
// Each check builds a Program with the previous one as oldProgram: the unchanged files' parsed and
// bound SourceFiles are reused, so a check costs the cell, not the libraries.
// The globals the kernel gives a cell besides ES2022 (kernel-worker.js). Under tslab they come from
// @types/node, whose signatures these copy; the rest of @types/node (process, Buffer, require, the
// node: modules) describes what the page does not have. console: the methods shown under the cell.
const KERNEL_GLOBALS = `interface Console {
  log(message?: any, ...optionalParams: any[]): void;
  info(message?: any, ...optionalParams: any[]): void;
  debug(message?: any, ...optionalParams: any[]): void;
  warn(message?: any, ...optionalParams: any[]): void;
  error(message?: any, ...optionalParams: any[]): void;
}
declare var console: Console;
declare function setTimeout<TArgs extends any[]>(callback: (...args: TArgs) => void, ms?: number, ...args: TArgs): number;
declare function clearTimeout(timeoutId: number | undefined): void;
declare function setInterval<TArgs extends any[]>(callback: (...args: TArgs) => void, ms?: number, ...args: TArgs): number;
declare function clearInterval(intervalId: number | undefined): void;
declare function queueMicrotask(callback: () => void): void;
declare function structuredClone<T>(value: T): T;
interface Performance {
  now(): number;
  readonly timeOrigin: number;
}
declare var performance: Performance;
`;
const NB = "/nb";
const CELL = `${NB}/__cell__.ts`;

/**
 * @param {typeof import("typescript")} ts
 * @param {Record<string, string>} files the .d.ts payload: absolute path → text
 */
export function createCellChecker(ts, files) {
  const options = {
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    declaration: true,
    emitDeclarationOnly: true,
    experimentalDecorators: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.React,
    skipLibCheck: true,
    newLine: ts.NewLineKind.LineFeed,
    types: [],
    moduleDetection: ts.ModuleDetectionKind.Force,
    noEmitOnError: false,
  };
  const texts = new Map(Object.entries(files));
  texts.set("/globals/kernel.d.ts", KERNEL_GLOBALS);
  const dirs = new Set();
  const addDirs = (p) => {
    for (let d = p.slice(0, p.lastIndexOf("/")); d && !dirs.has(d); d = d.slice(0, d.lastIndexOf("/"))) dirs.add(d);
  };
  for (const p of texts.keys()) addDirs(p);
  addDirs(CELL);
  const globals = [...texts.keys()].filter((p) => p.startsWith("/globals/"));
  const parsed = new Map(); // path → SourceFile, for every file but the cell
  let cellText = "";
  let cellFile = null;
  let program = null;
  let runs = 0;
  const defined = new Map(); // name → { from: "./cN", kind: "const" | "let" | "var" | "import" }

  const host = {
    getSourceFile(path, languageVersion) {
      if (path === CELL) return (cellFile ??= ts.createSourceFile(CELL, cellText, languageVersion, false, ts.ScriptKind.TS));
      let sf = parsed.get(path);
      if (!sf && texts.has(path)) {
        sf = ts.createSourceFile(path, texts.get(path), { languageVersion, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false);
        parsed.set(path, sf);
      }
      return sf;
    },
    getDefaultLibFileName: () => "/lib/lib.d.ts",
    getDefaultLibLocation: () => "/lib",
    writeFile: () => {},
    getCurrentDirectory: () => NB,
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (p) => p === CELL || texts.has(p),
    readFile: (p) => (p === CELL ? cellText : texts.get(p)),
    directoryExists: (d) => dirs.has(d),
    getDirectories: () => [],
    realpath: (p) => p,
  };

  // The names a cell declares at its top level, and how: a variable (its const/let/var) or
  // anything else ("import": functions, classes, interfaces, types, enums, namespaces, imports).
  function ownNames(sf) {
    const names = new Map();
    const set = (name, kind) => names.set(name, names.has(name) && names.get(name) !== kind ? "import" : kind);
    const bindings = (n, kind) => {
      if (ts.isIdentifier(n)) set(n.text, kind);
      else for (const el of n.elements) if (!ts.isOmittedExpression(el)) bindings(el.name, kind);
    };
    for (const s of sf.statements) {
      if (ts.isVariableStatement(s)) {
        const fl = s.declarationList.flags;
        const kind = fl & ts.NodeFlags.Const ? "const" : fl & ts.NodeFlags.Let ? "let" : "var";
        for (const d of s.declarationList.declarations) bindings(d.name, kind);
      } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) {
        set(s.name.text, "import");
      } else if (ts.isModuleDeclaration(s) && ts.isIdentifier(s.name)) set(s.name.text, "import");
      else if (ts.isImportEqualsDeclaration(s)) set(s.name.text, "import");
      else if (ts.isImportDeclaration(s) && s.importClause) {
        const c = s.importClause;
        if (c.name) set(c.name.text, "import");
        const b = c.namedBindings;
        if (b && ts.isNamespaceImport(b)) set(b.name.text, "import");
        if (b && ts.isNamedImports(b)) for (const el of b.elements) set(el.name.text, "import");
      }
    }
    return names;
  }

  // Every identifier in a cell: the earlier names it may use.
  function identifiers(sf) {
    const ids = new Set();
    const visit = (n) => {
      if (n.kind === ts.SyntaxKind.Identifier) ids.add(n.text);
      else ts.forEachChild(n, visit);
    };
    visit(sf);
    return ids;
  }

  // The first line of the checked file: the earlier cells' names that the cell uses and does not
  // declare itself (only those: each one costs the check its type).
  function prelude(own, used) {
    const parts = [];
    const imports = new Map();
    for (const [name, { from, kind }] of defined) {
      if (own.has(name) || !used.has(name)) continue;
      if (kind === "import") (imports.get(from) ?? imports.set(from, []).get(from)).push(name);
      else parts.push(`declare ${kind} ${name}: typeof import("${from}").${name};`);
    }
    for (const [from, names] of imports) parts.push(`import { ${names.join(", ")} } from "${from}";`);
    return parts.join(" ");
  }

  function lines(d, sf) {
    const out = [];
    const p = sf.getLineAndCharacterOfPosition(d.start ?? 0);
    const at = `${p.line}:${p.character + 1} - `; // p.line: 0-based in the file, 1-based in the cell (the prelude line)
    const walk = (m) => {
      out.push(at + (typeof m === "string" ? m : m.messageText));
      if (typeof m !== "string") for (const next of m.next ?? []) walk(next);
    };
    walk(d.messageText);
    return out;
  }

  /**
   * Type-checks a cell in the context of the cells run before it.
   * @returns {{ errors: string[], ms: number, commit(): void }} errors as tslab prints them; commit()
   *   records the cell's declarations for the cells after it (call it once the cell ran without an exception)
   */
  function check(code) {
    const started = performance.now();
    const names = ts.createSourceFile("/names.ts", code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    const own = ownNames(names);
    cellText = `${prelude(own, identifiers(names))}\n${code}\nexport { ${[...own.keys()].join(", ")} };\n`;
    cellFile = null;
    program = ts.createProgram({ rootNames: [...globals, CELL], options, host, oldProgram: program ?? undefined });
    const sf = program.getSourceFile(CELL);
    let diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...program.getSyntacticDiagnostics(sf)];
    if (!diagnostics.length) diagnostics = [...program.getSemanticDiagnostics(sf), ...program.getDeclarationDiagnostics(sf)];
    diagnostics = ts.sortAndDeduplicateDiagnostics(diagnostics).filter((d) => d.category === ts.DiagnosticCategory.Error);
    const errors = diagnostics.flatMap((d) => (d.file === sf ? lines(d, sf) : [`${d.file ? `${d.file.fileName} ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`]));
    const checkedProgram = program;
    let committed = false;
    const commit = () => {
      if (committed || errors.length) return;
      committed = true;
      let dts = "";
      checkedProgram.emit(sf, (name, text) => {
        if (name.endsWith(".d.ts")) dts = text;
      }, undefined, true);
      const from = `./c${++runs}`;
      texts.set(`${NB}/c${runs}.d.ts`, dts);
      for (const [name, kind] of own) defined.set(name, { from, kind });
    };
    return { errors, ms: performance.now() - started, commit };
  }

  return { check };
}
