// Unit tests of the kernel fixes' parts (scripts/kernel/): the per-socket send queue against a fake
// socket with zeromq 6's one-send-at-a-time contract, the input history, and the mapping of errors
// back to the user's cell lines. The real kernel is tested in protocol.test.ts and scripts/kernel/soak.py.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { queueSends } = require("../../scripts/kernel/send-queue.cjs");
const { InputHistory } = require("../../scripts/kernel/history.cjs");
const { CellSources, alignLines, formatCellError, isMlemError } = require("../../scripts/kernel/cell-errors.cjs");
const { verify, EXPECTED } = require("../../scripts/kernel/tslab-fixes.cjs");

/** zeromq 6's contract: a send() while another is pending, or while the socket binds, throws EBUSY;
 *  sends complete asynchronously. */
function fakeSocketClass() {
  class Socket {
    pending = false;
    delivered: unknown[] = [];
    failNext = false;
  }
  Object.defineProperty(Socket.prototype, "send", {
    configurable: true,
    writable: false,
    value(this: Socket, msg: unknown) {
      if ((this as unknown as { binding?: boolean }).binding) throw Object.assign(new Error("Socket is blocked by a bind or unbind operation"), { code: "EBUSY" });
      if (this.pending) throw Object.assign(new Error("Socket is busy writing; only one send operation may be in progress at any time"), { code: "EBUSY" });
      this.pending = true;
      return new Promise<void>((resolve, reject) =>
        setImmediate(() => {
          this.pending = false;
          if (this.failNext) {
            this.failNext = false;
            reject(new Error("send failed"));
          } else {
            this.delivered.push(msg);
            resolve();
          }
        }),
      );
    },
  });
  return Socket as unknown as { new (): { delivered: unknown[]; failNext: boolean; send(m: unknown): Promise<void> } };
}

describe("queueSends (scripts/kernel/send-queue.cjs)", () => {
  it("the fake socket reproduces the failure: a second send in the same tick throws EBUSY", () => {
    const Socket = fakeSocketClass();
    const s = new Socket();
    void s.send("a");
    expect(() => s.send("b")).toThrow(/busy writing/);
  });

  it("delivers every send in call order, one at a time, per socket", async () => {
    const Socket = fakeSocketClass();
    const errors: unknown[] = [];
    const { undo, flushed } = queueSends(Socket, (e: unknown) => errors.push(e));
    const a = new Socket();
    const b = new Socket();
    const sends = [];
    for (let i = 0; i < 1000; i++) sends.push(a.send(i), b.send(-i));
    await flushed(a);
    expect(a.delivered.length).toBe(1000);
    await Promise.all(sends);
    expect(a.delivered).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(b.delivered).toEqual(Array.from({ length: 1000 }, (_, i) => -i));
    expect(errors).toEqual([]);
    undo();
    void a.send("x");
    expect(() => a.send("y")).toThrow(/busy/);
  });

  it("holds sends back while the socket is binding (zeromq refuses them then)", async () => {
    const Socket = fakeSocketClass();
    const { undo, waitFor } = queueSends(Socket, () => {});
    const s = new Socket() as unknown as { delivered: unknown[]; send(m: unknown): Promise<void>; binding?: boolean };
    let bound!: () => void;
    s.binding = true;
    waitFor(s, new Promise<void>((r) => (bound = () => { s.binding = false; r(); })));
    const sent = s.send("status: busy");
    await new Promise((r) => setImmediate(r));
    expect(s.delivered).toEqual([]);
    bound();
    await sent;
    expect(s.delivered).toEqual(["status: busy"]);
    undo();
  });

  it("reports a failed send, rejects its promise, and goes on with the next ones", async () => {
    const Socket = fakeSocketClass();
    const errors: string[] = [];
    const { undo } = queueSends(Socket, (e: Error) => errors.push(e.message));
    const s = new Socket();
    const first = s.send(1);
    s.failNext = true; // the first send is already under way: this makes it fail
    const second = s.send(2);
    await expect(first).rejects.toThrow("send failed");
    await second;
    expect(s.delivered).toEqual([2]);
    expect(errors).toEqual(["send failed"]);
    undo();
  });
});

describe("InputHistory (scripts/kernel/history.cjs)", () => {
  it("answers tail, range and search requests as [session, line, input]", () => {
    const h = new InputHistory();
    for (const code of ["a = 1", "b = 2", "a + b", "a = 1"]) h.add(code);
    expect(h.reply({ hist_access_type: "tail", n: 2 })).toEqual({ status: "ok", history: [[1, 3, "a + b"], [1, 4, "a = 1"]] });
    expect(h.reply({ hist_access_type: "range", session: 0, start: 2, stop: 4 }).history).toEqual([[1, 2, "b = 2"], [1, 3, "a + b"]]);
    expect(h.reply({ hist_access_type: "range", session: -1 }).history).toEqual([]);
    expect(h.reply({ hist_access_type: "search", pattern: "a*", unique: true }).history).toEqual([[1, 3, "a + b"], [1, 4, "a = 1"]]);
    expect(h.reply({ hist_access_type: "search", pattern: "?", n: 5 }).history).toEqual([]);
    expect(h.reply({ hist_access_type: "tail", n: 1, output: true }).history).toEqual([[1, 4, ["a = 1", null]]]);
    expect(h.reply({ hist_access_type: "bogus" }).status).toBe("error");
  });

  it("keeps only the latest inputs, so memory stays bounded", () => {
    const h = new InputHistory(10);
    for (let i = 1; i <= 1000; i++) h.add(`x = ${i}`);
    expect(h.entries.length).toBeLessThanOrEqual(20);
    const all = h.reply({ hist_access_type: "tail", n: 1000 }).history;
    expect(all.length).toBe(10);
    expect(all[9]).toEqual([1, 1000, "x = 1000"]);
  });
});

