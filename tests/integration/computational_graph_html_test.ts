// A computational graph survives the trip from the kernel to the exported HTML page whole: nbconvert
// sanitizes a bare image/svg+xml output down to its text, so the graph must arrive as HTML with
// its shapes intact. Runs Jupyter; needs the permissions `deno task test` grants.

import { assert, assertStrictEquals } from "../_assert.ts";
import { ROOT } from "../../tools/notebook_runner.ts";
import { jupyterPython, skipJupyter } from "./_jupyter.ts";
import { codeCell, runNotebook } from "./_notebook.ts";

const SOURCE = `import { computationalGraph } from "@nn-notes/core/plot";
computationalGraph(
  [{ id: "x", value: 3 }, { id: "y", value: -1 }, { id: "s", label: "s = x + y", value: 2 }],
  [{ from: "x", to: "s", gradient: 1 }, { from: "y", to: "s", gradient: 1 }],
  { title: "graph-under-test" },
);`;

Deno.test({
  name: "a computational graph shows in the exported HTML with its boxes, wires and labels",
  ignore: skipJupyter,
  async fn() {
    const python = await jupyterPython();
    const { result, html } = await runNotebook(python, [codeCell("graph", SOURCE)], { cwd: ROOT });
    assertStrictEquals(result.status, "ok", JSON.stringify(result.error));
    const start = html.indexOf('<svg xmlns="http://www.w3.org/2000/svg"');
    assert(start >= 0, "the page has no SVG element of the graph");
    const svg = html.slice(start, html.indexOf("</svg>", start));
    assertStrictEquals(svg.match(/<rect /g)?.length, 3, "three node boxes");
    assertStrictEquals(svg.match(/<path /g)?.length, 2, "two wires");
    assert(svg.includes(">graph-under-test<") && svg.includes(">s = x + y<"));
  },
});
