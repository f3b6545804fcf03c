// Fixes for the tslab kernel, installed by preload.cjs before tslab starts. `install()` patches, in
// the very module instances tslab then uses (node_modules/tslab and its zeromq):
//   1. zeromq sends: one at a time per socket (send-queue.cjs), and sockets closed at shutdown only
//      once their queued messages are out. Without this a kernel that has sent ~512 messages drops a
//      status, an output or a reply, and the notebook waits forever ("[*]").
//   2. history_request: answered from this kernel's inputs (history.cjs) instead of tslab logging
//      "unknown msg_type" into the notebook; other message types tslab does not know are logged to
//      the kernel's own stderr (JupyterLab's terminal), not into the user's cell.
//   3. comm_info_request: replied to as comm_info_reply (tslab labels it complete_reply).
//   4. errors thrown by a cell: name, message and the user's cell line (cell-errors.cjs).
// The patches are written against exact versions (EXPECTED below): `verify()` refuses any other
// tslab or zeromq, so an upgrade fails `npm install` (scripts/setup.mjs calls it) instead of
// silently bringing the stall back.
"use strict";

const { createHash, createHmac } = require("node:crypto");
const { readFileSync, writeSync } = require("node:fs");
const { dirname, join, resolve, sep } = require("node:path");
const vm = require("node:vm");
const { queueSends } = require("./send-queue.cjs");
const { InputHistory } = require("./history.cjs");
const { CellSources, formatCellError } = require("./cell-errors.cjs");

const root = resolve(__dirname, "../..");
const tslabDir = join(root, "node_modules/tslab");

// sha256 of the tslab files whose internals these patches rely on, and the zeromq version.
const EXPECTED = {
  tslab: "1.0.22",
  zeromq: "6.8.0",
  files: {
    "dist/jupyter.js": "186ae73149b280330d965b087933efa9eea51187f319f4163b44ae06327aef5f",
    "dist/executor.js": "0a9b6c73679be6169390df7cb2000121bcddaaa78872a92da1e83a34174e8c9e",
    "dist/main.js": "e3b60b922e8ebf203b8f8c666598247f710ffb1b5ad3c145c8b74c5a27e11476",
  },
};

function zeromqDir() {
  return dirname(require.resolve("zeromq/package.json", { paths: [join(tslabDir, "dist")] }));
}

/** Throws, saying what differs, unless tslab and zeromq are exactly the versions patched here. */
function verify() {
  const problems = [];
  const version = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
  const tslab = version(tslabDir);
  if (tslab !== EXPECTED.tslab) problems.push(`tslab is ${tslab}, the fixes are for ${EXPECTED.tslab}`);
  const zeromq = version(zeromqDir());
  if (zeromq !== EXPECTED.zeromq) problems.push(`zeromq is ${zeromq}, the fixes are for ${EXPECTED.zeromq}`);
  for (const [file, want] of Object.entries(EXPECTED.files)) {
    const got = createHash("sha256").update(readFileSync(join(tslabDir, file))).digest("hex");
    if (got !== want) problems.push(`node_modules/tslab/${file} differs from the file the fixes were written for`);
  }
  if (problems.length) {
    throw new Error(
      `the kernel fixes in scripts/kernel/ do not match the installed tslab/zeromq:\n  - ${problems.join("\n  - ")}\n` +
        "  Reinstall the pinned versions (`npm ci`), or port scripts/kernel/tslab-fixes.cjs to the new versions " +
        "(update EXPECTED there) and run the kernel soak test (`node scripts/test.mjs`).",
    );
  }
}

// The kernel's own stderr (JupyterLab's terminal). tslab points process.stderr.write at the running
// cell's output, so kernel diagnostics must bypass it.
function logToKernelStderr(message) {
  try {
    writeSync(2, `[mlem kernel] ${message}\n`);
  } catch {
    // stderr closed: nowhere left to report
  }
}

// tslab keeps its wire-message class (ZmqMessage: parse and verify, createReply, signAndSend)
// private. Obtain it once by letting tslab's own handleShellMessage parse a locally signed message on
// a stand-in server that stops at its first step, publishStatus("busy", message).
function tslabMessageClass(ZmqServer) {
  const delimiter = Buffer.from("<IDS|MSG>");
  const key = "";
  const parts = [JSON.stringify({ msg_id: "probe", msg_type: "kernel_info_request", session: "probe", username: "", version: "5.3", date: "" }), "{}", "{}", "{}"];
  const signature = createHmac("sha256", key);
  for (const p of parts) signature.update(p);
  const frames = [delimiter, Buffer.from(signature.digest("hex")), ...parts.map((p) => Buffer.from(p))];
  const stop = new Error("stop");
  let MessageClass = null;
  const standIn = {
    connInfo: { key },
    publishStatus(_status, message) {
      MessageClass = message.constructor;
      throw stop;
    },
  };
  ZmqServer.prototype.handleShellMessage.call(standIn, null, ...frames).catch((e) => {
    if (e !== stop) logToKernelStderr(`could not obtain tslab's message class: ${e?.message ?? e}`);
  });
  if (typeof MessageClass?.fromRaw !== "function" || typeof MessageClass.prototype.createReply !== "function") {
    throw new Error("tslab's handleShellMessage no longer parses a message before publishing its status; port scripts/kernel/tslab-fixes.cjs.");
  }
  return MessageClass;
}

