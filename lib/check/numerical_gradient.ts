/**
 * Finite differences: the numerical derivatives that every analytic one in this library is
 * confirmed against.
 *
 * @module
 */

import { assertStep, perturb } from "./_finite_difference.ts";
import { Matrix } from "../core/matrix.ts";
import {
  assertFinite,
  assertFunction,
  assertVector,
  checkOptions,
  describeValue,
} from "../core/_shape.ts";

/** Options of {@linkcode numericalGradient} and {@linkcode numericalJacobian}. */
export interface FiniteDifferenceOptions {
  /** The step h of the central difference (f(x + h) − f(x − h)) / 2h. @default {1e-5} */
  h?: number;
}

/**
 * The gradient of a scalar function by central differences:
 * ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h, with error O(h²) plus round-off of about ε/h.
 * The division is by the step actually taken, (x_i + h) − (x_i − h) after rounding, which is
 * 2h up to a relative 1e-16 · |x_i| / h.
 *
 * `x` is perturbed in place, one entry at a time, and restored exactly afterwards, so `f` may
 * close over the very array it is handed (a layer's weights, say).
 *
 * @param f A scalar function of x.
 * @param x The point, of length d; perturbed in place and restored.
 * @param options The step; see {@linkcode FiniteDifferenceOptions}.
 * @returns A new Float64Array of length d.
 * @throws {RangeError} When an entry of x is not finite, `f` returns a non-finite value (naming
 * the entry being perturbed),
 * when h is too small to change an entry of x, or an option is unknown.
 * @throws {TypeError} When f is not a function or x is not a Float64Array (for a Matrix, pass
 * its `.data`: a Matrix was read as an empty vector).
 *
 * @example The gradient of ½‖x‖² is x
 * ```ts
 * import { assertAllClose } from "../core/mod.ts";
 * import { numericalGradient } from "./mod.ts";
 *
 * const x = new Float64Array([1, -2, 3]);
 * const g = numericalGradient((v) => 0.5 * v.reduce((s, t) => s + t * t, 0), x);
 * assertAllClose(g, [1, -2, 3], { rtol: 1e-9 });
 * assertAllClose(x, [1, -2, 3], { rtol: 0 }); // restored exactly
 * ```
 */
export function numericalGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  options?: FiniteDifferenceOptions,
): Float64Array {
  assertFunction(f, "numericalGradient f");
  assertVector(x, "numericalGradient x");
  assertFinite(x, "numericalGradient x");
  const { h = 1e-5 } = checkOptions(options, KNOWN, "numericalGradient");
  assertStep(h);
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const [plus, minus, step] = perturb(
      x,
      i,
      h,
      (v) => finiteScalar(f(v), "numericalGradient", i),
    );
    grad[i] = (plus - minus) / step;
  }
  return grad;
}

/**
 * The Jacobian of a vector function by central differences: entry (i, j) is ∂f_i/∂x_j, so the
 * result has one row per output and one column per input.
 *
 * @param f A function from R^d to R^k.
 * @param x The point, of length d; perturbed in place and restored.
 * @param options The step; see {@linkcode FiniteDifferenceOptions}.
 * @returns A new k × d Matrix.
 * @throws {RangeError} When an entry of x or an output is not finite, `f` changes its output
 * length, or an option
 * is unknown.
 * @throws {TypeError} When f is not a function, x is not a Float64Array, or `f` does not return
 * an array of outputs.
 *
 * @example The Jacobian of a linear map is its matrix
 * ```ts
 * import { assertAllClose, Matrix } from "../core/mod.ts";
 * import { numericalJacobian } from "./mod.ts";
 *
 * const f = (v: Float64Array) => new Float64Array([2 * v[0] + v[1], -v[1]]);
 * const J = numericalJacobian(f, new Float64Array([0.3, 0.7]));
 * assertAllClose(J, Matrix.from([[2, 1], [0, -1]]), { rtol: 1e-9, atol: 1e-12 });
 * ```
 */
export function numericalJacobian(
  f: (x: Float64Array) => ArrayLike<number>,
  x: Float64Array,
  options?: FiniteDifferenceOptions,
): Matrix {
  assertFunction(f, "numericalJacobian f");
  assertVector(x, "numericalJacobian x");
  assertFinite(x, "numericalJacobian x");
  const { h = 1e-5 } = checkOptions(options, KNOWN, "numericalJacobian");
  assertStep(h);
  const d = x.length;
  const atX = f(x);
  if (atX === null || typeof atX !== "object" || typeof atX.length !== "number") {
    throw new TypeError(
      `numericalJacobian: f must return an array of outputs, got ${describeValue(atX)}`,
    );
  }
  const k = atX.length;
  const J = new Matrix(k, d);
  for (let j = 0; j < d; j++) {
    const [plus, minus, step] = perturb(x, j, h, (v) => {
      const out = Float64Array.from(f(v));
      if (out.length !== k) {
        throw new RangeError(
          `numericalJacobian: f returned ${out.length} outputs at a perturbed point, ${k} at x`,
        );
      }
      for (let i = 0; i < k; i++) finiteScalar(out[i], "numericalJacobian", j);
      return out;
    });
    for (let i = 0; i < k; i++) J.data[i * d + j] = (plus[i] - minus[i]) / step;
  }
  return J;
}

const KNOWN = { h: true } as const;

function finiteScalar(v: number, who: string, entry: number): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new RangeError(
      `${who}: f returned ${describeValue(v)} while entry ${entry} of x was perturbed`,
    );
  }
  return v;
}
