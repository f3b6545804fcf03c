// `npm start` as a learner uses it (scripts/start.mjs, scripts/lib/working-copy.mjs,
// scripts/reset-notebook.mjs), on a throw-away clone of this repository:
//   * JupyterLab opens the git-ignored working copy my-notebooks/, made from notebooks/, and offers
//     the TypeScript kernel only (and by default);
//   * a notebook edited and saved through Jupyter's contents API changes my-notebooks/ only: git
//     status stays clean;
//   * SIGTERM to the npm process, and Ctrl-C (SIGINT to the whole process group, as a terminal sends
//     it), stop JupyterLab and its kernels: the port is free and no kernel process is left;
//   * after the course changes upstream and the learner pulls, a restart keeps the learner's edits,
//     brings in the new notebook, updates the untouched one, and says how to take the course's
//     version of the edited one, which `npm run reset-notebook` then does (after saying what it
//     discards, and only with --yes when it cannot ask).
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "mlem-start-"));
const upstream = join(tmp, "course");
const learner = join(tmp, "learner");
const runtimeDir = join(tmp, "runtime");
const token = randomBytes(16).toString("hex");
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8" });

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.on("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.on("error", () => done(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => done(true)));
  });
}

/** Processes of this test whose command line contains `text` (all of them name a path in tmp). */
function processesWith(text: string): number[] {
  const out = execFileSync("ps", ["-A", "-o", "pid=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((l) => l.includes(text))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

/** Kernel processes of this test: their command line names a connection file in our runtime dir. */
const kernelProcesses = () => processesWith(runtimeDir);

interface Lab {
  proc: ChildProcess;
  base: string;
  port: number;
  output: () => string;
}

async function startLab(command: "npm" | "node"): Promise<Lab> {
  const port = await freePort();
  const labArgs = ["--no-browser", `--port=${port}`, `--IdentityProvider.token=${token}`, `--LabApp.workspaces_dir=${join(tmp, "workspaces")}`];
  const [cmd, args] = command === "npm" ? ["npm", ["start", "--", ...labArgs]] : [process.execPath, ["scripts/start.mjs", ...labArgs]];
  // detached: its own process group, so that the test can signal the group as a terminal does.
  const proc = spawn(cmd, args, { cwd: learner, env: { ...process.env, JUPYTER_RUNTIME_DIR: runtimeDir }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  proc.stdout!.on("data", (d) => (output += d));
  proc.stderr!.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`npm start exited with ${proc.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${base}/api/status?token=${token}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`JupyterLab did not answer within 90 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return { proc, base, port, output: () => output };
}

function killGroup(lab: Lab) {
  try {
    process.kill(-lab.proc.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}

async function api(lab: Lab, path: string, init: RequestInit = {}) {
  const r = await fetch(`${lab.base}/api/${path}`, { ...init, headers: { Authorization: `token ${token}`, "Content-Type": "application/json" } });
  if (!r.ok) throw new Error(`${init.method ?? "GET"} /api/${path}: ${r.status} ${await r.text()}`);
  return r.status === 204 ? null : r.json();
}

/** Start a kernel for a notebook, as opening it in JupyterLab does, and wait until its process runs. */
async function openNotebook(lab: Lab, path: string) {
  const session = await api(lab, "sessions", { method: "POST", body: JSON.stringify({ path, type: "notebook", name: path, kernel: {} }) });
  const deadline = Date.now() + 30_000;
  while (kernelProcesses().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  return session;
}

async function waitForExit(proc: ChildProcess, ms: number) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  await new Promise<void>((done, fail) => {
    const t = setTimeout(() => fail(new Error(`did not exit within ${ms / 1000} s`)), ms);
    proc.on("exit", () => {
      clearTimeout(t);
      done();
    });
  });
}

/** Wait until nothing of this lab is left: the port is free and no kernel process remains. */
async function expectAllStopped(lab: Lab) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && (!(await portIsFree(lab.port)) || kernelProcesses().length > 0)) await new Promise((r) => setTimeout(r, 250));
  expect(await portIsFree(lab.port), `port ${lab.port} still in use:\n${lab.output()}`).toBe(true);
  expect(kernelProcesses(), "kernel processes left running").toEqual([]);
}

const nb05 = readdirSync(join(root, "notebooks")).find((f) => f.startsWith("05-"))!;
const nb03 = readdirSync(join(root, "notebooks")).find((f) => f.startsWith("03-"))!;
const myEdit = "// my experiment: k = 5\n";

afterAll(() => {
  // After a failure: JupyterLab (in its own process group) and kernels may be left; end them.
  for (const pid of processesWith(tmp)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(tmp, { recursive: true, force: true });
});

describe("npm start and the learner's working copy", { timeout: 300_000 }, () => {
  it("sets up a course repository and a learner's clone of it", () => {
    // The course as it is in this worktree (tracked and new files), committed in a fresh repository.
    const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
    for (const f of files) {
      if (!existsSync(join(root, f))) continue; // deleted in the worktree
      mkdirSync(dirname(join(upstream, f)), { recursive: true });
      cpSync(join(root, f), join(upstream, f));
    }
    git(tmp, "init", "-q", upstream);
    git(upstream, "add", "-A");
    git(upstream, "commit", "-qm", "course");
    git(tmp, "clone", "-q", upstream, learner);
    // What `npm install` would make, borrowed from this worktree.
    for (const p of ["node_modules", ".venv", "lib/dist"]) symlinkSync(join(root, p), join(learner, p));
    // .gitignore's `node_modules/` patterns match directories, not these symlinks.
    writeFileSync(join(learner, ".git/info/exclude"), "node_modules\n.venv\nlib/dist\n");
    expect(existsSync(join(learner, "notebooks", nb05))).toBe(true);
  });

  it("opens JupyterLab on my-notebooks/ with only the TypeScript kernel; saving there leaves git clean; SIGTERM to npm stops it all", async () => {
    const lab = await startLab("npm");
    try {
      expect(lab.output()).toContain("created your working copy of the course in my-notebooks/");
      const specs = await api(lab, "kernelspecs");
      expect(specs.default).toBe("tslab");
      expect(Object.keys(specs.kernelspecs)).toEqual(["tslab"]);
      // The working copy sits next to data/, so a notebook's ../data/ resolves.
      expect(existsSync(join(learner, "my-notebooks", "../data/faithful.csv"))).toBe(true);
      const listing = await api(lab, "contents");
      expect(listing.content.map((c: { name: string }) => c.name)).toContain(nb05);

      // Edit and save notebook 05 through the contents API, as JupyterLab does (with an output).
      const model = await api(lab, `contents/${encodeURIComponent(nb05)}?content=1`);
      const code = model.content.cells.find((c: { cell_type: string }) => c.cell_type === "code");
      code.source = myEdit + code.source;
      code.outputs = [{ output_type: "stream", name: "stdout", text: "learner's output\n" }];
      code.execution_count = 1;
      await api(lab, `contents/${encodeURIComponent(nb05)}`, { method: "PUT", body: JSON.stringify({ type: "notebook", format: "json", content: model.content }) });
      expect(readFileSync(join(learner, "my-notebooks", nb05), "utf8")).toContain("my experiment");
      expect(readFileSync(join(learner, "notebooks", nb05), "utf8")).not.toContain("my experiment");
      expect(git(learner, "status", "--porcelain")).toBe("");

      await openNotebook(lab, nb05);
      expect(kernelProcesses().length).toBe(1);
      // What `kill <npm pid>` does: npm passes SIGTERM to its `sh -c`, which dies without passing it on.
      lab.proc.kill("SIGTERM");
      await expectAllStopped(lab);
    } finally {
      killGroup(lab);
    }
  });

  it("keeps the learner's edits across a pull of a course change; brings in new and untouched notebooks; Ctrl-C stops it all", async () => {
    // The course changes: a new notebook, a fix to 03 (untouched by the learner) and to 05 (edited).
    const nb = (name: string) => join(upstream, "notebooks", name);
    const fix = (name: string, text: string) => {
      const content = JSON.parse(readFileSync(nb(name), "utf8"));
      content.cells.push({ cell_type: "markdown", id: `fix-${name.slice(0, 2)}`, metadata: {}, source: [text] });
      writeFileSync(nb(name), JSON.stringify(content, null, 1) + "\n");
    };
    fix(nb03, "A correction from the course (03).");
    fix(nb05, "A correction from the course (05).");
    const added = "12-a-new-notebook.ipynb";
    writeFileSync(nb(added), JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
    git(upstream, "add", "-A");
    git(upstream, "commit", "-qm", "course update");
    git(learner, "pull", "-q", "--ff-only");

    const lab = await startLab("npm");
    try {
      const out = lab.output();
      expect(out).toContain(`copied into my-notebooks/ from the course: ${added}`);
      expect(out).toContain(`updated to the course's current version (you had not changed them): ${nb03}`);
      expect(out).toMatch(new RegExp(`the course has changed ${nb05.replace(/\./g, "\\.")} since you copied it; your version is kept`));
      const mine = readFileSync(join(learner, "my-notebooks", nb05), "utf8");
      expect(mine).toContain("my experiment");
      expect(mine).toContain("learner's output");
      expect(readFileSync(join(learner, "my-notebooks", nb03), "utf8")).toContain("A correction from the course (03).");
      expect((await api(lab, "contents")).content.map((c: { name: string }) => c.name)).toContain(added);
      await openNotebook(lab, nb03);
      // Ctrl-C in a terminal: SIGINT to every process of the foreground group.
      process.kill(-lab.proc.pid!, "SIGINT");
      await waitForExit(lab.proc, 30_000);
      await expectAllStopped(lab);
    } finally {
      killGroup(lab);
    }
  });

  it("reset-notebook says what it discards, needs --yes when it cannot ask, and keeps a backup", () => {
    const reset = (...args: string[]) => spawnSync(process.execPath, ["scripts/reset-notebook.mjs", ...args], { cwd: learner, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const refused = reset("05");
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/resetting discards 1 cell\(s\) you edited or added, and the outputs of 1 cell\(s\); it brings in 1 cell\(s\) of the course's version/);
    expect(refused.stderr).toContain("run again with --yes");
    expect(readFileSync(join(learner, "my-notebooks", nb05), "utf8")).toContain("my experiment");

    const done = reset("05", "--yes");
    expect(done.status, done.stderr).toBe(0);
    expect(readFileSync(join(learner, "my-notebooks", nb05), "utf8")).toBe(readFileSync(join(learner, "notebooks", nb05), "utf8"));
    const backups = readdirSync(join(learner, "my-notebooks", ".backups"));
    expect(backups.length).toBe(1);
    expect(readFileSync(join(learner, "my-notebooks", ".backups", backups[0]), "utf8")).toContain("my experiment");
    expect(reset("05").stdout).toContain("already is the course's version");
    expect(reset("99").stderr).toContain("no course notebook matches '99'");
    expect(git(learner, "status", "--porcelain")).toBe("");
  });
});
