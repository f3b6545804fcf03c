// Every public export of mlem is documented: functions, classes and constants carry JSDoc with an
// `@example`; types and interfaces carry a doc comment. Walks the package root's exports (discovery in
// ./public-api.ts, shared with examples.test.ts which runs the examples), so a new export without
// docs fails here.
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { declarationOf, exportsOfRoot, hasDoc, hasTag, where } from "./public-api";

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
