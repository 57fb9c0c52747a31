// The fast kernels of lib/_gemm.ts agree with the reference matmul of lib/matmul.ts.
import fc from "./_fast_check.ts";
import { assertAllClose, assertEquals, assertThrows } from "./_assert.ts";
import {
  batchPack,
  gatherBatch,
  gemm,
  packDatasetColumns,
  packSparseColumns,
} from "../lib/core/_gemm.ts";
import { matmul } from "../lib/core/matmul.ts";
import { Matrix } from "../lib/core/matrix.ts";
import { Rng } from "../lib/core/random.ts";

/** A rows × cols matrix whose entries are zero with probability `zeros`, else normal. */
function randomMatrix(rng: Rng, rows: number, cols: number, zeros: number): Matrix {
  const M = new Matrix(rows, cols);
  for (let i = 0; i < M.data.length; i++) M.data[i] = rng.uniform() < zeros ? 0 : rng.normal();
  return M;
}

const cases = [
  { transposeA: false, transposeB: false },
  { transposeA: false, transposeB: true },
  { transposeA: true, transposeB: false },
  { transposeA: true, transposeB: true },
];

/** Checks gemm against matmul on random p × r and r × q factors (as op(A) and op(B)). */
function checkAgainstMatmul(
  options: { transposeA: boolean; transposeB: boolean },
  [p, r, q]: [number, number, number],
  zeros: number,
  seed: number,
): void {
  const rng = new Rng(seed);
  const A = options.transposeA ? randomMatrix(rng, r, p, zeros) : randomMatrix(rng, p, r, zeros);
  const B = options.transposeB ? randomMatrix(rng, q, r, zeros) : randomMatrix(rng, r, q, zeros);
  assertAllClose(gemm(A, B, options), matmul(A, B, options), { rtol: 1e-12, atol: 1e-12 });
}

/** Random shapes p, r, q with sizes from 1 (r from 0 when `emptyInner`) to `max`. */
function shapes(max: number, emptyInner: boolean): fc.Arbitrary<[number, number, number]> {
  const size = fc.integer({ min: 1, max });
  return fc.tuple(size, fc.integer({ min: emptyInner ? 0 : 1, max }), size);
}

Deno.test("gemm agrees with the reference matmul", async (t) => {
  for (const options of cases) {
    const name = `op(A) = A${options.transposeA ? "ᵀ" : ""}, op(B) = B${
      options.transposeB ? "ᵀ" : ""
    }`;
    await t.step(`${name}, on random shapes (1–13) and zero fractions, dense and sparse`, () => {
      fc.assert(
        fc.property(
          shapes(13, true),
          fc.constantFrom(0, 0.5, 0.9, 1),
          fc.integer({ min: 0, max: 1e6 }),
          (shape, zeros, seed) => checkAgainstMatmul(options, shape, zeros, seed),
        ),
        { numRuns: 150 },
      );
    });
  }
  await t.step("on larger random shapes (1–40), spanning several tiles and groups of four", () => {
    fc.assert(
      fc.property(
        shapes(40, false),
        fc.constantFrom(0, 0.5, 0.8),
        fc.integer({ min: 0, max: 1e6 }),
        (shape, zeros, seed) => {
          for (const options of cases) checkAgainstMatmul(options, shape, zeros, seed);
        },
      ),
      { numRuns: 60 },
    );
  });
  await t.step("on the MNIST shapes of training (784-100-10, batch 64, 81 % zero pixels)", () => {
    const rng = new Rng(1);
    const X = randomMatrix(rng, 784, 64, 0.81);
    const W = randomMatrix(rng, 100, 784, 0);
    const dH = randomMatrix(rng, 100, 64, 0.5);
    assertAllClose(gemm(W, X), matmul(W, X), { rtol: 1e-11, atol: 1e-12 });
    const o = { transposeB: true };
    assertAllClose(gemm(dH, X, o), matmul(dH, X, o), { rtol: 1e-11, atol: 1e-12 });
    const a = { transposeA: true };
    assertAllClose(gemm(W, dH, a), matmul(W, dH, a), { rtol: 1e-11, atol: 1e-12 });
  });
});

