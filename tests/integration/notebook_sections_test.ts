// Every notebook reads the same way: a title and what you will learn, then the material, a
// summary table, and exercises at the end. Needs --allow-read (it reads notebooks/).

import { assert } from "../_assert.ts";
import { permitted } from "./_permitted.ts";
import { readNotebooks, sourceText } from "./_notebook.ts";

interface Cell {
  cell_type: string;
  source: string | string[];
}

const text = (cell: Cell) => sourceText(cell.source);

/** The level-2 headings of the Markdown cells, in order, and whether a table follows each. */
function sections(cells: Cell[]): { heading: string; table: boolean }[] {
  const found: { heading: string; table: boolean }[] = [];
  for (const cell of cells) {
    if (cell.cell_type !== "markdown") continue;
    for (const line of text(cell).split("\n")) {
      const m = line.match(/^## (.+)$/);
      if (m) found.push({ heading: m[1].trim(), table: false });
      else if (/^\|.*\|\s*$/.test(line) && found.length > 0) found.at(-1)!.table = true;
    }
  }
  return found;
}

Deno.test("sections() reads level-2 headings and the tables under them", () => {
  const cells = [
    { cell_type: "markdown", source: "# T\n## Summary\n\n| a | b |\n| - | - |\n" },
    { cell_type: "code", source: "## not markdown" },
    { cell_type: "markdown", source: ["## Exercises\n", "1. Do it."] },
  ];
  const found = sections(cells);
  assert(found.length === 2 && found[0].table && !found[1].table, JSON.stringify(found));
});

Deno.test(
  "each notebook opens with what you will learn and ends with a summary table, then exercises",
  { ignore: !permitted },
  async (t) => {
    const notebooks = await readNotebooks();
    assert(notebooks.length > 0, "no notebooks");
    for (const { name, cells } of notebooks) {
      await t.step(name, () => {
        const first = text(cells[0]);
        assert(cells[0].cell_type === "markdown" && /^# \S/.test(first), "a title first");
        assert(
          first.includes("**What you will learn**"),
          "the first cell says what you will learn",
        );
        const found = sections(cells);
        const summary = found.findIndex((s) => s.heading === "Summary");
        const exercises = found.findIndex((s) => s.heading === "Exercises");
        assert(summary >= 0 && found[summary].table, "a ## Summary section with a table");
        assert(exercises > summary, "a ## Exercises section after the summary");
      });
    }
  },
);
