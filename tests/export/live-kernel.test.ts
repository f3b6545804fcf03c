// The in-page kernel (scripts/export/live/kernel-worker.js), bundled as the export bundles it and run
// here in a Node vm context standing in for the worker's global scope: cells share one scope in
// order and can run again, imports resolve to mlem, the last expression and console output print as
// tslab prints them (compared with Node's own util.format), displays send tslab's mime bundles,
// readCsv reads the shipped data, errors say what and where, and a cell is type-checked as tslab
// checks it (the expected texts are tslab's, from these cells run in JupyterLab) before it runs. The same code in a real browser,
// against tslab's outputs for every notebook: scripts/export/live-check.mjs (a stage of `npm test`).
import { format } from "node:util";
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a JavaScript module without types
import { bundleKernel, typeFiles } from "../../scripts/export/live/build.mjs";

interface Output {
  output_type: string;
  name?: string;
  text?: string;
  data?: Record<string, unknown>;
}
type Message = { type: string; id?: string; output?: Output; ok?: boolean };

let kernel: { run(code: string): { outputs: Output[]; ok: boolean; stdout: string; stderr: string } };

function startKernel(code: string, files: Record<string, string>, types: Record<string, string>) {
  const messages: Message[] = [];
  const ctx: Record<string, unknown> = {
    postMessage: (m: Message) => messages.push(m),
    console: {},
    performance,
    URL,
    structuredClone,
    addEventListener: () => {},
  };
  ctx.self = ctx;
  vm.createContext(ctx);
  vm.runInContext(code, ctx);
  const send = (data: unknown) => (ctx.onmessage as (ev: { data: unknown }) => void)({ data });
  send({ type: "init", files, base: "file:///dist/05-x.html", types });
  expect(messages.shift()).toEqual({ type: "ready" });
  let n = 0;
  return {
    run(source: string) {
      const id = `c${++n}`;
      messages.length = 0;
      send({ type: "run", id, code: source });
      const outputs = messages.filter((m) => m.type === "output" && m.id === id).map((m) => m.output as Output);
      const done = messages.find((m) => m.type === "done" && m.id === id);
      const text = (name: string) => outputs.filter((o) => o.output_type === "stream" && o.name === name).map((o) => o.text).join("");
      return { outputs, ok: done?.ok === true, stdout: text("stdout"), stderr: text("stderr") };
    },
  };
}

beforeAll(async () => {
  kernel = startKernel(await bundleKernel(), { "faithful.csv": "eruptions,waiting\n3.6,79\n1.8,54\n" }, typeFiles());
}, 120_000);

