/**
 * Notebook variants for the exercises, from `exercises/manifest.json`.
 *
 * A notebook marks its exercise cells by tags and metadata: the setup cell carries the tag
 * `exercise-setup`; each stub cell the tag `exercise`, each check cell the tag `check`, each
 * Markdown lead-in the tag `exercise-intro`, all three with `metadata.nn_notes = { "exercise":
 * "<id>" }`; an inline question the tag `question` and `{ "question": "<id>" }`.
 * {@linkcode exerciseCells} builds such cells; tools/exercise_notebooks.ts puts them where each
 * belongs in the real notebooks, and {@linkcode withExercises} inserts a whole set at one place
 * (for notebooks made up in tests).
 *
 * The three ways the tests run a notebook:
 * 1. as committed: every check says "not implemented yet" ({@linkcode variant} `committed`);
 * 2. with the model solutions in the stub cells: every check passes (`solutions`);
 * 3. with one planted mistake: that check fails naming it, nothing else does (`mistake`).
 *
 * Each variant comes with the outcome expected of every check cell, which
 * {@linkcode verifyExecuted} compares with the executed notebook. {@linkcode drill} puts all three
 * into ONE notebook, so a single kernel start runs them: after each committed check cell it
 * appends each mistake with a copy of the check (tagged `raises-exception`, so Jupyter goes on
 * after the expected failure), then the solution with a copy of the check, then the stubs again, so
 * that the notebook's own later cells see the state they see as committed. Every cell the drill
 * adds names, in its metadata, the exercise and the mode it serves, and {@linkcode verifyExecuted}
 * names them in each problem it finds ("cell 12 (softmax, planted mistake global-max): …").
 *
 * ```sh
 * deno run --allow-read --allow-write tools/exercise_variants.ts solutions in.ipynb out.ipynb
 * deno run --allow-read --allow-write tools/exercise_variants.ts mistake:linearBackward/transposed-dW in.ipynb out.ipynb
 * deno run --allow-read --allow-write tools/exercise_variants.ts drill in.ipynb out.ipynb
 * ```
 *
 * @module
 */

import type { Manifest, ManifestExercise } from "./exercise_manifest.ts";
import { METADATA_KEY, TAGS } from "./exercise_manifest.ts";

/** A notebook cell as nbformat 4 stores it. */
export interface Cell {
  /** "code", "markdown" or "raw". */
  cell_type: string;
  /** The cell's id (nbformat ≥ 4.5). */
  id?: string;
  /** Tags and other metadata. */
  metadata: Record<string, unknown>;
  /** The text, whole or as lines. */
  source: string | string[];
  /** Code cells: what running it showed. */
  outputs?: Output[];
  /** Code cells: its execution number, null before it ran. */
  execution_count?: number | null;
  /** Markdown cells: attachments. */
  attachments?: Record<string, unknown>;
}

/** One output of a code cell. */
export interface Output {
  /** "stream", "display_data", "execute_result" or "error". */
  output_type: string;
  /** For display_data and execute_result: the MIME bundle. */
  data?: Record<string, string | string[]>;
  /** For errors: the error's name. */
  ename?: string;
  /** For errors: its message. */
  evalue?: string;
  /** For stream outputs. */
  text?: string | string[];
}

/** A notebook as nbformat 4 stores it. */
export interface Notebook {
  /** The cells. */
  cells: Cell[];
  /** Kernel and language information. */
  metadata: Record<string, unknown>;
  /** 4. */
  nbformat: number;
  /** 5 for cell ids. */
  nbformat_minor: number;
}

/** What a check cell must show when the notebook has run. */
export interface Expectation {
  /** The index of the check cell in the variant notebook. */
  cell: number;
  /** The exercise it checks. */
  exercise: string;
  /** "not-implemented": a friendly line, no error; "passed": ✓; "failed": an error matching `expect`. */
  outcome: "not-implemented" | "passed" | "failed";
  /** For "failed": the planted mistake's id. */
  mistake?: string;
  /** For "failed": the regular expression (source) its message must match. */
  expect?: string;
}

/** A notebook to run, and what each of its check cells must show. */
export interface Prepared {
  /** The notebook, outputs cleared. */
  notebook: Notebook;
  /** One per check cell. */
  expectations: Expectation[];
}

