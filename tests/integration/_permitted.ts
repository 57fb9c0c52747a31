// The integration tests read the repository, write build/, and run Jupyter and Chromium, so they
// need --allow-read, --allow-write, --allow-run and --allow-env, which `deno task test` grants.
// Under plain `deno test` (no flags) they are reported as ignored, with one line saying why, and
// every other test still runs and passes.

const NEEDED = ["read", "write", "run", "env"] as const;

const missing = NEEDED.filter((name) => Deno.permissions.querySync({ name }).state !== "granted");

/** True when this process may read, write, run programs and read the environment. */
export const permitted: boolean = missing.length === 0;

if (!permitted) {
  console.warn(
    `Ignoring the tests of tests/integration/: they need ${
      missing.map((name) => `--allow-${name}`).join(" ")
    }. \`deno task test\` runs them.`,
  );
}
