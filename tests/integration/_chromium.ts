// Headless Chromium for the browser tests: load a local page with the network cut off, let its
// scripts run, and return the DOM it ends with, or a screenshot of it.

import { permitted } from "./_permitted.ts";

const onCi = permitted && Deno.env.get("CI") === "true";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

async function findChromium(): Promise<string | undefined> {
  for (const path of CANDIDATES) {
    try {
      if ((await Deno.stat(path)).isFile) return path;
    } catch {
      // not there
    }
  }
  return undefined;
}

/** The Chromium binary, or undefined when none is installed. */
export const chromium: string | undefined = permitted ? await findChromium() : undefined;

/** True when the browser tests must be skipped (no permissions, or no Chromium off CI). */
export const skipChromium: boolean = !permitted || (chromium === undefined && !onCi);

if (permitted && skipChromium) {
  console.warn(
    "Skipping the browser tests: Chromium is not installed. Install it with:\n" +
      "  sudo apt-get install -y chromium",
  );
}

/**
 * The flags every run uses: headless, no sandbox (containers run as root), no GPU, nothing in the
 * background that reaches the network, and every host name unresolvable, so a page that asks
 * for a CDN gets nothing.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--host-resolver-rules=MAP * ~NOTFOUND",
  "--hide-scrollbars",
];

/** Options of {@linkcode loadPage}. */
export interface LoadOptions {
  /** Virtual milliseconds the page's scripts get before the DOM is taken. @default {15000} */
  budgetMs?: number;
  /** Write a screenshot of the page here (PNG). @default {undefined} */
  screenshot?: string;
  /** The window size for the screenshot, "width,height". @default {"1100,1400"} */
  windowSize?: string;
}

/** Loads a local file in headless Chromium and returns the DOM after its scripts ran. */
export async function loadPage(path: string, options: LoadOptions = {}): Promise<string> {
  if (chromium === undefined) throw new Error("Chromium is not installed");
  const { budgetMs = 15000, windowSize = "1100,1400" } = options;
  const url = new URL(`file://${await Deno.realPath(path)}`).href;
  const profile = await Deno.makeTempDir({ prefix: "nn_notes_chromium_" });
  try {
    const common = [
      ...CHROMIUM_FLAGS,
      `--user-data-dir=${profile}`,
      `--virtual-time-budget=${budgetMs}`,
      `--window-size=${windowSize}`,
    ];
    const dom = await runChromium([...common, "--dump-dom", url]);
    if (options.screenshot !== undefined) {
      await runChromium([...common, `--screenshot=${options.screenshot}`, url]);
    }
    return dom;
  } finally {
    await Deno.remove(profile, { recursive: true });
  }
}

async function runChromium(args: string[]): Promise<string> {
  const child = new Deno.Command(chromium!, {
    args,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  try {
    const { code, stdout, stderr } = await child.output();
    const text = new TextDecoder().decode(stdout);
    if (code !== 0) {
      throw new Error(`chromium exited with ${code}:\n${new TextDecoder().decode(stderr)}`);
    }
    return text;
  } finally {
    clearTimeout(timer);
  }
}
