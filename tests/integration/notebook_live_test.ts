// Figures survive any run order, a save and a reopen in the live classic Notebook. plotly.js
// travels once per kernel session, in the first figure's output; re-running or clearing that cell
// used to save a notebook with no copy of it, and every figure said "needs plotly.js" when it was
// reopened. The loader now puts itself back into the first figure's output before each save.
//
// Drives `jupyter notebook` on 127.0.0.1 with puppeteer-core and Debian's Chromium. Needs the
// integration permissions plus --allow-net=127.0.0.1 and --allow-sys (puppeteer); Jupyter and
// Chromium, or it is skipped (a failure under CI=true).

import { assert, assertEquals, assertStrictEquals } from "../_assert.ts";
import { BUILD_DIR, ROOT } from "../../tools/notebook_runner.ts";
import { stripNotebook } from "../../tools/strip_notebooks.ts";
import { jupyterPython, skipJupyter } from "./_jupyter.ts";
import { skipChromium } from "./_chromium.ts";
import {
  clearCell,
  codeCells,
  launchBrowser,
  openNotebook,
  runCells,
  save,
  startNotebookServer,
  waitForFigures,
} from "./_live_notebook.ts";

const FIXTURE = `${ROOT}/tests/fixtures/plots_three_figures.ipynb`;
const SHOTS = `${BUILD_DIR}/plots_browser`;

Deno.test({
  name: "figures draw after any run order, a save and a reopen in the live classic Notebook",
  ignore: skipJupyter || skipChromium,
  async fn(t) {
    const python = await jupyterPython();
    // Inside the repository, so that the kernel finds deno.json and @nn-notes/core.
    await Deno.mkdir(BUILD_DIR, { recursive: true });
    const dir = await Deno.makeTempDir({ dir: BUILD_DIR, prefix: "live_notebook_" });
    await Deno.mkdir(SHOTS, { recursive: true });
    const clean = await Deno.readTextFile(FIXTURE);
    const server = await startNotebookServer(python, dir);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 1100, height: 1400 });
      /** Opens a fresh copy of the fixture as `name` and returns its code cells. */
      const openCopy = async (name: string) => {
        await Deno.writeTextFile(`${dir}/${name}`, clean);
        await openNotebook(page, server.url(name));
        return await codeCells(page);
      };
      /** Saves, reopens, and says what the reopened page draws. */
      const saveAndReopen = async (name: string, shot: string) => {
        await save(page);
        await openNotebook(page, server.url(name));
        const seen = await waitForFigures(page, 3);
        await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
        return seen;
      };

      await t.step("run all, run the first figure's cell again, save, reopen", async () => {
        const cells = await openCopy("order_a.ipynb");
        await runCells(page, cells);
        assertEquals(await waitForFigures(page, 3), { figures: 3, drawn: 3, missing: 0 });
        await runCells(page, [cells[0]]); // the cell whose output carried plotly.js
        assertEquals(await waitForFigures(page, 3), { figures: 3, drawn: 3, missing: 0 });
        const seen = await saveAndReopen("order_a.ipynb", "live_rerun_first_reopened");
        assertEquals(seen, { figures: 3, drawn: 3, missing: 0 });
        // One copy of plotly.js is saved, not one per figure.
        const saved = await Deno.readTextFile(`${dir}/order_a.ipynb`);
        assertStrictEquals(saved.split("function nnNotesPlotlyLoader(").length - 1, 1);
      });

      await t.step("run out of order (3, 2, 1, then 1 again), save, reopen", async () => {
        const [first, second, third] = await openCopy("order_b.ipynb");
        // Cell 1 holds the imports, so it runs first once; then the figures in reverse order.
        await runCells(page, [first, third, second, first]);
        assertEquals(await waitForFigures(page, 3), { figures: 3, drawn: 3, missing: 0 });
        const seen = await saveAndReopen("order_b.ipynb", "live_out_of_order_reopened");
        assertEquals(seen, { figures: 3, drawn: 3, missing: 0 });
      });

      await t.step("clear the carrier's output, save, reopen: the other figures draw", async () => {
        const cells = await openCopy("order_c.ipynb");
        await runCells(page, cells);
        assertEquals(await waitForFigures(page, 3), { figures: 3, drawn: 3, missing: 0 });
        await clearCell(page, cells[0]);
        await save(page);
        await openNotebook(page, server.url("order_c.ipynb"));
        assertEquals(await waitForFigures(page, 2), { figures: 2, drawn: 2, missing: 0 });
      });

      await t.step(
        "deno task strip gives back the committed notebook after the session",
        async () => {
          const saved = JSON.parse(await Deno.readTextFile(`${dir}/order_a.ipynb`));
          assert(saved.cells.some((c: { outputs?: unknown[] }) => (c.outputs ?? []).length > 0));
          // The kernel describes itself in language_info (its TypeScript version): not an output.
          saved.metadata.language_info = JSON.parse(clean).metadata.language_info;
          const stripped = stripNotebook(JSON.stringify(saved));
          assert(stripped.problems.length > 0);
          assertStrictEquals(stripped.text, clean);
        },
      );
    } finally {
      await browser.close();
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
