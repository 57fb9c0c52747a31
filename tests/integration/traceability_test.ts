// Keeps notebooks/README.md's traceability table true: every id of the note (E1–E15, slips X1–X3)
// has a row; each id appears in the test files and notebooks its row names; every function the
// table names is exported by lib/mod.ts. Needs --allow-read (it reads the repository's files).

import * as core from "../../lib/mod.ts";
import { assert, assertEquals } from "../_assert.ts";
import { permitted } from "./_permitted.ts";

const root = new URL("../../", import.meta.url);
const IDS = [
  ...Array.from({ length: 15 }, (_, i) => `E${i + 1}`),
  ...Array.from({ length: 3 }, (_, i) => `X${i + 1}`),
];

interface Row {
  id: string;
  functions: string[];
  tests: string[];
  notebooks: string[];
}

function backticked(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

function parseTable(markdown: string): Row[] {
  const section = (markdown.split(/^## Traceability.*$/m)[1] ?? "").split(/^## /m)[0];
  const rows: Row[] = [];
  for (const line of section.split("\n")) {
    if (!line.startsWith("|") || /^\|\s*(id|-+)\s*\|/.test(line)) continue;
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    assertEquals(cells.length, 5, `table row with ${cells.length} columns: ${line}`);
    rows.push({
      id: cells[0],
      functions: backticked(cells[2]),
      tests: backticked(cells[3]),
      notebooks: backticked(cells[4]),
    });
  }
  return rows;
}

/**
 * The ids a text mentions: single ids ("E9", not the E1 inside E10) and ranges ("E7–E9" mentions
 * E7, E8 and E9; "E2-E5" likewise).
 */
function mentionedIds(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?<![A-Za-z0-9])([EX])(\d+)\s*[–-]\s*\1?(\d+)(?!\d)/g)) {
    for (let i = Number(m[2]); i <= Number(m[3]); i++) found.add(`${m[1]}${i}`);
  }
  for (const m of text.matchAll(/(?<![A-Za-z0-9])([EX]\d+)(?!\d)/g)) found.add(m[1]);
  return found;
}

async function readText(path: string): Promise<string> {
  return await Deno.readTextFile(new URL(path, root));
}

async function notebookText(name: string): Promise<string> {
  const nb = JSON.parse(await readText(`notebooks/${name}`));
  return nb.cells.map((c: { source: string | string[] }) =>
    Array.isArray(c.source) ? c.source.join("") : c.source
  ).join("\n");
}

const rows = permitted ? parseTable(await readText("notebooks/README.md")) : [];

Deno.test("mentionedIds reads single ids and ranges, and does not see E1 inside E10", () => {
  assertEquals([...mentionedIds("see E10 and X2; E7–E9, E2-E3")].sort(), [
    "E10",
    "E2",
    "E3",
    "E7",
    "E8",
    "E9",
    "X2",
  ]);
  assertEquals([...mentionedIds("E1")], ["E1"]);
  assertEquals([...mentionedIds("0XE12 NE5")], []);
});

Deno.test(
  "the traceability table has one row for each of E1–E15 and X1–X3",
  { ignore: !permitted },
  () => {
    const ids = rows.map((r) => r.id).filter((id) => id !== "—");
    assertEquals(ids, IDS);
    for (const row of rows) {
      assert(row.functions.length > 0, `${row.id}: no function named`);
      assert(row.tests.length > 0, `${row.id}: no test named`);
      assert(row.notebooks.length > 0, `${row.id}: no notebook named`);
    }
  },
);

Deno.test(
  "every function the table names is exported by lib/mod.ts",
  { ignore: !permitted },
  () => {
    const exported = core as Record<string, unknown>;
    const missing = rows.flatMap((r) => r.functions.map((f) => ({ id: r.id, f })))
      .filter(({ f }) => typeof exported[f] !== "function");
    assertEquals(missing, [], "named in notebooks/README.md but not exported as a function");
  },
);

Deno.test("every id appears in each test file its row names", { ignore: !permitted }, async (t) => {
  for (const row of rows.filter((r) => r.id !== "—")) {
    await t.step(row.id, async () => {
      for (const file of row.tests) {
        assert(/^tests\/.+_test\.ts$/.test(file), `${row.id}: ${file} is not a tests/*_test.ts`);
        const ids = mentionedIds(await readText(file));
        assert(ids.has(row.id), `${row.id} is not mentioned in ${file}`);
      }
    });
  }
});

Deno.test("every id appears in each notebook its row names", { ignore: !permitted }, async (t) => {
  for (const row of rows.filter((r) => r.id !== "—")) {
    await t.step(row.id, async () => {
      for (const name of row.notebooks) {
        const ids = mentionedIds(await notebookText(name));
        assert(ids.has(row.id), `${row.id} is not mentioned in notebooks/${name}`);
      }
    });
  }
});
