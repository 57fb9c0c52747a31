// Figures drawn in a real browser: notebooks that show figures run through Jupyter with the Deno
// kernel, are exported with nbconvert, and are opened in headless Chromium with the network cut
// off; every figure must be drawn (a .js-plotly-plot element holding its main-svg). Screenshots
// are kept under build/plots_browser/.
//
// Needs: the integration permissions (see _permitted.ts; `deno task test` grants them to
// tests/integration/); Jupyter and Chromium, or it is skipped (a failure under CI=true).

import { heatmap, linePlot, Matrix } from "../../lib/mod.ts";
import { assert, assertStrictEquals } from "../_assert.ts";
import { BUILD_DIR, executeNotebook, ROOT } from "../../tools/notebook_runner.ts";
import { jupyterPython, skipJupyter } from "./_jupyter.ts";
import { loadPage, skipChromium } from "./_chromium.ts";

const FIXTURES = `${ROOT}/tests/fixtures`;
const SHOTS = `${BUILD_DIR}/plots_browser`;
const MB = 1024 * 1024;

/** Texts a figure shows on the page only when it could not be drawn. */
const FAILURE_TEXTS = [
  "This figure needs plotly.js",
  "could not be drawn",
  "did not load",
  "could not be read",
  "This text stays only when",
];

interface Drawn {
  /** Figure divs on the page. */
  figures: number;
  /** Of those, how many plotly drew (class js-plotly-plot with a main-svg inside). */
  drawn: number;
  /** Failure messages found on the page. */
  failures: string[];
}

/** Counts the library's figure divs in a DOM and how many of them plotly drew. */
function inspect(dom: string): Drawn {
  // The scripts hold the failure texts too; only what is left outside them is on the page.
  const visible = dom.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "");
  const starts = [...dom.matchAll(/<div id="nn-notes-fig-[^"]*"([^>]*)>/g)];
  let drawn = 0;
  starts.forEach((m, i) => {
    const end = i + 1 < starts.length ? starts[i + 1].index : dom.length;
    const body = dom.slice(m.index, end);
    if (/class="[^"]*\bjs-plotly-plot\b/.test(m[1]) && body.includes('class="main-svg"')) {
      drawn++;
    }
  });
  return {
    figures: starts.length,
    drawn,
    failures: FAILURE_TEXTS.filter((t) => visible.includes(t)),
  };
}

/** The number of outputs of an executed notebook that are figures. */
async function figureOutputs(ipynb: string): Promise<number> {
  const nb = JSON.parse(await Deno.readTextFile(ipynb));
  let n = 0;
  for (const cell of nb.cells) {
    for (const out of cell.outputs ?? []) {
      if (out.data?.["application/vnd.plotly.v1+json"] !== undefined) n++;
    }
  }
  return n;
}

Deno.test({
  name: "figures of executed notebooks are drawn in the exported HTML, offline",
  ignore: skipJupyter || skipChromium,
  async fn(t) {
    const python = await jupyterPython();
    await Deno.mkdir(SHOTS, { recursive: true });
    const outDir = await Deno.makeTempDir({ prefix: "nn_notes_plots_" });
    try {
      const cases = [
        { name: "plots_three_figures", figures: 3, budget: 2.5 * MB, height: 1800 },
        { name: "plots_gallery", figures: 8, budget: Infinity, height: 5600 },
      ];
      for (const c of cases) {
        await t.step(`${c.name}: every figure is drawn`, async () => {
          const result = await executeNotebook(python, `${FIXTURES}/${c.name}.ipynb`, { outDir });
          assert(
            result.status === "ok",
            `${c.name} failed: ${result.error?.evalue ?? ""}\n${result.stderr}`,
          );
          assertStrictEquals(await figureOutputs(result.ipynb), c.figures, "figure outputs");
          const size = (await Deno.stat(result.ipynb)).size;
          const html = (await Deno.stat(result.html)).size;
          console.log(
            `${c.name}: executed notebook ${(size / MB).toFixed(2)} MB, ` +
              `HTML ${(html / MB).toFixed(2)} MB, ${c.figures} figures`,
          );
          if (Number.isFinite(c.budget)) {
            assert(size <= c.budget, `${c.name}.ipynb is ${size} bytes, over ${c.budget}`);
          }
          const shot = `${SHOTS}/${c.name}.png`;
          const dom = await loadPage(result.html, {
            screenshot: shot,
            windowSize: `1100,${c.height}`,
          });
          const seen = inspect(dom);
          assertStrictEquals(seen.failures.length, 0, `failure text: ${seen.failures}`);
          assertStrictEquals(seen.figures, c.figures, "figure divs on the page");
          assertStrictEquals(seen.drawn, c.figures, "figures drawn");
          assert((await Deno.stat(shot)).size > 20_000, "a screenshot with something in it");
        });
      }
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  },
});

Deno.test({
  name: "figures on plain pages: drawn with embedded plotly.js, a visible message without it",
  ignore: skipChromium,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "nn_notes_pages_" });
    const page = async (name: string, body: string): Promise<string> => {
      const path = `${dir}/${name}.html`;
      await Deno.writeTextFile(path, `<!DOCTYPE html><html><body>${body}</body></html>`);
      return path;
    };
    const first = linePlot([3, 1, 2], { title: "First" });
    const second = heatmap(Matrix.from([[1, -1], [0, 2]]), { title: "Second" });
    try {
      await t.step("without plotly.js the page says so instead of staying blank", async () => {
        const seen = inspect(await loadPage(await page("missing", first.toBundle()["text/html"])));
        assertStrictEquals(seen.drawn, 0);
        assert(seen.failures.includes("This figure needs plotly.js"));
      });
      await t.step("the first figure carries plotly.js and a later one reuses it", async () => {
        const html = (await first.toBundleWithPlotly())["text/html"] +
          second.toBundle()["text/html"];
        const seen = inspect(await loadPage(await page("embedded", html)));
        assertStrictEquals(seen.failures.length, 0, `failure text: ${seen.failures}`);
        assertStrictEquals(seen.drawn, 2);
      });
      await t.step(
        "a figure above the one carrying plotly.js is drawn when it arrives",
        async () => {
          const html = second.toBundle()["text/html"] +
            (await first.toBundleWithPlotly())["text/html"];
          const seen = inspect(await loadPage(await page("out_of_order", html)));
          assertStrictEquals(seen.failures.length, 0, `failure text: ${seen.failures}`);
          assertStrictEquals(seen.drawn, 2);
        },
      );
      await t.step(
        "an AMD loader on the page (require.js) does not hide window.Plotly",
        async () => {
          const amd = `<script>window.define = function () {}; window.define.amd = {};` +
            `window.require = function () {};</script>`;
          const html = amd + (await first.toBundleWithPlotly())["text/html"];
          const seen = inspect(await loadPage(await page("amd", html)));
          assertStrictEquals(seen.drawn, 1);
        },
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
