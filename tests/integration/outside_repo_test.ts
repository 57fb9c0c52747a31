// Every way README's "Use it in your own coursework" offers, tried from a temporary folder outside
// the repository: import by path and by file or http URL with --no-config, `deno link`, a
// workspace, and a copy of lib/'s folders. The math, training and checking folders must run with
// an empty DENO_DIR and --cached-only: nothing to download. Needs --allow-read, --allow-write,
// --allow-run and --allow-env (it writes temp folders and runs deno).

import { assert, assertEquals } from "../_assert.ts";
import { permitted } from "./_permitted.ts";
import { type Run, runDeno } from "./_deno.ts";

const REPO = new URL("../../", import.meta.url);
const REPO_PATH = decodeURIComponent(REPO.pathname).replace(/\/$/, "");

/** A script that imports softmax from `from` and prints a value only the right math gives. */
function softmaxScript(nn: string, core: string): string {
  return [
    `import { softmax, softmaxBackward } from "${nn}";`,
    `import { Matrix } from "${core}";`,
    "const Y = softmax(Matrix.from([[0], [Math.log(3)]])); // k = 2 classes, m = 1 example",
    "const dX = softmaxBackward(Y, Matrix.from([[1], [0]]));",
    "console.log(JSON.stringify([...Y.data, ...dX.data].map((v) => +v.toFixed(6))));",
  ].join("\n");
}

/** softmax([0, ln 3]) = [1/4, 3/4]; its backward of [1, 0] is y∘(dY − yᵀdY) = [3/16, −3/16]. */
const EXPECTED = "[0.25,0.75,0.1875,-0.1875]";

function assertRan(run: Run, expected: string, what: string): void {
  assertEquals(run.code, 0, `${what} failed:\n${run.stderr}`);
  assertEquals(run.stdout.split("\n").at(-1), expected, `${what} printed:\n${run.stdout}`);
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "nn_notes_coursework_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name:
    "a script outside the repo imports lib/ by path and by file URL, with no config and no permission",
  ignore: !permitted,
  async fn(t) {
    await withTempDir(async (dir) => {
      const emptyCache = { DENO_DIR: `${dir}/deno_dir` };
      const offline = ["run", "--no-config", "--cached-only", "script.ts"];
      await t.step("lib/nn/mod.ts by path, empty DENO_DIR, --cached-only", async () => {
        await Deno.writeTextFile(
          `${dir}/script.ts`,
          softmaxScript(`${REPO_PATH}/lib/nn/mod.ts`, `${REPO_PATH}/lib/core/mod.ts`),
        );
        assertRan(await runDeno(offline, { cwd: dir, env: emptyCache }), EXPECTED, "path import");
      });
      await t.step("lib/mod.ts by file URL, empty DENO_DIR, --cached-only", async () => {
        const url = new URL("lib/mod.ts", REPO).href;
        await Deno.writeTextFile(`${dir}/script.ts`, softmaxScript(url, url));
        assertRan(
          await runDeno(offline, { cwd: dir, env: emptyCache }),
          EXPECTED,
          "file URL import",
        );
      });
      for (const folder of ["core", "nn", "train", "check"]) {
        await t.step(`lib/${folder}/mod.ts loads with nothing in the cache`, async () => {
          await Deno.writeTextFile(
            `${dir}/script.ts`,
            `import * as m from "${REPO_PATH}/lib/${folder}/mod.ts";\n` +
              "console.log(Object.keys(m).length > 0);",
          );
          assertRan(await runDeno(offline, { cwd: dir, env: emptyCache }), "true", `lib/${folder}`);
        });
      }
    });
  },
});

Deno.test({
  name: "a script imports lib/nn/mod.ts over http (a copy served on loopback)",
  ignore: !permitted,
  async fn() {
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
      const path = decodeURIComponent(new URL(req.url).pathname);
      if (!/^\/lib\/[a-z_/]+\.ts$/.test(path)) return new Response("not found", { status: 404 });
      try {
        const body = await Deno.readTextFile(`${REPO_PATH}${path}`);
        return new Response(body, { headers: { "content-type": "application/typescript" } });
      } catch {
        return new Response("not found", { status: 404 });
      }
    });
    try {
      await withTempDir(async (dir) => {
        const base = `http://127.0.0.1:${server.addr.port}`;
        await Deno.writeTextFile(
          `${dir}/script.ts`,
          softmaxScript(`${base}/lib/nn/mod.ts`, `${base}/lib/core/mod.ts`),
        );
        const run = await runDeno(
          ["run", "--no-config", `--allow-import=127.0.0.1:${server.addr.port}`, "script.ts"],
          { cwd: dir, env: { DENO_DIR: `${dir}/deno_dir` } },
        );
        assertRan(run, EXPECTED, "http import");
      });
    } finally {
      await server.shutdown();
    }
  },
});

Deno.test({
  name: "deno link and a workspace make @nn-notes/core/<folder> resolve in a coursework folder",
  ignore: !permitted,
  async fn(t) {
    await t.step("deno link <repo>", async () => {
      await withTempDir(async (dir) => {
        await Deno.writeTextFile(`${dir}/deno.json`, "{}\n");
        const link = await runDeno(["link", REPO_PATH], { cwd: dir });
        assertEquals(link.code, 0, link.stderr);
        const config = JSON.parse(await Deno.readTextFile(`${dir}/deno.json`));
        assertEquals(config.links?.length, 1, JSON.stringify(config));
        await Deno.writeTextFile(
          `${dir}/script.ts`,
          softmaxScript("@nn-notes/core/nn", "@nn-notes/core/core"),
        );
        assertRan(await runDeno(["run", "script.ts"], { cwd: dir }), EXPECTED, "linked import");
      });
    });
    await t.step(
      "a workspace with the repo (here a symlink) and the coursework as members",
      async () => {
        await withTempDir(async (dir) => {
          await Deno.symlink(REPO_PATH, `${dir}/nn-notes`);
          await Deno.mkdir(`${dir}/course`);
          await Deno.writeTextFile(
            `${dir}/deno.json`,
            JSON.stringify({ workspace: ["./nn-notes", "./course"] }),
          );
          await Deno.writeTextFile(`${dir}/course/deno.json`, "{}\n");
          await Deno.writeTextFile(
            `${dir}/course/script.ts`,
            softmaxScript("@nn-notes/core/nn", "@nn-notes/core/core"),
          );
          const run = await runDeno(["run", "script.ts"], { cwd: `${dir}/course` });
          assertRan(run, EXPECTED, "workspace import");
        });
      },
    );
  },
});

Deno.test({
  name: "copied folders run alone: lib/core/ with lib/nn/ beside it, nothing else",
  ignore: !permitted,
  async fn() {
    await withTempDir(async (dir) => {
      for (const folder of ["core", "nn"]) {
        await Deno.mkdir(`${dir}/${folder}`);
        for await (const entry of Deno.readDir(`${REPO_PATH}/lib/${folder}`)) {
          await Deno.copyFile(
            `${REPO_PATH}/lib/${folder}/${entry.name}`,
            `${dir}/${folder}/${entry.name}`,
          );
        }
      }
      await Deno.writeTextFile(`${dir}/script.ts`, softmaxScript("./nn/mod.ts", "./core/mod.ts"));
      const run = await runDeno(["run", "--no-config", "--cached-only", "script.ts"], {
        cwd: dir,
        env: { DENO_DIR: `${dir}/deno_dir` },
      });
      assertRan(run, EXPECTED, "copied folders");
      assert(!run.stderr.includes("Download"), run.stderr);
    });
  },
});
