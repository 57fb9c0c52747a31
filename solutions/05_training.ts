/**
 * Model solutions to the exercises of `notebooks/05_training.ipynb`, for teachers. Each exported
 * function is what the exercise's "Your turn" cell should hold once solved (without `export`).
 *
 * @module
 */

import type { Dataset, Matrix } from "@nn-notes/core/core";
import { type Network, networkParameters, objective } from "@nn-notes/core/nn";

/** The L2 penalty R = (λ/2) Σ ‖W‖² of E4 and its gradient ∂R/∂W = λW, one per weight matrix. */
export function myL2Penalty(
  weights: Matrix[],
  lambda: number,
): { value: number; grads: Matrix[] } {
  let value = 0;
  for (const W of weights) {
    for (const w of W.data) value += 0.5 * lambda * w * w; // (λ/2) w²
  }
  const grads = weights.map((W) => W.map((w) => lambda * w)); // ∂/∂w (λ/2) w² = λ w
  return { value, grads };
}

/**
 * One step of SGD with momentum in the library's form (PyTorch's), in place: b ← μ b + g, then
 * w ← w − η b. The buffer b starts at zeros and carries over to the next step.
 */
export function myMomentumStep(
  w: Matrix,
  b: Matrix,
  g: Matrix,
  hyper: { learningRate: number; momentum: number },
): void {
  const { learningRate: eta, momentum: mu } = hyper;
  for (let i = 0; i < w.data.length; i++) {
    b.data[i] = mu * b.data[i] + g.data[i]; // b ← μ b + g
    w.data[i] -= eta * b.data[i]; // w ← w − η b
  }
}

/**
 * Trains `net` on all of `data` by gradient descent on J(w) (E4–E5): 300 full-batch steps with
 * η = 1 and λ = 10⁻³. Returns the loss of every step.
 */
export function myTrain(net: Network, data: Dataset): number[] {
  const losses: number[] = [];
  const params = networkParameters(net);
  for (let step = 0; step < 300; step++) {
    const { loss, grads } = objective(net, data, { l2: 1e-3 }); // J and ∂J/∂w_i (E4, E5)
    losses.push(loss);
    for (const p of params) {
      const g = grads[p.layer][p.name].data;
      for (let i = 0; i < g.length; i++) p.value.data[i] -= 1 * g[i]; // w ← w − η ∂J/∂w
    }
  }
  return losses;
}
