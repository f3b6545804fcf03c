// The `@example` blocks of mlem's public API, executed (doctest-style). Discovery is the one in
// ./public-api.ts (the package root's exports and, for classes and interfaces, their public
// members). Each block is transpiled with the project's TypeScript (`transpileModule`) and run with
// `mlem`, its sub-paths and ml-matrix resolved to the built library (lib/dist, as a user's
// `require` resolves them), every root export also in scope (examples may skip the import line).
// A block fails if it throws, or if a result it states is wrong.
//
// Stated results (convention, documented in lib/README.md, "Writing JSDoc examples"):
//   expr;               // → 0.5                value of `expr`
//   const r = f(x);     // → { rate: 1.5 }      value of `r` (a one-variable declaration)
//   f(bad);             // → throws ShapeError  the statement throws that MlemError subclass
//   g.length;           // → 241 — points      prose may follow the value after " — "
//   r.x;                // → ≈ [1, -2]          "≈": an iterative or finite-difference result;
//                                               numbers also pass within 1e-6·max(1, |value|)
// The expected value is a JavaScript expression. A number literal is checked to the digits printed:
// |actual − printed| ≤ half a unit in its last digit (0.632 → ±0.0005, 7.62e-24 → ±5e-27); integers
// and literals with ≥ 15 significant digits (full double precision) to 1e-12 relative. Any other
// expression (`exp(-3)`, `13 / 6`, `1 / 3`; Math's functions and constants are in scope) is a closed
// form, checked to 1e-10 relative. Arrays match array-likes (typed arrays too) element by element,
// objects match the keys listed (others are not checked), strings and booleans exactly. Any other
// comment is prose and not checked.
//
// Figures go to a display transport that keeps them (there is no notebook), and courseTable reads
// data/ as a notebook would (from notebooks/, the course's working directory).
//
// Member examples run after their class's own example, in a block of their own, so they can use its
// variables (`gm`, `X`) and redeclare names freely.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { publicExamples, root, type DocExample } from "./public-api";

const requireFromRoot = createRequire(resolve(root, "package.json"));
function loadBuiltLibrary(): Record<string, unknown> {
  try {
    return requireFromRoot("mlem") as Record<string, unknown>; // lib/dist/cjs/node.js via the exports map
  } catch (e) {
    throw new Error(`the examples run against the built library: build it first (node scripts/build-lib.mjs). ${(e as Error).message}`);
  }
}
const mlem = loadBuiltLibrary();
const displayed: unknown[] = [];
/** Installed before each export's examples (an example may install its own, as setDisplayTransport's does). */
function installTestHooks(): void {
  (mlem.setDisplayTransport as (t: (bundle: unknown) => void) => void)((bundle) => displayed.push(bundle));
  (mlem.setCourseFileReader as (r: (path: string) => string) => void)((path) => readFileSync(resolve(root, "notebooks", path), "utf8"));
}
const mathScope = Object.fromEntries(Object.getOwnPropertyNames(Math).map((k) => [k, (Math as unknown as Record<string, unknown>)[k]]));

const ARROW = /^\/\/\s*→\s*(.*)$/;

/** A stated result, compiled from the expected-value expression. */
type Matcher = (actual: unknown, path: string) => string[];

function numberTolerance(text: string, value: number): number {
  const m = /^(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.replace(/_/g, ""));
  if (!m) return 1e-12 * Math.max(1, Math.abs(value));
  const decimals = (m[2] ?? "").length;
  const significant = (m[1] + (m[2] ?? "")).replace(/^0+/, "").length;
  if (decimals === 0 && !m[3]) return 1e-12 * Math.max(1, Math.abs(value)); // an integer as JS prints it: exact
  if (significant >= 15) return 1e-12 * Math.abs(value); // printed at full precision
  const halfUnit = 0.5 * 10 ** (Number(m[3] ?? 0) - decimals);
  return halfUnit * (1 + 1e-9); // the rounding boundary itself passes
}

