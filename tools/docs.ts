/**
 * `deno task docs [--build DIR]`: writes the API reference of every folder of lib/ (core, nn,
 * train, check, data, plot, in the order a reader meets them) with `deno doc --html` into
 * `build/reference/`, stamps it with a hash of lib/ (index.html marks it stale when lib/ changes),
 * and rewrites `build/index.html`, which links the notebooks in order and the reference.
 *
 * Needs --allow-read, --allow-write and --allow-run (it runs `deno doc`).
 *
 * @module
 */

import { BUILD_DIR, LIB_DIR, NOTEBOOKS_DIR } from "./notebook_runner.ts";
import {
  escapeHtml,
  libHash,
  REFERENCE_DIR,
  REFERENCE_STAMP,
  type ReferenceFolder,
  type ReferenceStamp,
  writeIndex,
} from "./site.ts";

/** The folders of lib/ documented, in reading order. */
export const DOCUMENTED = ["core", "nn", "train", "check", "data", "plot"] as const;

/** The first sentence of a module's JSDoc (the comment that ends with @module). */
export function moduleSummary(source: string): string {
  const doc = source.match(/\/\*\*([\s\S]*?)\*\//)?.[1] ?? "";
  const lines = doc.split("\n").map((line) => line.replace(/^\s*\* ?/, "").trim());
  const start = lines.findIndex((line) => line !== "");
  const end = lines.indexOf("", start);
  const paragraph = lines.slice(start, end === -1 ? undefined : end).join(" ")
    .replace(/@module/, "").replace(/\{@link(?:code|plain)?\s+([^}\s|]+)[^}]*\}/g, "`$1`")
    .replace(/\s+/g, " ").trim();
  return paragraph.match(/^.*?\.(?=\s|$)/)?.[0] ?? paragraph;
}

/** Writes `<buildDir>/reference/` and its stamp; returns the reference's index page. */
export async function writeReference(buildDir: string = BUILD_DIR): Promise<string> {
  await Deno.mkdir(buildDir, { recursive: true });
  const staging = await Deno.makeTempDir({ dir: buildDir, prefix: ".reference_" });
  try {
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "doc",
        "--html",
        "--name=nn-notes",
        `--output=${staging}`,
        ...DOCUMENTED.map((folder) => `${LIB_DIR}/${folder}/mod.ts`),
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!output.success) {
      throw new Error(`deno doc --html failed:\n${new TextDecoder().decode(output.stderr)}`);
    }
    // A way back from the reference to the notebooks.
    const index = `${staging}/index.html`;
    const page = await Deno.readTextFile(index);
    const back = `<p style="font: 14px system-ui, sans-serif; margin: .6em 1em;">` +
      `<a href="../index.html">← ${escapeHtml("nn-notes: the notebooks")}</a></p>`;
    await Deno.writeTextFile(index, page.replace(/<body[^>]*>/, (body) => `${body}${back}`));
    const folders: ReferenceFolder[] = [];
    for (const name of DOCUMENTED) {
      const source = await Deno.readTextFile(`${LIB_DIR}/${name}/mod.ts`);
      folders.push({ name, summary: moduleSummary(source) });
    }
    const stamp: ReferenceStamp = {
      lib_sha256: await libHash(LIB_DIR),
      made: new Date().toISOString(),
      folders,
    };
    await Deno.writeTextFile(`${staging}/${REFERENCE_STAMP}`, JSON.stringify(stamp));
    const target = `${buildDir}/${REFERENCE_DIR}`;
    await Deno.remove(target, { recursive: true }).catch(() => {});
    await Deno.rename(staging, target);
    return `${target}/index.html`;
  } catch (error) {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    throw error;
  }
}

async function main(args: string[]): Promise<number> {
  let buildDir = BUILD_DIR;
  if (args[0] === "--build" && args[1] !== undefined && args.length === 2) {
    buildDir = args[1];
  } else if (args.length > 0) {
    console.error("usage: deno task docs [--build DIR]");
    return 64;
  }
  const reference = await writeReference(buildDir);
  const index = await writeIndex(buildDir, NOTEBOOKS_DIR, LIB_DIR);
  console.log(`API reference: ${reference}\nOpen ${index}`);
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
