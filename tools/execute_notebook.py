#!/usr/bin/python3
"""Execute one notebook with the Deno kernel; write the executed .ipynb and a standalone HTML page.

Run with Debian's Python (/usr/bin/python3: nbclient 0.7.2, nbconvert 6.5.3, jupyter_client 7.4.9):

    /usr/bin/python3 tools/execute_notebook.py notebooks/01_backpropagation.ipynb \
        --out-ipynb build/01_backpropagation.ipynb --out-html build/01_backpropagation.html

The last line on stdout is a JSON summary:
{"cells": code cells run, "seconds": wall time, "status": "ok" | "error", "late_outputs": n, "error": {...}}.
Exit status: 0 when every cell ran, 1 when a cell raised, 2 when the notebook could not be run at all.

Why a subclass of NotebookClient: Deno 2.9.6's kernel sometimes publishes a cell's `status: idle` on
IOPub a millisecond or two BEFORE that cell's last output (stream, display_data or execute_result).
Stock nbclient stops reading at idle, and the late message is then read while the next cell runs and
thrown away because its parent msg_id no longer matches: the output vanishes silently (a few cells in
every few hundred). This client remembers every finished cell's request id, keeps routing messages
with that parent to that cell for the rest of the run, and, after the last cell, keeps listening
for `late_output_grace` seconds (0.5 s) after the final idle. Nothing is lost and no cell pays a wait.
"""

import argparse
import json
import os
import sys
import time
from queue import Empty

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionComplete, CellExecutionError
    from nbclient.util import ensure_async
    from nbconvert import HTMLExporter
    from traitlets import Float
except ImportError as error:  # pragma: no cover - reported to the Deno side
    print(
        json.dumps(
            {
                "status": "missing-jupyter",
                "message": f"{error}. Install Debian's Jupyter: sudo apt-get install -y "
                "jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel jupyter-notebook",
            }
        )
    )
    sys.exit(2)

# An empty script: the lab template's <script src=require.js> must not reach for a file or a CDN.
EMPTY_SCRIPT = "data:text/javascript,"


class LateOutputClient(NotebookClient):
    """NotebookClient that keeps outputs which arrive after their cell reported idle."""

    late_output_grace = Float(
        0.5, help="Seconds to keep listening on IOPub after the last cell reported idle."
    ).tag(config=True)

    def reset_execution_trackers(self):
        super().reset_execution_trackers()
        self._finished = {}  # parent msg_id -> (cell, cell_index), for cells already reported idle
        self._last_idle = None
        self.late_outputs = 0
        self.failure = None

    def _route(self, msg, parent_msg_id=None, cell=None, cell_index=None):
        """Process one IOPub message; return True when it completes the current cell."""
        msg_parent = msg["parent_header"].get("msg_id")
        if parent_msg_id is not None and msg_parent == parent_msg_id:
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                self._finished[parent_msg_id] = (cell, cell_index)
                self._last_idle = time.monotonic()
                return True
        elif msg_parent in self._finished:
            late_cell, late_index = self._finished[msg_parent]
            if msg["msg_type"] != "status":
                self.late_outputs += 1
            try:
                self.process_message(msg, late_cell, late_index)
            except CellExecutionComplete:
                pass
        return False

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        assert self.kc is not None
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if self._route(msg, parent_msg_id, cell, cell_index):
                return

    async def _drain_late_output(self):
        """Route whatever arrives until `late_output_grace` seconds after the last idle."""
        if self._last_idle is None or self.kc is None:
            return
        deadline = self._last_idle + self.late_output_grace
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=remaining))
            except Empty:
                return
            self._route(msg)

    def _last_code_index(self):
        last = None
        for index, cell in enumerate(self.nb.cells):
            if cell.cell_type == "code" and cell.source.strip():
                last = index
        return last

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        try:
            result = await super().async_execute_cell(
                cell, cell_index, execution_count=execution_count, store_history=store_history
            )
        except CellExecutionError:
            # The failing cell is the last one run: collect its late output before giving up.
            await self._drain_late_output()
            raise
        if cell_index == self._last_code_index():
            await self._drain_late_output()
        return result


def record_failure(client):
    """An on_cell_error hook that remembers which cell failed and how."""

    def hook(cell, cell_index, execute_reply):
        content = execute_reply["content"]
        code_number = sum(
            1
            for c in client.nb.cells[: cell_index + 1]
            if c.cell_type == "code" and c.source.strip()
        )
        client.failure = {
            "cell_index": cell_index,
            "code_cell": code_number,
            "source": cell.source,
            "ename": content.get("ename", ""),
            "evalue": content.get("evalue", ""),
            "traceback": "\n".join(content.get("traceback", []) or []),
        }

    return hook


def write_html(nb, path, mathjax_url):
    exporter = HTMLExporter(
        template_name="lab",
        mathjax_url=mathjax_url,
        require_js_url=EMPTY_SCRIPT,
        jquery_url=EMPTY_SCRIPT,
    )
    body, _ = exporter.from_notebook_node(nb)
    with open(path, "w", encoding="utf-8") as out:
        out.write(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebook")
    parser.add_argument("--out-ipynb", required=True)
    parser.add_argument("--out-html")
    parser.add_argument("--cwd", help="kernel working directory (default: the notebook's folder)")
    parser.add_argument("--kernel", default="deno")
    parser.add_argument("--timeout", type=int, default=600, help="seconds a single cell may take")
    parser.add_argument("--grace", type=float, default=0.5, help="seconds to wait for late output")
    parser.add_argument(
        "--mathjax-url",
        default="mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
        help="MathJax URL written into the HTML page (relative to it)",
    )
    args = parser.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    cwd = os.path.abspath(args.cwd or os.path.dirname(os.path.abspath(args.notebook)))
    client = LateOutputClient(
        nb,
        kernel_name=args.kernel,
        timeout=args.timeout,
        late_output_grace=args.grace,
        resources={"metadata": {"path": cwd}},
    )
    client.on_cell_error = record_failure(client)

    started = time.monotonic()
    status = "ok"
    message = None
    try:
        client.execute(cwd=cwd)
    except CellExecutionError:
        status = "error"
    except Exception as error:  # kernel died, timed out, could not start ...
        status = "error"
        message = f"{type(error).__name__}: {error}"
    seconds = time.monotonic() - started

    os.makedirs(os.path.dirname(os.path.abspath(args.out_ipynb)), exist_ok=True)
    nbformat.write(nb, args.out_ipynb)
    if args.out_html:
        write_html(nb, args.out_html, args.mathjax_url)

    summary = {
        "cells": client.code_cells_executed,
        "seconds": round(seconds, 2),
        "status": status,
        "late_outputs": getattr(client, "late_outputs", 0),
    }
    if client.failure is not None:
        summary["error"] = client.failure
    elif message is not None:
        summary["error"] = {"ename": "RunnerError", "evalue": message, "traceback": message}
    print(json.dumps(summary))
    return 0 if status == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