function closeTo(expected: number, tol: number, label: string): Matcher {
  return (actual, path) => {
    if (typeof actual !== "number") return [`${path}: expected a number ${label}, got ${describeValue(actual)}`];
    if (Number.isNaN(expected)) return Number.isNaN(actual) ? [] : [`${path}: expected NaN, got ${actual}`];
    if (!Number.isFinite(expected)) return actual === expected ? [] : [`${path}: expected ${expected}, got ${actual}`];
    return Math.abs(actual - expected) <= tol ? [] : [`${path}: expected ${label} (±${tol.toPrecision(2)}), got ${actual}`];
  };
}

function describeValue(v: unknown): string {
  try {
    return typeof v === "object" && v !== null ? `${v.constructor?.name ?? "object"} ${JSON.stringify(Array.isArray(v) || ArrayBuffer.isView(v) ? Array.from(v as ArrayLike<unknown>) : v)?.slice(0, 200)}` : String(v);
  } catch {
    return String(v);
  }
}

function evaluateClosedForm(expr: ts.Expression, sf: ts.SourceFile): unknown {
  const text = expr.getText(sf);
  return new Function(...Object.keys(mathScope), `return (${text});`)(...Object.values(mathScope));
}

function compileMatcher(expr: ts.Expression, sf: ts.SourceFile, approximate: boolean): Matcher {
  // "≈": an iterative or finite-difference result; numbers also pass within 1e-6·max(1, |value|).
  const loosen = (tol: number, v: number) => (approximate ? Math.max(tol, 1e-6 * Math.max(1, Math.abs(v))) : tol);
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  const text = expr.getText(sf);
  if (ts.isNumericLiteral(expr)) return closeTo(Number(expr.text), loosen(numberTolerance(expr.getText(sf), Number(expr.text)), Number(expr.text)), text);
  if (ts.isPrefixUnaryExpression(expr) && ts.isNumericLiteral(expr.operand) && (expr.operator === ts.SyntaxKind.MinusToken || expr.operator === ts.SyntaxKind.PlusToken)) {
    const v = (expr.operator === ts.SyntaxKind.MinusToken ? -1 : 1) * Number(expr.operand.text);
    return closeTo(v, loosen(numberTolerance(expr.operand.getText(sf), v), v), text);
  }
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) {
    const s = expr.text;
    return (actual, path) => (actual === s ? [] : [`${path}: expected ${JSON.stringify(s)}, got ${describeValue(actual)}`]);
  }
  if (ts.isArrayLiteralExpression(expr)) {
    const items = expr.elements.map((e) => compileMatcher(e, sf, approximate));
    return (actual, path) => {
      const isArrayLike = Array.isArray(actual) || (ArrayBuffer.isView(actual) && !(actual instanceof DataView));
      if (!isArrayLike) return [`${path}: expected an array ${text}, got ${describeValue(actual)}`];
      const a = actual as ArrayLike<unknown>;
      if (a.length !== items.length) return [`${path}: expected length ${items.length}, got ${a.length} (${describeValue(actual)})`];
      return items.flatMap((m, i) => m(a[i], `${path}[${i}]`));
    };
  }
  if (ts.isObjectLiteralExpression(expr)) {
    const entries = expr.properties.map((p) => {
      if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) throw new Error(`expected value ${text}: only \`key: value\` entries are supported`);
      return [p.name.text, compileMatcher(p.initializer, sf, approximate)] as const;
    });
    return (actual, path) => {
      if (typeof actual !== "object" || actual === null) return [`${path}: expected an object ${text}, got ${describeValue(actual)}`];
      return entries.flatMap(([k, m]) => (k in actual ? m((actual as Record<string, unknown>)[k], `${path}.${k}`) : [`${path}: has no key ${k}`]));
    };
  }
  if (expr.kind === ts.SyntaxKind.TrueKeyword || expr.kind === ts.SyntaxKind.FalseKeyword || expr.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(expr) && expr.text === "undefined")) {
    const v = expr.kind === ts.SyntaxKind.TrueKeyword ? true : expr.kind === ts.SyntaxKind.FalseKeyword ? false : expr.kind === ts.SyntaxKind.NullKeyword ? null : undefined;
    return (actual, path) => (actual === v ? [] : [`${path}: expected ${text}, got ${describeValue(actual)}`]);
  }
  // A closed form: evaluated with Math's functions in scope, checked to 1e-10 relative.
  const value = evaluateClosedForm(expr, sf);
  if (typeof value !== "number") throw new Error(`expected value ${text} is neither a literal nor a numeric closed form`);
  return closeTo(value, loosen(1e-10 * Math.max(Math.abs(value), Number.MIN_VALUE), value), `${text} = ${value}`);
}

