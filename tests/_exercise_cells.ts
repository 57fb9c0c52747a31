// Runs notebook cell sources the way Deno's kernel runs them, one after another in one scope,
// without Jupyter and without permissions: the cells are joined into one TypeScript module and
// imported from a data: URL. The library folders the cells import (@nn-notes/core/core, /nn,
// /check) are imported statically here, so the dynamic import reads no file.
//
// The check cell runs inside `try { … } catch`: Deno 2.9 leaves the third dynamic import of a
// module whose top-level await rejects pending forever, so no module here may reject.

import "../lib/core/mod.ts";
import "../lib/nn/mod.ts";
import { type ExerciseReport, setExerciseDisplay } from "../lib/check/mod.ts";
import manifestJson from "../exercises/manifest.json" with { type: "json" };
import type { Manifest, ManifestExercise } from "../tools/exercise_manifest.ts";

/** The committed manifest. */
export const manifest = manifestJson as Manifest;

/** What running a check cell gave. */
export interface CellRun {
  /** The reports the check showed (one per check cell). */
  reports: ExerciseReport[];
  /** What the check cell threw, if anything. */
  error: unknown;
}

let serial = 0;

/** Runs `cells` and then the check cell, as consecutive notebook cells. */
export async function runCells(cells: readonly string[], check: string): Promise<CellRun> {
  const reports: ExerciseReport[] = [];
  const previous = setExerciseDisplay((report) => {
    reports.push(report);
  });
  try {
    const source = [
      ...cells,
      `export let error: unknown;\ntry {\n${check}\n} catch (e) {\n  error = e;\n}`,
      `// run ${serial++}`, // a new URL every time: a cached module would not run again
    ].join("\n\n");
    const module = await import(dataUrl(source));
    return { reports, error: module.error };
  } finally {
    setExerciseDisplay(previous);
  }
}

/**
 * Runs an exercise's check after the notebook's setup cell, the model solutions of the exercises
 * it requires, and `cell` in place of its stub.
 */
export function runExerciseCell(exercise: ManifestExercise, cell: string): Promise<CellRun> {
  const notebook = manifest.notebooks.find((n) => n.notebook === exercise.notebook);
  if (notebook === undefined) throw new Error(`no notebook ${exercise.notebook} in the manifest`);
  const required = exercise.requires.map((id) => exerciseById(id).solution);
  return runCells([notebook.setup, ...required, cell], exercise.check);
}

/** The manifest's exercise with this id. */
export function exerciseById(id: string): ManifestExercise {
  const found = manifest.exercises.find((e) => e.id === id);
  if (found === undefined) throw new Error(`no exercise ${id} in the manifest`);
  return found;
}

function dataUrl(source: string): string {
  const bytes = new TextEncoder().encode(source);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:application/typescript;base64,${btoa(binary)}`;
}
