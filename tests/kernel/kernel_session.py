"""Drive one tslab kernel (from .venv) through a list of steps and print what came back, as JSON.

Used by tests/kernel/protocol.test.ts. stdin: a JSON list of steps, each either
  {"execute": "<code>"}                              an execute_request, or
  {"request": "<msg_type>", "content": {...}, "channel": "shell" | "control"}  any other request.
stdout: a JSON list, one entry per step: {"reply": <reply content>, "reply_type": ..., "iopub": [[msg_type,
content], ...]} with the iopub messages between the request's busy and idle statuses.
MLEM_KERNEL_FIXES=off in the environment starts tslab without the fixes of scripts/kernel/.
"""

import json
import os
import queue
import sys
import time
from pathlib import Path

from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    steps = json.load(sys.stdin)
    km = KernelManager(kernel_name="tslab")
    km.start_kernel(cwd=str(ROOT / "notebooks"), env=dict(os.environ))
    kc = km.client()
    kc.start_channels()
    results = []
    try:
        kc.wait_for_ready(timeout=60)
        for step in steps:
            if "execute" in step:
                msg_id = kc.execute(step["execute"], store_history=True, allow_stdin=False)
                channel = kc.shell_channel
            else:
                channel = kc.control_channel if step.get("channel") == "control" else kc.shell_channel
                msg = kc.session.msg(step["request"], step.get("content", {}))
                channel.send(msg)
                msg_id = msg["header"]["msg_id"]
            entry = {"reply": None, "reply_type": None, "iopub": []}
            idle = False
            deadline = time.monotonic() + 60
            while not (idle and entry["reply_type"]) and time.monotonic() < deadline:
                try:
                    m = kc.get_iopub_msg(timeout=0.05)
                    if m["parent_header"].get("msg_id") == msg_id:
                        if m["msg_type"] == "status":
                            idle = idle or m["content"]["execution_state"] == "idle"
                        else:
                            entry["iopub"].append([m["msg_type"], m["content"]])
                except queue.Empty:
                    pass
                try:
                    m = channel.get_msg(timeout=0.01)
                    if m["parent_header"].get("msg_id") == msg_id:
                        entry["reply"], entry["reply_type"] = m["content"], m["msg_type"]
                except queue.Empty:
                    pass
            entry["idle"] = idle
            results.append(entry)
            time.sleep(0.3)  # past tslab's 200 ms abort window after an error
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    json.dump(results, sys.stdout, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
