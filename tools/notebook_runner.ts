/**
 * The notebook runner behind `deno task notebooks`, `deno task lab` and the notebook tests: finds
 * Debian's (or any) Jupyter, registers Deno's kernel, executes notebooks through
 * `tools/execute_notebook.py` and writes `build/` (executed notebooks, standalone HTML, index.html).
 *
 * Needs --allow-read --allow-write --allow-run --allow-env.
 *
 * @module
 */

import mathjaxPackage from "mathjax/package.json" with { type: "json" };
import { exists } from "./_files.ts";
import { decoratePage, libHash, type PageNav, type RunRecord, sourceHash } from "./site.ts";

/** The repository root (this file lives in `tools/`). */
export const ROOT: string = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
/** Where the committed notebooks live. */
export const NOTEBOOKS_DIR: string = `${ROOT}/notebooks`;
/** Where executed notebooks, HTML pages and index.html go (git-ignored). */
export const BUILD_DIR: string = `${ROOT}/build`;
/** The library, whose hash each executed notebook records (a change makes its page stale). */
export const LIB_DIR: string = `${ROOT}/lib`;
/** Seconds a single cell may run before the runner stops it and reports it. */
export const DEFAULT_TIMEOUT = 120;
const EXECUTE_SCRIPT = `${ROOT}/tools/execute_notebook.py`;

/** The command that installs what the runner needs on Debian or Ubuntu. */
export const APT_INSTALL: string =
  "sudo apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient " +
  "jupyter-client python3-ipykernel jupyter-notebook";

/** A Python that can import nbclient and nbconvert, or why none was found. */
export type JupyterProbe = { ok: true; python: string } | { ok: false; message: string };

/** Result of executing one notebook. */
export interface NotebookResult {
  /** File name without folder, e.g. `01_backpropagation.ipynb`. */
  name: string;
  /** Code cells that ran. */
  cells: number;
  /** Wall time of the whole run (Python start, kernel start, cells, HTML export), seconds. */
  seconds: number;
  /** Time from kernel start to the last cell's output, seconds. */
  kernelSeconds: number;
  /** `ok` when every cell ran, `error` otherwise. */
  status: "ok" | "error";
  /** Outputs that arrived after their cell reported idle (kept, not dropped). */
  lateOutputs: number;
  /** Executed notebook and HTML page written. */
  ipynb: string;
  html: string;
  /** The failing cell, when status is `error`. */
  error?: {
    /** How it failed: an exception, a syntax error, a timeout, a dead kernel, or the runner. */
    kind?: "exception" | "syntax" | "timeout" | "dead-kernel" | "runner";
    cell_index?: number;
    code_cell?: number;
    source?: string;
    ename: string;
    evalue: string;
    traceback: string;
  };
  /** The runner's stderr, kept for diagnosis when it failed. */
  stderr: string;
}

const decoder = new TextDecoder();

async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const output = await new Deno.Command(command, {
      args,
      cwd: options.cwd,
      env: options.env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    return {
      code: output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
    };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return { code: 127, stdout: "", stderr: `${command}: not found` };
    }
    throw error;
  }
}

// Quiet the "frozen modules" debugger notice some Pythons print on every start.
const PYTHON_ENV = { PYDEVD_DISABLE_FILE_VALIDATION: "1", PYTHONWARNINGS: "ignore" };

/**
 * Finds a Python that imports nbclient, nbconvert and jupyter_client: $NN_NOTES_PYTHON when set (and
 * only it), else Debian's /usr/bin/python3 (a pyenv python3 on PATH may not see Debian's packages),
 * else python3.
 */
export async function findJupyter(): Promise<JupyterProbe> {
  const chosen = Deno.env.get("NN_NOTES_PYTHON");
  const candidates = chosen ? [chosen] : ["/usr/bin/python3", "python3"];
  for (const python of candidates) {
    const probe = await run(python, ["-c", "import nbclient, nbconvert, jupyter_client"], {
      env: PYTHON_ENV,
    });
    if (probe.code === 0) return { ok: true, python };
  }
  return {
    ok: false,
    message:
      `Jupyter (nbclient, nbconvert, jupyter_client) was not found for ${
        candidates.join(", ")
      }.\nInstall it with:\n  ${APT_INSTALL}\n(or pip install nbclient nbconvert notebook, ` +
      `then set NN_NOTES_PYTHON to that python)`,
  };
}

/** Registers Deno's Jupyter kernel (`deno jupyter --install`) when no kernelspec named deno exists. */
export async function ensureDenoKernel(python: string): Promise<"present" | "installed"> {
  const list = await run(python, [
    "-c",
    "import json; from jupyter_client.kernelspec import find_kernel_specs; " +
    "print(json.dumps(find_kernel_specs()))",
  ], { env: PYTHON_ENV });
  if (list.code !== 0) throw new Error(`Could not list Jupyter kernels:\n${list.stderr}`);
  const specs = JSON.parse(list.stdout.trim().split("\n").at(-1) ?? "{}");
  if ("deno" in specs) return "present";
  const install = await run(Deno.execPath(), ["jupyter", "--install"]);
  if (install.code !== 0) {
    throw new Error(`deno jupyter --install failed:\n${install.stdout}${install.stderr}`);
  }
  return "installed";
}

/**
 * What both `deno task notebooks` and `deno task lab` do first: find Jupyter's Python and register
 * Deno's kernel when it is missing. Prints how to install Jupyter and returns undefined when it is
 * not there.
 */
