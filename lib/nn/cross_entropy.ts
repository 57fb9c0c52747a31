/**
 * Cross-entropy between two discrete distributions and its two partial derivatives (the note's
 * section 3, E13 and E15).
 *
 * Conventions at the edge of the simplex, chosen so that no function here ever returns NaN:
 * - q_i = 0: the term q_i log p_i is 0 whatever p_i is (0 · log 0 = 0, the limit of t log t),
 *   so it contributes 0 to H and 0 to ∂H/∂p_i, even at p_i = 0.
 * - q_i > 0 and p_i = 0: H is +∞. That is the mathematically right value (the model gives zero
 *   probability to something that happens), so it is returned deliberately as `Infinity`, and
 *   ∂H/∂p_i = −q_i/p_i is `-Infinity`. Use {@linkcode softmaxCrossEntropy} on raw scores to
 *   stay finite.
 *
 * Neither vector has to sum to 1: the partials of E15 treat every p_i and q_i as a free
 * variable, and finite differences step off the simplex. Every entry must lie in [0, 1].
 *
 * @module
 */

import { assertArrayLike, assertSameLength, describeValue } from "../core/_shape.ts";

/**
 * The cross-entropy H(q, p) = −Σ_i q_i log p_i (E13) of a model distribution p against a
 * target distribution q, both over k classes.
 *
 * @param q The target probabilities (one-hot for a labelled example), length k, entries in [0, 1].
 * @param p The model's probabilities, length k, entries in [0, 1].
 * @returns H(q, p) ≥ 0; `Infinity` when some q_i > 0 meets p_i = 0 (see the module notes).
 * @throws {RangeError} When the lengths differ or an entry is not a finite number in [0, 1].
 * @throws {TypeError} When q or p is not an array or typed array (a Matrix, say).
 *
 * @example
 * ```ts
 * import { assertAllClose } from "../core/mod.ts";
 * import { crossEntropy } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const q = new Float64Array([0, 1, 0]);
 * assertAllClose(crossEntropy(q, new Float64Array([0.2, 0.5, 0.3])), Math.log(2));
 * assert.equal(crossEntropy(q, new Float64Array([0.5, 0.5, 0])), Math.log(2)); // 0 · log 0 = 0
 * assert.equal(crossEntropy(q, new Float64Array([1, 0, 0])), Infinity);
 * assert.throws(() => crossEntropy(q, new Float64Array([NaN, 1, 0])), /p entry 0 is NaN/);
 * ```
 */
export function crossEntropy(q: ArrayLike<number>, p: ArrayLike<number>): number {
  checkPair(q, p, "crossEntropy(q, p)");
  let h = 0;
  for (let i = 0; i < p.length; i++) {
    if (q[i] === 0) continue; // 0 · log p_i = 0, even for p_i = 0
    h -= q[i] * Math.log(p[i]); // −q_i log p_i, +∞ when p_i = 0
  }
  return h;
}

/**
 * ∂H/∂q = −log p (E15), the partial of the cross-entropy by the target distribution.
 *
 * @param p The model's probabilities, length k, entries in [0, 1].
 * @returns A new Float64Array; entry i is −log p_i, `Infinity` where p_i = 0.
 * @throws {RangeError} When an entry is not a finite number in [0, 1].
 *
 * @example
 * ```ts
 * import { assertAllClose } from "../core/mod.ts";
 * import { crossEntropyGradQ } from "./mod.ts";
 *
 * assertAllClose(crossEntropyGradQ(new Float64Array([1, 0.5])), [0, Math.log(2)]);
 * ```
 */
export function crossEntropyGradQ(p: ArrayLike<number>): Float64Array {
  checkProbabilities(p, "crossEntropyGradQ", "p");
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = -Math.log(p[i]);
  return out;
}

/**
 * ∂H/∂p = −q / p (E15), the partial of the cross-entropy by the model's probabilities.
 * Entries with q_i = 0 are 0 (the term is identically 0); q_i > 0 with p_i = 0 gives −∞.
 *
 * @param q The target probabilities, length k, entries in [0, 1].
 * @param p The model's probabilities, length k, entries in [0, 1].
 * @returns A new Float64Array of length k.
 * @throws {RangeError} When the lengths differ or an entry is not a finite number in [0, 1].
 *
 * @example
 * ```ts
 * import { assertAllClose } from "../core/mod.ts";
 * import { crossEntropyGradP } from "./mod.ts";
 *
 * const q = new Float64Array([0, 1]);
 * assertAllClose(crossEntropyGradP(q, new Float64Array([0.75, 0.25])), [0, -4]);
 * assertAllClose(crossEntropyGradP(q, new Float64Array([0, 1])), [0, -1]); // 0 at q_i = p_i = 0
 * ```
 */
export function crossEntropyGradP(q: ArrayLike<number>, p: ArrayLike<number>): Float64Array {
  checkPair(q, p, "crossEntropyGradP(q, p)");
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = q[i] === 0 ? 0 : -q[i] / p[i];
  return out;
}

function checkPair(q: ArrayLike<number>, p: ArrayLike<number>, context: string): void {
  assertArrayLike(q, `${context}: q`);
  assertArrayLike(p, `${context}: p`);
  assertSameLength(q, p, context);
  checkProbabilities(q, context, "q");
  checkProbabilities(p, context, "p");
}

function checkProbabilities(v: ArrayLike<number>, context: string, name: string): void {
  assertArrayLike(v, `${context}: ${name}`);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== "number" || !(x >= 0 && x <= 1)) {
      throw new RangeError(
        `${context}: ${name} entry ${i} is ${
          describeValue(x)
        }, not a probability (a finite number in [0, 1])`,
      );
    }
  }
}
