/**
 * `deno task solutions [--run] [filter]`: the teacher's copies of the notebooks. Each copy has
 * every "Your turn" stub replaced by its model solution (from `solutions/`, through
 * `exercises/manifest.json`) and each inline question followed by its model answer (from
 * `solutions/answers.md`), and goes to `build/solutions/NN_name.ipynb`; the committed notebooks
 * stay the student version.
 *
 * With `--run`, each copy is then executed through Jupyter with Deno's kernel, as
 * `deno task notebooks` does, and written back with its outputs and an HTML page beside it; the
 * command fails unless every check in it passed. `filter` keeps the notebooks whose name
 * contains it.
 *
 * ```sh
 * deno task solutions              # build/solutions/01_backpropagation.ipynb, …
 * deno task solutions --run 02     # 02_softmax solved, executed, with build/solutions/02_softmax.html
 * ```
 *
 * @module
 */

import type { Manifest } from "./exercise_manifest.ts";
import { type Cell, lines, type Notebook, variant, verifyExecuted } from "./exercise_variants.ts";
import { notebookText } from "./exercise_notebooks.ts";
import {
  BUILD_DIR,
  ensureMathJax,
  executeNotebook,
  NOTEBOOKS_DIR,
  prepareJupyter,
  ROOT,
} from "./notebook_runner.ts";

/** Where the solved copies go. */
export const SOLUTIONS_DIR: string = `${BUILD_DIR}/solutions`;

/** The model answers of `solutions/answers.md`, by question id (its `### <id>` headings). */
export function parseAnswers(text: string): Map<string, string> {
  const answers = new Map<string, string>();
  const parts = text.split(/^### (\S+)[ \t]*$/m);
  for (let i = 1; i < parts.length; i += 2) {
    answers.set(parts[i], parts[i + 1].split(/^#{1,3} /m)[0].trim());
  }
  return answers;
}

/**
 * The teacher's copy of a notebook: the solutions variant (every stub holds its model solution),
 * a note under the title saying so, and after each inline question a Markdown cell
 * (id `a-<id>`) with its model answer. Throws when a question has no answer.
 */
export function solvedNotebook(
  nb: Notebook,
  manifest: Manifest,
  answers: ReadonlyMap<string, string>,
): Notebook {
  const solved = variant(nb, manifest, { kind: "solutions" }).notebook;
  const [title, ...rest] = solved.cells;
  const cells: Cell[] = [
    title,
    markdown(
      "solved-note",
      "> **Teacher's copy**, made by `deno task solutions`: every *Your turn* cell holds its " +
        "model solution (from `solutions/`) and every inline question is followed by its model " +
        "answer (from `solutions/answers.md`). Students work in `notebooks/`.",
    ),
  ];
  for (const cell of rest) {
    cells.push(cell);
    const question = (cell.metadata?.nn_notes as { question?: unknown } | undefined)?.question;
    if (typeof question !== "string") continue;
    const answer = answers.get(question);
    if (answer === undefined) throw new Error(`solutions/answers.md has no ${question}`);
    cells.push(markdown(`a-${question}`, `**Model answer** (\`${question}\`). ${answer}`));
  }
  return { ...solved, cells };
}

function markdown(id: string, text: string): Cell {
  return { cell_type: "markdown", id, metadata: {}, source: lines(text) };
}

async function main(args: string[]): Promise<number> {
  const run = args.includes("--run");
  const filter = args.find((a) => !a.startsWith("-"));
  const unknown = args.filter((a) => a.startsWith("-") && a !== "--run");
  if (unknown.length > 0) {
    console.error(`unknown option ${unknown[0]}; usage: deno task solutions [--run] [filter]`);
    return 64;
  }
  const manifest = JSON.parse(
    await Deno.readTextFile(`${ROOT}/exercises/manifest.json`),
  ) as Manifest;
  const answers = parseAnswers(await Deno.readTextFile(`${ROOT}/solutions/answers.md`));
  const names = manifest.notebooks.map((n) => n.notebook)
    .filter((name) => filter === undefined || name.includes(filter));
  if (names.length === 0) {
    console.error(`no notebook matches ${JSON.stringify(filter)}`);
    return 1;
  }
  await Deno.mkdir(SOLUTIONS_DIR, { recursive: true });
  const python = run ? await prepareJupyter() : undefined;
  if (run && python === undefined) return 2;
  if (run) await ensureMathJax(SOLUTIONS_DIR);
  let failed = 0;
  for (const name of names) {
    const nb = JSON.parse(await Deno.readTextFile(`${NOTEBOOKS_DIR}/${name}`)) as Notebook;
    const solved = solvedNotebook(nb, manifest, answers);
    const path = `${SOLUTIONS_DIR}/${name}`;
    await Deno.writeTextFile(path, notebookText(solved));
    if (python === undefined) {
      console.log(`wrote ${path}`);
      continue;
    }
    const result = await executeNotebook(python, path, {
      outDir: SOLUTIONS_DIR,
      cwd: NOTEBOOKS_DIR,
    });
    const executed = JSON.parse(await Deno.readTextFile(result.ipynb)) as Notebook;
    const { expectations } = variant(solved, manifest, { kind: "solutions" });
    const problems = result.status === "ok" ? verifyExecuted(executed, expectations) : [
      `code cell ${result.error?.code_cell ?? "?"} failed: ${result.error?.evalue ?? ""}`,
    ];
    if (problems.length > 0) failed++;
    console.log(
      `${name}: ${expectations.length} checks ${problems.length === 0 ? "passed" : "FAILED"}` +
        ` in ${result.seconds.toFixed(1)} s; ${result.ipynb}, ${result.html}`,
    );
    for (const problem of problems) console.error(`  ${problem}`);
  }
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
