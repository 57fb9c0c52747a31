// The shape of lib/: topic folders whose dependencies point one way, no import cycle (type
// imports included), mod.ts files that only re-export, and no npm package reachable from the
// math, training and checking folders. Reads lib/'s sources, so it needs --allow-read.

import { assert, assertEquals } from "../_assert.ts";
import { permitted } from "./_permitted.ts";

const LIB = new URL("../../lib/", import.meta.url);

/** What each folder may import from, besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  nn: ["core"],
  train: ["core", "nn"],
  data: ["core", "nn"],
  check: ["core", "nn", "train", "data"],
  plot: ["core", "nn", "train", "data", "check"],
};

/** The only modules that may name an npm package, and only in a dynamic import(). */
const NPM_ALLOWED = new Set(["plot/_plotly_source.ts", "data/mnist.ts"]);

/** Folders whose whole import graph must stay free of npm packages. */
const NPM_FREE = ["core", "nn", "train", "check"];

interface Import {
  specifier: string;
  dynamic: boolean;
}

/** Every import of a source file: static (type-only included), re-exports and import(). */
export function importsOf(source: string): Import[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found: Import[] = [];
  for (
    const m of code.matchAll(/(?:^|[\s;])(?:import|export)\b[^"'`;]*?from\s*["']([^"']+)["']/g)
  ) {
    found.push({ specifier: m[1], dynamic: false });
  }
  for (const m of code.matchAll(/(?:^|[\s;])import\s*["']([^"']+)["']/g)) {
    found.push({ specifier: m[1], dynamic: false });
  }
  for (const m of code.matchAll(/\bimport\(\s*["']([^"']+)["']/g)) {
    found.push({ specifier: m[1], dynamic: true });
  }
  return found;
}

async function libFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: URL, prefix: string): Promise<void> => {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory) await walk(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith(".ts")) {
        files.set(`${prefix}${entry.name}`, await Deno.readTextFile(new URL(entry.name, dir)));
      }
    }
  };
  await walk(LIB, "");
  return files;
}

/** Resolves a relative specifier of `from` (both relative to lib/) to a path relative to lib/. */
function resolve(from: string, specifier: string): string {
  const url = new URL(specifier, new URL(from, LIB));
  return url.href.slice(LIB.href.length);
}

const folderOf = (path: string): string => path.includes("/") ? path.split("/")[0] : "";

const files = permitted ? await libFiles() : new Map<string, string>();

Deno.test("importsOf finds static, type-only, re-exported and dynamic imports, not comments", () => {
  const source = [
    'import { a } from "./a.ts";',
    'import type { B } from "../core/b.ts";',
    'export * from "./c.ts";',
    "export {",
    "  d,",
    '} from "./d.ts";',
    '// import { e } from "./e.ts";',
    '/** @example import { f } from "./f.ts"; */',
    'const g = await import("npm:g@1");',
  ].join("\n");
  assertEquals(importsOf(source), [
    { specifier: "./a.ts", dynamic: false },
    { specifier: "../core/b.ts", dynamic: false },
    { specifier: "./c.ts", dynamic: false },
    { specifier: "./d.ts", dynamic: false },
    { specifier: "npm:g@1", dynamic: true },
  ]);
});

Deno.test(
  "lib/ holds the six topic folders and only mod.ts at its top",
  { ignore: !permitted },
  () => {
    const top = [...files.keys()].filter((p) => !p.includes("/"));
    assertEquals(top, ["mod.ts"]);
    const folders = [...new Set([...files.keys()].map(folderOf).filter((f) => f !== ""))].sort();
    assertEquals(folders, Object.keys(ALLOWED).sort());
  },
);

