// The perturbation stage (scripts/run_perturbations.py): each alternate of a notebook's knobs runs
// through the real runner; a failing alternate fails the stage, naming notebook, alternate and cell.
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");

describe("scripts/run_perturbations.py", () => {
  it("runs every alternate and names the one that fails, with its values and the cell", async () => {
    const r = await new Promise<{ code: number | null; out: string }>((done) => {
      const p = spawn(join(root, ".venv/bin/python"), ["scripts/run_perturbations.py", "--jobs", "2", "--drain", "1", "tests/fixtures/knobs.ipynb"], { cwd: root });
      let out = "";
      p.stdout.on("data", (d) => (out += d));
      p.stderr.on("data", (d) => (out += d));
      p.on("close", (code) => done({ code, out }));
    });
    expect(r.out).toMatch(/1 of 1 notebook\(s\) declare knobs: 2 alternate run\(s\), 2 at a time/);
    expect(r.out).toMatch(/ok {3}knobs\.ipynb \[alternate 1 \(label = "six", n = 6\)\]: 2 code cells, [\d.]+ s/);
    expect(r.out).toMatch(/knobs\.ipynb \[alternate 2 \(n = 7\)\]: cell 3 \(`if \(n === 7\) throw new Error/);
    expect(r.out).toContain("self-check failed for n = 7");
    expect(r.out).toMatch(/2 run\(s\) in [\d.]+ s wall time/);
    expect(r.code).toBe(1);
  }, 180_000); // two tslab kernels, on a shared 2-core machine
});
