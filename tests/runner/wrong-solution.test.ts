// A solution cell that calls assertAnswer with a wrong value must fail the notebook stage, and the
// failure must name the exercise: the guarantee that the course's solutions are right.
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");

describe("a wrong solution fails the notebook runner", () => {
  it("names the notebook, the cell and the exercise", async () => {
    const r = await new Promise<{ code: number | null; out: string }>((done) => {
      const p = spawn(join(root, ".venv/bin/python"), ["scripts/run_notebooks.py", "--drain", "1", "tests/fixtures/wrong-solution.ipynb"], { cwd: root });
      let out = "";
      p.stdout.on("data", (d) => (out += d));
      p.stderr.on("data", (d) => (out += d));
      p.on("close", (code) => done({ code, out }));
    });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/wrong-solution\.ipynb: cell 3 \(`\/\/ Solution \(collapsed\): forgets that the weights sum to one\.`\)/);
    expect(r.out).toContain("WrongAnswerError");
    expect(r.out).toMatch(/Exercise 05\.2 \(free parameters of a K-component, full-covariance Gaussian mixture in 2 dimensions\): the solution is wrong/);
  }, 120_000);
});
