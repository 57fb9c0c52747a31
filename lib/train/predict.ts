/**
 * Using a trained classifier: the predicted class of every example, and the fraction right.
 *
 * @module
 */

import type { Dataset } from "../core/dataset.ts";
import type { Matrix } from "../core/matrix.ts";
import {
  assertCount,
  assertFiniteEntries,
  assertLabels,
  assertMatrixLike,
  assertObject,
  checkOptions,
} from "../core/_shape.ts";
import type { Network } from "../nn/network.ts";
import { assertNetwork } from "../nn/_network_check.ts";
import { argmaxInto, forEachBatch, outputSize } from "./_batches.ts";

/** Options of {@linkcode predict} and {@linkcode accuracy}. */
export interface PredictOptions {
  /** Examples per forward pass, to bound memory on large sets. @default {1000} */
  batchSize?: number;
}

/**
 * The predicted class of each example: the row of the largest score in its column of y = f(w, x)
 * (the softmax is monotone, so it picks the same class as the largest probability).
 *
 * @param net The network.
 * @param X The examples, n × m (in columns).
 * @param options Batch size; see {@linkcode PredictOptions}.
 * @returns An Int32Array of m classes in [0, k).
 * @throws {TypeError} When net is not a network or X is not a Matrix (a plain array is refused,
 * not read as an empty batch).
 * @throws {RangeError} When X does not fit the network, an entry is not finite, or batchSize is
 * not a positive integer.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { linearLayer, sequential } from "../nn/mod.ts";
 * import { predict } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layer = linearLayer(2, 2);
 * layer.params.W.data.set([1, 0, 0, 1]); // scores = x
 * const classes = predict(sequential([layer]), Matrix.from([[3, 0], [1, 2]]));
 * assert.deepEqual([...classes], [0, 1]);
 * ```
 */
export function predict(net: Network, X: Matrix, options?: PredictOptions): Int32Array {
  assertNetwork(net, "predict");
  assertMatrixLike(X, "predict X");
  const { batchSize = 1000 } = checkOptions(options, KNOWN, "predict");
  assertCount(batchSize, "predict: batchSize", 1);
  assertFiniteEntries(X, `predict X (${X.shape})`);
  return classesOf(net, X, batchSize);
}

/** predict's loop, after the checks. */
function classesOf(net: Network, X: Matrix, batchSize: number): Int32Array {
  const classes = new Int32Array(X.cols);
  forEachBatch(net, X, batchSize, (scores, start) => argmaxInto(scores, classes, start));
  return classes;
}

/**
 * The fraction of examples whose predicted class equals the label.
 *
 * @param net The network.
 * @param data The examples `X` (n × m) and their m `labels`.
 * @param options Batch size; see {@linkcode PredictOptions}.
 * @returns A number in [0, 1].
 * @throws {RangeError} When the numbers of labels and examples differ, there are none, or a
 * label is not an integer class in [0, k) for the network's k outputs (naming its index: a class
 * out of range would otherwise just count as wrong).
 * @throws {TypeError} When net is not a network, data is not { X, labels }, labels is not an
 * array or typed array, or a label is not a number (a string "3" would never match).
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { linearLayer, sequential } from "../nn/mod.ts";
 * import { accuracy } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layer = linearLayer(2, 2);
 * layer.params.W.data.set([1, 0, 0, 1]);
 * const X = Matrix.from([[3, 0, 1], [1, 2, 5]]);
 * assert.equal(accuracy(sequential([layer]), { X, labels: [0, 1, 0] }), 2 / 3);
 * ```
 */
export function accuracy(
  net: Network,
  data: Dataset,
  options?: PredictOptions,
): number {
  assertNetwork(net, "accuracy");
  assertObject(data, "accuracy data ({ X, labels })");
  const { X, labels } = data;
  assertMatrixLike(X, "accuracy data.X");
  const { batchSize = 1000 } = checkOptions(options, KNOWN, "accuracy");
  assertCount(batchSize, "accuracy: batchSize", 1);
  if (X.cols === 0) throw new RangeError(`accuracy needs at least one example, X is ${X.shape}`);
  assertFiniteEntries(X, `accuracy data.X (${X.shape})`);
  assertLabels(labels, X.cols, outputSize(net, X), `accuracy (X ${X.shape})`);
  const classes = classesOf(net, X, batchSize);
  let right = 0;
  for (let j = 0; j < classes.length; j++) if (classes[j] === labels[j]) right++;
  return right / classes.length;
}

const KNOWN = { batchSize: true } as const;
