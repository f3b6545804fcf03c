#!/usr/bin/env node
// Notebooks in git carry no outputs and no execution counts (clean diffs; executed copies are a
// build product). Checks notebooks/*.ipynb, or the paths given. `--fix` strips them in place.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const fix = args.includes("--fix");
let paths = args.filter((a) => a !== "--fix").map((p) => resolve(p));
if (paths.length === 0) {
  const dir = join(root, "notebooks");
  paths = readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(dir, f));
}

const problems = [];
for (const path of paths) {
  const nb = JSON.parse(readFileSync(path, "utf8"));
  let dirty = false;
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    if ((cell.outputs ?? []).length > 0) {
      problems.push(`${relative(root, path)}: cell ${i + 1} has ${cell.outputs.length} output(s)`);
      dirty = true;
      cell.outputs = [];
    }
    if (cell.execution_count !== null && cell.execution_count !== undefined) {
      problems.push(`${relative(root, path)}: cell ${i + 1} has execution_count ${cell.execution_count}`);
      dirty = true;
      cell.execution_count = null;
    }
  });
  if (fix && dirty) writeFileSync(path, JSON.stringify(nb, null, 1) + "\n");
}
if (problems.length && !fix) {
  console.error(`[clean] notebooks must be committed without outputs:\n  ${problems.join("\n  ")}`);
  console.error("[clean] fix with `npm run clean-notebooks` (or Edit ▸ Clear Outputs of All Cells, then save).");
  process.exit(1);
}
console.log(fix ? `[clean] stripped outputs from ${paths.length} notebook(s)` : `[clean] ${paths.length} notebook(s) carry no outputs`);