Deno.test("every import points down the layers: core ← nn ← train; data; check; plot", {
  ignore: !permitted,
}, () => {
  const wrong: string[] = [];
  for (const [path, source] of files) {
    const from = folderOf(path);
    if (from === "") continue;
    for (const { specifier } of importsOf(source)) {
      if (!specifier.startsWith(".")) continue;
      const to = folderOf(resolve(path, specifier));
      if (to !== from && !ALLOWED[from].includes(to)) wrong.push(`${path} → ${specifier}`);
    }
  }
  assertEquals(wrong, []);
});

Deno.test("check/ reaches data/ only through spiral.ts (mod.ts would reach MNIST)", {
  ignore: !permitted,
}, () => {
  const wrong: string[] = [];
  for (const [path, source] of files) {
    if (folderOf(path) !== "check") continue;
    for (const { specifier } of importsOf(source)) {
      const target = specifier.startsWith(".") ? resolve(path, specifier) : "";
      if (folderOf(target) === "data" && target !== "data/spiral.ts") {
        wrong.push(`${path} → ${target}`);
      }
    }
  }
  assertEquals(wrong, []);
});

Deno.test("there is no import cycle among lib/'s files, type imports included", {
  ignore: !permitted,
}, () => {
  const edges = new Map<string, string[]>();
  for (const [path, source] of files) {
    edges.set(
      path,
      importsOf(source).filter((i) => i.specifier.startsWith(".")).map((i) =>
        resolve(path, i.specifier)
      ),
    );
  }
  const state = new Map<string, "open" | "done">();
  const cycles: string[] = [];
  const visit = (node: string, trail: string[]): void => {
    if (state.get(node) === "done") return;
    if (state.get(node) === "open") {
      cycles.push([...trail.slice(trail.indexOf(node)), node].join(" → "));
      return;
    }
    state.set(node, "open");
    for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
    state.set(node, "done");
  };
  for (const node of edges.keys()) visit(node, []);
  assertEquals(cycles, []);
});

Deno.test("lib/ names no bare specifier, and npm: only in a dynamic import of two modules", {
  ignore: !permitted,
}, () => {
  const wrong: string[] = [];
  for (const [path, source] of files) {
    for (const { specifier, dynamic } of importsOf(source)) {
      if (specifier.startsWith(".") || specifier.startsWith("node:")) continue;
      if (specifier.startsWith("npm:") && dynamic && NPM_ALLOWED.has(path)) continue;
      wrong.push(`${path}: ${specifier}`);
    }
  }
  assertEquals(wrong, []);
});

Deno.test("core, nn, train and check reach no npm package, however deep", {
  ignore: !permitted,
}, () => {
  for (const folder of NPM_FREE) {
    const seen = new Set<string>();
    const stack = [`${folder}/mod.ts`];
    while (stack.length > 0) {
      const path = stack.pop()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const source = files.get(path);
      assert(source !== undefined, `${path} is imported but does not exist`);
      for (const { specifier } of importsOf(source)) {
        assert(!specifier.startsWith("npm:"), `${folder}/mod.ts reaches ${specifier} via ${path}`);
        if (specifier.startsWith(".")) stack.push(resolve(path, specifier));
      }
    }
  }
});

Deno.test("each mod.ts only re-exports, and re-exports every public module of its folder", {
  ignore: !permitted,
}, () => {
  for (const [path, source] of files) {
    if (!path.endsWith("mod.ts")) continue;
    const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "").trim();
    const lines = code.split("\n").filter((l) => l.trim() !== "");
    for (const line of lines) {
      assert(/^export \* from "\.\/[a-z_/]+\.ts";$/.test(line), `${path}: ${line}`);
    }
    const exported = lines.map((l) => l.match(/"\.\/([a-z_/]+\.ts)"/)![1]).sort();
    const folder = folderOf(path);
    const expected = folder === ""
      ? Object.keys(ALLOWED).map((f) => `${f}/mod.ts`).sort()
      : [...files.keys()].filter((p) =>
        folderOf(p) === folder && !p.endsWith("/mod.ts") && !p.split("/")[1].startsWith("_")
      ).map((p) => p.split("/")[1]).sort();
    assertEquals(exported, expected, path);
  }
});
