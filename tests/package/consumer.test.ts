// The package as a user gets it: `npm pack` of lib/, installed from the tarball into a fresh
// temporary project (dependencies from the npm cache, else the registry), then used the four ways
// people use it: imported as an ES module and required as CommonJS in Node (readCsv, a fit, the
// symbolic functions, sub-paths sharing one copy of each class, mathjs and tslab not loaded at
// start-up), type-checked with the project's TypeScript under moduleResolution node16 (ESM and
// CommonJS files) and bundler, and bundled for the browser. Also: publint finds nothing, every
// source map points at files the package ships, and the declared dependencies are exactly the
// packages the build imports. Packs lib/dist as built by the first stage of `npm test`.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { build } from "esbuild";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const lib = join(root, "lib");
const tsc = join(root, "node_modules/typescript/bin/tsc");
const faithful = join(root, "data/faithful.csv");
const mlMatrixVersion = JSON.parse(readFileSync(join(root, "node_modules/ml-matrix/package.json"), "utf8")).version;

let work: string; // the temporary folder: the tarball and the consumer project
let app: string; // the consumer project
let installed: string; // app/node_modules/mlem: exactly the tarball's files

// npm run from `npm test` exports npm_* variables describing this repository (local prefix,
// workspace, lifecycle event); the consumer's npm must see only its own project.
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) || /^npm_config_(cache|registry|userconfig)$/i.test(k)) env[k] = v;
  return env;
}

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: cleanEnv(), maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  return r;
}

