import fc from "./_fast_check.ts";
import { assertAllClose, assertThrows } from "./_assert.ts";
import { checkActivationOut, checkBackwardProperty, checkBackwardRelError } from "./_check.ts";
import { Matrix, Rng, sigmoidForward, tanhBackward, tanhForward } from "../lib/mod.ts";

const tanh = (X: Matrix): Matrix => tanhForward(X).out;
const layer = { forward: tanhForward, backward: tanhBackward };

Deno.test("tanhForward", async (t) => {
  await t.step("is (e^x − e^{−x}) / (e^x + e^{−x}) and saturates to ±1 at ±1000", () => {
    const X = Matrix.from([[-3, -0.5, 0, 0.5, 3]]);
    const direct = X.map((x) => (Math.exp(x) - Math.exp(-x)) / (Math.exp(x) + Math.exp(-x)));
    assertAllClose(tanh(X), direct, { rtol: 1e-14, atol: 1e-16 });
    assertAllClose(tanh(Matrix.from([[1000, -1000]])), Matrix.from([[1, -1]]), { rtol: 0 });
  });

  await t.step("is a rescaled sigmoid: tanh(x) = 2σ(2x) − 1", () => {
    const X = new Rng(61).normalMatrix(4, 4, 2);
    const viaSigmoid = sigmoidForward(X.map((x) => 2 * x)).out.map((s) => 2 * s - 1);
    assertAllClose(tanh(X), viaSigmoid, { rtol: 1e-12, atol: 1e-15 });
  });

  await t.step("rejects non-finite input", () => {
    assertThrows(() => tanhForward(Matrix.from([[Infinity]])), /entry 0 is Infinity/);
  });
});

Deno.test("tanhBackward", async (t) => {
  await t.step("matches finite differences at N(0, 1) inputs with relError < 1e-7", () => {
    // Not wider: tanh′ = 1 − y² falls to 1.8e-4 at |x| = 5, and the central difference's
    // absolute rounding error (≈ ε/h ≈ 2e-11) is then 1e-7 of it; the ±1000 property below
    // checks saturated inputs with an absolute bound instead.
    const sample = (rng: Rng) => rng.normalMatrix(1 + rng.int(8), 1 + rng.int(8), 1);
    checkBackwardRelError("tanhBackward vs numerical, N(0,1)", layer, sample, 62);
  });

  await t.step("property: agrees with finite differences for shapes 1–8 and x up to ±1000", () => {
    const entry = fc.oneof(
      fc.double({ min: -4, max: 4, noNaN: true }),
      fc.double({ min: -1000, max: 1000, noNaN: true }),
    );
    checkBackwardProperty("tanhBackward vs numerical, ±1000", layer, entry, 1);
  });

  await t.step("rejects an upstream gradient of another shape, naming both", () => {
    const { cache } = tanhForward(Matrix.zeros(2, 2));
    assertThrows(() => tanhBackward(Matrix.zeros(2, 1), cache), /shapes 2×1 and 2×2 differ/);
  });
});

Deno.test("tanhForward and tanhBackward write into a given out, the same values as fresh results", () => {
  checkActivationOut(layer, 33);
});
