// No import cycles in lib/src: neither between files nor between the topic folders (core, optim,
// inference, em, mixture, ...). A cycle between folders means neither can be understood, tested or
// loaded without the other; between files it also makes ESM evaluation order matter. The graph is
// read from the sources with the TypeScript scanner (static imports and re-exports, type-only
// imports included: they still couple the modules), so a new cycle fails here naming its path.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const src = resolve(__dirname, "../../src");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** Relative module specifiers of a file's import and export-from declarations, resolved to files. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  const out: string[] = [];
  for (const ref of info.importedFiles) {
    if (!ref.fileName.startsWith(".")) continue;
    const target = resolve(dirname(file), ref.fileName.replace(/\.js$/, ".ts"));
    out.push(target);
  }
  return out;
}

/** One cycle of the directed graph, as a closed path, or null (iterative DFS, colours). */
function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const colour = new Map<string, 0 | 1 | 2>();
  for (const start of graph.keys()) {
    if (colour.get(start)) continue;
    const stack: Array<{ node: string; next: string[] }> = [{ node: start, next: [...(graph.get(start) ?? [])] }];
    colour.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const n = top.next.pop();
      if (n === undefined) {
        colour.set(top.node, 2);
        stack.pop();
        continue;
      }
      const c = colour.get(n) ?? 0;
      if (c === 1) {
        const path = stack.map((f) => f.node);
        return [...path.slice(path.indexOf(n)), n];
      }
      if (c === 0) {
        colour.set(n, 1);
        stack.push({ node: n, next: [...(graph.get(n) ?? [])] });
      }
    }
  }
  return null;
}

const files = sourceFiles(src);
const fileGraph = new Map<string, Set<string>>(files.map((f) => [f, new Set(importsOf(f))]));
const folderOf = (f: string): string => relative(src, f).split("/")[0].replace(/\.ts$/, "");

describe("import graph of lib/src", () => {
  it("finds the files and their imports (the test can see a cycle)", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(findCycle(new Map([["a", new Set(["b"])], ["b", new Set(["c"])], ["c", new Set(["a"])]]))).toEqual(["a", "b", "c", "a"]);
    for (const [f, deps] of fileGraph) for (const d of deps) expect(files, `${relative(src, f)} imports a missing ${relative(src, d)}`).toContain(d);
  });

  it("has no cycle between files", () => {
    const cycle = findCycle(fileGraph);
    expect(cycle?.map((f) => relative(src, f)).join(" → ") ?? null).toBeNull();
  });

  it("has no cycle between the topic folders", () => {
    // index.ts and node.ts at the root re-export every folder: they are the top, not a folder.
    const graph = new Map<string, Set<string>>();
    for (const [f, deps] of fileGraph) {
      const from = folderOf(f);
      if (from === "index" || from === "node") continue;
      const set = graph.get(from) ?? new Set<string>();
      for (const d of deps) if (folderOf(d) !== from) set.add(folderOf(d));
      graph.set(from, set);
    }
    const cycle = findCycle(graph);
    // Name one file import per edge of the cycle, so the message says where to cut.
    const why = cycle
      ?.slice(1)
      .map((to, i) => {
        const from = cycle[i];
        for (const [f, deps] of fileGraph) for (const d of deps) if (folderOf(f) === from && folderOf(d) === to) return `${relative(src, f)} → ${relative(src, d)}`;
        return `${from} → ${to}`;
      })
      .join("; ");
    expect(why ?? null).toBeNull();
  });
});
