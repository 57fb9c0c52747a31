// Private: the argument checks and buffers shared by the activation layers (relu, sigmoid,
// tanh). Each activation passes its own loop over the whole array rather than a function of one
// entry: a callback called per entry is inlined only while one activation uses it, and once a
// process has run two (a notebook comparing ReLU with tanh) every entry paid for a call —
// ReLU's forward pass over a 100 × 64 batch went from 13.5 to 69 µs. A loop per activation keeps
// that cost to one call per matrix (ReLU forward and backward together: 48 → 19 µs a step of
// the MNIST benchmark at load ~1.5, bench/step_profile.ts).

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
 * The forward pass of an elementwise layer: `apply` writes f(x) of every entry of `x` into `out`
 * (its own loop), after checking
 * that X is a finite Matrix, and makes the cache from X and the output. Without an `out` buffer
 * the cache's matrix named `saved` is fingerprinted, for the backward pass to notice when it is
 * changed in place in between.
 */
export function elementwiseForward<Cache extends object>(
  X: Matrix,
  apply: (x: Float64Array, out: Float64Array) => void,
  who: string,
  options: ActivationOptions | undefined,
  makeCache: (X: Matrix, out: Matrix) => Cache,
): { out: Matrix; cache: Cache } {
  assertMatrixLike(X, `${who} X`);
  const { out: buffer } = checkOptions(options, KNOWN, who);
  assertFinite(X.data, `${who} of a ${X.shape} matrix`);
  const out = output(buffer, X, [["X", X]], who);
  apply(X.data, out.data);
  const cache = makeCache(X, out);
  if (buffer === undefined) rememberCached(cache, cache as Record<string, Matrix>);
  return { out, cache };
}

/**
 * dX = dOut ∘ localGrad(saved): the backward of an elementwise layer, where `saved` is the one
 * matrix the forward cached (named `name`: its input X or its output) and `apply` writes
 * dOut[i] · localGrad(saved[i]) of every entry into dX (its own loop). The shapes of dOut and
 * saved must agree.
 */
export function elementwiseBackward(
  dOut: Matrix,
  cache: object,
  name: string,
  apply: (dOut: Float64Array, saved: Float64Array, dX: Float64Array) => void,
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
  apply(dOut.data, saved.data, dX.data);
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
