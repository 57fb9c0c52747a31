/**
 * Softmax and its derivative in the three forms of the note's section 2: the full Jacobian
 * (E7–E9), the Jacobian-vector product (E10), and the batched backward pass (E11–E12).
 *
 * Examples are columns: softmax maps each column of a k × m matrix of scores to a column of k
 * probabilities.
 *
 * @module
 */

import {
  assertArrayLike,
  assertFinite,
  assertMatrixLike,
  assertProbabilityColumns,
  assertSameLength,
  assertSameShape,
} from "../core/_shape.ts";
import { Matrix } from "../core/matrix.ts";
import { columnSoftmaxInto } from "./_column_softmax.ts";

/**
 * Column-wise softmax (E6): Y[i][j] = e^{X[i][j]} / Σ_t e^{X[t][j]}.
 *
 * Each column's maximum is subtracted before exponentiating. Softmax does not change when a
 * constant is added to a column, and after the shift every exponent is ≤ 0 (so nothing
 * overflows) and the largest is exactly 0 (so the sum is at least 1 and never underflows).
 * Logits of ±1000 therefore give finite probabilities that sum to 1.
 *
 * @param X A k × m matrix of scores, one example per column; entries must be finite.
 * @returns A new k × m matrix whose columns are probability vectors.
 * @throws {RangeError} When an entry of X is not finite.
 * @throws {TypeError} When X is not a Matrix.
 *
 * @example Huge logits stay finite
 * ```ts
 * import { assertAllClose, Matrix } from "../core/mod.ts";
 * import { softmax } from "./mod.ts";
 *
 * const Y = softmax(Matrix.from([[1000, 0], [1000, Math.log(3)]])); // k = 2, m = 2
 * assertAllClose(Y, Matrix.from([[0.5, 0.25], [0.5, 0.75]]));
 * ```
 */
export function softmax(X: Matrix): Matrix {
  assertMatrixLike(X, "softmax X");
  assertFinite(X.data, `softmax of a ${X.shape} matrix`);
  const Y = new Matrix(X.rows, X.cols);
  columnSoftmaxInto(X.data, X.rows, X.cols, Y.data);
  return Y;
}

/**
 * The Jacobian of softmax at a point x, written through its output y = softmax(x) (E9):
 * ∂f/∂x = diag(y) − y yᵀ. Entry (i, j) is y_i (1 − y_i) on the diagonal and −y_i y_j off it,
 * the piecewise partials of E7; the matrix is symmetric (E8).
 *
 * @param y A probability vector of length k, the softmax output.
 * @returns A new k × k Matrix: row i holds the partials of output i, column j those by input j.
 * @throws {RangeError} When y is not a probability vector (an entry outside [0, 1], or a sum
 * that is not 1 within 1e-6 · k): most often the scores x were passed instead of softmax(x).
 *
 * @example
 * ```ts
 * import { assertAllClose, Matrix } from "../core/mod.ts";
 * import { softmaxJacobian } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const J = softmaxJacobian(new Float64Array([0.5, 0.5]));
 * assertAllClose(J, Matrix.from([[0.25, -0.25], [-0.25, 0.25]]));
 * assert.throws(() => softmaxJacobian(new Float64Array([2, -1])), /not a probability/); // scores
 * ```
 */
export function softmaxJacobian(y: Float64Array): Matrix {
  assertArrayLike(y, "softmaxJacobian y");
  assertProbabilityColumns(y, y.length, 1, "softmaxJacobian y");
  const k = y.length;
  const J = new Matrix(k, k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const diag = i === j ? y[i] : 0; // diag(y)
      J.data[i * k + j] = diag - y[i] * y[j]; // − y yᵀ
    }
  }
  return J;
}

