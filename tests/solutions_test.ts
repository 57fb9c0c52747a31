// The teacher's copies that `deno task solutions` writes: every stub holds its model solution,
// every inline question is followed by its model answer, and a question without an answer is an
// error rather than a copy that silently lacks it.

import { assert, assertEquals, assertThrows } from "./_assert.ts";
import { type Notebook, sourceOf, withExercises } from "../tools/exercise_variants.ts";
import { parseAnswers, solvedNotebook } from "../tools/solutions.ts";
import { exerciseById, manifest } from "./_exercise_cells.ts";

const SOFTMAX = "02_softmax.ipynb";

function host(): Notebook {
  return {
    cells: [{ cell_type: "markdown", id: "t", metadata: {}, source: ["# Softmax\n"] }],
    metadata: { kernelspec: { name: "deno" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

Deno.test("parseAnswers reads each ### <id> section up to the next heading", () => {
  const text = "# Answers\n\n## 02 Softmax\n\n### 02-a\n\nFirst.\nSecond line.\n\n### 02-b\nB.\n" +
    "\n## 03 Cross-entropy\n\nnot an answer\n";
  assertEquals([...parseAnswers(text)], [["02-a", "First.\nSecond line."], ["02-b", "B."]]);
});

Deno.test("solvedNotebook puts every model solution in its stub and every answer after its question", () => {
  const nb = withExercises(host(), manifest, SOFTMAX);
  const book = manifest.notebooks.find((n) => n.notebook === SOFTMAX)!;
  const answers = new Map(book.questions.map((q) => [q.id, `the answer to ${q.id}`]));
  const solved = solvedNotebook(nb, manifest, answers);
  assertEquals(solved.cells[1].id, "solved-note");
  for (const id of book.exercises) {
    const stub = solved.cells.find((c) => c.id === `ex-${id}-stub`)!;
    assertEquals(sourceOf(stub), exerciseById(id).solution);
  }
  assert(!solved.cells.some((c) => sourceOf(c).includes("throw new NotImplemented")));
  for (const q of book.questions) {
    const at = solved.cells.findIndex((c) => c.id === `q-${q.id}`);
    assertEquals(solved.cells[at + 1].id, `a-${q.id}`);
    assertEquals(
      sourceOf(solved.cells[at + 1]),
      `**Model answer** (\`${q.id}\`). the answer to ${q.id}`,
    );
  }
  const ids = solved.cells.map((c) => c.id);
  assertEquals(new Set(ids).size, ids.length);
  answers.delete(book.questions[1].id);
  assertThrows(
    () => solvedNotebook(nb, manifest, answers),
    Error,
    `solutions/answers.md has no ${book.questions[1].id}`,
  );
});
