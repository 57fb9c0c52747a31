/**
 * `deno task notebooks [filter]`: the project's main job. Executes every notebooks/NN_*.ipynb (or
 * those whose name contains `filter`) in a fresh Deno kernel through Jupyter, writes the executed
 * notebooks, standalone HTML pages and index.html under build/, prints one line per notebook and
 * exits with 1 when any cell failed (2 when Jupyter is missing).
 *
 * @module
 */

import {
  BUILD_DIR,
  ensureMathJax,
  executeNotebook,
  listNotebooks,
  type NotebookResult,
  NOTEBOOKS_DIR,
  notebookTitle,
  prepareJupyter,
  writeIndex,
} from "./notebook_runner.ts";

function line(result: NotebookResult): string {
  const name = result.name.replace(/\.ipynb$/, "").padEnd(24);
  const cells = `${result.cells} cells`.padStart(10);
  const seconds = `${result.seconds.toFixed(1)} s`.padStart(8);
  const kernel = `(cells ${result.kernelSeconds.toFixed(1)} s)`.padStart(17);
  const status = result.status === "ok"
    ? "ok"
    : `FAILED in code cell ${result.error?.code_cell ?? "?"}`;
  return `${name}${cells}${seconds} ${kernel}  ${status}`;
}

function describeFailure(result: NotebookResult): string {
  const error = result.error;
  const parts = [`\n── ${result.name}: code cell ${error?.code_cell ?? "?"} failed ──`];
  if (error?.source) parts.push(error.source.replace(/^/gm, "  │ "));
  parts.push(error?.traceback || `${error?.ename}: ${error?.evalue}`);
  if (!error?.source && result.stderr.trim()) parts.push(result.stderr.trim());
  parts.push(`(executed copy: ${result.ipynb})`);
  return parts.join("\n");
}

async function main(args: string[]): Promise<number> {
  const filter = args[0];
  const python = await prepareJupyter();
  if (python === undefined) return 2;
  const notebooks = await listNotebooks(NOTEBOOKS_DIR, filter);
  if (notebooks.length === 0) {
    console.error(`No notebooks${filter ? ` matching "${filter}"` : ""} in ${NOTEBOOKS_DIR}.`);
    return 1;
  }
  await ensureMathJax(BUILD_DIR);

  const started = performance.now();
  const results: NotebookResult[] = [];
  const titles = new Map<string, string>();
  for (const name of notebooks) {
    const path = `${NOTEBOOKS_DIR}/${name}`;
    titles.set(name, await notebookTitle(path));
    const result = await executeNotebook(python, path, { outDir: BUILD_DIR });
    results.push(result);
    console.log(line(result));
  }
  const total = (performance.now() - started) / 1000;
  const index = await writeIndex(results, titles, BUILD_DIR);
  const failed = results.filter((r) => r.status !== "ok");
  for (const result of failed) console.error(describeFailure(result));
  console.log(
    `${results.length} notebooks, ${results.reduce((sum, r) => sum + r.cells, 0)} cells, ${
      total.toFixed(1)
    } s total; ${failed.length} failed. Open ${index}`,
  );
  return failed.length === 0 ? 0 : 1;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
