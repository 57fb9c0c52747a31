/**
 * Builds `exercises/manifest.json` from the exercise catalogue (`exercises/catalogue.ts`: stubs and
 * planted mistakes) and the model solutions (`solutions/NN_name.ts`): for every exercise the
 * stub cell, the one-line check cell, the model-solution cell and each planted mistake's cell,
 * ready to be put into a notebook.
 *
 * ```sh
 * deno task exercises            # write exercises/manifest.json
 * deno task exercises --check    # exit 1 when it is not what the sources give
 * ```
 *
 * The pure functions here (no file access) are what the tests use.
 *
 * @module
 */

import { EXERCISES } from "../lib/check/mod.ts";
import { EXERCISE_DEFS, type MistakeDef, NOTEBOOKS } from "../exercises/catalogue.ts";

/** The cell tags and metadata key the notebooks use to mark exercise cells. */
export const TAGS = {
  /** A stub cell: the student writes the function here. */
  exercise: "exercise",
  /** The one-line check right after it. */
  check: "check",
  /** The cell that imports what a notebook's stubs and checks use. */
  setup: "exercise-setup",
} as const;

/** The cell metadata key under which a stub or check cell names its exercise: `{ "exercise": id }`. */
export const METADATA_KEY = "nn_notes";

/** A planted mistake as the tests substitute it. */
export interface ManifestMistake {
  /** Its id, unique within the exercise. */
  id: string;
  /** The wrong line and the right one, in words. */
  description: string;
  /** The wrong cell's source. */
  source: string;
  /** A regular expression (source) the check's failure message must match. */
  expect: string;
}

/** One exercise with every cell it needs. */
export interface ManifestExercise {
  /** The id: its check is `exercise.<id>`. */
  id: string;
  /** The notebook it belongs to. */
  notebook: string;
  /** Its title. */
  title: string;
  /** The equations of the note it implements. */
  equation: string;
  /** The student's function's name. */
  function: string;
  /** Where in the notebook it belongs. */
  after: string;
  /** Earlier exercises of the same notebook whose functions it calls. */
  requires: string[];
  /** The stub cell (tag `exercise`). */
  stub: string;
  /** The check cell (tag `check`), one line. */
  check: string;
  /** The model solution's cell, to substitute for the stub. */
  solution: string;
  /** The planted mistakes. */
  mistakes: ManifestMistake[];
}

/** One notebook's setup cell, exercises and inline questions. */
export interface ManifestNotebook {
  /** The notebook's file name. */
  notebook: string;
  /** Where its model solutions live. */
  solutions: string;
  /** The setup cell (tag `exercise-setup`), to come before its first stub. */
  setup: string;
  /** Its exercises' ids, in order. */
  exercises: string[];
  /** Inline questions (model answers: solutions/answers.md, same ids). */
  questions: { id: string; question: string }[];
}

/** The whole manifest. */
export interface Manifest {
  /** What this file is. */
  about: string;
  /** The cell tags. */
  tags: typeof TAGS;
  /** The cell metadata key holding `{ "exercise": id }`. */
  metadataKey: typeof METADATA_KEY;
  /** The notebooks, in order. */
  notebooks: ManifestNotebook[];
  /** The exercises, in notebook order. */
  exercises: ManifestExercise[];
}

/**
 * The source of `function name(…) {…}` in a module, with the comment block right above it and
 * without `export`: what a notebook cell holds. The function ends at the first line that is
 * exactly `}`.
 */
export function extractFunction(moduleSource: string, name: string): string {
  const lines = moduleSource.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`export function ${name}(`));
  if (start < 0) throw new Error(`no "export function ${name}(" in the solutions module`);
  const end = lines.findIndex((l, i) => i > start && l === "}");
  if (end < 0) throw new Error(`function ${name} has no closing "}" at the start of a line`);
  let first = start;
  if (lines[start - 1]?.trimEnd().endsWith("*/")) {
    while (first > 0 && !lines[first - 1].startsWith("/**")) first--;
    first--;
  }
  const text = lines.slice(first, end + 1);
  text[start - first] = text[start - first].replace(/^export /, "");
  return text.join("\n");
}

