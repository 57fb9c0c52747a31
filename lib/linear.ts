/**
 * The affine (fully connected) layer out = W X + b 1ᵀ and its backward pass: the note's
 * f_i(w_i, a_{i−1}) (E2–E3) with parameters w_i = (W, b).
 *
 * @module
 */

import { assertFinite, shapeOf } from "./_shape.ts";
import { Matrix } from "./matrix.ts";
import { matmul } from "./matmul.ts";

/** The parameters of a linear layer from n inputs to k outputs. */
export interface LinearParams {
  /** The weights, k × n. */
  W: Matrix;
  /** The biases, a k × 1 column added to every example. */
  b: Matrix;
}

/** What {@linkcode linearForward} keeps for {@linkcode linearBackward}. */
export interface LinearCache {
  /** The weights, k × n (not copied: the backward pass uses the same object). */
  W: Matrix;
  /** The biases, k × 1. */
  b: Matrix;
  /** The input batch, n × m. */
  X: Matrix;
}

/** The gradients {@linkcode linearBackward} returns. */
export interface LinearGrads {
  /** ∂L/∂X = Wᵀ dOut, n × m. */
  dX: Matrix;
  /** ∂L/∂W = dOut Xᵀ, k × n. */
  dW: Matrix;
  /** ∂L/∂b = dOut 1 (the row sums of dOut), k × 1. */
  db: Matrix;
}

/**
 * Linear forward: out = W X + b 1ᵀ, i.e. out[:, j] = W x_j + b for every example j. This is one
 * layer a_i = f_i(w_i, a_{i−1}) of E3 (written a_{i+1} in the note: slip X1).
 *
 * @param params W (k × n) and b (k × 1).
 * @param X The input batch, n × m (n features, m examples in columns).
 * @returns `out`, k × m, and the cache for {@linkcode linearBackward}.
 * @throws {RangeError} When the shapes do not fit, naming both shapes.
 *
 * @example
 * ```ts
 * import { linearForward, Matrix } from "@nn-notes/core";
 * import assert from "node:assert/strict";
 *
 * const W = Matrix.from([[1, 2], [0, -1]]); // k = 2 outputs, n = 2 inputs
 * const b = Matrix.column([10, 20]);
 * const X = Matrix.from([[1, 0, 2], [1, 1, 0]]); // m = 3 examples
 * assert.deepEqual(linearForward({ W, b }, X).out.toArray(), [[13, 12, 12], [19, 19, 20]]);
 * assert.throws(() => linearForward({ W, b }, Matrix.zeros(3, 1)), /2×2 by 3×1/);
 * ```
 */
export function linearForward(
  params: LinearParams,
  X: Matrix,
): { out: Matrix; cache: LinearCache } {
  const { W, b } = params;
  if (b.cols !== 1 || b.rows !== W.rows) {
    throw new RangeError(
      `linearForward: bias b is ${shapeOf(b)} but W is ${shapeOf(W)}; b must be ${W.rows}×1`,
    );
  }
  assertFinite(W.data, `linearForward W ${W.shape}`);
  assertFinite(b.data, `linearForward b ${b.shape}`);
  assertFinite(X.data, `linearForward X ${X.shape}`);
  const out = matmul(W, X); // W X, k × m (throws naming both shapes when n differs)
  const m = out.cols;
  for (let i = 0; i < out.rows; i++) {
    for (let j = 0; j < m; j++) out.data[i * m + j] += b.data[i]; // + b 1ᵀ
  }
  return { out, cache: { W, b, X } };
}

/**
 * Linear backward: given dOut = ∂L/∂out (k × m), the three gradients
 * dX = Wᵀ dOut, dW = dOut Xᵀ and db = dOut 1.
 *
 * dW sums the per-example contributions dout_j x_jᵀ over the m examples, and db sums dout_j,
 * because W and b are shared by every column.
 *
 * @param dOut The upstream gradient, k × m.
 * @param cache What {@linkcode linearForward} returned.
 * @returns dX (n × m), dW (k × n) and db (k × 1).
 * @throws {RangeError} When dOut is not k × m, naming both shapes.
 *
 * @example
 * ```ts
 * import { linearBackward, linearForward, Matrix } from "@nn-notes/core";
 * import assert from "node:assert/strict";
 *
 * const W = Matrix.from([[1, 2]]); // k = 1, n = 2
 * const X = Matrix.from([[3, 4], [5, 6]]); // m = 2
 * const { cache } = linearForward({ W, b: Matrix.zeros(1, 1) }, X);
 * const { dX, dW, db } = linearBackward(Matrix.from([[1, -1]]), cache);
 * assert.deepEqual(dX.toArray(), [[1, -1], [2, -2]]);
 * assert.deepEqual(dW.toArray(), [[-1, -1]]);
 * assert.deepEqual(db.toArray(), [[0]]);
 * ```
 */
export function linearBackward(dOut: Matrix, cache: LinearCache): LinearGrads {
  const { W, X } = cache;
  if (dOut.rows !== W.rows || dOut.cols !== X.cols) {
    throw new RangeError(
      `linearBackward: dOut is ${dOut.shape} but out was ${W.rows}×${X.cols} ` +
        `(W ${W.shape} times X ${X.shape})`,
    );
  }
  assertFinite(dOut.data, `linearBackward dOut ${dOut.shape}`);
  const dX = matmul(W, dOut, { transposeA: true }); // ∂L/∂X = Wᵀ dOut
  const dW = matmul(dOut, X, { transposeB: true }); // ∂L/∂W = dOut Xᵀ
  const db = new Matrix(dOut.rows, 1); // ∂L/∂b = dOut 1
  const m = dOut.cols;
  for (let i = 0; i < dOut.rows; i++) {
    for (let j = 0; j < m; j++) db.data[i] += dOut.data[i * m + j];
  }
  return { dX, dW, db };
}
