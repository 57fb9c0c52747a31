import fc from "./_fast_check.ts";
import { assert, assertAllClose, assertEquals, assertThrows } from "./_assert.ts";
import { assertRelErrorBelow } from "./_check.ts";
import { Matrix, numericalGradient, numericalJacobian, Rng } from "../lib/mod.ts";

Deno.test("numericalGradient", async (t) => {
  await t.step("recovers known gradients with relError < 1e-9", () => {
    const x = new Float64Array([0.3, -1.1, 2.5]);
    const f = (v: Float64Array) => Math.sin(v[0]) * v[1] + Math.exp(v[2] / 3);
    const exact = [Math.cos(0.3) * -1.1, Math.sin(0.3), Math.exp(2.5 / 3) / 3];
    assertRelErrorBelow(
      "numericalGradient of sin(x0)·x1 + exp(x2/3)",
      numericalGradient(f, x),
      exact,
      1e-9,
    );
  });

  await t.step("has O(h²) truncation error: halving h quarters it", () => {
    const f = (v: Float64Array) => v[0] ** 3; // f‴ = 6, error h² · 6 / 6 = h²
    const x = new Float64Array([1]);
    const e1 = numericalGradient(f, x, { h: 1e-2 })[0] - 3;
    const e2 = numericalGradient(f, x, { h: 5e-3 })[0] - 3;
    assertAllClose(e1, 1e-4, { rtol: 1e-6 });
    assertAllClose(e1 / e2, 4, { rtol: 1e-4 });
  });

  await t.step("restores x bit for bit, also when f throws", () => {
    const x = new Float64Array([0.1, 0.2, 0.7]);
    const copy = x.slice();
    numericalGradient((v) => v.reduce((a, b) => a + b * b, 0), x);
    assertEquals([...x], [...copy]);
    assertThrows(() =>
      numericalGradient((v) => {
        if (v[1] !== 0.2) throw new Error("boom");
        return 0;
      }, x), /boom/);
    assertEquals([...x], [...copy]);
  });

  await t.step("lets f close over the very array being perturbed", () => {
    const w = new Float64Array([2, 3]);
    const loss = () => w[0] * w[1];
    assertAllClose(numericalGradient(loss, w), [3, 2], { rtol: 1e-10 });
  });

  await t.step("stays accurate at |x| = 1000, dividing by the step actually taken", () => {
    // Near 1000, x ± h are rounded to multiples of 1.1e-13, so the step taken is 2h only to
    // about 6e-9; f is written so that its own rounding is far smaller (v − 1000 is exact).
    const x = new Float64Array([1000.0000000000001, 999.9999999999999]);
    const g = numericalGradient((v) => 3 * (v[0] - 1000) - 2 * (v[1] - 1000), x);
    assertAllClose(g, [3, -2], { rtol: 1e-10 });
  });

  await t.step("rejects a non-finite f, a bad step, and a step that vanishes next to x", () => {
    const x = new Float64Array([1, 0]);
    // Only the steps of entry 1 reach the poles: v[1] = 1e-5 and v[1] = −1e-5.
    assertThrows(
      () => numericalGradient((v) => 1 / (v[1] - 1e-5), x),
      /f returned Infinity while entry 1 of x was perturbed/,
    );
    assertThrows(() => numericalGradient((v) => Math.sqrt(v[1] + 5e-6), x), /NaN while entry 1/);
    assertThrows(() => numericalGradient(() => 0, x, { h: 0 }), /positive finite number, got 0/);
    assertThrows(() => numericalGradient(() => 0, x, { h: NaN }), /got NaN/);
    assertThrows(
      () => numericalGradient(() => 0, new Float64Array([1e20])),
      /vanishes next to entry 0 of x, 100000000000000000000/,
    );
  });
});

Deno.test("numericalJacobian", async (t) => {
  await t.step("has one row per output and one column per input", () => {
    const f = (v: Float64Array) => [v[0] * v[1], v[1] + v[2], Math.sin(v[0]), v[2] ** 2];
    const x = new Float64Array([0.5, -2, 3]);
    const J = numericalJacobian(f, x);
    assertEquals(J.shape, "4×3");
    const exact = Matrix.from([[-2, 0.5, 0], [0, 1, 1], [Math.cos(0.5), 0, 0], [0, 0, 6]]);
    assertRelErrorBelow("numericalJacobian of a 3 → 4 map", J, exact, 1e-9);
  });

  await t.step("rejects an f whose output is not an array, changes length or is not finite", () => {
    const x = new Float64Array([1]);
    assertThrows(
      () => numericalJacobian((v) => (v[0] === 1 ? [1] : [1, 2]), x),
      /returned 2 outputs at a perturbed point, 1 at x/,
    );
    assertThrows(
      () => numericalJacobian((v) => [v[0] === 1 ? 0 : NaN], x),
      /f returned NaN while entry 0/,
    );
    assertThrows(
      () => numericalJacobian(() => 3 as unknown as number[], x),
      /f must return an array of outputs, got 3/,
    );
    assertThrows(
      () => numericalGradient(() => "1" as unknown as number, x),
      /f returned "1" \(a string\) while entry 0/,
    );
  });

  await t.step("property: the Jacobian of x ↦ A x is A (linear maps: only rounding)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const rng = new Rng(seed);
        const A = rng.normalMatrix(1 + rng.int(8), 1 + rng.int(8));
        const x = Float64Array.from({ length: A.cols }, () => rng.normal(0, 10));
        const J = numericalJacobian((v) => {
          const out = new Float64Array(A.rows);
          for (let i = 0; i < A.rows; i++) {
            for (let j = 0; j < A.cols; j++) out[i] += A.get(i, j) * v[j];
          }
          return out;
        }, x);
        // |A x| ≲ 8·4·30 ≈ 1e3, so the rounding error is ≈ ε·1e3/h ≈ 2e-8 at most.
        assertAllClose(J, A, { rtol: 0, atol: 1e-7 });
        assert(J.data.every(Number.isFinite));
      }),
    );
  });
});
