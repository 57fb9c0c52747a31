// The fast WebAssembly kernels of lib/core/_gemm.ts agree with the reference matmul of
// lib/core/matmul.ts bit for bit (same sums in the same order, no fused multiply-add), which is
// stronger than the 1e-12 relative agreement the library promises; both are asserted. The one
// exception, the dense kernel's fused mode of large products, is held to 2·r·ε·Σ|a||b| per entry.
import fc from "./_fast_check.ts";
import { assert, assertAllClose, assertEquals, assertThrows } from "./_assert.ts";
import { gemm, type GemmOptions, lastGemmPath } from "../lib/core/_gemm.ts";
import {
  batchColumns,
  denseData,
  gatherBatch,
  packDatasetColumns,
} from "../lib/core/_dataset_columns.ts";
import { kernelsInUse, matmul, Matrix, Rng, useKernels } from "../lib/core/mod.ts";

/** A rows × cols matrix whose entries are zero with probability `zeros`, else normal. */
function randomMatrix(rng: Rng, rows: number, cols: number, zeros: number): Matrix {
  const M = new Matrix(rows, cols);
  for (let i = 0; i < M.data.length; i++) M.data[i] = rng.uniform() < zeros ? 0 : rng.normal();
  return M;
}

/** Throws unless every entry of C is the reference's, bit for bit (NaN equal to NaN, 0 ≠ −0). */
function assertSameBits(C: Matrix, R: Matrix, context: string): void {
  assertEquals(C.shape, R.shape, context);
  for (let i = 0; i < R.data.length; i++) {
    if (!Object.is(C.data[i], R.data[i])) {
      throw new Error(`${context}: entry ${i} is ${C.data[i]}, the reference has ${R.data[i]}`);
    }
  }
}

const transposes = [
  { transposeA: false, transposeB: false },
  { transposeA: false, transposeB: true },
  { transposeA: true, transposeB: false },
  { transposeA: true, transposeB: true },
];

/** Random factors whose op(A) is p × r and op(B) is r × q. */
function factors(
  rng: Rng,
  { transposeA, transposeB }: { transposeA: boolean; transposeB: boolean },
  [p, r, q]: readonly [number, number, number],
  zeros: number,
): [Matrix, Matrix] {
  const A = transposeA ? randomMatrix(rng, r, p, zeros) : randomMatrix(rng, p, r, zeros);
  const B = transposeB ? randomMatrix(rng, q, r, zeros) : randomMatrix(rng, r, q, zeros);
  return [A, B];
}

/**
 * Checks every kernel choice of gemm (the dense one in its exact mode) against matmul on the same
 * factors; returns the paths.
 */
function checkKernels(A: Matrix, B: Matrix, options: GemmOptions, context: string): string[] {
  const R = matmul(A, B, options);
  const paths: string[] = [];
  for (const kernel of ["auto", "dense", "sparse"] as const) {
    const C = gemm(A, B, { ...options, kernel, fused: false });
    paths.push(lastGemmPath());
    assertSameBits(C, R, `${context}, kernel ${kernel}`);
    if (R.data.every(Number.isFinite)) assertAllClose(C, R, { rtol: 1e-12, atol: 0 });
  }
  return paths;
}

/** Random shapes p, r, q: sizes from 1 (r from 0) to `max`, often 1. */
function shapes(max: number): fc.Arbitrary<[number, number, number]> {
  const size = fc.oneof(fc.constant(1), fc.integer({ min: 1, max }));
  return fc.tuple(size, fc.oneof(fc.constant(0), size), size);
}

