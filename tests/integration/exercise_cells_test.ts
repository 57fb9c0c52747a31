// The notebooks' exercise cells are what exercises/manifest.json gives, where the catalogue puts
// them: `deno task exercises` would change nothing in them, each group (setup cell; an exercise's
// lead-in, stub and check; an inline question) sits right after the cell it follows, and every
// inline question has a model answer in solutions/answers.md (and every answer a question).
// Reads notebooks/ and solutions/, so it needs --allow-read.

import { assertEquals } from "../_assert.ts";
import type { Manifest } from "../../tools/exercise_manifest.ts";
import type { Notebook } from "../../tools/exercise_variants.ts";
import { notebookText, placementProblems, syncExercises } from "../../tools/exercise_notebooks.ts";
import { permitted } from "./_permitted.ts";
import manifestJson from "../../exercises/manifest.json" with { type: "json" };

const manifest = manifestJson as Manifest;
const root = new URL("../../", import.meta.url);

Deno.test(
  "each notebook's exercise cells are the manifest's, where the catalogue puts them",
  { ignore: !permitted },
  async (t) => {
    for (const { notebook } of manifest.notebooks) {
      await t.step(notebook, async () => {
        const text = await Deno.readTextFile(new URL(`notebooks/${notebook}`, root));
        const nb = JSON.parse(text) as Notebook;
        const { notebook: synced, changes } = syncExercises(nb, manifest, notebook);
        assertEquals(changes, [], `${notebook}: run deno task exercises`);
        assertEquals(notebookText(synced) === text, true, `${notebook}: run deno task exercises`);
        assertEquals(placementProblems(nb, manifest, notebook), [], notebook);
      });
    }
  },
);

Deno.test(
  "every inline question has a model answer in solutions/answers.md, and every answer a question",
  { ignore: !permitted },
  async () => {
    const answers = await Deno.readTextFile(new URL("solutions/answers.md", root));
    const headings = [...answers.matchAll(/^### (\S+)\s*$/gm)].map((m) => m[1]);
    const questions = manifest.notebooks.flatMap((n) => n.questions.map((q) => q.id));
    assertEquals(headings, questions);
    for (const id of questions) {
      const body = answers.split(`### ${id}\n`)[1].split(/^#{2,3} /m)[0].trim();
      assertEquals(body.length > 100, true, `the answer to ${id} is missing or a stub`);
    }
  },
);
