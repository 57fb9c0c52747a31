import fc from "./_fast_check.ts";
import { assertAllClose, assertThrows } from "./_assert.ts";
import { checkActivationOut, checkBackwardProperty, checkBackwardRelError } from "./_check.ts";
import { Matrix, Rng, sigmoidBackward, sigmoidForward } from "../lib/mod.ts";

const sigmoid = (X: Matrix): Matrix => sigmoidForward(X).out;
const layer = { forward: sigmoidForward, backward: sigmoidBackward };

Deno.test("sigmoidForward", async (t) => {
  await t.step("is 1 / (1 + e^{−x}) and stays in [0, 1] without overflow at ±1000", () => {
    const X = Matrix.from([[-3, -0.5, 0, 0.5, 3, 1000, -1000]]);
    const direct = X.map((x) => 1 / (1 + Math.exp(-x))); // e^{1000} overflows to Infinity → 0
    assertAllClose(sigmoid(X), direct, { rtol: 1e-15 });
  });

  await t.step("is symmetric: σ(−x) = 1 − σ(x)", () => {
    const X = new Rng(51).normalMatrix(4, 4, 3);
    assertAllClose(sigmoid(X.map((x) => -x)), sigmoid(X).map((y) => 1 - y), {
      rtol: 1e-13,
      atol: 1e-16,
    });
  });

  await t.step("rejects non-finite input", () => {
    assertThrows(() => sigmoidForward(Matrix.from([[0, -Infinity]])), /entry 1 is -Infinity/);
  });
});

Deno.test("sigmoidBackward", async (t) => {
  await t.step("matches finite differences at N(0, 2²) inputs with relError < 1e-7", () => {
    const sample = (rng: Rng) => rng.normalMatrix(1 + rng.int(8), 1 + rng.int(8), 2);
    checkBackwardRelError("sigmoidBackward vs numerical, N(0,4)", layer, sample, 52);
  });

  await t.step("property: agrees with finite differences for shapes 1–8 and x up to ±1000", () => {
    const entry = fc.oneof(
      fc.double({ min: -6, max: 6, noNaN: true }),
      fc.double({ min: -1000, max: 1000, noNaN: true }),
    );
    checkBackwardProperty("sigmoidBackward vs numerical, ±1000", layer, entry, 1);
  });

  await t.step("rejects an upstream gradient of another shape, naming both", () => {
    const { cache } = sigmoidForward(Matrix.zeros(1, 4));
    assertThrows(() => sigmoidBackward(Matrix.zeros(4, 1), cache), /shapes 4×1 and 1×4 differ/);
  });
});

Deno.test("sigmoidForward and sigmoidBackward write into a given out, the same values as fresh results", () => {
  checkActivationOut(layer, 32);
});
