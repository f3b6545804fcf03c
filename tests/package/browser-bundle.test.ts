// The package in a web page, as a web app gets it: `import { fitGaussianMixture } from "mlem"`
// bundled by esbuild for the browser (platform browser, no externals, no shims, minified) must be
// ≤ 120 kB and must fit Old Faithful in headless Chromium to scikit-learn's maximum. A second
// bundle checks the browser variants behind the root (mathjs bundled statically for `score`,
// csv-parse's browser build for `parseCsv`, the display bridge failing with a clear error), and
// `readCsv`, which reads files, must not be exported to browsers at all.
// Reads the built package (lib/dist, built by the first stage of `npm test` or `npm run build`)
// through the workspace link node_modules/mlem, so the exports map and `#` imports are the real ones.
// MLEM_SKIP_BROWSER=1 (`npm test -- --skip-browser`) skips the Chromium half, not the bundling.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { build, type Metafile } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCsv } from "../../lib/src/core/data.js";
import { fitGaussianMixture } from "../../lib/src/mixture/index.js";
import { launchChromium } from "../../scripts/lib/chromium.mjs";

const root = resolve(__dirname, "../..");
const MAX_BYTES = 120_000;
const skipBrowser = process.env.MLEM_SKIP_BROWSER === "1";

/** Bundles `entry` (module source importing "mlem") as a browser app would; fails the test on any esbuild error. */
async function bundleForBrowser(entry: string): Promise<{ code: string; bytes: number; inputs: string[] }> {
  const r = await build({
    stdin: { contents: entry, resolveDir: root, sourcefile: "entry.js", loader: "js" },
    bundle: true,
    platform: "browser",
    format: "iife",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const out = r.outputFiles[0];
  // The files that contributed code to the output (metafile.inputs also lists the tree-shaken ones).
  const [output] = Object.values((r.metafile as Metafile).outputs);
  const inputs = Object.entries(output.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([file]) => file);
  return { code: out.text, bytes: out.contents.length, inputs };
}

// scikit-learn's fit of the same data from the same start: scripts/reference/gmm_faithful_sklearn.py
// (scikit-learn 1.9.1, numpy 2.4.6), also used by lib/test/mixture/fit-reference.test.ts.
const ref = JSON.parse(readFileSync(resolve(root, "lib/test/mixture/reference/faithful_sklearn.json"), "utf8"));
const X = readCsv(resolve(root, "data/faithful.csv")).matrix(["eruptions", "waiting"]);
const init = { weights: ref.init.weights, means: ref.init.means, covariances: ref.init.covariances.full };
const fixedStart = { k: 2, covarianceType: "full" as const, init, regCovar: 0, tol: 0, maxIter: 2000 };

describe("browser bundle of `import { fitGaussianMixture } from \"mlem\"`", () => {
  let gmm: Awaited<ReturnType<typeof bundleForBrowser>>;
  let extras: Awaited<ReturnType<typeof bundleForBrowser>>;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(resolve(root, "lib/dist/esm/index.js"))) throw new Error("lib/dist is not built: run `npm run build` first.");
    gmm = await bundleForBrowser('import { fitGaussianMixture } from "mlem";\nglobalThis.fitGaussianMixture = fitGaussianMixture;\n');
    extras = await bundleForBrowser(
      'import { parseCsv, score, displayBundle, MlemError } from "mlem";\nObject.assign(globalThis, { parseCsv, score, displayBundle, MlemError });\n',
    );
    console.log(`[package] browser bundle of fitGaussianMixture: ${gmm.bytes} bytes minified (limit ${MAX_BYTES}); parseCsv + score + displayBundle: ${extras.bytes} bytes`);
    if (!skipBrowser) browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it(`is at most ${MAX_BYTES / 1000} kB minified and holds no mathjs, csv-parse or Node code`, () => {
    expect(gmm.bytes).toBeLessThanOrEqual(MAX_BYTES);
    expect(gmm.inputs.filter((f) => /mathjs|csv-parse|tslab/.test(f))).toEqual([]);
    // The ES module build, resolved through the browser condition.
    expect(gmm.inputs.some((f) => f.includes("lib/dist/esm/mixture/fit.js"))).toBe(true);
    expect(gmm.code).not.toMatch(/require\(|node:/);
  });

  it("bundles mathjs and csv-parse's browser build only when score and parseCsv are used", () => {
    expect(extras.inputs.some((f) => f.includes("node_modules/mathjs/lib/esm/"))).toBe(true);
    expect(extras.inputs.some((f) => f.includes("node_modules/csv-parse/dist/esm/sync.js"))).toBe(true);
    expect(extras.inputs.some((f) => f.includes("lib/dist/esm/symbolic/mathjs-static.js"))).toBe(true);
    expect(extras.inputs.some((f) => f.includes("lib/dist/esm/core/no-require.js"))).toBe(true);
    expect(extras.inputs.filter((f) => /mathjs-lazy|node-require/.test(f))).toEqual([]);
  });

  it("does not export readCsv to browsers (it reads files): bundling it fails at build time", async () => {
    await expect(bundleForBrowser('import { readCsv } from "mlem";\nglobalThis.readCsv = readCsv;\n')).rejects.toThrow(/No matching export .* for import "readCsv"/);
  });

  describe.skipIf(skipBrowser)("in headless Chromium (network blocked)", () => {
    async function pageWith(code: string) {
      const page = await browser!.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.route("**/*", (route) => route.abort());
      await page.setContent("<!doctype html><title>mlem bundle</title>");
      await page.addScriptTag({ content: code });
      return { page, errors };
    }

    it("fits Old Faithful to scikit-learn's maximum, and to exactly what Node computes", async () => {
      const { page, errors } = await pageWith(gmm.code);
      const inBrowser = await page.evaluate(
        ([data, fixed]) => {
          const fit = (globalThis as unknown as { fitGaussianMixture: typeof fitGaussianMixture }).fitGaussianMixture;
          const a = fit(data, fixed);
          const b = fit(data, { k: 2, covarianceType: "full", seed: 1 });
          return { logLikelihood: a.logLikelihood, weights: a.weights, means: a.means, converged: a.converged, seeded: b.logLikelihood };
        },
        [X, fixedStart] as const,
      );
      await page.close();
      expect(errors).toEqual([]);
      const sk = ref.types.full.final;
      // Converged (tol 0) runs of the same algorithm: agreement ≤ 1e-6 relative, as in fit-reference.test.ts.
      expect(inBrowser.converged).toBe(true);
      expect(Math.abs(inBrowser.logLikelihood - sk.logLikelihood)).toBeLessThan(1e-6 * Math.abs(sk.logLikelihood));
      for (let c = 0; c < 2; c++) {
        expect(Math.abs(inBrowser.weights[c] - sk.weights[c])).toBeLessThan(1e-6);
        for (let j = 0; j < 2; j++) expect(Math.abs(inBrowser.means[c][j] - sk.means[c][j])).toBeLessThan(1e-6 * Math.abs(sk.means[c][j]));
      }
      // mclust's VVV G = 2 maximum (ℓ −1130.2640) from the default k-means++ start, seeded.
      expect(Math.abs(inBrowser.seeded - -1130.264)).toBeLessThan(5e-5);
      // The same code on the same engine family (V8) from the same start: the same numbers.
      const inNode = fitGaussianMixture(X, fixedStart);
      expect(Math.abs(inBrowser.logLikelihood - inNode.logLikelihood)).toBeLessThan(1e-12 * Math.abs(inNode.logLikelihood));
    });

    it("runs the WebAssembly SIMD kernels in the page (synchronous compilation allowed), bit-identical to Node", async () => {
      // The bundle's instance module, reached by path: it is internal, not exported by the package.
      const probe = await bundleForBrowser(
        `import { wasmKernels } from ${JSON.stringify(resolve(root, "lib/dist/esm/mixture/wasm/instance.js"))};\n` +
          'import { fitGaussianMixture } from "mlem";\nObject.assign(globalThis, { wasmKernels, fitGaussianMixture });\n',
      );
      const n = 600;
      const d = 5;
      const data = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, a) => ((i * 7919 + a * 104729) % 1000) / 100 + (i % 3) * 4));
      const options = { k: 3, seed: 2 };
      const { page, errors } = await pageWith(probe.code);
      const r = await page.evaluate(
        ([rows, o]) => {
          const g = globalThis as unknown as { wasmKernels: () => unknown; fitGaussianMixture: typeof fitGaussianMixture };
          const types = ["full", "tied", "diag", "spherical"] as const;
          return { wasm: g.wasmKernels() !== null, fits: types.map((covarianceType) => g.fitGaussianMixture(rows, { ...o, covarianceType }).logLikelihood) };
        },
        [data, options] as const,
      );
      await page.close();
      expect(errors).toEqual([]);
      expect(r.wasm).toBe(true);
      const inNode = (["full", "tied", "diag", "spherical"] as const).map((covarianceType) => fitGaussianMixture(data, { ...options, covarianceType }).logLikelihood);
      expect(r.fits).toEqual(inNode);
    });

    it("runs parseCsv and score in the page, and the display bridge says there is no notebook", async () => {
      const { page, errors } = await pageWith(extras.code);
      const r = await page.evaluate(() => {
        const g = globalThis as unknown as {
          parseCsv: (t: string) => { numbers(n: string): number[] };
          score: (e: string, p: string) => { expression: string; evaluate(s: Record<string, number>): number };
          displayBundle: (b: Record<string, unknown>) => void;
          MlemError: new (...a: never[]) => Error;
        };
        const s = g.score("k*log(p) + (n-k)*log(1-p)", "p");
        let display = "did not throw";
        try {
          g.displayBundle({ "text/plain": "x" });
        } catch (e) {
          display = `${e instanceof g.MlemError ? "MlemError" : "other"}: ${(e as Error).message}`;
        }
        return { column: g.parseCsv("x,y\n1,2\n3,\n").numbers("y").map(String), expression: s.expression, atMle: s.evaluate({ k: 3, n: 10, p: 0.3 }), display };
      });
      await page.close();
      expect(errors).toEqual([]);
      expect(r.column).toEqual(["2", "NaN"]);
      expect(r.expression).toBe("k / p + (k - n) / (1 - p)");
      expect(Math.abs(r.atMle)).toBeLessThan(1e-12); // the score vanishes at the MLE p = k / n
      expect(r.display).toMatch(/^MlemError: display: not running in Node/);
    });
  });
});
