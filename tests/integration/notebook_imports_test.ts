// Every name a notebook imports from the library exists in the subpath it names, and is used.
// Deno's kernel drops an import whose names a cell never uses, so a wrong or stale name in an
// import list would otherwise go unnoticed until a student uses it. The exercises' setup cell
// (tag exercise-setup) imports for code the student has yet to write, so its names need only
// exist. Needs --allow-read.

import { assert, assertEquals } from "../_assert.ts";
import { permitted } from "./_permitted.ts";
import { type Cell, readNotebooks, sourceText } from "./_notebook.ts";

const root = new URL("../../", import.meta.url);

interface Imported {
  name: string;
  typeOnly: boolean;
  folder: string;
}

/** The named imports from `@nn-notes/core/<folder>` in some code. */
function libraryImports(code: string): Imported[] {
  const found: Imported[] = [];
  for (
    const m of code.matchAll(/import\s*(type\s+)?\{([^}]*)\}\s*from\s*"@nn-notes\/core\/(\w+)"/g)
  ) {
    for (const part of m[2].split(",").map((p) => p.trim()).filter((p) => p !== "")) {
      const typeOnly = m[1] !== undefined || part.startsWith("type ");
      found.push({ name: part.replace(/^type\s+/, ""), typeOnly, folder: m[3] });
    }
  }
  return found;
}

Deno.test("libraryImports reads value and type imports with their folder", () => {
  const code =
    'import { a, type B } from "@nn-notes/core/nn";\nimport type { C } from "@nn-notes/core/core";';
  assertEquals(libraryImports(code), [
    { name: "a", typeOnly: false, folder: "nn" },
    { name: "B", typeOnly: true, folder: "nn" },
    { name: "C", typeOnly: true, folder: "core" },
  ]);
});

Deno.test(
  "every name a notebook imports from the library is exported there and used",
  { ignore: !permitted },
  async (t) => {
    for (const notebook of await readNotebooks()) {
      const name = notebook.name;
      await t.step(name, async () => {
        const cells = notebook.cells.filter((c) => c.cell_type === "code");
        const text = (c: Cell) => sourceText(c.source);
        const code = cells.map(text).join("\n");
        const setup = cells.filter((c) => c.metadata?.tags?.includes("exercise-setup"))
          .map(text).join("\n");
        const imports = libraryImports(code);
        assert(imports.length > 0, `${name} imports nothing from the library`);
        const forLater = new Set(libraryImports(setup).map((i) => i.name));
        const rest = code.replace(/import[^;]*;/g, "");
        const problems: string[] = [];
        for (const { name: id, typeOnly, folder } of imports) {
          const mod = await import(new URL(`lib/${folder}/mod.ts`, root).href);
          if (!typeOnly && !(id in mod)) problems.push(`${id} is not exported by lib/${folder}`);
          if (typeOnly) {
            const sources = [...Deno.readDirSync(new URL(`lib/${folder}/`, root))]
              .map((e) => Deno.readTextFileSync(new URL(`lib/${folder}/${e.name}`, root)))
              .join("\n");
            if (!new RegExp(`export (interface|type|class) ${id}\\b`).test(sources)) {
              problems.push(`type ${id} is not exported by lib/${folder}`);
            }
          }
          if (!forLater.has(id) && !new RegExp(`\\b${id}\\b`).test(rest)) {
            problems.push(`${id} is imported but unused`);
          }
        }
        assertEquals(problems, [], name);
      });
    }
  },
);
