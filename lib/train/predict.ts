/**
 * Using a trained classifier: the predicted class of every example, and the fraction right.
 *
 * @module
 */

import type { Dataset } from "../core/dataset.ts";
import { Matrix } from "../core/matrix.ts";
import { assertArrayLike, describeValue } from "../core/_shape.ts";
import { type Network, networkForward } from "../nn/network.ts";

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
export function predict(net: Network, X: Matrix, options: PredictOptions = {}): Int32Array {
  const { batchSize = 1000 } = options;
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new RangeError(`predict: batchSize must be a positive integer, got ${batchSize}`);
  }
  const { rows: n, cols: m } = X;
  const classes = new Int32Array(m);
  for (let start = 0; start < m; start += batchSize) {
    const size = Math.min(batchSize, m - start);
    const batch = size === m ? X : columns(X, start, size, n);
    const { activations } = networkForward(net, batch);
    const scores = activations[activations.length - 1];
    const k = scores.rows;
    for (let j = 0; j < size; j++) {
      let best = 0;
      for (let i = 1; i < k; i++) {
        if (scores.data[i * size + j] > scores.data[best * size + j]) best = i;
      }
      classes[start + j] = best;
    }
  }
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
 * label is not an integer (a string "3" would otherwise never match and count as wrong).
 * @throws {TypeError} When labels is not an array or typed array.
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
  options: PredictOptions = {},
): number {
  const { X, labels } = data;
  assertArrayLike(labels, "accuracy: labels");
  if (labels.length !== X.cols || X.cols === 0) {
    throw new RangeError(
      `accuracy: ${labels.length} labels for ${X.cols} examples (X is ${X.shape}); need equal, nonzero`,
    );
  }
  for (let j = 0; j < labels.length; j++) {
    if (!Number.isInteger(labels[j])) {
      throw new RangeError(
        `accuracy: label ${j} is ${describeValue(labels[j])}, not an integer class`,
      );
    }
  }
  const classes = predict(net, X, options);
  let right = 0;
  for (let j = 0; j < classes.length; j++) if (classes[j] === labels[j]) right++;
  return right / classes.length;
}

function columns(X: Matrix, start: number, size: number, n: number): Matrix {
  const out = new Matrix(n, size);
  for (let t = 0; t < n; t++) {
    out.data.set(X.data.subarray(t * X.cols + start, t * X.cols + start + size), t * size);
  }
  return out;
}
