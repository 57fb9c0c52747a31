// The classic Notebook served on loopback and driven by headless Chromium through puppeteer-core,
// for the tests that need the live Jupyter UI (run cells, save, reopen) rather than nbconvert.

import type { Browser, Page } from "puppeteer-core";
import { chromium, CHROMIUM_FLAGS } from "./_chromium.ts";

/** A running `jupyter notebook` serving one folder on 127.0.0.1. */
export interface NotebookServer {
  /** The URL of a notebook in the folder, with the server's token. */
  url(name: string): string;
  /** Stops the server (and its kernels). */
  stop(): Promise<void>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Starts the classic Notebook on 127.0.0.1 for `dir`, with a fresh config and a random token. */
export async function startNotebookServer(python: string, dir: string): Promise<NotebookServer> {
  const port = freePort();
  const token = crypto.randomUUID().replaceAll("-", "");
  const config = await Deno.makeTempDir({ prefix: "nn_notes_jupyter_config_" });
  const child = new Deno.Command(python, {
    args: [
      "-m",
      "notebook",
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${dir}`,
      ...(Deno.uid() === 0 ? ["--allow-root"] : []),
    ],
    cwd: dir,
    env: { JUPYTER_CONFIG_DIR: config, PYDEVD_DISABLE_FILE_VALIDATION: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  const reading = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) log.push(chunk);
  })();
  const stop = async (): Promise<void> => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await child.status;
    clearTimeout(timer);
    await reading;
    await Deno.remove(config, { recursive: true });
  };
  const deadline = Date.now() + 60_000;
  while (true) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/status?token=${token}`);
      await response.body?.cancel();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`jupyter notebook did not start in 60 s:\n${log.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url: (name) => `http://127.0.0.1:${port}/notebooks/${encodeURIComponent(name)}?token=${token}`,
    stop,
  };
}

/** Headless Chromium with the project's flags; only loopback resolves. */
export async function launchBrowser(): Promise<Browser> {
  if (chromium === undefined) throw new Error("Chromium is not installed");
  const flags = CHROMIUM_FLAGS
    .filter((f) => f !== "--headless")
    .map((f) => f.startsWith("--host-resolver-rules=") ? `${f}, EXCLUDE 127.0.0.1` : f);
  // Imported here, not at the top: puppeteer reads the environment as it loads, which would fail
  // this module under plain `deno test` (no permissions), where the test is only listed as ignored.
  const { default: puppeteer } = await import("puppeteer-core");
  return await puppeteer.launch({ executablePath: chromium, headless: true, args: flags });
}

// What runs in the page: the classic Notebook's global API, typed loosely.
type Jupyter = {
  notebook: {
    _fully_loaded: boolean;
    kernel: { is_connected(): boolean } | null;
    get_cells(): {
      cell_type: string;
      input_prompt_number: number | string | null;
      execute(): void;
      clear_output(): void;
      output_area: { outputs: { data?: Record<string, unknown> }[] };
    }[];
    save_notebook(): Promise<void>;
    clear_all_output(): void;
  };
};

// The page's DOM, as much of it as these tests touch (Deno's types have no DOM).
type Element = {
  classList: { contains(name: string): boolean };
  querySelector(selector: string): unknown;
  textContent: string | null;
};
type PageGlobals = { document: { querySelectorAll(selector: string): Iterable<Element> } };

/** Opens (or reopens) a notebook and waits until it is loaded and its kernel connected. */
export async function openNotebook(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => {
    const nb = (globalThis as unknown as { Jupyter?: Jupyter }).Jupyter?.notebook;
    return nb?._fully_loaded === true && nb.kernel?.is_connected() === true;
  }, { timeout: 60_000 });
}

/** Runs the code cells at these indices one after the other, each to its end. */
export async function runCells(page: Page, indices: number[]): Promise<void> {
  for (const index of indices) {
    await page.evaluate((i) => {
      const cell = (globalThis as unknown as { Jupyter: Jupyter }).Jupyter.notebook.get_cells()[i];
      cell.input_prompt_number = "*";
      cell.execute();
    }, index);
    await page.waitForFunction(
      (i) => {
        const cell =
          (globalThis as unknown as { Jupyter: Jupyter }).Jupyter.notebook.get_cells()[i];
        return typeof cell.input_prompt_number === "number";
      },
      { timeout: 60_000 },
      index,
    );
  }
}

/** Indices of the code cells, in order. */
export async function codeCells(page: Page): Promise<number[]> {
  return await page.evaluate(() =>
    (globalThis as unknown as { Jupyter: Jupyter }).Jupyter.notebook.get_cells()
      .map((c, i) => c.cell_type === "code" ? i : -1).filter((i) => i >= 0)
  );
}

/** Clears one cell's outputs, as Cell → Current Outputs → Clear does. */
export async function clearCell(page: Page, index: number): Promise<void> {
  await page.evaluate((i) => {
    (globalThis as unknown as { Jupyter: Jupyter }).Jupyter.notebook.get_cells()[i].clear_output();
  }, index);
}

/** Saves the notebook (File → Save). */
export async function save(page: Page): Promise<void> {
  await page.evaluate(() =>
    (globalThis as unknown as { Jupyter: Jupyter }).Jupyter.notebook.save_notebook()
  );
}

/** Figures on the page, how many plotly drew, and any "needs plotly.js" text shown. */
export async function figures(
  page: Page,
): Promise<{ figures: number; drawn: number; missing: number }> {
  return await page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    const all = [...document.querySelectorAll(".nn-notes-figure")];
    return {
      figures: all.length,
      drawn: all.filter((el) =>
        el.classList.contains("js-plotly-plot") && el.querySelector(".main-svg") !== null
      ).length,
      missing: all.filter((el) =>
        (el.textContent ?? "").includes("needs plotly.js")
      ).length,
    };
  });
}

/** Waits until `n` figures are on the page and drawn; returns what is there after at most 30 s. */
export async function waitForFigures(
  page: Page,
  n: number,
): Promise<{ figures: number; drawn: number; missing: number }> {
  try {
    await page.waitForFunction(
      (want) => {
        const { document } = globalThis as unknown as PageGlobals;
        const all = [...document.querySelectorAll(".nn-notes-figure")];
        return all.length === want &&
          all.every((el) =>
            el.classList.contains("js-plotly-plot") && el.querySelector(".main-svg")
          );
      },
      { timeout: 30_000 },
      n,
    );
  } catch {
    // report what is there instead
  }
  return await figures(page);
}
