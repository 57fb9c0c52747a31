/**
 * The affine (fully connected) layer out = W X + b 1ᵀ and its backward pass: the note's
 * f_i(w_i, a_{i−1}) (E2–E3) with parameters w_i = (W, b).
 *
 * The three products W X, dOut Xᵀ and Wᵀ dOut go through the library's fast kernels (blocked,
 * register-tiled, reading transposed operands through strides and skipping the zeros of sparse
 * inputs such as MNIST pixels or ReLU outputs). They compute the same sums as the readable
 * reference `matmul` (matmul.ts) and are tested against it on random shapes.
 *
 * @module
 */

import { assertFinite, shapeOf } from "../core/_shape.ts";
import { batchPack, gemm, type PackedColumns, packSparseColumns } from "../core/_gemm.ts";
import { Matrix } from "../core/matrix.ts";

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

/**
 * Buffers a linear layer may reuse from one minibatch to the next instead of allocating new
 * matrices. Pass the same (initially empty) object on every call; a buffer is (re)allocated when
 * the shapes change. Results written into it are overwritten by the next call.
 */
export interface LinearWorkspace {
  /** The output W X + b 1ᵀ, k × m. */
  out?: Matrix;
  /** The input gradient, n × m. */
  dX?: Matrix;
  /** The weight gradient, k × n. */
  dW?: Matrix;
  /** The bias gradient, k × 1. */
  db?: Matrix;
}

/** Options of {@linkcode linearForward}, {@linkcode linearBackward} and {@linkcode linearWeightGradients}. */
export interface LinearOptions {
  /** Buffers to write the results into; see {@linkcode LinearWorkspace}. @default {undefined} */
  workspace?: LinearWorkspace;
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
 * @param options Optional buffers to reuse; see {@linkcode LinearOptions}.
 * @returns `out`, k × m, and the cache for {@linkcode linearBackward}.
 * @throws {RangeError} When the shapes do not fit, naming both shapes.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { linearForward } from "./mod.ts";
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
  options: LinearOptions = {},
): { out: Matrix; cache: LinearCache } {
  const { W, b } = params;
  if (b.cols !== 1 || b.rows !== W.rows) {
    throw new RangeError(
      `linearForward: bias b is ${shapeOf(b)} but W is ${shapeOf(W)}; b must be ${W.rows}×1`,
    );
  }
  const ws = options.workspace;
  // A sparse X (MNIST pixels, ReLU outputs) is packed once, for W X here and dOut Xᵀ later;
  // a minibatch that the training loop cut from a packed data set comes with its pack.
  let packedX = batchPack(X);
  if (packedX === undefined) {
    packedX = packSparseColumns(X, ws && packs.get(ws));
    if (ws && packedX) packs.set(ws, packedX);
  }
  const out = gemm(W, X, { out: buffer(ws, "out", W.rows, X.cols), packedB: packedX ?? null }); // W X
  const m = out.cols;
  let sum = 0;
  for (let i = 0; i < out.rows; i++) {
    for (let j = 0; j < m; j++) sum += out.data[i * m + j] += b.data[i]; // + b 1ᵀ
  }
  if (!Number.isFinite(sum)) {
    // Name the culprit; checking W and X themselves on every call would cost more than W X.
    assertFinite(W.data, `linearForward W ${W.shape}`);
    assertFinite(b.data, `linearForward b ${b.shape}`);
    assertFinite(X.data, `linearForward X ${X.shape}`);
    assertFinite(out.data, `linearForward out = W X + b 1ᵀ ${out.shape} overflowed`);
  }
  const cache = { W, b, X };
  if (packedX) packedInputs.set(cache, packedX);
  return { out, cache };
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
 * @param options Optional buffers to reuse; see {@linkcode LinearOptions}.
 * @returns dX (n × m), dW (k × n) and db (k × 1).
 * @throws {RangeError} When dOut is not k × m, naming both shapes.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { linearBackward, linearForward } from "./mod.ts";
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
export function linearBackward(
  dOut: Matrix,
  cache: LinearCache,
  options: LinearOptions = {},
): LinearGrads {
  const { dW, db } = linearWeightGradients(dOut, cache, options);
  const dX = gemm(cache.W, dOut, { // ∂L/∂X = Wᵀ dOut
    transposeA: true,
    out: buffer(options.workspace, "dX", cache.W.cols, dOut.cols),
  });
  return { dX, dW, db };
}

/**
 * The parameter half of {@linkcode linearBackward}: dW = dOut Xᵀ and db = dOut 1, without dX.
 * The first layer of a network uses it, since its input X is data and needs no gradient (this
 * skips the largest product of the backward pass).
 *
 * @param dOut The upstream gradient, k × m.
 * @param cache What {@linkcode linearForward} returned.
 * @param options Optional buffers to reuse; see {@linkcode LinearOptions}.
 * @returns dW (k × n) and db (k × 1).
 * @throws {RangeError} When dOut is not k × m, naming both shapes.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { linearBackward, linearForward, linearWeightGradients } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { cache } = linearForward({ W: Matrix.from([[1, 2]]), b: Matrix.zeros(1, 1) }, Matrix.from([[3], [5]]));
 * const { dW, db } = linearWeightGradients(Matrix.from([[2]]), cache);
 * assert.deepEqual(dW.toArray(), [[6, 10]]);
 * assert.deepEqual(db.toArray(), [[2]]);
 * assert.deepEqual(linearBackward(Matrix.from([[2]]), cache).dW.toArray(), dW.toArray());
 * ```
 */
export function linearWeightGradients(
  dOut: Matrix,
  cache: LinearCache,
  options: LinearOptions = {},
): { dW: Matrix; db: Matrix } {
  const { W, X } = cache;
  if (dOut.rows !== W.rows || dOut.cols !== X.cols) {
    throw new RangeError(
      `linearBackward: dOut is ${dOut.shape} but out was ${W.rows}×${X.cols} ` +
        `(W ${W.shape} times X ${X.shape})`,
    );
  }
  assertFinite(dOut.data, `linearBackward dOut ${dOut.shape}`);
  const ws = options.workspace;
  const dW = gemm(dOut, X, { // ∂L/∂W = dOut Xᵀ
    transposeB: true,
    out: buffer(ws, "dW", W.rows, W.cols),
    packedB: packedInputs.get(cache) ?? null, // X was packed in the forward pass, or too dense
  });
  const db = buffer(ws, "db", dOut.rows, 1) ?? new Matrix(dOut.rows, 1); // ∂L/∂b = dOut 1
  const m = dOut.cols;
  for (let i = 0; i < dOut.rows; i++) {
    let sum = 0;
    for (let j = 0; j < m; j++) sum += dOut.data[i * m + j];
    db.data[i] = sum;
  }
  return { dW, db };
}

// Private companions of caches and workspaces: the packed nonzeros of a sparse input X.
const packedInputs = new WeakMap<LinearCache, PackedColumns>();
const packs = new WeakMap<LinearWorkspace, PackedColumns>();

/** The workspace's buffer `name`, (re)allocated to rows × cols; undefined without a workspace. */
function buffer(
  ws: LinearWorkspace | undefined,
  name: keyof LinearWorkspace,
  rows: number,
  cols: number,
): Matrix | undefined {
  if (ws === undefined) return undefined;
  const current = ws[name];
  if (current !== undefined && current.rows === rows && current.cols === cols) return current;
  return (ws[name] = new Matrix(rows, cols));
}