describe("the in-page kernel", () => {
  it("shares one scope between cells, in order, and lets a cell run again", () => {
    expect(kernel.run("const a: number = 2;\nlet b = 3;\nclass Box { constructor(public v: number) {} }\nfunction twice(x: number): number { return 2 * x; }").ok).toBe(true);
    expect(kernel.run("twice(new Box(a * b).v) + 30").stdout).toBe("42\n");
    // Running the first cell again redeclares its const, as a kernel allows.
    expect(kernel.run("const a: number = 5;").ok).toBe(true);
    expect(kernel.run("a").stdout).toBe("5\n");
  });

  it("prints the last expression and console output as tslab does (Node's util.format)", () => {
    expect(kernel.run('"no quotes at the top level";').stdout).toBe("no quotes at the top level\n");
    expect(kernel.run("undefined;").stdout).toBe("");
    expect(kernel.run("null").stdout).toBe("");
    const values = `"n =", 3, -0, [1, 2.5, "x"], { a: 1, "b c": [true, null] }, new Map([[1, "one"]]), 12n`;
    // eslint-disable-next-line no-new-func
    const expected = format(...(new Function(`return [${values}];`)() as unknown[])) + "\n";
    expect(kernel.run(`console.log(${values});`).stdout).toBe(expected);
    expect(kernel.run('console.log("%s has %d rows", "data", 272);').stdout).toBe("data has 272 rows\n");
    expect(kernel.run('console.error("careful");').stderr).toBe("careful\n");
  });

  it("resolves mlem (and its sub-paths) and ml-matrix, drops type-only imports, and says which modules exist", () => {
    const r = kernel.run('import { Rng, logSumExp } from "mlem";\nimport type { EMModel } from "mlem";\nimport { fitGaussianMixture as fit } from "mlem/mixture";\nimport { Matrix } from "ml-matrix";\n[typeof fit, new Matrix(2, 3).columns, logSumExp([0, 0]).toFixed(6), new Rng(1).uniform() < 1].join(" ")');
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`function 3 ${Math.log(2).toFixed(6)} true\n`);
    const missing = kernel.run('import { x } from "left-pad";');
    expect(missing.ok).toBe(false);
    expect(missing.stderr).toBe("1:19 - Cannot find module 'left-pad' or its corresponding type declarations.\n");
    // Past the type check (a dynamic import is not checked against a module), the kernel says which modules exist.
    const dynamic = kernel.run('const name: string = "left-pad";\nrequire(name);');
    expect(dynamic.stderr).toMatch(/^2:1 - Cannot find name 'require'/);
  });

  it("sends the display functions' mime bundles, as under tslab", () => {
    const r = kernel.run('import { showMarkdown, showMath, showTable } from "mlem";\nshowMarkdown("**bold** $x$");\nshowMath("\\\\alpha");\nshowTable(["k", "v"], [[1, 0.5]]);');
    expect(r.outputs.map((o) => o.data)).toEqual([
      { "text/markdown": "**bold** $x$", "text/plain": "**bold** $x$" },
      { "text/markdown": "$$\\alpha$$", "text/latex": "$$\\alpha$$", "text/plain": "\\alpha" },
      expect.objectContaining({ "text/markdown": "| k | v |\n|---:|---:|\n| 1 | 0.5 |" }),
    ]);
  });

  it("reads the data the page shipped with readCsv, and says how to get the rest", () => {
    expect(kernel.run('import { readCsv } from "mlem";\nreadCsv("../data/faithful.csv").numbers("waiting")').stdout).toBe("[ 79, 54 ]\n");
    const r = kernel.run('readCsv("../data/iris.csv")');
    expect(r.ok).toBe(false);
    expect(r.stderr).toMatch(/'\.\.\/data\/iris\.csv' is not one of the data files this page ships \(faithful\.csv\)\. Serve the course folder/);
  });

  it("reports an exception with the line of the cell it came from, and a syntax error with its position", () => {
    const r = kernel.run("const rows = [1, 2];\n\n// a comment\nconst bad = (rows as any).missing.length;");
    expect(r.ok).toBe(false);
    expect(r.stderr).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'length'\)\n {4}at line 4, column \d+ of the cell\n$/);
    const s = kernel.run("const x = ;");
    expect(s.ok).toBe(false);
    expect(s.stderr).toBe("1:11 - Expression expected.\n");
    const t = kernel.run("await Promise.resolve(1);");
    expect(t.stderr).toMatch(/top-level await is not supported/);
  });

  it("type-checks a cell before it runs, in the context of the cells before it, and prints errors as tslab does", () => {
    // A type error: printed as tslab prints it (line:column of the cell), and the cell does not run.
    const bad = kernel.run('const typed: number = "a string";\nconsole.log("this line ran");');
    expect(bad).toMatchObject({ ok: false, stdout: "", stderr: "1:7 - Type 'string' is not assignable to type 'number'.\n" });
    expect(bad.outputs).toHaveLength(1);
    // The corrected cell runs, and the next cells see its declarations (its const stays a const).
    expect(kernel.run("const typed: number = 6 * 7;\nconsole.log(`typed = ${typed}`);")).toMatchObject({ ok: true, stdout: "typed = 42\n", stderr: "" });
    expect(kernel.run("typed.toFixed(1)").stdout).toBe("42.0\n");
    expect(kernel.run("typed = 1;").stderr).toBe("1:1 - Cannot assign to 'typed' because it is a constant.\n");
    // An earlier let may be assigned; functions, classes, generic types and interfaces carry over.
    expect(kernel.run("let later = 1;\nfunction g(x: number) { return x * 2; }\nclass Cls<T> { constructor(public v: T) {} }\ntype Pair<T> = [T, T];\ninterface Shape { area(): number }").ok).toBe(true);
    expect(kernel.run("later = 2;\nconst cc = new Cls<number>(3);\nconst pr: Pair<string> = [\"a\", \"b\"];\nconst sh: Shape = { area: () => g(later) + cc.v };\nsh.area()").stdout).toBe("7\n");
    const chained = kernel.run("const wrongCls: Cls<string> = new Cls(3);");
    expect(chained.stderr).toBe("1:7 - Type 'Cls<number>' is not assignable to type 'Cls<string>'.\n1:7 - Type 'number' is not assignable to type 'string'.\n");
    expect(kernel.run('g("x")').stderr).toBe("1:3 - Argument of type 'string' is not assignable to parameter of type 'number'.\n");
    // A cell that threw does not declare anything for the next cells (as in tslab).
    expect(kernel.run('throw new Error("boom");\nconst neverDeclared = 1;').ok).toBe(false);
    expect(kernel.run("neverDeclared").stderr).toBe("1:1 - Cannot find name 'neverDeclared'.\n");
  });

  it("reports a mistake against mlem's and ml-matrix's declarations", () => {
    const setup = kernel.run('import { fitGaussianMixture, readCsv } from "mlem";\nconst X = readCsv("../data/faithful.csv").matrix(["eruptions", "waiting"]);');
    expect(setup).toMatchObject({ ok: true, stderr: "" });
    const r = kernel.run('const fit = fitGaussianMixture(X, { k: "2" });');
    expect(r).toMatchObject({ ok: false, stdout: "", stderr: "1:37 - Type 'string' is not assignable to type 'number'.\n" });
    const m = kernel.run('import { Matrix } from "ml-matrix";\nconst M = new Matrix(2, 2);\nconst t: string = M.get(0, 0);');
    expect(m.stderr).toBe("3:7 - Type 'number' is not assignable to type 'string'.\n");
    // A knob of the wrong kind is caught before the fit runs; the same call with a number runs.
    expect(kernel.run("const fit = fitGaussianMixture(X, { k: 1 });\nfit.weights.length").stdout).toBe("1\n");
  });
});