Deno.test("every fast kernel gives the reference's bits", async (t) => {
  for (const options of transposes) {
    const name = `op(A) = A${options.transposeA ? "ᵀ" : ""}, op(B) = B${
      options.transposeB ? "ᵀ" : ""
    }`;
    await t.step(`${name}: random shapes (1–13, m = 1, k = 1, r = 0), dense to all zeros`, () => {
      fc.assert(
        fc.property(
          shapes(13),
          fc.constantFrom(0, 0.5, 0.9, 1),
          fc.integer({ min: 0, max: 1e6 }),
          (shape, zeros, seed) => {
            const [A, B] = factors(new Rng(seed), options, shape, zeros);
            checkKernels(A, B, options, `${name} ${shape.join("×")}, ${zeros} zeros`);
          },
        ),
        { numRuns: 120 },
      );
    });
  }
  await t.step("random shapes up to 70, across the 4 × 4 and 16-row blocks", () => {
    fc.assert(
      fc.property(
        shapes(70),
        fc.constantFrom(0, 0.5, 0.8),
        fc.integer({ min: 0, max: 1e6 }),
        (shape, zeros, seed) => {
          for (const options of transposes) {
            const [A, B] = factors(new Rng(seed), options, shape, zeros);
            checkKernels(A, B, options, `${shape.join("×")}, ${zeros} zeros`);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
  await t.step(
    "shapes past every cache block (t in 2 blocks of 512, 3 of 32 rows, 2 of 512 columns)",
    () => {
      const rng = new Rng(5);
      for (const options of transposes) {
        const [A, B] = factors(rng, options, [70, 530, 517], 0);
        checkKernels(A, B, options, "70×530×517");
      }
    },
  );
  await t.step("odd heights past the sparse kernel's wide strips of 20 rows, odd widths", () => {
    const rng = new Rng(6);
    for (const options of transposes) {
      for (const [p, q] of [[41, 9], [23, 1], [21, 2]]) {
        const [A, B] = factors(rng, options, [p, 17, q], 0.8);
        checkKernels(A, B, options, `${p}×17×${q}`);
      }
    }
  });
  await t.step("the MNIST shapes of training (784-100-10, batch 64, 81 % zero pixels)", () => {
    const rng = new Rng(1);
    const X = randomMatrix(rng, 784, 64, 0.81);
    const W = randomMatrix(rng, 100, 784, 0);
    const dH = randomMatrix(rng, 100, 64, 0.5);
    assertEquals(checkKernels(W, X, {}, "W X"), ["sparse", "dense", "sparse"]);
    assertEquals(checkKernels(dH, X, { transposeB: true }, "dH Xᵀ")[0], "sparse");
    assertEquals(checkKernels(W, dH, { transposeA: true }, "Wᵀ dH")[0], "dense");
    // The second layer's 10 rows: listing a 61 %-zero H costs more than the zeros save.
    const W2 = randomMatrix(rng, 10, 100, 0);
    const H = randomMatrix(rng, 100, 64, 0.61);
    assertEquals(checkKernels(W2, H, {}, "W2 H"), ["dense", "dense", "sparse"]);
    const dS = randomMatrix(rng, 10, 64, 0);
    assertEquals(checkKernels(dS, H, { transposeB: true }, "dS Hᵀ")[0], "dense");
  });
});

/**
 * Checks the dense kernel's fused mode against matmul: within 2·r·ε·Σ_t |a_it||b_tj| of the
 * reference, entry by entry, when both factors are finite; the reference's bits, on the exact
 * kernel, when one is not. Returns the path gemm took.
 */
function checkFused(A: Matrix, B: Matrix, options: GemmOptions, context: string): string {
  const R = matmul(A, B, options);
  const C = gemm(A, B, { ...options, kernel: "dense", fused: true });
  const path = lastGemmPath();
  const r = options.transposeA ? A.rows : A.cols;
  if (r === 0 || ![...A.data, ...B.data].every(Number.isFinite)) {
    // Nothing to add, or a factor that is not finite: the exact kernel, with the reference's bits.
    assertEquals(path, "dense", `${context}: the exact kernel runs`);
    assertSameBits(C, R, context);
    return path;
  }
  assertEquals(path, "fused", context);
  const abs = (M: Matrix) => new Matrix(M.rows, M.cols, M.data.map(Math.abs));
  const S = matmul(abs(A), abs(B), options); // Σ_t |a_it||b_tj|
  for (let i = 0; i < R.data.length; i++) {
    const bound = 2 * r * Number.EPSILON * S.data[i];
    if (!(Math.abs(C.data[i] - R.data[i]) <= bound)) {
      throw new Error(
        `${context}: entry ${i} is ${C.data[i]}, the reference ${R.data[i]}, more than ` +
          `2·r·ε·Σ|a||b| = ${bound} apart`,
      );
    }
  }
  return path;
}

Deno.test("the fused dense kernel stays within 2·r·ε·Σ|a||b| of the reference", async (t) => {
  await t.step("random shapes (1–13, m = 1, k = 1, r = 0), dense to all zeros, ±∞ and NaN", () => {
    const specials = [Infinity, -Infinity, NaN];
    fc.assert(
      fc.property(
        shapes(13),
        fc.constantFrom(0, 0.5, 1),
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom(...transposes),
        fc.boolean(),
        (shape, zeros, seed, options, special) => {
          const rng = new Rng(seed);
          const [A, B] = factors(rng, options, shape, zeros);
          const M = rng.uniform() < 0.5 ? A : B;
          if (special && M.data.length > 0) {
            M.data[Math.floor(rng.uniform() * M.data.length)] = specials[seed % 3];
          }
          checkFused(A, B, options, `${shape.join("×")}${special ? " with a special value" : ""}`);
        },
      ),
      { numRuns: 300 },
    );
  });
  await t.step("shapes past every cache block, and sums where the roundings differ", () => {
    const rng = new Rng(9);
    for (const options of transposes) {
      const [A, B] = factors(rng, options, [70, 530, 517], 0);
      checkFused(A, B, options, "70×530×517");
    }
    // −0.3 + 0.1·3: the rounded product 0.1·3 is 2^-54 above 0.3, the exact one 2^-55. A fused
    // multiply-add gives 2^-55, two roundings (V8 on a machine without one) the reference's 2^-54;
    // madd operands taken in the wrong order (c·a + b) would give about 2.97.
    const A = Matrix.from([[1, 0.1]]), B = Matrix.from([[-0.3], [3]]);
    assertEquals(checkFused(A, B, {}, "−0.3 + 0.1·3"), "fused");
    const C = gemm(A, B, { kernel: "dense", fused: true }).get(0, 0);
    assert(C === 2 ** -55 || C === matmul(A, B).get(0, 0), `−0.3 + 0.1·3 gave ${C}`);
  });
  await t.step(
    "products of 2^24 multiply-adds or more fuse by default, smaller ones do not",
    () => {
      const rng = new Rng(10);
      const [A, B] = factors(rng, transposes[0], [256, 256, 256], 0); // 2^24
      gemm(A, B);
      assertEquals(lastGemmPath(), "fused");
      const [a, b] = factors(rng, transposes[0], [256, 256, 255], 0);
      assertSameBits(gemm(a, b), matmul(a, b), "256×256×255");
      assertEquals(lastGemmPath(), "dense");
    },
  );
});

Deno.test("infinities and NaN propagate as IEEE arithmetic says, whichever kernel runs", async (t) => {
  const specials = [Infinity, -Infinity, NaN];
  await t.step("0 · ∞ is NaN even where the sparse kernel would skip the zero", () => {
    const W = Matrix.from([[1, Infinity, 2], [3, 4, 5]]);
    const X = Matrix.from([[1, 0], [0, 0], [0, 2]]); // column 1 of W meets only zeros
    const R = matmul(W, X);
    assert(Number.isNaN(R.get(0, 0)) && Number.isNaN(R.get(0, 1)));
    assertEquals(checkKernels(W, X, {}, "W with ∞"), ["dense", "dense", "dense"]);
  });
  await t.step("random placements of ±∞ and NaN in either factor, sparse or dense", () => {
    fc.assert(
      fc.property(
        shapes(12),
        fc.constantFrom(0, 0.8, 1),
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom(...transposes),
        (shape, zeros, seed, options) => {
          const rng = new Rng(seed);
          const [A, B] = factors(rng, options, shape, zeros);
          for (const M of [A, B]) {
            if (M.data.length > 0 && rng.uniform() < 0.7) {
              const at = Math.floor(rng.uniform() * M.data.length);
              M.data[at] = specials[Math.floor(rng.uniform() * 3)];
            }
          }
          checkKernels(A, B, options, `${shape.join("×")} with a special value`);
        },
      ),
      { numRuns: 200 },
    );
  });
});

Deno.test("a minibatch's listed nonzeros feed the sparse kernel, with the reference's bits", () => {
  const rng = new Rng(8);
  const X = randomMatrix(rng, 23, 40, 0.8);
  const data = packDatasetColumns(X);
  if (data === undefined) throw new Error("an 80 % zero data set should be packed");
  const order = rng.permutation(40);
  const batch = new Matrix(23, 9);
  gatherBatch(data, order, 5, batch);
  const which = Array.from(order.subarray(5, 14));
  assertEquals(batch.toArray(), Matrix.fromColumns(which.map((e) => X.column(e))).toArray());
  const lists = batchColumns(batch);
  assert(lists !== undefined);
  assertEquals(batchColumns(Matrix.zeros(23, 9)), undefined);
  const W = randomMatrix(rng, 6, 23, 0);
  const dOut = randomMatrix(rng, 6, 9, 0.3);
  assertSameBits(gemm(W, batch, { columnsOfB: lists }), matmul(W, batch), "W X listed");
  assertEquals(lastGemmPath(), "sparse");
  const o = { transposeB: true };
  assertSameBits(gemm(dOut, batch, { ...o, columnsOfB: lists }), matmul(dOut, batch, o), "dOut Xᵀ");
  assertEquals(lastGemmPath(), "sparse");
  W.data[3] = -Infinity; // the listed path must hand over to the dense kernel
  assertSameBits(gemm(W, batch, { columnsOfB: lists }), matmul(W, batch), "W with −∞, listed");
  assertEquals(lastGemmPath(), "dense");
  gatherBatch(data, order, 20, batch); // reused: overwritten entirely
  const next = Array.from(order.subarray(20, 29));
  assertEquals(batch.toArray(), Matrix.fromColumns(next.map((e) => X.column(e))).toArray());
  W.data[3] = 1;
  assertSameBits(gemm(W, batch, { columnsOfB: batchColumns(batch) }), matmul(W, batch), "again");
  // Listed but not written: the products take the lists, every other reader writes it first.
  const unwritten = new Matrix(23, 9);
  gatherBatch(data, order, 5, unwritten, false);
  assertEquals(unwritten.data.every((v) => v === 0), true);
  const lists2 = { columnsOfB: batchColumns(unwritten) };
  assertSameBits(
    gemm(W, unwritten, lists2),
    matmul(W, Matrix.fromColumns(which.map((e) => X.column(e)))),
    "unwritten",
  );
  assertEquals(unwritten.data.every((v) => v === 0), true); // the listed kernel did not need it
  W.data[0] = NaN; // the dense fallback writes it first
  const expected = Matrix.fromColumns(which.map((e) => X.column(e)));
  assertSameBits(gemm(W, unwritten, lists2), matmul(W, expected), "unwritten, W with NaN");
  assertEquals(unwritten.toArray(), expected.toArray());
  W.data[0] = 1;
  const again = new Matrix(23, 9);
  gatherBatch(data, order, 5, again, false);
  assertEquals(denseData(again), expected.data);
  gatherBatch(data, order, 20, again, false);
  useKernels("reference");
  try {
    assertSameBits(
      gemm(W, again, { columnsOfB: batchColumns(again) }),
      matmul(W, Matrix.fromColumns(next.map((e) => X.column(e)))),
      "reference kernels, unwritten",
    );
  } finally {
    useKernels("fast");
  }
  gatherBatch(data, order, 5, again); // written again, after an unwritten one
  assertEquals(again.toArray(), expected.toArray());
  assertEquals(packDatasetColumns(randomMatrix(rng, 23, 40, 0)), undefined); // dense: not packed
  assertThrows(() => gatherBatch(data, order, 0, new Matrix(22, 9)), /batch is 22×9/);
  assertThrows(() => gemm(W, Matrix.zeros(23, 8), { columnsOfB: lists }), /lists 9 columns/);
});

Deno.test("useKernels('reference') runs the readable matmul, and the choice can be put back", () => {
  const rng = new Rng(2);
  const A = randomMatrix(rng, 5, 7, 0);
  const B = randomMatrix(rng, 7, 3, 0.9);
  const fast = gemm(A, B);
  assertEquals(lastGemmPath(), "dense"); // 5 rows of A: too few for listing B's nonzeros to pay
  const previous = useKernels("reference");
  try {
    assertEquals(previous, "fast");
    assertEquals(kernelsInUse(), "reference");
    assertSameBits(gemm(A, B), fast, "reference kernels");
    assertEquals(lastGemmPath(), "reference");
  } finally {
    useKernels(previous);
  }
  assertEquals(kernelsInUse(), "fast");
  assertThrows(() => useKernels("simd" as "fast"), /must be "fast" or "reference", got "simd"/);
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
  gemm(A, A, { out: A }); // the factors are copied before the product is written
  assertAllClose(A, Matrix.from([[7, 10], [15, 22]]));
});

Deno.test("gemm names both shapes when they do not fit", () => {
  assertThrows(() => gemm(Matrix.zeros(2, 3), Matrix.zeros(2, 3)), /Cannot multiply 2×3 by 2×3/);
  assertThrows(
    () => gemm(Matrix.zeros(2, 3), Matrix.zeros(3, 2), { out: Matrix.zeros(3, 3) }),
    /output is 3×3 but the product is 2×2/,
  );
});

Deno.test("gemm of an empty inner dimension is a zero matrix", () => {
  const out = Matrix.full(2, 3, 5);
  gemm(Matrix.zeros(2, 0), Matrix.zeros(0, 3), { out });
  assertAllClose(out, Matrix.zeros(2, 3));
  assertEquals(gemm(Matrix.zeros(0, 4), Matrix.zeros(4, 3)).shape, "0×3");
});