export async function prepareJupyter(): Promise<string | undefined> {
  const jupyter = await findJupyter();
  if (!jupyter.ok) {
    console.error(jupyter.message);
    return undefined;
  }
  if (await ensureDenoKernel(jupyter.python) === "installed") {
    console.log("Registered Deno's Jupyter kernel (deno jupyter --install).");
  }
  return jupyter.python;
}

// The parts of MathJax 2.7 that the TeX-AMS_CHTML-full configuration loads (CommonHTML output with
// its TeX web fonts), plus the menu's extensions and English strings. Skips the 26 MB `unpacked/`
// copy, the SVG/HTML-CSS outputs and the other font families.
const MATHJAX_PARTS = [
  "MathJax.js",
  "LICENSE",
  "package.json",
  "config",
  "extensions",
  "jax/input",
  "jax/element",
  "jax/output/CommonHTML",
  "fonts/HTML-CSS/TeX/woff",
  "localization/en",
];

async function copyTree(from: string, to: string): Promise<void> {
  const info = await Deno.stat(from);
  if (info.isFile) {
    await Deno.mkdir(to.slice(0, to.lastIndexOf("/")), { recursive: true });
    await Deno.copyFile(from, to);
    return;
  }
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    await copyTree(`${from}/${entry.name}`, `${to}/${entry.name}`);
  }
}

/**
 * Copies MathJax 2.7 from the npm package (fetched by Deno into its cache) to `build/mathjax/`, so the
 * HTML pages typeset their LaTeX with no network. Skipped when that version is already there.
 */
export async function ensureMathJax(buildDir: string = BUILD_DIR): Promise<string> {
  const target = `${buildDir}/mathjax`;
  const stamp = `${target}/.nn-notes-version`;
  if (await exists(stamp) && (await Deno.readTextFile(stamp)).trim() === mathjaxPackage.version) {
    return target;
  }
  const source = new URL(".", import.meta.resolve("mathjax/package.json")).pathname;
  await Deno.remove(target, { recursive: true }).catch(() => {});
  for (const part of MATHJAX_PARTS) await copyTree(`${source}${part}`, `${target}/${part}`);
  await Deno.writeTextFile(stamp, mathjaxPackage.version);
  return target;
}

/** Options for {@linkcode executeNotebook}. */
export interface ExecuteOptions {
  /** Folder for the executed notebook and HTML page. @default BUILD_DIR */
  outDir?: string;
  /** The kernel's working directory. @default the notebook's folder */
  cwd?: string;
  /** Seconds a single cell may run. @default DEFAULT_TIMEOUT (120) */
  timeout?: number;
  /** Seconds to keep listening for outputs after the last cell's idle. @default 0.5 */
  grace?: number;
  /** Write the standalone HTML page. @default true */
  html?: boolean;
  /** Previous/next links for the page's navigation bar. @default undefined (no bar) */
  nav?: PageNav;
}

/** What the executed copy records about its source, for index.html to tell stale pages. */
async function runInfo(notebook: string, name: string): Promise<Omit<RunRecord, "status">> {
  return {
    source: name,
    source_sha256: await sourceHash(notebook),
    lib_sha256: await libHash(LIB_DIR),
    deno: Deno.version.deno,
  };
}

/** Executes one notebook in a fresh Deno kernel through tools/execute_notebook.py. */
export async function executeNotebook(
  python: string,
  notebook: string,
  options: ExecuteOptions = {},
): Promise<NotebookResult> {
  const outDir = options.outDir ?? BUILD_DIR;
  const name = notebook.slice(notebook.lastIndexOf("/") + 1);
  const stem = name.replace(/\.ipynb$/, "");
  const ipynb = `${outDir}/${name}`;
  const html = `${outDir}/${stem}.html`;
  await Deno.mkdir(outDir, { recursive: true });
  const args = [
    EXECUTE_SCRIPT,
    notebook,
    "--out-ipynb",
    ipynb,
    "--timeout",
    String(options.timeout ?? DEFAULT_TIMEOUT),
    "--grace",
    String(options.grace ?? 0.5),
    "--deno",
    Deno.execPath(),
    "--run-info",
    JSON.stringify(await runInfo(notebook, name)),
  ];
  if (options.html ?? true) args.push("--out-html", html);
  if (options.cwd !== undefined) args.push("--cwd", options.cwd);
  const started = performance.now();
  const result = await run(python, args, { env: PYTHON_ENV });
  const seconds = (performance.now() - started) / 1000;
  const last = result.stdout.trim().split("\n").at(-1) ?? "";
  let summary: Record<string, unknown>;
  try {
    summary = JSON.parse(last);
  } catch {
    summary = {
      status: "error",
      cells: 0,
      seconds: 0,
      error: {
        kind: "runner",
        ename: "RunnerError",
        evalue: `execute_notebook.py exited with ${result.code} without a summary`,
        traceback: `${result.stdout}\n${result.stderr}`,
      },
    };
  }
  const status = summary.status === "ok" && result.code === 0 ? "ok" : "error";
  const error = summary.error as NotebookResult["error"];
  if ((options.html ?? true) && await exists(html)) {
    const page = await Deno.readTextFile(html);
    const failure = status === "ok" ? undefined : error ?? { ename: "RunnerError" };
    await Deno.writeTextFile(html, decoratePage(page, { nav: options.nav, failure }));
  }
  return {
    name,
    cells: Number(summary.cells ?? 0),
    seconds,
    kernelSeconds: Number(summary.seconds ?? 0),
    status,
    lateOutputs: Number(summary.late_outputs ?? 0),
    ipynb,
    html,
    error,
    stderr: result.stderr,
  };
}
