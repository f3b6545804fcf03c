"""Execute notebooks through the real Jupyter protocol with the tslab kernel from .venv.

This is what `npm test` uses to check the course, and what `npm run export` uses to produce the
executed copies. It talks to the kernel with jupyter_client (the same messages JupyterLab sends) and
fails a notebook on any of:

* an execute_reply whose status is not "ok";
* any output on stderr (tslab reports type errors and exceptions as stderr streams, not `error`s);
* an `error` output;
* output that arrives after the last cell went idle, on stderr (an unhandled promise rejection);
* a cell that does not finish within --timeout seconds.

The failure names the notebook, the cell number and the first line of the cell.

Notebooks run --jobs at a time (default 2, one tslab kernel each, in worker processes): the course
is thirteen kernels whose start-up and TypeScript compilation dominate, and CI has two cores.

Usage: .venv/bin/python scripts/run_notebooks.py [--jobs N] [--timeout S] [--output-dir DIR] [--manifest F] NB...
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import queue
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parent.parent
PLOTLY_MIME = "application/vnd.plotly.v1+json"


class NotebookFailure(Exception):
    pass


def describe_cell(index: int, source: str) -> str:
    first = next((line for line in source.splitlines() if line.strip()), "").strip()
    if len(first) > 70:
        first = first[:67] + "..."
    return f"cell {index} (`{first}`)"


def output_from_msg(msg):
    try:
        return nbformat.v4.output_from_msg(msg)
    except ValueError:
        return None


def run_notebook(path: Path, timeout: float, drain: float, startup_timeout: float, nb=None, label: str | None = None):
    """Runs the notebook at `path` (or `nb`, an in-memory version of it, in path's directory).
    `label` names the run in failures (default: the path relative to the repository)."""
    nb = nbformat.read(path, as_version=4) if nb is None else nb
    label = label or str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    kernel_name = nb.metadata.get("kernelspec", {}).get("name", "tslab")
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel(cwd=str(path.parent))
    kc = km.client()
    kc.start_channels()
    plotly_outputs = 0
    timings = []
    cell_of_msg = {}  # msg_id → description, to name the cell a late message belongs to
    try:
        kc.wait_for_ready(timeout=startup_timeout)
        for index, cell in enumerate(nb.cells, start=1):
            if cell.cell_type != "code":
                continue
            where = f"{label}: {describe_cell(index, cell.source)}"
            cell.outputs = []
            started = time.monotonic()
            msg_id = kc.execute(cell.source, store_history=True, allow_stdin=False, stop_on_error=True)
            cell_of_msg[msg_id] = where
            deadline = started + timeout
            idle = False
            while not idle:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    km.interrupt_kernel()
                    raise NotebookFailure(f"{where}: timed out after {timeout:.0f} s")
                try:
                    msg = kc.get_iopub_msg(timeout=remaining)
                except queue.Empty:
                    continue
                if msg["parent_header"].get("msg_id") != msg_id:
                    check_stray(msg, cell_of_msg.get(msg["parent_header"].get("msg_id"), where), f"after its cell finished (while running {describe_cell(index, cell.source)})")
                    continue
                mtype = msg["msg_type"]
                content = msg["content"]
                if mtype == "status":
                    idle = content["execution_state"] == "idle"
                    continue
                if mtype == "execute_input":
                    cell.execution_count = content.get("execution_count")
                    continue
                if mtype == "clear_output":
                    cell.outputs = []
                    continue
                if mtype == "stream" and content.get("name") == "stderr":
                    raise NotebookFailure(f"{where}: wrote to stderr:\n{content.get('text', '').rstrip()}")
                if mtype == "error":
                    tb = "\n".join(content.get("traceback", [])) or f"{content.get('ename')}: {content.get('evalue')}"
                    raise NotebookFailure(f"{where}: raised an error:\n{tb}")
                out = output_from_msg(msg)
                if out is not None:
                    if mtype in ("display_data", "execute_result") and PLOTLY_MIME in content.get("data", {}):
                        plotly_outputs += 1
                    cell.outputs.append(out)
            reply = None
            while reply is None:
                try:
                    msg = kc.get_shell_msg(timeout=max(1.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise NotebookFailure(f"{where}: no execute_reply within {timeout:.0f} s")
                if msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg
            # tslab sends no execute_input, so the prompt number comes from the reply.
            if cell.get("execution_count") is None and reply["content"].get("execution_count") is not None:
                cell.execution_count = reply["content"]["execution_count"]
            status = reply["content"].get("status")
            if status != "ok":
                raise NotebookFailure(
                    f"{where}: execute_reply status '{status}': "
                    f"{reply['content'].get('ename', '')} {reply['content'].get('evalue', '')}".rstrip()
                )
            timings.append(time.monotonic() - started)
        # Drain iopub: an unawaited promise that rejects reports after its cell went idle.
        end = time.monotonic() + drain
        while time.monotonic() < end:
            try:
                msg = kc.get_iopub_msg(timeout=max(0.05, end - time.monotonic()))
            except queue.Empty:
                break
            owner = cell_of_msg.get(msg["parent_header"].get("msg_id"), f"{path.name}: after the last cell")
            check_stray(msg, owner, "after its cell finished")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return nb, plotly_outputs, timings


def check_stray(msg, where, when):
    mtype = msg["msg_type"]
    content = msg["content"]
    if mtype == "stream" and content.get("name") == "stderr":
        raise NotebookFailure(f"{where}: stderr output arrived {when} (an unhandled rejection?):\n{content.get('text', '').rstrip()}")
    if mtype == "error":
        raise NotebookFailure(f"{where}: an error arrived {when}: {content.get('ename')}: {content.get('evalue')}")


def run_one(path_str: str, timeout: float, drain: float, startup_timeout: float):
    """One notebook, for the pool: (ok, message, plots, cell timings, seconds, executed notebook as JSON or None)."""
    path = Path(path_str)
    started = time.monotonic()
    try:
        nb, plots, timings = run_notebook(path, timeout, drain, startup_timeout)
    except NotebookFailure as exc:
        return False, str(exc), 0, [], time.monotonic() - started, None
    except Exception as exc:  # kernel died, could not start, ...
        return False, f"{path.name}: {type(exc).__name__}: {exc}", 0, [], time.monotonic() - started, None
    text = nbformat.writes(nb)
    return True, "", plots, timings, time.monotonic() - started, text if text.endswith("\n") else text + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--jobs", type=int, default=2, help="notebooks in parallel, one kernel each (default 2)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per cell (default 120)")
    parser.add_argument("--drain", type=float, default=2.0, help="seconds to wait for late output after the last cell")
    parser.add_argument("--startup-timeout", type=float, default=60.0)
    parser.add_argument("--output-dir", type=Path, help="write executed copies (with outputs) here")
    parser.add_argument("--manifest", type=Path, help="write {notebook: {plotlyOutputs, seconds}} as JSON here")
    args = parser.parse_args()
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not paths:
        print("run_notebooks: no notebooks found", file=sys.stderr)
        return 1
    manifest = {}
    failures = []
    jobs = max(1, min(args.jobs, len(paths)))
    started_all = time.monotonic()

    def record(path: Path, result) -> None:
        ok, message, plots, timings, seconds, nb_json = result
        if not ok:
            failures.append(message)
            print(f"[notebooks] FAIL {message}", flush=True)
            return
        manifest[path.name] = {"plotlyOutputs": plots, "seconds": round(seconds, 2), "cellSeconds": [round(t, 3) for t in timings]}
        print(f"[notebooks] ok   {path.name}: {len(timings)} code cells, {plots} Plotly figures, {seconds:.1f} s", flush=True)
        if args.output_dir:
            args.output_dir.mkdir(parents=True, exist_ok=True)
            (args.output_dir / path.name).write_text(nb_json)

    if jobs == 1:
        for path in paths:
            print(f"[notebooks] {path.name} ...", flush=True)
            record(path, run_one(str(path), args.timeout, args.drain, args.startup_timeout))
    else:
        print(f"[notebooks] {len(paths)} notebook(s), {jobs} at a time", flush=True)
        # spawn, not fork: each worker starts clean (no inherited ZeroMQ state).
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = {pool.submit(run_one, str(p), args.timeout, args.drain, args.startup_timeout): p for p in paths}
            for future in as_completed(futures):
                record(futures[future], future.result())
    wall = time.monotonic() - started_all
    if args.manifest:
        args.manifest.parent.mkdir(parents=True, exist_ok=True)
        ordered = {p.name: manifest[p.name] for p in paths if p.name in manifest}
        args.manifest.write_text(json.dumps(ordered, indent=2) + "\n")
    if failures:
        print(f"\n[notebooks] {len(failures)} of {len(paths)} notebook(s) failed:", file=sys.stderr)
        for f in failures:
            print(f"  - {f}", file=sys.stderr)
        return 1
    total = sum(m["seconds"] for m in manifest.values())
    print(f"[notebooks] all {len(paths)} notebook(s) ran cleanly in {wall:.1f} s wall time ({total:.1f} s of notebook runs, {jobs} at a time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