/** The mistake's cell: the solution with each replacement made (each `from` must occur once). */
export function applyMistake(solution: string, mistake: MistakeDef): string {
  if (mistake.source !== undefined) {
    if (mistake.replace !== undefined) {
      throw new Error(`mistake ${mistake.id} has both a source and replacements`);
    }
    return mistake.source;
  }
  if (mistake.replace === undefined || mistake.replace.length === 0) {
    throw new Error(`mistake ${mistake.id} has neither a source nor replacements`);
  }
  let out = solution;
  for (const [from, to] of mistake.replace) {
    const count = out.split(from).length - 1;
    if (count !== 1) {
      throw new Error(
        `mistake ${mistake.id}: ${JSON.stringify(from)} occurs ${count} times in the solution, ` +
          "not once",
      );
    }
    out = out.replace(from, () => to);
  }
  if (out === solution) throw new Error(`mistake ${mistake.id} changes nothing`);
  return out;
}

/** The check cell of an exercise. */
export function checkCell(id: string, fn: string): string {
  return `await exercise.${id}(${fn});`;
}

/**
 * Builds the manifest from the catalogue and the solutions modules' sources.
 *
 * @param solutionSources The text of each solutions module, by its path (e.g.
 * `"solutions/01_backpropagation.ts"`).
 */
export function buildManifest(solutionSources: Record<string, string>): Manifest {
  const info = new Map(EXERCISES.map((e) => [e.id, e]));
  const exercises: ManifestExercise[] = EXERCISE_DEFS.map((def) => {
    const meta = info.get(def.id);
    if (meta === undefined) throw new Error(`the library has no exercise check "${def.id}"`);
    const book = NOTEBOOKS.find((n) => n.notebook === def.notebook)!;
    const source = solutionSources[book.solutions];
    if (source === undefined) throw new Error(`no source for ${book.solutions}`);
    const solution = extractFunction(source, meta.function);
    if (!def.stub.includes(`function ${meta.function}(`)) {
      throw new Error(`the stub of ${def.id} does not define ${meta.function}`);
    }
    return {
      id: def.id,
      notebook: def.notebook,
      title: meta.title,
      equation: meta.equation,
      function: meta.function,
      after: def.after,
      requires: [...(def.requires ?? [])],
      stub: def.stub,
      check: checkCell(def.id, meta.function),
      solution,
      mistakes: def.mistakes.map((m) => ({
        id: m.id,
        description: m.description,
        source: applyMistake(solution, m),
        expect: m.expect,
      })),
    };
  });
  return {
    about: "Generated by tools/exercise_manifest.ts (deno task exercises) from " +
      "exercises/catalogue.ts and solutions/*.ts; do not edit by hand. Stub cells carry the tag " +
      `"${TAGS.exercise}", check cells "${TAGS.check}", each with metadata ` +
      `{ "${METADATA_KEY}": { "exercise": id } }; the setup cell carries "${TAGS.setup}".`,
    tags: TAGS,
    metadataKey: METADATA_KEY,
    notebooks: NOTEBOOKS.map((n) => ({
      notebook: n.notebook,
      solutions: n.solutions,
      setup: n.setup,
      exercises: exercises.filter((e) => e.notebook === n.notebook).map((e) => e.id),
      questions: n.questions.map((q) => ({ ...q })),
    })),
    exercises,
  };
}

/** The manifest as the committed file holds it. */
export function manifestText(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + "\n";
}

/** Where the manifest lives, relative to the repository root. */
export const MANIFEST_PATH = "exercises/manifest.json";

/** Reads the solutions modules and builds the manifest's text (needs --allow-read). */
export async function buildManifestText(root: URL): Promise<string> {
  const sources: Record<string, string> = {};
  for (const n of NOTEBOOKS) {
    sources[n.solutions] = await Deno.readTextFile(new URL(n.solutions, root));
  }
  return manifestText(buildManifest(sources));
}

if (import.meta.main) {
  const root = new URL("../", import.meta.url);
  const text = await buildManifestText(root);
  const target = new URL(MANIFEST_PATH, root);
  if (Deno.args.includes("--check")) {
    const current = await Deno.readTextFile(target).catch(() => "");
    if (current !== text) {
      console.error(`${MANIFEST_PATH} is out of date: run deno task exercises`);
      Deno.exit(1);
    }
    console.log(`${MANIFEST_PATH} is up to date`);
  } else {
    await Deno.writeTextFile(target, text);
    const manifest = JSON.parse(text) as Manifest;
    const mistakes = manifest.exercises.reduce((s, e) => s + e.mistakes.length, 0);
    console.log(
      `wrote ${MANIFEST_PATH}: ${manifest.exercises.length} exercises, ${mistakes} planted mistakes`,
    );
  }
}
