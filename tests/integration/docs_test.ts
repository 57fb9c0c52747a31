// `deno task docs` writes the API reference into build/reference/ (one page per folder of lib/,
// in reading order) and an index.html that links the notebooks and the reference.

import { assert, assertEquals } from "../_assert.ts";
import { ROOT } from "../../tools/notebook_runner.ts";
import { DOCUMENTED, moduleSummary } from "../../tools/docs.ts";
import { permitted } from "./_permitted.ts";
import { runDeno } from "./_deno.ts";

Deno.test({
  name: "deno task docs writes the reference of every lib/ folder and links it from index.html",
  ignore: !permitted,
  async fn() {
    const build = await Deno.makeTempDir({ prefix: "nn_notes_docs_" });
    try {
      const run = await runDeno([
        "run",
        "--allow-read",
        "--allow-write",
        "--allow-run",
        `${ROOT}/tools/docs.ts`,
        "--build",
        build,
      ]);
      assert(run.code === 0, run.stderr);
      for (const folder of DOCUMENTED) {
        const page = await Deno.readTextFile(`${build}/reference/${folder}/index.html`);
        assert(page.length > 1000, `reference/${folder}/index.html is nearly empty`);
      }
      const matrix = await Deno.readTextFile(`${build}/reference/core/~/Matrix.html`);
      assert(matrix.includes("row-major"), "the Matrix page carries its documentation");
      const index = await Deno.readTextFile(`${build}/index.html`);
      const linked = [...index.matchAll(/href="reference\/(\w+)\/index.html"/g)].map((m) => m[1]);
      assertEquals(linked, [...DOCUMENTED]);
      assert(index.includes('id="reference"') && index.includes("reference/all_symbols.html"));
      assert(!index.includes("stale: lib/ changed"), "a fresh reference is not stale");
      // The notebooks are listed in order even before any was built.
      const rows = [...index.matchAll(/<td><code>(\d\d_\w+\.ipynb)<\/code><\/td>/g)].map((m) =>
        m[1]
      );
      assert(rows.length > 0 && rows.every((r, i) => i === 0 || rows[i - 1] < r), rows.join());
      const back = await Deno.readTextFile(`${build}/reference/index.html`);
      assert(back.includes('href="../index.html"'), "the reference links back to the notebooks");
    } finally {
      await Deno.remove(build, { recursive: true });
    }
  },
});

Deno.test("a folder's summary is the first sentence of its module doc, links as code", () => {
  const source =
    `/**\n * The foundations: the {@linkcode Matrix} and \`Rng\`. More here.\n *\n * Later.\n *\n * @module\n */\n`;
  assertEquals(moduleSummary(source), "The foundations: the `Matrix` and `Rng`.");
});
