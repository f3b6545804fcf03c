#!/usr/bin/env node
// `npm test`: every test of mlem, in order, stopping at the first failing stage.
//   1. build the library and type-check it (project TypeScript), and check that its .d.ts files
//      also compile under tslab's bundled TypeScript 5.0, which is what notebooks read;
//   2. vitest: the library's unit and property tests, every JSDoc @example run against the build
//      with its stated results checked (tests/docs/examples.test.ts), the tests of the notebook
//      runner, and the package as consumers get it (tests/package: packed, installed, imported,
//      required, type-checked, bundled for the browser and run in headless Chromium);
//   3. notebooks in git carry no outputs, and the share of their code that is Plotly literals
//      (scripts/plotly_share.mjs; notebooks with a knobs cell must stay under 10%);
//   4. every notebook executed through the Jupyter protocol with the tslab kernel from .venv, then
//      again once per alternate setting of its knobs (scripts/run_perturbations.py);
//   4b. the kernel soak: one tslab kernel, 5,000 executions in Run-All bursts, every reply and output
//      accounted for, memory bounded (scripts/kernel/soak.py; figures in test-results/kernel-soak.json);
//   5. the real-browser check: JupyterLab + headless Chromium, Run All, charts and math rendered;
//   6. the course export (`npm run export`, into test-results/dist, reusing the notebooks executed in
//      stage 4; with the API reference in api/, TypeDoc warnings as errors) and its check in headless
//      Chromium with the network cut off (scripts/export/check.mjs);
//   7. the live cells of the exported pages: every notebook run in its page (the in-page kernel,
//      scripts/export/live/) and each output compared with tslab's, then a knob changed and Run all
//      again (scripts/export/live-check.mjs).
// `npm test -- --skip-browser` (or MLEM_SKIP_BROWSER=1) leaves out stages 5 to 7 for quick local runs.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const skipBrowser = process.argv.includes("--skip-browser") || process.env.MLEM_SKIP_BROWSER === "1";
if (skipBrowser) process.env.MLEM_SKIP_BROWSER = "1"; // for the vitest stage's Chromium tests (tests/package)
const t0 = Date.now();
const times = [];

function stage(name, cmd, args) {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root });
  const secs = (Date.now() - started) / 1000;
  times.push([name, secs]);
  if (r.error || r.status !== 0) {
    console.error(`\n[test] FAILED at "${name}" after ${secs.toFixed(1)} s${r.error ? `: ${r.error.message}` : ""}`);
    process.exit(r.status || 1);
  }
}

if (!existsSync(join(root, ".venv/bin/python"))) {
  console.error("[test] .venv is missing: run `npm install` first (it creates the Jupyter environment).");
  process.exit(1);
}
const node = process.execPath;
const tsVersion = JSON.parse(readFileSync(join(root, "node_modules/typescript/package.json"), "utf8")).version;
const py = join(root, ".venv/bin/python");
stage(`build the library (TypeScript ${tsVersion})`, node, ["scripts/build-lib.mjs"]);
stage("the library's .d.ts under tslab's TypeScript 5.0", node, [join(root, "node_modules/@tslab/typescript-for-tslab/bin/tsc"), "-p", "tests/dts/tsconfig.json"]);
stage("unit, property and runner tests (vitest)", node, [join(root, "node_modules/vitest/vitest.mjs"), "run"]);
stage("notebooks carry no outputs", node, ["scripts/check_clean_notebooks.mjs"]);
stage("Plotly-literal share of notebook code", node, ["scripts/plotly_share.mjs", "--max-share", "0.1", "--knobbed"]);
stage("notebooks through the Jupyter protocol (tslab kernel)", py, ["scripts/run_notebooks.py", "--manifest", "test-results/notebooks.json", "--output-dir", "test-results/executed"]);
stage("notebooks again with each alternate of their knobs (perturbation)", py, ["scripts/run_perturbations.py", "--jobs", "2"]);
stage("kernel soak: one kernel, 5,000 executions in Run-All bursts", py, ["scripts/kernel/soak.py", "--report", "test-results/kernel-soak.json"]);
if (skipBrowser) console.log("\n[test] browser check skipped (--skip-browser)");
else stage("JupyterLab in headless Chromium", node, ["scripts/browser_check.mjs", "--manifest", "test-results/notebooks.json"]);
if (!skipBrowser) stage("course export (HTML, slides, PDF) checked offline in headless Chromium", node, ["scripts/export/export.mjs", "--executed", "test-results/executed", "--out", "test-results/dist", "--check"]);
if (!skipBrowser) stage("live cells: every notebook run in its exported page, outputs equal to tslab's", node, ["scripts/export/live-check.mjs", "--dist", "test-results/dist"]);

console.log("\n[test] all stages passed:");
for (const [name, secs] of times) console.log(`  ${secs.toFixed(1).padStart(7)} s  ${name}`);
console.log(`  ${((Date.now() - t0) / 1000).toFixed(1).padStart(7)} s  total`);
