/**
 * `deno task notebooks [--timeout SECONDS] [filter]`: the project's main job. Executes every
 * notebooks/NN_*.ipynb (or those whose name contains `filter`) in a fresh Deno kernel through
 * Jupyter, writes the executed notebooks and standalone HTML pages under build/, rewrites
 * build/index.html from what build/ then holds, prints one line per notebook and exits with 1
 * when any notebook failed (2 when Jupyter is missing, 64 on a bad argument).
 *
 * A cell may run `--timeout` seconds (120 by default); one that runs longer, one that does not
 * parse, and one whose kernel dies are reported with the notebook, the code cell's number and its
 * first lines.
 *
 * @module
 */

import {
  BUILD_DIR,
  DEFAULT_TIMEOUT,
  ensureMathJax,
  executeNotebook,
  LIB_DIR,
  type NotebookResult,
  NOTEBOOKS_DIR,
  prepareJupyter,
} from "./notebook_runner.ts";
import { listNotebooks, notebookNav, writeIndex } from "./site.ts";

/** How many lines of a failing cell the report shows. */
const SHOWN_LINES = 8;

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

/** The failure report: notebook, cell number, the cell's first lines and the error. */
export function describeFailure(result: NotebookResult): string {
  const error = result.error;
  const how = {
    exception: "failed",
    syntax: "does not parse",
    timeout: "timed out",
    "dead-kernel": "killed the kernel",
    runner: "could not be run",
  }[error?.kind ?? "exception"];
  const parts = [`\n── ${result.name}: code cell ${error?.code_cell ?? "?"} ${how} ──`];
  if (error?.source) {
    const lines = error.source.split("\n");
    const shown = lines.slice(0, SHOWN_LINES).map((l, i) => `${String(i + 1).padStart(4)} │ ${l}`);
    if (lines.length > SHOWN_LINES) {
      shown.push(`     │ … (${lines.length - SHOWN_LINES} more lines)`);
    }
    parts.push(shown.join("\n"));
  }
  parts.push(error?.traceback || `${error?.ename}: ${error?.evalue}`);
  if (error?.kind !== "syntax" && error?.evalue && !error.traceback.includes(error.evalue)) {
    parts.push(`${error.ename}: ${error.evalue}`);
  }
  if (!error?.source && result.stderr.trim()) parts.push(result.stderr.trim());
  parts.push(`(executed copy: ${result.ipynb}; page: ${result.html})`);
  return parts.join("\n");
}

/** The command line: `--timeout SECONDS` (or `--timeout=SECONDS`) and an optional filter. */
export function parseArgs(args: string[]): { timeout: number; filter?: string } | string {
  let timeout = DEFAULT_TIMEOUT;
  let filter: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--timeout" || arg.startsWith("--timeout=")) {
      const value = arg === "--timeout" ? args[++i] : arg.slice("--timeout=".length);
      timeout = Number(value);
      if (!Number.isInteger(timeout) || timeout <= 0) {
        return `--timeout takes a whole number of seconds above 0, got ${JSON.stringify(value)}`;
      }
    } else if (arg.startsWith("-")) {
      return `unknown option ${arg}; usage: deno task notebooks [--timeout SECONDS] [filter]`;
    } else if (filter === undefined) {
      filter = arg;
    } else {
      return `one filter only, got ${JSON.stringify(filter)} and ${JSON.stringify(arg)}`;
    }
  }
  return { timeout, filter };
}

async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    console.error(parsed);
    return 64;
  }
  const { timeout, filter } = parsed;
  const python = await prepareJupyter();
  if (python === undefined) return 2;
  const all = await listNotebooks(NOTEBOOKS_DIR);
  const notebooks = filter === undefined ? all : all.filter((name) => name.includes(filter));
  if (notebooks.length === 0) {
    console.error(`No notebooks${filter ? ` matching "${filter}"` : ""} in ${NOTEBOOKS_DIR}.`);
    return 1;
  }
  await ensureMathJax(BUILD_DIR);

  const started = performance.now();
  const results: NotebookResult[] = [];
  const nav = await notebookNav(NOTEBOOKS_DIR, all);
  for (const name of notebooks) {
    const result = await executeNotebook(python, `${NOTEBOOKS_DIR}/${name}`, {
      outDir: BUILD_DIR,
      timeout,
      nav: nav.get(name),
    });
    results.push(result);
    console.log(line(result));
  }
  const total = (performance.now() - started) / 1000;
  const index = await writeIndex(BUILD_DIR, NOTEBOOKS_DIR, LIB_DIR);
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
