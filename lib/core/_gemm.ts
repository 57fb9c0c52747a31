// The library's fast matrix product: the WebAssembly kernels of _kernels.c behind a function
// that takes Matrix objects. The readable reference is matmul.ts; kernels.ts holds the public
// switch between the two; tests/gemm_test.ts checks that both give the same bits (or, for the fused
// mode of large dense products below, agree within 2·r·ε·Σ|a||b|).
//
// Design decisions:
// - WebAssembly with 128-bit SIMD, compiled from C with Debian's clang and embedded as base64:
//   no permission and no build step at import, one thread. In Deno, V8 checks the bounds of every
//   load from WebAssembly memory (it runs without trap handlers), so the kernels are written to
//   load little: the dense one keeps a 4 × 4 block of C in registers and loads two pairs of A
//   per step; the sparse one keeps 20 rows of a column of C in registers.
// - No reordered sums, and no fused multiply-add except in large dense products: every entry is
//   the reference's sum, bit for bit, in every product of fewer than 2^24 multiply-adds (every
//   product of the MNIST and spiral networks, every notebook's) and in every product with an
//   infinity or NaN in a factor. A dense product of at least 2^24 multiply-adds (the dense
//   784-1024 layer's W·X and dZ·Xᵀ at batch 64 take 2^25.6) adds each product with relaxed SIMD's
//   f64x2.relaxed_madd, rounding once where the reference rounds twice, when both factors are
//   finite (checked on the packed panels; otherwise the exact kernel runs again): W·X of that
//   layer 6.7–7.2 → 5.6–6.2 ms, dZ·Xᵀ 6.4–7.0 → 5.1–5.5 (three interleaved runs at load ~0.5),
//   which the dense benchmark's target needed. An entry then differs from the reference by at most 2·r·ε·Σ|a||b| (the
//   tests check it on odd shapes, m = 1, k = 1, zeros); on a machine without a fused
//   multiply-add V8 computes a·b + c with two roundings, so those products' last bits may depend
//   on the machine. `fused: false` asks for the exact kernel (the tests' bit comparisons). How
//   clang 14, which only knows the pre-standard opcode, is made to emit it: _kernels.c.
// - How a product runs: the factors are copied into the module's memory (one memcpy each, with
//   TypedArray.set), the kernel picks dense or sparse and writes C there, and C is copied out
//   into the caller's matrix. Copying costs a few percent of a product and buys a simple
//   contract: the library's matrices stay ordinary Float64Arrays (none is a view of the module's
//   memory), and an output may even overlap a factor.
// - The module's memory never grows: when a product needs more, a new memory twice as large (or
//   more) gets a new instance of the compiled module. memory.grow() detaches the old buffer, and
//   the first ArrayBuffer detached in a process makes V8 give up an assumption (its
//   "ArrayBufferDetaching" protector) that lets optimized code skip checking, on every access to
//   any typed array, whether its buffer was detached: after one grow, plain loops over
//   Float64Arrays all over the library ran 1.5–5× slower (ReLU's forward pass over 100 × 64
//   entries: 10 µs before, 65 µs after). An MNIST epoch went from 0.105 to 0.097 s (load ~1.8).
// - The memory is laid out afresh by every call (factors, product, scratch, at 64-byte aligned
//   offsets from a fixed base), so its addresses are the same in every process (the machine's
//   speed still is not: bench/phases_probe.ts).
// - The sparse kernel stores each column of a strip of C whole, with vector stores, into C's
//   transpose in scratch memory, and one pass (two rows by two columns in registers) turns that
//   into C: storing a strip's 20 sums one by one into rows of C that lie q entries apart cost
//   more when C is wide. dW1 = dZ1·Xᵀ of the MNIST step (100 × 784): 257–265 → 245–247 µs
//   (interleaved runs at load ~0.3); W1·X (100 × 64) unchanged within noise (218–226 → 220–222).
// - A minibatch cut by the training loop arrives with its nonzeros listed (_dataset_columns.ts),
//   and the sparse kernel takes the list instead of scanning the dense batch; when the network's
//   first layer is linear, the loop does not even write the batch's entries (a tenth of an MNIST
//   step), and every path here that would read them writes them first (denseData).
// - Threads: two Workers over shared memory would need a module to load and shared memory in
//   every process; `deno task bench:workers` measures what they would add, and the library does
//   not use them.
//
// Sizes: op(A) is p × r, op(B) is r × q, C is p × q; all matrices are row-major.

