import fc from "./_fast_check.ts";
import { assert, assertAllClose, assertStrictEquals, assertThrows } from "./_assert.ts";
import { assertRelErrorBelow } from "./_check.ts";
import {
  l1Penalty,
  l2Penalty,
  Matrix,
  numericalGradient,
  type PenaltyResult,
  Rng,
} from "../lib/mod.ts";

type Penalty = (weights: readonly Matrix[], strength: number) => PenaltyResult;

/** The numerical ∂R/∂W_t for every matrix t, by central differences (the weights are unchanged). */
function numericalPenaltyGrads(penalty: Penalty, weights: Matrix[], strength: number): Matrix[] {
  return weights.map((W, t) => {
    const g = numericalGradient((v) => {
      const perturbed = weights.slice();
      perturbed[t] = new Matrix(W.rows, W.cols, v);
      return penalty(perturbed, strength).value;
    }, W.data.slice());
    return new Matrix(W.rows, W.cols, g);
  });
}

/** Random weight matrices whose entries are at least 0.1 away from 0 (L1's kink). */
function randomWeights(rng: Rng, count: number, awayFromZero: boolean): Matrix[] {
  return Array.from(
    { length: count },
    () =>
      rng.normalMatrix(1 + rng.int(8), 1 + rng.int(8)).map((w) =>
        awayFromZero ? Math.sign(w || 1) * (0.1 + Math.abs(w)) : w
      ),
  );
}

Deno.test("l2Penalty (E4–E5)", async (t) => {
  await t.step("is (λ/2) Σ ‖W‖² with gradient λW", () => {
    const A = Matrix.from([[1, -2], [3, 0]]);
    const B = Matrix.from([[0.5]]);
    const { value, grads } = l2Penalty([A, B], 0.2);
    assertAllClose(value, 0.1 * (1 + 4 + 9 + 0.25), { rtol: 1e-15 });
    assertAllClose(grads[0], A.map((w) => 0.2 * w), { rtol: 0 });
    assertAllClose(grads[1], Matrix.from([[0.1]]), { rtol: 0 });
  });

  await t.step("gradients match numericalGradient with relError < 1e-7", () => {
    const rng = new Rng(71);
    for (let trial = 0; trial < 20; trial++) {
      const weights = randomWeights(rng, 1 + rng.int(3), false);
      const strength = rng.uniform(0.01, 2);
      const numerical = numericalPenaltyGrads(l2Penalty, weights, strength);
      l2Penalty(weights, strength).grads.forEach((g, i) =>
        assertRelErrorBelow("l2Penalty grads vs numericalGradient", g, numerical[i])
      );
    }
  });
});

Deno.test("l1Penalty", async (t) => {
  await t.step("is λ Σ |w| with subgradient λ sign(w), 0 at 0", () => {
    const { value, grads } = l1Penalty([Matrix.from([[1, -2, 0]])], 0.5);
    assertStrictEquals(value, 1.5);
    assertAllClose(grads[0], Matrix.from([[0.5, -0.5, 0]]), { rtol: 0 });
  });

  await t.step("subgradients match numericalGradient away from 0 with relError < 1e-7", () => {
    // |w| is linear on each side of 0, so with |w| ≥ 0.1 > h the difference is exact up to rounding.
    const rng = new Rng(72);
    for (let trial = 0; trial < 20; trial++) {
      const weights = randomWeights(rng, 1 + rng.int(3), true);
      const strength = rng.uniform(0.01, 2);
      const numerical = numericalPenaltyGrads(l1Penalty, weights, strength);
      l1Penalty(weights, strength).grads.forEach((g, i) =>
        assertRelErrorBelow("l1Penalty grads vs numericalGradient, |w| ≥ 0.1", g, numerical[i])
      );
    }
  });
});

Deno.test("property: both penalties are non-negative and scale linearly in λ", () => {
  const entry = fc.double({ min: -100, max: 100, noNaN: true });
  const weights = fc.array(
    fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 })).chain(([r, c]) =>
      fc.array(entry, { minLength: r * c, maxLength: r * c }).map((v) =>
        new Matrix(r, c, Float64Array.from(v))
      )
    ),
    { minLength: 0, maxLength: 3 },
  );
  fc.assert(
    fc.property(weights, fc.double({ min: 0, max: 10, noNaN: true }), (ws, lambda) => {
      for (const penalty of [l1Penalty, l2Penalty]) {
        const one = penalty(ws, 1);
        const scaled = penalty(ws, lambda);
        assert(one.value >= 0, `penalty ${one.value} < 0`);
        // atol 1e-300 lets subnormal products (λ ≈ 1e-320) differ in their last bit.
        assertAllClose(scaled.value, lambda * one.value, { rtol: 1e-12, atol: 1e-300 });
        assertStrictEquals(scaled.grads.length, ws.length);
        scaled.grads.forEach((g, i) => {
          assertStrictEquals(g.shape, ws[i].shape);
          assertAllClose(g, one.grads[i].map((v) => lambda * v), { rtol: 1e-12, atol: 1e-300 });
        });
      }
    }),
  );
});

Deno.test("penalties reject a bad strength, non-finite weights and non-matrices, naming them", () => {
  for (const penalty of [l1Penalty, l2Penalty]) {
    assertThrows(() => penalty([], -0.1), /strength must be a finite number ≥ 0, got -0.1/);
    assertThrows(() => penalty([], NaN), /got NaN/);
    assertThrows(() => penalty([], Infinity), /got Infinity/);
    assertThrows(() => penalty([Matrix.from([[1, NaN]])], 1), /weights\[0\] 1×2: entry 1 is NaN/);
    assertThrows(() => penalty([], "1" as unknown as number), /got "1" \(a string\)/);
    assertThrows(
      () => penalty(Matrix.zeros(1, 1) as unknown as Matrix[], 1),
      /weights must be an array of matrices, got a 1×1 Matrix/,
    );
    assertThrows(
      () => penalty([[1, 2]] as unknown as Matrix[], 1),
      /weights\[0\] must be a Matrix, got a plain Array \(length 2\)/,
    );
  }
});
