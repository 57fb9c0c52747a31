/**
 * `deno task lab [jupyter options]`: registers Deno's Jupyter kernel when missing and opens
 * notebooks/ in JupyterLab, or in the classic Notebook when JupyterLab is not installed. Extra
 * arguments (e.g. `--no-browser --port 8890`) go to Jupyter. When it ends, it says which
 * notebooks were saved with outputs (`deno task strip` takes them out before a commit).
 *
 * @module
 */

import { NOTEBOOKS_DIR, prepareJupyter } from "./notebook_runner.ts";
import { uncleanNotebooks } from "./strip_notebooks.ts";

async function hasModule(python: string, module: string): Promise<boolean> {
  const probe = await new Deno.Command(python, {
    args: ["-c", `import ${module}`],
    stdout: "null",
    stderr: "null",
  }).output();
  return probe.success;
}

async function main(args: string[]): Promise<number> {
  const python = await prepareJupyter();
  if (python === undefined) return 2;
  const lab = await hasModule(python, "jupyterlab");
  const app = lab ? "jupyterlab" : "notebook";
  if (!lab && !(await hasModule(python, "notebook"))) {
    console.error(
      "Neither JupyterLab nor the classic Notebook is installed. On Debian or Ubuntu:\n" +
        "  sudo apt-get install -y jupyter-notebook\n(or pip install jupyterlab)",
    );
    return 2;
  }
  console.log(
    `Opening ${NOTEBOOKS_DIR} in ${
      lab ? "JupyterLab" : "the classic Notebook (JupyterLab is not installed)"
    }; pick the "Deno" kernel. Ctrl-C stops it.`,
  );
  const child = new Deno.Command(python, {
    // Jupyter refuses to run as root without --allow-root (containers often are root).
    args: [
      "-m",
      app,
      `--notebook-dir=${NOTEBOOKS_DIR}`,
      ...(Deno.uid() === 0 ? ["--allow-root"] : []),
      ...args,
    ],
    cwd: NOTEBOOKS_DIR,
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  // Ctrl-C reaches Jupyter too (same process group) and stops it; this process waits for that
  // instead of dying first, so it can still say what was saved.
  const ignore = () => {};
  Deno.addSignalListener("SIGINT", ignore);
  const status = await child.status;
  Deno.removeSignalListener("SIGINT", ignore);
  // Saved notebooks keep their outputs, which the tests accept but a commit should not carry.
  const saved = await uncleanNotebooks([NOTEBOOKS_DIR]);
  if (saved.length > 0) {
    console.log(
      `${saved.length} notebook${saved.length === 1 ? " was" : "s were"} saved with outputs ` +
        "(deno task test does not mind); run `deno task strip` before committing them.",
    );
  }
  return status.code;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
