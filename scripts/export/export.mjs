#!/usr/bin/env node
// `npm run export`: the course as offline course material in dist/ (or --out DIR):
//   dist/index.html                    table of contents with each notebook's "What you will learn"
//   dist/NN-topic.html                 one page per notebook: interactive Plotly charts, MathJax, code
//   dist/slides/NN-topic.slides.html   reveal.js slides (from the cells' slideshow metadata)
//   dist/guide.html                    the course guide (notebooks/README.md): path, prerequisites, times
//   dist/course.html, dist/course.pdf  the whole course on one page, and printed by headless Chromium
//                                      (with bookmarks, and page numbers in its contents)
//   dist/notebooks/*.ipynb             the executed notebooks, with outputs (they read ../data/)
//   dist/data/                         the datasets, so the downloaded notebooks run as they are
//   dist/api/                          the mlem API reference (TypeDoc, scripts/docs/build.mjs); the
//                                      notebook pages link the mlem names in their code to it
//   dist/assets/                       plotly.js, MathJax, reveal.js and CSS, shared by every page, and
//                                      the live cells (mlem-live.js, mlem-kernel.js, data/*.js: every
//                                      code cell can be edited and run in the page, scripts/export/live/)
// Nothing is loaded from a CDN: the site works from file:// and from any static server.
//
// Usage: node scripts/export/export.mjs [--out DIR] [--executed DIR] [--check] [NN-topic.ipynb ...]
//   --executed DIR  reuse the executed copies in DIR whose cells are the same as the notebook's and
//                   execute only the others; DIR is test-results/executed (written by `npm test`), or
//                   dist/notebooks to re-render the last export without executing anything
//   --check         run scripts/export/check.mjs on the result (what `npm test` does)
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromiumPath, launchChromium } from "../lib/chromium.mjs";
import { buildLiveAssets } from "./live/build.mjs";
import { namedDestinationPages } from "./pdf-pages.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const here = join(root, "scripts/export");
const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const out = resolve(opt("--out") ?? join(root, "dist"));
const executedDir = opt("--executed") ? resolve(opt("--executed")) : undefined;
const runCheck = argv.includes("--check");
const picked = argv.filter((a, i) => !a.startsWith("--") && !["--out", "--executed"].includes(argv[i - 1]));
const py = join(root, process.platform === "win32" ? ".venv/Scripts/python.exe" : ".venv/bin/python");
const t0 = Date.now();
const log = (m) => console.log(`[export ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${m}`);

function fail(msg) {
  console.error(`\n[export] ERROR: ${msg}`);
  process.exit(1);
}

if (!existsSync(py)) fail(".venv is missing: run `npm install` first (it creates the Jupyter environment).");
const all = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
const names = picked.length ? picked.map((p) => p.split("/").pop()) : all;
for (const n of names) if (!all.includes(n)) fail(`notebooks/${n} does not exist (the notebooks are: ${all.join(", ")})`);
if (!names.length) fail("no notebooks in notebooks/");

// The cells that define a notebook, to tell whether an executed copy belongs to the current source.
function cellsKey(file) {
  const nb = JSON.parse(readFileSync(file, "utf8"));
  return JSON.stringify(nb.cells.map((c) => [c.cell_type, [].concat(c.source).join("")]));
}

// The mlem API reference (TypeDoc, from lib/src's JSDoc; scripts/docs/build.mjs) into OUT/api, with
// api/symbols.json (each root export's page) for convert.py's links from the notebooks' code.
// TypeDoc's default theme is self-contained: its scripts, styles and icons are in api/assets/.
async function buildApiReference(outDir) {
  const apiOut = join(outDir, "api");
  const { buildApiDocs } = await import("../docs/build.mjs");
  try {
    const { seconds, symbols } = await buildApiDocs({ out: apiOut });
    log(`api/: the mlem API reference, ${Object.keys(symbols).length} exports with a page, in ${seconds.toFixed(1)} s`);
  } catch (e) {
    fail(`the API reference could not be built: ${e?.message ?? e}`);
  }
  return apiOut;
}

