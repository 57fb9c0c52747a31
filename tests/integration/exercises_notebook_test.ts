// The exercises through Jupyter and Deno's kernel, modes 2 and 3 of issue 9 (mode 1, the
// notebook as committed, is notebooks_test.ts's full run): for each notebook, its setup cell and
// its exercise cells, each committed check followed by every planted mistake and then the model
// solution, all in ONE kernel start (tools/exercise_variants.ts's drill). Each committed stub must
// say "not implemented yet", each mistake must fail as an ExerciseError naming it (the cell red,
// the run going on), each solution must pass, and no other cell may fail. Only the exercise
// cells run here, so 05's MNIST training is not repeated. A problem names the notebook, the
// exercise and the mode.

import { assert, assertEquals } from "../_assert.ts";
import { executeNotebook, NOTEBOOKS_DIR } from "../../tools/notebook_runner.ts";
import type { Manifest } from "../../tools/exercise_manifest.ts";
import { drill, locate, type Notebook, verifyExecuted } from "../../tools/exercise_variants.ts";
import { jupyterPython, skipJupyter } from "./_jupyter.ts";
import manifestJson from "../../exercises/manifest.json" with { type: "json" };

const manifest = manifestJson as Manifest;

Deno.test({
  name:
    "in Deno's kernel every stub says not implemented, every mistake is named, every solution passes",
  ignore: skipJupyter,
  async fn(t) {
    const python = await jupyterPython();
    const dir = await Deno.makeTempDir({ prefix: "nn_notes_exercises_" });
    try {
      for (const book of manifest.notebooks) {
        await t.step(book.notebook, async () => {
          const nb = JSON.parse(
            await Deno.readTextFile(`${NOTEBOOKS_DIR}/${book.notebook}`),
          ) as Notebook;
          const found = [...locate(nb, manifest).exercises.keys()];
          assertEquals(found, book.exercises, `${book.notebook}: its exercise cells, in order`);
          const { notebook: drilled, expectations } = drill(nb, manifest, { whole: false });
          const path = `${dir}/${book.notebook}`;
          await Deno.writeTextFile(path, JSON.stringify(drilled));
          // The kernel runs in notebooks/, where deno.json maps @nn-notes/core.
          const result = await executeNotebook(python, path, {
            outDir: `${dir}/out`,
            html: false,
            cwd: NOTEBOOKS_DIR,
          });
          assertEquals(
            result.status,
            "ok",
            `${book.notebook}, drilled: ${result.error?.traceback ?? result.stderr}`,
          );
          const executed = JSON.parse(await Deno.readTextFile(result.ipynb)) as Notebook;
          const problems = verifyExecuted(executed, expectations);
          assertEquals(problems.map((p) => `${book.notebook}: ${p}`), []);
          const mistakes = expectations.filter((x) => x.outcome === "failed").length;
          assertEquals(expectations.length, 2 * book.exercises.length + mistakes);
          assert(mistakes >= book.exercises.length);
          const n = book.exercises.length;
          console.log(
            `${book.notebook}: ${n} ${n === 1 ? "stub" : "stubs"} not implemented, ${mistakes} ` +
              `mistakes named, ${n} ${n === 1 ? "solution" : "solutions"} passed, in one kernel, ` +
              `${result.seconds.toFixed(1)} s`,
          );
        });
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
