// exercises/manifest.json is generated (deno task exercises) from exercises/catalogue.ts and the
// model solutions in solutions/; a change to either must come with the regenerated file, or the
// notebooks and tests would run stale cells. Reads solutions/, so it needs --allow-read.

import { assertEquals } from "../_assert.ts";
import { buildManifestText, MANIFEST_PATH } from "../../tools/exercise_manifest.ts";
import { permitted } from "./_permitted.ts";

Deno.test({
  name:
    "exercises/manifest.json is what deno task exercises builds from the catalogue and solutions/",
  ignore: !permitted,
  async fn() {
    const root = new URL("../../", import.meta.url);
    const committed = await Deno.readTextFile(new URL(MANIFEST_PATH, root));
    const built = await buildManifestText(root);
    assertEquals(committed === built, true, "run `deno task exercises` and commit the manifest");
  },
});
