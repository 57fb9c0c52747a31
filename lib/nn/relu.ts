/**
 * The rectified linear unit, max(0, x) entry by entry, with its backward pass.
 *
 * @module
 */

import { type ActivationOptions, elementwiseBackward, elementwiseForward } from "./_elementwise.ts";
import type { Matrix } from "../core/matrix.ts";
import { reluGradientKernel, reluKernel } from "../core/_relu_kernels.ts";

export type { ActivationOptions } from "./_elementwise.ts";

/** What {@linkcode reluForward} keeps for {@linkcode reluBackward}: its input. */
export interface ReluCache {
  /** The input X, n × m. */
  X: Matrix;
}

/**
 * ReLU forward: out = max(0, X) entry by entry, one layer f_i of E3 without parameters.
 *
 * The cache holds X itself, not a copy: changing X in place before {@linkcode reluBackward}
 * would change the gradient it returns, so reluBackward checks a fingerprint of X and throws
 * when it changed (not when `options.out` is given: a training loop that reuses buffers changes
 * nothing in between).
 *
 * @param X Any n × m matrix of finite numbers (examples in columns).
 * @param options A matrix to write `out` into; see {@linkcode ActivationOptions}.
 * @returns `out`, n × m, and the cache holding X.
 * @throws {RangeError} When an entry of X is not finite, `options.out` has the wrong shape or
 * shares memory with X, or an option is unknown.
 * @throws {TypeError} When X (or `options.out`) is not a Matrix.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { reluForward } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { out } = reluForward(Matrix.from([[-1, 0, 2]]));
 * assert.deepEqual(out.toArray(), [[0, 0, 2]]);
 * const buffer = Matrix.zeros(1, 3); // reused from call to call by a training loop
 * assert.equal(reluForward(Matrix.from([[3, -3, 1]]), { out: buffer }).out, buffer);
 * assert.deepEqual(buffer.toArray(), [[3, 0, 1]]);
 * ```
 */
export function reluForward(
  X: Matrix,
  options?: ActivationOptions,
): { out: Matrix; cache: ReluCache } {
  const cache = (X: Matrix): ReluCache => ({ X });
  return elementwiseForward(X, relu, "reluForward", options, cache);
}

/**
 * ReLU backward: dX = dOut ∘ 1[X > 0].
 *
 * ReLU has no derivative at 0 (a kink): any slope in [0, 1] is a subgradient there, which is all
 * the note's stochastic subgradient descent (E5) needs. This function uses 0, as cs231n and
 * PyTorch do, so an input of exactly 0 passes no gradient back.
 *
 * @param dOut The upstream gradient ∂L/∂out, n × m.
 * @param cache What {@linkcode reluForward} returned.
 * @param options A matrix to write ∂L/∂X into; see {@linkcode ActivationOptions}.
 * @returns ∂L/∂X, n × m.
 * @throws {RangeError} When dOut and the cached input have different shapes (naming both),
 * dOut is not finite, or the cached input was changed in place since the forward pass.
 * @throws {TypeError} When dOut is not a Matrix or cache is not what reluForward returned.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { reluBackward, reluForward } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { cache } = reluForward(Matrix.from([[-1, 0, 2]]));
 * const dX = reluBackward(Matrix.from([[5, 5, 5]]), cache);
 * assert.deepEqual(dX.toArray(), [[0, 0, 5]]); // the subgradient at 0 is 0
 * ```
 */
export function reluBackward(
  dOut: Matrix,
  cache: ReluCache,
  options?: ActivationOptions,
): Matrix {
  return elementwiseBackward(dOut, cache, "X", reluGradient, "reluBackward", options);
}

/**
 * out = max(0, x), entry by entry. With the fast kernels (the default) a WebAssembly loop does it
 * without a branch per entry, giving the same bits (lib/core/_relu_kernels.ts says why).
 */
function relu(x: Float64Array, out: Float64Array): void {
  if (reluKernel(x, out)) return;
  for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : 0;
}

/** dX = dOut ∘ 1[x > 0]: the slope is 1 for x > 0, 0 for x < 0, and the subgradient 0 at 0. */
function reluGradient(dOut: Float64Array, x: Float64Array, dX: Float64Array): void {
  if (reluGradientKernel(dOut, x, dX)) return; // the same, in WebAssembly (see relu above)
  for (let i = 0; i < x.length; i++) dX[i] = dOut[i] * (x[i] > 0 ? 1 : 0);
}
