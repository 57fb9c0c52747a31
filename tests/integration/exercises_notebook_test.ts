// The exercises through Jupyter and Deno's kernel, the committed stubs, every planted mistake and
// every model solution in ONE kernel start per notebook (tools/exercise_variants.ts's drill):
// each committed stub must say "not implemented yet", each mistake must fail as an ExerciseError
// naming it (the cell red, the run going on), each solution must pass, and no other cell may fail.
//
// A notebook whose exercise cells are in (found by their tags) is drilled itself, its setup and
// exercise cells only: its own cells already run in full in notebooks_test.ts. Until then, the
// exercises the manifest gives it are drilled in a notebook of their own, so the checks are
// proven in the kernel either way. A notebook with only some of its exercises fails.

import { assert, assertEquals } from "../_assert.ts";
import { executeNotebook, NOTEBOOKS_DIR } from "../../tools/notebook_runner.ts";
import type { Manifest } from "../../tools/exercise_manifest.ts";
import {
  drill,
  locate,
  type Notebook,
  verifyExecuted,
  withExercises,
} from "../../tools/exercise_variants.ts";
import { jupyterPython, skipJupyter } from "./_jupyter.ts";
import manifestJson from "../../exercises/manifest.json" with { type: "json" };

const manifest = manifestJson as Manifest;

function empty(title: string): Notebook {
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

/** The notebook to drill: the real one once it has its exercise cells, else one built for them. */
async function exerciseNotebook(name: string, expected: string[]): Promise<Notebook> {
  const real = JSON.parse(await Deno.readTextFile(`${NOTEBOOKS_DIR}/${name}`)) as Notebook;
  const found = [...locate(real, manifest).exercises.keys()];
  if (found.length === 0) return withExercises(empty(name), manifest, name);
  assertEquals(found, expected, `${name} has exercise cells, but not the manifest's, in order`);
  return real;
}

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
          const nb = await exerciseNotebook(book.notebook, book.exercises);
          const { notebook: drilled, expectations } = drill(nb, manifest, { whole: false });
          const path = `${dir}/${book.notebook}`;
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
          assertEquals(expectations.length, 2 * book.exercises.length + mistakes);
          assert(mistakes >= book.exercises.length);
        });
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
