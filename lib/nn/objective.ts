/**
 * The training objective of the note's E4 for a classifier: softmax cross-entropy on the
 * network's scores plus a weight penalty, with its gradient with respect to every parameter.
 *
 * **Averaged, not summed.** The note writes J(w) = Σ_j ℓ(y_j, f(w, x_j)) + R(w), summing the
 * data term over the m examples. This library averages it instead:
 *
 *   J(w) = (1/m) Σ_j ℓ(y_j, f(w, x_j)) + R(w),   R(w) = (λ/2) Σ_i ‖W_i‖²  (or λ Σ_i |W_i| for L1),
 *
 * which is the note's objective divided by m, with the note's regularizer written as m·R. The
 * minimizer is the same; the average keeps the scale of J and of its gradient independent of
 * the batch size, so one learning rate works for minibatches of 16 or 256 (cs231n's convention,
 * and what softmaxCrossEntropy returns). For a minibatch the data term is the mean over the
 * minibatch and R is added once, so each minibatch objective is an unbiased estimate of J on the
 * whole training set. Only weights are penalized, never biases.
 *
 * @module
 */

import type { Dataset } from "../core/dataset.ts";
import type { Matrix } from "../core/matrix.ts";
import {
  assertFlag,
  assertLabels,
  assertMatrixLike,
  assertNonNegative,
  assertObject,
  checkOptions,
} from "../core/_shape.ts";
import { assertNetwork } from "./_network_check.ts";
import {
  type LayerForwardOptions,
  type Network,
  networkBackward,
  networkForward,
  networkParameters,
} from "./network.ts";
import { l1Penalty } from "./regularizers.ts";
import { softmaxCrossEntropy } from "./softmax_cross_entropy.ts";

/** Options of {@linkcode objective}. */
export interface ObjectiveOptions extends LayerForwardOptions {
  /** λ of the L2 penalty R = (λ/2) Σ ‖W‖² over every layer's weights. @default {0} */
  l2?: number;
  /** λ of the L1 penalty R = λ Σ |W| (subgradient sign(w), 0 at 0). @default {0} */
  l1?: number;
}

/** What {@linkcode objective} returns. */
export interface ObjectiveResult {
  /** J(w) = dataLoss + penalty. */
  loss: number;
  /** The mean softmax cross-entropy over the m examples. */
  dataLoss: number;
  /** R(w). */
  penalty: number;
  /** ∂J/∂w_i for every layer, in layer order, keyed by parameter name. */
  grads: Record<string, Matrix>[];
  /** The network's scores y = a_k, k × m. */
  scores: Matrix;
}

/**
 * J(w) and ∂J/∂w_i for every layer (E4–E5): the forward pass, the softmax cross-entropy averaged
 * over the batch, the weight penalty, and the backward pass with the penalty's gradient added
 * to each penalized weight's gradient.
 *
 * @param net The network; its output must have one row per class.
 * @param batch The examples X, n × m (one per column), and their m true classes in [0, k).
 * @param options Penalty strengths and buffer reuse; see {@linkcode ObjectiveOptions}.
 * @returns The loss, its parts, the gradients and the scores; see {@linkcode ObjectiveResult}.
 * @throws {RangeError} When a label is not an integer class in [0, k) (naming its index), the
 * shapes do not fit, an entry is not finite, l2 or l1 is negative or not finite, or an option is
 * unknown.
 * @throws {TypeError} When net is not a network, batch is not { X, labels }, X is not a Matrix or
 * a label or option is not a number.
 *
 * @example
 * ```ts
 * import { assertAllClose, Matrix, Rng } from "../core/mod.ts";
 * import { objective, twoLayerNet } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = twoLayerNet([2, 5, 3], { rng: new Rng(0), weightScale: 1e-3 });
 * const X = Matrix.from([[1, -1], [0.5, 2]]); // n = 2, m = 2
 * const { loss, dataLoss, penalty, grads } = objective(net, { X, labels: [0, 2] }, { l2: 0.1 });
 * assertAllClose(dataLoss, Math.log(3), { rtol: 1e-3 }); // tiny weights: uniform guesses
 * assert.ok(penalty > 0 && loss === dataLoss + penalty);
 * assert.equal(grads[0].W.shape, "5×2");
 * ```
 */
export function objective(
  net: Network,
  batch: Dataset,
  options?: ObjectiveOptions,
): ObjectiveResult {
  assertNetwork(net, "objective");
  assertObject(batch, "objective batch ({ X, labels })");
  const { X, labels } = batch;
  assertMatrixLike(X, "objective batch.X");
  const { l2 = 0, l1 = 0, reuseBuffers = false } = checkOptions(options, KNOWN, "objective");
  assertNonNegative(l2, "objective: l2");
  assertNonNegative(l1, "objective: l1");
  assertFlag(reuseBuffers, "objective reuseBuffers");
  const pass = networkForward(net, X, { reuseBuffers });
  const scores = pass.activations[pass.activations.length - 1];
  assertLabels(labels, X.cols, scores.rows, `objective (scores ${scores.shape})`);
  const data = softmaxCrossEntropy(scores, labels); // (1/m) Σ_j ℓ_j and its gradient (p − q)/m
  const { grads } = networkBackward(data.dScores, pass);
  let penalty = 0;
  const penalized = networkParameters(net).filter((p) => p.penalized);
  if (l2 !== 0) {
    // The L2 penalty of l2Penalty, fused into the gradient in place: R = (λ/2) Σ w², ∂R/∂w = λ w
    // (tests/objective_test.ts checks the two agree). It saves a temporary per weight matrix on
    // every minibatch.
    let sumSquares = 0;
    for (const p of penalized) {
      const w = p.value.data;
      const g = grads[p.layer][p.name].data;
      for (let i = 0; i < w.length; i++) g[i] += l2 * w[i]; // ∂J/∂w = ∂(data)/∂w + λ w
      sumSquares += sumOfSquares(w);
    }
    penalty += 0.5 * l2 * sumSquares;
  }
  if (l1 !== 0) {
    const R = l1Penalty(penalized.map((p) => p.value), l1); // λ Σ |w|, subgradient λ sign(w)
    penalty += R.value;
    penalized.forEach((p, t) => {
      const g = grads[p.layer][p.name].data;
      const dR = R.grads[t].data;
      for (let i = 0; i < g.length; i++) g[i] += dR[i];
    });
  }
  return { loss: data.loss + penalty, dataLoss: data.loss, penalty, grads, scores };
}

const KNOWN = { l2: true, l1: true, reuseBuffers: true } as const;

/**
 * Σ w² in four interleaved partial sums (entries i ≡ 0, 1, 2, 3 mod 4, the tail in the first),
 * added as (s0 + s1) + (s2 + s3): independent additions overlap, where one chain of them waits
 * on each. Plain SGD's step fuses the same sum into its update (lib/train/optimizers.ts) and
 * must keep this order, so that a fused and an unfused run report the same losses bit for bit.
 */
function sumOfSquares(w: Float64Array): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const n = w.length - (w.length % 4);
  for (let i = 0; i < n; i += 4) {
    s0 += w[i] * w[i], s1 += w[i + 1] * w[i + 1], s2 += w[i + 2] * w[i + 2];
    s3 += w[i + 3] * w[i + 3];
  }
  for (let i = n; i < w.length; i++) s0 += w[i] * w[i];
  return (s0 + s1) + (s2 + s3);
}
