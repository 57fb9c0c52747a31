// Notebooks are read in narrow columns and exported to HTML: no code line is longer than the
// 100 characters the rest of the code keeps to. Needs --allow-read (it reads notebooks/).

import { assertEquals } from "../_assert.ts";
import { permitted } from "./_permitted.ts";

const MAX = 100;
const dir = new URL("../../notebooks/", import.meta.url);

/** The code lines longer than `max` characters (counted in code points), as "cell id:line". */
function longLines(
  cells: { cell_type: string; id: string; source: string | string[] }[],
  max = MAX,
) {
  const found: string[] = [];
  for (const cell of cells) {
    if (cell.cell_type !== "code") continue;
    const text = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    text.split("\n").forEach((line, i) => {
      const length = [...line].length;
      if (length > max) found.push(`${cell.id}:${i + 1} (${length} characters)`);
    });
  }
  return found;
}

Deno.test("longLines finds a code line over the limit and ignores Markdown", () => {
  const cells = [
    { cell_type: "code", id: "a", source: ["short\n", "x".repeat(101)] },
    { cell_type: "code", id: "b", source: "√".repeat(100) },
    { cell_type: "markdown", id: "c", source: "y".repeat(300) },
  ];
  assertEquals(longLines(cells), ["a:2 (101 characters)"]);
});

Deno.test(`no notebook code line is longer than ${MAX} characters`, {
  ignore: !permitted,
}, async (t) => {
  const names = permitted
    ? [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".ipynb")).sort()
    : [];
  for (const name of names) {
    await t.step(name, async () => {
      const nb = JSON.parse(await Deno.readTextFile(new URL(name, dir)));
      assertEquals(longLines(nb.cells), [], `${name}: code lines over ${MAX} characters`);
    });
  }
});
