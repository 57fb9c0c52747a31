#!/usr/bin/python3
"""Execute one notebook with the Deno kernel; write the executed .ipynb and a standalone HTML page.

Run with Debian's Python (/usr/bin/python3: nbclient 0.7.2, nbconvert 6.5.3, jupyter_client 7.4.9):

    /usr/bin/python3 tools/execute_notebook.py notebooks/01_backpropagation.ipynb \
        --out-ipynb build/01_backpropagation.ipynb --out-html build/01_backpropagation.html

The last line on stdout is a JSON summary:
{"cells": code cells run, "seconds": wall time, "status": "ok" | "error", "late_outputs": n, "error": {...}}.
Exit status: 0 when every cell ran, 1 when a cell raised, 2 when the notebook could not be run at all.

Nothing fails silently. A cell that runs longer than --timeout seconds (120 by default), a kernel that
dies in a cell (Deno.exit(), a crash) and a cell that does not parse each stop the run with the failing
cell named in the summary (kind "timeout", "dead-kernel", "syntax" or "exception") and an error output
written into that cell, so the executed notebook and its HTML page show it; whatever the cell printed
before is kept (Deno.exit() first waits 0.25 s, set up by a silent prelude, because the kernel
forwards printed lines from another thread and an instant exit would drop the last ones). Deno's
kernel answers a syntax error with a bare "Execution failed": the cell is then parsed with
`deno fmt` (Deno's own TypeScript parser) to report the line and column.

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
import re
import subprocess
import sys
import tempfile
import time
from queue import Empty

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import (
        CellExecutionComplete,
        CellExecutionError,
        CellTimeoutError,
        DeadKernelError,
    )
    from nbclient.util import ensure_async
    from nbconvert import HTMLExporter
    from nbformat.v4 import new_output
    from traitlets import Float, Unicode
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

# Run silently before the first cell. Deno's kernel forwards what a cell prints from another
# thread, so a Deno.exit() in the same instant as a console.log() would drop that line with the
# kernel; under the runner, Deno.exit first waits a moment (synchronously: it still never returns).
EXIT_PRELUDE = """{
  const exit = Deno.exit;
  Deno.exit = function (code) {
    const until = Date.now() + 250;
    while (Date.now() < until) { /* let the kernel forward what was printed */ }
    return exit.call(Deno, code);
  };
}"""

# An empty script: the lab template's <script src=require.js> must not reach for a file or a CDN.
EMPTY_SCRIPT = "data:text/javascript,"


class LateOutputClient(NotebookClient):
    """NotebookClient that keeps outputs which arrive after their cell reported idle."""

    late_output_grace = Float(
        0.5, help="Seconds to keep listening on IOPub after the last cell reported idle."
    ).tag(config=True)

    deno = Unicode(
        "deno", help="The deno binary that parses a cell the kernel failed to run."
    ).tag(config=True)

    def reset_execution_trackers(self):
        super().reset_execution_trackers()
        self._finished = {}  # parent msg_id -> (cell, cell_index), for cells already reported idle
        self._last_idle = None
        self._running = None  # (parent msg_id, cell, cell_index) of the cell being run
        self._prelude_done = False
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
        self._running = (parent_msg_id, cell, cell_index)
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if self._route(msg, parent_msg_id, cell, cell_index):
                return

    async def _drain_late_output(self, deadline=None):
        """Route whatever arrives until `late_output_grace` seconds after the last idle."""
        if deadline is None:
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

    async def _keep_printed_output(self, seconds):
        """Route what the stopped cell printed before it hung or its kernel died (it is on IOPub)."""
        if self._running is None or self.kc is None:
            return
        parent, cell, index = self._running
        self._finished[parent] = (cell, index)
        await self._drain_late_output(time.monotonic() + seconds)

    def fail(self, cell, cell_index, kind, ename, evalue, traceback, add_output=True, record=True):
        """Remember the run's failure and, unless the kernel wrote one, show it in the cell.

        A cell allowed to fail (tagged raises-exception) still shows its error, but is not the
        run's failure: the run goes on.
        """
        if add_output:
            cell.outputs.append(
                new_output("error", ename=ename, evalue=evalue, traceback=traceback)
            )
        if not record:
            return
        self.failure = {
            "kind": kind,
            "cell_index": cell_index,
            "code_cell": code_cell_number(self.nb, cell_index),
            "source": cell.source,
            "ename": ename,
            "evalue": evalue,
            "traceback": "\n".join(traceback),
        }

    async def _run_prelude(self):
        """Runs EXIT_PRELUDE silently (no output, no execution count) and waits for its reply."""
        self._prelude_done = True
        msg_id = self.kc.execute(EXIT_PRELUDE, silent=True, store_history=False)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                reply = await ensure_async(self.kc.shell_channel.get_msg(timeout=1))
            except Empty:
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                return

    def fail_plainly(self, cell, cell_index, kind, ename, evalue):
        """A failure with no traceback of its own: its one line is the error itself."""
        self.fail(cell, cell_index, kind, ename, evalue, [f"{ename}: {evalue}"])

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if not self._prelude_done and cell.cell_type == "code":
            await self._run_prelude()
        try:
            result = await super().async_execute_cell(
                cell, cell_index, execution_count=execution_count, store_history=store_history
            )
        except CellExecutionError:
            # The failing cell is the last one run: collect its late output before giving up.
            await self._drain_late_output()
            raise
        except CellTimeoutError:
            await self._keep_printed_output(0.5)
            self.fail_plainly(
                cell,
                cell_index,
                "timeout",
                "CellTimeoutError",
                f"this cell was still running after {self.timeout} s, and was stopped "
                "(a loop that never ends, or a promise never settled?). Raise the limit with "
                "--timeout SECONDS.",
            )
            raise
        except DeadKernelError:
            await self._keep_printed_output(1.0)
            self.fail_plainly(
                cell,
                cell_index,
                "dead-kernel",
                "DeadKernelError",
                "the Deno kernel died while running this cell (Deno.exit() or a crash); what it "
                "printed before is kept above, and no later cell ran.",
            )
            raise
        if cell_index == self._last_code_index():
            await self._drain_late_output()
        return result


def code_cell_number(nb, cell_index):
    """The 1-based number of a code cell among the notebook's non-empty code cells."""
    return sum(
        1 for c in nb.cells[: cell_index + 1] if c.cell_type == "code" and c.source.strip()
    )


