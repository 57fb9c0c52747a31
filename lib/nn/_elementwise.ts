// Private: the entry-by-entry loops shared by the activation layers (relu, sigmoid, tanh).

import { assertFinite, assertSameShape } from "../core/_shape.ts";
import { Matrix } from "../core/matrix.ts";

/** Options of the activation functions (reluForward, sigmoidBackward, …). */
export interface ActivationOptions {
  /**
   * Write the result into this matrix, of the result's shape, instead of a new one (its old
   * entries are overwritten and it is returned); it must not share its data with an argument.
   * A training loop passes the same one every minibatch. @default {undefined}
   */
  out?: Matrix;
}

/** Applies `fn` to every entry of X after checking that X is finite. */
export function mapFinite(
  X: Matrix,
  fn: (x: number) => number,
  context: string,
  options: ActivationOptions = {},
): Matrix {
  assertFinite(X.data, `${context} of a ${X.shape} matrix`);
  const out = output(options.out, X, [X], context);
  for (let i = 0; i < X.data.length; i++) out.data[i] = fn(X.data[i]);
  return out;
}

/**
 * dX = dOut ∘ localGrad(saved): the backward of an elementwise layer, where `saved` is what the
 * forward cached (its input or its output) and `localGrad` gives the derivative from it.
 * The shapes of dOut and saved must agree.
 */
export function elementwiseBackward(
  dOut: Matrix,
  saved: Matrix,
  localGrad: (s: number) => number,
  context: string,
  options: ActivationOptions = {},
): Matrix {
  assertSameShape(dOut, saved, context);
  assertFinite(dOut.data, `${context}: dOut`);
  const dX = output(options.out, dOut, [dOut, saved], context);
  for (let i = 0; i < dX.data.length; i++) dX.data[i] = dOut.data[i] * localGrad(saved.data[i]);
  return dX;
}

/** `out` checked to be shaped like `like` and apart from `inputs`, or a new matrix. */
function output(out: Matrix | undefined, like: Matrix, inputs: Matrix[], context: string): Matrix {
  if (out === undefined) return new Matrix(like.rows, like.cols);
  if (out.rows !== like.rows || out.cols !== like.cols) {
    throw new RangeError(`${context}: out is ${out.shape} but the result is ${like.shape}`);
  }
  if (inputs.some((M) => M.data.buffer === out.data.buffer)) {
    throw new RangeError(`${context}: out must not share its data with an argument`);
  }
  return out;
}
