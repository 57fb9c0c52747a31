// After a Jupyter session, the notebooks carry outputs, execution counts and run metadata; the
// tests do not mind, and `deno task strip` takes it all out again, back to the committed text.
// `deno task check` runs the same tool with --check, which refuses a notebook that is not clean.

import { assert, assertEquals, assertStrictEquals } from "../_assert.ts";
import { stripNotebook, uncleanNotebooks } from "../../tools/strip_notebooks.ts";
import { ROOT } from "../../tools/notebook_runner.ts";
import { permitted } from "./_permitted.ts";
import { type Run, runDeno } from "./_deno.ts";

const TOOL = `${ROOT}/tools/strip_notebooks.ts`;
const CLEAN = `${ROOT}/tests/fixtures/plots_three_figures.ipynb`;

/** The clean fixture as a Jupyter session saves it: outputs, counts, timings, view state. */
function sessionCopy(clean: string): string {
  const nb = JSON.parse(clean);
  let count = 0;
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    count += 1;
    cell.execution_count = count;
    cell.outputs = [
      { output_type: "stream", name: "stdout", text: [`run ${count}\n`] },
      {
        output_type: "execute_result",
        execution_count: count,
        data: { "text/plain": "1" },
        metadata: {},
      },
    ];
    cell.metadata.execution = { "iopub.status.busy": "2026-01-01T00:00:00Z" };
    cell.metadata.scrolled = true;
  }
  nb.metadata.nn_notes_run = { status: "ok" };
  return JSON.stringify(nb);
}

function strip(args: string[]): Promise<Run> {
  return runDeno(["run", "--allow-read", "--allow-write", TOOL, ...args]);
}

Deno.test({
  name: "stripping a saved notebook gives back the committed text, byte for byte",
  ignore: !permitted,
  async fn() {
    const clean = await Deno.readTextFile(CLEAN);
    const once = stripNotebook(sessionCopy(clean));
    assertStrictEquals(once.text, clean);
    assert(once.problems.includes("cell 2: 2 outputs"), once.problems.join("\n"));
    assert(once.problems.includes("cell 2: execution count 1"));
    assert(once.problems.includes("cell 2: run metadata execution, scrolled"));
    assert(once.problems.includes("notebook metadata: nn_notes_run"));
    // A clean notebook has nothing to take out, and stripping twice changes nothing.
    assertEquals(stripNotebook(clean), { problems: [], text: clean });
    assertEquals(stripNotebook(once.text).problems, []);
  },
});

Deno.test({
  name: "strip --check refuses a notebook with outputs and names it; deno task strip cleans it",
  ignore: !permitted,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "nn_notes_strip_" });
    try {
      const clean = await Deno.readTextFile(CLEAN);
      await Deno.writeTextFile(`${dir}/01_clean.ipynb`, clean);
      await Deno.writeTextFile(`${dir}/02_saved.ipynb`, sessionCopy(clean));
      // What deno task lab names when Jupyter stops.
      assertEquals(await uncleanNotebooks([dir]), [`${dir}/02_saved.ipynb`]);
      const refused = await strip(["--check", dir]);
      assertStrictEquals(refused.code, 1, refused.stderr);
      assert(refused.stderr.includes("02_saved.ipynb is not clean"), refused.stderr);
      assert(!refused.stderr.includes("01_clean.ipynb"), refused.stderr);
      assert(refused.stderr.includes("deno task strip"), refused.stderr);
      assertStrictEquals(await Deno.readTextFile(`${dir}/02_saved.ipynb`), sessionCopy(clean));

      const stripped = await strip([dir]);
      assertStrictEquals(stripped.code, 0, stripped.stderr);
      assertStrictEquals(await Deno.readTextFile(`${dir}/02_saved.ipynb`), clean);
      const passed = await strip(["--check", dir]);
      assertStrictEquals(passed.code, 0, passed.stderr);
      assertEquals(await uncleanNotebooks([dir]), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "deno task check, not the tests, insists the committed notebooks are clean",
  ignore: !permitted,
  async fn() {
    const config = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
    assert(config.tasks.strip.includes("tools/strip_notebooks.ts"), config.tasks.strip);
    assert(config.tasks.check.includes("tools/strip_notebooks.ts --check"), config.tasks.check);
    // No test asserts on outputs: after a lab session the test command still passes.
    for await (const entry of Deno.readDir(`${ROOT}/tests/integration`)) {
      if (!entry.name.endsWith("_test.ts") || entry.name === "strip_notebooks_test.ts") continue;
      const text = await Deno.readTextFile(`${ROOT}/tests/integration/${entry.name}`);
      assert(!/has an execution count|has outputs/.test(text), `${entry.name} checks outputs`);
    }
  },
});
