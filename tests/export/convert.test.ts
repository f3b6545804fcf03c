// Tests of the export's nbconvert step (scripts/export/convert.py and its templates) on two small,
// hand-made "executed" notebooks: no kernel, no browser. The real-browser side is scripts/export/check.mjs.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const python = join(root, ".venv/bin/python");
const PLOTLY = "application/vnd.plotly.v1+json";

const meta = {
  kernelspec: { name: "tslab", display_name: "TypeScript (tslab)", language: "typescript" },
  language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript", codemirror_mode: { name: "typescript", typescript: true } },
};
const md = (id: string, source: string, slide?: string) => ({ id, cell_type: "markdown", metadata: slide ? { slideshow: { slide_type: slide } } : {}, source });
const code = (id: string, source: string, outputs: unknown[], metadata: Record<string, unknown> = {}) => ({
  id,
  cell_type: "code",
  execution_count: null, // as tslab leaves it
  metadata,
  source,
  outputs,
});
const figure = (frames: unknown[] = []) => ({
  output_type: "display_data",
  metadata: {},
  data: {
    [PLOTLY]: { data: [{ type: "scatter", x: [1, 2], y: [3, 4] }], layout: { width: 720, height: 440, title: { text: "t" } }, config: { displaylogo: false }, frames },
    "text/plain": "Figure: t. 1 trace: trace 0 (scatter).",
  },
});

const alpha = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { ...meta, title: "Alpha topic" },
  cells: [
    md("c0", "# 01 · Alpha topic\n\n**What you will learn:** how $\\theta$ is *estimated*.\n\nNext: [beta](02-beta.ipynb#Section), the [contents](README.md), [data](../data/README.md).", "slide"),
    code("c1", "const s = `${1 + 1}$`;\ns;", [{ output_type: "stream", name: "stdout", text: "2$\n" }]),
    code("c1a", 'import { fitGaussianMixture, Normal as N, type FittedGaussianMixture } from "mlem";\nimport { basinAtlas } from "mlem/mixture";\nconst fit: FittedGaussianMixture = fitGaussianMixture([[1], [2]], { k: 1 });\nfit.fitGaussianMixture; new N(0, 1); notImported(1);', [
      { output_type: "stream", name: "stdout", text: "fitGaussianMixture\n" },
    ]),
    code("c1b", 'checkAnswer("Exercise 1", 2, 2);', [{ output_type: "display_data", metadata: {}, data: { "text/markdown": "✅ **Exercise 1**: right. 2 = 2.", "text/plain": "✅ Exercise 1: right." } }]),
    md("c2", "## Chart\n\n$$\\ell(\\theta) = \\sum_i \\log p(x_i \\mid \\theta)$$", "slide"),
    code("c3", "showFigure(fig);", [figure([{ name: "f1", data: [{ y: [4, 3] }] }])]),
    md("c4", "speaker notes", "notes"),
    code("c5", "// solution\nshowFigure(fig2);", [figure()], { jupyter: { source_hidden: true }, tags: ["solution"] }),
  ],
};
const beta = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: meta,
  cells: [md("c0", "# 02 · Beta\n\nNo learn line here. Back to [alpha](01-alpha.ipynb).", "slide"), md("c1", "## Section\n\nText.", "subslide")],
};

