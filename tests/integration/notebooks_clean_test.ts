// The notebooks are valid nbformat 4 and name Deno's kernel. Needs --allow-read (it reads
// notebooks/). Outputs and execution counts are allowed here: a student who ran and saved them
// in `deno task lab` still passes the tests; `deno task check` (tools/strip_notebooks.ts --check)
// is what keeps the committed notebooks clean, and `deno task strip` cleans them.

import { assert, assertEquals, assertStrictEquals } from "../_assert.ts";
import { permitted } from "./_permitted.ts";

const dir = new URL("../../notebooks/", import.meta.url);
const names: string[] = [];
for await (const entry of permitted ? Deno.readDir(dir) : []) {
  if (entry.isFile && entry.name.endsWith(".ipynb")) names.push(entry.name);
}
names.sort();

// nbformat 4.5's schema: the only keys each object may have.
const TOP_KEYS = ["cells", "metadata", "nbformat", "nbformat_minor"];
const CELL_KEYS: Record<string, string[]> = {
  code: ["cell_type", "execution_count", "id", "metadata", "outputs", "source"],
  markdown: ["attachments", "cell_type", "id", "metadata", "source"],
  raw: ["attachments", "cell_type", "id", "metadata", "source"],
};

function sourceText(source: unknown): string {
  if (typeof source === "string") return source;
  assert(
    Array.isArray(source) && source.every((s) => typeof s === "string"),
    "source is a string or a list of strings",
  );
  return (source as string[]).join("");
}

Deno.test("notebooks/ holds numbered notebooks NN_name.ipynb", { ignore: !permitted }, () => {
  assert(names.length > 0, "no notebooks in notebooks/");
  for (const name of names) assert(/^\d\d_[a-z0-9_]+\.ipynb$/.test(name), `${name} is not NN_name`);
});

Deno.test("every notebook is valid nbformat 4 for the Deno kernel", {
  ignore: !permitted,
}, async (t) => {
  for (const name of names) {
    await t.step(name, async () => {
      const nb = JSON.parse(await Deno.readTextFile(new URL(name, dir)));
      assertEquals(Object.keys(nb).filter((k) => !TOP_KEYS.includes(k)), [], "top-level keys");
      assertStrictEquals(nb.nbformat, 4);
      assert(Number.isInteger(nb.nbformat_minor) && nb.nbformat_minor >= 4, "nbformat_minor");
      assertEquals(nb.metadata.kernelspec, {
        name: "deno",
        display_name: "Deno",
        language: "typescript",
      });
      assertStrictEquals(nb.metadata.language_info?.name, "typescript");
      assert(Array.isArray(nb.cells) && nb.cells.length > 0, "cells");
      const ids = new Set<string>();
      nb.cells.forEach((cell: Record<string, unknown>, i: number) => {
        const where = `${name} cell ${i}`;
        const allowed = CELL_KEYS[cell.cell_type as string];
        assert(allowed !== undefined, `${where}: unknown cell_type ${cell.cell_type}`);
        assertEquals(Object.keys(cell).filter((k) => !allowed.includes(k)), [], `${where} keys`);
        assert(typeof cell.metadata === "object" && cell.metadata !== null, `${where} metadata`);
        sourceText(cell.source);
        if (nb.nbformat_minor >= 5) {
          const id = cell.id as string;
          assert(typeof id === "string" && /^[a-zA-Z0-9-_]{1,64}$/.test(id), `${where}: bad id`);
          assert(!ids.has(id), `${where}: duplicate id ${id}`);
          ids.add(id);
        }
        if (cell.cell_type === "code") {
          assert(Array.isArray(cell.outputs), `${where}: outputs is a list`);
          const count = cell.execution_count;
          assert(count === null || Number.isInteger(count), `${where}: execution_count`);
        }
      });
    });
  }
});