// 1. Up-to-date executed copies are read first (--executed may be this export's own notebooks/ folder,
//    to re-render without executing again), then the output folder is cleaned: only what the export
//    itself writes is removed.
const reusable = new Map();
for (const name of names) {
  const copy = executedDir && join(executedDir, name);
  if (copy && existsSync(copy) && cellsKey(copy) === cellsKey(join(root, "notebooks", name))) reusable.set(name, readFileSync(copy));
}
mkdirSync(out, { recursive: true });
for (const entry of readdirSync(out)) {
  if (["assets", "slides", "notebooks", "data", "api", "manifest.json", "course.pdf", "course-pages.json"].includes(entry) || entry.endsWith(".html")) {
    rmSync(join(out, entry), { recursive: true, force: true });
  }
}
const nbOut = join(out, "notebooks");
mkdirSync(nbOut, { recursive: true });

// 2. Executed notebooks: reuse up-to-date copies, execute the rest through the Jupyter protocol.
const stale = names.filter((name) => !reusable.has(name));
for (const [name, content] of reusable) writeFileSync(join(nbOut, name), content);
if (executedDir) log(`reusing ${reusable.size} executed notebook(s) from ${relative(root, executedDir) || "."}`);
if (stale.length) {
  log(`executing ${stale.length} notebook(s) with the tslab kernel: ${stale.join(", ")}`);
  const r = spawnSync(
    py,
    ["scripts/run_notebooks.py", "--output-dir", nbOut, "--manifest", join(out, "notebooks/.run-manifest.json"), ...stale.map((n) => join("notebooks", n))],
    { cwd: root, stdio: "inherit" },
  );
  if (r.status !== 0) fail("a notebook failed to execute (see above); nothing was exported.");
  rmSync(join(out, "notebooks/.run-manifest.json"), { force: true });
}
log(`executed notebooks in ${relative(root, nbOut)}/`);

// 3. The API reference in api/, before the pages, which link to it.
const apiDir = await buildApiReference(out);

// 4. Pages, slides, the one-page course and the table of contents (nbconvert, our templates).
{
  const env = { ...process.env, MLEM_EXPORT_T0: String(t0 / 1000) };
  const r = spawnSync(py, [join(here, "convert.py"), "--executed", nbOut, "--out", out, "--api", apiDir, ...names], { cwd: root, stdio: "inherit", env });
  if (r.status !== 0) fail("nbconvert failed (see above).");
}

// 5. The shared assets, from the npm packages (never a CDN).
const assets = join(out, "assets");
function asset(from, to) {
  const src = join(root, from);
  if (!existsSync(src)) fail(`${from} is missing: run \`npm install\`.`);
  mkdirSync(dirname(join(assets, to)), { recursive: true });
  cpSync(src, join(assets, to), { recursive: true });
}
asset("node_modules/plotly.js-dist-min/plotly.min.js", "plotly.min.js");
asset("node_modules/mathjax/es5/tex-svg-full.js", "mathjax/tex-svg-full.js");
asset("node_modules/reveal.js/dist/reveal.js", "reveal/dist/reveal.js");
asset("node_modules/reveal.js/dist/reveal.css", "reveal/dist/reveal.css");
asset("node_modules/reveal.js/dist/theme/white.css", "reveal/dist/theme/white.css");
asset("node_modules/reveal.js/dist/plugin/notes.js", "reveal/dist/plugin/notes.js");
for (const f of readdirSync(join(here, "assets"))) asset(`scripts/export/assets/${f}`, f);
cpSync(join(root, "data"), join(out, "data"), { recursive: true });
log("assets copied (plotly.js, MathJax 3, reveal.js, CSS) and data/");
if (!existsSync(join(root, "lib/dist/esm/index.js"))) fail("lib/dist is not built: run `npm run build` first (the live cells bundle the library).");
const live = await buildLiveAssets(assets);
log(`live cells: assets/mlem-live.js ${(live.pageBytes / 1e3).toFixed(0)} kB, assets/mlem-kernel.js ${(live.kernelBytes / 1e6).toFixed(2)} MB (TypeScript 5.9 + mlem + ml-matrix), assets/mlem-types.js ${(live.typesBytes / 1e3).toFixed(0)} kB (the .d.ts its type check reads), assets/mlem-playground.js ${(live.playgroundBytes / 1e3).toFixed(0)} kB, ${live.dataFiles} datasets as assets/data/*.js`);

