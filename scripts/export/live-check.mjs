#!/usr/bin/env node
// The live-cell test (a stage of `npm test`, after the export): every notebook page of an exported
// course (dist/ by default, `--dist DIR`) is opened in headless Chromium from file:// with every other
// request blocked; "Run all" is pressed, and each code cell's outputs, produced in the page by the
// in-page kernel (scripts/export/live/), are compared with the same cell's outputs in the
// tslab-executed notebook the site ships (dist/notebooks/NAME.ipynb):
//   * the same outputs in the same order, of the same kinds (stream name, mime types);
//   * text identical, except that numbers may differ by at most 1e-9 relatively (REL_TOL: the page
//     runs the same JavaScript on another V8, whose Math functions may round a last bit differently);
//   * Plotly figures ({data, layout, ...}) equal value by value, numbers to the same tolerance, taken
//     relative to the largest magnitude in the same array when that is larger: an array of
//     differences of nearly equal numbers (ℓ* − ℓ(θ_t) in notebook 05, ℓ ≈ −1000, gaps down to 1e-10)
//     carries the last-bit rounding of the numbers it was computed from (measured: 2.3e-13 absolute,
//     one ulp of ℓ, on a gap of 3.6e-5), which is far below what the chart can show;
//   * timings are a stated exception: a cell that calls secondsPerCall (it measures this machine),
//     and the cells that use what it measured, must give outputs of the same kinds and mime types,
//     not the same numbers or verdicts ("fastest: EM"). Those cells are found from the sources.
// These rules are applied strictly to the page's kernel run in Node first (the same bundle, in a vm
// context standing in for the worker): Node 20 is tslab's V8, so every difference there is the
// kernel's fault. In Chromium a second, measured cause exists: its V8 computes Math.exp, log, pow,
// sin, ... differently in the last bit for some arguments (the test counts them, Node against the
// page, on 20,000 arguments per function), and an iterative fit with a stopping rule then takes
// another number of steps. So in Chromium a cell must match tslab by the rules above or, failing
// that, give outputs of the same kinds and mime types with no error; such cells are listed by name.
// Then a knob is changed where it matters (K = 3 in the Gaussian-mixture notebook), Run all is
// pressed again, and the outputs must change and hold no error; a runaway cell must be stoppable.
// Screenshots of a live cell go to test-results/live/. `--only NN` checks the pages whose name starts so.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";
import { launchChromium } from "../lib/chromium.mjs";
import { bundleKernel, typeFiles } from "./live/build.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const argv = process.argv.slice(2);
const arg = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const dist = resolve(arg("--dist") ?? join(root, "dist"));
const only = arg("--only");
const shots = join(root, "test-results/live");
const REL_TOL = 1e-9;
const PLOTLY = "application/vnd.plotly.v1+json";
const t0 = Date.now();
const log = (m) => console.log(`[live-check ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${m}`);
const failures = [];
let passed = 0;
function result(where, problems, detail) {
  if (problems.length) {
    failures.push(`${where}: ${problems.slice(0, 6).join("; ")}${problems.length > 6 ? ` (and ${problems.length - 6} more)` : ""}`);
    log(`FAIL ${where}: ${problems.slice(0, 6).join("; ")}`);
  } else {
    passed++;
    log(`ok   ${where}: ${detail}`);
  }
}

const text = (v) => [].concat(v ?? "").join("");
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;
const close = (a, b) => a === b || Math.abs(a - b) <= REL_TOL * Math.max(Math.abs(a), Math.abs(b));

// Text equal but for numbers within the tolerance (or any numbers, when `anyNumbers`).
function sameText(want, got, anyNumbers) {
  if (want === got) return true;
  const split = (s) => ({ rest: s.split(NUMBER), nums: (s.match(NUMBER) ?? []).map(Number) });
  const a = split(want);
  const b = split(got);
  if (a.rest.length !== b.rest.length || a.rest.some((r, i) => r !== b.rest[i])) return false;
  return anyNumbers || a.nums.every((x, i) => close(x, b.nums[i]));
}

