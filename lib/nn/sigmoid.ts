/**
 * The logistic sigmoid σ(x) = 1 / (1 + e^{−x}) entry by entry, with its backward pass.
 *
 * @module
 */

import { type ActivationOptions, elementwiseBackward, elementwiseForward } from "./_elementwise.ts";
import type { Matrix } from "../core/matrix.ts";

/** What {@linkcode sigmoidForward} keeps for {@linkcode sigmoidBackward}: its output. */
export interface SigmoidCache {
  /** The output σ(X), n × m; the derivative is written through it. */
  out: Matrix;
}

/**
 * Sigmoid forward: out = σ(X) entry by entry.
 *
 * For x < 0 it computes e^x / (1 + e^x) instead of 1 / (1 + e^{−x}), so e^{−x} never overflows;
 * both are the same number. Outputs lie in [0, 1]: σ(x) rounds to 1 above x ≈ 37 and to 0
 * below x ≈ −745.
 *
 * The cache holds the returned `out` itself, not a copy: changing it in place before
 * {@linkcode sigmoidBackward} would change the gradient it returns, so sigmoidBackward checks a
 * fingerprint of it and throws when it changed (not when `options.out` is given: a training
 * loop that reuses buffers changes nothing in between).
 *
 * @param X Any n × m matrix of finite numbers.
 * @param options A matrix to write `out` into; see {@linkcode ActivationOptions}.
 * @returns `out`, n × m, and the cache holding it.
 * @throws {RangeError} When an entry of X is not finite, `options.out` has the wrong shape or
 * shares memory with X, or an option is unknown.
 * @throws {TypeError} When X (or `options.out`) is not a Matrix.
 *
 * @example
 * ```ts
 * import { assertAllClose, Matrix } from "../core/mod.ts";
 * import { sigmoidForward } from "./mod.ts";
 *
 * const { out } = sigmoidForward(Matrix.from([[0, Math.log(3), -1000]]));
 * assertAllClose(out, Matrix.from([[0.5, 0.75, 0]]));
 * ```
 */
export function sigmoidForward(
  X: Matrix,
  options?: ActivationOptions,
): { out: Matrix; cache: SigmoidCache } {
  const cache = (_X: Matrix, out: Matrix): SigmoidCache => ({ out });
  const apply = (x: Float64Array, out: Float64Array) => {
    for (let i = 0; i < x.length; i++) out[i] = sigmoid(x[i]);
  };
  return elementwiseForward(X, apply, "sigmoidForward", options, cache);
}

/**
 * Sigmoid backward: dX = dOut ∘ σ(X) ∘ (1 − σ(X)), since σ′(x) = σ(x)(1 − σ(x)).
 *
 * @param dOut The upstream gradient ∂L/∂out, n × m.
 * @param cache What {@linkcode sigmoidForward} returned.
 * @param options A matrix to write ∂L/∂X into; see {@linkcode ActivationOptions}.
 * @returns ∂L/∂X, n × m.
 * @throws {RangeError} When dOut and the cached output have different shapes (naming both),
 * dOut is not finite, or the cached output was changed in place since the forward pass.
 * @throws {TypeError} When dOut is not a Matrix or cache is not what sigmoidForward returned.
 *
 * @example
 * ```ts
 * import { assertAllClose, Matrix } from "../core/mod.ts";
 * import { sigmoidBackward, sigmoidForward } from "./mod.ts";
 *
 * const { cache } = sigmoidForward(Matrix.from([[0, Math.log(3)]]));
 * assertAllClose(sigmoidBackward(Matrix.from([[1, 16]]), cache), Matrix.from([[0.25, 3]]));
 * ```
 */
export function sigmoidBackward(
  dOut: Matrix,
  cache: SigmoidCache,
  options?: ActivationOptions,
): Matrix {
  // ∂out/∂x = y (1 − y) with y = σ(x), read from the cached output
  const apply = (dOut: Float64Array, y: Float64Array, dX: Float64Array) => {
    for (let i = 0; i < y.length; i++) dX[i] = dOut[i] * (y[i] * (1 - y[i]));
  };
  return elementwiseBackward(dOut, cache, "out", apply, "sigmoidBackward", options);
}

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
