/**
 * The small site under `build/`: `index.html` describes what is there (each notebook's page with
 * its status, failed or stale pages marked, the API reference), and every notebook page gets a
 * bar with the previous and next notebook, the index and the reference, a banner when its run
 * failed, and code that wraps instead of being cut off.
 *
 * A page's status is read back from its executed notebook (`metadata.nn_notes_run`, written by
 * tools/execute_notebook.py), so the index tells the truth about every page in `build/`, not
 * only those of the last run: a page is stale when its notebook or `lib/` changed since it was
 * made, and an orphan when its notebook is gone.
 *
 * Needs --allow-read and --allow-write (build/).
 *
 * @module
 */

import { exists } from "./_files.ts";

/** Where the API reference goes inside `build/` (written by `deno task docs`). */
export const REFERENCE_DIR = "reference";

/** How an executed notebook was made, kept in its `metadata.nn_notes_run`. */
export interface RunRecord {
  /** The notebook's file name in notebooks/. */
  source?: string;
  /** sha256 of the notebook's cell types and sources when it ran (see {@linkcode sourceHash}). */
  source_sha256?: string;
  /** sha256 of lib/ when it ran (see {@linkcode libHash}). */
  lib_sha256?: string;
  /** The Deno version of the kernel. */
  deno?: string;
  /** `ok` when every cell ran. */
  status: "ok" | "error";
  /** Code cells run. */
  cells?: number;
  /** Seconds the run took. */
  seconds?: number;
  /** When it ran, ISO 8601 UTC. */
  executed?: string;
  /** The failure, when status is `error`. */
  error?: { kind?: string; code_cell?: number; ename?: string; evalue?: string };
}

/** A link to a neighbouring page. */
export interface PageLink {
  /** Relative URL. */
  href: string;
  /** The text shown. */
  title: string;
}

/** The bar on each notebook page. */
export interface PageNav {
  /** The notebook before this one. @default {undefined} */
  previous?: PageLink;
  /** The notebook after this one. @default {undefined} */
  next?: PageLink;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A cell's source as one string (nbformat allows a string or a list of lines). */
export function sourceText(source: unknown): string {
  return Array.isArray(source) ? source.join("") : String(source ?? "");
}

/**
 * A hash of what a notebook says: its cells' types and sources, not outputs or metadata, so a
 * copy saved with outputs after a Jupyter session hashes the same as the clean one.
 */
export async function sourceHash(path: string): Promise<string> {
  const nb = JSON.parse(await Deno.readTextFile(path));
  const cells = (nb.cells ?? []).map((cell: { cell_type: string; source: unknown }) => [
    cell.cell_type,
    sourceText(cell.source),
  ]);
  return await sha256(JSON.stringify(cells));
}

/** A hash of every .ts file under `lib/` (names and contents). */
export async function libHash(libDir: string): Promise<string> {
  const files: string[] = [];
  async function walk(dir: string): Promise<void> {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && entry.name.endsWith(".ts")) files.push(path);
    }
  }
  await walk(libDir);
  files.sort();
  const parts: string[] = [];
  for (const path of files) {
    parts.push(path.slice(libDir.length), await Deno.readTextFile(path));
  }
  return await sha256(JSON.stringify(parts));
}

