// The knobs format (scripts/knobs.py): every course notebook's knobs cell is well-formed, malformed
// cells are rejected with a message that names the notebook and says what to fix, and alternates
// are applied by rewriting only the values.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const python = join(root, ".venv/bin/python");
const knobs = (...args: string[]) => {
  const r = spawnSync(python, ["scripts/knobs.py", ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

const dir = mkdtempSync(join(tmpdir(), "mlem-knobs-"));
let count = 0;

/** A notebook whose knobs cell has `source` and `alternates`, followed by a cell using `uses`. */
function notebook(source: string, alternates: unknown, uses = "n; K; label; xs;"): string {
  const path = join(dir, `nb${++count}.ipynb`);
  const cell = (src: string, metadata: object = {}) => ({ cell_type: "code", execution_count: null, id: `c${Math.random().toString(36).slice(2, 8)}`, metadata, outputs: [], source: src });
  writeFileSync(path, JSON.stringify({
    cells: [cell(source, { tags: ["knobs"], ...(alternates === undefined ? {} : { mlem: { alternates } }) }), cell(uses)],
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript (tslab)", language: "typescript" } },
    nbformat: 4, nbformat_minor: 5,
  }));
  return path;
}

const good = "const n: number = 5; // how many\nconst K = 2; // components\n\nconst label: string = \"a\"; // name\nconst xs = [1, 2.5, -3e-2]; // values";

describe("scripts/knobs.py check", () => {
  it("passes every notebook of the course", () => {
    const r = knobs("check");
    expect(r.out).toMatch(/05-em-for-gaussian-mixtures\.ipynb: \d+ knobs .*, \d+ alternates/);
    expect(r.code).toBe(0);
  });

  it("accepts a well-formed cell: numbers, strings, arrays of numbers, optional annotations", () => {
    const r = knobs("check", notebook(good, [{ n: 6 }, { label: "b", xs: [] }]));
    expect(r.out).toMatch(/4 knobs \(n, K, label, xs\), 2 alternates/);
    expect(r.code).toBe(0);
  });

  // One run of the checker over every malformed notebook (each spawn of Python costs a second or more).
  const malformed: Array<[string, string, unknown, RegExp, string?]> = [
    ["a line that is not a knob", "const n = 5; // how many\nconsole.log(n);", [{ n: 1 }, { n: 2 }], /line 2: `console\.log\(n\);` is not a knob/],
    ["a knob without its comment", "const n = 5;", [{ n: 1 }, { n: 2 }], /line 1: `const n = 5;` is not a knob/],
    ["a value of another kind", "const n = { a: 1 }; // x", [{ n: 1 }, { n: 2 }], /the value of `n`, `\{ a: 1 \}`, is not a number/],
    ["an annotation that disagrees", "const n: string = 5; // x", [{ n: 1 }, { n: 2 }], /annotated `string` but its value is a number/],
    ["a knob declared twice", "const n = 5; // x\nconst n = 6; // y", [{ n: 1 }, { n: 2 }], /`n` is declared twice/],
    ["no alternates", "const n = 5; // x", undefined, /at least two/],
    ["one alternate", "const n = 5; // x", [{ n: 1 }], /at least two/],
    ["an alternate naming no knob", "const n = 5; // x", [{ m: 1 }, { n: 2 }], /alternate 1 sets `m`, which is not a knob \(knobs: n\)/],
    ["an alternate of the wrong kind", "const n = 5; // x", [{ n: "5" }, { n: 2 }], /alternate 1 sets `n` to "5", but `n` is a number/],
    ["an array alternate with a string", "const xs = [1, 2]; // x", [{ xs: [1, "a"] }, { xs: [2] }], /but `xs` is a number\[\]/],
    ["an alternate repeating the defaults", "const n = 5; // x", [{ n: 5 }, { n: 2 }], /alternate 1 repeats the defaults/],
    ["two equal alternates", "const n = 5; // x", [{ n: 2 }, { n: 2 }], /alternate 2 is the same as an earlier one/],
    ["a knob that no later cell uses", "const n = 5; // x\nconst unused = 1; // y", [{ n: 1 }, { n: 2 }], /the knob `unused` is never used after the knobs cell/, "n;"],
  ];
  const paths = malformed.map(([, source, alternates, , uses]) => notebook(source, alternates, uses ?? "n; xs;"));
  const checked = knobs("check", ...paths);
  const lines = checked.out.split("\n");

  it("fails when any notebook is malformed", () => expect(checked.code).toBe(1));
  it.each(malformed.map((m, i) => [m[0], i, m[3]] as const))("rejects %s", (_what, i, message) => {
    const line = lines.find((l) => l.includes(`${paths[i]}: cell 1 (knobs)`)) ?? "";
    expect(line).toMatch(message);
  });
});

describe("scripts/knobs.py apply", () => {
  it("rewrites only the alternate's values, keeping annotations, comments and other knobs", () => {
    const src = notebook(good, [{ n: 6 }, { label: "b \"q\"", xs: [0.1, 2] }]);
    const out = join(mkdtempSync(join(tmpdir(), "mlem-knobs-")), "alt.ipynb");
    const r = knobs("apply", src, "2", "-o", out);
    expect(r.code).toBe(0);
    const cell = JSON.parse(readFileSync(out, "utf8")).cells[0];
    expect((Array.isArray(cell.source) ? cell.source.join("") : cell.source)).toBe(
      "const n: number = 5; // how many\nconst K = 2; // components\n\nconst label: string = \"b \\\"q\\\"\"; // name\nconst xs = [0.1, 2]; // values",
    );
  });
});