/** Which variant to make. */
export type VariantKind =
  | { kind: "committed" }
  | { kind: "solutions" }
  | { kind: "mistake"; exercise: string; mistake: string };

/** The tag that lets Jupyter (nbclient) go on after a cell raised. */
export const RAISES = "raises-exception";

/** A cell's source as one string. */
export function sourceOf(cell: Cell): string {
  return text(cell.source);
}

/** Text as the lines Jupyter stores ("a\nb" → ["a\n", "b"]). */
export function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

/** A cell's tags. */
export function tagsOf(cell: Cell): string[] {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

/** The exercise a stub or check cell names in its metadata, if any. */
export function exerciseOf(cell: Cell): string | undefined {
  const mine = cell.metadata?.[METADATA_KEY] as { exercise?: unknown } | undefined;
  return typeof mine?.exercise === "string" ? mine.exercise : undefined;
}

function codeCell(id: string, source: string, tags: string[], exercise?: string): Cell {
  const metadata: Record<string, unknown> = tags.length > 0 ? { tags } : {};
  if (exercise !== undefined) metadata[METADATA_KEY] = { exercise };
  return {
    cell_type: "code",
    execution_count: null,
    id,
    metadata,
    outputs: [],
    source: lines(source),
  };
}

function markdownCell(id: string, text: string, tags: string[] = []): Cell {
  const metadata: Record<string, unknown> = tags.length > 0 ? { tags } : {};
  return { cell_type: "markdown", id, metadata, source: lines(text) };
}

/** The cells of one notebook's exercises, tagged and ready to insert. */
export interface ExerciseCells {
  /** The setup cell (tag `exercise-setup`, id `ex-NN-setup`): it goes before the first stub. */
  setup: Cell;
  /**
   * Per exercise, in order: its Markdown lead-in (tag `exercise-intro`), the stub (tag
   * `exercise`) and its check (tag `check`), with ids `ex-<id>-intro`, `-stub` and `-check`.
   */
  exercises: { id: string; intro: Cell; stub: Cell; check: Cell }[];
  /** The inline questions, one Markdown cell each (tag `question`, id `q-<id>`). */
  questions: { id: string; cell: Cell }[];
}

/** The Markdown of an inline question's cell: the question, and room for the answer. */
export function questionText(id: string, question: string): string {
  return `**Inline question** (\`${id}\`). ${question}\n\n*Your answer:*`;
}

/** Builds a notebook's exercise cells from the manifest. */
export function exerciseCells(manifest: Manifest, notebook: string): ExerciseCells {
  const book = manifest.notebooks.find((n) => n.notebook === notebook);
  if (book === undefined) throw new Error(`the manifest has no notebook ${notebook}`);
  const stem = notebook.slice(0, 2);
  return {
    setup: codeCell(`ex-${stem}-setup`, book.setup, [TAGS.setup]),
    exercises: book.exercises.map((id) => {
      const e = manifestExercise(manifest, id);
      const intro = markdownCell(`ex-${id}-intro`, e.intro, [TAGS.intro]);
      intro.metadata[METADATA_KEY] = { exercise: id };
      return {
        id,
        intro,
        stub: codeCell(`ex-${id}-stub`, e.stub, [TAGS.exercise], id),
        check: codeCell(`ex-${id}-check`, e.check, [TAGS.check], id),
      };
    }),
    questions: book.questions.map((q) => {
      const cell = markdownCell(`q-${q.id}`, questionText(q.id, q.question), [TAGS.question]);
      cell.metadata[METADATA_KEY] = { question: q.id };
      return { id: q.id, cell };
    }),
  };
}

/**
 * The notebook with all its exercise cells inserted at one place (default: the end): the setup
 * cell, each exercise's lead-in, stub and check, and the inline questions. For notebooks made up
 * in tests; the real notebooks get their cells where each belongs (tools/exercise_notebooks.ts).
 */
export function withExercises(
  nb: Notebook,
  manifest: Manifest,
  notebook: string,
  at: number = nb.cells.length,
): Notebook {
  const cells = exerciseCells(manifest, notebook);
  const block = [
    cells.setup,
    ...cells.exercises.flatMap((e) => [e.intro, e.stub, e.check]),
    ...cells.questions.map((q) => q.cell),
  ];
  const copy = clone(nb);
  copy.cells.splice(at, 0, ...block);
  return copy;
}

/** Where a notebook's exercise cells are: the setup cell and each exercise's stub and check. */
export interface Located {
  /** The index of the setup cell. */
  setup: number;
  /** Per exercise id: the indices of its stub and check cells. */
  exercises: Map<string, { stub: number; check: number }>;
}

/**
 * Finds the exercise cells by their tags and metadata, and checks they make sense: one setup cell
 * before every stub, one stub and one check per exercise, the check after its stub, every id in
 * the manifest.
 */
export function locate(nb: Notebook, manifest: Manifest): Located {
  let setup = -1;
  const stubs = new Map<string, number>();
  const checks = new Map<string, number>();
  nb.cells.forEach((cell, i) => {
    const tags = tagsOf(cell);
    if (tags.includes(TAGS.setup)) {
      if (setup >= 0) throw new Error(`two cells are tagged ${TAGS.setup}: ${setup} and ${i}`);
      setup = i;
    }
    for (const [tag, map] of [[TAGS.exercise, stubs], [TAGS.check, checks]] as const) {
      if (!tags.includes(tag)) continue;
      const id = exerciseOf(cell);
      if (id === undefined) throw new Error(`cell ${i} is tagged ${tag} but names no exercise`);
      if (!manifest.exercises.some((e) => e.id === id)) {
        throw new Error(`cell ${i} names the exercise ${id}, which the manifest does not have`);
      }
      if (map.has(id)) throw new Error(`two ${tag} cells for ${id}: ${map.get(id)} and ${i}`);
      map.set(id, i);
    }
  });
  const exercises = new Map<string, { stub: number; check: number }>();
  for (const [id, stub] of stubs) {
    const check = checks.get(id);
    if (check === undefined) throw new Error(`the stub of ${id} (cell ${stub}) has no check cell`);
    if (check < stub) throw new Error(`the check of ${id} (cell ${check}) comes before its stub`);
    if (setup < 0 || setup > stub) {
      throw new Error(`no cell tagged ${TAGS.setup} before the stub of ${id} (cell ${stub})`);
    }
    exercises.set(id, { stub, check });
  }
  for (const [id, check] of checks) {
    if (!stubs.has(id)) throw new Error(`the check of ${id} (cell ${check}) has no stub cell`);
  }
  return { setup, exercises };
}

/**
 * One of the three variants: the notebook as committed, with every stub replaced by its model
 * solution, or with one stub replaced by a planted mistake (its check cell tagged
 * `raises-exception`, so the run goes on). Outputs are cleared.
 */
export function variant(nb: Notebook, manifest: Manifest, which: VariantKind): Prepared {
  const { exercises } = locate(nb, manifest);
  const copy = clone(nb);
  const expectations: Expectation[] = [];
  if (which.kind === "mistake" && !exercises.has(which.exercise)) {
    throw new Error(`the notebook has no exercise ${which.exercise}`);
  }
  for (const [id, { stub, check }] of exercises) {
    const e = manifestExercise(manifest, id);
    if (which.kind === "solutions") {
      copy.cells[stub].source = lines(e.solution);
      expectations.push({ cell: check, exercise: id, outcome: "passed" });
    } else if (which.kind === "mistake" && which.exercise === id) {
      const m = e.mistakes.find((x) => x.id === which.mistake);
      if (m === undefined) throw new Error(`${id} has no planted mistake ${which.mistake}`);
      copy.cells[stub].source = lines(m.source);
      copy.cells[check].metadata = withTag(copy.cells[check].metadata, RAISES);
      expectations.push({
        cell: check,
        exercise: id,
        outcome: "failed",
        mistake: m.id,
        expect: m.expect,
      });
    } else {
      expectations.push({ cell: check, exercise: id, outcome: "not-implemented" });
    }
  }
  expectations.sort((a, b) => a.cell - b.cell);
  return { notebook: copy, expectations };
}

/** Options of {@linkcode drill}. */
export interface DrillOptions {
  /**
   * Keep the notebook's own cells (true: the drill also runs the notebook as committed), or only
   * the setup cell and the exercise cells (false: seconds instead of the notebook's full run).
   * @default {true}
   */
  whole?: boolean;
}

/**
 * All three variants in one notebook, for one kernel start. After each committed check cell
 * (expected: not implemented yet) come the model solutions of the exercises it requires, then
 * each planted mistake with a copy of the check (tagged `raises-exception`; expected: failed,
 * naming it), then the model solution with a copy of the check (expected: passed), then the
 * stubs again. Outputs are cleared.
 */
export function drill(nb: Notebook, manifest: Manifest, options: DrillOptions = {}): Prepared {
  const { whole = true } = options;
  const { setup, exercises } = locate(nb, manifest);
  const afterCheck = new Map<number, string>();
  for (const [id, { check }] of exercises) afterCheck.set(check, id);
  const keep = new Set<number>([setup]);
  for (const { stub, check } of exercises.values()) keep.add(stub).add(check);
  const cells: Cell[] = [];
  const expectations: Expectation[] = [];
  let serial = 0;
  /** Appends a drill cell, labelled (in its metadata) with the exercise and mode it serves. */
  const add = (source: string, label: string, tags: string[] = []): number => {
    const cell = codeCell(`drill-${serial++}`, source, tags);
    cell.metadata[METADATA_KEY] = { drill: label };
    cells.push(cell);
    return cells.length - 1;
  };
  nb.cells.forEach((original, i) => {
    if (!whole && !keep.has(i)) return;
    const cell = clearOutputs(original);
    cells.push(cell);
    const id = afterCheck.get(i);
    if (id === undefined) return;
    const e = manifestExercise(manifest, id);
    expectations.push({ cell: cells.length - 1, exercise: id, outcome: "not-implemented" });
    const required = e.requires.map((r) => manifestExercise(manifest, r));
    for (const r of required) {
      add(r.solution, `${id}: the model solution of ${r.id}, which it calls`);
    }
    for (const m of e.mistakes) {
      const label = `${id}, ${modeOf({ outcome: "failed", mistake: m.id })}`;
      add(m.source, `${label}: the cell that plants it`);
      const at = add(e.check, label, [RAISES]);
      expectations.push({
        cell: at,
        exercise: id,
        outcome: "failed",
        mistake: m.id,
        expect: m.expect,
      });
    }
    const solved = `${id}, ${modeOf({ outcome: "passed" })}`;
    add(e.solution, `${solved}: the cell that defines it`);
    expectations.push({ cell: add(e.check, solved), exercise: id, outcome: "passed" });
    for (const r of [e, ...required]) {
      add(r.stub, `${id}: the stub of ${r.id} again, as committed`); // back to the committed state
    }
  });
  return { notebook: { ...clone(nb), cells }, expectations };
}

/**
 * Compares an executed variant with its expectations: every code cell ran, no cell raised
 * except an expected failure, each check cell showed what it must. Returns the problems, one
 * line each; none means the run is as expected.
 */
export function verifyExecuted(executed: Notebook, expectations: readonly Expectation[]): string[] {
  const problems: string[] = [];
  const byCell = new Map(expectations.map((x) => [x.cell, x]));
  executed.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code" || sourceOf(cell).trim() === "") return;
    const outputs = cell.outputs ?? [];
    const error = outputs.find((o) => o.output_type === "error");
    const shown = outputs.filter((o) => o.output_type === "display_data")
      .map((o) => text(o.data?.["text/plain"])).join("\n");
    const x = byCell.get(i);
    const drilled = (cell.metadata?.[METADATA_KEY] as { drill?: unknown } | undefined)?.drill;
    const label = x !== undefined
      ? `${x.exercise}, ${modeOf(x)}`
      : typeof drilled === "string"
      ? drilled
      : `${cell.id ?? "no id"}, the notebook's own cell, as committed`;
    const where = `cell ${i} (${label})`;
    if (cell.execution_count === null || cell.execution_count === undefined) {
      problems.push(`${where} did not run`);
      return;
    }
    if (x === undefined) {
      if (error) problems.push(`${where} raised ${error.ename}: ${error.evalue}`);
      return;
    }
    if (x.outcome === "failed") {
      if (error === undefined) {
        problems.push(`${where} did not fail; it showed: ${shown.split("\n")[0]}`);
      } else if (error.ename !== "ExerciseError") {
        problems.push(`${where} raised ${error.ename}, not ExerciseError: ${error.evalue}`);
      } else if (!new RegExp(x.expect ?? "").test(error.evalue ?? "")) {
        problems.push(`${where}: /${x.expect}/ not in: ${(error.evalue ?? "").split("\n")[0]}`);
      }
      return;
    }
    if (error) {
      problems.push(`${where} raised ${error.ename}: ${(error.evalue ?? "").split("\n")[0]}`);
      return;
    }
    const pattern = x.outcome === "passed" ? /^✓ / : /^… .* not implemented yet/;
    if (!pattern.test(shown)) {
      problems.push(
        `${where} should show ${x.outcome}, showed: ${shown.split("\n")[0] || "nothing"}`,
      );
    }
  });
  for (const x of expectations) {
    if (x.cell >= executed.cells.length) problems.push(`cell ${x.cell} (${x.exercise}) is missing`);
  }
  return problems;
}

