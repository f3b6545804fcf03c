#!/usr/bin/env node
// `npm run reset-notebook -- 05` (or a file name, or `--all`): replace your copy of a notebook in
// my-notebooks/ with the course's version from notebooks/. It first says what your copy has that the
// course's does not (edited or added cells, outputs) and asks; `--yes` skips the question. Your
// version is not lost: it is moved to my-notebooks/.backups/ with the time in its name.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { fileURLToPath } from "node:url";
import { WORKING_COPY_DIR, courseFiles, readState, takeCourseVersion, writeState } from "./lib/working-copy.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const yes = args.includes("--yes") || args.includes("-y");
const all = args.includes("--all");
const selectors = args.filter((a) => !a.startsWith("-"));
const work = join(root, WORKING_COPY_DIR);

function fail(message) {
  console.error(`[reset-notebook] ${message}`);
  process.exit(1);
}

const course = courseFiles(root);
if (!all && selectors.length === 0) {
  fail(
    "say which notebook to reset: `npm run reset-notebook -- 05` (its number or file name), or `-- --all`.\n" +
      `  Course notebooks: ${course.filter((f) => f.endsWith(".ipynb")).join(", ")}`,
  );
}
if (!existsSync(work)) fail(`${WORKING_COPY_DIR}/ does not exist yet; \`npm start\` creates it from the course.`);

function match(selector) {
  const name = selector.replace(/^(my-)?notebooks\//, "");
  const found = course.filter((f) => f === name || f === `${name}.ipynb` || (f.endsWith(".ipynb") && basename(f).startsWith(`${name}-`)));
  if (found.length === 0) fail(`no course notebook matches '${selector}'. Course notebooks: ${course.filter((f) => f.endsWith(".ipynb")).join(", ")}`);
  if (found.length > 1) fail(`'${selector}' matches several notebooks: ${found.join(", ")}; give more of the name.`);
  return found[0];
}

const files = all ? course : [...new Set(selectors.map(match))];

function cellSources(path) {
  return JSON.parse(readFileSync(path, "utf8")).cells.map((c) => `${c.cell_type}\n${[].concat(c.source).join("")}`);
}

/** What resetting `file` throws away, in words, or null when the copy already is the course's version. */
function discarded(file) {
  const mine = join(work, file);
  const theirs = join(root, "notebooks", file);
  if (!existsSync(mine)) return null;
  const hash = (p) => createHash("sha256").update(readFileSync(p)).digest("hex");
  if (hash(mine) === hash(theirs)) return null;
  if (extname(file) !== ".ipynb") return "your changes to this file";
  let nb;
  try {
    nb = JSON.parse(readFileSync(mine, "utf8"));
  } catch {
    return "your copy (it is not valid notebook JSON)";
  }
  const courseCells = cellSources(theirs);
  const myCells = cellSources(mine);
  const remaining = new Map();
  for (const c of courseCells) remaining.set(c, (remaining.get(c) ?? 0) + 1);
  let changed = 0;
  for (const c of myCells) {
    if (remaining.get(c)) remaining.set(c, remaining.get(c) - 1);
    else changed += 1;
  }
  // Course cells with no identical cell in the copy: the course's versions of cells you edited, cells
  // you deleted, and cells the course added since you copied the notebook.
  const missing = [...remaining.values()].reduce((a, b) => a + b, 0);
  const withOutputs = nb.cells.filter((c) => (c.outputs ?? []).length > 0).length;
  const parts = [];
  if (changed) parts.push(`${changed} cell(s) you edited or added`);
  if (withOutputs) parts.push(`the outputs of ${withOutputs} cell(s)`);
  const loses = parts.length ? parts.join(", and ") : "metadata changes only (no cell edits, no outputs)";
  return missing > changed ? `${loses}; it brings in ${missing - changed} cell(s) of the course's version that your copy lacks` : loses;
}

const plan = files.map((file) => ({ file, loses: discarded(file) }));
const toReset = plan.filter((p) => p.loses !== null || !existsSync(join(work, p.file)));
for (const { file, loses } of plan) {
  if (loses === null && existsSync(join(work, file))) console.log(`[reset-notebook] ${WORKING_COPY_DIR}/${file} already is the course's version.`);
  else if (loses === null) console.log(`[reset-notebook] ${WORKING_COPY_DIR}/${file} is missing; it will be copied from the course.`);
  else console.log(`[reset-notebook] ${WORKING_COPY_DIR}/${file}: resetting discards ${loses}.`);
}
if (toReset.length === 0) process.exit(0);
const losing = toReset.filter((p) => p.loses !== null);
if (losing.length && !yes) {
  if (!process.stdin.isTTY) fail("nothing was changed; run again with --yes to reset (your versions are moved to my-notebooks/.backups/).");
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`Reset ${losing.length} notebook(s) to the course's version? Your versions go to ${WORKING_COPY_DIR}/.backups/. [y/N] `);
  rl.close();
  if (!/^y(es)?$/i.test(answer.trim())) fail("nothing was changed.");
}
const state = readState(work);
const stamp = new Date().toISOString().replace(/[:.]/g, "-").replace(/Z$/, "");
for (const { file, loses } of toReset) {
  if (loses !== null) {
    const backup = join(work, ".backups", `${file.replace(/(\.[^./]+)?$/, `-${stamp}$1`)}`);
    mkdirSync(dirname(backup), { recursive: true });
    renameSync(join(work, file), backup);
    console.log(`[reset-notebook] your version is in ${WORKING_COPY_DIR}/.backups/${basename(backup)}`);
  }
  takeCourseVersion(root, file, state);
  console.log(`[reset-notebook] ${WORKING_COPY_DIR}/${file} is now the course's version.`);
}
writeState(work, state);
console.log("[reset-notebook] if the notebook is open in JupyterLab, reload it there (File ▸ Reload Notebook from Disk).");
