// Private fast matrix products for training. The readable reference is lib/matmul.ts; every
// kernel here is tested against it in tests/gemm_test.ts on random shapes, including sizes that
// are not multiples of the 4 × 4 register tile.
//
// Three levers make training on MNIST fast in plain TypeScript:
// - Transposed operands are read through strides, never copied: dW = dOut·Xᵀ and dX = Wᵀ·dOut.
// - Zeros are skipped. 81 % of MNIST pixels are exactly 0 and ReLU zeroes about half of the
//   hidden units, so when the right factor is mostly zeros it is first packed column by column
//   (row index and value of each nonzero, like a compressed sparse column matrix) and the
//   products loop over the nonzeros only.
// - Results are written into buffers the caller owns, so a training loop can reuse them from
//   one minibatch to the next.
//
// Sizes: op(A) is p × r, op(B) is r × q, C is p × q; all matrices are row-major.

import { Matrix } from "./matrix.ts";
import { productShape } from "./_shape.ts";

/** Below this fraction of nonzeros the right factor is packed and only its nonzeros are used. */
const SPARSE_DENSITY = 0.4;

/**
 * The nonzeros of an r × m matrix, column by column: column j's row indices and values sit at
 * j·r, …, j·r + count[j] − 1 of `index` and `value` (room for a full column each, so packing is a
 * single branch-free pass).
 */