/**
 * The mode a check cell runs in, in words: "as committed" (the stub), "model solution", or
 * "planted mistake <id>".
 */
export function modeOf(x: Pick<Expectation, "outcome" | "mistake">): string {
  if (x.outcome === "not-implemented") return "as committed";
  if (x.outcome === "passed") return "model solution";
  return `planted mistake ${x.mistake ?? "?"}`;
}

/** The first lines of each check's message in an executed notebook, for a report. */
export function checkMessages(
  executed: Notebook,
  expectations: readonly Expectation[],
): { exercise: string; mistake?: string; outcome: string; message: string }[] {
  return expectations.map((x) => {
    const outputs = executed.cells[x.cell]?.outputs ?? [];
    const error = outputs.find((o) => o.output_type === "error");
    const shown = outputs.find((o) => o.output_type === "display_data");
    const message = error?.evalue ?? text(shown?.data?.["text/plain"]);
    return {
      exercise: x.exercise,
      mistake: x.mistake,
      outcome: x.outcome,
      message: message.split("\n")[0],
    };
  });
}

function manifestExercise(manifest: Manifest, id: string): ManifestExercise {
  const e = manifest.exercises.find((x) => x.id === id);
  if (e === undefined) throw new Error(`the manifest has no exercise ${id}`);
  return e;
}

