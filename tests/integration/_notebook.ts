// Shared by the integration tests that read the notebooks, or write a small notebook and run it:
// the cells and nbformat 4.5 skeleton for Deno's kernel, once.

import { executeNotebook, NOTEBOOKS_DIR } from "../../tools/notebook_runner.ts";
import { listNotebooks, sourceText } from "../../tools/site.ts";

export { sourceText };

/** A cell as the tests write and read it. */
export interface Cell {
  cell_type: string;
  id: string;
  metadata: { tags?: string[] };
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

/** A code cell that has not run. */
export function codeCell(id: string, source: string, metadata: Cell["metadata"] = {}): Cell {
  return { cell_type: "code", id, metadata, source, outputs: [], execution_count: null };
}

/** A Markdown cell. */
export function markdownCell(id: string, source: string): Cell {
  return { cell_type: "markdown", id, metadata: {}, source };
}

/** The JSON text of a notebook for Deno's kernel holding `cells`, with `metadata` added. */
export function notebookJson(cells: Cell[], metadata: Record<string, unknown> = {}): string {
  return JSON.stringify({
    cells,
    metadata: {
      kernelspec: { name: "deno", display_name: "Deno", language: "typescript" },
      language_info: { name: "typescript" },
      ...metadata,
    },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

/** The numbered notebooks of notebooks/, in order, with their cells. */
export async function readNotebooks(): Promise<{ name: string; cells: Cell[] }[]> {
  const notebooks = [];
  for (const name of await listNotebooks(NOTEBOOKS_DIR)) {
    const nb = JSON.parse(await Deno.readTextFile(`${NOTEBOOKS_DIR}/${name}`));
    notebooks.push({ name, cells: nb.cells as Cell[] });
  }
  return notebooks;
}

/** An output of an executed cell. */
export type Output = {
  output_type: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
};

/** Options of {@linkcode runNotebook}. */
export interface RunOptions {
  /** Seconds a cell may run. @default the runner's */
  timeout?: number;
  /** Write the HTML page. @default true */
  html?: boolean;
  /** The kernel's working directory. @default the temporary folder */
  cwd?: string;
}

/**
 * Runs a notebook of these cells (a string is a code cell) as `00_case.ipynb` in a temporary
 * folder, removed afterwards; returns the result, the executed cells and the page (empty when
 * `html` is false).
 */
export async function runNotebook(
  python: string,
  cells: (string | Cell)[],
  options: RunOptions = {},
): Promise<{
  result: Awaited<ReturnType<typeof executeNotebook>>;
  cells: { outputs: Output[]; execution_count: number | null }[];
  html: string;
}> {
  const dir = await Deno.makeTempDir({ prefix: "nn_notes_case_" });
  try {
    const notebook = cells.map((c, i) => typeof c === "string" ? codeCell(`c${i}`, c) : c);
    await Deno.writeTextFile(`${dir}/00_case.ipynb`, notebookJson(notebook));
    const html = options.html ?? true;
    const result = await executeNotebook(python, `${dir}/00_case.ipynb`, {
      outDir: `${dir}/out`,
      timeout: options.timeout,
      html,
      cwd: options.cwd,
    });
    const executed = JSON.parse(await Deno.readTextFile(result.ipynb));
    return {
      result,
      cells: executed.cells,
      html: html ? await Deno.readTextFile(result.html) : "",
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
