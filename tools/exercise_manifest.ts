/**
 * Builds `exercises/manifest.json` from the exercise catalogue (`exercises/catalogue.ts`: where
 * each exercise goes, its stub and planted mistakes), the lead-ins (`exercises/intros.md`) and
 * the model solutions (`solutions/NN_name.ts`): for every exercise the lead-in, the stub cell,
 * the one-line check cell, the model-solution cell and each planted mistake's cell, ready to be
 * put into a notebook. `deno task exercises` (tools/exercise_notebooks.ts) writes it and puts the
 * cells into the notebooks.
 *
 * The pure functions here (no file access but {@linkcode buildManifestText}) are what the tests
 * use.
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
  /** The Markdown cell that leads into a stub: what to write, the shapes, the equation. */
  intro: "exercise-intro",
  /** A Markdown cell with an inline question, answered in writing. */
  question: "question",
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
  /** The id of the notebook cell its cells go right after. */
  after: string;
  /** Where that is, in words. */
  section: string;
  /** The Markdown cell before the stub (tag `exercise-intro`), from `exercises/intros.md`. */
  intro: string;
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
  /** The id of the notebook cell the setup cell goes right after. */
  setupAfter: string;
  /** Its exercises' ids, in order. */
  exercises: string[];
  /** Inline questions (model answers: solutions/answers.md, same ids), each after its cell. */
  questions: { id: string; after: string; question: string }[];
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

/** Where the exercises' Markdown lead-ins live, relative to the repository root. */
export const INTROS_PATH = "exercises/intros.md";

/**
 * The lead-ins of `exercises/intros.md`: each `## <id>` heading starts the text of one exercise,
 * which runs to the next such heading (blank lines around it trimmed).
 */
export function parseIntros(text: string): Map<string, string> {
  const intros = new Map<string, string>();
  let current: string | undefined;
  let lines: string[] = [];
  const close = () => {
    if (current !== undefined) intros.set(current, lines.join("\n").trim());
  };
  for (const line of text.split("\n")) {
    const heading = line.match(/^## (\w+)\s*$/);
    if (heading) {
      close();
      if (intros.has(heading[1])) {
        throw new Error(`${INTROS_PATH} has two intros for ${heading[1]}`);
      }
      current = heading[1];
      lines = [];
    } else if (current !== undefined) {
      lines.push(line);
    }
  }
  close();
  return intros;
}

function introOf(intros: Map<string, string>, id: string): string {
  const text = intros.get(id);
  if (text === undefined || text === "") throw new Error(`${INTROS_PATH} has no intro for ${id}`);
  if (!text.startsWith("### Your turn")) {
    throw new Error(`the intro of ${id} in ${INTROS_PATH} must open with "### Your turn"`);
  }
  return text;
}

/** The check cell of an exercise. */
export function checkCell(id: string, fn: string): string {
  return `await exercise.${id}(${fn});`;
}

/**
 * Builds the manifest from the catalogue and the solutions modules' sources.
 *
 * @param solutionSources The text of each solutions module and of `exercises/intros.md`, by
 * path (e.g. `"solutions/01_backpropagation.ts"`).
 */
export function buildManifest(solutionSources: Record<string, string>): Manifest {
  const info = new Map(EXERCISES.map((e) => [e.id, e]));
  const introText = solutionSources[INTROS_PATH];
  if (introText === undefined) throw new Error(`no source for ${INTROS_PATH}`);
  const intros = parseIntros(introText);
  const unknown = [...intros.keys()].filter((id) => !EXERCISE_DEFS.some((d) => d.id === id));
  if (unknown.length > 0) throw new Error(`${INTROS_PATH} has intros for no exercise: ${unknown}`);
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
      section: def.section,
      intro: introOf(intros, def.id),
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
      "exercises/catalogue.ts, exercises/intros.md and solutions/*.ts; do not edit by hand. " +
      `Stub cells carry the tag "${TAGS.exercise}", check cells "${TAGS.check}" and lead-ins ` +
      `"${TAGS.intro}", each with metadata { "${METADATA_KEY}": { "exercise": id } }; the ` +
      `setup cell carries "${TAGS.setup}", inline questions "${TAGS.question}" with ` +
      `{ "${METADATA_KEY}": { "question": id } }.`,
    tags: TAGS,
    metadataKey: METADATA_KEY,
    notebooks: NOTEBOOKS.map((n) => ({
      notebook: n.notebook,
      solutions: n.solutions,
      setup: n.setup,
      setupAfter: n.setupAfter,
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
  sources[INTROS_PATH] = await Deno.readTextFile(new URL(INTROS_PATH, root));
  return manifestText(buildManifest(sources));
}
