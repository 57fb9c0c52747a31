// build/index.html tells what build/ holds, from the files themselves: each notebook's page with
// how its last run went, pages stale since their notebook or lib/ changed, pages whose notebook is
// gone, notebooks not built yet, and the API reference. Every page links its neighbours.

import { assert, assertEquals, assertStrictEquals } from "../_assert.ts";
import {
  decoratePage,
  indexHtml,
  libHash,
  notebookNav,
  type RunRecord,
  sourceHash,
  surveyBuild,
} from "../../tools/site.ts";
import { permitted } from "./_permitted.ts";
import { codeCell, markdownCell, notebookJson } from "./_notebook.ts";

function titled(title: string, metadata: Record<string, unknown> = {}): string {
  return notebookJson([markdownCell("t", `# ${title}\n\nText.`), codeCell("c", "1 + 1")], metadata);
}

Deno.test({
  name: "index.html marks each page of build/ ok, failed, stale, orphan or missing",
  ignore: !permitted,
  async fn() {
    const root = await Deno.makeTempDir({ prefix: "nn_notes_site_" });
    const [notebooks, build, lib] = ["notebooks", "build", "lib"].map((d) => `${root}/${d}`);
    try {
      for (const dir of [notebooks, build, lib, `${build}/mathjax`]) await Deno.mkdir(dir);
      await Deno.writeTextFile(`${lib}/mod.ts`, "export const a = 1;\n");
      const titles = ["Ok one", "Failed one", "Notebook edited", "Library edited", "Not built"];
      const names = titles.map((_, i) => `0${i + 1}_n${i + 1}.ipynb`);
      for (const [i, name] of names.entries()) {
        await Deno.writeTextFile(`${notebooks}/${name}`, titled(titles[i]));
      }
      const lib0 = await libHash(lib);
      const record = async (name: string, extra: Partial<RunRecord> = {}): Promise<RunRecord> => ({
        source: name,
        source_sha256: names.includes(name) ? await sourceHash(`${notebooks}/${name}`) : "gone",
        lib_sha256: lib0,
        status: "ok",
        cells: 1,
        seconds: 0.5,
        executed: "2026-01-02T03:04:05Z",
        ...extra,
      });
      const built: [string, RunRecord | undefined][] = [
        [names[0], await record(names[0])],
        [
          names[1],
          await record(names[1], {
            status: "error",
            error: { kind: "timeout", code_cell: 1, ename: "CellTimeoutError", evalue: "stopped" },
          }),
        ],
        [names[2], await record(names[2])],
        [names[3], await record(names[3])],
        ["06_gone.ipynb", await record("06_gone.ipynb")],
        ["07_old.ipynb", undefined],
      ];
      for (const [name, run] of built) {
        const title = titles[names.indexOf(name)] ?? name;
        await Deno.writeTextFile(
          `${build}/${name}`,
          titled(title, run === undefined ? {} : { nn_notes_run: run }),
        );
        await Deno.writeTextFile(`${build}/${name.replace(".ipynb", ".html")}`, "<html></html>");
      }
      await Deno.writeTextFile(`${notebooks}/07_old.ipynb`, titled("Old"));
      // Edit notebook 3's text (outputs alone would not count) and then the library.
      await Deno.writeTextFile(`${notebooks}/${names[2]}`, titled("Notebook edited, again"));
      const saved = JSON.parse(titled(titles[0]));
      saved.cells[1].outputs = [{ output_type: "stream", name: "stdout", text: "2\n" }];
      saved.cells[1].execution_count = 1;
      await Deno.writeTextFile(`${notebooks}/${names[0]}`, JSON.stringify(saved));
      await Deno.writeTextFile(`${lib}/mod.ts`, "export const a = 2;\n");
      // Notebook 4 ran after the library changed, so only notebook 3 and the others are stale.
      await Deno.writeTextFile(
        `${build}/${names[3]}`,
        titled(titles[3], {
          nn_notes_run: { ...await record(names[3]), lib_sha256: await libHash(lib) },
        }),
      );

      const survey = await surveyBuild(build, notebooks, lib);
      const states = Object.fromEntries(survey.entries.map((e) => [e.name, e.state]));
      assertEquals(states, {
        "01_n1.ipynb": "stale",
        "02_n2.ipynb": "failed",
        "03_n3.ipynb": "stale",
        "04_n4.ipynb": "ok",
        "05_n5.ipynb": "missing",
        "06_gone.ipynb": "orphan",
        "07_old.ipynb": "stale",
      });
      const notes = Object.fromEntries(survey.entries.map((e) => [e.name, e.notes.join("; ")]));
      assertStrictEquals(notes["01_n1.ipynb"], "lib/ changed since this page was made");
      assert(notes["03_n3.ipynb"].includes("the notebook changed since"), notes["03_n3.ipynb"]);
      assert(notes["07_old.ipynb"].includes("no record of how it ran"));
      assertEquals(survey.others, ["mathjax/"]);
      assertEquals(survey.reference, { present: false, stale: false });

      const html = indexHtml(survey);
      assert(html.includes("failed in code cell 1: CellTimeoutError: stopped"));
      assert(html.includes("its notebook is no longer in notebooks/"));
      assert(html.includes("Not every page is current: 1 failed, 3 stale, 1 orphan, 1 missing"));
      assert(html.includes('<a href="04_n4.html">Library edited</a>'));
      assert(html.includes("run <code>deno task docs</code>"));
      // Rows follow the notebooks' order.
      const order = [...html.matchAll(/<tr class="row-\w+"><td>(?:<a [^>]+>)?([^<]+)/g)].map((m) =>
        m[1]
      );
      assertEquals(order.slice(0, 2), ["Ok one", "Failed one"]);

      const ref = { name: "nn", summary: "The note itself: `softmax` & co." };
      await Deno.mkdir(`${build}/reference`);
      await Deno.writeTextFile(`${build}/reference/index.html`, "<html></html>");
      await Deno.writeTextFile(
        `${build}/reference/.nn-notes.json`,
        JSON.stringify({ lib_sha256: lib0, made: "2026-01-02T03:04:05Z", folders: [ref] }),
      );
      const withReference = await surveyBuild(build, notebooks, lib);
      assertEquals(withReference.reference, {
        present: true,
        stale: true,
        made: "2026-01-02T03:04:05Z",
        folders: [ref],
      });
      const linked = indexHtml(withReference);
      assert(linked.includes('<a href="reference/all_symbols.html">'));
      assert(
        linked.includes(
          "<code>lib/nn/</code></a>: The note itself: <code>softmax</code> &amp; co.",
        ),
      );
      assert(linked.includes("stale: lib/ changed since"));
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});

Deno.test({
  name: "each notebook page links the previous and next notebook, the index and the reference",
  ignore: !permitted,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "nn_notes_nav_" });
    try {
      const names = ["01_a.ipynb", "02_b.ipynb", "03_c.ipynb"];
      for (const [i, name] of names.entries()) {
        await Deno.writeTextFile(`${dir}/${name}`, titled(`Title ${"ABC"[i]}`));
      }
      const nav = await notebookNav(dir, names);
      assertEquals(nav.get("01_a.ipynb"), {
        previous: undefined,
        next: { href: "02_b.html", title: "Title B" },
      });
      const page = decoratePage("<html><head></head><body><p>cells</p></body></html>", {
        nav: nav.get("02_b.ipynb"),
      });
      for (const link of ['rel="prev" href="01_a.html"', 'rel="next" href="03_c.html"']) {
        assertStrictEquals(page.split(link).length, 3, `${link} above and below the cells`);
      }
      assert(page.includes('href="index.html"') && page.includes('href="index.html#reference"'));
      assert(!page.includes("This run failed"));
      const failed = decoratePage("<html><head></head><body></body></html>", {
        failure: { code_cell: 4, ename: "SyntaxError", evalue: "line 1, column 2: <oops>" },
      });
      assert(failed.includes("in code cell 4: SyntaxError: line 1, column 2: &lt;oops&gt;"));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
