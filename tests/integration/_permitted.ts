// The integration tests read the repository, write build/, run Jupyter and Chromium, and talk to
// a Notebook server on loopback through puppeteer, so they need --allow-read, --allow-write,
// --allow-run, --allow-env, --allow-net=127.0.0.1 and --allow-sys, which `deno task test` grants.
// Under plain `deno test` (no flags) they are reported as ignored, with one line saying why, and
// every other test still runs and passes.

const NEEDED: Deno.PermissionDescriptor[] = [
  { name: "read" },
  { name: "write" },
  { name: "run" },
  { name: "env" },
  { name: "net", host: "127.0.0.1" },
  { name: "sys" },
];

const missing = NEEDED.filter((d) => Deno.permissions.querySync(d).state !== "granted");

/** True when this process may read, write, run programs, read the environment and use loopback. */
export const permitted: boolean = missing.length === 0;

if (!permitted) {
  console.warn(
    `Ignoring the tests of tests/integration/: they need ${
      missing.map((d) => `--allow-${d.name}${d.name === "net" ? "=127.0.0.1" : ""}`).join(" ")
    }. \`deno task test\` runs them.`,
  );
}