function runOk(cmd: string, args: string[], cwd: string): string {
  const r = run(cmd, args, cwd);
  if (r.status !== 0) throw new Error(`\`${cmd} ${args.join(" ")}\` in ${cwd} exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

const write = (file: string, text: string) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
};

beforeAll(() => {
  if (!existsSync(join(lib, "dist/cjs/node.js")) || !existsSync(join(lib, "dist/esm/node.js"))) {
    throw new Error("lib/dist is not built: run `npm run build` first.");
  }
  work = mkdtempSync(join(tmpdir(), "mlem-consumer-"));
  app = join(work, "app");
  // --ignore-scripts: pack the dist that the build stage made, without rebuilding it under the
  // other tests' feet (lib's prepack would).
  const [packed] = JSON.parse(runOk("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], lib));
  write(join(app, "package.json"), JSON.stringify({ name: "mlem-consumer", version: "1.0.0", private: true }, null, 2));
  runOk(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", join(work, packed.filename), `ml-matrix@${mlMatrixVersion}`],
    app,
  );
  installed = join(app, "node_modules/mlem");
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed mlem package, installed into a fresh project", () => {
  it("ships the builds, the declarations and the sources, and nothing of the repository's tests", () => {
    const files = filesUnder(installed).map((f) => relative(installed, f));
    for (const f of ["dist/esm/index.js", "dist/esm/node.js", "dist/esm/index.d.ts", "dist/cjs/index.js", "dist/cjs/node.js", "dist/cjs/node.d.ts", "dist/cjs/package.json", "src/index.ts", "README.md"]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.startsWith("test/") || f.includes("tsconfig") || f.includes(".tsbuildinfo"))).toEqual([]);
  });

  it("is publint clean (every level, warnings as errors)", async () => {
    const { messages, pkg } = await publint({ pkgDir: installed, pack: false, level: "suggestion", strict: true });
    expect(messages.map((m) => formatMessage(m, pkg, { color: false }))).toEqual([]);
  });

  it("has source maps that point only at files it ships", () => {
    const maps = filesUnder(installed).filter((f) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(100); // .js.map and .d.ts.map for both builds
    const broken: string[] = [];
    for (const map of maps) {
      const { sources, sourceRoot } = JSON.parse(readFileSync(map, "utf8")) as { sources: string[]; sourceRoot?: string };
      for (const s of sources) {
        const file = resolve(dirname(map), sourceRoot ?? "", s);
        if (!file.startsWith(installed + "/") || !existsSync(file)) broken.push(`${relative(installed, map)} → ${s}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("declares exactly the packages its build imports", async () => {
    const libPackage = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    // The packages each entry imports (statically, or through a `#` import), as esbuild resolves
    // them for Node and for browsers with every package left external.
    const imported = { node: new Set<string>(), browser: new Set<string>() };
    for (const [entry, platform] of [["dist/esm/node.js", "node"], ["dist/cjs/node.js", "node"], ["dist/esm/index.js", "browser"]] as const) {
      const r = await build({ entryPoints: [join(installed, entry)], bundle: true, packages: "external", platform, write: false, metafile: true, logLevel: "silent" });
      for (const input of Object.values(r.metafile.inputs)) for (const i of input.imports) if (i.external) imported[platform].add(i.path);
    }
    const builtins = new Set(builtinModules);
    const packagesOf = (specs: Set<string>) =>
      [...new Set([...specs].filter((s) => !s.startsWith("node:") && !builtins.has(s)).map((s) => s.split("/").slice(0, s.startsWith("@") ? 2 : 1).join("/")))].sort();
    const nodePackages = packagesOf(imported.node);
    const packages = packagesOf(new Set([...imported.node, ...imported.browser]));
    const declared = Object.keys(libPackage.dependencies ?? {}).sort();
    const peers = Object.keys(libPackage.peerDependencies ?? {});
    expect(packages.filter((p) => !declared.includes(p)), "imported but not declared").toEqual([]);
    // In Node, mathjs, ml-matrix (and the optional peer tslab) are not imported but required on first
    // use, by a call with their name (not `require`); browsers import mathjs and ml-matrix statically
    // (symbolic/mathjs-static.ts, core/ml-matrix-static.ts).
    expect(nodePackages).not.toContain("mathjs");
    expect(nodePackages).not.toContain("ml-matrix");
    const text = filesUnder(join(installed, "dist")).filter((f) => f.endsWith(".js")).map((f) => readFileSync(f, "utf8")).join("\n");
    const requiredOnFirstUse = [...declared, ...peers].filter((p) => new RegExp(`(?<!\\brequire|\\bimport)\\(\\s*"${p}(/[^"]*)?"\\s*\\)`).test(text)).sort();
    expect(requiredOnFirstUse).toEqual(["mathjs", "ml-matrix", "tslab"]);
    expect(declared.filter((p) => !packages.includes(p) && !requiredOnFirstUse.includes(p)), "declared but never imported").toEqual([]);
  });

  describe("in Node", () => {
    const check = `
      const t = mlem.readCsv(process.argv[2]);
      const X = t.matrix(["eruptions", "waiting"]);
      const fit = mlem.fitGaussianMixture(X, { k: 2, covarianceType: "full", seed: 1 });
      const fitMatrix = mlem.fitGaussianMixture(new Matrix(X), { k: 2, covarianceType: "full", seed: 1 });
      let error = null;
      try { mlem.fitGaussianMixture(X, { k: 0 }); } catch (e) { error = e; }
      const loaded = (name) => Object.keys(cache()).some((f) => f.includes("/node_modules/" + name + "/"));
      const before = { mathjs: loaded("mathjs"), tslab: loaded("tslab") };
      const s = mlem.score("k*log(p) + (n-k)*log(1-p)", "p");
      console.log(JSON.stringify({
        exports: Object.keys(mlem).filter((k) => k !== "default" && k !== "__esModule").sort(),
        logLikelihood: fit.logLikelihood,
        matrixLogLikelihood: fitMatrix.logLikelihood,
        subPathSameFunction: mixture.fitGaussianMixture === mlem.fitGaussianMixture,
        subPathSameErrorClass: core.MlemError === mlem.MlemError && error instanceof core.MlemError,
        coreReadCsv: typeof core.readCsv,
        before,
        mathjsAfterScore: loaded("mathjs"),
        score: s.expression,
        scoreAtMle: s.evaluate({ k: 3, n: 10, p: 0.3 }),
      }));`;

    const results: Record<string, ReturnType<typeof JSON.parse>> = {};
    beforeAll(() => {
      write(
        join(app, "esm.mjs"),
        `import * as mlem from "mlem";\nimport * as mixture from "mlem/mixture";\nimport * as core from "mlem/core";\nimport { Matrix } from "ml-matrix";\n` +
          `import { createRequire } from "node:module";\nconst cache = () => createRequire(import.meta.url).cache;\n${check}\n`,
      );
      write(
        join(app, "cjs.cjs"),
        `const mlem = require("mlem");\nconst mixture = require("mlem/mixture");\nconst core = require("mlem/core");\nconst { Matrix } = require("ml-matrix");\n` +
          `const cache = () => require.cache;\n${check}\n`,
      );
      for (const [format, file] of [["esm", "esm.mjs"], ["cjs", "cjs.cjs"]]) {
        results[format] = JSON.parse(runOk(process.execPath, [file, faithful], app).trim().split("\n").pop()!);
      }
    });

    for (const format of ["esm", "cjs"]) {
      it(`${format === "esm" ? "import" : "require"}: readCsv, a fit (mclust's ℓ −1130.2640), ml-matrix input, score; one copy of each class across sub-paths`, () => {
        const r = results[format];
        expect(Math.abs(r.logLikelihood - -1130.264)).toBeLessThan(5e-5);
        expect(r.matrixLogLikelihood).toBe(r.logLikelihood);
        expect(r.subPathSameFunction).toBe(true);
        expect(r.subPathSameErrorClass).toBe(true);
        expect(r.coreReadCsv).toBe("function");
        expect(r.exports).toContain("readCsv");
        expect(r.exports.length).toBeGreaterThan(100);
        expect(r.score).toBe("k / p + (k - n) / (1 - p)");
        expect(Math.abs(r.scoreAtMle)).toBeLessThan(1e-12);
      });
      it(`${format === "esm" ? "import" : "require"}: mathjs and tslab are not loaded at start-up; mathjs loads on the first score()`, () => {
        expect(results[format].before).toEqual({ mathjs: false, tslab: false });
        expect(results[format].mathjsAfterScore).toBe(true);
      });
    }

    it("the ES module and CommonJS builds export the same names and compute the same numbers", () => {
      expect(results.esm.exports).toEqual(results.cjs.exports);
      expect(results.esm.logLikelihood).toBe(results.cjs.logLikelihood);
    });
  });

  describe("TypeScript 5.9 type-checks a consumer against the published declarations", () => {
    const fitCalls = `
const X: number[][] = [[1, 2], [2, 3], [8, 9], [9, 8]];
const fit: FittedGaussianMixture = fitGaussianMixture(X, { k: 2, seed: 1 });
const logLik: number = fit.logLikelihood;
const fromMatrix = fitGaussianMixture(new Matrix(X), { k: 2 });
const atlas = basinAtlas(X, { k: 2, nInit: 3, seed: 1 });
const best: number = atlas.optima[0].logLikelihood;
// The declarations are real types, not any: these must be errors.
// @ts-expect-error k is a number
fitGaussianMixture(X, { k: "2" });
// @ts-expect-error not an option
fitGaussianMixture(X, { k: 2, notAnOption: true });
export { logLik, fromMatrix, best };
`;
    const nodeImports = `import { fitGaussianMixture, readCsv, type FittedGaussianMixture, type Table } from "mlem";
import { basinAtlas } from "mlem/mixture";
import { Matrix } from "ml-matrix";
const table: Table = readCsv("faithful.csv");
export const columns: string[] = table.columns;
`;

    function tscListFiles(config: object, files: Record<string, string>): { status: number | null; out: string; listed: string[] } {
      const dir = join(app, `ts-${Object.keys(files).join("-").replace(/[^a-z0-9-]/gi, "_")}`);
      for (const [name, text] of Object.entries(files)) write(join(dir, name), text);
      write(join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
      const r = run(process.execPath, [tsc, "-p", "tsconfig.json", "--listFiles"], dir);
      const out = `${r.stdout}\n${r.stderr}`;
      return { status: r.status, out, listed: r.stdout.split("\n").map((l) => l.trim()).filter((l) => l.includes("node_modules/mlem/")).map((l) => l.slice(l.indexOf("node_modules/mlem/") + "node_modules/mlem/".length)) };
    }
    const base = { strict: true, noEmit: true, skipLibCheck: false, target: "es2022", lib: ["es2022"], types: [] };

    it("moduleResolution node16: an ES module file and a CommonJS file, readCsv included", () => {
      const r = tscListFiles(
        { compilerOptions: { ...base, module: "node16", moduleResolution: "node16" }, files: ["consumer.mts", "consumer.cts"] },
        { "consumer.mts": nodeImports + fitCalls, "consumer.cts": nodeImports + fitCalls },
      );
      expect(r.out.trim().split("\n").filter((l) => /error TS/.test(l))).toEqual([]);
      expect(r.status).toBe(0);
      // Each file got the declarations of its own module format, through the node condition.
      expect(r.listed).toContain("dist/esm/node.d.ts");
      expect(r.listed).toContain("dist/cjs/node.d.ts");
    });

    it("moduleResolution bundler: the browser-safe root, which has no readCsv", () => {
      const bundlerImports = `import { fitGaussianMixture, parseCsv, type FittedGaussianMixture } from "mlem";
import { basinAtlas } from "mlem/mixture";
import { Matrix } from "ml-matrix";
// @ts-expect-error readCsv reads files: only the node condition exports it
import { readCsv } from "mlem";
export const rows: number = parseCsv("a\\n1\\n").rowCount;
export { readCsv };
`;
      const r = tscListFiles(
        { compilerOptions: { ...base, lib: ["es2022", "dom"], module: "esnext", moduleResolution: "bundler" }, files: ["consumer.ts"] },
        { "consumer.ts": bundlerImports + fitCalls },
      );
      expect(r.out.trim().split("\n").filter((l) => /error TS/.test(l))).toEqual([]);
      expect(r.status).toBe(0);
      expect(r.listed).toContain("dist/esm/index.d.ts");
      expect(r.listed).not.toContain("dist/esm/node.d.ts");
    });
  });

  it("bundles for the browser from the installed package (esbuild, platform browser, minified)", async () => {
    const r = await build({
      stdin: { contents: 'import { fitGaussianMixture } from "mlem";\nglobalThis.fitGaussianMixture = fitGaussianMixture;\n', resolveDir: app, loader: "js" },
      bundle: true,
      platform: "browser",
      format: "esm",
      minify: true,
      write: false,
      logLevel: "silent",
    });
    const code = r.outputFiles[0].text;
    expect(r.warnings).toEqual([]);
    expect(code.length).toBeLessThanOrEqual(120_000);
    expect(code).not.toMatch(/require\(|node:/);
    // The bundle runs, outside Node's module system, and fits.
    const fit = new Function(`${code.replace(/export\s*\{[^}]*\};?\s*$/, "")}; return globalThis.fitGaussianMixture;`)();
    const result = fit([[0, 0], [0.1, 0.2], [0.2, 0.1], [5, 5], [5.1, 5.2], [5.2, 5.1]], { k: 2, seed: 1 });
    expect(result.converged).toBe(true);
  });
});