/** Parse the text after `→` into a matcher, or a `throws Name` expectation. */
function parseExpectation(full: string): { throws: string } | { matcher: Matcher; text: string } {
  let text = full.split(" — ")[0]; // prose may follow the value after an em dash
  const approximate = /^≈\s*/.test(text);
  text = text.replace(/^≈\s*/, "");
  const t = /^throws\s+([A-Za-z_$][\w$]*)\s*$/.exec(text.trim());
  if (t) return { throws: t[1] };
  const sf = ts.createSourceFile("expected.ts", `(${text});`, ts.ScriptTarget.ES2022, true);
  const stmt = sf.statements[0];
  const diagnostics = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  if (sf.statements.length !== 1 || !stmt || !ts.isExpressionStatement(stmt) || diagnostics.length > 0) throw new Error(`"// → ${text}" is not a JavaScript value (write prose after a plain // instead)`);
  return { matcher: compileMatcher(stmt.expression, sf, approximate), text: full.split(" — ")[0] };
}

interface Check {
  line: number;
  expectation: ReturnType<typeof parseExpectation>;
}

/** Rewrite the statements carrying `// → ...` into calls of the checker; return the new source. */
function instrument(example: DocExample, checks: Check[]): string {
  const sf = ts.createSourceFile("example.ts", example.code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (statements: readonly ts.Statement[]) => {
    for (const stmt of statements) {
      if (ts.isBlock(stmt)) visit(stmt.statements);
      const comment = (ts.getTrailingCommentRanges(example.code, stmt.end) ?? [])[0];
      if (!comment) continue;
      const m = ARROW.exec(example.code.slice(comment.pos, comment.end));
      if (!m) continue;
      const line = sf.getLineAndCharacterOfPosition(stmt.getStart(sf)).line;
      const id = checks.length;
      checks.push({ line, expectation: parseExpectation(m[1]) });
      const start = stmt.getStart(sf);
      const original = example.code.slice(start, stmt.end);
      if ("throws" in checks[id].expectation) {
        edits.push({ start, end: stmt.end, text: `__doc.throws(${id}, () => { ${original} });` });
      } else if (ts.isExpressionStatement(stmt)) {
        edits.push({ start, end: stmt.end, text: `__doc.check(${id}, (${stmt.expression.getText(sf)}));` });
      } else if (ts.isVariableStatement(stmt) && stmt.declarationList.declarations.length === 1 && ts.isIdentifier(stmt.declarationList.declarations[0].name)) {
        edits.push({ start: stmt.end, end: stmt.end, text: ` __doc.check(${id}, ${stmt.declarationList.declarations[0].name.text});` });
      } else {
        throw new Error(`${example.location}: "// →" after a statement that is neither an expression nor a one-variable declaration`);
      }
    }
  };
  visit(sf.statements);
  let code = example.code;
  for (const e of edits.sort((a, b) => b.start - a.start)) code = code.slice(0, e.start) + e.text + code.slice(e.end);
  return code;
}

function transpile(example: DocExample, source: string): string {
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    reportDiagnostics: true,
    fileName: "example.ts",
  });
  const errors = (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  if (errors.length) throw new Error(`${example.location}: does not parse: ${errors.join("; ")}`);
  return out.outputText;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
const rootNames = Object.keys(mlem).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k));
const quietConsole = { log() {}, info() {}, warn() {}, error() {}, table() {}, dir() {} };

interface Unit {
  example: DocExample;
  checks: Check[];
  js: string;
}

