// The notebook variants built from the manifest: cells found by tags and metadata, the solutions
// and mistake variants, the one-kernel drill, and the comparison of an executed run with what
// each check cell must show. Jupyter itself runs them in tests/integration/exercises_notebook_test.ts.

import { assert, assertEquals, assertThrows } from "./_assert.ts";
import {
  type Cell,
  drill,
  exerciseCells,
  type Expectation,
  locate,
  type Notebook,
  RAISES,
  sourceOf,
  tagsOf,
  variant,
  verifyExecuted,
  withExercises,
} from "../tools/exercise_variants.ts";
import { exerciseById, manifest } from "./_exercise_cells.ts";

const SOFTMAX = "02_softmax.ipynb";

function host(): Notebook {
  const markdown = (id: string, text: string): Cell => ({
    cell_type: "markdown",
    id,
    metadata: {},
    source: [text],
  });
  const code = (id: string, text: string): Cell => ({
    cell_type: "code",
    id,
    metadata: {},
    source: [text],
    outputs: [],
    execution_count: null,
  });
  return {
    cells: [
      markdown("t", "# Softmax\n"),
      code("c1", "const before = 1;"),
      code("c2", "const after = 2;"),
    ],
    metadata: { kernelspec: { name: "deno" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

const withSoftmax = (): Notebook => withExercises(host(), manifest, SOFTMAX, 2);

Deno.test("exerciseCells tags stubs and checks and names their exercise in metadata", () => {
  const cells = exerciseCells(manifest, SOFTMAX);
  assertEquals(tagsOf(cells.setup), ["exercise-setup"]);
  assertEquals(cells.exercises.map((e) => e.id), [
    "softmax",
    "softmaxJacobian",
    "softmaxJvp",
    "softmaxBackward",
  ]);
  const first = cells.exercises[0];
  assertEquals(first.stub.metadata, { tags: ["exercise"], nn_notes: { exercise: "softmax" } });
  assertEquals(first.check.metadata, { tags: ["check"], nn_notes: { exercise: "softmax" } });
  assertEquals(sourceOf(first.check), "await exercise.softmax(mySoftmax);");
  assertEquals(sourceOf(first.stub), exerciseById("softmax").stub);
  assertEquals(first.intro.metadata, {
    tags: ["exercise-intro"],
    nn_notes: { exercise: "softmax" },
  });
  assertEquals(sourceOf(first.intro), exerciseById("softmax").intro);
  assert(sourceOf(first.intro).startsWith("### Your turn"));
  const question = cells.questions[0].cell;
  assertEquals(question.id, "q-02-subtract-max");
  assertEquals(question.metadata, {
    tags: ["question"],
    nn_notes: { question: "02-subtract-max" },
  });
  assert(/^\*\*Inline question\*\* \(`02-subtract-max`\)\. Why subtract/.test(sourceOf(question)));
  const ids = [
    cells.setup,
    ...cells.questions.map((q) => q.cell),
    ...cells.exercises.flatMap((e) => [e.intro, e.stub, e.check]),
  ]
    .map((c) => c.id);
  assertEquals(new Set(ids).size, ids.length);
});

Deno.test("withExercises inserts the block where asked and locate finds every stub before its check", () => {
  const nb = withSoftmax();
  assertEquals(sourceOf(nb.cells[1]), "const before = 1;");
  assertEquals(sourceOf(nb.cells.at(-1)!), "const after = 2;");
  const { setup, exercises } = locate(nb, manifest);
  assertEquals(tagsOf(nb.cells[setup]), ["exercise-setup"]);
  assertEquals([...exercises.keys()], [
    "softmax",
    "softmaxJacobian",
    "softmaxJvp",
    "softmaxBackward",
  ]);
  for (const { stub, check } of exercises.values()) assertEquals(check, stub + 1);
});

Deno.test("locate refuses a check without its stub, a check before its stub, and a stub without setup", () => {
  const nb = withSoftmax();
  const { setup, exercises } = locate(nb, manifest);
  const { stub, check } = exercises.get("softmax")!;
  const withoutStub = structuredClone(nb);
  withoutStub.cells.splice(stub, 1);
  assertThrows(() => locate(withoutStub, manifest), Error, "the check of softmax");
  const swapped = structuredClone(nb);
  [swapped.cells[stub], swapped.cells[check]] = [swapped.cells[check], swapped.cells[stub]];
  assertThrows(() => locate(swapped, manifest), Error, "comes before its stub");
  const noSetup = structuredClone(nb);
  noSetup.cells.splice(setup, 1);
  assertThrows(() => locate(noSetup, manifest), Error, "no cell tagged exercise-setup");
  const unknown = structuredClone(nb);
  unknown.cells[stub].metadata = { tags: ["exercise"], nn_notes: { exercise: "nope" } };
  assertThrows(() => locate(unknown, manifest), Error, "which the manifest does not have");
});

Deno.test("the solutions variant puts every model solution into its stub cell and expects passes", () => {
  const nb = withSoftmax();
  const { notebook, expectations } = variant(nb, manifest, { kind: "solutions" });
  const { exercises } = locate(nb, manifest);
  for (const [id, { stub, check }] of exercises) {
    assertEquals(sourceOf(notebook.cells[stub]), exerciseById(id).solution);
    assertEquals(sourceOf(notebook.cells[check]), sourceOf(nb.cells[check]));
  }
  assertEquals(expectations.map((x) => x.outcome), ["passed", "passed", "passed", "passed"]);
  assertEquals(notebook.cells.length, nb.cells.length);
  const committed = variant(nb, manifest, { kind: "committed" });
  assertEquals(committed.notebook, nb);
  assertEquals(committed.expectations.map((x) => x.outcome), Array(4).fill("not-implemented"));
});

Deno.test("the mistake variant plants one mistake and lets its check cell raise", () => {
  const nb = withSoftmax();
  const which = { kind: "mistake", exercise: "softmaxBackward", mistake: "slip-x2" } as const;
  const { notebook, expectations } = variant(nb, manifest, which);
  const { stub, check } = locate(nb, manifest).exercises.get("softmaxBackward")!;
  const planted = exerciseById("softmaxBackward").mistakes.find((m) => m.id === "slip-x2")!;
  assertEquals(sourceOf(notebook.cells[stub]), planted.source);
  assert(tagsOf(notebook.cells[check]).includes(RAISES));
  assertEquals(expectations.filter((x) => x.outcome === "failed"), [
    {
      cell: check,
      exercise: "softmaxBackward",
      outcome: "failed",
      mistake: "slip-x2",
      expect: planted.expect,
    },
  ]);
  assertThrows(
    () => variant(nb, manifest, { ...which, mistake: "nope" }),
    Error,
    "no planted mistake nope",
  );
});

Deno.test("the drill runs stub, mistakes, solution and the stubs again after each check, in one notebook", () => {
  const nb = withSoftmax();
  const { notebook, expectations } = drill(nb, manifest);
  const softmax = exerciseById("softmax");
  const first = expectations.findIndex((x) => x.exercise === "softmax");
  const at = expectations[first].cell;
  assertEquals(expectations[first].outcome, "not-implemented");
  const after = notebook.cells.slice(at + 1, at + 1 + 2 * softmax.mistakes.length + 3).map(
    sourceOf,
  );
  assertEquals(after, [
    ...softmax.mistakes.flatMap((m) => [m.source, softmax.check]),
    softmax.solution,
    softmax.check,
    softmax.stub,
  ]);
  const mistakes = manifest.exercises.filter((e) => e.notebook === SOFTMAX).flatMap((e) =>
    e.mistakes
  );
  assertEquals(expectations.filter((x) => x.outcome === "failed").length, mistakes.length);
  for (const x of expectations) {
    assertEquals(tagsOf(notebook.cells[x.cell]).includes(RAISES), x.outcome === "failed");
  }
  assertEquals(sourceOf(notebook.cells.at(-1)!), "const after = 2;"); // the notebook's own cells stay
  const only = drill(nb, manifest, { whole: false }).notebook.cells.map(sourceOf);
  assert(!only.includes("const before = 1;") && !only.includes("const after = 2;"));
  const code = notebook.cells.filter((c) => c.cell_type === "code").length;
  assertEquals(only.length, code - 2); // the drill minus the notebook's own two code cells
});

Deno.test("the drill of an exercise that calls others defines their solutions first and restores their stubs", () => {
  const nb = withExercises(host(), manifest, "01_backpropagation.ipynb");
  const { notebook, expectations } = drill(nb, manifest, { whole: false });
  const net = exerciseById("twoLayerGradient");
  const at =
    expectations.find((x) => x.exercise === "twoLayerGradient" && x.outcome === "not-implemented")!
      .cell;
  const required = net.requires.map((id) => exerciseById(id));
  assertEquals(
    notebook.cells.slice(at + 1, at + 1 + required.length).map(sourceOf),
    required.map((r) => r.solution),
  );
  const passed =
    expectations.find((x) => x.exercise === "twoLayerGradient" && x.outcome === "passed")!
      .cell;
  assertEquals(
    notebook.cells.slice(passed + 1, passed + 2 + required.length).map(sourceOf),
    [net.stub, ...required.map((r) => r.stub)],
  );
});

Deno.test("every cell the drill adds names its exercise and mode, and so does each problem found", () => {
  const nb = withSoftmax();
  const { notebook, expectations } = drill(nb, manifest, { whole: false });
  const added = notebook.cells.filter((c) => c.id?.startsWith("drill-"));
  assert(added.length > 0);
  for (const cell of added) {
    const label = (cell.metadata.nn_notes as { drill: string }).drill;
    assert(/^softmax\w*[,:] /.test(label), label);
  }
  const ran = {
    ...notebook,
    cells: notebook.cells.map((c, i) => ({
      ...c,
      execution_count: i + 1,
      outputs: c.id === "drill-0" ? [error("SyntaxError", "Unexpected token")] : [],
    })),
  };
  const problems = verifyExecuted(ran, expectations);
  assert(
    problems.includes(
      "cell 3 (softmax, planted mistake no-max-subtracted: the cell that plants it) raised " +
        "SyntaxError: Unexpected token",
    ),
    problems.join("\n"),
  );
  assert(
    problems.some((p) => /^cell \d+ \(softmax, model solution\) should show passed/.test(p)),
    problems.join("\n"),
  );
  assert(
    problems.some((p) => /^cell 2 \(softmax, as committed\) should show not-implemented/.test(p)),
    problems.join("\n"),
  );
});

function executed(
  nb: Notebook,
  show: (x: Expectation | undefined, i: number) => Cell["outputs"],
): Notebook {
  const { notebook, expectations } = variant(nb, manifest, {
    kind: "mistake",
    exercise: "softmax",
    mistake: "global-max",
  });
  const byCell = new Map(expectations.map((x) => [x.cell, x]));
  return {
    ...notebook,
    cells: notebook.cells.map((c, i) =>
      c.cell_type === "code" ? { ...c, execution_count: i + 1, outputs: show(byCell.get(i), i) } : c
    ),
  };
}

const display = (text: string) => ({ output_type: "display_data", data: { "text/plain": [text] } });
const error = (ename: string, evalue: string) => ({ output_type: "error", ename, evalue });

Deno.test("verifyExecuted accepts a run that shows what each check must, and names every departure", () => {
  const nb = withSoftmax();
  const { expectations } = variant(nb, manifest, {
    kind: "mistake",
    exercise: "softmax",
    mistake: "global-max",
  });
  const right = (x: Expectation | undefined) =>
    x === undefined ? [] : x.outcome === "failed"
      ? [
        display("✗ mySoftmax: …"),
        error("ExerciseError", "✗ mySoftmax: subtract each column's own maximum"),
      ]
      : [display("… mySoftmaxJacobian is not implemented yet: write its body")];
  assertEquals(verifyExecuted(executed(nb, right), expectations), []);

  const wrongMessage = executed(
    nb,
    (x) =>
      x?.outcome === "failed" ? [error("ExerciseError", "✗ mySoftmax: something else")] : right(x),
  );
  assert(
    /softmax, planted mistake global-max\): \/subtract each column's own maximum\/ not in/.test(
      verifyExecuted(wrongMessage, expectations)[0],
    ),
  );

  const passedInstead = executed(
    nb,
    (x) => x?.outcome === "failed" ? [display("✓ mySoftmax passed")] : right(x),
  );
  assert(
    /did not fail; it showed: ✓ mySoftmax passed/.test(
      verifyExecuted(passedInstead, expectations)[0],
    ),
  );

  const otherError = executed(
    nb,
    (x, i) =>
      x === undefined && i === 1 ? [error("ReferenceError", "before is not defined")] : right(x),
  );
  assertEquals(verifyExecuted(otherError, expectations), [
    "cell 1 (c1, the notebook's own cell, as committed) raised ReferenceError: before is not defined",
  ]);

  const stopped = executed(nb, right);
  stopped.cells.at(-1)!.execution_count = null;
  assertEquals(verifyExecuted(stopped, expectations), [
    `cell ${stopped.cells.length - 1} (c2, the notebook's own cell, as committed) did not run`,
  ]);

  const stubError = executed(
    nb,
    (x) =>
      x?.outcome === "not-implemented"
        ? [error("NotImplemented", "mySoftmaxJacobian is not implemented yet")]
        : right(x),
  );
  assert(/raised NotImplemented/.test(verifyExecuted(stubError, expectations)[0]));
});