// 6. The PDF: course.html printed by headless Chromium at A4 width, charts fitted to the page, with
//    an outline (bookmarks: a notebook per h1, its sections per h2; Chromium makes it from the
//    headings of a tagged PDF) and page numbers in the contents. Those come from a first printing:
//    the page on which each chapter starts (its named destination, scripts/export/pdf-pages.mjs) is
//    written into the contents, whose layout the numbers do not change, and the course is printed again.
const A4_CONTENT_PX = Math.floor(((210 - 2 * 12) / 25.4) * 96); // @page margins in mlem-export.css
let haveChromium = true;
try {
  chromiumPath();
} catch {
  haveChromium = false;
  log("course.pdf not printed: the PDF needs Chromium (Debian/Ubuntu: `sudo apt-get install chromium`, or set CHROMIUM_PATH); the site and slides are written");
}
if (haveChromium) {
  const started = Date.now();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: A4_CONTENT_PX, height: 1100 } });
    const blocked = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    // A long timeout: course.html holds every notebook and takes a while on a busy 2-core machine.
    await page.goto(pathToFileURL(join(out, "course.html")).href, { waitUntil: "load", timeout: 180_000 });
    await page.waitForFunction(() => document.documentElement.dataset.mlemReady === "1", null, { timeout: 180_000 });
    await page.emulateMedia({ media: "print" });
    await page.evaluate(() => window.mlemFitPlots());
    if (blocked.length || errors.length) fail(`course.html is not self-contained: ${[...blocked, ...errors].slice(0, 5).join(" | ")}`);
    const print = (path) =>
      page.pdf({
        path,
        preferCSSPageSize: true,
        printBackground: true,
        outline: true,
        tagged: true,
        displayHeaderFooter: true,
        headerTemplate: "<div></div>",
        footerTemplate:
          '<div style="font-size:8px;width:100%;text-align:center;color:#777;font-family:sans-serif">mlem course · <span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      });
    const chapters = await page.evaluate(() => window.mlemTocPages.reserve());
    const chapterPages = (pdf) => {
      const { dests } = namedDestinationPages(pdf);
      return Object.fromEntries(chapters.map((id) => [id, dests.get(id) ?? null]));
    };
    const first = chapterPages(await print());
    const missing = chapters.filter((id) => !first[id]);
    if (missing.length) fail(`course.pdf: no page found for ${missing.join(", ")} (Chromium's named destinations)`);
    await page.evaluate((pages) => window.mlemTocPages.fill(pages), first);
    const final = chapterPages(await print(join(out, "course.pdf")));
    const moved = chapters.filter((id) => final[id] !== first[id]);
    if (moved.length) fail(`course.pdf: adding page numbers to the contents moved ${moved.join(", ")}; the contents' layout must not depend on them`);
    writeFileSync(join(out, "course-pages.json"), JSON.stringify(final, null, 2) + "\n");
  } finally {
    await browser.close();
  }
  log(`course.pdf printed in ${((Date.now() - started) / 1000).toFixed(1)} s (twice: the contents carry page numbers)`);
}

// 7. Sizes, so a growing export is noticed.
function size(p) {
  const s = statSync(p);
  return s.isDirectory() ? readdirSync(p).reduce((t, f) => t + size(join(p, f)), 0) : s.size;
}
const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
const kb = (b) => `${(b / 1e3).toFixed(0)} kB`;
const pages = names.map((n) => n.replace(/\.ipynb$/, ".html"));
log(`dist: ${mb(size(out))} in ${relative(process.cwd(), out) || "."}/ (assets ${mb(size(assets))}, api ${mb(size(apiDir))}${haveChromium ? `, course.pdf ${mb(size(join(out, "course.pdf")))}` : ""})`);
log(`pages: ${pages.map((p) => `${p} ${kb(size(join(out, p)))}`).join(", ")}`);
log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s: open ${relative(process.cwd(), join(out, "index.html"))}, or serve it with \`python3 -m http.server -d ${relative(process.cwd(), out) || "."}\``);

if (runCheck) {
  const r = spawnSync(process.execPath, [join(here, "check.mjs"), "--dist", out], { cwd: root, stdio: "inherit" });
  process.exit(r.status ?? 1);
}
