// Shared by the integration tests that run Jupyter: find it once, and decide whether to skip.
// Without Jupyter the tests are reported as ignored with the command that installs it; under CI
// (CI=true) a missing Jupyter is a failure instead.

import { APT_INSTALL, ensureDenoKernel, findJupyter } from "../../tools/notebook_runner.ts";
import { permitted } from "./_permitted.ts";

const probe = permitted
  ? await findJupyter()
  : { ok: false as const, message: "no permission to look for Jupyter" };
const onCi = permitted && Deno.env.get("CI") === "true";

/** True when the Jupyter tests must be skipped (no permissions, or Jupyter missing off CI). */
export const skipJupyter: boolean = !permitted || (!probe.ok && !onCi);

if (permitted && skipJupyter) {
  console.warn(
    `Skipping the notebook tests: Jupyter is not installed. Install it with:\n  ${APT_INSTALL}`,
  );
}

/** The Python that runs tools/execute_notebook.py, with Deno's kernel registered; throws if none. */
export async function jupyterPython(): Promise<string> {
  if (!probe.ok) throw new Error(probe.message);
  await ensureDenoKernel(probe.python);
  return probe.python;
}