def syntax_error(deno, source):
    """Parses a cell as TypeScript with `deno fmt`; returns (line, column, message, excerpt) or None."""
    with tempfile.TemporaryDirectory(prefix="nn_notes_parse_") as folder:
        try:
            parsed = subprocess.run(
                [deno, "fmt", "--no-config", "--ext=ts", "-"],
                input=source,
                capture_output=True,
                text=True,
                cwd=folder,
                timeout=60,
                env={**os.environ, "NO_COLOR": "1", "RUST_BACKTRACE": "0"},
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
    if parsed.returncode == 0:
        return None
    text = parsed.stderr.split("Stack backtrace:")[0]
    message = re.search(r"error: SyntaxError: (.+)", text)
    where = re.search(r"at file://\S+:(\d+):(\d+)\s*$", text, re.MULTILINE)
    if not message or not where:
        return None
    excerpt = [line for line in text.splitlines() if line.lstrip().startswith(("|", "~")) or
               re.match(r"\s*\d+ \|", line)]
    return int(where.group(1)), int(where.group(2)), message.group(1).strip(), excerpt


def record_failure(client):
    """An on_cell_error hook that remembers which cell failed and how.

    Deno's kernel reports a cell that does not parse as a bare "Execution failed" with no output:
    the cell is then parsed here, and the error it shows names the line and column.
    """

    def hook(cell, cell_index, execute_reply):
        allowed = client.allow_errors or "raises-exception" in cell.metadata.get("tags", [])
        content = execute_reply["content"]
        ename = content.get("ename", "")
        evalue = content.get("evalue", "")
        traceback = content.get("traceback", []) or []
        if not traceback and evalue == "Execution failed":
            found = syntax_error(client.deno, cell.source)
            if found is not None:
                line, column, message, excerpt = found
                evalue = f"line {line}, column {column}: {message}"
                client.fail(
                    cell, cell_index, "syntax", "SyntaxError", evalue,
                    [f"SyntaxError: {evalue}", *excerpt], record=not allowed,
                )
                return
        # The kernel shows an exception in the cell itself; only a bare failure needs our words.
        client.fail(
            cell, cell_index, "exception", ename, evalue, traceback,
            add_output=not traceback and not any(o.get("output_type") == "error" for o in cell.outputs),
            record=not allowed,
        )

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
    parser.add_argument("--timeout", type=int, default=120, help="seconds a single cell may take")
    parser.add_argument("--deno", default="deno", help="the deno binary that parses a failed cell")
    parser.add_argument(
        "--run-info",
        default="{}",
        help="JSON kept with the run's status under the executed notebook's metadata.nn_notes_run",
    )
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
        deno=args.deno,
        resources={"metadata": {"path": cwd}},
    )
    client.on_cell_error = record_failure(client)

    started = time.monotonic()
    status = "ok"
    message = None
    try:
        client.execute(cwd=cwd)
    except (CellExecutionError, CellTimeoutError, DeadKernelError):
        status = "error"
    except Exception as error:  # kernel died, timed out, could not start ...
        status = "error"
        message = f"{type(error).__name__}: {error}"
    seconds = time.monotonic() - started

    summary = {
        "cells": client.code_cells_executed,
        "seconds": round(seconds, 2),
        "status": status,
        "late_outputs": client.late_outputs,
    }
    if client.failure is not None:
        summary["error"] = client.failure
    elif message is not None:
        summary["error"] = {
            "kind": "runner", "ename": "RunnerError", "evalue": message, "traceback": message
        }
    # What index.html reads back: how this copy was made and whether it failed.
    nb.metadata["nn_notes_run"] = {
        **json.loads(args.run_info),
        "status": status,
        "cells": summary["cells"],
        "seconds": summary["seconds"],
        "executed": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if "error" in summary:
        failure = summary["error"]
        nb.metadata["nn_notes_run"]["error"] = {
            key: failure.get(key) for key in ("kind", "code_cell", "ename", "evalue")
        }

    os.makedirs(os.path.dirname(os.path.abspath(args.out_ipynb)), exist_ok=True)
    nbformat.write(nb, args.out_ipynb)
    if args.out_html:
        write_html(nb, args.out_html, args.mathjax_url)
    print(json.dumps(summary))
    return 0 if status == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
