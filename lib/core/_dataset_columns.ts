// Private helpers of the training loop: a sparse data set (MNIST: 81 % zero pixels) is packed
// once, column by column, so that each minibatch is written from the nonzeros of its examples
// instead of from every one of their n entries, and comes with the list of those nonzeros, which
// the sparse product kernel takes as it is (lib/core/_gemm.ts) instead of finding them again.

import type { Matrix } from "./matrix.ts";

/** Below this fraction of nonzeros a data set is packed (above it, copying whole columns wins). */
const SPARSE_DENSITY = 0.4;

/**
 * The nonzeros of every column of a data set X (r × N): column e's row indices and values sit at
 * start[e], …, start[e + 1] − 1 of `index` and `value`.
 */
export interface DatasetColumns {
  rows: number;
  cols: number;
  start: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

/**
 * Packs the nonzeros of X's columns (two row-by-row passes: count, then fill); undefined when X
 * is too dense for packing to pay off.
 */
export function packDatasetColumns(X: Matrix): DatasetColumns | undefined {
  const { rows: r, cols: N, data: x } = X;
  if (x.length === 0) return undefined;
  const start = new Int32Array(N + 1);
  for (let t = 0; t < r; t++) {
    for (let e = 0; e < N; e++) start[e + 1] += x[t * N + e] !== 0 ? 1 : 0;
  }
  for (let e = 0; e < N; e++) start[e + 1] += start[e];
  const nonzeros = start[N];
  if (nonzeros >= SPARSE_DENSITY * x.length) return undefined;
  const index = new Int32Array(nonzeros);
  const value = new Float64Array(nonzeros);
  const next = start.slice(0, N);
  for (let t = 0; t < r; t++) {
    for (let e = 0; e < N; e++) {
      const v = x[t * N + e];
      if (v === 0) continue;
      index[next[e]] = t;
      value[next[e]++] = v;
    }
  }
  return { rows: r, cols: N, start, index, value };
}

/**
 * The nonzeros of a matrix's columns: column j's row indices (ascending) and values sit at
 * start[j], …, start[j + 1] − 1 of `index` and `value`.
 */
export interface SparseColumns {
  start: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

/** The lists that {@linkcode gatherBatch} made together with the batch they describe. */
const batchLists = new WeakMap<Matrix, SparseColumns>();

/**
 * Writes the data set's columns which[from], …, which[from + m − 1] into the r × m minibatch
 * `batch` (zeros everywhere, then each column's nonzeros) and remembers their list for
 * {@linkcode batchColumns}, reusing the previous list's arrays when they are big enough. Only a
 * caller that owns `batch` and writes it nowhere else may use this.
 */
export function gatherBatch(
  data: DatasetColumns,
  which: ArrayLike<number>,
  from: number,
  batch: Matrix,
): void {
  const r = data.rows;
  const m = batch.cols;
  if (batch.rows !== r) {
    throw new RangeError(`gatherBatch: the batch is ${batch.shape} but examples have ${r} rows`);
  }
  const b = batch.data;
  const { start, index, value } = data;
  let lists = batchLists.get(batch);
  if (lists === undefined) {
    lists = { start: new Int32Array(m + 1), index: new Int32Array(0), value: new Float64Array(0) };
    batchLists.set(batch, lists);
    b.fill(0);
  } else {
    // The batch holds the previous minibatch, whose nonzeros the lists name: clear just those.
    for (let j = 0; j < m; j++) {
      for (let k = lists.start[j]; k < lists.start[j + 1]; k++) b[lists.index[k] * m + j] = 0;
    }
  }
  let nonzeros = 0;
  for (let j = 0; j < m; j++) nonzeros += start[which[from + j] + 1] - start[which[from + j]];
  if (lists.index.length < nonzeros) {
    lists.index = new Int32Array(nonzeros * 1.25);
    lists.value = new Float64Array(nonzeros * 1.25);
  }
  let slot = 0;
  for (let j = 0; j < m; j++) {
    const e = which[from + j];
    lists.start[j] = slot;
    for (let k = start[e]; k < start[e + 1]; k++, slot++) {
      const t = index[k];
      const v = value[k];
      b[t * m + j] = v;
      lists.index[slot] = t;
      lists.value[slot] = v;
    }
  }
  lists.start[m] = slot;
}

/** The nonzeros of `batch` listed by {@linkcode gatherBatch}, if it made it. */
export function batchColumns(batch: Matrix): SparseColumns | undefined {
  return batchLists.get(batch);
}
