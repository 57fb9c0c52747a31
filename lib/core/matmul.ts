/**
 * The matrix product, written plainly: the reference that every faster kernel is tested against.
 *
 * @module
 */

import { Matrix } from "./matrix.ts";
import { assertFlag, assertMatrixLike, checkOptions, productShape } from "./_shape.ts";

/** Options of {@linkcode matmul}. */
export interface MatmulOptions {
  /** Use Aᵀ in place of A (without copying it). @default {false} */
  transposeA?: boolean;
  /** Use Bᵀ in place of B (without copying it). @default {false} */
  transposeB?: boolean;
}

/**
 * The product C = op(A) · op(B), where op transposes when asked to. With op(A) of shape p × r and
 * op(B) of shape r × q, C is p × q and C[i][j] = Σ_t op(A)[i][t] · op(B)[t][j].
 *
 * This is the textbook triple loop (in i-t-j order, so the inner loop walks rows of B and C);
 * it is the library's reference product. It takes no shortcuts, so non-finite entries propagate
 * as IEEE arithmetic says (0 · ∞ = NaN) and a faster kernel can be compared with it entry by entry.
 *
 * @param A The left factor.
 * @param B The right factor.
 * @param options Whether to transpose either factor; see {@linkcode MatmulOptions}.
 * @returns A new p × q matrix.
 * @throws {RangeError} When the inner sizes differ, naming both shapes, or an option is unknown.
 * @throws {TypeError} When A or B is not a Matrix or a transpose flag is not a boolean.
 *
 * @example
 * ```ts
 * import { matmul, Matrix } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const A = Matrix.from([[1, 2], [3, 4]]);
 * const x = Matrix.column([1, 1]);
 * assert.deepEqual(matmul(A, x).toArray(), [[3], [7]]);
 * assert.deepEqual(matmul(A, A, { transposeA: true }).toArray(), [[10, 14], [14, 20]]);
 * assert.throws(() => matmul(A, Matrix.zeros(3, 1)), /Cannot multiply 2×2 by 3×1/);
 * ```
 */
export function matmul(A: Matrix, B: Matrix, options?: MatmulOptions): Matrix {
  assertMatrixLike(A, "matmul A");
  assertMatrixLike(B, "matmul B");
  const { transposeA = false, transposeB = false } = checkOptions(options, KNOWN, "matmul");
  assertFlag(transposeA, "matmul transposeA");
  assertFlag(transposeB, "matmul transposeB");
  const [p, r, q] = productShape(A, B, transposeA, transposeB);
  const a = A.data;
  const b = B.data;
  const C = new Matrix(p, q);
  const c = C.data;
  // Strides that read op(A)[i][t] and op(B)[t][j] from the row-major storage.
  const [aRow, aInner] = transposeA ? [1, A.cols] : [A.cols, 1];
  const [bInner, bCol] = transposeB ? [1, B.cols] : [B.cols, 1];
  for (let i = 0; i < p; i++) {
    for (let t = 0; t < r; t++) {
      const ait = a[i * aRow + t * aInner]; // no skipping of zeros: 0 · ∞ must stay NaN
      for (let j = 0; j < q; j++) c[i * q + j] += ait * b[t * bInner + j * bCol];
    }
  }
  return C;
}

const KNOWN = { transposeA: true, transposeB: true } as const;
