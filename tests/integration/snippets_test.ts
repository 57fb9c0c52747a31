// Every notebook's from-scratch implementations are code cells tagged `snippet`: plain numbers and
// Float64Arrays, no import at all, so that a student can copy one into a file and run it. This
// test does exactly that: each snippet goes into its own file in a temporary folder outside the
// repository, is type-checked and run with `deno run --no-config` and no permission, and must
// exit cleanly after printing what it confirmed. Needs --allow-read, --allow-write, --allow-run
// and --allow-env (`deno task test` grants them).

import { assert, assertEquals, assertStrictEquals } from "../_assert.ts";
import { permitted } from "./_permitted.ts";
import { readNotebooks, sourceText } from "./_notebook.ts";
import { type Run, runDeno } from "./_deno.ts";

const root = new URL("../../", import.meta.url);

interface Snippet {
  notebook: string;
  id: string;
  source: string;
}

async function readSnippets(): Promise<{ notebooks: string[]; snippets: Snippet[] }> {
  const notebooks = await readNotebooks();
  const snippets: Snippet[] = [];
  for (const { name: notebook, cells } of notebooks) {
    for (const cell of cells) {
      const tags: unknown = cell.metadata?.tags;
      if (cell.cell_type !== "code" || !Array.isArray(tags) || !tags.includes("snippet")) continue;
      snippets.push({ notebook, id: cell.id, source: sourceText(cell.source) });
    }
  }
  return { notebooks: notebooks.map((n) => n.name), snippets };
}

/** Runs one file with `deno run --no-config` and no permission flag, in `cwd`. */
function runAlone(file: string, cwd: string): Promise<Run> {
  return runDeno(["run", "--no-config", "--no-prompt", file], { cwd });
}

const { notebooks, snippets } = permitted ? await readSnippets() : { notebooks: [], snippets: [] };
const fileName = (s: Snippet) => `${s.notebook.replace(/\.ipynb$/, "")}_${s.id}.ts`;

Deno.test("every notebook has at least one snippet cell", { ignore: !permitted }, () => {
  assert(notebooks.length > 0, "no notebooks");
  const without = notebooks.filter((nb) => !snippets.some((s) => s.notebook === nb));
  assertEquals(without, [], "notebooks without a cell tagged snippet");
});

Deno.test(
  "a snippet imports nothing and asserts its result with a check that throws",
  { ignore: !permitted },
  async (t) => {
    for (const s of snippets) {
      await t.step(`${s.notebook} ${s.id}`, () => {
        assert(!/^\s*import\b|\bimport\s*\(|\brequire\s*\(/m.test(s.source), "has an import");
        assert(!/\bDeno\./.test(s.source), "uses the Deno namespace (a copy runs anywhere)");
        assert(/\bthrow new Error\(/.test(s.source), "asserts nothing: no check that throws");
        assert(/\bconsole\.log\(/.test(s.source), "prints nothing it confirmed");
      });
    }
  },
);

Deno.test(
  "the runner below reports a snippet whose check fails",
  { ignore: !permitted },
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "nn_notes_snippet_" });
    try {
      await Deno.writeTextFile(
        `${dir}/bad.ts`,
        'if (0.1 + 0.2 !== 0.3) throw new Error("fails");\n',
      );
      const result = await runAlone("bad.ts", dir);
      assert(result.code !== 0, "a snippet that throws must exit with a failure");
      assert(result.stderr.includes("fails"));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test(
  "every snippet runs alone from a folder outside the repository, with no permission",
  { ignore: !permitted },
  async (t) => {
    const dir = await Deno.makeTempDir({ prefix: "nn_notes_snippets_" });
    try {
      const repo = Deno.realPathSync(root);
      assert(!Deno.realPathSync(dir).startsWith(repo), `${dir} is inside the repository`);
      for (const s of snippets) await Deno.writeTextFile(`${dir}/${fileName(s)}`, s.source);

      await t.step("all snippets type-check as standalone files", async () => {
        const args = ["check", "--no-config", ...snippets.map(fileName)];
        const { code, stderr } = await runDeno(args, { cwd: dir });
        assertStrictEquals(code, 0, stderr);
      });

      for (const s of snippets) {
        await t.step(`${s.notebook} ${s.id} runs and prints`, async () => {
          const result = await runAlone(fileName(s), dir);
          assertStrictEquals(result.code, 0, `${fileName(s)} failed:\n${result.stderr}`);
          assert(result.stdout.trim().length > 0, `${fileName(s)} printed nothing`);
        });
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
