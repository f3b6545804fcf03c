// The learner's working copy of the course: `npm start` opens JupyterLab on my-notebooks/ (git-ignored),
// not on notebooks/ (the course, in git), so that running and editing notebooks never changes a
// tracked file and a later `git pull` or `npm install` never touches the learner's work.
//
// my-notebooks/ sits next to notebooks/, so a notebook's `../data/x.csv` and `import … from "mlem"`
// (node_modules, found by walking up) resolve the same from both.
//
// my-notebooks/.course-versions.json records, per file, the sha256 of the course version it was copied
// from. `syncWorkingCopy` (every `npm start`) then
//   * copies in every course file the working copy lacks (first start; notebooks added to the course;
//     a file the learner deleted);
//   * brings a copy the learner never changed up to the course's current version;
//   * keeps every copy the learner changed, as it is, and reports those the course has changed since
//     (`npm run reset-notebook -- <name>` takes the course's version).
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

export const WORKING_COPY_DIR = "my-notebooks";
const STATE_FILE = ".course-versions.json";

function sha256(path) {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Every file of the course (relative paths), leaving out hidden files and Jupyter's checkpoints. */
export function courseFiles(root) {
  const base = join(root, "notebooks");
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith(".")) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(base, path));
    }
  };
  walk(base);
  return out;
}

export function readState(workDir) {
  const path = join(workDir, STATE_FILE);
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
}

export function writeState(workDir, state) {
  const path = join(workDir, STATE_FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify(state, null, 2) + "\n");
  renameSync(`${path}.tmp`, path);
}

/** Copy one course file over the working copy's and record its version. */
export function takeCourseVersion(root, file, state) {
  const from = join(root, "notebooks", file);
  const to = join(root, WORKING_COPY_DIR, file);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  state[file] = sha256(from);
}

/**
 * Bring the working copy up to date with the course without touching the learner's changes.
 * @returns {{ dir: string, created: boolean, added: string[], updated: string[], kept: string[] }}
 *   kept: files the learner changed and the course has changed since they were copied.
 */
export function syncWorkingCopy(root) {
  const dir = join(root, WORKING_COPY_DIR);
  const created = !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  const state = readState(dir);
  const result = { dir, created, added: [], updated: [], kept: [] };
  for (const file of courseFiles(root)) {
    const mine = join(dir, file);
    const course = sha256(join(root, "notebooks", file));
    if (!existsSync(mine)) {
      takeCourseVersion(root, file, state);
      result.added.push(file);
      continue;
    }
    if (state[file] === course) continue; // copied from the course's current version
    const current = sha256(mine);
    if (current === course) state[file] = course;
    else if (current === state[file]) {
      takeCourseVersion(root, file, state); // the learner never changed it
      result.updated.push(file);
    } else if (state[file] !== undefined) result.kept.push(file);
  }
  writeState(dir, state);
  return result;
}