/** The first Markdown heading of a notebook, or its file name. */
export async function notebookTitle(path: string): Promise<string> {
  try {
    const nb = JSON.parse(await Deno.readTextFile(path));
    for (const cell of nb.cells ?? []) {
      if (cell.cell_type !== "markdown") continue;
      const heading = sourceText(cell.source).match(/^#+\s+(.+)$/m);
      if (heading) return heading[1].trim();
    }
  } catch {
    // fall through to the file name
  }
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The previous/next links of each notebook, in the order given. */
export async function notebookNav(
  notebooksDir: string,
  names: string[],
): Promise<Map<string, PageNav>> {
  const links: PageLink[] = [];
  for (const name of names) {
    links.push({
      href: `${name.replace(/\.ipynb$/, "")}.html`,
      title: await notebookTitle(`${notebooksDir}/${name}`),
    });
  }
  const nav = new Map<string, PageNav>();
  names.forEach((name, i) => nav.set(name, { previous: links[i - 1], next: links[i + 1] }));
  return nav;
}

// Code and text outputs wrap at the page's edge instead of being cut off by the lab template's
// overflow: hidden (a long line keeps its indentation; a long word breaks anywhere).
const PAGE_STYLE = `<style id="nn-notes-page">
.jp-InputArea-editor .highlight pre, .jp-RenderedText pre, .jp-OutputArea-output pre {
  white-space: pre-wrap; overflow-wrap: anywhere; word-break: normal;
}
.jp-InputArea-editor, .jp-InputArea-editor .highlight, .jp-InputArea-editor .CodeMirror {
  overflow: visible; height: auto; min-width: 0;
}
.nn-notes-nav { display: grid; grid-template-columns: 1fr auto 1fr; gap: 1.5em; align-items: start;
  font: 14px system-ui, sans-serif; padding: .6em 1em; margin: 0 0 1em; border-bottom: 1px solid #ddd; }
.nn-notes-nav [rel="next"] { text-align: right; }
.nn-notes-nav.bottom { border-top: 1px solid #ddd; border-bottom: 0; margin: 2em 0 0; }
.nn-notes-failed { font: 15px system-ui, sans-serif; color: #8b1a1a; background: #fde8e8;
  border: 1px solid #cf222e; padding: .8em 1em; margin: 1em; }
</style>`;

function navBar(nav: PageNav, where: "top" | "bottom"): string {
  const link = (l: PageLink | undefined, arrow: "prev" | "next"): string =>
    l === undefined
      ? "<span></span>"
      : `<a rel="${arrow}" href="${escapeHtml(l.href)}">${arrow === "prev" ? "← " : ""}${
        escapeHtml(l.title)
      }${arrow === "next" ? " →" : ""}</a>`;
  return `<nav class="nn-notes-nav ${where}">${link(nav.previous, "prev")}` +
    `<span><a href="index.html">all notebooks</a> · <a href="index.html#reference">` +
    `API reference</a></span>${link(nav.next, "next")}</nav>`;
}

/** Options of {@linkcode decoratePage}. */
export interface DecorateOptions {
  /** Previous/next links; without it, no bar. @default {undefined} */
  nav?: PageNav;
  /** The run's failure, shown in a banner at the top. @default {undefined} */
  failure?: RunRecord["error"];
}

/** Adds the wrapping style, the navigation bars and a failure banner to an exported page. */
export function decoratePage(html: string, options: DecorateOptions = {}): string {
  let top = "";
  let bottom = "";
  if (options.nav !== undefined) {
    top += navBar(options.nav, "top");
    bottom += navBar(options.nav, "bottom");
  }
  if (options.failure !== undefined) {
    const f = options.failure;
    const what = `${f.ename ?? "Error"}: ${f.evalue ?? ""}`.replace(/[.\s]+$/, "");
    top += `<div class="nn-notes-failed" role="alert"><strong>This run failed</strong> in code ` +
      `cell ${f.code_cell ?? "?"}: ${escapeHtml(what)}. The cells after it did not run; the ` +
      `error is shown under that cell below.</div>`;
  }
  return html
    .replace("</head>", `${PAGE_STYLE}\n</head>`)
    .replace(/<body[^>]*>/, (body) => `${body}\n${top}`)
    .replace(/<\/body>(?![\s\S]*<\/body>)/, `${bottom}\n</body>`);
}

/** One notebook as the index shows it. */
export interface IndexEntry {
  /** The notebook's file name, e.g. `01_backpropagation.ipynb`. */
  name: string;
  /** Its title (first heading). */
  title: string;
  /** `build/<stem>.html` exists. */
  page: boolean;
  /** `build/<name>` (the executed copy) exists. */
  ipynb: boolean;
  /** How the executed copy was made, when it says. */
  run?: RunRecord;
  /** ok, failed, stale (made from another notebook or lib/), orphan or missing. */
  state: "ok" | "failed" | "stale" | "orphan" | "missing";
  /** Why, in words, for every state but ok. */
  notes: string[];
}

/** One folder of lib/ in the reference: its name and the first sentence of its module doc. */
export interface ReferenceFolder {
  /** The folder, e.g. `nn`; its page is `reference/nn/index.html`. */
  name: string;
  /** What it holds. */
  summary: string;
}

/** What `deno task docs` leaves beside the reference, in {@linkcode REFERENCE_STAMP}. */
export interface ReferenceStamp {
  /** sha256 of lib/ when it was written (see {@linkcode libHash}). */
  lib_sha256?: string;
  /** When it was written, ISO 8601 UTC. */
  made?: string;
  /** The folders documented, in reading order. */
  folders?: ReferenceFolder[];
}

/** The reference as the index shows it. */
export interface ReferenceEntry {
  /** `build/reference/index.html` exists. */
  present: boolean;
  /** lib/ changed since it was written. */
  stale: boolean;
  /** When it was written, when it says. */
  made?: string;
  /** Its folders, when it says. @default {undefined} */
  folders?: ReferenceFolder[];
}

/** What `build/` holds, read from the files themselves. */
export interface BuildSurvey {
  /** The notebooks in notebooks/ and the pages in build/, in order. */
  entries: IndexEntry[];
  /** The API reference. */
  reference: ReferenceEntry;
  /** Other top-level files and folders of build/. */
  others: string[];
}

/** The name of the stamp `deno task docs` leaves in the reference folder. */
export const REFERENCE_STAMP = ".nn-notes.json";

const NUMBERED = /^\d\d_.+\.ipynb$/;

/** The notebooks `NN_name.ipynb` in a folder, sorted. */
export async function listNotebooks(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && NUMBERED.test(entry.name)) names.push(entry.name);
  }
  return names.sort();
}