// The first difference between two JSON values, as a path, or null. `scale`: the largest magnitude
// in the array the numbers belong to (see the header).
function diff(want, got, anyNumbers, path = "", scale = 0) {
  if (typeof want === "number" && typeof got === "number") return anyNumbers || close(want, got) || Math.abs(want - got) <= REL_TOL * scale ? null : `${path}: ${want} ≠ ${got}`;
  if (typeof want === "string" && typeof got === "string") return sameText(want, got, anyNumbers) ? null : `${path}: ${JSON.stringify(want).slice(0, 80)} ≠ ${JSON.stringify(got).slice(0, 80)}`;
  if (want === null || got === null || typeof want !== "object" || typeof got !== "object") return want === got ? null : `${path}: ${JSON.stringify(want)} ≠ ${JSON.stringify(got)}`;
  if (Array.isArray(want) !== Array.isArray(got)) return `${path}: array vs object`;
  if (Array.isArray(want) && want.length !== got.length) return `${path}: ${want.length} items ≠ ${got.length}`;
  if (Array.isArray(want)) {
    const arrayScale = want.reduce((m, v) => (typeof v === "number" && Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);
    for (let i = 0; i < want.length; i++) {
      const d = diff(want[i], got[i], anyNumbers, `${path}.${i}`, arrayScale);
      if (d) return d;
    }
    return null;
  }
  const keys = new Set([...Object.keys(want), ...Object.keys(got)]);
  for (const k of keys) {
    if (!(k in want) || !(k in got)) return `${path}.${k}: only in ${k in want ? "tslab's" : "the page's"} output`;
    const d = diff(want[k], got[k], anyNumbers, `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

// tslab's outputs for one cell, as nbclient stored them (consecutive streams of one name joined).
function expectedOutputs(cell) {
  return (cell.outputs ?? []).map((o) => (o.output_type === "stream" ? { output_type: "stream", name: o.name, text: text(o.text) } : { output_type: o.output_type, data: Object.fromEntries(Object.entries(o.data ?? {}).map(([k, v]) => [k, k === PLOTLY || typeof v === "object" && !Array.isArray(v) ? v : text(v)])) }));
}

const kinds = (list) => list.map((o) => (o.output_type === "stream" ? `stream:${o.name}` : Object.keys(o.data).sort().join("+"))).join(", ");

function compareCell(want, got, anyNumbers, kindsOnly = false) {
  const problems = [];
  if (kinds(want) !== kinds(got) || kindsOnly) {
    if (kinds(want) === kinds(got)) return [];
    const err = got.find((o) => o.output_type === "stream" && o.name === "stderr");
    return [`outputs [${kinds(want)}] in tslab, [${kinds(got)}] in the page${err ? `: ${err.text.split("\n")[0].slice(0, 200)}` : ""}`];
  }
  want.forEach((w, i) => {
    const g = got[i];
    const d = w.output_type === "stream" ? (sameText(w.text, g.text, anyNumbers) ? null : `stream: ${JSON.stringify(w.text.slice(0, 100))} ≠ ${JSON.stringify(g.text.slice(0, 100))}`) : diff(w.data, g.data, anyNumbers, "data");
    if (d) problems.push(`output ${i + 1} ${d}`);
  });
  return problems;
}

// The cells whose numbers are timings: those that call secondsPerCall, and those that use a name
// a timed declaration made (each top-level `const`/`let`/`var` statement, up to the next one at the
// start of a line, is timed when it calls secondsPerCall or uses a timed name).
function timedCells(cells) {
  const timed = new Set();
  const names = new Set();
  // Code only: comments and plain string literals say "every" and "last" too.
  const codeOf = (src) => src.replace(/\/\/.*$/gm, "").replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
  const usesTimed = (src) => /\bsecondsPerCall\s*\(/.test(src) || [...names].some((n) => new RegExp(`\\b${n.replace(/\$/g, "\\$")}\\b`).test(codeOf(src)));
  const declared = (src) => [...src.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]);
  for (const c of cells) {
    // A name the cell declares again (at its top level, or locally, shadowing it) is its own (timed
    // again below if its new top-level value is).
    for (const n of declared(c.source)) names.delete(n);
    if (!usesTimed(c.source)) continue;
    timed.add(c.id);
    for (const chunk of c.source.split(/\n(?=(?:export\s+)?(?:const|let|var)\s)/)) {
      const m = /^(?:export\s+)?(?:const|let|var)\s+(?:\{([^}]*)\}|\[([^\]]*)\]|([A-Za-z_$][\w$]*))/.exec(chunk);
      if (!m) continue;
      // The declaration itself: up to its `;` outside brackets.
      const rest = codeOf(chunk.slice(m[0].length));
      let depth = 0;
      let end = rest.length;
      for (let i = 0; i < rest.length; i++) {
        const ch = rest[i];
        if ("([{".includes(ch)) depth++;
        else if (")]}".includes(ch)) depth--;
        else if (ch === ";" && depth <= 0) {
          end = i;
          break;
        }
      }
      if (!usesTimed(rest.slice(0, end))) continue;
      for (const n of (m[1] ?? m[2] ?? m[3]).split(",").map((x) => x.split(":").pop().trim()).filter((x) => /^[A-Za-z_$][\w$]*$/.test(x))) names.add(n);
    }
  }
  return timed;
}

const manifest = JSON.parse(readFileSync(join(dist, "manifest.json"), "utf8"));
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });

async function open(browser, file, { live = true } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url)) return route.continue();
    problems.push(`blocked a request to ${url}`);
    return route.abort("blockedbyclient");
  });
  page.on("pageerror", (e) => problems.push(`page error: ${String(e).slice(0, 200)}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text().slice(0, 200)}`));
  const loadStart = Date.now();
  await page.goto(pathToFileURL(join(dist, file)).href, { waitUntil: "load", timeout: 120_000 });
  await page.waitForFunction((live) => document.documentElement.dataset.mlemReady === "1" && (!live || window.mlemLive), live, { timeout: 90_000 });
  return { page, problems, loadStart };
}

async function runAll(page) {
  await page.click(".mlem-live-runall");
  await page.waitForFunction(() => document.documentElement.dataset.mlemLive !== "busy" && document.querySelector(".mlem-live-bar").dataset.state !== "busy", null, { timeout: 600_000, polling: 250 });
  return page.evaluate(() => ({ state: document.documentElement.dataset.mlemLive, cells: window.mlemLive.outputs(), startMs: window.mlemLive.kernelStartMs }));
}

// The EM playground of the Gaussian-mixture page: two means placed by clicking the scatter, Play;
// the log-likelihood must never decrease (beyond rounding, 1e-9 relative) and must end at the value
// fitGaussianMixture reaches from the same start. Then one mean is dragged elsewhere: the run must
// be reset, and Play again must start from the dragged means and pass the same checks.
async function checkPlayground(page) {
  const problems = [];
  const host = page.locator("#mlem-playground");
  if (!(await host.count())) return ["no EM playground on the page"];
  await page.evaluate(() => window.mlemPlayground.ready);
  await host.scrollIntoViewIfNeeded();
  const scatter = page.locator("#mlem-playground .mlem-pg-scatter");
  const state = () => page.evaluate(() => window.mlemPlayground.state());
  const pixel = async ([x, y]) => {
    const box = await scatter.boundingBox();
    const p = await page.evaluate(([x, y]) => window.mlemPlayground.pixelOf(x, y), [x, y]);
    return [box.x + p.x, box.y + p.y];
  };
  const near = (m, [x, y]) => Math.abs(m[0] - x) <= 0.05 && Math.abs(m[1] - y) <= 0.5;
  for (const at of [[2.2, 60], [4.2, 75]]) await page.mouse.click(...(await pixel(at)));
  let st = await state();
  if (st.means.length !== 2 || !near(st.means[0], [2.2, 60]) || !near(st.means[1], [4.2, 75])) {
    problems.push(`the clicks placed the means at ${JSON.stringify(st.means)}, not near (2.2, 60) and (4.2, 75)`);
  }
  const play = async (what) => {
    await page.click("#mlem-playground .mlem-pg-play");
    await page.waitForFunction(() => window.mlemPlayground.state().done, null, { timeout: 120_000, polling: 200 }).catch(() => problems.push(`${what}: Play did not finish in 120 s`));
    const st = await state();
    const ll = st.logLikelihoods;
    const drops = ll.filter((v, i) => i > 0 && v < ll[i - 1] - 1e-9 * Math.abs(v)).length;
    if (drops || st.decreases) problems.push(`${what}: the log-likelihood decreased ${drops} time(s)`);
    if (ll.length !== (st.fitIterations ?? -2) + 1) problems.push(`${what}: ${ll.length} E-steps shown for ${st.fitIterations} iterations`);
    const last = ll[ll.length - 1];
    if (!(Math.abs(last - st.fitLogLikelihood) <= 1e-9 * Math.abs(st.fitLogLikelihood))) problems.push(`${what}: the playground ends at ℓ = ${last}, fitGaussianMixture from the same start at ${st.fitLogLikelihood}`);
    if (JSON.stringify(st.start?.means) !== JSON.stringify(st.means)) problems.push(`${what}: the run started from ${JSON.stringify(st.start?.means)}, not from the means on the scatter ${JSON.stringify(st.means)}`);
    return `${ll.length - 1} iterations, ℓ from ${ll[0]?.toFixed(3)} to ${last?.toFixed(6)}`;
  };
  await page.click("#mlem-playground .mlem-pg-step");
  const placed = await play("placed by clicks");
  await host.screenshot({ path: join(shots, "05-playground.png") });
  // Drag the first mean to (3.6, 70), in steps, as a hand would: it follows the pointer before the
  // release. (A click there would move the second mean, the nearer one, so only a drag passes.)
  const [fx, fy] = await pixel((await state()).means[0]);
  const [tx, ty] = await pixel([3.6, 70]);
  await page.mouse.move(fx, fy);
  await page.mouse.down();
  await page.mouse.move(tx, ty, { steps: 12 });
  const held = (await state()).means;
  await page.mouse.up();
  st = await state();
  if (!near(held[0], [3.6, 70])) problems.push(`while dragged, the first mean is at ${JSON.stringify(held[0])}, not under the pointer at (3.6, 70)`);
  if (st.means.length !== 2 || !near(st.means[0], [3.6, 70]) || !near(st.means[1], [4.2, 75])) problems.push(`after dragging the first mean to (3.6, 70), the means are ${JSON.stringify(st.means)}`);
  if (st.logLikelihoods.length || st.done || st.playing) problems.push(`the drag did not reset the run (${st.logLikelihoods.length} E-steps shown, done ${st.done}, playing ${st.playing})`);
  const dragged = await play("after the drag");
  await host.screenshot({ path: join(shots, "05-playground-dragged.png") });
  problems.detail = `placed by clicks: ${placed}; the first mean dragged to (3.6, 70): ${dragged}`;
  log(`     playground: ${problems.detail}; ${(await state()).status}`);
  return problems;
}

// Type errors in the page, on notebook 05 after Run all (K = 3): each cell is checked as tslab checks
// it, in the context of the cells run before it; an error is printed as tslab prints it (the texts
// below are tslab's, from running these cells in JupyterLab after notebook 05's) and the cell does
// not run; a correct cell after it runs, and the next cells see what it declared.
async function checkTypeErrors(page) {
  const problems = [];
  const id = await page.evaluate(() => window.mlemLive.cells.filter((c) => !c.el.closest("details:not([open])")).at(-1).id);
  const cell = async (source) => {
    await page.evaluate(([id, src]) => window.mlemLive.edit(id, src), [id, source]);
    await page.evaluate((id) => window.mlemLive.run(id), id);
    return page.evaluate((id) => window.mlemLive.outputs().find((c) => c.id === id), id);
  };
  const expect = (what, got, ok, streams) => {
    const want = streams.map(([name, text]) => ({ output_type: "stream", name, text }));
    const have = got.outputs.map((o) => (o.output_type === "stream" ? { output_type: o.output_type, name: o.name, text: o.text } : { output_type: o.output_type }));
    if (got.ok !== ok || JSON.stringify(have) !== JSON.stringify(want)) problems.push(`${what}: ${got.ok ? "ran" : "failed"} with ${JSON.stringify(have).slice(0, 200)}, not ${JSON.stringify(want)}`);
  };
  expect("an mlem option of the wrong type", await cell('const fit = fitGaussianMixture(X, { k: "2" });'), false, [["stderr", "1:37 - Type 'string' is not assignable to type 'number'.\n"]]);
  await page.locator(`[id="cell-id=${id}"]`).screenshot({ path: join(shots, "05-type-error.png") });
  expect("a wrong annotation, before a line that must not run", await cell('const typed: number = "a string";\nconsole.log("this line ran");'), false, [["stderr", "1:7 - Type 'string' is not assignable to type 'number'.\n"]]);
  expect("the corrected cell", await cell("const typed: number = 6 * 7;\nconsole.log(`typed = ${typed}, K = ${K}`);"), true, [["stdout", "typed = 42, K = 3\n"]]);
  expect("a cell using the corrected cell's declaration", await cell("typed.toFixed(1)"), true, [["stdout", "42.0\n"]]);
  expect("an assignment to the earlier const", await cell("typed = 1;"), false, [["stderr", "1:1 - Cannot assign to 'typed' because it is a constant.\n"]]);
  return problems;
}

// Dark mode follows the system setting: with prefers-color-scheme: dark the page, its code and the
// live outputs are dark with light text (contrast of at least 7:1 for the body text).
async function checkDark(page) {
  const problems = [];
  await page.emulateMedia({ colorScheme: "dark" });
  const colors = await page.evaluate(() => {
    const lum = (c) => {
      const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map((v) => {
        const s = Number(v) / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const bg = getComputedStyle(document.body).backgroundColor;
    const text = getComputedStyle(document.querySelector(".jp-RenderedMarkdown p") ?? document.body).color;
    const code = getComputedStyle(document.querySelector(".jp-InputArea-editor") ?? document.body).backgroundColor;
    const out = getComputedStyle(document.querySelector(".mlem-live-output pre") ?? document.body).color;
    return { bg, text, code, out, bgLum: lum(bg), textLum: lum(text), codeLum: lum(code), outLum: lum(out) };
  });
  const contrast = (colors.textLum + 0.05) / (colors.bgLum + 0.05);
  if (colors.bgLum > 0.05) problems.push(`the page background is ${colors.bg}, not dark`);
  if (contrast < 7) problems.push(`body text ${colors.text} on ${colors.bg}: contrast ${contrast.toFixed(1)}:1`);
  if (colors.codeLum > 0.1) problems.push(`code cells' background is ${colors.code}, not dark`);
  if (colors.outLum < 0.4) problems.push(`live text outputs are ${colors.out} on a dark page`);
  await page.screenshot({ path: join(shots, "dark-mode.png") });
  await page.emulateMedia({ colorScheme: "light" });
  return problems;
}

// A browser that refuses to start a worker from file:// gets one line saying how to serve the folder
// (simulated: the page's Worker constructor throws, as a refusing browser's does).
async function checkServeHint(browser, file) {
  const page = await browser.newPage();
  const problems = [];
  try {
    await page.addInitScript(() => {
      window.Worker = function () {
        throw new DOMException("Script cannot be accessed from origin 'null'.", "SecurityError");
      };
    });
    await page.goto(pathToFileURL(join(dist, file)).href, { waitUntil: "load" });
    await page.waitForFunction(() => window.mlemLive, null, { timeout: 60_000 });
    await page.locator(".mlem-live-run").first().click();
    await page.waitForFunction(() => document.documentElement.dataset.mlemLive === "error", null, { timeout: 60_000 }).catch(() => {});
    const status = await page.locator(".mlem-live-status").textContent();
    if (!/python3 -m http\.server -d dist/.test(status ?? "")) problems.push(`with workers refused, the bar says ${JSON.stringify(status)}`);
    problems.status = status;
  } finally {
    await page.close();
  }
  return problems;
}

// The offline search of the contents page: a word from notebook 05's text finds its section there,
// and the result's link lands on an element of that page.
async function checkSearch(browser) {
  const { page, problems } = await open(browser, "index.html", { live: false });
  try {
    await page.fill("#mlem-search-input", "Aitken extrapolation");
    await page.waitForFunction(() => document.querySelectorAll(".mlem-search-results li a").length > 0, null, { timeout: 10_000 }).catch(() => problems.push("no result for “Aitken extrapolation”"));
    const links = await page.evaluate(() => [...document.querySelectorAll(".mlem-search-results li a")].map((a) => a.getAttribute("href")));
    const hit = links.find((h) => h.startsWith("05-"));
    if (!hit) problems.push(`no result on notebook 05's page: ${links.slice(0, 3).join(", ")}`);
    else {
      await page.click(`.mlem-search-results a[href="${hit}"]`);
      await page.waitForLoadState("load");
      const landed = await page.evaluate(() => ({ page: location.pathname.split("/").pop(), target: !!document.querySelector(":target") }));
      if (!landed.page.startsWith("05-") || !landed.target) problems.push(`the result ${hit} did not land on its section (${JSON.stringify(landed)})`);
    }
    await page.goto(pathToFileURL(join(dist, "index.html")).href);
    await page.fill("#mlem-search-input", "zzqx-no-such-word");
    await page.waitForSelector(".mlem-search-none", { timeout: 5_000 }).catch(() => problems.push("no “nothing matches” line for a word that is nowhere"));
    problems.links = links.length;
  } finally {
    await page.close();
  }
  return problems;
}

// The page's kernel in Node: every notebook's code cells run in order by the same bundle, in a vm
// context that stands in for the worker's global scope, with every course dataset shipped.
async function kernelInNode(notebooks) {
  const code = await bundleKernel();
  const types = typeFiles();
  const files = {};
  for (const f of readdirSync(join(dist, "data")).filter((x) => x.endsWith(".csv"))) files[f] = readFileSync(join(dist, "data", f), "utf8");
  const results = [];
  for (const { n, cells } of notebooks) {
    const messages = [];
    const ctx = { postMessage: (m) => messages.push(m), console: {}, performance, URL, structuredClone, addEventListener: () => {}, setTimeout, clearTimeout };
    ctx.self = ctx;
    vm.createContext(ctx);
    vm.runInContext(code, ctx);
    ctx.onmessage({ data: { type: "init", files, base: "file:///dist/", types } });
    const started = Date.now();
    const got = new Map();
    for (const c of cells) {
      messages.length = 0;
      ctx.onmessage({ data: { type: "run", id: c.id, code: c.source } });
      // Streams joined as nbclient stores them (the page does the same).
      const outs = [];
      for (const m of messages.filter((x) => x.type === "output")) {
        const last = outs[outs.length - 1];
        if (m.output.output_type === "stream" && last?.output_type === "stream" && last.name === m.output.name) last.text += m.output.text;
        else outs.push(structuredClone(m.output));
      }
      got.set(c.id, { ran: true, outputs: outs });
    }
    results.push({ n, got, ms: Date.now() - started });
  }
  return results;
}

// How many Math results differ between Node (tslab's V8) and the page's V8, per function.
async function mathDifferences(page) {
  const probe = () => {
    let s = 12345;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const out = {};
    for (const name of ["exp", "log", "pow", "sin", "cos", "atan2", "log10", "log1p", "sqrt"]) {
      const r = [];
      for (let i = 0; i < 20000; i++) {
        const a = (rnd() - 0.3) * 40;
        const b = (rnd() - 0.5) * 6;
        r.push(name === "pow" ? Math.pow(Math.abs(a), b) : name === "atan2" ? Math.atan2(a, b) : Math[name](name.startsWith("log") || name === "sqrt" ? Math.abs(a) + 1e-3 : name === "exp" ? a / 2 : a));
      }
      out[name] = r;
    }
    return out;
  };
  const here = probe();
  const there = await page.evaluate(`(${probe.toString()})()`);
  return Object.fromEntries(Object.keys(here).map((k) => [k, here[k].filter((v, i) => !Object.is(v, there[k][i])).length]));
}

const figures = { firstOutputMs: [], kernelStartMs: [], runAllMs: {}, checkMs: {}, moved: [] };
const checkSummary = (c) => (c?.median === undefined ? "none (no declarations shipped?)" : `${Math.round(c.first)} ms for the first cell, then median ${Math.round(c.median)} ms, max ${Math.round(c.max)} ms per cell`);
// Phase 1: the kernel in Node, strictly against tslab.
const picked = manifest.notebooks.filter((n) => !only || n.page.startsWith(only)).map((n) => {
  const nb = JSON.parse(readFileSync(join(dist, n.notebook), "utf8"));
  const cells = nb.cells.filter((c) => c.cell_type === "code").map((c) => ({ id: c.id, source: text(c.source), outputs: expectedOutputs(c) }));
  return { n, cells, timed: timedCells(cells) };
});
for (const r of await kernelInNode(picked)) {
  const { cells, timed } = picked.find((p) => p.n === r.n);
  const problems = [];
  let outputs = 0;
  for (const c of cells) {
    problems.push(...compareCell(c.outputs, r.got.get(c.id).outputs, false, timed.has(c.id)).map((x) => `cell ${c.id}: ${x}`));
    outputs += c.outputs.length;
  }
  result(`${r.n.page} (the page's kernel in Node)`, problems, `${cells.length} cells, ${outputs} outputs equal to tslab's${timed.size ? ` (timings in ${[...timed].join(", ")}: same kinds of output)` : ""}, ${(r.ms / 1000).toFixed(1)} s`);
}

const browser = await launchChromium();
const mathDiffers = [];
try {
  if (!only) {
    const sp = await checkSearch(browser).catch((e) => [`could not be checked: ${String(e?.message ?? e).split("\n")[0]}`]);
    result("index.html search", sp, `“Aitken extrapolation” finds ${sp.links} section(s), the one in notebook 05 links to its heading; a word that is nowhere says so`);
  }
  for (const n of manifest.notebooks) {
    if (only && !n.page.startsWith(only)) continue;
    const nb = JSON.parse(readFileSync(join(dist, n.notebook), "utf8"));
    const code = nb.cells.filter((c) => c.cell_type === "code").map((c) => ({ id: c.id, source: text(c.source), outputs: expectedOutputs(c) }));
    const timed = timedCells(code);
    const { page, problems, loadStart } = await open(browser, n.page);
    try {
      // Time from the page's load to the first cell's output: Run on the first cell, as a reader would.
      const first = code.find((c) => c.outputs.length) ?? code[0];
      const clicked = Date.now();
      await page.click(`[id="cell-id=${first.id}"] .mlem-live-run`);
      await page.waitForFunction((id) => window.mlemLive.outputs().find((c) => c.id === id)?.ok !== null, first.id, { timeout: 120_000, polling: 50 });
      figures.firstOutputMs.push([n.page, Date.now() - loadStart, Date.now() - clicked]);
      // The first type check parses the libraries' declarations; the later ones reuse them.
      const firstCheckMs = await page.evaluate((id) => window.mlemLive.outputs().find((c) => c.id === id).checkMs, first.id);
      const started = Date.now();
      const run = await runAll(page);
      figures.runAllMs[n.page] = Date.now() - started;
      figures.kernelStartMs.push(run.startMs);
      const checks = run.cells.map((c) => c.checkMs).filter((x) => x !== null).sort((a, b) => a - b);
      figures.checkMs[n.page] = { first: firstCheckMs, median: checks[checks.length >> 1], max: checks.at(-1), total: checks.reduce((t, x) => t + x, 0) };
      const got = new Map(run.cells.map((c) => [c.id, c]));
      let compared = 0;
      const differ = [];
      for (const c of code) {
        const g = got.get(c.id);
        if (!g?.ran) {
          problems.push(`cell ${c.id} did not run`);
          continue;
        }
        const strict = compareCell(c.outputs, g.outputs, false, timed.has(c.id));
        if (strict.length) {
          // The page's V8 Math (see the header): same kinds of output, no error.
          const loose = compareCell(c.outputs, g.outputs, true, true);
          if (loose.length || g.ok === false) problems.push(...(loose.length ? loose : strict).map((x) => `cell ${c.id}: ${x}`));
          else {
            differ.push(c.id);
            figures.moved.push(`${n.page} ${c.id}: ${strict[0].slice(0, 240)}`);
          }
        } else compared += c.outputs.length;
      }
      if (differ.length) mathDiffers.push(`${n.page}: ${differ.join(", ")}`);
      if (run.state !== "idle") problems.push(`Run all ended ${run.state}`);
      // Rendered as the export renders them: every chart drawn, formulas typeset, no raw TeX.
      const wantCharts = code.reduce((t, c) => t + c.outputs.filter((o) => o.data?.[PLOTLY]).length, 0);
      const wantMath = code.reduce((t, c) => t + c.outputs.filter((o) => /\$[^$]+\$/.test(o.data?.["text/markdown"] ?? o.data?.["text/latex"] ?? "")).length, 0);
      const drawn = await page
        .waitForFunction(
          ([charts, math]) => {
            const live = [...document.querySelectorAll(".mlem-live-output")];
            const plots = live.filter((o) => o.querySelector(".js-plotly-plot .main-svg")).length;
            const typeset = live.filter((o) => o.querySelector("mjx-container")).length;
            return plots >= charts && typeset >= math && { plots, typeset, errors: document.querySelectorAll(".mlem-live-output mjx-merror").length };
          },
          [wantCharts, wantMath],
          { timeout: 60_000, polling: 250 },
        )
        .then((h) => h.jsonValue())
        .catch(() => null);
      if (!drawn) {
        const seen = await page.evaluate(() => {
          const live = [...document.querySelectorAll(".mlem-live-output")];
          return { plots: live.filter((o) => o.querySelector(".js-plotly-plot .main-svg")).length, typeset: live.filter((o) => o.querySelector("mjx-container")).length };
        });
        problems.push(`live outputs drew ${seen.plots} of ${wantCharts} charts and typeset ${seen.typeset} of ${wantMath} outputs with math`);
      } else if (drawn.errors) problems.push(`${drawn.errors} MathJax error(s) in live outputs`);
      if (n === manifest.notebooks[0]) {
        const hint = await checkServeHint(browser, n.page);
        result(`${n.page} where workers are refused`, hint, `the bar says: ${hint.status}`);
      }
      if (n === manifest.notebooks[0]) result(`${n.page} in dark mode`, await checkDark(page), "the system's dark setting gives a dark page with light text, live outputs included");
      if (n.page.startsWith("05-")) {
        // For a person to look at: a live table with math, and a live chart.
        const table = page.locator(".mlem-live-output:has(table)").first();
        await table.scrollIntoViewIfNeeded().catch(() => {});
        await page.screenshot({ path: join(shots, "05-live-table.png") }).catch(() => {});
        const chart = page.locator(".mlem-live-output:has(.js-plotly-plot)").first();
        await chart.scrollIntoViewIfNeeded().catch(() => {});
        await page.screenshot({ path: join(shots, "05-live-chart.png") }).catch(() => {});
      }
      if (n === manifest.notebooks[0] || only) figures.mathDifferences = await mathDifferences(page);
      result(n.page, problems, `${code.length} cells run in the page, ${compared} outputs equal to tslab's${differ.length ? `, ${differ.length} cell(s) with numbers moved by the page's Math (same kinds of output): ${differ.join(", ")}` : ""}, ${wantCharts} charts drawn, ${wantMath} outputs with math typeset${timed.size ? ` (timings in ${timed.size} cell(s): same kinds of output)` : ""}, Run all ${(figures.runAllMs[n.page] / 1000).toFixed(1)} s, type checks ${checkSummary(figures.checkMs[n.page])}`);

      // A knob changed: K = 3 components in the Gaussian-mixture notebook; then type errors.
      if (n.page.startsWith("05-")) {
        const knob = code.find((c) => /const K: number = 2;/.test(c.source));
        const kp = [];
        if (!knob) kp.push("no `const K: number = 2;` knob cell in notebook 05");
        else {
          const before = run.cells;
          await page.evaluate(([id, src]) => window.mlemLive.edit(id, src), [knob.id, knob.source.replace("const K: number = 2;", "const K: number = 3;")]);
          const again = await runAll(page);
          const errors = again.cells.flatMap((c) => c.outputs.filter((o) => o.output_type === "stream" && o.name === "stderr").map((o) => `${c.id}: ${o.text.split("\n")[0]}`));
          if (errors.length) kp.push(`errors after K = 3: ${errors.slice(0, 3).join(" | ")}`);
          if (again.state !== "idle") kp.push(`Run all with K = 3 ended ${again.state}`);
          const changed = again.cells.filter((c, i) => JSON.stringify(c.outputs) !== JSON.stringify(before[i].outputs)).length;
          if (changed < 5) kp.push(`only ${changed} cell(s) changed their outputs with K = 3`);
          const k3 = again.cells.some((c) => c.outputs.some((o) => /K = 3/.test(o.text ?? o.data?.["text/plain"] ?? "")));
          if (!k3) kp.push("no output says K = 3");
          await page.locator(`[id="cell-id=${knob.id}"]`).screenshot({ path: join(shots, "05-knob-edited.png") });
          kp.changed = changed;
        }
        result(`${n.page} type errors`, await checkTypeErrors(page), "a type error (an mlem option of the wrong type, a wrong annotation) is shown under the cell as tslab prints it and the cell does not run; a correct cell after it runs, and later cells see its declarations")
        // A runaway cell is stopped, and the kernel runs again afterwards.
        // The last cell on screen (not a collapsed solution), so that its screenshot can be taken.
        const last = { id: await page.evaluate(() => window.mlemLive.cells.filter((c) => !c.el.closest("details:not([open])")).at(-1).id) };
        await page.evaluate((id) => window.mlemLive.edit(id, "let spin = 0;\nwhile (true) spin++;"), last.id);
        await page.click(`[id="cell-id=${last.id}"] .mlem-live-run`);
        await page.waitForTimeout(1500);
        await page.click(".mlem-live-stop");
        const stopped = await page.evaluate((id) => ({ state: document.documentElement.dataset.mlemLive, out: window.mlemLive.outputs().find((c) => c.id === id).outputs.map((o) => o.text).join("") }), last.id);
        if (!/Stopped/.test(stopped.out)) kp.push(`Stop did not stop the runaway cell (${stopped.state}: ${stopped.out.slice(0, 80)})`);
        await page.evaluate((id) => window.mlemLive.edit(id, 'const answer: number = 6 * 7;\nconsole.log(`answer = ${answer}`);\nconst parsed = JSON.parse("{}") as { rows: number[] };\nparsed.rows.length;'), last.id);
        await page.evaluate((id) => window.mlemLive.run(id), last.id);
        const after = await page.evaluate((id) => window.mlemLive.outputs().find((c) => c.id === id).outputs, last.id);
        const textAfter = after.map((o) => o.text ?? "").join("");
        if (!/^answer = 42\n/.test(textAfter) || !/TypeError: Cannot read properties of undefined \(reading 'length'\)\n\s+at line 4, column \d+ of the cell/.test(textAfter)) kp.push(`after Stop, a new cell's output is ${JSON.stringify(textAfter.slice(0, 160))}`);
        await page.locator(`[id="cell-id=${last.id}"]`).screenshot({ path: join(shots, "05-error-cell.png") });
        result(`${n.page} EM playground`, await checkPlayground(page), "two means placed by clicks, Play: ℓ never decreased and ends at fitGaussianMixture's value from the same start; a mean dragged elsewhere resets the run, and Play from the dragged start passes the same checks");
        result(`${n.page} with K = 3`, kp, `Run all again: ${kp.changed} cells' outputs changed, no error; a runaway cell stopped, then an error shown at its line`);
      }
    } catch (e) {
      result(`${n.page} (interrupted)`, [`could not be checked: ${String(e?.message ?? e).split("\n").slice(0, 12).join(" / ")}`, ...problems]);
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close();
}

const ms = figures.firstOutputMs.map((x) => x[1]).sort((a, b) => a - b);
if (ms.length) log(`time from page load to the first cell's output: median ${ms[Math.floor(ms.length / 2)]} ms, max ${ms[ms.length - 1]} ms (kernel start ${Math.round(Math.max(...figures.kernelStartMs.filter(Boolean)))} ms at most)`);
if (figures.mathDifferences) log(`Math results of Chromium's V8 that differ from Node's (tslab's), of 20,000 arguments each: ${Object.entries(figures.mathDifferences).map(([k, v]) => `${k} ${v}`).join(", ")}`);
if (mathDiffers.length) log(`cells whose numbers the page's Math moved beyond 1e-9 (equal in Node; same kinds of output in Chromium): ${mathDiffers.join("; ")}`);
figures.cellsMovedByMath = mathDiffers;
writeFileSync(join(shots, "figures.json"), JSON.stringify(figures, null, 2) + "\n");
log(`screenshots and figures in ${relative(root, shots)}/`);
console.log(`\nlive-check: ${passed} passed, ${failures.length} failed`);
if (failures.length) {
  console.error(`[live-check] ${failures.length} check(s) failed:\n  - ${failures.join("\n  - ")}`);
  process.exit(1);
}
