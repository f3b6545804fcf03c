#!/usr/bin/env node
// The export check (last stage of `npm test`): opens every page of an exported course (dist/ by
// default, `--dist DIR`) in headless Chromium from file:// with every other request blocked, and asserts
//   * no failed request (a missing asset, or anything that tried to leave file://) and no console error;
//   * as many rendered Plotly charts (`.js-plotly-plot` with its SVG) as the executed notebook has
//     Plotly outputs, and all their animation frames (counted here from dist/notebooks/*.ipynb, not
//     taken from the exporter);
//   * typeset formulas (MathJax `mjx-container`) wherever the notebook has LaTeX, no MathJax error
//     (`mjx-merror`) and no raw TeX left in the text;
//   * every relative link of every page points at a file that exists in the export;
//   * index.html lists every notebook with its "What you will learn" line;
//   * every #fragment of those links names an element of the target page;
//   * each notebook page, the course guide and the contents fit a 390 px phone screen (nothing wider
//     than the screen outside an element that scrolls, previous / next links on screen);
//   * the self-check marks (✅/❌) are drawn as SVG (no emoji font needed) and no emoji is left;
//   * the welcome page's README.md link lands on the course guide, with prerequisites and times;
//   * the slides advance (ArrowRight changes Reveal's slide index) and show their charts, and EVERY
//     slide, measured one by one, fits 1280 × 720;
//   * course.html at A4 print width: no chart wider than the page, code wraps instead of overflowing;
//   * api/ (the mlem API reference, TypeDoc): api/index.html and a symbol page load offline without
//     errors, every relative link of every api/ page resolves (fragments too), every notebook page
//     links the mlem names in its code to existing api/ pages (05's fitGaussianMixture among them);
//   * course.pdf exists with between (notebooks + 1) and 60 × notebooks pages, has an outline with a
//     bookmark per notebook (its sections below it), and its contents give each chapter's first page.
// Screenshots of a page, a slide and the first PDF pages (pdftoppm, when installed) go to
// test-results/export/ for a person to look at.
//
// Why file:// and not a local static server: file:// is the stricter of the two (no CORS for fonts,
// modules or fetch, no server to paper over a wrong path), it is how a learner opens a copied dist/
// folder, and a page that works there works on any static server. Every request that is not file:
// (or data:) is aborted and counted as a failure, so nothing can silently come from a CDN.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium } from "../lib/chromium.mjs";
import { namedDestinationPages } from "./pdf-pages.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const argv = process.argv.slice(2);
const di = argv.indexOf("--dist");
const dist = resolve(di >= 0 ? argv[di + 1] : join(root, "dist"));
const shots = join(root, "test-results/export");
const PLOTLY = "application/vnd.plotly.v1+json";
const A4_CONTENT_PX = Math.floor(((210 - 2 * 12) / 25.4) * 96);
const t0 = Date.now();
const log = (m) => console.log(`[export-check ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${m}`);
const failures = [];
let passed = 0;

function fail(msg) {
  console.error(`[export-check] ${msg}`);
  process.exit(1);
}
if (!existsSync(join(dist, "manifest.json"))) fail(`${dist}/manifest.json is missing: run \`npm run export\` first.`);
const manifest = JSON.parse(readFileSync(join(dist, "manifest.json"), "utf8"));
const sources = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });

function result(where, problems, detail) {
  if (problems.length) {
    failures.push(`${where}: ${problems.join("; ")}`);
    log(`FAIL ${where}: ${problems.join("; ")}`);
  } else {
    passed++;
    log(`ok   ${where}: ${detail}`);
  }
}

const text = (src) => [].concat(src ?? "").join("");
const MATH = /\$\$[\s\S]+?\$\$|\$[^$\n]+\$|\\\([\s\S]+?\\\)|\\\[[\s\S]+?\\\]/;
function expectations(nbFile) {
  const nb = JSON.parse(readFileSync(nbFile, "utf8"));
  let plotly = 0;
  let frames = 0;
  let plotlyInSlides = 0;
  let math = 0;
  let errors = 0;
  for (const cell of nb.cells) {
    const skip = cell.metadata?.slideshow?.slide_type === "skip";
    if (cell.cell_type === "markdown" && MATH.test(text(cell.source))) math++;
    for (const out of cell.cell_type === "code" ? cell.outputs : []) {
      if (out.output_type === "error" || (out.output_type === "stream" && out.name === "stderr")) errors++;
      const data = out.data ?? {};
      if (data[PLOTLY]) {
        plotly++;
        frames += data[PLOTLY].frames?.length ?? 0;
        if (!skip) plotlyInSlides++;
      } else if (MATH.test(text(data["text/markdown"] ?? data["text/latex"]))) math++;
    }
  }
  // tslab reports no execution counts, so "executed" means: the code cells produced outputs.
  const codeCells = nb.cells.filter((c) => c.cell_type === "code");
  const unexecuted = codeCells.length > 0 && !codeCells.some((c) => c.outputs?.length) ? codeCells.length : 0;
  return { plotly, frames, plotlyInSlides, math, errors, unexecuted, slides: nb.cells.filter((c) => ["slide", "subslide"].includes(c.metadata?.slideshow?.slide_type)).length };
}

