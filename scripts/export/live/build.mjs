// Builds the live cells' assets of the exported course into ASSETS_DIR (run by scripts/export/export.mjs):
//   mlem-live.js        the page side (scripts/export/live/page.js, with marked for markdown outputs)
//   mlem-kernel.js      the kernel worker (scripts/export/live/kernel-worker.js with TypeScript 5.9,
//                       the browser build of mlem and ml-matrix), as `self.mlemKernelSource = "…"`: the
//                       page makes a blob worker from that string, which browsers allow from file://
//   mlem-types.js       the declarations the kernel's type check reads (typeFiles below), as
//                       `self.mlemTypes = {path: text}`, loaded with the kernel
//   mlem-playground.js  the EM playground of the Gaussian-mixture page (scripts/export/live/playground.js
//                       with the parts of mlem it uses)
//   data/NAME.js        each course dataset as `mlemData["NAME"] = "…"`, loaded by the pages that read it
// esbuild resolves "mlem" through the package's browser condition (lib/dist/esm), as a web app would.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const here = join(root, "scripts/export/live");

// keepNames: error classes and functions keep their names (NonFiniteError, not a minified one), as printed under tslab.
const common = { bundle: true, platform: "browser", format: "iife", minify: true, keepNames: true, write: false, target: "es2022", logLevel: "error", legalComments: "none" };

// A .d.ts without its comments (the type check does not read them; mlem's are its API docs): printed
// back by TypeScript's printer, with the triple-slash directives the printer drops put back.
function withoutComments(path, text) {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const head = [
    ...(sf.hasNoDefaultLib ? ['/// <reference no-default-lib="true"/>'] : []),
    ...sf.libReferenceDirectives.map((r) => `/// <reference lib="${r.fileName}" />`),
    ...sf.typeReferenceDirectives.map((r) => `/// <reference types="${r.fileName}" />`),
    ...sf.referencedFiles.map((r) => `/// <reference path="${r.fileName}" />`),
  ];
  return [...head, ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed }).printFile(sf)].join("\n");
}

// The declarations the kernel's type check reads (scripts/export/live/type-check.js), as an in-memory
// file system: TypeScript's lib for ES2022 (tslab's lib on Node ≥ 18) with the files it references,
// and mlem's and ml-matrix's published declarations with the
// package.json fields that Node10 resolution reads (types, typesVersions), as tslab resolves them.
export function typeFiles() {
  const files = {};
  const tsLib = join(root, "node_modules/typescript/lib");
  const addLib = (name) => {
    const path = `/lib/lib.${name}.d.ts`;
    if (files[path] !== undefined) return;
    const text = readFileSync(join(tsLib, `lib.${name}.d.ts`), "utf8");
    files[path] = withoutComments(path, text);
    for (const m of text.matchAll(/<reference lib="([^"]+)"/g)) addLib(m[1].toLowerCase());
  };
  addLib("es2022");
  const addPackage = (name, dir, keep) => {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    files[`/node_modules/${name}/package.json`] = JSON.stringify(Object.fromEntries(["name", "version", "main", "types", "typesVersions"].filter((k) => k in pkg).map((k) => [k, pkg[k]])));
    const walk = (rel) => {
      for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory() && e.name !== "node_modules") walk(r);
        else if (e.isFile() && e.name.endsWith(".d.ts") && keep(r)) files[`/node_modules/${name}/${r}`] = withoutComments(r, readFileSync(join(dir, r), "utf8"));
      }
    };
    walk("");
  };
  addPackage("mlem", join(root, "lib"), (r) => r.startsWith("dist/cjs/"));
  addPackage("ml-matrix", join(root, "node_modules/ml-matrix"), (r) => r === "matrix.d.ts");
  return files;
}

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
  const typesFile = `// The declarations the live cells' type check reads (scripts/export/live/build.mjs, typeFiles).\nself.mlemTypes = ${JSON.stringify(typeFiles())};\n`;
  writeFileSync(join(assetsDir, "mlem-types.js"), typesFile);
  const data = {};
  for (const name of readdirSync(join(root, "data")).filter((f) => f.endsWith(".csv"))) {
    const text = readFileSync(join(root, "data", name), "utf8");
    writeFileSync(join(assetsDir, "data", `${name}.js`), `(self.mlemData = self.mlemData || {})[${JSON.stringify(name)}] = ${JSON.stringify(text)};\n`);
    data[name] = text.length;
  }
  return { pageBytes: Buffer.byteLength(pageCode), kernelBytes: Buffer.byteLength(kernelFile), typesBytes: Buffer.byteLength(typesFile), playgroundBytes: Buffer.byteLength(playgroundCode), dataFiles: Object.keys(data).length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? join(root, "dist/assets"));
  const r = await buildLiveAssets(out);
  console.log(`[live] ${out}: mlem-live.js ${(r.pageBytes / 1e3).toFixed(0)} kB, mlem-kernel.js ${(r.kernelBytes / 1e6).toFixed(2)} MB, mlem-types.js ${(r.typesBytes / 1e3).toFixed(0)} kB, mlem-playground.js ${(r.playgroundBytes / 1e3).toFixed(0)} kB, ${r.dataFiles} data files`);
}