/** Reads build/ and notebooks/ and says, for each notebook, what page there is and how good. */
export async function surveyBuild(
  buildDir: string,
  notebooksDir: string,
  libDir: string,
): Promise<BuildSurvey> {
  const sources = new Set(await listNotebooks(notebooksDir));
  const built = new Set<string>();
  const others: string[] = [];
  for await (const entry of Deno.readDir(buildDir)) {
    const stem = entry.name.replace(/\.(ipynb|html)$/, "");
    if (entry.isFile && entry.name !== "index.html" && NUMBERED.test(`${stem}.ipynb`)) {
      built.add(`${stem}.ipynb`);
    } else if (entry.name !== "index.html" && entry.name !== REFERENCE_DIR) {
      others.push(entry.isDirectory ? `${entry.name}/` : entry.name);
    }
  }
  const lib = await libHash(libDir);
  const entries: IndexEntry[] = [];
  for (const name of [...new Set([...sources, ...built])].sort()) {
    const stem = name.replace(/\.ipynb$/, "");
    const page = await exists(`${buildDir}/${stem}.html`);
    const ipynb = await exists(`${buildDir}/${name}`);
    const source = sources.has(name);
    let run: RunRecord | undefined;
    let title = source ? await notebookTitle(`${notebooksDir}/${name}`) : stem;
    if (ipynb) {
      try {
        const nb = JSON.parse(await Deno.readTextFile(`${buildDir}/${name}`));
        run = nb.metadata?.nn_notes_run;
        title = await notebookTitle(`${buildDir}/${name}`);
      } catch {
        run = undefined;
      }
    }
    const notes: string[] = [];
    let state: IndexEntry["state"] = "ok";
    if (!page && !ipynb) {
      state = "missing";
      notes.push("not built yet: run deno task notebooks");
    } else {
      if (!source) notes.push("its notebook is no longer in notebooks/");
      if (run === undefined) {
        notes.push("made by an older runner: no record of how it ran");
      } else {
        if (source && run.source_sha256 !== await sourceHash(`${notebooksDir}/${name}`)) {
          notes.push("the notebook changed since this page was made");
        }
        if (run.lib_sha256 !== lib) notes.push("lib/ changed since this page was made");
      }
      if (!page) notes.push("no HTML page (only the executed notebook)");
      if (!source) state = "orphan";
      else if (run?.status === "error") state = "failed";
      else if (notes.length > 0) state = "stale";
    }
    entries.push({ name, title, page, ipynb, run, state, notes });
  }
  let reference: ReferenceEntry = { present: false, stale: false };
  if (await exists(`${buildDir}/${REFERENCE_DIR}/index.html`)) {
    let stamp: ReferenceStamp = {};
    try {
      stamp = JSON.parse(
        await Deno.readTextFile(`${buildDir}/${REFERENCE_DIR}/${REFERENCE_STAMP}`),
      );
    } catch {
      // no stamp: an older reference
    }
    reference = {
      present: true,
      stale: stamp.lib_sha256 !== lib,
      made: stamp.made,
      folders: stamp.folders,
    };
  }
  return { entries, reference, others: others.sort() };
}

const OTHER_FILES: Record<string, string> = {
  "mathjax/": "MathJax 2.7, so the pages typeset their math offline",
  "plots_browser/": "screenshots left by the browser tests",
};

function when(iso: string | undefined): string {
  return iso === undefined ? "" : iso.slice(0, 16).replace("T", " ") + " UTC";
}

