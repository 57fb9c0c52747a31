/**
 * `deno task lab [jupyter options]`: registers Deno's Jupyter kernel when missing and opens
 * notebooks/ in JupyterLab, or in the classic Notebook when JupyterLab is not installed. Extra
 * arguments (e.g. `--no-browser --port 8890`) go to Jupyter.
 *
 * @module
 */

import { NOTEBOOKS_DIR, prepareJupyter } from "./notebook_runner.ts";

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
  return (await child.status).code;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
