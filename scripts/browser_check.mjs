#!/usr/bin/env node
// The real-browser check of the course: starts JupyterLab from .venv, opens each notebook in headless
// Chromium, runs Run ▸ Run All Cells through the menu as a learner would, and asserts that
//   * every code cell finished (no `[*]` left) and no cell shows an error or stderr output;
//   * as many Plotly charts are rendered (`.js-plotly-plot`) as the notebook has Plotly outputs
//     (counted by scripts/run_notebooks.py through the Jupyter protocol: --manifest);
//   * the LaTeX in markdown cells is typeset by MathJax (`mjx-container`);
//   * the page logs no error (console.error or an uncaught exception) while opening and running it,
//     and the kernel logs no message it could not answer (tslab's "unknown msg_type");
// and saves a screenshot per notebook to test-results/browser/.
// Usage: node scripts/browser_check.mjs --manifest test-results/notebooks.json [notebook names...]
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./lib/chromium.mjs";
import { startJupyterLab } from "./lib/jupyter-server.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const mi = argv.indexOf("--manifest");
const manifestPath = mi >= 0 ? resolve(argv[mi + 1]) : join(root, "test-results/notebooks.json");
const names = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--manifest");
if (!existsSync(manifestPath)) {
  console.error(`[browser] ${manifestPath} is missing: run scripts/run_notebooks.py --manifest first (npm test does).`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const notebooks = names.length ? names : readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
const shots = join(root, "test-results/browser");
mkdirSync(shots, { recursive: true });
const t0 = Date.now();
const log = (m) => console.log(`[browser ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

// The status bar names the kernel and its state; the toolbar indicator says "idle" even before a
// kernel is connected, so it cannot be used.
function kernelIdle(page, timeout) {
  return page.waitForFunction(
    () => /TypeScript \(tslab\) \| Idle/.test(document.querySelector(".jp-StatusBar-Widget")?.textContent ?? ""),
    null,
    { timeout, polling: 250 },
  );
}

function countMath(nb) {
  return nb.cells.filter((c) => c.cell_type === "markdown" && /\$[^$]+\$/.test([].concat(c.source).join(""))).length;
}

const server = await startJupyterLab(root);
log(`JupyterLab at ${server.base}`);
const browser = await launchChromium();
const failures = [];
try {
  for (const name of notebooks) {
    const expected = manifest[name];
    if (!expected) {
      failures.push(`${name}: not in the manifest (did it fail to execute?)`);
      continue;
    }
    const nb = JSON.parse(readFileSync(join(root, "notebooks", name), "utf8"));
    const codeCells = nb.cells.filter((c) => c.cell_type === "code").length;
    const mathCells = countMath(nb);
    const hiddenCells = nb.cells.filter((c) => c.cell_type === "code" && c.metadata?.jupyter?.source_hidden).length;
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const consoleErrors = [];
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    try {
      await page.goto(`${server.base}/lab/tree/${encodeURIComponent(name)}?token=${server.token}&reset`);
      await page.locator(".jp-NotebookPanel .jp-Notebook").first().waitFor({ timeout: 60_000 });
      // Wait for the kernel to be connected and idle before running.
      await kernelIdle(page, 90_000);
      await page.locator('.lm-MenuBar-itemLabel:text-is("Run")').click();
      await page.locator('.lm-Menu-itemLabel:text-is("Run All Cells")').click();
      // All code cells executed: each input prompt shows a number, none is pending.
      // (Cells whose input is collapsed, such as exercise solutions, show no prompt.)
      await page.waitForFunction(
        (n) => {
          const prompts = [...document.querySelectorAll(".jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt")];
          return prompts.length === n && prompts.every((p) => /\[\d+\]/.test(p.textContent ?? ""));
        },
        codeCells - hiddenCells,
        { timeout: 180_000, polling: 250 },
      );
      await kernelIdle(page, 120_000);
      const want = expected.plotlyOutputs;
      await page.waitForFunction((n) => document.querySelectorAll(".jp-NotebookPanel .js-plotly-plot").length >= n, want, { timeout: 60_000 }).catch(() => {});
      if (mathCells > 0) {
        await page.waitForFunction(() => document.querySelectorAll(".jp-NotebookPanel .jp-MarkdownCell mjx-container").length > 0, null, { timeout: 30_000 }).catch(() => {});
      }
      const found = await page.evaluate(() => ({
        charts: document.querySelectorAll(".jp-NotebookPanel .js-plotly-plot").length,
        mathMarkdown: document.querySelectorAll(".jp-NotebookPanel .jp-MarkdownCell mjx-container").length,
        mathOutputs: document.querySelectorAll(".jp-NotebookPanel .jp-OutputArea mjx-container").length,
        stderr: document.querySelectorAll('.jp-NotebookPanel .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length,
        rawTex: [...document.querySelectorAll(".jp-NotebookPanel .jp-MarkdownCell .jp-RenderedMarkdown")].filter((e) => /\$\$|\\frac|\\sum/.test(e.textContent ?? "")).length,
      }));
      const first = page.locator(".jp-NotebookPanel .js-plotly-plot").first();
      if (found.charts > 0) await first.scrollIntoViewIfNeeded();
      const shot = join(shots, name.replace(/\.ipynb$/, ".png"));
      await page.screenshot({ path: shot });
      const problems = [];
      if (found.charts !== want) problems.push(`${found.charts} Plotly charts rendered, expected ${want}`);
      if (mathCells > 0 && found.mathMarkdown === 0) problems.push(`no typeset math (mjx-container) in ${mathCells} markdown cells with LaTeX`);
      if (found.rawTex > 0) problems.push(`${found.rawTex} markdown cells still show raw LaTeX`);
      if (found.stderr > 0) problems.push(`${found.stderr} stderr outputs in the page`);
      if (consoleErrors.length) problems.push(`${consoleErrors.length} page error(s): ${consoleErrors.slice(0, 3).join(" | ")}`);
      if (problems.length) failures.push(`${name}: ${problems.join("; ")}`);
      log(`${problems.length ? "FAIL" : "ok  "} ${name}: ${found.charts}/${want} charts, ${found.mathMarkdown} typeset formulas in markdown, ${found.mathOutputs} in outputs; screenshot ${shot}`);
    } catch (e) {
      const shot = join(shots, name.replace(/\.ipynb$/, ".failed.png"));
      await page.screenshot({ path: shot }).catch(() => {});
      failures.push(`${name}: ${e.message.split("\n")[0]} (screenshot ${shot})`);
      log(`FAIL ${name}: ${e.message.split("\n")[0]}`);
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
// The kernel logs messages it cannot answer to the server's terminal (scripts/kernel/tslab-fixes.cjs).
const noise = server.output().split("\n").filter((l) => /unknown msg_type|\[mlem kernel\]/.test(l));
if (noise.length) failures.push(`the kernel logged ${noise.length} line(s) of message noise: ${noise.slice(0, 3).join(" | ")}`);
if (failures.length) {
  console.error(`[browser] ${failures.length} notebook(s) failed in the browser:\n  - ${failures.join("\n  - ")}`);
  process.exit(1);
}
log(`all ${notebooks.length} notebook(s) passed in JupyterLab + Chromium`);
