#!/usr/bin/env node
// Builds the mlem package (lib/ → lib/dist), run by `npm run build`, `npm install` (scripts/setup.mjs)
// and the first stage of `npm test`:
//   dist/esm  ES modules, .d.ts and maps from the project's TypeScript (lib/tsconfig.json), which
//             also type-checks; lib/package.json is "type": "module", so these are ESM for Node;
//   dist/cjs  the same sources as CommonJS (esbuild), one file per source file with its imports
//             kept as require() calls, so every sub-path shares one copy of each class; the `#`
//             imports resolved to their Node targets; a package.json that says "commonjs" (and
//             sideEffects); and a copy of the declarations, which Node16 resolution then reads as
//             CommonJS declarations.
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

// The CommonJS build is for Node (require, tslab, test runners), so lib/package.json's internal `#`
// imports are resolved here, at build time, to their `node` targets: a nested package.json cannot
// carry an "imports" field (Node and bundlers read it from the package root only), and the ES
// module build, which browsers get, keeps the `#` imports and their per-condition targets.
const pkg = JSON.parse(readFileSync(join(lib, "package.json"), "utf8"));
const cjs = join(dist, "cjs");
const nodeTarget = (spec) => {
  const target = pkg.imports?.[spec];
  const t = typeof target === "string" ? target : (target?.node ?? target?.default);
  if (typeof t !== "string") throw new Error(`[build-lib] lib/package.json imports has no node target for ${spec}`);
  return t;
};
const onePerSource = {
  name: "one-file-per-source",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point") return undefined;
      if (args.path.startsWith("#")) {
        const t = nodeTarget(args.path);
        if (!t.startsWith("./dist/esm/")) return { path: t, external: true }; // a package, e.g. csv-parse/sync
        const fromDir = dirname(relative(join(lib, "src"), args.importer));
        let rel = relative(fromDir, t.slice("./dist/esm/".length)).replaceAll("\\", "/");
        if (!rel.startsWith(".")) rel = `./${rel}`;
        return { path: rel, external: true };
      }
      return { path: args.path, external: true }; // sibling files and packages stay require() calls
    });
  },
};
await build({
  entryPoints: files(join(lib, "src"), ".ts"),
  outbase: join(lib, "src"),
  outdir: cjs,
  format: "cjs",
  platform: "node",
  target: "node20",
  bundle: true, // only so that the plugin sees every import; it keeps each one external
  plugins: [onePerSource],
  sourcemap: true,
  sourcesContent: false,
  logLevel: "warning",
  // node-require.ts reads import.meta.url only in the ES module build; in CommonJS it uses require.
  logOverride: { "empty-import-meta": "silent" },
});
writeFileSync(join(cjs, "package.json"), JSON.stringify({ type: "commonjs", sideEffects: pkg.sideEffects }, null, 2) + "\n");
for (const file of files(join(dist, "esm"), ".d.ts").concat(files(join(dist, "esm"), ".d.ts.map"))) {
  const target = join(cjs, relative(join(dist, "esm"), file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
console.log(`[build-lib] lib/dist/esm and lib/dist/cjs built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