function messageType(frames) {
  const delimiter = frames.findIndex((f) => Buffer.isBuffer(f) && f.toString() === "<IDS|MSG>");
  try {
    return JSON.parse(frames[delimiter + 2].toString()).msg_type;
  } catch {
    return undefined; // let tslab reject the malformed message itself
  }
}

// The shell and control messages tslab 1.0.22 answers itself (the cases of its handleShellMessage).
const TSLAB_HANDLES = new Set([
  "kernel_info_request",
  "execute_request",
  "is_complete_request",
  "inspect_request",
  "complete_request",
  "comm_info_request",
  "shutdown_request",
]);

function install() {
  verify();
  const zmq = require(zeromqDir());
  const jupyter = require(join(tslabDir, "dist/jupyter.js"));
  const executor = require(join(tslabDir, "dist/executor.js"));
  const { ZmqServer, JupyterHandlerImpl } = jupyter;

  // 1. One send at a time per socket, none while the socket is binding; on shutdown, close the
  // sockets once their queued messages (the shutdown_reply, the last idle status) are out.
  const sends = queueSends(zmq.Socket, (error, socket) => logToKernelStderr(`a message could not be sent on the ${socket?.constructor?.name ?? "?"} socket: ${error?.message ?? error}`));
  // tslab binds its five sockets concurrently and starts answering on the shell socket as soon as that
  // one is bound: the first status on iopub may come while iopub is still binding.
  const bindSocket = ZmqServer.prototype.bindSocket;
  ZmqServer.prototype.bindSocket = function (sock, port) {
    const bound = bindSocket.call(this, sock, port);
    sends.waitFor(sock, bound);
    return bound;
  };
  const close = ZmqServer.prototype.close;
  ZmqServer.prototype.close = function () {
    const sockets = [this.iopub, this.shell, this.control, this.stdin, this.hb];
    const timeout = new Promise((done) => setTimeout(done, 2000).unref());
    Promise.race([Promise.all(sockets.map((s) => sends.flushed(s))), timeout]).then(() => close.call(this));
  };

  // 2 and 3. Messages tslab does not answer (or labels wrongly).
  const Message = tslabMessageClass(ZmqServer);
  const history = new InputHistory();
  const handleShellMessage = ZmqServer.prototype.handleShellMessage;
  ZmqServer.prototype.handleShellMessage = async function (sock, ...frames) {
    const type = messageType(frames);
    if (type === undefined || TSLAB_HANDLES.has(type)) return handleShellMessage.call(this, sock, ...frames);
    const msg = Message.fromRaw(this.connInfo.key, frames);
    this.publishStatus("busy", msg);
    try {
      if (type === "history_request") {
        const reply = msg.createReply();
        reply.header.msg_type = "history_reply";
        reply.content = history.reply(msg.content);
        reply.signAndSend(this.connInfo.key, sock);
      } else {
        logToKernelStderr(`ignored a ${type} message (tslab has no handler for it)`);
      }
    } finally {
      this.publishStatus("idle", msg);
    }
  };
  ZmqServer.prototype.handleCommInfoRequest = function (sock, msg) {
    const reply = msg.createReply();
    reply.header.msg_type = "comm_info_reply";
    reply.content = { status: "ok", comms: {} }; // tslab supports no comms
    reply.signAndSend(this.connInfo.key, sock);
  };

  // 4. Errors thrown by cells, and the history of executed inputs.
  const cells = new CellSources();
  const kernelDirs = [tslabDir + sep, zeromqDir() + sep, __dirname + sep];
  const isInternal = (file) => file.startsWith("node:") || file === "<anonymous>" || kernelDirs.some((d) => file.startsWith(d));
  const handleExecuteImpl = JupyterHandlerImpl.prototype.handleExecuteImpl;
  let executionCount = null;
  JupyterHandlerImpl.prototype.handleExecuteImpl = function (req, ...rest) {
    executionCount = this.execCount + 1; // tslab increments execCount before it runs the cell
    if (req.store_history !== false) history.add(req.code);
    return handleExecuteImpl.call(this, req, ...rest);
  };
  const createExecutor = executor.createExecutor;
  executor.createExecutor = function (rootDir, convs, console) {
    const cellConsole = {
      ...console,
      error(...args) {
        if (args.length === 1 && args[0] instanceof Error) return console.error(formatCellError(args[0], cells, isInternal));
        return console.error(...args);
      },
    };
    const ex = createExecutor.call(this, rootDir, convs, cellConsole);
    const execute = ex.execute;
    ex.execute = (src) => {
      cells.begin(executionCount ?? "?", src);
      return execute(src);
    };
    return ex;
  };
  const runInThisContext = vm.runInThisContext;
  vm.runInThisContext = function (code, options, ...rest) {
    // Only the code tslab compiles from a cell: `(function(exports, require) { ... })(__tslab__...)`.
    if (typeof code === "string" && /^\((?:async )?function\(exports, require\) \{ /.test(code) && code.endsWith("})(__tslab__.exports, __tslab__.require)")) {
      const filename = cells.attachJs(code);
      if (filename) return runInThisContext.call(this, code, { ...(typeof options === "object" ? options : {}), filename });
    }
    return runInThisContext.call(this, code, options, ...rest);
  };
  // Library errors raised a few calls deep must still show the user's cell frame.
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 50);
}

module.exports = { EXPECTED, install, verify };
