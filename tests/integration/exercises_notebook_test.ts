// The exercises through Jupyter and Deno's kernel, all three modes in one kernel start per
// notebook: a small notebook gets each notebook's exercise cells from the manifest
// (withExercises), then drill() appends every planted mistake and the model solution after each
// check. The run must show "not implemented yet" for each committed stub, the named diagnosis
// for each mistake (as an ExerciseError, the cell red but the run going on), a pass for each
// solution, and no other error. This is the plan for the real notebooks once their exercise
// cells are in: drill(notebook) instead of the notebook itself, verified by verifyExecuted.

import { assert, assertEquals } from "../_assert.ts";
import { executeNotebook, NOTEBOOKS_DIR } from "../../tools/notebook_runner.ts";
import type { Manifest } from "../../tools/exercise_manifest.ts";
import {
  drill,
  type Notebook,
  verifyExecuted,
  withExercises,
} from "../../tools/exercise_variants.ts";
import { jupyterPython, skipJupyter } from "./_jupyter.ts";
import manifestJson from "../../exercises/manifest.json" with { type: "json" };

const manifest = manifestJson as Manifest;

function host(title: string): Notebook {
  return {
    cells: [{ cell_type: "markdown", id: "title", metadata: {}, source: [`# ${title}\n`] }],
    metadata: {
      kernelspec: { name: "deno", display_name: "Deno", language: "typescript" },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

Deno.test({
  name:
    "in Deno's kernel every stub says not implemented, every mistake is named, every solution passes",
  ignore: skipJupyter,
  async fn(t) {
    const python = await jupyterPython();
    const dir = await Deno.makeTempDir({ prefix: "nn_notes_exercises_" });
    try {
      for (const { notebook } of manifest.notebooks) {
        await t.step(notebook, async () => {
          const nb = withExercises(host(notebook), manifest, notebook);
          const { notebook: drilled, expectations } = drill(nb, manifest);
          const path = `${dir}/${notebook}`;
          await Deno.writeTextFile(path, JSON.stringify(drilled));
          // The kernel runs in notebooks/, where deno.json maps @nn-notes/core.
          const result = await executeNotebook(python, path, {
            outDir: `${dir}/out`,
            html: false,
            cwd: NOTEBOOKS_DIR,
          });
          assertEquals(result.status, "ok", result.error?.traceback ?? result.stderr);
          const executed = JSON.parse(await Deno.readTextFile(result.ipynb)) as Notebook;
          assertEquals(verifyExecuted(executed, expectations), []);
          const mistakes = expectations.filter((x) => x.outcome === "failed").length;
          const book = manifest.notebooks.find((n) => n.notebook === notebook)!;
          assertEquals(expectations.length, 2 * book.exercises.length + mistakes);
          assert(mistakes >= book.exercises.length);
          console.log(
            `${notebook}: ${book.exercises.length} exercises, ${mistakes} mistakes, one kernel, ` +
              `${result.seconds.toFixed(1)} s`,
          );
        });
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
