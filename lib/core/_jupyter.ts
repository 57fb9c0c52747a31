// Private: the Deno Jupyter kernel's API, reached only when it exists, so that library code runs
// unchanged under `deno test` and `deno run` (where touching Deno.jupyter throws).

/** The part of `Deno.jupyter` this library uses. */
interface JupyterApi {
  broadcast(
    msgType: string,
    content: Record<string, unknown>,
    extra?: Record<string, unknown>,
  ): Promise<void>;
}

/** `Deno.jupyter` inside a Deno kernel, else `undefined`. */
export function jupyterApi(): JupyterApi | undefined {
  try {
    const deno = (globalThis as { Deno?: { jupyter?: JupyterApi } }).Deno;
    const api = deno?.jupyter;
    return typeof api?.broadcast === "function" ? api : undefined;
  } catch {
    return undefined; // outside `deno jupyter`, reading Deno.jupyter throws
  }
}

/** Whether standard error is a terminal (false when that cannot be known). */
export function stderrIsTerminal(): boolean {
  try {
    return (globalThis as { Deno?: { stderr?: { isTerminal?(): boolean } } }).Deno?.stderr
      ?.isTerminal?.() === true;
  } catch {
    return false;
  }
}

/** Writes text to standard error without a newline. */
export function writeStderr(text: string): void {
  const deno = (globalThis as { Deno?: { stderr?: { writeSync?(p: Uint8Array): number } } }).Deno;
  const bytes = new TextEncoder().encode(text);
  let written = 0;
  while (written < bytes.length && deno?.stderr?.writeSync) {
    written += deno.stderr.writeSync(bytes.subarray(written));
  }
}
