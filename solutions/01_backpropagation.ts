/**
 * Model solutions to the exercises of `notebooks/01_backpropagation.ipynb`, for teachers.
 *
 * Each exported function is what the exercise's "Your turn" cell should hold once solved (the
 * cell has no `export`). `deno task exercises` copies them into `exercises/manifest.json`, from
 * which the tests substitute them into the notebook; `tests/exercises_test.ts` checks every one
 * with the same `exercise.<id>` line the notebook runs.
 *
 * @module
 */

import { matmul, Matrix } from "@nn-notes/core/core";
import type { LinearCache, LinearGrads, LinearParams } from "@nn-notes/core/nn";
import { softmaxCrossEntropy } from "@nn-notes/core/nn";

/** One sigmoid neuron a = σ(w·x + b): the forward values, then every gradient of a (E3, E5). */
export function mySigmoidNeuron(
  w: number[],
  x: number[],
  b: number,
): { s: number; a: number; dads: number; dw: number[]; dx: number[]; db: number } {
  // Forward, one node at a time.
  let s = b;
  for (let i = 0; i < w.length; i++) s += w[i] * x[i]; // s = w·x + b
  const a = 1 / (1 + Math.exp(-s)); // a = σ(s)
  // Backward: each local gradient times the gradient arriving from above.
  const dads = a * (1 - a); // ∂a/∂s = σ′(s) = a (1 − a), written with the output a
  const dw = x.map((xi) => xi * dads); // ∂a/∂w_i = ∂s/∂w_i · ∂a/∂s = x_i · a(1 − a)
  const dx = w.map((wi) => wi * dads); // ∂a/∂x_i = w_i · a(1 − a)
  const db = dads; // ∂s/∂b = 1
  return { s, a, dads, dw, dx, db };
}

/** Linear forward out = W X + b 1ᵀ (E2–E3): W is k × n, b is k × 1, X is n × m; out is k × m. */
export function myLinearForward(params: LinearParams, X: Matrix): Matrix {
  const { W, b } = params;
  const out = matmul(W, X); // W X: k × m, column j is W x_j
  for (let i = 0; i < out.rows; i++) {
    for (let j = 0; j < out.cols; j++) out.set(i, j, out.get(i, j) + b.get(i, 0)); // + b 1ᵀ
  }
  return out;
}

/**
 * Linear backward (E5): from dOut = ∂L/∂out (k × m) to dX = Wᵀ dOut (n × m),
 * dW = dOut Xᵀ (k × n) and db = dOut 1 (k × 1). W and b serve every example, so their
 * gradients sum the m examples' contributions.
 */
export function myLinearBackward(dOut: Matrix, cache: LinearCache): LinearGrads {
  const { W, X } = cache;
  const dX = matmul(W, dOut, { transposeA: true }); // Wᵀ dOut: n × m
  const dW = matmul(dOut, X, { transposeB: true }); // dOut Xᵀ: k × n, like W
  const db = new Matrix(dOut.rows, 1); // dOut 1: k × 1, like b
  for (let i = 0; i < dOut.rows; i++) {
    for (let j = 0; j < dOut.cols; j++) db.data[i] += dOut.get(i, j); // sum over the m examples
  }
  return { dX, dW, db };
}

/** ReLU backward (E5): dX = dOut ∘ 1[X > 0], the mask from the layer's input X (n × m). */
export function myReluBackward(dOut: Matrix, cache: { X: Matrix }): Matrix {
  return dOut.map((g, i, j) => (cache.X.get(i, j) > 0 ? g : 0)); // the subgradient 0 at X = 0
}

/** Sigmoid backward (E5): dX = dOut ∘ y ∘ (1 − y), with y = σ(X) kept by the forward pass. */
export function mySigmoidBackward(dOut: Matrix, cache: { out: Matrix }): Matrix {
  return dOut.map((g, i, j) => {
    const y = cache.out.get(i, j);
    return g * y * (1 - y); // σ′(x) = y (1 − y)
  });
}

/** Tanh backward (E5): dX = dOut ∘ (1 − y²), with y = tanh(X) kept by the forward pass. */
export function myTanhBackward(dOut: Matrix, cache: { out: Matrix }): Matrix {
  return dOut.map((g, i, j) => {
    const y = cache.out.get(i, j);
    return g * (1 - y * y); // tanh′(x) = 1 − y²
  });
}

/** One step of stochastic gradient descent (E5), in place: w ← w − η ∂J/∂w for every parameter. */
export function mySgdStep(params: Matrix[], grads: Matrix[], learningRate: number): void {
  params.forEach((W, t) => {
    const G = grads[t];
    for (let i = 0; i < W.data.length; i++) W.data[i] -= learningRate * G.data[i]; // w ← w − η g
  });
}

/**
 * The objective J = mean cross-entropy + (λ/2)(‖W1‖² + ‖W2‖²) of the two-layer network
 * S = W2 relu(W1 X + b1 1ᵀ) + b2 1ᵀ (E1–E4) and its four gradients (E5), assembled from the
 * layers above: W1 is h × n, W2 is k × h, X is n × m.
 */
export function myTwoLayerLoss(
  params: { W1: Matrix; b1: Matrix; W2: Matrix; b2: Matrix },
  batch: { X: Matrix; labels: number[] },
  lambda: number,
): { loss: number; grads: { W1: Matrix; b1: Matrix; W2: Matrix; b2: Matrix } } {
  const { W1, b1, W2, b2 } = params;
  // Forward (E2–E3): a_1 = Z, a_2 = H, a_3 = S.
  const Z = myLinearForward({ W: W1, b: b1 }, batch.X); // h × m
  const H = Z.map((z) => (z > 0 ? z : 0)); // relu
  const S = myLinearForward({ W: W2, b: b2 }, H); // k × m scores
  const { loss: dataLoss, dScores } = softmaxCrossEntropy(S, batch.labels); // dS = (P − Q)/m
  let penalty = 0; // R(w) = (λ/2)(‖W1‖² + ‖W2‖²), E4
  for (const W of [W1, W2]) for (const w of W.data) penalty += 0.5 * lambda * w * w;
  // Backward (E5), last layer first; each layer's cache holds its own input.
  const g2 = myLinearBackward(dScores, { W: W2, b: b2, X: H });
  const dZ = myReluBackward(g2.dX, { X: Z });
  const g1 = myLinearBackward(dZ, { W: W1, b: b1, X: batch.X });
  return {
    loss: dataLoss + penalty,
    grads: {
      W1: g1.dW.map((g, i, j) => g + lambda * W1.get(i, j)), // + λW1, the penalty's gradient
      b1: g1.db,
      W2: g2.dW.map((g, i, j) => g + lambda * W2.get(i, j)), // + λW2
      b2: g2.db,
    },
  };
}
