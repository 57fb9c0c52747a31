// Private: running a network over a large set in batches of columns, shared by predict and the
// training loop's end-of-epoch evaluation.

import { Matrix } from "../core/matrix.ts";
import { type Network, networkForward } from "../nn/network.ts";

/** Columns start, …, start + size − 1 of X as a new n × size matrix. */
function columnRange(X: Matrix, start: number, size: number): Matrix {
  const out = new Matrix(X.rows, size);
  for (let t = 0; t < X.rows; t++) {
    out.data.set(X.data.subarray(t * X.cols + start, t * X.cols + start + size), t * size);
  }
  return out;
}

/**
 * Calls `visit` with the scores (k × size) of every batch of at most `batchSize` consecutive
 * columns of X and the index of its first column.
 */
export function forEachBatch(
  net: Network,
  X: Matrix,
  batchSize: number,
  visit: (scores: Matrix, start: number) => void,
): void {
  const m = X.cols;
  for (let start = 0; start < m; start += batchSize) {
    const size = Math.min(batchSize, m - start);
    const batch = size === m ? X : columnRange(X, start, size);
    visit(networkForward(net, batch).activations[net.layers.length], start);
  }
}

/** Writes the row of the largest score of each column of `scores` (the first on ties) into out. */
export function argmaxInto(scores: Matrix, out: Int32Array, offset: number): void {
  const { rows: k, cols: size, data } = scores;
  for (let j = 0; j < size; j++) {
    let best = 0;
    for (let i = 1; i < k; i++) if (data[i * size + j] > data[best * size + j]) best = i;
    out[offset + j] = best;
  }
}

/**
 * The number of outputs k of `net` on inputs like X's columns (X has at least one column),
 * found by running X's first column through the network: one example's work, and no layer
 * keeps anything, so nothing changes. An X whose number of rows does not fit the first layer is
 * refused here by that layer's own error, before any work is done.
 */
export function outputSize(net: Network, X: Matrix): number {
  return networkForward(net, columnRange(X, 0, 1)).activations[net.layers.length].rows;
}
