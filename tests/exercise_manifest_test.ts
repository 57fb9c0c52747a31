// The manifest builder's pieces: cutting a model solution out of its module, planting a mistake
// by exact edits (each edit must apply exactly once, so a changed solution cannot silently turn
// a planted mistake into a no-op), and the manifest's shape. Whether the committed
// exercises/manifest.json is up to date needs to read solutions/, so
// tests/integration/exercise_manifest_test.ts checks that.

import { assert, assertEquals, assertThrows } from "./_assert.ts";
import {
  applyMistake,
  buildManifest,
  extractFunction,
  parseIntros,
} from "../tools/exercise_manifest.ts";
import { manifest } from "./_exercise_cells.ts";

const MODULE = [
  'import { Matrix } from "@nn-notes/core/core";',
  "",
  "/** Doubles. */",
  "export function myDouble(x: number): number {",
  "  return 2 * x; // twice",
  "}",
  "",
  "export function myHalf(x: number): number {",
  "  return x / 2;",
  "}",
].join("\n");

Deno.test("extractFunction cuts one function with its doc comment and drops export", () => {
  assertEquals(
    extractFunction(MODULE, "myDouble"),
    "/** Doubles. */\nfunction myDouble(x: number): number {\n  return 2 * x; // twice\n}",
  );
  assertEquals(
    extractFunction(MODULE, "myHalf"),
    "function myHalf(x: number): number {\n  return x / 2;\n}",
  );
  assertThrows(() => extractFunction(MODULE, "myTriple"), Error, 'no "export function myTriple("');
});

Deno.test("applyMistake makes each edit once, and refuses an edit that matches 0 or 2 places", () => {
  const solution = extractFunction(MODULE, "myDouble");
  const one = { id: "m", description: "", expect: "" };
  assertEquals(
    applyMistake(solution, { ...one, replace: [["2 * x", "3 * x"]] }),
    solution.replace("2 * x", "3 * x"),
  );
  assertThrows(
    () => applyMistake(solution, { ...one, replace: [["4 * x", "3 * x"]] }),
    Error,
    "occurs 0 times",
  );
  assertThrows(
    () => applyMistake("x x", { ...one, replace: [["x", "y"]] }),
    Error,
    "occurs 2 times",
  );
  assertThrows(
    () => applyMistake(solution, { ...one }),
    Error,
    "neither a source nor replacements",
  );
  assertEquals(
    applyMistake(solution, { ...one, source: "function myDouble() {}" }),
    "function myDouble() {}",
  );
  assertThrows(
    () => applyMistake(solution, { ...one, replace: [["2 * x", "2 * x"]] }),
    Error,
    "changes nothing",
  );
});

Deno.test("buildManifest needs every solutions module, and the committed manifest has the built shape", () => {
  assertThrows(() => buildManifest({}), Error, "no source for exercises/intros.md");
  assertThrows(
    () => buildManifest({ "exercises/intros.md": "" }),
    Error,
    "no source for solutions/01_backpropagation.ts",
  );
  assertEquals(manifest.tags, {
    exercise: "exercise",
    check: "check",
    setup: "exercise-setup",
    intro: "exercise-intro",
    question: "question",
  });
  assertEquals(manifest.metadataKey, "nn_notes");
  for (const e of manifest.exercises) {
    assert(e.solution.startsWith("/**") || e.solution.startsWith("function"), e.id);
    assert(!/^export /m.test(e.solution), `${e.id}: export left in the cell`);
    for (const m of e.mistakes) {
      assert(m.source !== e.solution, `${e.id}/${m.id} equals the solution`);
    }
    const notebook = manifest.notebooks.find((n) => n.notebook === e.notebook)!;
    assert(notebook.exercises.includes(e.id), `${e.id} is not listed under ${e.notebook}`);
    for (const r of e.requires) {
      assert(
        notebook.exercises.indexOf(r) < notebook.exercises.indexOf(e.id),
        `${e.id} needs ${r} first`,
      );
    }
  }
});

Deno.test("parseIntros cuts exercises/intros.md at its ## <id> headings and refuses a repeated id", () => {
  const text =
    "# Lead-ins\n\nabout them\n\n## softmax\n\n### Your turn: a\n\ntext\n\n## softmaxJvp\n### Your turn: b\n";
  assertEquals(
    [...parseIntros(text)],
    [["softmax", "### Your turn: a\n\ntext"], ["softmaxJvp", "### Your turn: b"]],
  );
  assertThrows(() => parseIntros("## a\nx\n## a\ny"), Error, "two intros for a");
  for (const e of manifest.exercises) {
    assert(e.intro.startsWith("### Your turn"), e.id);
    assert(e.intro.includes(e.function), `${e.id}'s intro does not name ${e.function}`);
  }
});
