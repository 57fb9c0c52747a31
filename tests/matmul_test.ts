import fc from "./_fast_check.ts";
import { assertAllClose, assertEquals, assertThrows } from "./_assert.ts";
import { matmul, Matrix, Rng } from "../lib/mod.ts";

/** C[i][j] = Σ_t A[i][t] B[t][j], written with get() as the definition reads. */
function byDefinition(A: Matrix, B: Matrix): Matrix {
  const C = new Matrix(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.cols; j++) {
      let s = 0;
      for (let t = 0; t < A.cols; t++) s += A.get(i, t) * B.get(t, j);
      C.set(i, j, s);
    }
  }
  return C;
}

Deno.test("matmul", async (t) => {
  await t.step("multiplies a small example exactly", () => {
    const A = Matrix.from([[1, 2, 3], [4, 5, 6]]);
    const B = Matrix.from([[7, 8], [9, 10], [11, 12]]);
    assertEquals(matmul(A, B).toArray(), [[58, 64], [139, 154]]);
  });

  await t.step("the identity is neutral on both sides", () => {
    const A = new Rng(81).normalMatrix(3, 5);
    assertAllClose(matmul(Matrix.identity(3), A), A, { rtol: 0 });
    assertAllClose(matmul(A, Matrix.identity(5)), A, { rtol: 0 });
  });

  await t.step("an empty inner dimension gives zeros of the outer shape", () => {
    assertEquals(matmul(Matrix.zeros(2, 0), Matrix.zeros(0, 3)).toArray(), [[0, 0, 0], [0, 0, 0]]);
  });

  await t.step("propagates non-finite entries as IEEE arithmetic does (0 · ∞ = NaN)", () => {
    const C = matmul(Matrix.from([[0, 1]]), Matrix.from([[Infinity], [1]]));
    assertAllClose(C, Matrix.from([[NaN]]), { equalNan: true });
  });

  await t.step("rejects inner sizes that differ, naming both shapes (and the transposes)", () => {
    const A = Matrix.zeros(2, 3);
    assertThrows(
      () => matmul(A, Matrix.zeros(2, 3)),
      /Cannot multiply 2×3 by 2×3: inner sizes 3 and 2 differ/,
    );
    assertThrows(
      () => matmul(A, Matrix.zeros(2, 3), { transposeA: true, transposeB: true }),
      /Cannot multiply 2×3ᵀ \(3×2\) by 2×3ᵀ \(3×2\): inner sizes 2 and 3 differ/,
    );
  });
});

Deno.test("property: matmul with transposes equals the definition on explicit transposes", () => {
  const dims = fc.tuple(
    fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 0, max: 8 }),
    fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 0, max: 2 ** 31 }),
  );
  fc.assert(
    fc.property(dims, fc.boolean(), fc.boolean(), ([p, r, q, seed], ta, tb) => {
      const rng = new Rng(seed);
      const A = ta ? rng.normalMatrix(r, p) : rng.normalMatrix(p, r);
      const B = tb ? rng.normalMatrix(q, r) : rng.normalMatrix(r, q);
      const expected = byDefinition(ta ? A.transpose() : A, tb ? B.transpose() : B);
      // Same products summed in the same order: the results are identical, not just close.
      assertAllClose(matmul(A, B, { transposeA: ta, transposeB: tb }), expected, { rtol: 0 });
    }),
  );
});

Deno.test("property: (AB)C = A(BC) up to rounding", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
      const rng = new Rng(seed);
      const [p, r, s, q] = [1, 2, 3, 4].map(() => 1 + rng.int(8));
      const A = rng.normalMatrix(p, r);
      const B = rng.normalMatrix(r, s);
      const C = rng.normalMatrix(s, q);
      assertAllClose(matmul(matmul(A, B), C), matmul(A, matmul(B, C)), {
        rtol: 1e-10,
        atol: 1e-12,
      });
    }),
  );
});
