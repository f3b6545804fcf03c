// Every public export of mlem is documented: functions, classes and constants carry JSDoc with an
// `@example`; types and interfaces carry a doc comment. Walks the package root's exports with the
// TypeScript compiler API (the project's TypeScript), so a new export without docs fails here.
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const configPath = resolve(root, "lib/tsconfig.json");
const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
const program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, noEmit: true } });
const checker = program.getTypeChecker();
const entry = program.getSourceFile(resolve(root, "lib/src/node.ts"))!; // the root as Node sees it: everything, readCsv included
const moduleSymbol = checker.getSymbolAtLocation(entry)!;
const exportsOfRoot = checker.getExportsOfModule(moduleSymbol);

function declarationOf(sym: ts.Symbol): ts.Declaration | undefined {
  const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
  return target.declarations?.[0];
}

function where(decl: ts.Declaration): string {
  const sf = decl.getSourceFile();
  const { line } = sf.getLineAndCharacterOfPosition(decl.getStart());
  return `${sf.fileName.replace(root + "/", "")}:${line + 1}`;
}

function hasTag(decl: ts.Node, tag: string): boolean {
  // For `export const x = ...` the JSDoc sits on the variable statement.
  const nodes = ts.isVariableDeclaration(decl) ? [decl, decl.parent.parent] : [decl];
  return nodes.some((n) => ts.getJSDocTags(n).some((t) => t.tagName.text === tag));
}

function hasDoc(decl: ts.Node): boolean {
  const nodes = ts.isVariableDeclaration(decl) ? [decl, decl.parent.parent] : [decl];
  return nodes.some((n) => ts.getJSDocCommentsAndTags(n).length > 0);
}

describe("public API documentation", () => {
  it("exports a substantial API from the package root", () => {
    expect(exportsOfRoot.length).toBeGreaterThan(50);
  });

  it("every exported function, class and constant has JSDoc with an @example", () => {
    const missing: string[] = [];
    for (const sym of exportsOfRoot) {
      const decl = declarationOf(sym);
      if (!decl) continue;
      const isValue = ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl) || ts.isVariableDeclaration(decl);
      if (isValue && !hasTag(decl, "example")) missing.push(`${sym.name} (${where(decl)})`);
    }
    expect(missing, `exports without an @example:\n  ${missing.join("\n  ")}`).toEqual([]);
  });

  it("every exported type and interface has a doc comment", () => {
    const missing: string[] = [];
    for (const sym of exportsOfRoot) {
      const decl = declarationOf(sym);
      if (!decl) continue;
      if ((ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl)) && !hasDoc(decl)) missing.push(`${sym.name} (${where(decl)})`);
    }
    expect(missing, `types without a doc comment:\n  ${missing.join("\n  ")}`).toEqual([]);
  });
});