import { denseData, type SparseColumns } from "./_dataset_columns.ts";
import { KERNELS_WASM_BASE64 } from "./_kernels_wasm.ts";
import { matmul } from "./matmul.ts";
import { Matrix } from "./matrix.ts";
import { kernelsInUse } from "./kernels.ts";
import { productShape } from "./_shape.ts";

/** Options of {@linkcode gemm}. */
export interface GemmOptions {
  /** Use Aᵀ in place of A (read through strides, not copied). */
  transposeA?: boolean;
  /** Use Bᵀ in place of B (read through strides, not copied). */
  transposeB?: boolean;
  /** Write into this p × q matrix instead of allocating one; its old entries are overwritten. */
  out?: Matrix;
  /**
   * Which WebAssembly kernel to run: "auto" picks the sparse one when op(B) is mostly zeros, op(A)
   * has rows enough for listing op(B)'s nonzeros to pay (sparse_pays in _kernels.c) and op(A) is
   * finite; "dense" and "sparse" force one (tests use them; "sparse" still falls back to
   * dense when op(A) holds an infinity or NaN).
   */
  kernel?: "auto" | "dense" | "sparse";
  /**
   * Whether a dense product may add with fused multiply-adds (only when both factors are
   * finite); by default when it takes at least 2^24 multiply-adds (see the module notes).
   */
  fused?: boolean;
  /**
   * B's nonzeros listed by columns (B itself, not op(B)), when the caller has them: the sparse
   * kernel then takes them instead of copying and scanning B.
   */
  columnsOfB?: SparseColumns;
}

/** The kernel the last {@linkcode gemm} ran (for tests). */
export type GemmPath = "dense" | "fused" | "sparse" | "reference";

/** The size from which dense products add with fused multiply-adds (see the module notes). */
const FUSED_MIN_MULTIPLY_ADDS = 2 ** 24;

let lastPath: GemmPath = "reference";

/** Which kernel the last call of {@linkcode gemm} ran. */
export function lastGemmPath(): GemmPath {
  return lastPath;
}

/**
 * C = op(A) · op(B), written into `options.out` when given, on the kernels that
 * {@linkcode kernelsInUse} names.
 */
export function gemm(A: Matrix, B: Matrix, options: GemmOptions = {}): Matrix {
  const { transposeA = false, transposeB = false } = options;
  const [p, r, q] = productShape(A, B, transposeA, transposeB);
  const C = options.out ?? new Matrix(p, q);
  if (C.rows !== p || C.cols !== q) {
    throw new RangeError(`gemm: the output is ${C.shape} but the product is ${p}×${q}`);
  }
  const wasm = kernelsInUse() === "fast" ? instance() : undefined;
  // Past 2 GiB the kernels' 32-bit offsets would overflow: such products take the reference.
  const entries = A.data.length + B.data.length + p * q + (p + 16) * (r + q) + 2 * r * q + 2 * q;
  if (wasm === undefined || entries > 2 ** 27) {
    lastPath = "reference";
    denseData(A), denseData(B); // a minibatch left unwritten is written now
    C.data.set(matmul(A, B, { transposeA, transposeB }).data);
    return C;
  }
  const [aRow, aInner] = transposeA ? [1, A.cols] : [A.cols, 1];
  const lists = options.columnsOfB;
  if (lists !== undefined && options.kernel !== "dense") {
    if (lists.start.length !== B.cols + 1) {
      throw new RangeError(
        `gemm: columnsOfB lists ${lists.start.length - 1} columns, B is ${B.shape}`,
      );
    }
    if (listedProduct(wasm, A, aRow, aInner, transposeB, lists, C, p, r, q)) return C;
  }
  // Byte offsets of A, B, C and the scratch space in the module's memory.
  const a = align(wasm.heapBase);
  const b = align(a + 8 * A.data.length);
  const c = align(b + 8 * B.data.length);
  const scratch = align(c + 8 * p * q);
  const f64 = wasm.reserve(scratch + wasm.scratchBytes(p, r, q));
  f64.set(denseData(A), a / 8);
  f64.set(denseData(B), b / 8);
  const [bInner, bCol] = transposeB ? [1, B.cols] : [B.cols, 1];
  const mode = options.kernel === "dense" ? 1 : options.kernel === "sparse" ? 2 : 0;
  const fused = options.fused ?? p * r * q >= FUSED_MIN_MULTIPLY_ADDS;
  const ran = wasm.gemm(p, r, q, a, aRow, aInner, b, bInner, bCol, c, scratch, mode, fused ? 1 : 0);
  lastPath = ran === 1 ? "sparse" : ran === 2 ? "fused" : "dense";
  C.data.set(f64.subarray(c / 8, c / 8 + p * q));
  return C;
}

