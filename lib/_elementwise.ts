// Private: the entry-by-entry loops shared by the activation layers (relu, sigmoid, tanh).

import { assertFinite, assertSameShape } from "./_shape.ts";
import { Matrix } from "./matrix.ts";

/** Applies `fn` to every entry of X after checking that X is finite. */
export function mapFinite(X: Matrix, fn: (x: number) => number, context: string): Matrix {
  assertFinite(X.data, `${context} of a ${X.shape} matrix`);
  const out = new Matrix(X.rows, X.cols);
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
): Matrix {
  assertSameShape(dOut, saved, context);
  assertFinite(dOut.data, `${context}: dOut`);
  const dX = new Matrix(dOut.rows, dOut.cols);
  for (let i = 0; i < dX.data.length; i++) dX.data[i] = dOut.data[i] * localGrad(saved.data[i]);
  return dX;
}
