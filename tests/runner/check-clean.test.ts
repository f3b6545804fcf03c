// The check that notebooks in git carry no outputs (scripts/check_clean_notebooks.mjs).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const script = join(root, "scripts/check_clean_notebooks.mjs");

function notebook(outputs: unknown[], executionCount: number | null) {
  return {
    cells: [{ cell_type: "code", id: "a", metadata: {}, source: "1 + 1", outputs, execution_count: executionCount }],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
}

describe("scripts/check_clean_notebooks.mjs", () => {
  const dir = mkdtempSync(join(tmpdir(), "mlem-clean-"));
  it("accepts a notebook without outputs", () => {
    const p = join(dir, "clean.ipynb");
    writeFileSync(p, JSON.stringify(notebook([], null)));
    expect(spawnSync(process.execPath, [script, p]).status).toBe(0);
  });
  it("rejects outputs and execution counts, and --fix strips them", () => {
    const p = join(dir, "dirty.ipynb");
    writeFileSync(p, JSON.stringify(notebook([{ output_type: "execute_result", data: { "text/plain": "2" }, metadata: {}, execution_count: 1 }], 1)));
    const r = spawnSync(process.execPath, [script, p], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("cell 1 has 1 output(s)");
    expect(r.stderr).toContain("execution_count 1");
    expect(spawnSync(process.execPath, [script, "--fix", p]).status).toBe(0);
    const fixed = JSON.parse(readFileSync(p, "utf8"));
    expect(fixed.cells[0].outputs).toEqual([]);
    expect(fixed.cells[0].execution_count).toBeNull();
    expect(spawnSync(process.execPath, [script, p]).status).toBe(0);
  });
});
