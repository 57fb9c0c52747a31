/**
 * The hyperbolic tangent entry by entry, with its backward pass.
 *
 * @module
 */

import { type ActivationOptions, elementwiseBackward, elementwiseForward } from "./_elementwise.ts";
import type { Matrix } from "../core/matrix.ts";

/** What {@linkcode tanhForward} keeps for {@linkcode tanhBackward}: its output. */
export interface TanhCache {
  /** The output tanh(X), n × m; the derivative is written through it. */
  out: Matrix;
}

/**
 * Tanh forward: out = tanh(X) entry by entry (`Math.tanh`, which saturates to ±1 without
 * overflowing).
 *
 * The cache holds the returned `out` itself, not a copy: changing it in place before
 * {@linkcode tanhBackward} would change the gradient it returns, so tanhBackward checks a
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
 * import { tanhForward } from "./mod.ts";
 *
 * const { out } = tanhForward(Matrix.from([[0, Math.log(3), -1000]]));
 * assertAllClose(out, Matrix.from([[0, 0.8, -1]]));
 * ```
 */
export function tanhForward(
  X: Matrix,
  options?: ActivationOptions,
): { out: Matrix; cache: TanhCache } {
  const cache = (_X: Matrix, out: Matrix): TanhCache => ({ out });
  const apply = (x: Float64Array, out: Float64Array) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]);
  };
  return elementwiseForward(X, apply, "tanhForward", options, cache);
}

/**
 * Tanh backward: dX = dOut ∘ (1 − tanh(X)²), since tanh′(x) = 1 − tanh(x)².
 *
 * @param dOut The upstream gradient ∂L/∂out, n × m.
 * @param cache What {@linkcode tanhForward} returned.
 * @param options A matrix to write ∂L/∂X into; see {@linkcode ActivationOptions}.
 * @returns ∂L/∂X, n × m.
 * @throws {RangeError} When dOut and the cached output have different shapes (naming both),
 * dOut is not finite, or the cached output was changed in place since the forward pass.
 * @throws {TypeError} When dOut is not a Matrix or cache is not what tanhForward returned.
 *
 * @example
 * ```ts
 * import { assertAllClose, Matrix } from "../core/mod.ts";
 * import { tanhBackward, tanhForward } from "./mod.ts";
 *
 * const { cache } = tanhForward(Matrix.from([[0, Math.log(3)]]));
 * assertAllClose(tanhBackward(Matrix.from([[2, 25]]), cache), Matrix.from([[2, 9]]));
 * ```
 */
export function tanhBackward(
  dOut: Matrix,
  cache: TanhCache,
  options?: ActivationOptions,
): Matrix {
  // ∂out/∂x = 1 − y² with y = tanh(x), read from the cached output
  const apply = (dOut: Float64Array, y: Float64Array, dX: Float64Array) => {
    for (let i = 0; i < y.length; i++) dX[i] = dOut[i] * (1 - y[i] * y[i]);
  };
  return elementwiseBackward(dOut, cache, "out", apply, "tanhBackward", options);
}
