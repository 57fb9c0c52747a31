// Shared by the integration tests that run deno itself (a tool, a script, a test run) and read
// what it printed.

/** How a deno process ended and what it printed (stdout trimmed). */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@linkcode runDeno}. */
export interface RunDenoOptions {
  /** The working directory. @default this process's */
  cwd?: string;
  /** Variables added to the inherited environment (NO_COLOR=1 is always set). @default {} */
  env?: Record<string, string>;
}

/** Runs this deno binary with `args` and waits for it. */
export async function runDeno(args: string[], options: RunDenoOptions = {}): Promise<Run> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: options.cwd,
    env: { NO_COLOR: "1", ...options.env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    stdout: text.decode(out.stdout).trim(),
    stderr: text.decode(out.stderr),
  };
}
