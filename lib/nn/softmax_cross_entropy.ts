/**
 * Softmax followed by cross-entropy against integer labels, fused: the loss every classifier in
 * this project trains on, and the step the note leaves to the reader (beyond E15).
 *
 * @module
 */

import { assertFinite, assertLabels, assertMatrixLike } from "../core/_shape.ts";
import { Matrix } from "../core/matrix.ts";
import { columnSoftmaxInto } from "./_column_softmax.ts";

/** What {@linkcode softmaxCrossEntropy} returns. */
export interface SoftmaxCrossEntropyResult {
  /** The mean over the m examples of −log p[label]. */
  loss: number;
  /** ∂loss/∂scores = (p − q) / m, k × m. */
  dScores: Matrix;
  /** p = softmax(scores), k × m: the predicted class probabilities. */
  probs: Matrix;
}

/**
 * The mean cross-entropy of softmax(scores) against one-hot labels, and its gradient by the
 * scores.
 *
 * Forward: for example j with scores s = scores[:, j] and label y, the loss is
 * −log softmax(s)_y = logsumexp(s) − s_y, and logsumexp(s) = max(s) + log Σ_i e^{s_i − max(s)}
 * never overflows, so logits of ±1000 give a finite loss (forming p first and taking log p_y
 * would give log 0 = −∞ there).
 *
 * Backward: chaining E15 (∂H/∂p = −q/p) through E9 (∂p/∂s = diag(p) − p pᵀ) gives
 * (diag(p) − p pᵀ)(−q/p) = −q + p (1ᵀq) = p − q, since q sums to 1. Dividing by m for the mean:
 * dScores = (p − q) / m.
 *
 * @param scores A k × m matrix of finite scores (k classes, m ≥ 1 examples in columns).
 * @param labels The m true classes, integers in [0, k).
 * @returns The loss, dScores (k × m) and the probabilities (k × m).
 * @throws {RangeError} When the number of labels is not m, a label is not an integer in [0, k),
 * a score is not finite, or there are no examples or no classes.
 * @throws {TypeError} When scores is not a Matrix, labels is not an array or typed array, or a
 * label is not a number.
 *
 * @example
 * ```ts
 * import { assertAllClose, Matrix } from "../core/mod.ts";
 * import { softmaxCrossEntropy } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const scores = Matrix.from([[0, 1000], [0, -1000]]); // k = 2 classes, m = 2 examples
 * const { loss, dScores } = softmaxCrossEntropy(scores, [1, 1]);
 * assertAllClose(loss, (Math.log(2) + 2000) / 2); // example 1 is 2000 nats off, still finite
 * assertAllClose(dScores, Matrix.from([[0.25, 0.5], [-0.25, -0.5]]));
 * assert.throws(() => softmaxCrossEntropy(scores, [0, 2]), /labels\[1\] is 2/);
 * ```
 */
export function softmaxCrossEntropy(
  scores: Matrix,
  labels: ArrayLike<number>,
): SoftmaxCrossEntropyResult {
  assertMatrixLike(scores, "softmaxCrossEntropy scores");
  const { rows: k, cols: m } = scores;
  if (k === 0 || m === 0) {
    throw new RangeError(
      `softmaxCrossEntropy needs at least one class and one example, got scores ${scores.shape}`,
    );
  }
  assertLabels(labels, m, k, `softmaxCrossEntropy (scores ${scores.shape})`);
  assertFinite(scores.data, `softmaxCrossEntropy scores ${scores.shape}`);
  const probs = new Matrix(k, m);
  const p = probs.data;
  const logSumExp = columnSoftmaxInto(scores.data, k, m, p);
  let total = 0;
  for (let j = 0; j < m; j++) total += logSumExp[j] - scores.data[labels[j] * m + j]; // −log p_y
  const dScores = new Matrix(k, m);
  const d = dScores.data;
  for (let i = 0; i < p.length; i++) d[i] = p[i] / m; // p / m
  for (let j = 0; j < m; j++) d[labels[j] * m + j] -= 1 / m; // − q / m
  return { loss: total / m, dScores, probs };
}
