// Starts a throw-away JupyterLab server from .venv for tests: loopback only, a random token, its own
// settings and workspace folders (so tests never touch the user's), autosave off (Run All in the
// browser must not write outputs into the notebooks in git).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function startJupyterLab(root, { notebookDir = join(root, "notebooks"), log = () => {} } = {}) {
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const tmp = mkdtempSync(join(tmpdir(), "mlem-lab-"));
  const settings = join(tmp, "settings");
  const setting = (plugin, file, value) => {
    const dir = join(settings, plugin);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, file), JSON.stringify(value));
  };
  setting("@jupyterlab/docmanager-extension", "plugin.jupyterlab-settings", { autosave: false });
  // Render every cell (no virtual windowing) so the check sees all charts and formulas.
  setting("@jupyterlab/notebook-extension", "tracker.jupyterlab-settings", { windowingMode: "none" });
  setting("@jupyterlab/apputils-extension", "notification.jupyterlab-settings", { checkForUpdates: false, fetchNews: "false" });
  const args = [
    "lab",
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${notebookDir}`,
    `--LabApp.user_settings_dir=${settings}`,
    `--LabApp.workspaces_dir=${join(tmp, "workspaces")}`,
  ];
  if (process.getuid?.() === 0) args.push("--allow-root");
  const env = { ...process.env, JUPYTER_RUNTIME_DIR: join(tmp, "runtime") };
  const proc = spawn(join(root, ".venv/bin/jupyter"), args, { cwd: notebookDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  proc.stdout.on("data", (d) => (output += d));
  proc.stderr.on("data", (d) => {
    output += d;
    log(String(d));
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`JupyterLab exited with ${proc.exitCode}:\n${output}`);
    try {
      const r = await fetch(`${base}/api/status?token=${token}`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill();
      throw new Error(`JupyterLab did not answer on ${base} within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    base,
    token,
    output: () => output,
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill("SIGTERM");
      await new Promise((r) => {
        const t = setTimeout(() => {
          proc.kill("SIGKILL");
          r();
        }, 5000);
        proc.on("exit", () => {
          clearTimeout(t);
          r();
        });
      });
    },
  };
}
