/**
 * The affine (fully connected) layer out = W X + b 1ᵀ and its backward pass: the note's
 * f_i(w_i, a_{i−1}) (E2–E3) with parameters w_i = (W, b).
 *
 * The three products W X, dOut Xᵀ and Wᵀ dOut go through the library's fast kernels (WebAssembly
 * SIMD, blocked, reading transposed operands through strides and skipping the zeros of sparse
 * inputs such as MNIST pixels). They compute the same sums as the readable reference `matmul`
 * (matmul.ts), bit for bit except in large dense products (fused multiply-adds, within
 * 2·r·ε·Σ|a||b|; see kernels.ts), and `useKernels("reference")` runs that one instead.
 *
 * @module
 */

import {
  assertApart,
  assertFinite,
  assertMatrixLike,
  assertObject,
  checkOptions,
  shapeOf,
} from "../core/_shape.ts";
import { batchColumns, denseData } from "../core/_dataset_columns.ts";
import { gemm } from "../core/_gemm.ts";
import { Matrix } from "../core/matrix.ts";
import { assertCacheUnchanged, rememberCached } from "./_cache_guard.ts";

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
 * the shapes change. Results written into it are overwritten by the next call. A buffer must not
 * share memory with an input of the call (X, W, b or dOut): that is refused with a RangeError.
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
 * The cache holds W and X themselves, not copies: changing either in place between this call and
 * {@linkcode linearBackward} would change the gradients it returns. linearBackward notices such a
 * change and throws (a fingerprint of W and X is kept with the cache; not when a workspace is
 * given, whose owner, a training loop, changes nothing in between).
 *
 * @param params W (k × n) and b (k × 1).
 * @param X The input batch, n × m (n features, m examples in columns).
 * @param options Optional buffers to reuse; see {@linkcode LinearOptions}.
 * @returns `out`, k × m, and the cache for {@linkcode linearBackward}.
 * @throws {RangeError} When the shapes do not fit (naming both shapes), an entry of W, b or X is
 * not finite, or a workspace buffer shares memory with W, b or X.
 * @throws {TypeError} When params is not { W, b } of matrices or X is not a Matrix.
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
  options?: LinearOptions,
): { out: Matrix; cache: LinearCache } {
  assertObject(params, "linearForward params");
  const { W, b } = params;
  assertMatrixLike(W, "linearForward params.W");
  assertMatrixLike(b, "linearForward params.b");
  assertMatrixLike(X, "linearForward X");
  if (b.cols !== 1 || b.rows !== W.rows) {
    throw new RangeError(
      `linearForward: bias b is ${shapeOf(b)} but W is ${shapeOf(W)}; b must be ${W.rows}×1`,
    );
  }
  const ws = workspaceOf(options, "linearForward");
  const out = ws && buffer(ws, "out", W.rows, X.cols);
  if (out) assertApart(out, [["W", W], ["b", b], ["X", X]], "linearForward");
  // A minibatch cut by the training loop comes with its nonzeros listed, for the sparse kernel.
  const result = gemm(W, X, { out, columnsOfB: batchColumns(X) }); // W X
  const m = result.cols;
  let sum = 0;
  for (let i = 0; i < result.rows; i++) {
    for (let j = 0; j < m; j++) sum += result.data[i * m + j] += b.data[i]; // + b 1ᵀ
  }
  if (!Number.isFinite(sum)) {
    // Name the culprit; checking W and X themselves on every call would cost more than W X.
    assertFinite(W.data, `linearForward W ${W.shape}`);
    assertFinite(b.data, `linearForward b ${b.shape}`);
    assertFinite(denseData(X), `linearForward X ${X.shape}`);
    assertFinite(result.data, `linearForward out = W X + b 1ᵀ ${result.shape} overflowed`);
  }
  const cache = { W, b, X };
  if (ws === undefined) rememberCached(cache, { W, X });
  return { out: result, cache };
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
 * @throws {RangeError} When dOut is not k × m (naming both shapes) or not finite, W or X was
 * changed in place since the forward pass, or a workspace buffer shares memory with an input.
 * @throws {TypeError} When dOut is not a Matrix or cache is not what linearForward returned.
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
  options?: LinearOptions,
): LinearGrads {
  const { dW, db, ws } = weightGradients(dOut, cache, options, "linearBackward");
  const out = ws && buffer(ws, "dX", cache.W.cols, dOut.cols);
  if (out) {
    assertApart(out, [["W", cache.W], ["dOut", dOut], ["dW", dW], ["db", db]], "linearBackward");
  }
  const dX = gemm(cache.W, dOut, { transposeA: true, out }); // ∂L/∂X = Wᵀ dOut
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
 * @throws {RangeError} When dOut is not k × m (naming both shapes) or not finite, W or X was
 * changed in place since the forward pass, or a workspace buffer shares memory with an input.
 * @throws {TypeError} When dOut is not a Matrix or cache is not what linearForward returned.
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
  options?: LinearOptions,
): { dW: Matrix; db: Matrix } {
  const { dW, db } = weightGradients(dOut, cache, options, "linearWeightGradients");
  return { dW, db };
}

