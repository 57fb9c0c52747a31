// The runner keeps every output: Deno 2.9.6's kernel sometimes reports a cell idle just before that
// cell's last output arrives, and stock nbclient drops such outputs (a few per few hundred cells).
// And nothing fails silently: a hung cell, a cell that does not parse and a dead kernel are each
// named with their cell, shown in the executed notebook and its page, and fail the run.

import { assert, assertEquals, assertStrictEquals } from "../_assert.ts";
import { describeFailure, parseArgs } from "../../tools/notebooks.ts";
import { jupyterPython, skipJupyter } from "./_jupyter.ts";
import { codeCell, markdownCell, type Output, runNotebook } from "./_notebook.ts";

function outputText(outputs: Output[]): string {
  return outputs.map((o) => {
    if (o.output_type === "stream") return Array.isArray(o.text) ? o.text.join("") : o.text;
    const plain = o.data?.["text/plain"];
    return Array.isArray(plain) ? plain.join("") : String(plain ?? "");
  }).join("\n");
}

// Four kinds of output, the three the race can drop and two outputs in one cell.
const KINDS = [
  (i: number) => `console.log("value-${i}");`,
  (i: number) => `Deno.jupyter.display({ "text/plain": "value-${i}" }, { raw: true });`,
  (i: number) => `"value-${i}"`,
  (i: number) => `console.log("first-${i}");\n"value-${i}"`,
];
const STRESS_CELLS = 160;

Deno.test({
  name: "the runner keeps every output of a 160-cell notebook (the late-output race)",
  ignore: skipJupyter,
  async fn() {
    const python = await jupyterPython();
    const sources = Array.from({ length: STRESS_CELLS }, (_, i) => KINDS[i % KINDS.length](i));
    const { result, cells } = await runNotebook(python, sources, { html: false });
    assertStrictEquals(result.status, "ok", JSON.stringify(result.error));
    assertStrictEquals(result.cells, STRESS_CELLS);
    const missing: number[] = [];
    cells.forEach((cell, i) => {
      const text = outputText(cell.outputs);
      const wanted = i % KINDS.length === 3 ? [`first-${i}`, `value-${i}`] : [`value-${i}`];
      // Each value exactly once: not lost, and not delivered to a neighbour twice.
      const ok = wanted.every((w) => text.split(w).length === 2) &&
        !new RegExp(`(value|first)-(?!${i}\\b)\\d+`).test(text);
      if (!ok) missing.push(i);
    });
    assertEquals(missing, [], `cells with a missing or misplaced output: ${missing.join(", ")}`);
    console.log(
      `${STRESS_CELLS} cells in ${
        result.seconds.toFixed(1)
      } s, ${result.lateOutputs} outputs arrived after idle and were kept`,
    );
  },
});

Deno.test({
  name: "a failing cell stops the run and is reported with its number, error and source",
  ignore: skipJupyter,
  async fn() {
    const python = await jupyterPython();
    const { result, cells, html } = await runNotebook(python, [
      "const x = 2;",
      markdownCell("m", "Math: $x^2$"),
      "if (x * x !== 5) throw new RangeError(`x² is ${x * x}, not 5`);",
      'console.log("never runs");',
    ]);
    assertStrictEquals(result.status, "error");
    assertStrictEquals(result.error?.code_cell, 2);
    assertStrictEquals(result.error?.ename, "RangeError");
    assertStrictEquals(result.error?.evalue, "x² is 4, not 5");
    assert(result.error?.source?.includes("throw new RangeError"));
    // The executed copy and the HTML page are written even so, with the error in them.
    assertStrictEquals(cells[2].outputs[0].output_type, "error");
    assertEquals(cells[3].outputs, []);
    assert(html.includes("RangeError"));
  },
});

Deno.test({
  name: "the HTML page loads MathJax from a relative path and nothing from the network",
  ignore: skipJupyter,
  async fn() {
    const python = await jupyterPython();
    const { result, html } = await runNotebook(python, [
      markdownCell("m", "$$\\frac{\\partial H}{\\partial x} = p - q$$"),
      "1 + 1",
    ]);
    assertStrictEquals(result.status, "ok");
    const sources = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]*)"/g)].map((m) =>
      m[1]
    );
    assert(sources.includes("mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"), sources.join());
    const remote = sources.filter((s) => /^(https?:)?\/\//.test(s) || s.startsWith("file:"));
    assertEquals(remote, []);
  },
});

function errorOutput(outputs: Output[]): Output | undefined {
  return outputs.find((o) => o.output_type === "error");
}