Deno.test("gemm writes into a given output and overwrites its old entries", () => {
  const A = Matrix.from([[1, 2], [3, 4]]);
  const B = Matrix.from([[0, 0], [1, 0]]); // mostly zeros: the sparse kernel
  const out = Matrix.full(2, 2, 99);
  const C = gemm(A, B, { out });
  assertAllClose(C, Matrix.from([[2, 0], [4, 0]]));
  assertAllClose(out, C);
  gemm(A, Matrix.from([[1, 1], [1, 1]]), { out, transposeB: true });
  assertAllClose(out, Matrix.from([[3, 3], [7, 7]]));
  gemm(A, B, { out, transposeB: true });
  assertAllClose(out, Matrix.from([[0, 1], [0, 3]]));
});

Deno.test("gemm names both shapes when they do not fit", () => {
  assertThrows(() => gemm(Matrix.zeros(2, 3), Matrix.zeros(2, 3)), /Cannot multiply 2×3 by 2×3/);
  assertThrows(
    () => gemm(Matrix.zeros(2, 3), Matrix.zeros(3, 2), { out: Matrix.zeros(3, 3) }),
    /output is 3×3 but the product is 2×2/,
  );
  const A = Matrix.zeros(2, 2);
  assertThrows(() => gemm(A, Matrix.zeros(2, 2), { out: A }), /must not share/);
});

Deno.test("gemm of an empty inner dimension is a zero matrix", () => {
  const out = Matrix.full(2, 3, 5);
  gemm(Matrix.zeros(2, 0), Matrix.zeros(0, 3), { out });
  assertAllClose(out, Matrix.zeros(2, 3));
});

Deno.test("a matrix packed once serves both W X and dOut Xᵀ", () => {
  const rng = new Rng(3);
  const X = randomMatrix(rng, 30, 9, 0.8);
  const W = randomMatrix(rng, 7, 30, 0);
  const dOut = randomMatrix(rng, 7, 9, 0.3);
  const packed = packSparseColumns(X);
  if (packed === undefined) throw new Error("an 80 % zero matrix should be packed");
  assertAllClose(gemm(W, X, { packedB: packed }), matmul(W, X), { rtol: 1e-12 });
  const o = { transposeB: true };
  assertAllClose(gemm(dOut, X, { ...o, packedB: packed }), matmul(dOut, X, o), { rtol: 1e-12 });
  assertEquals(packSparseColumns(randomMatrix(rng, 30, 9, 0)), undefined); // dense: not packed
  assertThrows(
    () => gemm(W, randomMatrix(rng, 30, 8, 0.8), { packedB: packed }),
    /packedB is 30×9/,
  );
});

Deno.test("a minibatch cut from a packed data set holds the chosen columns and comes with their pack", () => {
  const rng = new Rng(8);
  const X = randomMatrix(rng, 23, 40, 0.8);
  const data = packDatasetColumns(X);
  if (data === undefined) throw new Error("an 80 % zero data set should be packed");
  const order = rng.permutation(40);
  const batch = new Matrix(23, 9);
  const packed = gatherBatch(data, order, 5, batch);
  const which = Array.from(order.subarray(5, 14));
  assertEquals(batch.toArray(), Matrix.fromColumns(which.map((e) => X.column(e))).toArray());
  assertEquals(batchPack(batch), packed);
  assertEquals(batchPack(Matrix.zeros(23, 9)), undefined);
  const expected = packSparseColumns(batch);
  if (expected === undefined) throw new Error("the minibatch should be sparse too");
  for (let j = 0; j < 9; j++) {
    const slots = (p: typeof packed) => [j * 23, j * 23 + p.count[j]];
    assertEquals(
      packed.index.subarray(...slots(packed)),
      expected.index.subarray(...slots(expected)),
    );
    assertEquals(
      packed.value.subarray(...slots(packed)),
      expected.value.subarray(...slots(expected)),
    );
  }
  const W = randomMatrix(rng, 6, 23, 0);
  assertAllClose(gemm(W, batch, { packedB: packed }), matmul(W, batch), { rtol: 1e-12 });
  gatherBatch(data, order, 20, batch, packed); // reused: overwritten entirely
  const next = Array.from(order.subarray(20, 29));
  assertEquals(batch.toArray(), Matrix.fromColumns(next.map((e) => X.column(e))).toArray());
  assertEquals(packDatasetColumns(randomMatrix(rng, 23, 40, 0)), undefined); // dense: not packed
  assertThrows(() => gatherBatch(data, order, 0, new Matrix(22, 9)), /batch is 22×9/);
});
