/**
 * Model solutions to the exercises of `notebooks/03_cross_entropy.ipynb`, for teachers. Each
 * exported function is what the exercise's "Your turn" cell should hold once solved (without
 * `export`).
 *
 * @module
 */

import { Matrix } from "@nn-notes/core/core";

/** Cross-entropy H(q, p) = −Σ q_i log p_i (E13) and its partial ∂H/∂p_i = −q_i / p_i (E15). */
export function myCrossEntropy(q: Float64Array, p: Float64Array): { H: number; dp: Float64Array } {
  let H = 0;
  for (let i = 0; i < q.length; i++) {
    if (q[i] > 0) H -= q[i] * Math.log(p[i]); // a term with q_i = 0 is 0 (0 · log 0 = 0)
  }
  const dp = q.map((qi, i) => -qi / p[i]); // ∂H/∂p_i = −q_i / p_i
  return { H, dp };
}

/**
 * The mean softmax cross-entropy of k × m scores against m labels, and its gradient
 * dScores = (p − q) / m (E15 chained through E9: ∂H/∂s = p − q). The loss uses
 * −log p_y = logsumexp(s) − s_y, finite for scores of ±1000.
 */
export function mySoftmaxCrossEntropy(
  scores: Matrix,
  labels: number[],
): { loss: number; dScores: Matrix } {
  const k = scores.rows;
  const m = scores.cols;
  const dScores = new Matrix(k, m);
  let loss = 0;
  for (let j = 0; j < m; j++) {
    let max = -Infinity;
    for (let i = 0; i < k; i++) max = Math.max(max, scores.get(i, j));
    let sum = 0;
    for (let i = 0; i < k; i++) sum += Math.exp(scores.get(i, j) - max);
    loss += max + Math.log(sum) - scores.get(labels[j], j); // −log p_y = logsumexp(s) − s_y
    for (let i = 0; i < k; i++) {
      const p = Math.exp(scores.get(i, j) - max) / sum;
      const q = labels[j] === i ? 1 : 0; // one-hot: q_i = 1 iff y = i (slip X3 writes y_i = i)
      dScores.set(i, j, (p - q) / m); // p − q, divided by m for the mean
    }
  }
  return { loss: loss / m, dScores };
}
