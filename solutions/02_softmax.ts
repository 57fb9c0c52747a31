/**
 * Model solutions to the exercises of `notebooks/02_softmax.ipynb`, for teachers. Each exported
 * function is what the exercise's "Your turn" cell should hold once solved (without `export`).
 *
 * @module
 */

import { Matrix } from "@nn-notes/core/core";

/**
 * Stable column-wise softmax (E6): subtract each column's maximum, exponentiate, divide by the
 * column's sum. X is k × m (k classes, m examples); so is the result.
 */
export function mySoftmax(X: Matrix): Matrix {
  const Y = new Matrix(X.rows, X.cols);
  for (let j = 0; j < X.cols; j++) {
    let max = -Infinity;
    for (let i = 0; i < X.rows; i++) max = Math.max(max, X.get(i, j)); // the column's largest
    let sum = 0;
    for (let i = 0; i < X.rows; i++) {
      const e = Math.exp(X.get(i, j) - max); // ≤ 1, and the largest is exactly 1: no overflow
      Y.set(i, j, e);
      sum += e;
    }
    for (let i = 0; i < X.rows; i++) Y.set(i, j, Y.get(i, j) / sum);
  }
  return Y;
}

/** The softmax Jacobian at y = softmax(x) (E7–E9): diag(y) − y yᵀ, k × k and symmetric. */
export function mySoftmaxJacobian(y: Float64Array): Matrix {
  const k = y.length;
  const J = new Matrix(k, k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) J.set(i, j, (i === j ? y[i] : 0) - y[i] * y[j]); // diag(y) − yyᵀ
  }
  return J;
}

/** The Jacobian-vector product (E10) in O(k): (diag(y) − yyᵀ) z = y ∘ (z − (yᵀz) 1). */
export function mySoftmaxJvp(y: Float64Array, z: Float64Array): Float64Array {
  let yz = 0;
  for (let i = 0; i < y.length; i++) yz += y[i] * z[i]; // yᵀz, one number
  return y.map((yi, i) => yi * (z[i] - yz)); // y ∘ (z − (yᵀz) 1)
}

/**
 * The batched softmax backward (E11–E12): dX = Y ∘ (dY − 1 1ᵀ(Y ∘ dY)) for Y = softmax(X) and
 * dY = ∂L/∂Y, both k × m with the examples in columns. Column j is E10 with y = Y[:, j] and
 * z = dY[:, j] (the note's text says "the i-th column of Y" there: slip X2).
 */
export function mySoftmaxBackward(Y: Matrix, dY: Matrix): Matrix {
  const sums = new Float64Array(Y.cols); // 1ᵀ(Y ∘ dY): one sum per example, over its k classes
  for (let i = 0; i < Y.rows; i++) {
    for (let j = 0; j < Y.cols; j++) sums[j] += Y.get(i, j) * dY.get(i, j);
  }
  return Y.map((y, i, j) => y * (dY.get(i, j) - sums[j])); // Y ∘ (dY − 1 1ᵀ(Y ∘ dY))
}