// Opens a page from file:// with the network cut off; returns the page and the list of problems.
// `ready: false` for pages that are not the course's own (the API reference): no data-mlem-ready.
async function open(browser, file, viewport = { width: 1280, height: 900 }, { ready = true } = {}) {
  const page = await browser.newPage({ viewport });
  const problems = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    problems.push(`blocked a request to ${url}`);
    return route.abort("blockedbyclient");
  });
  page.on("requestfailed", (r) => {
    if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) return; // reported as blocked above
    problems.push(`failed request ${relative(dist, fileURLToPath(r.url()))} (${r.failure()?.errorText})`);
  });
  page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text().slice(0, 200)}`));
  page.on("pageerror", (e) => problems.push(`page error: ${String(e).slice(0, 200)}`));
  // A long timeout: course.html holds every notebook and takes a while on a busy 2-core machine.
  await page.goto(pathToFileURL(join(dist, file)).href, { waitUntil: "load", timeout: 180_000 });
  if (ready) await page
    .waitForFunction(() => document.documentElement.dataset.mlemReady === "1", null, { timeout: 90_000 })
    .catch(() => problems.push("the page never finished rendering charts and formulas (no data-mlem-ready)"));
  return { page, problems };
}

// What is on the page: charts that really drew, typeset math, MathJax errors, raw TeX, local links.
async function inspect(page, scope = "") {
  return page.evaluate((scope) => {
    const q = (sel) => [...document.querySelectorAll(`${scope} ${sel}`.trim())];
    // The notebook's charts: the EM playground's own (checked by scripts/export/live-check.mjs) are not outputs.
    const charts = q(".js-plotly-plot").filter((c) => !c.closest(".mlem-playground"));
    const rawTex = [];
    for (const el of q(".jp-RenderedMarkdown, .jp-RenderedLatex")) {
      const clone = el.cloneNode(true);
      clone.querySelectorAll("code, pre, mjx-container, script").forEach((c) => c.remove());
      const m = clone.textContent.match(/\$\$|\$[^$\s][^$]*\$|\\(frac|sum|prod|log|theta|mu|sigma|mid|left|right|begin)\b/);
      if (m) rawTex.push(m[0].slice(0, 40));
    }
    // Relative links and same-page anchors (not reveal.js's own `#/2/1` routes).
    const links = [...document.querySelectorAll("a[href], link[href], script[src], img[src]")]
      .map((e) => e.getAttribute("href") ?? e.getAttribute("src"))
      .filter((u) => u && !/^(#\/|[a-z][a-z0-9+.-]*:)/i.test(u) && u !== "#");
    const readme = [...document.querySelectorAll("a[href]")].filter((a) => /README\.md/.test(a.textContent)).map((a) => a.getAttribute("href"));
    return {
      charts: charts.length,
      drawn: charts.filter((c) => c.querySelector(".main-svg") && c._fullLayout).length,
      frames: charts.reduce((t, c) => t + (c._transitionData?._frames?.length ?? 0), 0),
      math: q("mjx-container").length,
      mathErrors: q("mjx-merror").length,
      rawTex,
      links: [...new Set(links)],
      readme,
      marks: q("svg.mlem-mark").length,
      emoji: (document.body.innerText.match(/[\u2705\u274c]/gu) ?? []).length,
    };
  }, scope);
}

