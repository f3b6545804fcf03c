// Builds the live cells' assets of the exported course into ASSETS_DIR (run by scripts/export/export.mjs):
//   mlem-live.js        the page side (scripts/export/live/page.js, with marked for markdown outputs)
//   mlem-kernel.js      the kernel worker (scripts/export/live/kernel-worker.js with TypeScript 5.9,
//                       the browser build of mlem and ml-matrix), as `self.mlemKernelSource = "…"`: the
//                       page makes a blob worker from that string, which browsers allow from file://
//   mlem-playground.js  the EM playground of the Gaussian-mixture page (scripts/export/live/playground.js
//                       with the parts of mlem it uses)
//   data/NAME.js        each course dataset as `mlemData["NAME"] = "…"`, loaded by the pages that read it
// esbuild resolves "mlem" through the package's browser condition (lib/dist/esm), as a web app would.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const here = join(root, "scripts/export/live");

// keepNames: error classes and functions keep their names (NonFiniteError, not a minified one), as printed under tslab.
const common = { bundle: true, platform: "browser", format: "iife", minify: true, keepNames: true, write: false, target: "es2022", logLevel: "error", legalComments: "none" };

/** The kernel worker's code (also run in Node by tests/export/live-kernel.test.ts). */
export async function bundleKernel() {
  const r = await build({ ...common, entryPoints: [join(here, "kernel-worker.js")], define: { "process.env.NODE_ENV": '"production"' } });
  return r.outputFiles[0].text;
}

export async function buildLiveAssets(assetsDir) {
  mkdirSync(join(assetsDir, "data"), { recursive: true });
  const [page, kernelCode, playground] = await Promise.all([
    build({ ...common, entryPoints: [join(here, "page.js")] }),
    bundleKernel(),
    build({ ...common, entryPoints: [join(here, "playground.js")] }),
  ]);
  const playgroundCode = playground.outputFiles[0].text;
  writeFileSync(join(assetsDir, "mlem-playground.js"), playgroundCode);
  const pageCode = page.outputFiles[0].text;
  writeFileSync(join(assetsDir, "mlem-live.js"), pageCode);
  const kernelFile = `// The live cells' kernel (scripts/export/live/kernel-worker.js), run by assets/mlem-live.js as a blob worker.\nself.mlemKernelSource = ${JSON.stringify(kernelCode)};\n`;
  writeFileSync(join(assetsDir, "mlem-kernel.js"), kernelFile);
  const data = {};
  for (const name of readdirSync(join(root, "data")).filter((f) => f.endsWith(".csv"))) {
    const text = readFileSync(join(root, "data", name), "utf8");
    writeFileSync(join(assetsDir, "data", `${name}.js`), `(self.mlemData = self.mlemData || {})[${JSON.stringify(name)}] = ${JSON.stringify(text)};\n`);
    data[name] = text.length;
  }
  return { pageBytes: Buffer.byteLength(pageCode), kernelBytes: Buffer.byteLength(kernelFile), playgroundBytes: Buffer.byteLength(playgroundCode), dataFiles: Object.keys(data).length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? join(root, "dist/assets"));
  const r = await buildLiveAssets(out);
  console.log(`[live] ${out}: mlem-live.js ${(r.pageBytes / 1e3).toFixed(0)} kB, mlem-kernel.js ${(r.kernelBytes / 1e6).toFixed(2)} MB, mlem-playground.js ${(r.playgroundBytes / 1e3).toFixed(0)} kB, ${r.dataFiles} data files`);
}
