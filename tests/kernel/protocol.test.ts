// The tslab kernel as the project registers it (node -r scripts/kernel/preload.cjs ...), through the
// real Jupyter protocol (tests/kernel/kernel_session.py with jupyter_client): clean errors, history
// and comm_info replies, and the soak test's ability to catch the stall of tslab as published.
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const python = join(root, ".venv/bin/python");

interface StepResult {
  reply: Record<string, unknown> | null;
  reply_type: string | null;
  idle: boolean;
  iopub: [string, Record<string, unknown>][];
}
type Step = { execute: string } | { request: string; content?: object; channel?: "shell" | "control" };

function run(script: string, args: string[], input?: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const p = spawn(python, [script, ...args], { cwd: root, env: { ...process.env, ...env } });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => done({ code, out, err }));
    p.stdin.end(input ?? "");
  });
}

async function session(steps: Step[]): Promise<StepResult[]> {
  const r = await run("tests/kernel/kernel_session.py", [], JSON.stringify(steps));
  if (r.code !== 0) throw new Error(`kernel_session.py failed (${r.code}):\n${r.err}`);
  return JSON.parse(r.out);
}

const stderrOf = (s: StepResult) =>
  s.iopub
    .filter(([t, c]) => t === "stream" && c.name === "stderr")
    .map(([, c]) => c.text)
    .join("");

describe("the tslab kernel with the fixes of scripts/kernel/", { timeout: 120_000 }, () => {
  it("shows a library error (MlemError) as its name, message and the user's cell line only", async () => {
    const [, failed] = await session([
      { execute: 'import { fitGaussianMixture } from "mlem";\nconst X = [[1], [2], [3]];' },
      { execute: "// a learner's experiment\nconst k = 0;\nconst fit = fitGaussianMixture(X, { k });\nfit" },
    ]);
    expect(failed.reply?.status).toBe("error");
    expect(failed.idle).toBe(true);
    expect(stderrOf(failed).trimEnd()).toBe(
      "DomainError: fitGaussianMixture: k = 0; a mixture needs at least one component (k ≥ 1).\n" +
        "    at line 3 of cell [2]: const fit = fitGaussianMixture(X, { k });",
    );
  });

  it("keeps the user's and the libraries' frames of other errors, without Node's and the kernel's", async () => {
    const [, , failed, viaLibrary] = await session([
      { execute: 'import { maximize } from "mlem";\nfunction half(x: number): number {\n  const o: any = null;\n  return o.value / 2;\n}' },
      { execute: "const a = 1;\n\nhalf(a)" },
      { execute: "const b = 2;\nconst c: number = half(b);" },
      { execute: "maximize((x) => half(x[0]), [0]);" },
    ]);
    const text = stderrOf(failed);
    expect(text).toMatch(/^TypeError: Cannot read properties of null \(reading 'value'\)\n/);
    expect(text).toContain("    at half, line 4 of cell [1]: return o.value / 2;");
    expect(text).toContain("    at line 2 of cell [3]: const c: number = half(b);");
    expect(text).not.toMatch(/node:|tslab|zeromq|scripts\/kernel|evalmachine/);
    // A user function called back by the library: the library's frames stay, between the cell's.
    const lines = stderrOf(viaLibrary).trimEnd().split("\n");
    expect(lines[1]).toBe("    at half, line 4 of cell [1]: return o.value / 2;");
    expect(lines.slice(2, -1).some((l) => /lib\/dist\/(cjs|esm)\/optim\/maximize\.js:\d+:\d+\)$/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe("    at line 1 of cell [4]: maximize((x) => half(x[0]), [0]);");
  });

  it("answers history_request with this kernel's inputs and comm_info_request with comm_info_reply", async () => {
    const results = await session([
      { execute: "const first = 1;" },
      { execute: "const second = first + 1;" },
      { request: "history_request", content: { output: false, raw: true, hist_access_type: "tail", n: 10 } },
      { request: "history_request", content: { output: false, raw: true, hist_access_type: "search", pattern: "const sec*", unique: true, n: 10 } },
      { request: "comm_info_request", content: {} },
    ]);
    const [, , tail, search, comm] = results;
    expect(tail.reply_type).toBe("history_reply");
    expect(tail.reply).toEqual({ status: "ok", history: [[1, 1, "const first = 1;"], [1, 2, "const second = first + 1;"]] });
    expect(search.reply).toEqual({ status: "ok", history: [[1, 2, "const second = first + 1;"]] });
    expect(comm.reply_type).toBe("comm_info_reply");
    expect(comm.reply).toEqual({ status: "ok", comms: {} });
    // Nothing is written into the notebook for these requests (tslab logged "unknown msg_type" there).
    for (const r of results) expect(stderrOf(r)).toBe("");
    expect(results.every((r) => r.idle)).toBe(true);
  });

  it("the soak test (scripts/kernel/soak.py) catches the stall of tslab without the fixes", async () => {
    const r = await run("scripts/kernel/soak.py", ["--unpatched", "--executions", "600", "--burst-timeout", "10"]);
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.err).toMatch(/FAIL \(unpatched tslab\): burst \d+: the kernel stalled; \d+ of 25 requests still incomplete/);
  });
});
