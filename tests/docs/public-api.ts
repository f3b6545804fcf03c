// Discovery of mlem's public API, shared by the documentation tests (public-api.test.ts checks that
// every export is documented, examples.test.ts runs the documented examples). Walks the package
// root's exports with the TypeScript compiler API (the project's TypeScript).
import { resolve } from "node:path";
import ts from "typescript";

export const root = resolve(__dirname, "../..");
const configPath = resolve(root, "lib/tsconfig.json");
const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
export const program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, noEmit: true } });
export const checker = program.getTypeChecker();
const entry = program.getSourceFile(resolve(root, "lib/src/node.ts"))!; // the root as Node sees it: everything, readCsv included
const moduleSymbol = checker.getSymbolAtLocation(entry)!;
export const exportsOfRoot = checker.getExportsOfModule(moduleSymbol);

export function declarationOf(sym: ts.Symbol): ts.Declaration | undefined {
  const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
  return target.declarations?.[0];
}

export function where(decl: ts.Node): string {
  const sf = decl.getSourceFile();
  const { line } = sf.getLineAndCharacterOfPosition(decl.getStart());
  return `${sf.fileName.replace(root + "/", "")}:${line + 1}`;
}

/** The nodes a declaration's JSDoc can sit on: for `export const x = ...`, the variable statement. */
function docNodes(decl: ts.Node): ts.Node[] {
  return ts.isVariableDeclaration(decl) ? [decl, decl.parent.parent] : [decl];
}

export function hasTag(decl: ts.Node, tag: string): boolean {
  return docNodes(decl).some((n) => ts.getJSDocTags(n).some((t) => t.tagName.text === tag));
}

export function hasDoc(decl: ts.Node): boolean {
  return docNodes(decl).some((n) => ts.getJSDocCommentsAndTags(n).length > 0);
}

/** One `@example` block: its code (the comment's `*` margin removed) and where it is. */
export interface DocExample {
  /** "Normal", "GaussianMixture.bic", ... */
  name: string;
  /** file:line of the `@example` tag. */
  location: string;
  /** Line of lib/src (0-based) where the code starts, so errors can point into the source. */
  firstLine: number;
  file: string;
  code: string;
}

/** The `@example` blocks on one node, with the code as written (indentation kept). */
function examplesOn(node: ts.Node, name: string): DocExample[] {
  const sf = node.getSourceFile();
  const text = sf.getFullText();
  const out: DocExample[] = [];
  const seenTags = new Set<number>();
  for (const n of docNodes(node)) {
    for (const tag of ts.getJSDocTags(n)) {
      if (tag.tagName.text !== "example" || seenTags.has(tag.pos)) continue;
      seenTags.add(tag.pos);
      // Read the raw lines between the tag and the next tag / end of comment, stripping the `*` margin.
      const start = tag.tagName.end;
      const end = tag.end;
      const raw = text.slice(start, end);
      const lines = raw.split("\n");
      const body = lines.slice(1).map((l) => l.replace(/^\s*\*( |$)/, "")).map((l) => l.replace(/\s*\*\/\s*$/, ""));
      while (body.length && body[body.length - 1].trim() === "") body.pop();
      const first = lines[0].trim();
      if (first) body.unshift(first.replace(/\s*\*\/\s*$/, ""));
      const firstLine = sf.getLineAndCharacterOfPosition(start).line + (first ? 0 : 1);
      out.push({ name, location: `${sf.fileName.replace(root + "/", "")}:${sf.getLineAndCharacterOfPosition(tag.getStart()).line + 1}`, firstLine, file: sf.fileName, code: body.join("\n") });
    }
  }
  return out;
}

/** A public export with its examples; for classes, also those of their public members. */
export interface ExportExamples {
  name: string;
  location: string;
  own: DocExample[];
  members: DocExample[];
}

export function publicExamples(): ExportExamples[] {
  const seen = new Set<ts.Node>();
  const result: ExportExamples[] = [];
  for (const sym of exportsOfRoot) {
    const decl = declarationOf(sym);
    if (!decl || seen.has(decl)) continue;
    seen.add(decl);
    const own = examplesOn(decl, sym.name);
    const members: DocExample[] = [];
    if (ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl)) {
      for (const m of decl.members) {
        const mods = ts.canHaveModifiers(m) ? ts.getModifiers(m) ?? [] : [];
        if (mods.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
        const memberName = m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : ts.isConstructorDeclaration(m) ? "constructor" : "?";
        members.push(...examplesOn(m, `${sym.name}.${memberName}`));
      }
    }
    if (own.length || members.length) result.push({ name: sym.name, location: where(decl), own, members });
  }
  return result;
}