function statusCell(entry: IndexEntry): string {
  const run = entry.run;
  const parts: string[] = [];
  if (entry.state === "failed" && run?.error !== undefined) {
    parts.push(
      `<span class="failed">failed in code cell ${run.error.code_cell ?? "?"}: ${
        escapeHtml(`${run.error.ename ?? ""}: ${run.error.evalue ?? ""}`)
      }</span>`,
    );
  } else if (entry.state === "ok") {
    parts.push(`<span class="ok">ok</span>`);
  } else {
    parts.push(`<span class="${entry.state}">${entry.state}</span>`);
  }
  const notes = entry.notes.filter((n) => !(entry.state === "missing" && n.startsWith("not")));
  if (entry.state === "missing") parts.push("not built yet: run <code>deno task notebooks</code>");
  for (const note of notes) parts.push(`<span class="note">${escapeHtml(note)}</span>`);
  return parts.join("<br>");
}

/** Renders the index page for a survey of build/. */
export function indexHtml(survey: BuildSurvey): string {
  const rows = survey.entries.map((e) => {
    const stem = e.name.replace(/\.ipynb$/, "");
    const title = e.page
      ? `<a href="${escapeHtml(stem)}.html">${escapeHtml(e.title)}</a>`
      : escapeHtml(e.title);
    const file = e.ipynb
      ? `<a href="${escapeHtml(e.name)}"><code>${escapeHtml(e.name)}</code></a>`
      : `<code>${escapeHtml(e.name)}</code>`;
    const run = e.run;
    const ran = run === undefined
      ? ""
      : `${when(run.executed)}<br>${run.cells ?? "?"} code cells run, ${
        (run.seconds ?? 0).toFixed(1)
      } s`;
    return `<tr class="row-${e.state}"><td>${title}</td><td>${file}</td><td>${ran}</td><td>${
      statusCell(e)
    }</td></tr>`;
  }).join("\n");
  const ref = survey.reference;
  let reference = `<p>The API reference is not built yet: run <code>deno task docs</code>.</p>`;
  if (ref.present) {
    const folders = (ref.folders ?? []).map((f) =>
      `<li><a href="${REFERENCE_DIR}/${escapeHtml(f.name)}/index.html"><code>lib/${
        escapeHtml(f.name)
      }/</code></a>: ${escapeHtml(f.summary).replace(/`([^`]+)`/g, "<code>$1</code>")}</li>`
    ).join("\n");
    reference = `<p>Every export of <code>lib/</code>, with its documentation and examples${
      ref.made ? `, written ${when(ref.made)}` : ""
    }${
      ref.stale
        ? ` — <span class="stale">stale: lib/ changed since; run <code>deno task docs</code></span>`
        : ""
    }: <a href="${REFERENCE_DIR}/all_symbols.html">all symbols</a>, or by folder:</p>\n<ul>${folders}</ul>`;
  }
  const others = survey.others.length === 0
    ? ""
    : `<h2>Also in build/</h2><ul>${
      survey.others.map((o) =>
        `<li><code>${escapeHtml(o)}</code>${OTHER_FILES[o] ? `: ${OTHER_FILES[o]}` : ""}</li>`
      ).join("")
    }</ul>`;
  const counts = ["failed", "stale", "orphan", "missing"].map((s) => {
    const n = survey.entries.filter((e) => e.state === s).length;
    return n === 0 ? "" : `${n} ${s}`;
  }).filter((s) => s !== "");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>nn-notes: the notebooks</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd;
padding: .4rem .6rem; text-align: left; vertical-align: top; } .ok { color: #1a7f37; }
.failed { color: #cf222e; } .stale, .orphan { color: #9a6700; } .missing { color: #666; }
.note { color: #555; font-size: 90%; }
</style></head><body>
<h1>nn-notes: how neural networks learn, derived and checked</h1>
<p>What <code>build/</code> holds, read from its files when this page was written (${
    when(new Date().toISOString())
  }). Read the notebooks in order; each page works offline and links to the previous and next
one. ${
    counts.length === 0
      ? "Every page is up to date."
      : `<strong>Not every page is current: ${counts.join(", ")}.</strong>`
  } <code>deno task notebooks</code> rebuilds them.</p>
<h2>The notebooks</h2>
<table><thead><tr><th>notebook</th><th>executed copy</th><th>ran</th><th>status</th>
</tr></thead><tbody>
${rows}
</tbody></table>
<h2 id="reference">Reference</h2>
${reference}
${others}
</body></html>
`;
}

/** Surveys build/ and writes build/index.html; returns its path. */
export async function writeIndex(
  buildDir: string,
  notebooksDir: string,
  libDir: string,
): Promise<string> {
  await Deno.mkdir(buildDir, { recursive: true });
  const survey = await surveyBuild(buildDir, notebooksDir, libDir);
  const path = `${buildDir}/index.html`;
  await Deno.writeTextFile(path, indexHtml(survey));
  return path;
}