/**
 * The product of the softmax Jacobian with a vector z, without forming the Jacobian (E10):
 * (∂f/∂x) z = y ∘ z − y yᵀ z = y ∘ (z − (yᵀz) 1). It costs O(k) instead of O(k²).
 *
 * Because the Jacobian is symmetric (E8), this is also the vector-Jacobian product zᵀ (∂f/∂x)
 * that backpropagation needs: with z the upstream gradient ∂L/∂y, the result is ∂L/∂x.
 *
 * @param y The softmax output, length k.
 * @param z Any vector of length k.
 * @returns A new Float64Array of length k.
 * @throws {RangeError} When the lengths differ, an entry of z is not finite, or y is not a
 * probability vector.
 *
 * @example
 * ```ts
 * import { assertAllClose } from "../core/mod.ts";
 * import { softmaxJacobianProduct } from "./mod.ts";
 *
 * const y = new Float64Array([0.5, 0.5]);
 * assertAllClose(softmaxJacobianProduct(y, new Float64Array([1, 0])), [0.25, -0.25]);
 * assertAllClose(softmaxJacobianProduct(y, new Float64Array([1, 1])), [0, 0]); // shifts do nothing
 * ```
 */
export function softmaxJacobianProduct(y: Float64Array, z: Float64Array): Float64Array {
  assertArrayLike(y, "softmaxJacobianProduct y");
  assertArrayLike(z, "softmaxJacobianProduct z");
  assertSameLength(y, z, "softmaxJacobianProduct(y, z)");
  assertProbabilityColumns(y, y.length, 1, "softmaxJacobianProduct y");
  assertFinite(z, "softmaxJacobianProduct z");
  let yz = 0; // yᵀz
  for (let i = 0; i < y.length; i++) yz += y[i] * z[i];
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] * (z[i] - yz); // y ∘ (z − (yᵀz) 1)
  return out;
}

/**
 * The backward pass of column-wise softmax (E11, E12 in NumPy's broadcasting form):
 * dX = Y ∘ (dY − 1 1ᵀ (Y ∘ dY)). Column j of dX is the Jacobian at column j of X times column
 * j of dY, i.e. {@linkcode softmaxJacobianProduct} applied to each example; 1 1ᵀ(Y ∘ dY)
 * repeats the per-column sums Σ_i Y[i][j] dY[i][j] down every row.
 *
 * Slip X2 in the note: its text says column i is the Jacobian "multiplied by the i-th column of
 * Y"; it is multiplied by the i-th column of **dY**, which is what its formula (and this
 * function) computes.
 *
 * @param Y The softmax output, k × m (examples in columns).
 * @param dY The upstream gradient ∂L/∂Y, k × m.
 * @returns A new k × m matrix ∂L/∂X.
 * @throws {RangeError} When the shapes differ (naming both), an entry of dY is not finite, or a
 * column of Y is not a probability vector.
 *
 * @example
 * ```ts
 * import { assertAllClose, Matrix } from "../core/mod.ts";
 * import { softmax, softmaxBackward } from "./mod.ts";
 *
 * const Y = softmax(Matrix.from([[0, 0], [0, 0]])); // every entry 0.5
 * const dX = softmaxBackward(Y, Matrix.from([[1, 2], [0, 2]]));
 * assertAllClose(dX, Matrix.from([[0.25, 0], [-0.25, 0]]));
 * ```
 */
export function softmaxBackward(Y: Matrix, dY: Matrix): Matrix {
  assertMatrixLike(Y, "softmaxBackward Y");
  assertMatrixLike(dY, "softmaxBackward dY");
  assertSameShape(Y, dY, "softmaxBackward(Y, dY)");
  assertProbabilityColumns(Y.data, Y.rows, Y.cols, "softmaxBackward Y");
  assertFinite(dY.data, "softmaxBackward dY");
  const { rows: k, cols: m } = Y;
  const y = Y.data;
  const dy = dY.data;
  const colSums = new Float64Array(m); // 1ᵀ(Y ∘ dY): one sum per example
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < m; j++) colSums[j] += y[i * m + j] * dy[i * m + j];
  }
  const dX = new Matrix(k, m);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < m; j++) {
      dX.data[i * m + j] = y[i * m + j] * (dy[i * m + j] - colSums[j]); // Y ∘ (dY − 1 1ᵀ(Y ∘ dY))
    }
  }
  return dX;
}
