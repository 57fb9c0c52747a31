// Private helpers of the training loop: a sparse data set (MNIST: 81 % zero pixels) is packed
// once, column by column, so that each minibatch is written from the nonzeros of its examples
// instead of from every one of their n entries, and comes with the list of those nonzeros, which
// the sparse product kernel takes as it is (lib/core/_gemm.ts) instead of finding them again.

import type { Matrix } from "./matrix.ts";

/** Below this fraction of nonzeros a data set is packed (above it, copying whole columns wins). */
const SPARSE_DENSITY = 0.4;

/**
 * The nonzeros of a matrix's columns: column j's row indices (ascending) and values sit at
 * start[j], …, start[j + 1] − 1 of `index` and `value`.
 */
export interface SparseColumns {
  start: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

/** The nonzeros of every column of a data set X (r × N), listed as {@linkcode SparseColumns}. */
export interface DatasetColumns extends SparseColumns {
  rows: number;
  cols: number;
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

/** The lists that {@linkcode gatherBatch} made together with the batch they describe. */
const batchLists = new WeakMap<Matrix, SparseColumns>();

/** Batches whose entries gatherBatch listed but did not write (see {@linkcode denseData}). */
const unwritten = new WeakSet<Matrix>();

/**
 * Lists the data set's columns which[from], …, which[from + m − 1] for {@linkcode batchColumns}
 * and writes them into the r × m minibatch `batch`, reusing the previous lists' arrays when they
 * are big enough. With `write: false` the entries are left unwritten until
 * {@linkcode denseData} asks for them: the training loop does that when its first layer reads
 * the minibatch only through the listed product. Only a caller that owns `batch` and writes it
 * nowhere else may use this.
 */
export function gatherBatch(
  data: DatasetColumns,
  which: ArrayLike<number>,
  from: number,
  batch: Matrix,
  write = true,
): void {
  const r = data.rows;
  const m = batch.cols;
  if (batch.rows !== r) {
    throw new RangeError(`gatherBatch: the batch is ${batch.shape} but examples have ${r} rows`);
  }
  let lists = batchLists.get(batch);
  if (lists === undefined) {
    lists = { start: new Int32Array(m + 1), index: new Int32Array(0), value: new Float64Array(0) };
    batchLists.set(batch, lists);
    unwritten.add(batch); // its zeros are not yet "the previous minibatch"
  }
  if (write && !unwritten.has(batch)) {
    // The batch holds the previous minibatch, whose nonzeros the lists name: clear just those.
    clearListed(batch, lists);
  }
  const { start, index, value } = data;
  let nonzeros = 0;
  for (let j = 0; j < m; j++) nonzeros += start[which[from + j] + 1] - start[which[from + j]];
  if (lists.index.length < nonzeros) {
    lists.index = new Int32Array(nonzeros * 1.25);
    lists.value = new Float64Array(nonzeros * 1.25);
  }
  // Plain loops: an example has ~150 nonzeros, too few for TypedArray.set on subarrays, which
  // made two array objects per example (gatherBatch: 16 → 9 µs a minibatch of 64 digits).
  const into = lists.index, values = lists.value;
  let slot = 0;
  for (let j = 0; j < m; j++) {
    const e = which[from + j];
    lists.start[j] = slot;
    for (let k = start[e]; k < start[e + 1]; k++, slot++) {
      into[slot] = index[k];
      values[slot] = value[k];
    }
  }
  lists.start[m] = slot;
  if (!write) {
    unwritten.add(batch);
    return;
  }
  if (unwritten.delete(batch)) batch.data.fill(0); // whatever it held, it holds zeros now
  writeListed(batch, lists);
}

/** Writes the listed nonzeros into `batch` (whose other entries are zeros already). */
function writeListed(batch: Matrix, lists: SparseColumns): void {
  const b = batch.data;
  const m = batch.cols;
  for (let j = 0; j < m; j++) {
    for (let k = lists.start[j]; k < lists.start[j + 1]; k++) {
      b[lists.index[k] * m + j] = lists.value[k];
    }
  }
}

/** Sets the listed entries of `batch` back to zero. */
function clearListed(batch: Matrix, lists: SparseColumns): void {
  const b = batch.data;
  const m = batch.cols;
  for (let j = 0; j < m; j++) {
    for (let k = lists.start[j]; k < lists.start[j + 1]; k++) b[lists.index[k] * m + j] = 0;
  }
}

/**
 * M's entries, written first if {@linkcode gatherBatch} left them unwritten: every reader of a
 * matrix that may be such a minibatch (the products' fallbacks, error messages) goes through
 * this.
 */
export function denseData(M: Matrix): Float64Array {
  if (unwritten.has(M)) {
    M.data.fill(0);
    writeListed(M, batchLists.get(M)!);
    unwritten.delete(M);
  }
  return M.data;
}

/** The nonzeros of `batch` listed by {@linkcode gatherBatch}, if it made it. */
export function batchColumns(batch: Matrix): SparseColumns | undefined {
  return batchLists.get(batch);
}
