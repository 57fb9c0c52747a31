// Every notebook runs top to bottom in a fresh Deno kernel; a cell that throws fails its step.

import { assert } from "../_assert.ts";
import { executeNotebook, listNotebooks, NOTEBOOKS_DIR } from "../../tools/notebook_runner.ts";
import { jupyterPython, skipJupyter } from "./_jupyter.ts";

const notebooks = skipJupyter ? [] : await listNotebooks(NOTEBOOKS_DIR);

Deno.test({
  name: "every notebook executes without a cell error",
  ignore: skipJupyter,
  async fn(t) {
    assert(notebooks.length > 0, `no notebooks NN_*.ipynb in ${NOTEBOOKS_DIR}`);
    const python = await jupyterPython();
    const outDir = await Deno.makeTempDir({ prefix: "nn_notes_notebooks_" });
    try {
      for (const name of notebooks) {
        await t.step(`${name} runs top to bottom`, async () => {
          const result = await executeNotebook(python, `${NOTEBOOKS_DIR}/${name}`, {
            outDir,
            html: false,
          });
          const error = result.error;
          assert(
            result.status === "ok",
            `${name}: code cell ${error?.code_cell ?? "?"} failed\n${error?.source ?? ""}\n` +
              `${error?.traceback ?? ""}\n${error?.source ? "" : result.stderr}`,
          );
          console.log(`${name}: ${result.cells} cells in ${result.seconds.toFixed(1)} s`);
        });
      }
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  },
});
