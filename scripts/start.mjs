#!/usr/bin/env node
// `npm start`: JupyterLab on 127.0.0.1 (token authentication on; Jupyter prints the URL with its
// token), opened on your working copy of the course, my-notebooks/ (scripts/lib/working-copy.mjs):
// made from notebooks/ on the first start, brought up to date with the course on every start without
// touching what you changed. `npm start -- --author` opens notebooks/ itself, for course authors.
// Other arguments go to `jupyter lab` (`npm start -- --port=9999`).
//
// Ctrl-C, or SIGTERM/SIGHUP to this process or to the npm process running it, stops JupyterLab and
// its kernels: JupyterLab runs in its own process group (so that Ctrl-C does not reach it directly and
// trigger its "Shut down this Jupyter server (y/[n])?" prompt) and gets SIGTERM, on which it shuts its
// kernels down. npm passes its signals to `sh -c`, which dies without passing them on, so this process
// also stops JupyterLab when it finds that its parent has gone.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WORKING_COPY_DIR, syncWorkingCopy } from "./lib/working-copy.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const say = (msg) => console.log(`[mlem] ${msg}`);
const jupyter = join(root, ".venv/bin/jupyter");
if (!existsSync(jupyter)) {
  console.error("[mlem] .venv is missing or incomplete: run `npm install` first (it sets up JupyterLab).");
  process.exit(1);
}
if (!existsSync(join(root, "lib/dist/cjs/node.js"))) {
  console.error("[mlem] the library is not built: run `npm run build` (or `npm install`).");
  process.exit(1);
}

const argv = process.argv.slice(2);
const author = argv.includes("--author");
const jupyterArgs = argv.filter((a) => a !== "--author");

let notebookDir;
if (author) {
  notebookDir = join(root, "notebooks");
  say("author mode: editing the course itself (notebooks/). Commit notebooks without outputs: `npm run clean-notebooks`.");
} else {
  const sync = syncWorkingCopy(root);
  notebookDir = sync.dir;
  const rel = relative(root, sync.dir);
  if (sync.created) say(`created your working copy of the course in ${rel}/ (git ignores it; your edits and outputs stay there).`);
  else if (sync.added.length) say(`copied into ${rel}/ from the course: ${sync.added.join(", ")}`);
  if (sync.updated.length) say(`updated to the course's current version (you had not changed them): ${sync.updated.join(", ")}`);
  if (sync.kept.length) {
    say(
      `the course has changed ${sync.kept.join(", ")} since you copied ${sync.kept.length > 1 ? "them" : "it"}; ` +
        `your version is kept. To take the course's version instead: npm run reset-notebook -- <name> (it says what it discards).`,
    );
  }
}

const args = ["lab", "--ip=127.0.0.1", `--ServerApp.root_dir=${notebookDir}`, ...jupyterArgs];
// Root needs an explicit opt-in from Jupyter; add it only then.
if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--allow-root");

const child = spawn(jupyter, args, { stdio: ["ignore", "inherit", "inherit"], cwd: notebookDir, env: process.env, detached: true });
const parent = process.ppid;
let stopping = false;

function descendants(pid) {
  try {
    const table = execFileSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map((l) => l.trim().split(/\s+/).map(Number));
    const out = [];
    const walk = (p) => {
      for (const [c, pp] of table) {
        if (pp !== p) continue;
        out.push(c);
        walk(c);
      }
    };
    walk(pid);
    return out;
  } catch {
    return [];
  }
}

function stop(reason) {
  if (stopping || child.exitCode !== null) return;
  stopping = true;
  say(`${reason}: stopping JupyterLab and its kernels ...`);
  child.kill("SIGTERM");
  // JupyterLab shuts its kernels down within a few seconds; if it hangs, end it and its kernels.
  setTimeout(() => {
    if (child.exitCode !== null) return;
    const kernels = descendants(child.pid);
    say("JupyterLab did not stop within 20 s; killing it and its kernels.");
    for (const pid of [child.pid, ...kernels]) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }, 20_000).unref();
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => stop(sig === "SIGINT" ? "Ctrl-C" : sig));
// Our parent (npm's `sh -c`) went away without passing its signal on.
setInterval(() => {
  if (process.ppid !== parent) stop("npm stopped");
}, 1000).unref();
child.on("exit", (code, signal) => {
  if (stopping) say("JupyterLab stopped.");
  process.exit(code ?? (signal ? 0 : 1));
});