// Self-check marks (checkAnswer's ✅/❌) are drawn as SVG by the export (convert.py), so they need no
// emoji font: no emoji may be left in the text, and each mark must have a size. The first one is
// screenshot for a person to look at.
let markShot = null;
async function checkMarks(page, file, info) {
  const problems = [];
  if (info.emoji) problems.push(`${info.emoji} ✅/❌ character(s) left in the text (they need an emoji font)`);
  if (!info.marks) return problems;
  const sizes = await page.evaluate(() => [...document.querySelectorAll("svg.mlem-mark")].map((m) => m.getBoundingClientRect().width));
  const empty = sizes.filter((w) => !(w > 4)).length;
  if (empty) problems.push(`${empty} self-check mark(s) drawn with no size`);
  if (!markShot && !empty) {
    const cell = page.locator("svg.mlem-mark").first().locator("xpath=ancestor::*[contains(@class,'jp-OutputArea-output')][1]");
    markShot = join(shots, file.replace(/\.html$/, ".marks.png"));
    await cell.screenshot({ path: markShot }).catch(() => (markShot = null));
  }
  return problems;
}

// The welcome page's "README.md in this folder" link: it must land on a page that shows the course's
// prerequisites and times (the course guide), not merely on some page.
async function checkReadmeLinks(file, hrefs) {
  const problems = [];
  for (const href of hrefs) {
    const target = resolve(dirname(join(dist, file)), decodeURIComponent(href.split("#")[0]));
    const html = existsSync(target) ? readFileSync(target, "utf8") : "";
    if (!/<h2[^>]*>\s*Prerequisites/.test(html) || !/\d+ \/ \d+ min/.test(html)) problems.push(`the link to README.md (${href}) does not land on a page with the prerequisites and times`);
  }
  return problems;
}

const SLIDE_VIEWPORT = { width: 1280, height: 720 };
const slideHeights = {};

// Shows each slide of a deck in turn and measures it: its content height (scrollHeight, in the deck's
// own pixels) and where it lies in the window.
async function measureSlides(page) {
  return page.evaluate(async () => {
    const config = Reveal.getConfig();
    const start = Reveal.getIndices();
    Reveal.configure({ transition: "none" });
    const slides = [];
    for (const slide of Reveal.getSlides()) {
      const i = Reveal.getIndices(slide);
      Reveal.slide(i.h, i.v ?? 0);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const box = slide.getBoundingClientRect();
      slides.push({ at: `${i.h + 1}.${(i.v ?? 0) + 1}`, height: slide.scrollHeight, bottom: Math.round(box.bottom), right: Math.round(box.right) });
    }
    Reveal.configure({ transition: config.transition });
    Reveal.slide(start.h, start.v ?? 0);
    return { deck: [config.width, config.height], slides };
  });
}

// A page whose check throws (a script error that leaves no Reveal, a timeout) fails; the others still run.
async function guarded(where, body) {
  try {
    await body();
  } catch (e) {
    result(where, [`could not be checked: ${String(e?.message ?? e).split("\n")[0]}`]);
  }
}

