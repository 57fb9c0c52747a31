/**
 * `deno task strip`: takes what a Jupyter session leaves in the notebooks out again — outputs,
 * execution counts, per-cell run metadata (timings, scroll and collapse state) and the runner's
 * record — so that what is committed is the notebook's text only. Cell sources, ids, tags and
 * the notebook's kernelspec stay as they are.
 *
 * `deno task check` runs it with `--check`: nothing is written; each notebook that is not clean is
 * listed with what is in it, and the exit code is 1. The tests never look at outputs, so a
 * student can run and save the notebooks in `deno task lab` and `deno task test` still passes.
 *
 * ```sh
 * deno run --allow-read --allow-write tools/strip_notebooks.ts [--check] [folders or files]
 * ```
 *
 * Without paths it works on notebooks/ and tests/fixtures/.
 *
 * @module
 */

/** Cell metadata keys that only record a session: timings, view state. */
export const SESSION_CELL_KEYS: readonly string[] = [
  "execution",
  "collapsed",
  "scrolled",
  "jupyter",
  "ExecuteTime",
  "trusted",
];

/** Notebook metadata keys that only record a run or a session. */
export const SESSION_NOTEBOOK_KEYS: readonly string[] = ["nn_notes_run", "widgets"];

/** What stripping a notebook found and what it gives. */
export interface Stripped {
  /** One line per thing taken out, e.g. `cell 4: 2 outputs`; empty when clean. */
  problems: string[];
  /** The clean notebook, in nbformat's layout (sorted keys, one-space indent, final newline). */
  text: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const sorted: { [key: string]: Json } = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}

/** Removes outputs, execution counts and session metadata from a notebook's JSON text. */
export function stripNotebook(text: string): Stripped {
  const nb = JSON.parse(text);
  if (typeof nb !== "object" || nb === null || !Array.isArray(nb.cells)) {
    throw new TypeError("Not a notebook: no cells array at the top level");
  }
  const problems: string[] = [];
  nb.cells.forEach((cell: Record<string, unknown>, i: number) => {
    const where = `cell ${i + 1}`;
    if (cell.cell_type === "code") {
      const outputs = Array.isArray(cell.outputs) ? cell.outputs.length : 0;
      if (outputs > 0) problems.push(`${where}: ${outputs} output${outputs === 1 ? "" : "s"}`);
      if (cell.execution_count !== null) {
        problems.push(`${where}: execution count ${JSON.stringify(cell.execution_count)}`);
      }
      cell.outputs = [];
      cell.execution_count = null;
    }
    const metadata = (cell.metadata ?? {}) as Record<string, unknown>;
    const session = SESSION_CELL_KEYS.filter((key) => key in metadata);
    if (session.length > 0) problems.push(`${where}: run metadata ${session.join(", ")}`);
    for (const key of session) delete metadata[key];
  });
  const metadata = (nb.metadata ?? {}) as Record<string, unknown>;
  const session = SESSION_NOTEBOOK_KEYS.filter((key) => key in metadata);
  if (session.length > 0) problems.push(`notebook metadata: ${session.join(", ")}`);
  for (const key of session) delete metadata[key];
  return { problems, text: `${JSON.stringify(sortKeys(nb), null, 1)}\n` };
}

/** The `.ipynb` files among the paths (folders are read one level deep), sorted. */
export async function notebookFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if ((await Deno.stat(path)).isDirectory) {
      for await (const entry of Deno.readDir(path)) {
        if (entry.isFile && entry.name.endsWith(".ipynb")) {
          files.push(`${path.replace(/\/$/, "")}/${entry.name}`);
        }
      }
    } else {
      files.push(path);
    }
  }
  return files.sort();
}

/** The notebooks among the paths that carry outputs or run metadata. */
export async function uncleanNotebooks(paths: string[]): Promise<string[]> {
  const dirty: string[] = [];
  for (const file of await notebookFiles(paths)) {
    if (stripNotebook(await Deno.readTextFile(file)).problems.length > 0) dirty.push(file);
  }
  return dirty;
}

async function main(args: string[]): Promise<number> {
  const check = args.includes("--check");
  const unknown = args.filter((a) => a.startsWith("-") && a !== "--check");
  if (unknown.length > 0) {
    console.error(`unknown option ${unknown[0]}; usage: strip_notebooks.ts [--check] [paths]`);
    return 64;
  }
  const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
  const given = args.filter((a) => !a.startsWith("-"));
  const paths = given.length > 0 ? given : [`${root}/notebooks`, `${root}/tests/fixtures`];
  const dirty: string[] = [];
  for (const file of await notebookFiles(paths)) {
    const { problems, text } = stripNotebook(await Deno.readTextFile(file));
    if (problems.length === 0) continue;
    dirty.push(file);
    const shown = problems.slice(0, 5).concat(
      problems.length > 5 ? [`… and ${problems.length - 5} more`] : [],
    );
    if (check) {
      console.error(`${file} is not clean:\n${shown.map((p) => `  ${p}`).join("\n")}`);
    } else {
      await Deno.writeTextFile(file, text);
      console.log(
        `${file}: stripped (${problems.length} thing${problems.length === 1 ? "" : "s"})`,
      );
    }
  }
  if (check && dirty.length > 0) {
    console.error(
      `${dirty.length} notebook${dirty.length === 1 ? "" : "s"} carry outputs or run ` +
        `metadata: run \`deno task strip\` before committing.`,
    );
    return 1;
  }
  if (!check && dirty.length === 0) console.log("Every notebook is clean.");
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
