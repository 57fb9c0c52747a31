/**
 * Weight penalties R(w), the regularizer term of the training objective
 * J(w) = Σ_j ℓ(y_j, f(w, x_j)) + R(w) (E4), with the (sub)gradients that descent needs (E5).
 *
 * @module
 */

import { assertFinite, assertMatrixLike, describeValue } from "../core/_shape.ts";
import { Matrix } from "../core/matrix.ts";

/** A penalty's value and its (sub)gradient with respect to each weight matrix. */
export interface PenaltyResult {
  /** R(w). */
  value: number;
  /** ∂R/∂W for each W, in the order given, each of the same shape as its W. */
  grads: Matrix[];
}

/**
 * The L2 penalty (weight decay) R = (λ/2) Σ_W ‖W‖² summed over the squared entries of every
 * matrix, with gradient ∂R/∂W = λ W. Biases are usually left out of `weights`.
 *
 * @param weights The matrices to penalize.
 * @param strength λ ≥ 0.
 * @returns The value and one gradient matrix per weight matrix.
 * @throws {RangeError} When λ is negative or not finite, or a weight is not finite.
 * @throws {TypeError} When weights is not an array of matrices.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { l2Penalty } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { value, grads } = l2Penalty([Matrix.from([[3, -4]]), Matrix.from([[1]])], 0.1);
 * assert.ok(Math.abs(value - 0.05 * 26) < 1e-15);
 * assert.deepEqual(grads[0].toArray(), [[0.30000000000000004, -0.4]]);
 * assert.throws(() => l2Penalty([], -1), /strength must be a finite number ≥ 0, got -1/);
 * ```
 */
export function l2Penalty(weights: readonly Matrix[], strength: number): PenaltyResult {
  return penalize(
    weights,
    strength,
    "l2Penalty",
    (w) => 0.5 * strength * w * w, // (λ/2) w²
    (w) => strength * w, // ∂/∂w (λ/2) w² = λ w
  );
}

/**
 * The L1 penalty R = λ Σ_W Σ |w| over every entry of every matrix, with the subgradient
 * λ sign(w). |w| has no derivative at w = 0; every slope in [−λ, λ] is a subgradient there and
 * this function uses 0, which is what stochastic subgradient descent (E5) is allowed to pick.
 *
 * @param weights The matrices to penalize.
 * @param strength λ ≥ 0.
 * @returns The value and one subgradient matrix per weight matrix.
 * @throws {RangeError} When λ is negative or not finite, or a weight is not finite.
 * @throws {TypeError} When weights is not an array of matrices.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { l1Penalty } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { value, grads } = l1Penalty([Matrix.from([[3, -4, 0]])], 0.5);
 * assert.equal(value, 3.5);
 * assert.deepEqual(grads[0].toArray(), [[0.5, -0.5, 0]]); // 0 at 0
 * ```
 */
export function l1Penalty(weights: readonly Matrix[], strength: number): PenaltyResult {
  return penalize(
    weights,
    strength,
    "l1Penalty",
    (w) => strength * Math.abs(w), // λ |w|
    (w) => (w > 0 ? strength : w < 0 ? -strength : 0), // λ sign(w), 0 at 0
  );
}

/**
 * Sums a per-entry penalty term over every entry of every matrix and lays out its per-entry
 * (sub)gradient (slope) in each matrix's shape, after checking the arguments.
 */
function penalize(
  weights: readonly Matrix[],
  strength: number,
  who: string,
  term: (w: number) => number,
  slope: (w: number) => number,
): PenaltyResult {
  if (typeof strength !== "number" || !Number.isFinite(strength) || strength < 0) {
    throw new RangeError(
      `${who}: strength must be a finite number ≥ 0, got ${describeValue(strength)}`,
    );
  }
  if (!Array.isArray(weights)) {
    throw new TypeError(
      `${who}: weights must be an array of matrices, got ${describeValue(weights)}`,
    );
  }
  let value = 0;
  const grads = weights.map((W, t) => {
    assertMatrixLike(W, `${who}: weights[${t}]`);
    assertFinite(W.data, `${who} weights[${t}] ${W.shape}`);
    const g = new Matrix(W.rows, W.cols);
    for (let i = 0; i < W.data.length; i++) {
      value += term(W.data[i]);
      g.data[i] = slope(W.data[i]);
    }
    return g;
  });
  return { value, grads };
}
