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
  assertFinite,
  assertMatrixLike,
  assertProbabilityColumns,
  assertSameLength,
  assertSameShape,
  assertVector,
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
 * the piecewise partials of E7; the matrix is symmetric (E8). The diagonal is computed as
 * y_i (1 − y_i), not y_i − y_i y_i: near y_i = 1 the subtraction of two nearly equal numbers
 * would lose digits (a relative error of 7e-9 at y_i = 0.99999999).
 *
 * @param y A probability vector of length k, the softmax output.
 * @returns A new k × k Matrix: row i holds the partials of output i, column j those by input j.
 * @throws {RangeError} When y is not a probability vector (an entry outside [0, 1], or a sum
 * that is not 1 within 1e-6 · k): most often the scores x were passed instead of softmax(x).
 * @throws {TypeError} When y is not a Float64Array.
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
  assertVector(y, "softmaxJacobian y");
  assertProbabilityColumns(y, y.length, 1, "softmaxJacobian y");
  const k = y.length;
  const J = new Matrix(k, k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      // diag(y) − y yᵀ: y_i (1 − y_i) on the diagonal (one rounding, no cancellation), −y_i y_j off
      J.data[i * k + j] = i === j ? y[i] * (1 - y[i]) : -y[i] * y[j];
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
 * No intermediate overflows when the result is finite: for z with entries near ±1.8e308 the
 * difference z_i − yᵀz would, so such a z is first scaled by a power of two (exactly) and the
 * result scaled back; for every other z the formula is evaluated as written.
 *
 * @param y The softmax output, length k.
 * @param z Any vector of length k.
 * @returns A new Float64Array of length k.
 * @throws {RangeError} When the lengths differ, an entry of z is not finite, or y is not a
 * probability vector.
 * @throws {TypeError} When y or z is not a Float64Array.
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
  assertVector(y, "softmaxJacobianProduct y");
  assertVector(z, "softmaxJacobianProduct z");
  assertSameLength(y, z, "softmaxJacobianProduct(y, z)");
  assertProbabilityColumns(y, y.length, 1, "softmaxJacobianProduct y");
  assertFinite(z, "softmaxJacobianProduct z");
  const out = new Float64Array(y.length);
  jacobianProductInto(y, z, 0, 1, y.length, out);
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
 * @throws {TypeError} When Y or dY is not a Matrix.
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
  const dX = new Matrix(k, m);
  // Column j is the Jacobian-vector product at column j of Y with column j of dY (E10), so
  // dX = Y ∘ (dY − 1 1ᵀ(Y ∘ dY)) column by column.
  for (let j = 0; j < m; j++) jacobianProductInto(Y.data, dY.data, j, m, k, dX.data);
  return dX;
}

/** Above this size an entry of z is scaled down before z − yᵀz, which could overflow. */
const LARGE = 2 ** 1000;

/**
 * Writes y ∘ (z − (yᵀz) 1) into `out` for the k entries at start, start + stride, … of y, z and
 * out: one column of a k × m row-major matrix (stride m), or a whole vector (stride 1). yᵀz is a
 * convex combination of z's entries, so |yᵀz| ≤ max |z_i|; when some |z_i| exceeds 2¹⁰⁰⁰, z is
 * scaled by 2⁻⁸ so that z_i − yᵀz cannot overflow, and the result scaled back by 2⁸ (both exact,
 * so the result overflows only when the true one does).
 */
function jacobianProductInto(
  y: Float64Array,
  z: Float64Array,
  start: number,
  stride: number,
  k: number,
  out: Float64Array,
): void {
  const end = start + k * stride;
  let yz = 0; // yᵀz
  let largest = 0;
  for (let i = start; i < end; i += stride) {
    yz += y[i] * z[i];
    largest = Math.max(largest, Math.abs(z[i]));
  }
  if (largest <= LARGE) {
    for (let i = start; i < end; i += stride) out[i] = y[i] * (z[i] - yz); // y ∘ (z − (yᵀz) 1)
    return;
  }
  let scaled = 0; // yᵀz of z · 2⁻⁸
  for (let i = start; i < end; i += stride) scaled += y[i] * (z[i] / 256);
  for (let i = start; i < end; i += stride) out[i] = 256 * (y[i] * (z[i] / 256 - scaled));
}
