// The WebAssembly bytes embedded in lib/core/_kernels_wasm.ts are what lib/core/_kernels.c
// compiles to: rebuilt here with clang (`deno task kernels` writes them). Without clang the test
// is reported as ignored with the command that installs it; under CI (CI=true) a missing clang is
// a failure instead. Needs --allow-run (clang), --allow-read and --allow-write (a temporary file).

import { assertEquals } from "../_assert.ts";
import {
  clangVersion,
  compileKernels,
  CompilerMissing,
  KERNELS_MODULE,
  kernelsModuleText,
} from "../../bench/build_kernels.ts";
import { permitted } from "./_permitted.ts";

const onCi = permitted && Deno.env.get("CI") === "true";
let missing = "";
if (permitted) {
  try {
    await clangVersion();
  } catch (error) {
    if (!(error instanceof CompilerMissing)) throw error;
    missing = error.message;
  }
}
const skip = !permitted || (missing !== "" && !onCi);
if (permitted && skip) {
  console.warn(`Skipping the kernels build test: ${missing}.`);
}

Deno.test({
  name: "the embedded WebAssembly kernels are exactly what _kernels.c compiles to",
  ignore: skip,
  async fn() {
    if (missing !== "") throw new Error(`CI must build the kernels, but ${missing}`);
    const { bytes, compiler } = await compileKernels();
    const committed = await Deno.readTextFile(KERNELS_MODULE);
    assertEquals(
      committed,
      kernelsModuleText(bytes, compiler),
      "lib/core/_kernels_wasm.ts is stale or was built otherwise: run `deno task kernels`",
    );
  },
});
