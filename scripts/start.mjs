#!/usr/bin/env node
// `npm start`: JupyterLab on 127.0.0.1, opened on notebooks/, with token authentication on.
// Jupyter prints the URL with its token; open it in a browser. Ctrl-C stops the server.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const jupyter = join(root, ".venv/bin/jupyter");
if (!existsSync(jupyter)) {
  console.error("[mlem] .venv is missing or incomplete: run `npm install` first (it sets up JupyterLab).");
  process.exit(1);
}
if (!existsSync(join(root, "lib/dist/cjs/node.js"))) {
  console.error("[mlem] the library is not built: run `npm run build` (or `npm install`).");
  process.exit(1);
}

const args = [
  "lab",
  "--ip=127.0.0.1",
  `--ServerApp.root_dir=${join(root, "notebooks")}`,
  // Keep token authentication on; the printed URL carries the token.
  ...process.argv.slice(2),
];
// Root needs an explicit opt-in from Jupyter; add it only then.
if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--allow-root");

const child = spawn(jupyter, args, { stdio: "inherit", cwd: join(root, "notebooks"), env: process.env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