// The ids (and <a name>s) of an exported HTML file, for links with a #fragment.
const idsOf = new Map();
function anchors(file) {
  if (!idsOf.has(file)) {
    const html = readFileSync(file, "utf8");
    const unescape = (v) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    idsOf.set(file, new Set([...html.matchAll(/\s(?:id|name)="([^"]*)"/g)].map((m) => unescape(m[1]))));
  }
  return idsOf.get(file);
}

// Every relative link names a file of the export, and its #fragment, if any, an id in that file.
function checkLinks(file, links) {
  const missing = [];
  for (const link of links) {
    const [pathPart, fragment] = link.split("#");
    const path = decodeURIComponent(pathPart.split("?")[0]);
    const target = path ? resolve(dirname(join(dist, file)), path) : join(dist, file);
    if (!existsSync(target)) missing.push(link);
    else if (fragment && target.endsWith(".html")) {
      // As browsers do: the fragment as written first (nbconvert's heading ids are percent-encoded
      // themselves), then decoded.
      let decoded = fragment;
      try {
        decoded = decodeURIComponent(fragment);
      } catch {
        // not valid percent-encoding: only the raw form can match
      }
      const ids = anchors(target);
      if (!ids.has(fragment) && !ids.has(decoded)) missing.push(`${link} (no element with that id)`);
    }
  }
  return missing.length ? [`${missing.length} broken link(s): ${missing.slice(0, 4).join(", ")}`] : [];
}

// A page on a phone, 390 px wide: nothing wider than the screen except inside an element that
// scrolls (a code block, a table, a formula), and the previous / next links on screen.
const PHONE = { width: 390, height: 844 };
async function checkNarrow(browser, file) {
  const { page, problems } = await open(browser, file, PHONE);
  const r = await page.evaluate(() => {
    const W = document.documentElement.clientWidth;
    const scrolls = (el) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(el).overflowX);
    const loose = [];
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (!box.width || box.right <= W + 1 || box.left >= W) continue;
      if (getComputedStyle(el).visibility === "hidden") continue;
      let contained = false;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (scrolls(a) && a.getBoundingClientRect().right <= W + 1) {
          contained = true;
          break;
        }
      }
      // Report the outermost element that overflows, not each of its children.
      if (!contained && !loose.some((o) => o.contains(el))) loose.push(el);
    }
    const nav = [...document.querySelectorAll(".mlem-nav-top a.mlem-prev, .mlem-nav-top a.mlem-next")].map((a) => {
      const box = a.getBoundingClientRect();
      return { cls: a.className, onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= W + 1 };
    });
    const describe = (el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).slice(0, 2).join(".") : ""} (${Math.round(el.getBoundingClientRect().right)} px)`;
    return { W, scrollWidth: document.documentElement.scrollWidth, loose: loose.map(describe), nav };
  });
  if (r.scrollWidth > r.W + 1) problems.push(`the page is ${r.scrollWidth} px wide on a ${r.W} px screen`);
  if (r.loose.length) problems.push(`${r.loose.length} element(s) run off a ${r.W} px screen: ${r.loose.slice(0, 3).join(", ")}`);
  const hidden = r.nav.filter((x) => !x.onScreen).map((x) => x.cls);
  if (hidden.length) problems.push(`navigation link(s) not on a ${r.W} px screen: ${hidden.join(", ")}`);
  return { page, problems, nav: r.nav.length };
}

// The API reference (api/, built by the export from lib/src's JSDoc with TypeDoc) and the links
// the notebook pages make to it. Static where it can be (every file's links), in the browser for
// what only a browser shows (its scripts run offline without errors).
function htmlFilesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? htmlFilesUnder(join(dir, e.name)) : e.name.endsWith(".html") ? [join(dir, e.name)] : []));
}
function staticLinks(file) {
  const html = readFileSync(join(dist, file), "utf8");
  const links = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
  return [...new Set(links.filter((u) => u && !/^(#\/|[a-z][a-z0-9+.-]*:)/i.test(u) && u !== "#"))];
}
async function checkApiReference(browser) {
  const problems = [];
  const api = join(dist, "api");
  if (!existsSync(join(api, "index.html"))) return result("api/", ["api/index.html is missing (the export builds it with scripts/docs/build.mjs)"]);
  const files = htmlFilesUnder(api).map((f) => relative(dist, f));
  // Icons are `<use href="#icon-x">`: the sprite is put into each page by api/assets/icons.js.
  const icons = new Set([...readFileSync(join(api, "assets/icons.js"), "utf8").matchAll(/\bid="(icon-[^"]*)"/g)].map((m) => m[1]));
  let links = 0;
  for (const file of files) {
    const found = staticLinks(file);
    const [iconRefs, others] = [found.filter((u) => u.startsWith("#icon-")), found.filter((u) => !u.startsWith("#icon-"))];
    links += others.length;
    problems.push(...checkLinks(file, others).map((p) => `${file}: ${p}`));
    const missingIcons = iconRefs.filter((u) => !icons.has(u.slice(1)));
    if (missingIcons.length) problems.push(`${file}: icons not in assets/icons.js: ${missingIcons.slice(0, 4).join(", ")}`);
  }
  const symbols = JSON.parse(readFileSync(join(api, "symbols.json"), "utf8"));
  // The notebook pages: each linked mlem name points at an existing reference page.
  let apiLinks = 0;
  const perPage = [];
  for (const n of manifest.notebooks) {
    const html = readFileSync(join(dist, n.page), "utf8");
    const made = [...html.matchAll(/<a class="mlem-api" href="([^"]*)"[^>]*><span class="[^"]*">([^<]*)<\/span>/g)];
    apiLinks += made.length;
    perPage.push(`${n.page.slice(0, 2)}: ${made.length}`);
    for (const [, href] of made) if (!existsSync(join(dist, href.split("#")[0]))) problems.push(`${n.page}: API link ${href} points at no page`);
    if (!/<a class="mlem-api-index" href="api\/index\.html">/.test(html)) problems.push(`${n.page}: no link to the API reference in its navigation`);
    if (n.name.startsWith("05-") && !made.some(([, href, name]) => name === "fitGaussianMixture" && href === `api/${symbols.fitGaussianMixture}`)) {
      problems.push(`${n.page}: fitGaussianMixture in its code does not link to api/${symbols.fitGaussianMixture}`);
    }
  }
  if (!/href="api\/index\.html"/.test(readFileSync(join(dist, "index.html"), "utf8"))) problems.push("index.html does not link to api/index.html");
  // In the browser: the reference's own scripts (navigation, search) load offline, without errors.
  for (const file of ["api/index.html", `api/${symbols.fitGaussianMixture}`]) {
    const { page, problems: loadProblems } = await open(browser, file, undefined, { ready: false });
    const title = await page.title();
    await page.close();
    problems.push(...loadProblems.map((p) => `${file}: ${p}`));
    if (!title) problems.push(`${file}: no title`);
  }
  result("api/", problems, `${files.length} pages, ${links} relative links resolve; notebook pages link ${apiLinks} mlem names to it (${perPage.join(", ")})`);
}

const browser = await launchChromium();
try {
  // The exported notebooks are the course's notebooks, all of them, executed.
  {
    const exported = manifest.notebooks.map((n) => n.name);
    const problems = [];
    const missing = sources.filter((s) => !exported.includes(s));
    if (missing.length) problems.push(`not exported: ${missing.join(", ")}`);
    for (const n of manifest.notebooks) {
      const f = join(dist, n.notebook);
      if (!existsSync(f)) problems.push(`${n.notebook} is missing`);
      else {
        const e = expectations(f);
        if (e.unexecuted) problems.push(`${n.notebook}: not executed (none of its ${e.unexecuted} code cells has an output)`);
        if (e.errors) problems.push(`${n.notebook}: ${e.errors} error/stderr output(s)`);
      }
    }
    result("dist/notebooks", problems, `${exported.length} executed notebook(s) with outputs`);
  }

  // index.html: the table of contents.
  await guarded("index.html", async () => {
    const { page, problems } = await open(browser, "index.html");
    const found = await page.evaluate(() =>
      [...document.querySelectorAll(".mlem-toc-item")].map((li) => ({
        href: li.querySelector("h2 a")?.getAttribute("href"),
        learn: li.querySelector(".mlem-learn")?.textContent ?? "",
      })),
    );
    const info = await inspect(page);
    problems.push(...checkLinks("index.html", info.links));
    if (info.mathErrors) problems.push(`${info.mathErrors} MathJax error(s)`);
    for (const n of manifest.notebooks) {
      const item = found.find((f) => f.href === n.page);
      if (!item) problems.push(`${n.name} is not listed`);
      else if (n.learn && !/What you will learn/.test(item.learn)) problems.push(`${n.name}: no "What you will learn" line`);
    }
    const withoutLearn = manifest.notebooks.filter((n) => !n.learn).map((n) => n.name);
    if (withoutLearn.length) problems.push(`no **What you will learn:** line in the first cells of ${withoutLearn.join(", ")}`);
    result("index.html", problems, `${found.length} notebooks listed, each with its "What you will learn" line`);
    await page.close();
  });

  await guarded("api/", () => checkApiReference(browser));

  // One page per notebook.
  let pageShot = null;
  let phoneShot = null;
  for (const n of manifest.notebooks) await guarded(n.page, async () => {
    const e = expectations(join(dist, n.notebook));
    const { page, problems } = await open(browser, n.page);
    const info = await inspect(page);
    problems.push(...checkLinks(n.page, info.links));
    if (info.charts !== e.plotly) problems.push(`${info.charts} Plotly charts, the notebook has ${e.plotly}`);
    if (info.drawn !== info.charts) problems.push(`${info.charts - info.drawn} chart(s) did not draw`);
    if (info.frames !== e.frames) problems.push(`${info.frames} animation frames loaded, the notebook's figures have ${e.frames}`);
    if (e.math > 0 && info.math === 0) problems.push(`no typeset formula, the notebook has LaTeX in ${e.math} cell(s)`);
    if (info.mathErrors) problems.push(`${info.mathErrors} MathJax error(s) (mjx-merror)`);
    if (info.rawTex.length) problems.push(`raw TeX left in the text: ${info.rawTex.slice(0, 3).join(" | ")}`);
    const nav = await page.evaluate(() => ({
      contents: !!document.querySelector(".mlem-nav a.mlem-contents"),
      prev: !!document.querySelector(".mlem-nav a.mlem-prev"),
      next: !!document.querySelector(".mlem-nav a.mlem-next"),
    }));
    const i = manifest.notebooks.indexOf(n);
    if (!nav.contents || nav.prev !== i > 0 || nav.next !== i < manifest.notebooks.length - 1) problems.push(`navigation links wrong: ${JSON.stringify(nav)}`);
    if (!pageShot && info.charts > 0 && !problems.length) {
      await page.locator(".js-plotly-plot").first().scrollIntoViewIfNeeded();
      pageShot = join(shots, n.page.replace(/\.html$/, ".page.png"));
      await page.screenshot({ path: pageShot });
    }
    problems.push(...(await checkMarks(page, n.page, info)));
    problems.push(...(await checkReadmeLinks(n.page, info.readme)));
    await page.close();
    const narrow = await checkNarrow(browser, n.page);
    problems.push(...narrow.problems);
    if (!phoneShot && !narrow.problems.length) {
      phoneShot = join(shots, n.page.replace(/\.html$/, ".phone.png"));
      await narrow.page.screenshot({ path: phoneShot });
    }
    await narrow.page.close();
    result(
      n.page,
      problems,
      `${info.charts}/${e.plotly} charts drawn${e.frames ? ` (${info.frames} animation frames)` : ""}, ${info.math} typeset formulas (LaTeX in ${e.math} cells), ${info.links.length} local links ok, ${info.marks} self-check marks drawn, fits ${PHONE.width} px with navigation on screen`,
    );
  });

  // The course guide (notebooks/README.md) and the contents, also on a phone.
  for (const file of [manifest.guide, "index.html"]) await guarded(`${file} at ${PHONE.width} px`, async () => {
    const { page, problems } = await open(browser, file);
    const info = await inspect(page);
    problems.push(...checkLinks(file, info.links));
    await page.close();
    const narrow = await checkNarrow(browser, file);
    problems.push(...narrow.problems);
    await narrow.page.close();
    result(`${file} at ${PHONE.width} px`, problems, `${info.links.length} local links ok, fits ${PHONE.width} px`);
  });

  // Slides: reveal.js loads, advances, and shows the charts.
  let slideShot = null;
  for (const n of manifest.notebooks) await guarded(n.slides, async () => {
    const e = expectations(join(dist, n.notebook));
    const { page, problems } = await open(browser, n.slides, SLIDE_VIEWPORT);
    await page
      .waitForFunction(() => document.documentElement.dataset.mlemSlides === "ready", null, { timeout: 90_000 })
      .catch(() => problems.push("reveal.js did not initialise"));
    const info = await inspect(page, ".reveal");
    problems.push(...checkLinks(n.slides, info.links));
    if (info.charts !== e.plotlyInSlides) problems.push(`${info.charts} Plotly charts, expected ${e.plotlyInSlides}`);
    if (info.drawn !== info.charts) problems.push(`${info.charts - info.drawn} chart(s) did not draw`);
    if (e.math > 0 && info.math === 0) problems.push("no typeset formula");
    if (info.mathErrors) problems.push(`${info.mathErrors} MathJax error(s)`);
    const total = await page.evaluate(() => (window.Reveal?.isReady?.() ? Reveal.getTotalSlides() : 0));
    if (!total) problems.push("reveal.js is not running");
    // Every slide fits the deck (1280 × 720): its content is no taller than the deck, and on a
    // 1280 × 720 screen it lies inside the window. Measured slide by slide, each shown in turn.
    const sizes = total ? await measureSlides(page) : { deck: [0, 0], slides: [] };
    const tallest = sizes.slides.reduce((a, b) => (b.height > a.height ? b : a), { height: 0, at: "-" });
    const over = sizes.slides.filter((x) => x.height > sizes.deck[1] || x.bottom > SLIDE_VIEWPORT.height + 1 || x.right > SLIDE_VIEWPORT.width + 1);
    if (over.length) problems.push(`${over.length} of ${sizes.slides.length} slides do not fit ${sizes.deck.join(" × ")}: ${over.slice(0, 4).map((x) => `${x.at} (${x.height} px)`).join(", ")}`);
    slideHeights[n.slides] = { slides: sizes.slides.length, tallest: tallest.height, at: tallest.at };
    let moved = "";
    if (total > 1) {
      const before = await page.evaluate(() => JSON.stringify(Reveal.getIndices()));
      await page.locator("body").click({ position: { x: 5, y: 5 } }).catch(() => {});
      await page.keyboard.press("ArrowRight");
      await page.waitForFunction((b) => JSON.stringify(Reveal.getIndices()) !== b, before, { timeout: 5_000 }).catch(() => {});
      const after = await page.evaluate(() => JSON.stringify(Reveal.getIndices()));
      if (after === before) problems.push(`ArrowRight did not advance the slides (still at ${before})`);
      moved = `${before} → ${after}`;
      if (!slideShot && !problems.length) {
        // A slide with a chart, for a person to look at.
        const target = await page.evaluate(() => {
          const chart = document.querySelector(".reveal .js-plotly-plot");
          const section = chart?.closest("section");
          return section ? Reveal.getIndices(section) : null;
        });
        if (target) {
          await page.evaluate((t) => Reveal.slide(t.h, t.v), target);
          await page.waitForTimeout(1200); // the slide transition
          // A tall slide scrolls inside itself: bring the chart into view.
          await page.evaluate(() => Reveal.getCurrentSlide().querySelector(".js-plotly-plot")?.scrollIntoView({ block: "end" }));
          await page.waitForTimeout(300);
        }
        slideShot = join(shots, n.slides.replace(/^slides\//, "").replace(/\.html$/, ".png"));
        await page.screenshot({ path: slideShot });
      }
    } else if (e.slides > 1) problems.push(`only ${total} slide(s), the notebook marks ${e.slides}`);
    result(n.slides, problems, `${total} slides, all within ${sizes.deck.join(" × ")} (tallest ${tallest.height} px, slide ${tallest.at}), ArrowRight ${moved || "n/a"}, ${info.charts}/${e.plotlyInSlides} charts, ${info.math} formulas`);
    await page.close();
  });

  // The whole course on one page, as printed: A4 width, print media.
  await guarded(manifest.course.page, async () => {
    const { page, problems } = await open(browser, manifest.course.page, { width: A4_CONTENT_PX, height: 1100 });
    const info = await inspect(page);
    problems.push(...checkLinks(manifest.course.page, info.links));
    const want = manifest.notebooks.reduce((t, n) => t + expectations(join(dist, n.notebook)).plotly, 0);
    if (info.charts !== want) problems.push(`${info.charts} Plotly charts, the notebooks have ${want}`);
    if (info.mathErrors) problems.push(`${info.mathErrors} MathJax error(s)`);
    await page.emulateMedia({ media: "print" });
    await page.evaluate(() => window.mlemFitPlots());
    const fit = await page.evaluate(() => {
      const main = document.querySelector("main").getBoundingClientRect();
      const wide = [...document.querySelectorAll(".js-plotly-plot")].filter((c) => c.getBoundingClientRect().right > main.right + 1).length;
      const overflowing = [...document.querySelectorAll("pre")].filter((p) => p.scrollWidth > p.clientWidth + 1).length;
      return { wide, overflowing, width: Math.round(main.width) };
    });
    if (fit.wide) problems.push(`${fit.wide} chart(s) wider than the printed page (${fit.width}px)`);
    if (fit.overflowing) problems.push(`${fit.overflowing} code block(s) overflow the printed page instead of wrapping`);
    result(manifest.course.page, problems, `${info.charts}/${want} charts, ${info.math} formulas; at print width ${fit.width}px no chart is cut and code wraps`);
    await page.close();
  });
} finally {
  await browser.close();
}

// The PDF's outline (bookmarks), read with poppler's pdftohtml -xml, independently of how the export
// made it: a bookmark per notebook (its label, on the page where its chapter starts) with its sections
// below it; and the printed contents (pdftotext of the cover) give each chapter that same page number.
let outlineSummary = "";
function label(n) {
  const number = /^(\d+)/.exec(n.name)?.[1];
  return number ? `${number} · ${n.title}` : n.title;
}
function checkPdfOutline(pdf) {
  const problems = [];
  const expected = JSON.parse(readFileSync(join(dist, "course-pages.json"), "utf8"));
  const xml = spawnSync("pdftohtml", ["-xml", "-stdout", "-i", "-q", pdf], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (xml.error) {
    // No poppler: our own reader of Chromium's named destinations, and the outline's presence.
    const raw = readFileSync(pdf);
    const { dests } = namedDestinationPages(raw);
    for (const [id, page] of Object.entries(expected)) if (dests.get(id) !== page) problems.push(`chapter ${id} starts on page ${dests.get(id)}, the contents say ${page}`);
    if (!/\/Type\s*\/Outlines/.test(raw.toString("latin1"))) problems.push("the PDF has no outline (bookmarks)");
    outlineSummary = "outline present (pdftohtml not installed: Debian poppler-utils reads it fully)";
    return problems;
  }
  const decode = (t) => t.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, " ").trim();
  const top = [];
  const stack = [];
  let last = null;
  for (const m of (/<outline>[\s\S]*<\/outline>/.exec(xml.stdout)?.[0] ?? "").matchAll(/<outline>|<\/outline>|<item page="(\d+)">([\s\S]*?)<\/item>/g)) {
    if (m[0] === "<outline>") stack.push(last ? last.children : top);
    else if (m[0] === "</outline>") stack.pop();
    else {
      last = { page: Number(m[1]), title: decode(m[2]), children: [] };
      (stack.at(-1) ?? top).push(last);
    }
  }
  if (!top.length) return ["the PDF has no outline (bookmarks)"];
  const cover = spawnSync("pdftotext", ["-layout", "-f", "1", "-l", String(Math.max(1, Math.min(...Object.values(expected)) - 1)), pdf, "-"], { encoding: "utf8" }).stdout ?? "";
  const norm = (t) => t.replace(/\s+/g, " ").trim();
  // Chromium drops the space where a heading wraps onto a second line when it makes a bookmark's
  // title ("… maximumlikelihood"); the print stylesheet keeps headings short enough not to wrap,
  // and bookmarks are matched without spaces.
  const bare = (t) => t.replace(/\s+/g, "");
  let sections = 0;
  for (const n of manifest.notebooks) {
    const want = label(n);
    // The chapter's heading: it starts with the notebook's label or number ("06 · EM versus direct MLE: …").
    const number = /^(\d+)/.exec(n.name)?.[1];
    const item = top.find((i) => bare(i.title).startsWith(bare(want)) || (number && bare(i.title).startsWith(`${number}·`)));
    const page = expected[`cell-id=chapter-${n.name.replace(/\.ipynb$/, "")}`];
    if (!item) {
      problems.push(`no bookmark "${want}" in the PDF outline`);
      continue;
    }
    sections += item.children.length;
    if (!item.children.length) problems.push(`bookmark "${want}" has no section bookmarks below it`);
    if (item.page !== page) problems.push(`bookmark "${want}" points at page ${item.page}, the chapter starts on page ${page}`);
    // The contents line: the label (possibly wrapped) with the page number at the end of its first line.
    const line = cover.split("\n").find((l) => norm(l).startsWith(norm(want).slice(0, 18)));
    const printed = Number(/(\d+)\s*$/.exec(line ?? "")?.[1]);
    if (printed !== page) problems.push(`the printed contents give "${want}" page ${Number.isNaN(printed) ? "(none)" : printed}, it starts on page ${page}`);
  }
  outlineSummary = `outline: ${top.length} top-level bookmarks, ${sections} section bookmarks under the notebooks; contents page numbers match`;
  return problems;
}

// The PDF: page count in range, first pages rendered for a person to look at.
{
  const pdf = join(dist, manifest.course.pdf);
  const problems = [];
  let pages = 0;
  if (!existsSync(pdf)) problems.push("course.pdf is missing");
  else {
    const pdfinfo = spawnSync("pdfinfo", [pdf], { encoding: "utf8" });
    if (pdfinfo.status === 0) pages = Number(/Pages:\s+(\d+)/.exec(pdfinfo.stdout)?.[1] ?? 0);
    else {
      // No poppler: Chromium's PDFs keep one /Type /Page object per page in plain text.
      pages = (readFileSync(pdf, "latin1").match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
    }
    const n = manifest.notebooks.length;
    if (pages < n + 1 || pages > 60 * n) problems.push(`${pages} pages, expected between ${n + 1} (a cover plus one per notebook) and ${60 * n}`);
    problems.push(...checkPdfOutline(pdf));
    const ppm = spawnSync("pdftoppm", ["-r", "60", "-png", "-f", "1", "-l", "3", pdf, join(shots, "course-pdf-page")], { encoding: "utf8" });
    if (ppm.error) log("     pdftoppm is not installed (Debian: poppler-utils): the PDF pages were not rendered to PNG");
    else if (ppm.status !== 0) problems.push(`pdftoppm could not read course.pdf: ${ppm.stderr.trim()}`);
  }
  result("course.pdf", problems, `${pages} pages, ${(statSync(pdf).size / 1e6).toFixed(2)} MB, ${outlineSummary}`);
}

for (const [deck, h] of Object.entries(slideHeights)) log(`tallest slide of ${deck}: ${h.tallest} px (slide ${h.at} of ${h.slides})`);
log(`screenshots in ${relative(root, shots)}/`);
console.log(`\nexport-check: ${passed} passed, ${failures.length} failed`);
if (failures.length) {
  console.error(`[export-check] ${failures.length} check(s) failed:\n  - ${failures.join("\n  - ")}`);
  process.exit(1);
}
