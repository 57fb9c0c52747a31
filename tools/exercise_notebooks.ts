/**
 * Keeps the exercise cells of the notebooks in step with `exercises/manifest.json`. Each notebook
 * holds, at the places the catalogue names, its setup cell (right after its own import cell), per
 * exercise a Markdown lead-in, the stub and the one-line check, and its inline questions. The
 * cells are found by their ids (`ex-NN-setup`, `ex-<id>-intro`, `ex-<id>-stub`,
 * `ex-<id>-check`, `q-<id>`); {@linkcode syncExercises} writes the manifest's text into them and
 * inserts what is missing right after the cell each item names (its `after`), so an edit of the
 * catalogue, of `exercises/intros.md` or of a stub reaches the notebooks with one command:
 *
 * ```sh
 * deno task exercises            # rebuild exercises/manifest.json and the notebooks' exercise cells
 * deno task exercises --check    # exit 1 when either is not what the sources give
 * ```
 *
 * The notebook's own cells are never touched; a cell that looks like an exercise cell but names
 * nothing in the manifest is removed.
 *
 * @module
 */

import { buildManifestText, type Manifest, MANIFEST_PATH, TAGS } from "./exercise_manifest.ts";
import { type Cell, exerciseCells, type Notebook, sourceOf } from "./exercise_variants.ts";
import { stripNotebook } from "./strip_notebooks.ts";

/** A group of cells that goes, in order, right after the cell `after`. */
export interface Placed {
  /** What it is, for messages: "the setup cell", "exercise linearBackward", "question 01-…". */
  what: string;
  /** The id of the cell it follows. */
  after: string;
  /** Its cells, as the manifest gives them. */
  cells: Cell[];
}

/** Everything the manifest puts into one notebook, in the manifest's order. */
export function placedCells(manifest: Manifest, notebook: string): Placed[] {
  const book = manifest.notebooks.find((n) => n.notebook === notebook);
  if (book === undefined) throw new Error(`the manifest has no notebook ${notebook}`);
  const cells = exerciseCells(manifest, notebook);
  const after = new Map(manifest.exercises.map((e) => [e.id, e.after]));
  return [
    { what: "the setup cell", after: book.setupAfter, cells: [cells.setup] },
    ...cells.exercises.map((e) => ({
      what: `exercise ${e.id}`,
      after: after.get(e.id)!,
      cells: [e.intro, e.stub, e.check],
    })),
    ...cells.questions.map((q) => ({
      what: `question ${q.id}`,
      after: book.questions.find((x) => x.id === q.id)!.after,
      cells: [q.cell],
    })),
  ];
}

const OUR_TAGS: readonly string[] = Object.values(TAGS);

/** Whether a cell is one of the kinds this module manages (by its id or its tags). */
function looksManaged(cell: Cell): boolean {
  const tags = Array.isArray(cell.metadata?.tags) ? cell.metadata.tags as string[] : [];
  return /^(ex|q)-/.test(cell.id ?? "") || tags.some((t) => OUR_TAGS.includes(t));
}

/** JSON with every object's keys sorted, so that key order does not count as a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
        : v,
  );
}

function sameCell(a: Cell, b: Cell): boolean {
  return a.cell_type === b.cell_type && sourceOf(a) === sourceOf(b) &&
    canonical(a.metadata) === canonical(b.metadata);
}

/**
 * The notebook with its exercise cells as the manifest has them: existing ones rewritten in
 * place, missing ones inserted after the cell their group follows, stray ones removed. Returns
 * what changed, one line each (none: it was up to date). Throws when a group's `after` cell is
 * in no notebook cell.
 */
