// Tests of the notebook runner itself (scripts/run_notebooks.py): a broken notebook must make it
// fail and name the notebook and the cell. The fixtures run in the real tslab kernel from .venv.
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const python = join(root, ".venv/bin/python");

function runFixture(name: string): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const p = spawn(python, ["scripts/run_notebooks.py", "--drain", "2", join("tests/fixtures", name)], { cwd: root });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("close", (code) => done({ code, out }));
  });
}

describe("scripts/run_notebooks.py", () => {
  it("passes a clean notebook", async () => {
    const r = await runFixture("clean.ipynb");
    expect(r.out).toContain("ok   clean.ipynb");
    expect(r.code).toBe(0);
  });

  it("fails on a type error, naming the notebook and the cell", async () => {
    const r = await runFixture("type-error.ipynb");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/type-error\.ipynb: cell 3 \(`const b: number = "not a number";`\): wrote to stderr/);
    expect(r.out).toContain("Type 'string' is not assignable to type 'number'");
  });

  it("fails on a runtime throw, naming the notebook and the cell", async () => {
    const r = await runFixture("runtime-throw.ipynb");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/runtime-throw\.ipynb: cell 2 \(`throw new Error\("boom from the fixture"\);`\)/);
    expect(r.out).toContain("boom from the fixture");
  });

  it("fails on a promise that rejects after its cell went idle, naming that cell", async () => {
    const r = await runFixture("unhandled-rejection.ipynb");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/unhandled-rejection\.ipynb: cell 3 \(`setTimeout/);
    expect(r.out).toContain("late rejection from the fixture");
  });
});
