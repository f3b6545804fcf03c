#!/usr/bin/env node
// One-time (and idempotent) set-up of the course, run by `npm install` (postinstall):
//   1. builds the library (lib/ → lib/dist) so notebooks can `import … from "mlem"`;
//   2. creates the project-local Python environment .venv with the pinned JupyterLab stack
//      (requirements.txt), never touching the user's global Python or Jupyter;
//   3. registers the TypeScript (tslab) kernel inside .venv, pointing at this project's tslab by
//      absolute path and loading the kernel fixes of scripts/kernel/ first (after checking that they
//      match the installed tslab and zeromq), makes it the only kernel the project's JupyterLab
//      offers, and writes JupyterLab settings (no news pop-up, no debugger: tslab has none).
// Re-running it only redoes what is missing or out of date.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const venv = join(root, ".venv");
const isWindows = process.platform === "win32";
const venvPython = join(venv, isWindows ? "Scripts/python.exe" : "bin/python");
const t0 = Date.now();

function log(msg) {
  console.log(`[mlem setup ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
}

function fail(msg) {
  console.error(`\n[mlem setup] ERROR: ${msg}\n`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`\`${cmd} ${args.join(" ")}\` exited with status ${r.status} (see the output above).`);
}

// 1. Build the library (ES modules and CommonJS) with the project's own TypeScript
//    (node_modules/.bin/tsc is tslab's 5.0) and esbuild: scripts/build-lib.mjs.
log("building the library (lib → lib/dist)");
run(process.execPath, [join(root, "scripts/build-lib.mjs")]);

if (process.env.MLEM_SKIP_PYTHON === "1") {
  log("MLEM_SKIP_PYTHON=1: skipping the Python environment and the Jupyter kernel.");
  process.exit(0);
}

// 2. The Python environment.
function findPython() {
  for (const cand of [process.env.PYTHON, "python3", "python"].filter(Boolean)) {
    const r = spawnSync(cand, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" });
    if (r.status === 0) {
      const [maj, min] = r.stdout.trim().split(".").map(Number);
      if (maj === 3 && min >= 10) return cand;
      log(`${cand} is Python ${r.stdout.trim()}; mlem needs ≥ 3.10, looking further`);
    }
  }
  return null;
}

const requirements = readFileSync(join(root, "requirements.txt"), "utf8");
const reqHash = createHash("sha256").update(requirements).digest("hex").slice(0, 16);
const stamp = join(venv, ".mlem-requirements");

if (!existsSync(venvPython)) {
  const python = findPython();
  if (!python) {
    fail(
      "Python ≥ 3.10 was not found (tried $PYTHON, python3, python).\n" +
        "  Install it (Debian/Ubuntu: `sudo apt-get install python3 python3-venv`; macOS: `brew install python`),\n" +
        "  or point PYTHON at one (`PYTHON=/path/to/python3 npm install`), then run `npm install` again.",
    );
  }
  log(`creating .venv with ${python}`);
  const r = spawnSync(python, ["-m", "venv", venv], { stdio: "inherit" });
  if (r.status !== 0 || !existsSync(venvPython)) {
    fail(
      `\`${python} -m venv .venv\` failed: the venv module (and its ensurepip) is missing.\n` +
        "  On Debian/Ubuntu install it with `sudo apt-get install python3-venv`, delete the half-made .venv folder,\n" +
        "  and run `npm install` again.",
    );
  }
}

if (!existsSync(stamp) || readFileSync(stamp, "utf8").trim() !== reqHash) {
  log("installing JupyterLab, nbclient, nbconvert and plotly into .venv (pinned in requirements.txt)");
  run(venvPython, ["-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", join(root, "requirements.txt")]);
  writeFileSync(stamp, reqHash + "\n");
} else {
  log(".venv is up to date with requirements.txt");
}

// 3. The tslab kernel, inside .venv only (sys.prefix/share/jupyter is on Jupyter's data path).
const tslabBin = join(root, "node_modules/tslab/bin/tslab");
if (!existsSync(tslabBin)) fail(`tslab is missing at ${tslabBin}; run \`npm install\` in ${root}.`);
const kernelPreload = join(root, "scripts/kernel/preload.cjs");
try {
  createRequire(import.meta.url)("./kernel/tslab-fixes.cjs").verify();
} catch (e) {
  fail(e.message);
}
const kernelDir = join(venv, "share/jupyter/kernels/tslab");
mkdirSync(kernelDir, { recursive: true });
const kernelSpec = {
  // Absolute paths: JupyterLab may start the kernel with a PATH that has neither node nor tslab.
  argv: [process.execPath, "-r", kernelPreload, tslabBin, "kernel", "--config-path", "{connection_file}"],
  display_name: "TypeScript (tslab)",
  language: "typescript",
  metadata: { mlem: "registered by scripts/setup.mjs" },
};
writeFileSync(join(kernelDir, "kernel.json"), JSON.stringify(kernelSpec, null, 2) + "\n");
log(`registered the TypeScript kernel in .venv (${kernelSpec.argv.join(" ")})`);

// JupyterLab settings for this environment: no news pop-up, no update check.
const settingsDir = join(venv, "share/jupyter/lab/settings");
mkdirSync(settingsDir, { recursive: true });
writeFileSync(
  join(settingsDir, "overrides.json"),
  JSON.stringify(
    {
      "@jupyterlab/apputils-extension:notification": { checkForUpdates: false, fetchNews: "false" },
    },
    null,
    2,
  ) + "\n",
);

// JupyterLab's debugger needs a kernel that supports debugging, which tslab does not; with it
// enabled, every execute_reply makes it ask the kernel for its modules and log "No active debugger
// session" as a page error. Turned off (and locked, as JupyterLab ≥ 4.1 itself marks disabled
// extensions) for this environment, as `jupyter labextension disable` does.
const labConfigDir = join(venv, "etc/jupyter/labconfig");
mkdirSync(labConfigDir, { recursive: true });
const noDebugger = { "@jupyterlab/debugger-extension": true };
writeFileSync(join(labConfigDir, "page_config.json"), JSON.stringify({ disabledExtensions: noDebugger, lockedExtensions: noDebugger }, null, 2) + "\n");

// Jupyter server settings for this environment: the course's JupyterLab offers the TypeScript kernel
// only, and starts it by default (ipykernel, a dependency of JupyterLab, would also offer Python 3,
// for instance when Run All comes before the notebook's kernel is ready).
const serverConfigDir = join(venv, "etc/jupyter");
mkdirSync(serverConfigDir, { recursive: true });
writeFileSync(
  join(serverConfigDir, "jupyter_server_config.json"),
  JSON.stringify(
    {
      KernelSpecManager: { allowed_kernelspecs: ["tslab"], ensure_native_kernel: false },
      MappingKernelManager: { default_kernel_name: "tslab" },
    },
    null,
    2,
  ) + "\n",
);

// A sanity check that Jupyter sees the kernel and the plotly renderer.
const specs = execFileSync(venvPython, ["-m", "jupyter", "kernelspec", "list", "--json"], { encoding: "utf8" });
if (!JSON.parse(specs).kernelspecs.tslab) fail("the tslab kernel is not visible to .venv's Jupyter; see the output above.");
const ext = spawnSync(venvPython, ["-m", "jupyter", "labextension", "list"], { encoding: "utf8" });
if (!/jupyterlab-plotly/.test(`${ext.stdout}${ext.stderr}`)) {
  fail("the plotly JupyterLab extension is not installed in .venv; delete .venv and run `npm install` again.");
}
log("done. Start the course with `npm start`; run every test with `npm test`.");
