// fast-check for the test suites, with a fixed seed so that a run is reproducible and CI never
// flakes on a rare draw. To explore other draws, run the tests with a seed of your own:
//   FC_SEED=123 deno test --allow-env=FC_SEED tests/
// A failing property prints its seed and counterexample; keep the counterexample as a plain test.
import fc from "fast-check";

const granted =
  Deno.permissions.querySync({ name: "env", variable: "FC_SEED" }).state === "granted";
const fromEnv = granted ? Deno.env.get("FC_SEED") : undefined;

/** The seed every property in this run uses. */
export const fcSeed: number = fromEnv === undefined ? 20140901 : Number(fromEnv);
if (!Number.isSafeInteger(fcSeed)) {
  throw new RangeError(`FC_SEED must be an integer, got ${fromEnv}`);
}

fc.configureGlobal({ seed: fcSeed });

export default fc;
