"""The perturbation stage of `npm test`: every notebook with a knobs cell runs again once per
alternate setting of its knobs, through the same runner and under the same failure rules as the
main run (scripts/run_notebooks.py: no error, no stderr, no late rejection, every self-check, i.e.
every `assertAnswer` and every `throw` in a cell, passing).

The knobs format and the alternates are described in scripts/knobs.py; a malformed knobs cell fails
the stage before anything runs. A failure names the notebook, the alternate (with its values) and
the cell. Runs go to a pool of --jobs worker processes (default 2: each run is one tslab kernel,
which keeps one core busy while the other waits on the kernel's I/O), longest first when the main
run's manifest (test-results/notebooks.json) gives the times; every run's time is printed.

Usage: .venv/bin/python scripts/run_perturbations.py [--jobs N] [--timeout S] [--manifest F] [NB...]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import knobs as knobs_mod  # noqa: E402
from run_notebooks import ROOT, NotebookFailure, run_notebook  # noqa: E402


def _display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def run_one(path: str, index: int, timeout: float, drain: float, startup_timeout: float, output_dir: str | None = None):
    """Worker: run alternate `index` (1-based) of the notebook; (ok, message, seconds, cell times)."""
    p = Path(path)
    nb = nbformat.read(p, as_version=4)
    cell = knobs_mod.read_knobs(nb, _display(p))
    alternate = cell.alternates[index - 1]
    label = f"{_display(p)} [{knobs_mod.describe_alternate(alternate, index)}]"
    started = time.monotonic()
    try:
        executed, _, timings = run_notebook(p, timeout, drain, startup_timeout, nb=knobs_mod.apply_alternate(nb, cell, alternate), label=label)
    except NotebookFailure as exc:
        return False, str(exc), time.monotonic() - started, []
    except Exception as exc:  # kernel died, could not start, ...
        return False, f"{label}: {type(exc).__name__}: {exc}", time.monotonic() - started, []
    # Report times by notebook cell number (as failures do), not by position among the code cells.
    code_cells = [i + 1 for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    timings = list(zip(code_cells, timings))
    if output_dir:
        out = Path(output_dir)
        out.mkdir(parents=True, exist_ok=True)
        nbformat.write(executed, out / f"{p.stem}.alt{index}.ipynb")
    return True, label, time.monotonic() - started, timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--jobs", type=int, default=2, help="runs in parallel (default 2)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per cell (default 120)")
    parser.add_argument("--drain", type=float, default=2.0, help="seconds to wait for late output after the last cell")
    parser.add_argument("--startup-timeout", type=float, default=60.0)
    parser.add_argument("--output-dir", type=Path, help="write the executed alternates here (NAME.altI.ipynb), to read their outputs")
    parser.add_argument("--manifest", type=Path, default=ROOT / "test-results/notebooks.json",
                        help="the main run's manifest, to start the longest runs first (optional)")
    args = parser.parse_args()
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))

    tasks = []  # (path, alternate index, description)
    problems = []
    for path in paths:
        try:
            cell = knobs_mod.read_knobs(nbformat.read(path, as_version=4), _display(path))
        except knobs_mod.KnobsError as exc:
            problems.append(str(exc))
            continue
        if cell is None:
            continue
        for j, alt in enumerate(cell.alternates, start=1):
            tasks.append((path, j, knobs_mod.describe_alternate(alt, j)))
    if problems:
        for p in problems:
            print(f"[perturb] FAIL {p}", file=sys.stderr)
        return 1
    with_knobs = len({t[0] for t in tasks})
    print(f"[perturb] {with_knobs} of {len(paths)} notebook(s) declare knobs: {len(tasks)} alternate run(s), {args.jobs} at a time", flush=True)
    if not tasks:
        return 0
    main_seconds = {}
    if args.manifest and args.manifest.exists():
        main_seconds = {name: entry.get("seconds", 0) for name, entry in json.loads(args.manifest.read_text()).items()}
    tasks.sort(key=lambda t: -main_seconds.get(t[0].name, 0))

    started = time.monotonic()
    failures = []
    total_run = 0.0
    # spawn, not fork: each worker starts clean (no inherited ZeroMQ state).
    with ProcessPoolExecutor(max_workers=max(1, args.jobs), mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(run_one, str(p), j, args.timeout, args.drain, args.startup_timeout, str(args.output_dir) if args.output_dir else None): (p, j, d) for p, j, d in tasks}
        for future in as_completed(futures):
            path, j, desc = futures[future]
            ok, message, seconds, timings = future.result()
            total_run += seconds
            if ok:
                cell_no, secs = max(timings, key=lambda t: t[1]) if timings else (None, 0.0)
                slow = f"; slowest: cell {cell_no}, {secs:.1f} s" if cell_no is not None else ""
                print(f"[perturb] ok   {path.name} [{desc}]: {len(timings)} code cells, {seconds:.1f} s{slow}", flush=True)
            else:
                failures.append(message)
                print(f"[perturb] FAIL {message}", flush=True)
    wall = time.monotonic() - started
    print(f"[perturb] {len(tasks)} run(s) in {wall:.1f} s wall time ({total_run:.1f} s of runs, {args.jobs} at a time)", flush=True)
    if failures:
        print(f"\n[perturb] {len(failures)} of {len(tasks)} alternate run(s) failed:", file=sys.stderr)
        for f in failures:
            print(f"  - {f}", file=sys.stderr)
        return 1
    print(f"[perturb] all {len(tasks)} alternate run(s) passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
