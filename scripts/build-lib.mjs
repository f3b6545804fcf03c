#!/usr/bin/env node
// Builds the mlem package (lib/ → lib/dist), run by `npm run build`, `npm install` (scripts/setup.mjs)
// and the first stage of `npm test`:
//   dist/esm  ES modules, .d.ts and maps from the project's TypeScript (lib/tsconfig.json), which
//             also type-checks; lib/package.json is "type": "module", so these are ESM for Node;
//   dist/cjs  the same sources as CommonJS, one file per source file (esbuild, no bundling, so
//             every sub-path shares one copy of each class), with a package.json that says
//             "commonjs" (and repeats sideEffects and the `#` imports), and a copy of the
//             declarations, which Node16 resolution then reads as CommonJS declarations.
// Source maps point at lib/src, which the package ships (lib/package.json "files").
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const lib = join(root, "lib");
const dist = join(lib, "dist");
const t0 = Date.now();

function files(dir, ext) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => join(e.parentPath, e.name));
}

// A clean tree each time: a file deleted from src must not linger in the package.
rmSync(dist, { recursive: true, force: true });

const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(lib, "tsconfig.json")], { stdio: "inherit" });
if (tsc.status !== 0) {
  console.error("[build-lib] TypeScript reported errors (above); lib/dist is incomplete.");
  process.exit(tsc.status || 1);
}

const cjs = join(dist, "cjs");
await build({
  entryPoints: files(join(lib, "src"), ".ts"),
  outbase: join(lib, "src"),
  outdir: cjs,
  format: "cjs",
  platform: "node",
  target: "node20",
  bundle: false,
  sourcemap: true,
  sourcesContent: false,
  logLevel: "warning",
  // node-require.ts reads import.meta.url only in the ES module build; in CommonJS it uses require.
  logOverride: { "empty-import-meta": "silent" },
});
// dist/cjs/package.json starts a package scope of its own, so it repeats what Node and bundlers read
// from the nearest package.json: the module format, sideEffects, and the internal `#` imports
// (lib/package.json's, with paths into this folder).
const pkg = JSON.parse(readFileSync(join(lib, "package.json"), "utf8"));
const cjsImports = JSON.parse(JSON.stringify(pkg.imports).replaceAll('"./dist/esm/', '"./'));
writeFileSync(join(cjs, "package.json"), JSON.stringify({ type: "commonjs", sideEffects: pkg.sideEffects, imports: cjsImports }, null, 2) + "\n");
for (const file of files(join(dist, "esm"), ".d.ts").concat(files(join(dist, "esm"), ".d.ts.map"))) {
  const target = join(cjs, relative(join(dist, "esm"), file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
console.log(`[build-lib] lib/dist/esm and lib/dist/cjs built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