/**
 * dW and db after checking the arguments, with the checked workspace (for linearBackward's dX);
 * `who` is the public function that was called.
 */
function weightGradients(
  dOut: Matrix,
  cache: LinearCache,
  options: LinearOptions | undefined,
  who: string,
): { dW: Matrix; db: Matrix; ws: LinearWorkspace | undefined } {
  assertMatrixLike(dOut, `${who} dOut`);
  assertObject(cache, `${who} cache`);
  const { W, X } = cache;
  assertMatrixLike(W, `${who} cache.W (the cache linearForward returns)`);
  assertMatrixLike(X, `${who} cache.X (the cache linearForward returns)`);
  if (dOut.rows !== W.rows || dOut.cols !== X.cols) {
    throw new RangeError(
      `${who}: dOut is ${dOut.shape} but out was ${W.rows}×${X.cols} ` +
        `(W ${W.shape} times X ${X.shape})`,
    );
  }
  assertFinite(dOut.data, `${who} dOut ${dOut.shape}`);
  assertCacheUnchanged(cache, who, "linearForward");
  const ws = workspaceOf(options, who);
  const outW = ws && buffer(ws, "dW", W.rows, W.cols);
  const outB = ws && buffer(ws, "db", dOut.rows, 1);
  if (outW && outB) {
    const inputs = [["W", W], ["X", X], ["dOut", dOut]] as const;
    assertApart(outW, inputs, `${who} (dW)`);
    assertApart(outB, [...inputs, ["dW", outW]], `${who} (db)`);
  }
  const dW = gemm(dOut, X, { // ∂L/∂W = dOut Xᵀ
    transposeB: true,
    out: outW,
    columnsOfB: batchColumns(X),
  });
  const db = outB ?? new Matrix(dOut.rows, 1); // ∂L/∂b = dOut 1
  const m = dOut.cols;
  for (let i = 0; i < dOut.rows; i++) {
    let sum = 0;
    for (let j = 0; j < m; j++) sum += dOut.data[i * m + j];
    db.data[i] = sum;
  }
  return { dW, db, ws };
}

/** The workspace's buffer `name`, (re)allocated to rows × cols. */
function buffer(
  ws: LinearWorkspace,
  name: keyof LinearWorkspace,
  rows: number,
  cols: number,
): Matrix {
  const current = ws[name];
  if (current !== undefined && current.rows === rows && current.cols === cols) return current;
  return (ws[name] = new Matrix(rows, cols));
}

const KNOWN = { workspace: true } as const;
const BUFFERS = { out: true, dX: true, dW: true, db: true } as const;

/** The checked workspace of `options`, or undefined. */
function workspaceOf(options: LinearOptions | undefined, who: string): LinearWorkspace | undefined {
  const { workspace } = checkOptions(options, KNOWN, who);
  if (workspace === undefined) return undefined;
  checkOptions(workspace, BUFFERS, `${who} workspace`);
  for (const name of Object.keys(BUFFERS) as (keyof LinearWorkspace)[]) {
    if (workspace[name] !== undefined) {
      assertMatrixLike(workspace[name], `${who} workspace.${name}`);
    }
  }
  return workspace;
}