Deno.test({
  name: "a cell that never ends is stopped after --timeout and named with its first lines",
  ignore: skipJupyter,
  async fn() {
    const python = await jupyterPython();
    const started = performance.now();
    const { result, cells, html } = await runNotebook(python, [
      'console.log("first cell ran");',
      'console.log("looping");\nlet spins = 0;\nwhile (true) spins++;',
      'console.log("never runs");',
    ], { timeout: 3 });
    const seconds = (performance.now() - started) / 1000;
    assert(seconds < 30, `the run took ${seconds.toFixed(1)} s with a 3 s timeout`);
    assertStrictEquals(result.status, "error");
    assertStrictEquals(result.error?.kind, "timeout");
    assertStrictEquals(result.error?.code_cell, 2);
    assert(result.error?.evalue.includes("3 s"), result.error?.evalue);
    const report = describeFailure(result);
    assert(report.includes("00_case.ipynb: code cell 2 timed out"), report);
    assert(report.includes("while (true) spins++;"), report);
    assert(report.includes("--timeout"), report);
    // What the cell printed before it hung is kept, and the error shows in the cell.
    assert(outputText(cells[1].outputs).includes("looping"));
    assertStrictEquals(errorOutput(cells[1].outputs)?.ename, "CellTimeoutError");
    assertEquals(cells[2].outputs, []);
    assert(html.includes("CellTimeoutError") && html.includes("This run failed"));
  },
});

Deno.test({
  name: "a cell that does not parse is reported with its line and column, also on the page",
  ignore: skipJupyter,
  async fn() {
    const python = await jupyterPython();
    const { result, cells, html } = await runNotebook(python, [
      "const a = 1;",
      "const b = 2;\nconst c = (a + ;\nconsole.log(c);",
    ]);
    assertStrictEquals(result.status, "error");
    assertStrictEquals(result.error?.kind, "syntax");
    assertStrictEquals(result.error?.code_cell, 2);
    assertStrictEquals(result.error?.ename, "SyntaxError");
    assertStrictEquals(result.error?.evalue, "line 2, column 16: Expression expected");
    assert(describeFailure(result).includes("code cell 2 does not parse"));
    const shown = errorOutput(cells[1].outputs);
    assertStrictEquals(shown?.evalue, "line 2, column 16: Expression expected");
    assert(html.includes("line 2, column 16: Expression expected"));
    assert(html.includes("This run failed"));
  },
});

Deno.test({
  name: "a kernel that dies in a cell (Deno.exit) is named, keeps what it printed, fails the page",
  ignore: skipJupyter,
  async fn() {
    const python = await jupyterPython();
    const { result, cells, html } = await runNotebook(python, [
      'console.log("first cell ran");',
      'console.log("printed before the exit");\nDeno.exit(1);',
      'console.log("never runs");',
    ]);
    assertStrictEquals(result.status, "error");
    assertStrictEquals(result.error?.kind, "dead-kernel");
    assertStrictEquals(result.error?.code_cell, 2);
    assert(describeFailure(result).includes("code cell 2 killed the kernel"));
    assert(outputText(cells[0].outputs).includes("first cell ran"));
    assert(outputText(cells[1].outputs).includes("printed before the exit"));
    assertStrictEquals(errorOutput(cells[1].outputs)?.ename, "DeadKernelError");
    assertEquals(cells[2].outputs, []);
    assert(html.includes("printed before the exit") && html.includes("DeadKernelError"));
    assert(html.includes("This run failed"));
  },
});

Deno.test({
  name: "a cell tagged raises-exception shows its error and the run goes on, not failed",
  ignore: skipJupyter,
  async fn() {
    const python = await jupyterPython();
    const { result, cells, html } = await runNotebook(python, [
      codeCell("c0", 'throw new RangeError("planned");', { tags: ["raises-exception"] }),
      'console.log("ran after it");',
    ]);
    assertStrictEquals(result.status, "ok");
    assertStrictEquals(result.error, undefined);
    assertStrictEquals(errorOutput(cells[0].outputs)?.evalue, "planned");
    assert(outputText(cells[1].outputs).includes("ran after it"));
    assert(!html.includes("This run failed"));
  },
});

Deno.test("deno task notebooks takes --timeout SECONDS (120 by default) and one filter", () => {
  assertEquals(parseArgs([]), { timeout: 120, filter: undefined });
  assertEquals(parseArgs(["--timeout", "5", "03"]), { timeout: 5, filter: "03" });
  assertEquals(parseArgs(["02", "--timeout=7"]), { timeout: 7, filter: "02" });
  for (const bad of [["--timeout"], ["--timeout", "0"], ["--timeout", "2.5"], ["--timout", "3"]]) {
    const said = parseArgs(bad);
    assert(typeof said === "string", `${bad.join(" ")} was accepted`);
  }
});
