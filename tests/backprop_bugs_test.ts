// The bug catalogue (issue 6): every classic backprop mistake is caught by the gradient checker
// and diagnosed from the pattern of its error, and the correct network passes. The network is
// the note's two-layer composition (E1–E4) with softmax (E6, E11) and cross-entropy (E13, E15).

import {
  BACKPROP_BUGS,
  type BackpropBug,
  bugNetExample,
  bugNetLossAndGradients,
  checkBackpropBug,
  checkGradient,
  diagnoseGradient,
  Matrix,
} from "../lib/mod.ts";
import { assert, assertEquals, assertThrows } from "./_assert.ts";

const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

Deno.test("the catalogue lists six distinct bugs, each with a description", () => {
  assertEquals(BACKPROP_BUGS.length, 6);
  assertEquals(new Set(BACKPROP_BUGS.map((b) => b.bug)).size, 6);
  assertEquals(new Set(BACKPROP_BUGS.map((b) => b.expected)).size, 6);
  for (const b of BACKPROP_BUGS) assert(b.description.length > 20, b.bug);
});

Deno.test("the correct network passes every check", () => {
  for (const seed of SEEDS) {
    const found = checkBackpropBug(undefined, { seed });
    assertEquals(found.caught, false, `seed ${seed}`);
    assertEquals(found.diagnosis.kind, "none");
    // Measured over seeds 0–299: parameters at most 4.8e-7, so 1e-6 here.
    for (const [name, report] of Object.entries(found.parameters)) {
      assert(report.maxRelError < 1e-6, `seed ${seed} ${name}: ${report.summary()}`);
    }
  }
});

Deno.test("every bug is caught and diagnosed", async (t) => {
  for (const { bug, expected } of BACKPROP_BUGS) {
    await t.step(`${bug} → ${expected}`, () => {
      for (const seed of SEEDS) {
        const found = checkBackpropBug(bug, { seed });
        assert(found.caught, `${bug} not caught for seed ${seed}`);
        assert(found.maxRelError > 5e-2, `${bug}, seed ${seed}: ${found.maxRelError}`);
        assertEquals(found.diagnosis.kind, expected, `${bug}, seed ${seed}: ${found.diagnosedBy}`);
      }
    });
  }
});

Deno.test("diagnoses state the fitted constant: m for 1/m, λ for the regularizer", () => {
  const missing = checkBackpropBug("missing-1/m");
  assertEquals(missing.diagnosis.factor, 4); // m = 4 examples
  const reg = checkBackpropBug("forgotten-regularizer-gradient", { strength: 0.05 });
  assert(Math.abs(reg.diagnosis.factor! - 0.05) < 1e-6, String(reg.diagnosis.factor));
  assertEquals(reg.diagnosedBy, "parameter W1");
});

Deno.test("a thrown check of a buggy gradient carries the diagnosis in its message", () => {
  const { params, batch } = bugNetExample(3);
  const f = (b2: Matrix) => {
    const { loss, grads } = bugNetLossAndGradients({ ...params, b2 }, batch, {
      bug: "missing-1/m",
    });
    return { value: loss, grad: grads.b2 };
  };
  assertThrows(() => checkGradient(f, params.b2.clone(), { label: "db2" }), /missing 1\/m/);
});

Deno.test("the wrong-axis bug runs only when the hidden size equals m", () => {
  const { params } = bugNetExample();
  const batch = { X: Matrix.from([[1, 2, 3], [0, 1, 0], [2, 1, 1]]), labels: [0, 1, 2] }; // m = 3
  assertThrows(
    () => bugNetLossAndGradients(params, batch, { bug: "bias-sum-wrong-axis" }),
    /only runs when the hidden size equals m/,
  );
});

Deno.test("diagnoseGradient names a flipped sign and a gradient that never arrives", () => {
  const base = {
    kind: "gradient" as const,
    passed: false,
    numerical: Float64Array.from([1, -2, 3]),
    rows: 3,
    cols: 1,
    point: Float64Array.from([0.5, 0.1, -0.3]),
    tolerance: 1e-7,
  };
  assertEquals(
    diagnoseGradient({ ...base, analytic: Float64Array.from([-1, 2, -3]) }).kind,
    "sign-flipped",
  );
  assertEquals(diagnoseGradient({ ...base, analytic: new Float64Array(3) }).kind, "zero-gradient");
  const half = diagnoseGradient({ ...base, analytic: Float64Array.from([0.5, -1, 1.5]) });
  assertEquals([half.kind, half.factor], ["scaled", 0.5]);
  assertEquals(diagnoseGradient({ ...base, passed: true, analytic: base.numerical }).kind, "none");
});

Deno.test("diagnoseGradient reads nothing into an empty or non-finite numerical gradient", () => {
  const base = {
    kind: "gradient" as const,
    passed: false,
    rows: 2,
    cols: 1,
    point: new Float64Array(2),
    tolerance: 1e-7,
  };
  const nan = diagnoseGradient({
    ...base,
    numerical: Float64Array.from([NaN, 1]),
    analytic: Float64Array.from([1, 1]),
  });
  assertEquals(nan.kind, "unknown");
  assert(/numerical gradient has NaN/.test(nan.message), nan.message);
  const empty = diagnoseGradient({
    ...base,
    rows: 0,
    numerical: new Float64Array(0),
    analytic: new Float64Array(0),
  });
  assertEquals(empty.kind, "unknown");
});

Deno.test("an unknown bug name or a wrong label count is an error, not a silent run", () => {
  const { params, batch } = bugNetExample();
  assertThrows(
    () => bugNetLossAndGradients(params, batch, { bug: "nope" as BackpropBug }),
    /unknown bug "nope" \(a string\); the catalogue has missing-1\/m, /,
  );
  assertThrows(() => checkBackpropBug("nope" as BackpropBug), /checkBackpropBug: unknown bug/);
  assertThrows(
    () => bugNetLossAndGradients(params, { X: batch.X, labels: [0] }),
    /bugNetLossAndGradients \(X 3×4\): 1 labels for 4 examples/,
  );
});