let dir = "";
let out = "";
let run: { status: number | null; output: string };
const read = (f: string) => readFileSync(join(out, f), "utf8");
// The navigation targets of a page (nbconvert's HTML cleaner reorders attributes, so parse them).
function navLinks(html: string) {
  const nav = /<nav[^>]*mlem-nav-top[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "";
  const links: Record<string, string | undefined> = { prev: undefined, next: undefined, contents: undefined };
  for (const [tag] of nav.matchAll(/<a\b[^>]*>/g)) {
    const cls = /class="mlem-(prev|next|contents)"/.exec(tag)?.[1];
    if (cls) links[cls] = /href="([^"]*)"/.exec(tag)?.[1];
  }
  return links;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mlem-export-test-"));
  const executed = join(dir, "executed");
  out = join(dir, "dist");
  mkdirSync(executed);
  writeFileSync(join(executed, "01-alpha.ipynb"), JSON.stringify(alpha));
  writeFileSync(join(executed, "02-beta.ipynb"), JSON.stringify(beta));
  // The API reference as the driver leaves it in the site: only symbols.json is read here.
  mkdirSync(join(out, "api"), { recursive: true });
  writeFileSync(join(out, "api/symbols.json"), JSON.stringify({ fitGaussianMixture: "functions/mlem.fitGaussianMixture.html", Normal: "classes/mlem.Normal.html", FittedGaussianMixture: "interfaces/mlem.FittedGaussianMixture.html", notImported: "functions/mlem.notImported.html" }));
  const r = spawnSync(python, ["scripts/export/convert.py", "--executed", executed, "--out", out, "--api", join(out, "api"), "01-alpha.ipynb", "02-beta.ipynb"], { cwd: root, encoding: "utf8" });
  run = { status: r.status, output: `${r.stdout}${r.stderr}` };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("scripts/export/convert.py", () => {
  it("converts without error and reports progress per notebook", () => {
    expect(run.output).toMatch(/01-alpha\.ipynb: page \+ slides \(2 charts/);
    expect(run.status).toBe(0);
  });

  it("loads nothing from a CDN: every script and stylesheet is a relative URL into assets/", () => {
    for (const f of ["01-alpha.html", "02-beta.html", "slides/01-alpha.slides.html", "course.html", "index.html"]) {
      const html = read(f);
      const urls = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
      expect(urls.length, f).toBeGreaterThan(3);
      for (const u of urls) expect(u, `${f}: ${u}`).toMatch(/^(\.\.\/)?assets\//);
      expect(html, f).not.toMatch(/cdnjs|unpkg|jsdelivr|require\.js|MathJax\.Hub/);
    }
  });

  it("turns each Plotly output into a div plus its figure JSON, frames included", () => {
    const html = read("01-alpha.html");
    const figs = [...html.matchAll(/<script type="application\/vnd\.plotly\.v1\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
    expect(figs).toHaveLength(2);
    expect(figs[0].frames).toEqual([{ name: "f1", data: [{ y: [4, 3] }] }]);
    expect(figs[0].layout.width).toBe(720);
    expect(html).toContain('aria-label="Figure: t. 1 trace: trace 0 (scatter)."');
    expect(html).toContain('src="assets/plotly.min.js"');
    // A page without charts does not load the 4.6 MB plotly bundle.
    expect(read("02-beta.html")).not.toContain("plotly.min.js");
  });

  it("gives a page with code cells its live cells: the sources in order, the data they read, the marks", () => {
    const html = read("01-alpha.html");
    expect(html).toContain('src="assets/mlem-live.js"');
    const json = /<script\b[^>]*\bid="mlem-live"[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(json).toBeDefined();
    const live = JSON.parse(json ?? "{}");
    expect(live.cells.map((c: { id: string }) => c.id)).toEqual(["c1", "c1a", "c1b", "c3", "c5"]);
    expect(live.cells[0].source).toBe("const s = `${1 + 1}$`;\ns;");
    expect(live.assets).toBe("assets");
    // The code reads no data, but notebook 01's answer checks (lib/src/course/answers/01.ts) do.
    const answerData = [...new Set([...readFileSync(join(root, "lib/src/course/answers/01.ts"), "utf8").matchAll(/courseTable\("([\w.-]+\.csv)"\)/g)].map((m) => m[1]))].sort();
    expect(answerData.length).toBeGreaterThan(0);
    expect(live.data).toEqual(answerData);
    expect(live.marks["✅"]).toMatch(/^<svg class="mlem-mark mlem-mark-right"/);
    // The "run it locally" box with the downloads: the notebook, the PDF, the data it reads.
    expect(html).toMatch(/<a class="mlem-download-notebook"[^>]*href="notebooks\/01-alpha\.ipynb"/);
    expect(html).toMatch(/<a class="mlem-download-pdf" href="course\.pdf"/);
    for (const f of answerData) expect(html).toMatch(new RegExp(`<a class="mlem-download-data"[^>]*href="data/${f}"`));
    expect(html).toContain("npm install &amp;&amp; npm start");
    // A page without code cells has nothing to run.
    expect(read("02-beta.html")).not.toMatch(/mlem-live/);
    expect(read("slides/01-alpha.slides.html")).not.toMatch(/mlem-live/);
  });

  it("numbers the prompts, collapses solutions and highlights code", () => {
    const html = read("01-alpha.html");
    expect(html).toMatch(/In(&nbsp;|\u00a0)\[1\]:/);
    expect(html).not.toMatch(/In(&nbsp;|\u00a0)\[(&nbsp;|\u00a0)\]:/);
    expect(html).toMatch(/<details class="mlem-solution">\s*<summary>/);
    expect(html).toMatch(/<div class="highlight hl-typescript"><pre>/);
    expect(read("course.html")).toMatch(/<details class="mlem-solution" open(="")?>/);
  });

  it("links notebooks to their pages, slides and chapters, and adds navigation", () => {
    const a = read("01-alpha.html");
    expect(a).toContain('href="02-beta.html#Section"');
    expect(a).toContain('href="guide.html">contents');
    expect(a).toContain('href="data/README.md"');
    expect(navLinks(a)).toEqual({ prev: undefined, next: "02-beta.html", contents: "index.html" });
    expect(navLinks(read("02-beta.html"))).toEqual({ prev: "01-alpha.html", next: undefined, contents: "index.html" });
    expect(read("slides/01-alpha.slides.html")).toContain('href="02-beta.slides.html"');
    expect(read("course.html")).toContain('href="#cell-id=chapter-02-beta"');
  });

  it("links the mlem names a notebook imports, in its code cells, to their API reference pages", () => {
    const html = read("01-alpha.html");
    const links = [...html.matchAll(/<a class="mlem-api" href="([^"]*)"[^>]*><span class="(?:nx|kt)">([^<]*)<\/span><\/a>/g)].map((m) => `${m[2]} -> ${m[1]}`);
    expect(links).toEqual([
      "fitGaussianMixture -> api/functions/mlem.fitGaussianMixture.html", // the import line
      "N -> api/classes/mlem.Normal.html", // `Normal as N`: the local name links to Normal
      "FittedGaussianMixture -> api/interfaces/mlem.FittedGaussianMixture.html",
      "FittedGaussianMixture -> api/interfaces/mlem.FittedGaussianMixture.html", // the type annotation
      "fitGaussianMixture -> api/functions/mlem.fitGaussianMixture.html",
      "N -> api/classes/mlem.Normal.html",
    ]);
    // Not linked: a property that happens to share the name (fit.fitGaussianMixture), a name the
    // notebook does not import from mlem, one without a reference page (basinAtlas here), outputs.
    expect(html).toMatch(/<span class="p">\.<\/span><span class="nx">fitGaussianMixture<\/span>/);
    expect(html).not.toMatch(/mlem\.notImported|mlem\.basinAtlas/);
    expect(html).toMatch(/<pre>fitGaussianMixture\n<\/pre>/);
    expect(run.output).toMatch(/01-alpha\.ipynb: page \+ slides \(2 charts, 2 formula cells, 6 links to the API reference\)/);
    // Every page links to the reference: the navigation, the contents; the slides do not.
    expect(html).toMatch(/<a class="mlem-api-index" href="api\/index\.html">API<\/a>/);
    expect(read("02-beta.html")).toContain('href="api/index.html"');
    expect(read("index.html")).toMatch(/<a href="api\/index\.html">mlem API reference<\/a>/);
    expect(read("slides/01-alpha.slides.html")).not.toMatch(/class="mlem-api/);
  });

  it("writes reveal.js slides from the slideshow metadata, with local reveal.js", () => {
    const html = read("slides/01-alpha.slides.html");
    expect(html).toContain('src="../assets/reveal/dist/reveal.js"');
    expect(html).toContain("Reveal.initialize(");
    expect(html).toMatch(/<aside class="notes">/);
    expect((html.match(/<section/g) ?? []).length).toBeGreaterThanOrEqual(4); // 2 slides, each with a subslide stack
  });

  it("writes the table of contents and a manifest the check can trust", () => {
    const index = read("index.html");
    expect(index).toContain('<a href="01-alpha.html">01 · Alpha topic</a>');
    expect(index).toMatch(/What you will learn:<\/strong> how \$\\theta\$ is <em>estimated<\/em>\./);
    const manifest = JSON.parse(read("manifest.json"));
    expect(manifest.notebooks.map((n: { name: string }) => n.name)).toEqual(["01-alpha.ipynb", "02-beta.ipynb"]);
    expect(manifest.notebooks[0]).toMatchObject({ title: "Alpha topic", plotlyOutputs: 2, mathCells: 2 });
    expect(manifest.notebooks[1]).toMatchObject({ title: "Beta", learn: "", plotlyOutputs: 0 });
    expect(manifest.course.plotlyOutputs).toBe(2);
  });

  it("exports the course guide (notebooks/README.md: path, prerequisites, times) as a page of its own", () => {
    const guide = read("guide.html");
    expect(guide).toMatch(/<h2[^>]*>Prerequisites/);
    expect(guide).toMatch(/\d+ \/ \d+ min/);
    expect(guide).toContain('href="data/README.md"'); // the guide's ../data links point into dist/data
    expect(read("index.html")).toContain('href="guide.html"');
    expect(read("course.html")).toContain('id="cell-id=chapter-guide"');
  });

  it("draws the self-check marks (✅/❌) as SVG, which needs no emoji font, and leaves figure JSON alone", () => {
    const html = read("01-alpha.html");
    expect(html).toMatch(/<svg class="mlem-mark mlem-mark-right" role="img" aria-label="right"/);
    const outsideScripts = html.replace(/<script\b[\s\S]*?<\/script>/g, "");
    expect(outsideScripts).not.toMatch(/[✅❌]/);
  });

  it("puts the whole course on one page, each notebook starting a new printed page", () => {
    const html = read("course.html");
    expect((html.match(/celltag_mlem-chapter/g) ?? []).length).toBe(3); // the guide and two notebooks
    expect(html).toContain('id="cell-id=chapter-01-alpha"');
    expect(html).not.toContain('class="mlem-nav');
  });
});