function prepare(example: DocExample): Unit {
  const checks: Check[] = [];
  return { example, checks, js: transpile(example, instrument(example, checks)) };
}

/**
 * Run the export's own example(s), then each member example in its own block. Returns the failures,
 * each naming the example and the line of lib/src it is on.
 */
async function runExamples(own: DocExample[], members: DocExample[]): Promise<{ failures: string[]; executed: number; checked: number }> {
  const failures: string[] = [];
  const units: Unit[] = [];
  for (const ex of [...own, ...members]) {
    try {
      units.push(prepare(ex));
    } catch (e) {
      failures.push(`${ex.name} (${ex.location}): ${(e as Error).message}`);
    }
  }
  let checked = 0;
  const doc = {
    current: undefined as Unit | undefined,
    check(id: number, actual: unknown) {
      const unit = doc.current!;
      const c = unit.checks[id];
      checked++;
      if (!("matcher" in c.expectation)) return;
      const problems = c.expectation.matcher(actual, "value");
      for (const p of problems) failures.push(`${unit.example.name} (${srcLine(unit.example, c.line)}): // → ${c.expectation.text}: ${p}`);
    },
    throws(id: number, body: () => void) {
      const unit = doc.current!;
      const c = unit.checks[id];
      const name = (c.expectation as { throws: string }).throws;
      checked++;
      try {
        body();
      } catch (e) {
        const ctor = mlem[name] as (new () => unknown) | undefined;
        if (!(typeof ctor === "function" && e instanceof ctor) && (e as Error)?.name !== name) {
          failures.push(`${unit.example.name} (${srcLine(unit.example, c.line)}): expected ${name}, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
        }
        return;
      }
      failures.push(`${unit.example.name} (${srcLine(unit.example, c.line)}): expected it to throw ${name}, it did not`);
    },
  };
  // One function: the first unit's top-level names are visible to the later (member) units, each of
  // which runs in a block of its own, its failure recorded without stopping the others.
  if (units.length === 0) return { failures, executed: 0, checked };
  const blocks = units.map((u, i) => {
    const body = `__doc.current = __units[${i}];\n${u.js}`;
    return i === 0 ? body : `try {\n${body}\n} catch (e) { __fail(${i}, e); }`;
  });
  const source = `const { ${rootNames.join(", ")} } = __mlem;\ntry {\n${blocks.join("\n")}\n} catch (e) { __fail(0, e); }`;
  const fail = (i: number, e: unknown) => failures.push(`${units[i].example.name} (${units[i].example.location}): threw ${(e as Error)?.name ?? ""}: ${(e as Error)?.message ?? String(e)}`);
  const run = new AsyncFunction("require", "exports", "module", "console", "__mlem", "__doc", "__units", "__fail", source);
  await run(requireFromRoot, {}, { exports: {} }, quietConsole, mlem, doc, units, fail);
  return { failures, executed: units.length, checked };
}

function srcLine(example: DocExample, line: number): string {
  return `${example.file.replace(root + "/", "")}:${example.firstLine + line + 1}`;
}

const exportsWithExamples = publicExamples();
const totals = { examples: 0, executed: 0, checked: 0 };

describe("@example blocks run (doctests)", () => {
  it("finds the examples", () => {
    const n = exportsWithExamples.reduce((s, e) => s + e.own.length + e.members.length, 0);
    expect(n).toBeGreaterThan(300);
  });

  for (const { name, location, own, members } of exportsWithExamples) {
    it(`${name} (${location})`, async () => {
      installTestHooks();
      const { failures, executed, checked } = await runExamples(own, members);
      totals.examples += own.length + members.length;
      totals.executed += executed;
      totals.checked += checked;
      expect(failures, failures.join("\n")).toEqual([]);
    });
  }

  it("reports the counts", () => {
    // eslint-disable-next-line no-console
    console.log(`doctests: ${totals.examples} examples, ${totals.executed} executed, ${totals.checked} stated results checked, ${displayed.length} figures displayed`);
  });
});

export { runExamples as _runExamplesForTests, parseExpectation as _parseExpectation };