function withTag(metadata: Record<string, unknown>, tag: string): Record<string, unknown> {
  const tags = Array.isArray(metadata.tags) ? metadata.tags as string[] : [];
  return { ...metadata, tags: tags.includes(tag) ? tags : [...tags, tag] };
}

function clearOutputs(cell: Cell): Cell {
  const copy = structuredClone(cell);
  if (copy.cell_type === "code") {
    copy.outputs = [];
    copy.execution_count = null;
  }
  return copy;
}

function clone(nb: Notebook): Notebook {
  const copy = structuredClone(nb);
  copy.cells = copy.cells.map(clearOutputs);
  return copy;
}

/** Jupyter's string or list of lines as one string ("" for none). */
function text(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join("") : value ?? "";
}

if (import.meta.main) {
  const [which, input, output] = Deno.args;
  if (!which || !input || !output) {
    console.error(
      "usage: tools/exercise_variants.ts committed|solutions|mistake:<exercise>/<mistake>|drill|" +
        "drill-exercises <in.ipynb> <out.ipynb>",
    );
    Deno.exit(2);
  }
  const root = new URL("../", import.meta.url);
  const manifest = JSON.parse(
    await Deno.readTextFile(new URL("exercises/manifest.json", root)),
  ) as Manifest;
  const nb = JSON.parse(await Deno.readTextFile(input)) as Notebook;
  let prepared: Prepared;
  if (which === "drill" || which === "drill-exercises") {
    prepared = drill(nb, manifest, { whole: which === "drill" });
  } else if (which.startsWith("mistake:")) {
    const [exercise, mistake] = which.slice("mistake:".length).split("/");
    prepared = variant(nb, manifest, { kind: "mistake", exercise, mistake });
  } else if (which === "committed" || which === "solutions") {
    prepared = variant(nb, manifest, { kind: which });
  } else {
    console.error(`unknown variant ${which}`);
    Deno.exit(2);
  }
  await Deno.writeTextFile(output, JSON.stringify(prepared.notebook, null, 1) + "\n");
  console.log(`wrote ${output}: ${prepared.expectations.length} checks`);
}
