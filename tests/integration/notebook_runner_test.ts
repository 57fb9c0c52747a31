// The runner keeps every output: Deno 2.9.6's kernel sometimes reports a cell idle just before that
// cell's last output arrives, and stock nbclient drops such outputs (a few per few hundred cells).

import { assert, assertEquals, assertStrictEquals } from "../_assert.ts";
import { executeNotebook } from "../../tools/notebook_runner.ts";
import { jupyterPython, skipJupyter } from "./_jupyter.ts";

type Cell =
  & { cell_type: string; id: string; metadata: object; source: string }
  & Record<
    string,
    unknown
  >;

function code(id: string, source: string): Cell {
  return { cell_type: "code", id, metadata: {}, source, outputs: [], execution_count: null };
}

function notebook(cells: Cell[]): string {
  return JSON.stringify({
    cells,
    metadata: {
      kernelspec: { name: "deno", display_name: "Deno", language: "typescript" },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

type Output = { output_type: string; text?: string | string[]; data?: Record<string, unknown> };

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
    const dir = await Deno.makeTempDir({ prefix: "nn_notes_stress_" });
    try {
      const cells = Array.from(
        { length: STRESS_CELLS },
        (_, i) => code(`c${i}`, KINDS[i % KINDS.length](i)),
      );
      await Deno.writeTextFile(`${dir}/00_stress.ipynb`, notebook(cells));
      const result = await executeNotebook(python, `${dir}/00_stress.ipynb`, {
        outDir: `${dir}/out`,
        html: false,
      });
      assertStrictEquals(result.status, "ok", JSON.stringify(result.error));
      assertStrictEquals(result.cells, STRESS_CELLS);
      const executed = JSON.parse(await Deno.readTextFile(result.ipynb));
      const missing: number[] = [];
      executed.cells.forEach((cell: { outputs: Output[] }, i: number) => {
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
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a failing cell stops the run and is reported with its number, error and source",
  ignore: skipJupyter,
  async fn() {
    const python = await jupyterPython();
    const dir = await Deno.makeTempDir({ prefix: "nn_notes_fail_" });
    try {
      await Deno.writeTextFile(
        `${dir}/00_fail.ipynb`,
        notebook([
          code("a", "const x = 2;"),
          { cell_type: "markdown", id: "m", metadata: {}, source: "Math: $x^2$" },
          code("b", "if (x * x !== 5) throw new RangeError(`x² is ${x * x}, not 5`);"),
          code("c", 'console.log("never runs");'),
        ]),
      );
      const result = await executeNotebook(python, `${dir}/00_fail.ipynb`, { outDir: dir });
      assertStrictEquals(result.status, "error");
      assertStrictEquals(result.error?.code_cell, 2);
      assertStrictEquals(result.error?.ename, "RangeError");
      assertStrictEquals(result.error?.evalue, "x² is 4, not 5");
      assert(result.error?.source?.includes("throw new RangeError"));
      // The executed copy and the HTML page are written even so, with the error in them.
      const executed = JSON.parse(await Deno.readTextFile(result.ipynb));
      assertStrictEquals(executed.cells[2].outputs[0].output_type, "error");
      assertEquals(executed.cells[3].outputs, []);
      const html = await Deno.readTextFile(result.html);
      assert(html.includes("RangeError"));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "the HTML page loads MathJax from a relative path and nothing from the network",
  ignore: skipJupyter,
  async fn() {
    const python = await jupyterPython();
    const dir = await Deno.makeTempDir({ prefix: "nn_notes_html_" });
    try {
      await Deno.writeTextFile(
        `${dir}/00_math.ipynb`,
        notebook([
          {
            cell_type: "markdown",
            id: "m",
            metadata: {},
            source: "$$\\frac{\\partial H}{\\partial x} = p - q$$",
          },
          code("a", "1 + 1"),
        ]),
      );
      const result = await executeNotebook(python, `${dir}/00_math.ipynb`, { outDir: dir });
      assertStrictEquals(result.status, "ok");
      const html = await Deno.readTextFile(result.html);
      const sources = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]*)"/g)].map((m) =>
        m[1]
      );
      assert(sources.includes("mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"), sources.join());
      const remote = sources.filter((s) => /^(https?:)?\/\//.test(s) || s.startsWith("file:"));
      assertEquals(remote, []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
