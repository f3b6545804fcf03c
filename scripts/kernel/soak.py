"""Soak test of the tslab kernel: one kernel, thousands of executions, sent as JupyterLab's Run All sends them.

A learner re-runs a notebook again and again in one kernel. JupyterLab's Run All sends one
execute_request per cell at once, without waiting for replies (stop_on_error=True). This script plays
a 25-cell notebook that mixes the outputs a course produces -- plain values, console.log lines, Plotly
figures (mlem's showFigure, mime application/vnd.plotly.v1+json) and library errors -- in such bursts
until at least --executions cells have run, and fails unless, for every request:

* an execute_reply arrives, with status "ok" for a cell that should succeed, "error" for the cell
  that throws and "abort" for the cells after it in the same burst (tslab aborts the rest of a
  Run All after an error, as ipykernel does with stop_on_error);
* its busy and idle status messages arrive on iopub, and between them exactly its expected outputs
  (the value it prints, its log lines, its figure with its own title, its error message);

and unless the kernel's memory stays bounded. Two bounds, on figures sampled after every burst:

* the live JavaScript heap after a full garbage collection (the kernel runs with --expose-gc and a
  probe cell reads process.memoryUsage() every 10 bursts) may grow by at most --max-heap-growth-mb
  (8 MB) from the end of the warm-up (--warmup-bursts, 40 bursts: tslab's TypeScript caches fill up
  that long) to the end. This is the leak detector: over the ~4,100 executions after the warm-up, a
  leak of 2 kB per execution -- less than keeping each cell's messages -- exceeds it. Measured
  growth with the fixes: about 2 MB, flattening out.
* the kernel's resident set size (RSS, from /proc) may not exceed --max-rss-mb (1024 MB). RSS follows
  V8's lazy heap sizing rather than live data (it swings by 200 MB between bursts), so it is a ceiling
  for a learner's laptop, not a leak detector; measured: 500-650 MB.

Each burst gets a deadline (--burst-timeout); a request still missing something when it passes is
reported as a stall with what is missing (the failure tslab 1.0.22 + zeromq 6 had before
scripts/kernel/send-queue.cjs: after ~512 messages a status, output or reply went missing).

--unpatched starts the kernel without the fixes of scripts/kernel/ (MLEM_KERNEL_FIXES=off), to show
that this test catches the stall. --report writes the figures as JSON.

Usage: .venv/bin/python scripts/kernel/soak.py [--executions N] [--unpatched] [--report FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import zmq
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[2]
PLOTLY_MIME = "application/vnd.plotly.v1+json"
CELLS_PER_BURST = 25
# The learner's notebook comes in this many versions (their edits), re-run in turn. Bounded, as in a
# real session: Node keeps about 0.9 kB for every distinct script it has run with vm.runInThisContext,
# as long as the process lives (scripts/kernel/vm-retention.mjs), so endlessly new sources would grow
# the heap by Node's design rather than by a leak of the kernel.
VERSIONS = 8


@dataclass
class Cell:
    kind: str  # value | log | plot | error
    code: str
    expect: str  # the text or title the outputs must carry


@dataclass
class Pending:
    cell: Cell
    expect_status: str
    reply: dict | None = None
    busy: bool = False
    idle: bool = False
    stdout: str = ""
    stderr: str = ""
    figures: list = field(default_factory=list)
    other: list = field(default_factory=list)

    def missing(self) -> list[str]:
        out = []
        if self.reply is None:
            out.append("no execute_reply")
        if not self.busy:
            out.append("no busy status")
        if not self.idle:
            out.append("no idle status")
        return out


def make_cell(version: int, index: int, kind: str) -> Cell:
    """Cell `index` of `version` of the notebook. Names repeat (a re-run notebook redeclares the same
    variables); values and titles carry the version and the cell, so each output names its cell."""
    tag = f"v{version}c{index}"
    if kind == "value":
        value = version * 1000 + index
        return Cell(kind, f"const v{index} = {value};\nv{index}", f"{value}\n")
    if kind == "log":
        return Cell(kind, f'for (let j = 0; j < 3; j++) console.log("{tag} line", j);', "".join(f"{tag} line {j}\n" for j in range(3)))
    if kind == "plot":
        code = (
            f"showFigure({{ data: [{{ x: [1, 2, 3], y: [{version}, {index}, 1], type: \"scatter\" }}], "
            f"layout: {{ title: {{ text: \"{tag}\" }} }} }});"
        )
        return Cell(kind, code, tag)
    if kind == "error":
        # A library error from bad input, as a learner's experiment produces.
        return Cell(kind, f'fitGaussianMixture([[1], [2], [{version}]], {{ k: 0 }}); // {tag}', "fitGaussianMixture: k = 0")
    raise ValueError(kind)


def notebook(burst: int, rng: random.Random) -> list[Cell]:
    """The notebook a learner re-runs: VERSIONS variants of it (their edits) in turn."""
    kinds = ["value", "log", "plot"]
    version = burst % VERSIONS
    cells = [make_cell(version, i, kinds[i % 3]) for i in range(CELLS_PER_BURST)]
    # Every fourth Run All hits an error, at a random cell; the cells after it are aborted.
    if burst % 4 == 3:
        at = rng.randrange(5, CELLS_PER_BURST)
        cells[at] = make_cell(version, at, "error")
    return cells


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import subprocess

    out = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
    return int(out) / 1024 if out else float("nan")


class SoakFailure(Exception):
    pass


def describe(burst: int, index: int, p: Pending) -> str:
    return f"burst {burst}, cell {index + 1} ({p.cell.kind}: `{p.cell.code.splitlines()[0][:60]}`)"


def check_outputs(burst: int, index: int, p: Pending) -> None:
    where = describe(burst, index, p)
    status = p.reply["content"].get("status")
    if status != p.expect_status:
        raise SoakFailure(f"{where}: execute_reply status '{status}', expected '{p.expect_status}' (stderr: {p.stderr.strip()[:300]!r})")
    if p.other:
        raise SoakFailure(f"{where}: unexpected messages {p.other[:3]}")
    kind = p.cell.kind
    if p.expect_status == "abort":
        if p.stdout or p.stderr or p.figures:
            raise SoakFailure(f"{where}: an aborted cell produced output")
        return
    if kind in ("value", "log"):
        if p.stdout != p.cell.expect or p.stderr or p.figures:
            raise SoakFailure(f"{where}: stdout {p.stdout!r} (expected {p.cell.expect!r}), stderr {p.stderr!r}, {len(p.figures)} figures")
    elif kind == "plot":
        titles = [f.get("layout", {}).get("title", {}).get("text") for f in p.figures]
        if titles != [p.cell.expect] or p.stdout or p.stderr:
            raise SoakFailure(f"{where}: figures titled {titles} (expected ['{p.cell.expect}']), stdout {p.stdout!r}, stderr {p.stderr!r}")
    elif kind == "error":
        if p.cell.expect not in p.stderr or p.stdout or p.figures:
            raise SoakFailure(f"{where}: stderr {p.stderr!r} does not carry the error {p.cell.expect!r}")


def run_burst(kc, burst: int, cells: list[Cell], timeout: float) -> dict[str, int]:
    pending: dict[str, tuple[int, Pending]] = {}
    error_at = next((i for i, c in enumerate(cells) if c.kind == "error"), None)
    for i, cell in enumerate(cells):
        status = "ok" if error_at is None or i < error_at else ("error" if i == error_at else "abort")
        msg_id = kc.execute(cell.code, store_history=True, allow_stdin=False, stop_on_error=True)
        pending[msg_id] = (i, Pending(cell, status))
    deadline = time.monotonic() + timeout
    poller = zmq.Poller()
    poller.register(kc.shell_channel.socket, zmq.POLLIN)
    poller.register(kc.iopub_channel.socket, zmq.POLLIN)

    def done() -> bool:
        return all(p.reply is not None and p.idle for _, p in pending.values())

    while not done():
        if time.monotonic() > deadline:
            stalled = [f"{describe(burst, i, p)}: {', '.join(p.missing())}" for i, p in sorted(pending.values(), key=lambda t: t[0]) if p.missing()]
            raise SoakFailure(
                f"burst {burst}: the kernel stalled; {len(stalled)} of {len(cells)} requests still incomplete after {timeout:.0f} s:\n  "
                + "\n  ".join(stalled[:10])
            )
        ready = dict(poller.poll(100))
        for socket, channel in ((kc.shell_channel.socket, "shell"), (kc.iopub_channel.socket, "iopub")):
            if socket not in ready:
                continue
            msg = (kc.get_shell_msg if channel == "shell" else kc.get_iopub_msg)(timeout=1)
            entry = pending.get(msg["parent_header"].get("msg_id"))
            if entry is None:
                continue  # the status of an earlier request, already checked
            i, p = entry
            mtype, content = msg["msg_type"], msg["content"]
            if channel == "shell":
                p.reply = msg
            elif mtype == "status":
                if content["execution_state"] == "busy":
                    p.busy = True
                elif content["execution_state"] == "idle":
                    p.idle = True
            elif p.idle or not p.busy:
                raise SoakFailure(f"{describe(burst, i, p)}: a {mtype} message arrived outside its busy..idle window")
            elif mtype == "stream":
                if content["name"] == "stdout":
                    p.stdout += content["text"]
                else:
                    p.stderr += content["text"]
            elif mtype == "display_data" and PLOTLY_MIME in content.get("data", {}):
                p.figures.append(content["data"][PLOTLY_MIME])
            elif mtype == "execute_input":
                pass
            else:
                p.other.append(mtype)
    counts = {"ok": 0, "error": 0, "abort": 0, "value": 0, "log": 0, "plot": 0}
    for i, p in pending.values():
        check_outputs(burst, i, p)
        counts[p.expect_status] += 1
        if p.expect_status == "ok":
            counts[p.cell.kind] += 1
    return counts


def run_one(kc, code: str, timeout: float = 60.0) -> str:
    """Execute one cell outside the bursts and return what it printed."""
    msg_id = kc.execute(code, store_history=False)
    out, idle, reply = "", False, None
    deadline = time.monotonic() + timeout
    while not (idle and reply):
        if time.monotonic() > deadline:
            raise SoakFailure(f"`{code}` got no reply within {timeout:.0f} s")
        try:
            msg = kc.get_iopub_msg(timeout=0.05)
            if msg["parent_header"].get("msg_id") == msg_id:
                if msg["msg_type"] == "stream":
                    out += msg["content"]["text"]
                elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
        except queue.Empty:
            pass
        try:
            msg = kc.get_shell_msg(timeout=0.01)
            if msg["parent_header"].get("msg_id") == msg_id:
                reply = msg
        except queue.Empty:
            pass
    if reply["content"]["status"] != "ok":
        raise SoakFailure(f"`{code}` failed: {out}")
    return out


# The kernel's live JavaScript heap after a full garbage collection (the kernel runs with --expose-gc).
HEAP_PROBE = "(globalThis as any).gc(); (globalThis as any).gc(); Math.round(process.memoryUsage().heapUsed / 1048576 * 10) / 10"


def soak(args) -> dict:
    env = dict(os.environ)
    env["NODE_OPTIONS"] = (env.get("NODE_OPTIONS", "") + " --expose-gc").strip()
    if args.unpatched:
        env["MLEM_KERNEL_FIXES"] = "off"
    km = KernelManager(kernel_name="tslab")
    km.start_kernel(cwd=str(ROOT / "notebooks"), env=env)
    kc = km.client()
    kc.start_channels()
    rng = random.Random(args.seed)
    figures = {"bursts": 0, "executions": 0, "errors": 0, "aborted": 0, "plots": 0, "logs": 0, "values": 0}
    rss = []
    heap = []
    started = time.monotonic()
    try:
        kc.wait_for_ready(timeout=60)
        pid = km.provisioner.pid
        setup = kc.execute('import { fitGaussianMixture, showFigure } from "mlem";')
        reply = kc.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != setup:
            reply = kc.get_shell_msg(timeout=60)
        if reply["content"]["status"] != "ok":
            raise SoakFailure(f"importing mlem failed: {reply['content']}")
        burst = 0
        while figures["executions"] < args.executions:
            burst += 1
            cells = notebook(burst, rng)
            counts = run_burst(kc, burst, cells, args.burst_timeout)
            figures["bursts"] = burst
            figures["executions"] += counts["ok"] + counts["error"]
            figures["errors"] += counts["error"]
            figures["aborted"] += counts["abort"]
            for kind, key in (("plot", "plots"), ("log", "logs"), ("value", "values")):
                figures[key] += counts[kind]
            rss.append(rss_mb(pid))
            if counts["error"]:
                # tslab rejects new requests for 200 ms after an error (its Run All abort window);
                # a learner's next Run All comes later than that.
                time.sleep(0.3)
            if burst % 10 == 0:
                heap.append((burst, float(run_one(kc, HEAP_PROBE))))
            if burst % 20 == 0:
                print(
                    f"[soak] burst {burst}: {figures['executions']} executions, {time.monotonic() - started:.0f} s, "
                    f"kernel RSS {rss[-1]:.0f} MB, live heap {heap[-1][1]} MB",
                    flush=True,
                )
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    seconds = time.monotonic() - started
    after_warmup = [mb for b, mb in heap if b >= args.warmup_bursts]
    if not after_warmup:
        raise SoakFailure(f"too few bursts ({len(rss)}) to measure memory after a warm-up of {args.warmup_bursts}")
    heap_growth = max(after_warmup) - after_warmup[0]
    figures.update(
        seconds=round(seconds, 1),
        rss_mb={"after_first_burst": round(rss[0], 1), "end": round(rss[-1], 1), "max": round(max(rss), 1), "bound": args.max_rss_mb},
        heap_after_gc_mb={
            "after_warmup": after_warmup[0],
            "end": after_warmup[-1],
            "max_growth_after_warmup": round(heap_growth, 1),
            "bound": args.max_heap_growth_mb,
            "samples": heap,
        },
        warmup_bursts=args.warmup_bursts,
        rss_per_burst_mb=[round(x, 1) for x in rss],
    )
    if heap_growth > args.max_heap_growth_mb:
        raise SoakFailure(f"the kernel's live heap grew by {heap_growth:.1f} MB after the warm-up (bound {args.max_heap_growth_mb} MB): {heap}")
    if max(rss) > args.max_rss_mb:
        raise SoakFailure(f"the kernel's RSS reached {max(rss):.0f} MB (bound {args.max_rss_mb} MB)")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--executions", type=int, default=5000, help="cells that must run (not counting aborted ones)")
    parser.add_argument("--burst-timeout", type=float, default=60.0, help="seconds a burst of 25 may take before it counts as a stall")
    parser.add_argument("--warmup-bursts", type=int, default=40)
    parser.add_argument("--max-heap-growth-mb", type=float, default=8.0, help="live heap growth allowed after the warm-up")
    parser.add_argument("--max-rss-mb", type=float, default=1024.0)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--unpatched", action="store_true", help="run tslab without scripts/kernel/ fixes")
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    label = "unpatched tslab" if args.unpatched else "tslab with scripts/kernel fixes"
    try:
        figures = soak(args)
    except SoakFailure as exc:
        print(f"[soak] FAIL ({label}): {exc}", file=sys.stderr)
        return 1
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(figures, indent=2) + "\n")
    r, h = figures["rss_mb"], figures["heap_after_gc_mb"]
    print(
        f"[soak] ok ({label}): {figures['executions']} executions in {figures['bursts']} bursts of {CELLS_PER_BURST} "
        f"({figures['values']} values, {figures['logs']} console.log, {figures['plots']} Plotly figures, {figures['errors']} errors; "
        f"{figures['aborted']} aborted after an error) in {figures['seconds']} s; kernel RSS {r['after_first_burst']} MB after the "
        f"first burst, {r['end']} MB at the end, max {r['max']} MB (bound {r['bound']:.0f}); live heap {h['after_warmup']} MB after "
        f"the warm-up, {h['end']} MB at the end (growth {h['max_growth_after_warmup']} MB, bound {h['bound']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
