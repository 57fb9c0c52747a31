// README promises that plain `deno test`, with no flags, passes: the integration tests, which need
// permissions, must load without them and be listed as ignored (a module that reads the
// environment or a file as it loads fails the whole run instead). This runs them that way.

import { assert } from "../_assert.ts";
import { permitted } from "./_permitted.ts";
import { runDeno } from "./_deno.ts";

const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);

Deno.test({
  name: "without permission flags, every integration test loads and is listed as ignored",
  ignore: !permitted,
  async fn() {
    const out = await runDeno(["test", "tests/integration/"], { cwd: ROOT });
    const text = `${out.stdout}\n${out.stderr}`;
    assert(out.code === 0, `plain deno test tests/integration/ failed:\n${text.slice(-3000)}`);
    const summary = text.match(/ok \| (\d+) passed.*\| 0 failed \| (\d+) ignored/);
    assert(summary !== null, `no summary line:\n${text.slice(-3000)}`);
    assert(Number(summary[2]) > 40, `only ${summary[2]} ignored:\n${text.slice(-2000)}`);
  },
});