export interface PackedColumns {
  rows: number;
  cols: number;
  count: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

/**
 * Packs B's nonzeros by columns, reusing `into` when it is big enough; returns undefined when B
 * is too dense for the zero-skipping kernels to pay off.
 */
export function packSparseColumns(B: Matrix, into?: PackedColumns): PackedColumns | undefined {
  const r = B.rows;
  const m = B.cols;
  const b = B.data;
  if (b.length === 0 || !isSparse(b)) return undefined;
  const packed = packedColumnsFor(r, m, into);
  const { count, index, value } = packed;
  count.fill(0, 0, m);
  for (let t = 0; t < r; t++) {
    const row = t * m;
    for (let j = 0; j < m; j++) {
      // Always write, advance only past a nonzero: no hard-to-predict branch.
      const v = b[row + j];
      const slot = j * r + count[j];
      index[slot] = t;
      value[slot] = v;
      count[j] += v !== 0 ? 1 : 0;
    }
  }
  return packed;
}

/** `into` made r × m when it has room for r × m entries, else a new PackedColumns. */
function packedColumnsFor(r: number, m: number, into?: PackedColumns): PackedColumns {
  if (into === undefined || into.index.length < r * m || into.count.length < m) {
    return {
      rows: r,
      cols: m,
      count: new Int32Array(m),
      index: new Int32Array(r * m),
      value: new Float64Array(r * m),
    };
  }
  into.rows = r;
  into.cols = m;
  return into;
}

/**
 * The nonzeros of every column of a data set X (r × N), packed once before training so that a
 * minibatch's packed columns can be copied out instead of found again by scanning every entry:
 * column e's row indices and values sit at start[e], …, start[e + 1] − 1 of `index` and `value`.
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
 * is too dense for the zero-skipping kernels to pay off.
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

/** Packs that {@linkcode gatherBatch} made together with the matrix they describe. */
const batchPacks = new WeakMap<Matrix, PackedColumns>();

/**
 * Writes the data set's columns which[from], …, which[from + m − 1] into the r × m minibatch
 * `batch` (entries the other columns' zeros) and packs them at the same time, into `into` when
 * it is big enough. The pack is remembered for `batch` ({@linkcode batchPack}) until the next
 * call: only a caller that owns `batch` and writes it nowhere else may use this.
 */
export function gatherBatch(
  data: DatasetColumns,
  which: ArrayLike<number>,
  from: number,
  batch: Matrix,
  into?: PackedColumns,
): PackedColumns {
  const r = data.rows;
  const m = batch.cols;
  if (batch.rows !== r) {
    throw new RangeError(`gatherBatch: the batch is ${batch.shape} but examples have ${r} rows`);
  }
  const packed = packedColumnsFor(r, m, into);
  const b = batch.data;
  b.fill(0);
  const { start, index, value } = data;
  for (let j = 0; j < m; j++) {
    const e = which[from + j];
    const begin = start[e];
    const end = start[e + 1];
    let slot = j * r;
    for (let k = begin; k < end; k++, slot++) {
      const t = index[k];
      const v = value[k];
      b[t * m + j] = v;
      packed.index[slot] = t;
      packed.value[slot] = v;
    }
    packed.count[j] = end - begin;
  }
  batchPacks.set(batch, packed);
  return packed;
}

/** The pack {@linkcode gatherBatch} made together with `batch`, if any. */
export function batchPack(batch: Matrix): PackedColumns | undefined {
  return batchPacks.get(batch);
}

/** Options of {@linkcode gemm}. */
export interface GemmOptions {
  /** Use Aᵀ in place of A (read through strides, not copied). */
  transposeA?: boolean;
  /** Use Bᵀ in place of B (read through strides, not copied). */
  transposeB?: boolean;
  /** Write into this p × q matrix instead of allocating one; its old entries are overwritten. */
  out?: Matrix;
  /**
   * B already packed by {@linkcode packSparseColumns} (saves packing it again), or null when
   * that found B too dense (saves looking again).
   */
  packedB?: PackedColumns | null;
}

/**
 * C = op(A) · op(B), written into `options.out` when given. Picks the zero-skipping kernel when
 * op(B) is mostly zeros and a register-tiled dense kernel otherwise.
 */
export function gemm(A: Matrix, B: Matrix, options: GemmOptions = {}): Matrix {
  const { transposeA = false, transposeB = false } = options;
  const [p, r, q] = productShape(A, B, transposeA, transposeB);
  const C = options.out ?? new Matrix(p, q);
  if (C.rows !== p || C.cols !== q) {
    throw new RangeError(`gemm: the output is ${C.shape} but the product is ${p}×${q}`);
  }
  if (C.data === A.data || C.data === B.data) {
    throw new RangeError("gemm: the output must not share its data with a factor");
  }
  if (p === 0 || q === 0) return C;
  if (r === 0) {
    C.data.fill(0);
    return C;
  }
  // The two sparse shapes that training meets: W·X (B = X, a batch with examples in columns)
  // and dOut·Xᵀ (Bᵀ = Xᵀ). In both, B's columns are examples and we pack B by columns.
  if (!transposeA) {
    const packed = options.packedB === undefined ? packSparseColumns(B) : options.packedB;
    if (packed) {
      if (packed.rows !== B.rows || packed.cols !== B.cols) {
        throw new RangeError(`gemm: packedB is ${packed.rows}×${packed.cols} but B is ${B.shape}`);
      }
      if (transposeB) sparseProductTransB(A, packed, C);
      else sparseProduct(A, packed, C);
      return C;
    }
  }
  const [aRow, aInner] = transposeA ? [1, A.cols] : [A.cols, 1];
  const [bInner, bCol] = transposeB ? [1, B.cols] : [B.cols, 1];
  denseProduct(A.data, aRow, aInner, B.data, bInner, bCol, C.data, p, r, q);
  return C;
}

/** Whether fewer than SPARSE_DENSITY of the entries are nonzero (stops early when not). */
function isSparse(v: Float64Array): boolean {
  const limit = SPARSE_DENSITY * v.length;
  let count = 0;
  for (let start = 0; start < v.length; start += 1024) {
    const end = Math.min(v.length, start + 1024);
    for (let i = start; i < end; i++) count += v[i] !== 0 ? 1 : 0;
    if (count >= limit) return false;
  }
  return true;
}

/**
 * C (p × m) = A (p × r) · B, B packed by columns: each entry is a gather over B's nonzeros. Four
 * rows of A at a time share each loaded (index, value) pair; past the last row, the block
 * repeats row p − 1 (computed in vain, stored harmlessly: the same sums into the same row).
 */
function sparseProduct(A: Matrix, B: PackedColumns, C: Matrix): void {
  const a = A.data;
  const c = C.data;
  const r = A.cols;
  const p = A.rows;
  const m = B.cols;
  const { count, index, value } = B;
  // A row read through its own view, w[t], runs about a quarter faster than a[i·r + t]: V8
  // drops the index arithmetic and its overflow check from the innermost loop.
  const row = (i: number) => a.subarray(Math.min(i, p - 1) * r, Math.min(i, p - 1) * r + r);
  for (let i = 0; i < p; i += 4) {
    const w0 = row(i), w1 = row(i + 1), w2 = row(i + 2), w3 = row(i + 3);
    const c0 = i * m, c1 = Math.min(i + 1, p - 1) * m, c2 = Math.min(i + 2, p - 1) * m;
    const c3 = Math.min(i + 3, p - 1) * m;
    for (let j = 0; j < m; j++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const begin = j * B.rows;
      const end = begin + count[j];
      for (let k = begin; k < end; k++) {
        const t = index[k];
        const v = value[k];
        s0 += w0[t] * v;
        s1 += w1[t] * v;
        s2 += w2[t] * v;
        s3 += w3[t] * v;
      }
      c[c0 + j] = s0;
      c[c1 + j] = s1;
      c[c2 + j] = s2;
      c[c3 + j] = s3;
    }
  }
}

/**
 * C (p × q) = A (p × m) · Bᵀ with B (q × m) packed by columns. C = Σ_j A[:, j] B[:, j]ᵀ is a sum
 * of outer products, one per example j, and both factors of each are mostly zeros: the
 * nonzeros of A's column j (ReLU zeroes about half of them) are listed first, then added four at
 * a time, so that each loaded (t, value) pair of B's column j serves four rows of C.
 */
function sparseProductTransB(A: Matrix, B: PackedColumns, C: Matrix): void {
  const a = A.data;
  const c = C.data;
  const m = A.cols;
  const p = A.rows;
  const q = B.rows;
  const { count, index, value } = B;
  const rowOffset = new Int32Array(p + 3); // i · q for each nonzero A[i][j] of column j
  const factor = new Float64Array(p + 3); // and its value
  c.fill(0);
  for (let j = 0; j < m; j++) {
    let n = 0;
    for (let i = 0; i < p; i++) {
      // Always write, advance only past a nonzero, as in packSparseColumns.
      const x = a[i * m + j];
      rowOffset[n] = i * q;
      factor[n] = x;
      n += x !== 0 ? 1 : 0;
    }
    // Round up to a multiple of four with zero factors on row 0 (they add 0 · B[t][j] = 0).
    for (; n % 4 !== 0; n++) {
      rowOffset[n] = 0;
      factor[n] = 0;
    }
    const begin = j * B.rows;
    const end = begin + count[j];
    for (let g = 0; g < n; g += 4) {
      const c0 = rowOffset[g], c1 = rowOffset[g + 1], c2 = rowOffset[g + 2];
      const c3 = rowOffset[g + 3];
      const x0 = factor[g], x1 = factor[g + 1], x2 = factor[g + 2], x3 = factor[g + 3];
      for (let k = begin; k < end; k++) {
        const t = index[k];
        const v = value[k];
        // (x | 0) marks the index a 32-bit integer, which spares V8 an overflow check.
        c[(c0 + t) | 0] += x0 * v;
        c[(c1 + t) | 0] += x1 * v;
        c[(c2 + t) | 0] += x2 * v;
        c[(c3 + t) | 0] += x3 * v;
      }
    }
  }
}

/**
 * C (p × q) = op(A) · op(B) for dense factors, with op(A)[i][t] = a[i·aRow + t·aInner] and
 * op(B)[t][j] = b[t·bInner + j·bCol]. A 4 × 4 block of C stays in sixteen local variables while
 * t runs over the inner dimension. At the ragged edges the rows past p − 1 repeat row p − 1 and
 * the columns past q − 1 repeat column q − 1: computed in vain, but stored harmlessly (the same
 * sums into the same last row or column), which spares slow loops for the edges.
 */
function denseProduct(
  a: Float64Array,
  aRow: number,
  aInner: number,
  b: Float64Array,
  bInner: number,
  bCol: number,
  c: Float64Array,
  p: number,
  r: number,
  q: number,
): void {
  for (let i = 0; i < p; i += 4) {
    const i0 = i, i1 = Math.min(i + 1, p - 1), i2 = Math.min(i + 2, p - 1);
    const i3 = Math.min(i + 3, p - 1);
    const a0 = i0 * aRow, a1 = i1 * aRow, a2 = i2 * aRow, a3 = i3 * aRow;
    for (let j = 0; j < q; j += 4) {
      const j0 = j, j1 = Math.min(j + 1, q - 1), j2 = Math.min(j + 2, q - 1);
      const j3 = Math.min(j + 3, q - 1);
      const b0 = j0 * bCol, b1 = j1 * bCol, b2 = j2 * bCol, b3 = j3 * bCol;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let t = 0; t < r; t++) {
        const ta = t * aInner;
        const tb = t * bInner;
        const x0 = a[a0 + ta], x1 = a[a1 + ta], x2 = a[a2 + ta], x3 = a[a3 + ta];
        const y0 = b[b0 + tb], y1 = b[b1 + tb], y2 = b[b2 + tb], y3 = b[b3 + tb];
        c00 += x0 * y0;
        c01 += x0 * y1;
        c02 += x0 * y2;
        c03 += x0 * y3;
        c10 += x1 * y0;
        c11 += x1 * y1;
        c12 += x1 * y2;
        c13 += x1 * y3;
        c20 += x2 * y0;
        c21 += x2 * y1;
        c22 += x2 * y2;
        c23 += x2 * y3;
        c30 += x3 * y0;
        c31 += x3 * y1;
        c32 += x3 * y2;
        c33 += x3 * y3;
      }
      const r0 = i0 * q, r1 = i1 * q, r2 = i2 * q, r3 = i3 * q;
      c[r0 + j0] = c00;
      c[r0 + j1] = c01;
      c[r0 + j2] = c02;
      c[r0 + j3] = c03;
      c[r1 + j0] = c10;
      c[r1 + j1] = c11;
      c[r1 + j2] = c12;
      c[r1 + j3] = c13;
      c[r2 + j0] = c20;
      c[r2 + j1] = c21;
      c[r2 + j2] = c22;
      c[r2 + j3] = c23;
      c[r3 + j0] = c30;
      c[r3 + j1] = c31;
      c[r3 + j2] = c32;
      c[r3 + j3] = c33;
    }
  }
}