/**
 * C = op(A) · op(B) on the sparse kernel, from B's nonzeros listed by columns; false (C untouched)
 * when op(A) holds an infinity or NaN, for which the dense kernel must run.
 */
function listedProduct(
  wasm: Kernels,
  A: Matrix,
  aRow: number,
  aInner: number,
  transposeB: boolean,
  lists: SparseColumns,
  C: Matrix,
  p: number,
  r: number,
  q: number,
): boolean {
  const nonzeros = lists.start[lists.start.length - 1];
  const a = align(wasm.heapBase);
  const start = align(a + 8 * A.data.length);
  const index = align(start + 4 * lists.start.length);
  const value = align(index + 4 * nonzeros);
  const c = align(value + 8 * nonzeros);
  const scratch = align(c + 8 * p * q);
  const f64 = wasm.reserve(scratch + wasm.scratchBytes(p, r, q));
  const i32 = new Int32Array(f64.buffer);
  f64.set(denseData(A), a / 8);
  i32.set(lists.start, start / 4);
  i32.set(lists.index.subarray(0, nonzeros), index / 4);
  f64.set(lists.value.subarray(0, nonzeros), value / 8);
  const t = transposeB ? 1 : 0;
  if (!wasm.gemmListed(p, r, q, a, aRow, aInner, t, start, index, value, c, scratch)) return false;
  lastPath = "sparse";
  C.data.set(f64.subarray(c / 8, c / 8 + p * q));
  return true;
}

/** The next multiple of 64 bytes (a cache line). */
export function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

/** A function exported by the module: every argument and result is a 32-bit integer. */
type Export = (...args: number[]) => number;

/** The instantiated WebAssembly module of _kernels.c, as _gemm.ts and _relu_kernels.ts call it. */
export interface Kernels {
  heapBase: number;
  /** gemm(p, r, q, a, aRow, aInner, b, bInner, bCol, c, scratch, mode, fused) of _kernels.c. */
  gemm: Export;
  /** gemm_listed(p, r, q, a, aRow, aInner, transposeB, start, index, value, c, scratch). */
  gemmListed: Export;
  /** gemm_scratch(p, r, q): the bytes of scratch space both need. */
  scratchBytes: Export;
  /** relu_forward(n, x, out). */
  reluForward: Export;
  /** relu_backward(n, dOut, x, dX). */
  reluBackward: Export;
  /**
   * The memory as float64 entries, at least `bytes` bytes of it; it may be a new memory with a
   * new instance behind the functions above, so call them after this.
   */
  reserve(bytes: number): Float64Array;
}

/** undefined: not loaded yet; null: WebAssembly is missing here. */
let kernels: Kernels | null | undefined;

/** The instantiated kernels, compiled on first use; undefined without WebAssembly. */
export function instance(): Kernels | undefined {
  if (kernels === undefined) kernels = load();
  return kernels ?? undefined;
}

function load(): Kernels | null {
  if (typeof WebAssembly !== "object") return null;
  const binary = atob(KERNELS_WASM_BASE64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const module = new WebAssembly.Module(bytes);
  const kernels: Kernels = {
    heapBase: 0,
    gemm: () => 0,
    gemmListed: () => 0,
    scratchBytes: () => 0,
    reluForward: () => 0,
    reluBackward: () => 0,
    reserve(bytes: number): Float64Array {
      if (bytes > view.byteLength) {
        // Never memory.grow(): see the module notes. A new, larger memory (at least double, so
        // that this happens a few times per process) and a new instance of the compiled module
        // take the place of the old ones, which are left to the garbage collector.
        instantiate(Math.max(bytes, 2 * view.byteLength));
      }
      return view;
    },
  };
  let view: Float64Array = new Float64Array(0);
  const instantiate = (bytes: number): void => {
    const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
    const { exports } = new WebAssembly.Instance(module, { env: { memory } });
    kernels.heapBase = (exports.__heap_base as WebAssembly.Global).value as number;
    kernels.gemm = exports.gemm as Export;
    kernels.gemmListed = exports.gemm_listed as Export;
    kernels.scratchBytes = exports.gemm_scratch as Export;
    kernels.reluForward = exports.relu_forward as Export;
    kernels.reluBackward = exports.relu_backward as Export;
    view = new Float64Array(memory.buffer);
  };
  instantiate(2 ** 21); // 2 MiB to start with
  return kernels;
}