describe("error display (scripts/kernel/cell-errors.cjs)", () => {
  // A cell's TypeScript and the JavaScript tslab 1.0.22 runs for it (X comes from an earlier cell),
  // as printed by tslab's executor with vm.runInThisContext wrapped to log its code.
  const ts = ['import { fitGaussianMixture } from "mlem";', "// a learner's experiment", "const k = 0;", "", "const fit = fitGaussianMixture(X, { k });", "fit"];
  const js = [
    '(function(exports, require) { Object.defineProperty(exports, "__esModule", { value: true });',
    "exports.fit = exports.k = exports.fitGaussianMixture = exports.tsLastExpr = void 0;",
    'const mlem_1 = require("mlem");',
    'Object.defineProperty(exports, "fitGaussianMixture", { enumerable: true, get: function () { return mlem_1.fitGaussianMixture; } });',
    "// a learner's experiment",
    "const k = 0;",
    "exports.k = k;",
    "const fit = (0, mlem_1.fitGaussianMixture)(exports.X, { k });",
    "exports.fit = fit;",
    "exports.tsLastExpr = fit;",
    "",
    "})(__tslab__.exports, __tslab__.require)",
  ];

  it("aligns each JavaScript line with the TypeScript line it came from", () => {
    const map = alignLines(js.slice(0, -1), ts);
    // The statements the user wrote; compiler-added lines (exports.k = k) take a neighbouring one.
    expect([map[2], map[4], map[5], map[7], map[9]]).toEqual([0, 1, 2, 4, 5]);
    expect(map[6]).toBe(2);
  });

  it("shows an MlemError as name, message and the cell line; other errors keep library frames", () => {
    class MlemError extends Error {}
    class DomainError extends MlemError {
      name = "DomainError";
    }
    const cells = new CellSources();
    cells.begin(7, ts.join("\n"));
    const file = cells.attachJs(js.join("\n"));
    const stack = (name: string, msg: string) =>
      `${name}: ${msg}\n    at resolveOptions (/x/lib/dist/mixture/options.js:49:15)\n    at Proxy.fitGaussianMixture (/x/lib/dist/mixture/fit.js:113:49)\n` +
      `    at ${file}:8:21\n    at ${file}:12:3\n    at Script.runInThisContext (node:vm:135:14)\n    at Object.execute (/x/node_modules/tslab/dist/executor.js:160:38)`;
    const internal = (f: string) => f.startsWith("node:") || f.includes("/node_modules/tslab/");
    const mlem = Object.assign(new DomainError("k = 0"), { stack: stack("DomainError", "k = 0") });
    expect(isMlemError(mlem)).toBe(true);
    expect(formatCellError(mlem, cells, internal)).toBe("DomainError: k = 0\n    at line 5 of cell [7]: const fit = fitGaussianMixture(X, { k });");
    const other = Object.assign(new RangeError("bad"), { stack: stack("RangeError", "bad") });
    expect(isMlemError(other)).toBe(false);
    expect(formatCellError(other, cells, internal)).toBe(
      "RangeError: bad\n    at resolveOptions (/x/lib/dist/mixture/options.js:49:15)\n    at Proxy.fitGaussianMixture (/x/lib/dist/mixture/fit.js:113:49)\n" +
        "    at line 5 of cell [7]: const fit = fitGaussianMixture(X, { k });",
    );
    expect(formatCellError("a string", cells, internal)).toBe("'a string'");
  });

  it("names a re-run cell's file after its JavaScript, so re-runs reuse it (Node keeps ~0.9 kB per distinct one)", () => {
    const cells = new CellSources(3);
    cells.begin(1, "1");
    const a = cells.attachJs("(function(exports, require) { 1\n})(__tslab__.exports, __tslab__.require)");
    cells.begin(2, "1");
    expect(cells.attachJs("(function(exports, require) { 1\n})(__tslab__.exports, __tslab__.require)")).toBe(a);
    expect(cells.locate(a, 1).cell.label).toBe(2);
    for (let i = 0; i < 10; i++) {
      cells.begin(i, String(i));
      cells.attachJs(`(function(exports, require) { ${i}\n})(__tslab__.exports, __tslab__.require)`);
    }
    expect(cells.cells.size).toBe(3);
  });
});

describe("tslab-fixes.cjs verify()", () => {
  it("accepts the installed, pinned tslab and zeromq", () => {
    expect(EXPECTED.tslab).toBe(require("tslab/package.json").version);
    expect(() => verify()).not.toThrow();
  });
});
