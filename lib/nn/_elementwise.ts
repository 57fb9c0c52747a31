// Private: the entry-by-entry loops shared by the activation layers (relu, sigmoid, tanh).

import {
  assertApart,
  assertFinite,
  assertMatrixLike,
  assertObject,
  assertSameShape,
  checkOptions,
} from "../core/_shape.ts";
import { Matrix } from "../core/matrix.ts";
import { assertCacheUnchanged, rememberCached } from "./_cache_guard.ts";

/** Options of the activation functions (reluForward, sigmoidBackward, …). */
export interface ActivationOptions {
  /**
   * Write the result into this matrix, of the result's shape, instead of a new one (its old
   * entries are overwritten and it is returned); it must not share memory with an argument.
   * A training loop passes the same one every minibatch. @default {undefined}
   */
  out?: Matrix;
}

/**
 * The forward pass of an elementwise layer: applies `fn` to every entry of X after checking
 * that X is a finite Matrix, and makes the cache from X and the output. Without an `out` buffer
 * the cache's matrix named `saved` is fingerprinted, for the backward pass to notice when it is
 * changed in place in between.
 */
export function elementwiseForward<Cache extends object>(
  X: Matrix,
  fn: (x: number) => number,
  who: string,
  options: ActivationOptions | undefined,
  makeCache: (X: Matrix, out: Matrix) => Cache,
): { out: Matrix; cache: Cache } {
  assertMatrixLike(X, `${who} X`);
  const { out: buffer } = checkOptions(options, KNOWN, who);
  assertFinite(X.data, `${who} of a ${X.shape} matrix`);
  const out = output(buffer, X, [["X", X]], who);
  for (let i = 0; i < X.data.length; i++) out.data[i] = fn(X.data[i]);
  const cache = makeCache(X, out);
  if (buffer === undefined) rememberCached(cache, cache as Record<string, Matrix>);
  return { out, cache };
}

/**
 * dX = dOut ∘ localGrad(saved): the backward of an elementwise layer, where `saved` is the one
 * matrix the forward cached (named `name`: its input X or its output) and `localGrad` gives the
 * derivative from it. The shapes of dOut and saved must agree.
 */
export function elementwiseBackward(
  dOut: Matrix,
  cache: object,
  name: string,
  localGrad: (s: number) => number,
  who: string,
  options: ActivationOptions | undefined,
): Matrix {
  const forward = who.replace("Backward", "Forward");
  assertMatrixLike(dOut, `${who} dOut`);
  assertObject(cache, `${who} cache (what ${forward} returned)`);
  const saved = (cache as Record<string, Matrix>)[name];
  assertMatrixLike(saved, `${who} cache.${name} (the cache ${forward} returns)`);
  const { out: buffer } = checkOptions(options, KNOWN, who);
  assertSameShape(dOut, saved, `${who}(dOut, ${name})`);
  assertFinite(dOut.data, `${who}: dOut`);
  assertCacheUnchanged(cache, who, forward);
  const dX = output(buffer, dOut, [["dOut", dOut], [`the cached ${name}`, saved]], who);
  for (let i = 0; i < dX.data.length; i++) dX.data[i] = dOut.data[i] * localGrad(saved.data[i]);
  return dX;
}

const KNOWN = { out: true } as const;

/** `out` checked to be shaped like `like` and apart from `inputs`, or a new matrix. */
function output(
  out: Matrix | undefined,
  like: Matrix,
  inputs: readonly (readonly [string, Matrix])[],
  who: string,
): Matrix {
  if (out === undefined) return new Matrix(like.rows, like.cols);
  assertMatrixLike(out, `${who} options.out`);
  if (out.rows !== like.rows || out.cols !== like.cols) {
    throw new RangeError(`${who}: out is ${out.shape} but the result is ${like.shape}`);
  }
  assertApart(out, inputs, who);
  return out;
}