export function syncExercises(
  nb: Notebook,
  manifest: Manifest,
  notebook: string,
): { notebook: Notebook; changes: string[] } {
  const placed = placedCells(manifest, notebook);
  const wanted = new Map<string, Cell>();
  for (const group of placed) for (const cell of group.cells) wanted.set(cell.id!, cell);
  const changes: string[] = [];
  const cells: Cell[] = [];
  for (const cell of nb.cells) {
    const want = wanted.get(cell.id ?? "");
    if (want === undefined) {
      if (looksManaged(cell)) changes.push(`removed ${cell.id}, which the manifest does not have`);
      else cells.push(cell);
      continue;
    }
    if (sameCell(cell, want)) {
      cells.push(cell);
      continue;
    }
    const updated = structuredClone(want);
    if (want.cell_type === "code" && cell.cell_type === "code") {
      updated.outputs = cell.outputs ?? [];
      updated.execution_count = cell.execution_count ?? null;
    }
    cells.push(updated);
    changes.push(`updated ${cell.id}`);
  }
  const at = (id: string) => cells.findIndex((c) => c.id === id);
  let pending = placed.filter((group) => group.cells.some((c) => at(c.id!) < 0));
  while (pending.length > 0) {
    const waiting: Placed[] = [];
    for (const group of pending) {
      let previous = group.after;
      if (at(group.cells[0].id!) < 0 && at(previous) < 0) {
        waiting.push(group); // its anchor may be a cell of a group still to insert
        continue;
      }
      for (const cell of group.cells) {
        if (at(cell.id!) < 0) {
          cells.splice(at(previous) + 1, 0, structuredClone(cell));
          changes.push(`inserted ${cell.id} after ${previous}`);
        }
        previous = cell.id!;
      }
    }
    if (waiting.length === pending.length) {
      throw new Error(
        `${notebook}: no cell ${waiting.map((g) => `${g.after} (for ${g.what})`).join(", ")}`,
      );
    }
    pending = waiting;
  }
  return { notebook: { ...nb, cells }, changes };
}

/**
 * Where the exercise cells are wrong: a group missing a cell, its cells out of order or apart, a
 * group not right after the cell it follows (only other groups' cells may come between), two
 * groups following the same cell. None: every group is where the manifest puts it.
 */
export function placementProblems(nb: Notebook, manifest: Manifest, notebook: string): string[] {
  const placed = placedCells(manifest, notebook);
  const ours = new Set(placed.flatMap((g) => g.cells.map((c) => c.id!)));
  const index = new Map(nb.cells.map((c, i) => [c.id ?? "", i]));
  const problems: string[] = [];
  const anchors = new Map<string, string>();
  for (const group of placed) {
    const other = anchors.get(group.after);
    if (other !== undefined) {
      problems.push(`${group.what} and ${other} both follow ${group.after}`);
    }
    anchors.set(group.after, group.what);
    const positions = group.cells.map((c) => index.get(c.id!));
    const missing = group.cells.filter((_, i) => positions[i] === undefined);
    if (missing.length > 0) {
      problems.push(`${group.what}: no cell ${missing.map((c) => c.id).join(", ")}`);
      continue;
    }
    const first = positions[0]!;
    if (positions.some((p, i) => p !== first + i)) {
      problems.push(`${group.what}: its cells are not together in order (at ${positions})`);
    }
    const anchor = index.get(group.after);
    if (anchor === undefined) {
      problems.push(`${group.what} follows ${group.after}, which is in no cell`);
    } else if (
      anchor >= first ||
      nb.cells.slice(anchor + 1, first).some((c) => !ours.has(c.id ?? ""))
    ) {
      problems.push(`${group.what} is not right after ${group.after}`);
    }
  }
  return problems;
}

/** A notebook as the repository keeps it: nbformat's layout, without outputs. */
export function notebookText(nb: Notebook): string {
  return stripNotebook(JSON.stringify(nb)).text;
}

async function main(args: string[]): Promise<number> {
  const check = args.includes("--check");
  const root = new URL("../", import.meta.url);
  const text = await buildManifestText(root);
  const manifestUrl = new URL(MANIFEST_PATH, root);
  const stale: string[] = [];
  if ((await Deno.readTextFile(manifestUrl).catch(() => "")) !== text) {
    stale.push(MANIFEST_PATH);
    if (!check) await Deno.writeTextFile(manifestUrl, text);
  }
  const manifest = JSON.parse(text) as Manifest;
  for (const { notebook } of manifest.notebooks) {
    const url = new URL(`notebooks/${notebook}`, root);
    const before = await Deno.readTextFile(url);
    const { notebook: synced, changes } = syncExercises(JSON.parse(before), manifest, notebook);
    const after = notebookText(synced);
    if (after === before) continue;
    stale.push(`notebooks/${notebook}${changes.length > 0 ? `: ${changes.join("; ")}` : ""}`);
    if (!check) await Deno.writeTextFile(url, after);
  }
  const mistakes = manifest.exercises.reduce((s, e) => s + e.mistakes.length, 0);
  if (check) {
    for (const line of stale) console.error(`out of date: ${line}`);
    if (stale.length > 0) console.error("run deno task exercises");
    else console.log(`${MANIFEST_PATH} and the notebooks' exercise cells are up to date`);
    return stale.length > 0 ? 1 : 0;
  }
  for (const line of stale) console.log(`wrote ${line}`);
  console.log(`${manifest.exercises.length} exercises, ${mistakes} planted mistakes; up to date`);
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
