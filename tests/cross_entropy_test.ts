import { assert, assertAllClose, assertStrictEquals, assertThrows } from "./_assert.ts";
import { assertRelErrorBelow } from "./_check.ts";
import {
  crossEntropy,
  crossEntropyGradP,
  crossEntropyGradQ,
  Matrix,
  numericalGradient,
  Rng,
} from "../lib/mod.ts";

/** A random probability vector of length k with every entry at least `floor`·(1/k). */
function randomDistribution(rng: Rng, k: number, floor = 0.2): Float64Array {
  const v = Float64Array.from({ length: k }, () => floor + rng.uniform());
  const s = v.reduce((a, b) => a + b, 0);
  return v.map((x) => x / s);
}

Deno.test("crossEntropy (E13)", async (t) => {
  await t.step("is −Σ q_i log p_i", () => {
    const q = new Float64Array([0.25, 0.75]);
    const p = new Float64Array([0.5, 0.5]);
    assertAllClose(crossEntropy(q, p), Math.log(2), { rtol: 1e-15 });
    assertAllClose(
      crossEntropy(new Float64Array([0.1, 0.2, 0.7]), new Float64Array([0.3, 0.3, 0.4])),
      -(0.1 * Math.log(0.3) + 0.2 * Math.log(0.3) + 0.7 * Math.log(0.4)),
      { rtol: 1e-15 },
    );
  });

  await t.step("with one-hot q is −log p of the true class (E14's per-example loss)", () => {
    const p = new Float64Array([0.1, 0.6, 0.3]);
    assertAllClose(crossEntropy(new Float64Array([0, 1, 0]), p), -Math.log(0.6), { rtol: 1e-15 });
  });

  await t.step("is at least the entropy H(q, q), with equality at p = q (Gibbs)", () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 20; trial++) {
      const q = randomDistribution(rng, 5);
      const p = randomDistribution(rng, 5);
      assert(crossEntropy(q, p) >= crossEntropy(q, q) - 1e-15);
    }
  });

  await t.step(
    "treats 0 · log 0 as 0 and returns Infinity (never NaN) for q_i > 0 at p_i = 0",
    () => {
      assertStrictEquals(crossEntropy(new Float64Array([0, 1]), new Float64Array([0, 1])), 0);
      assertStrictEquals(
        crossEntropy(new Float64Array([0.5, 0.5]), new Float64Array([0, 1])),
        Infinity,
      );
    },
  );

  await t.step("rejects mismatched lengths and non-probabilities, stating the value", () => {
    const two = new Float64Array([0.5, 0.5]);
    assertThrows(() => crossEntropy(two, new Float64Array([1, 0, 0])), /lengths 2 and 3 differ/);
    assertThrows(() => crossEntropy(two, new Float64Array([NaN, 1])), /p entry 0 is NaN/);
    assertThrows(() => crossEntropy(two, new Float64Array([Infinity, 1])), /p entry 0 is Infinity/);
    assertThrows(() => crossEntropy(new Float64Array([1.5, 0]), two), /q entry 0 is 1.5/);
    assertThrows(() => crossEntropy(two, new Float64Array([-0.1, 1])), /p entry 0 is -0.1/);
    assertThrows(() => crossEntropy(["1", 0] as unknown as number[], two), /q entry 0 is "1" \(a/);
  });

  await t.step("rejects a Matrix or a number instead of returning 0 for it", () => {
    const M = Matrix.from([[1], [0]]) as unknown as number[];
    assertThrows(
      () => crossEntropy(M, M),
      /crossEntropy\(q, p\): q must be an array .* a 2×1 Matrix/,
    );
    assertThrows(() => crossEntropyGradQ(0.5 as unknown as number[]), /p must be an array/);
  });
});

Deno.test("crossEntropyGradQ and crossEntropyGradP (E15)", async (t) => {
  await t.step("−log p and −q/p match numericalGradient by q and by p with relError < 1e-7", () => {
    const rng = new Rng(12);
    for (let trial = 0; trial < 30; trial++) {
      const k = 2 + rng.int(7); // k = 1 would put q = p = 1 on the boundary, where h steps out
      const q = randomDistribution(rng, k);
      const p = randomDistribution(rng, k);
      const byQ = numericalGradient((v) => crossEntropy(v, p), q);
      const byP = numericalGradient((v) => crossEntropy(q, v), p);
      assertRelErrorBelow("crossEntropyGradQ vs numericalGradient", crossEntropyGradQ(p), byQ);
      assertRelErrorBelow("crossEntropyGradP vs numericalGradient", crossEntropyGradP(q, p), byP);
    }
  });

  await t.step("are −log p and −q/p entry by entry, with the documented edge values", () => {
    assertAllClose(crossEntropyGradQ(new Float64Array([0.5, 1, 0])), [Math.log(2), 0, Infinity]);
    assertAllClose(
      crossEntropyGradP(new Float64Array([0.5, 0, 0.5]), new Float64Array([0.25, 0, 0])),
      [-2, 0, -Infinity],
    );
  });

  await t.step("reject non-finite probabilities and mismatched lengths", () => {
    assertThrows(() => crossEntropyGradQ(new Float64Array([0.5, NaN])), /p entry 1 is NaN/);
    assertThrows(
      () => crossEntropyGradP(new Float64Array([1]), new Float64Array([0.5, 0.5])),
      /lengths 1 and 2 differ/,
    );
  });
});
