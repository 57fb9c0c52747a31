// The library's fast matrix products, compiled to WebAssembly with 128-bit SIMD (two float64
// lanes). `deno task kernels` compiles this file with Debian's clang 14 and embeds the bytes in
// _kernels_wasm.ts; tests/integration/kernels_build_test.ts checks that the embedded bytes are
// what this source compiles to. lib/core/_gemm.ts copies the factors into this module's memory,
// calls gemm() and copies the product out.
//
// The one rule: every entry of C is the same sum, in the same order, as the readable reference
// (lib/core/matmul.ts): C[i][j] = ((0 + a_i0·b_0j) + a_i1·b_1j) + … with t ascending, each
// product rounded, then each addition rounded. No reassociation, no splitting of a sum into
// partial sums, no fused multiply-add (-ffp-contract=off) — with one exception that the caller
// asks for: the dense kernel's `fused` mode (below). Otherwise the results are equal to the
// reference bit for bit, NaN and infinities included, and the tests say so.
//
// The fused mode: the dense kernel's 4 × 4 block adds each product with relaxed SIMD's
// f64x2.relaxed_madd, a·b + c rounded once (on x86-64 with FMA and on arm64, where V8 emits a
// fused instruction), which is 17–19 % faster on the dense 784-1024 layer's products. The sums keep
// the reference's order; only the products' roundings are skipped, so an entry differs from the
// reference by at most 2·r·ε·Σ_t |a_it||b_tj| (both are within r·ε·Σ|a||b| of the exact sum), and
// the tests check that bound. It runs only when every entry of both factors is finite (checked
// on the packed panels): otherwise the product is computed again in the exact mode, which gives
// the NaN and infinities that IEEE arithmetic asks for. lib/core/_gemm.ts asks for it for large
// products only (see there). clang 14 knows relaxed SIMD only in its pre-standard form: MADD
// below compiles to the prototype's f64x2.fma (0xfd 0xcf 0x01), and bench/build_kernels.ts
// rewrites each of those into the standard f64x2.relaxed_madd (0xfd 0x87 0x02), whose operands
// are a·b + c in the order MADD takes them.
//
// Sizes: op(A) is p × r, op(B) is r × q, C is p × q and row-major. op(A)[i][t] = a[i·aRow + t·aInner]
// and op(B)[t][j] = b[t·bInner + j·bCol], so transposed operands are read through strides.
//
// Two kernels:
// - dense: the factors are packed into small panels (op(A) in strips of MR rows, op(B) in strips
//   of NR columns, both in blocks of KC steps of t) and a 4 × 4 block of C is kept in eight
//   two-lane registers while t runs (GotoBLAS's layout, with its loops kept in t order).
// - sparse: when op(B) is mostly zeros (MNIST pixels are 81 % zeros) its nonzeros are listed
//   column by column, and column j of C is the sum over those nonzeros t of op(A)[:, t]·op(B)[t][j],
//   a strip of WIDE (or NARROW) rows of op(A) at a time. Skipping a zero b_tj skips the product a_it · 0, which is
//   ±0 and leaves the running sum unchanged (it starts at +0 and never becomes −0), unless a_it
//   is infinite or NaN: then the product is NaN. So the sparse kernel is used only when every
//   entry of op(A) is finite (checked while packing it); otherwise the dense kernel computes the
//   NaN that IEEE arithmetic asks for.

#include <stdint.h>
#include <wasm_simd128.h>

typedef double f64;
typedef int32_t i32;

#define EXPORT(name) __attribute__((export_name(name)))

// a·b + c of two-lane vectors, rounded once; see the fused mode at the top of the file.
#define MADD(a, b, c) __builtin_wasm_fma_f64x2(a, b, c)

// Register block of the dense kernel, and its cache blocks (in entries of t, rows, columns).
#define MR 4
#define NR 4
#define KC 512
#define MC 32
#define NC 512
// Rows of op(A) that the sparse kernel carries per pass: strips of WIDE rows (WIDE / 2 two-lane
// registers), and NARROW ones for the last p mod WIDE rows, so that little work is padding.
#define WIDE 20
#define NARROW 4
// op(B) goes to the sparse kernel when fewer than this fraction of its entries are nonzero, and
// when the sparse kernel's estimated cost is the lower one (see sparse_pays).
#define SPARSE_DENSITY 0.4

static i32 round_up(i32 n, i32 to) { return (n + to - 1) / to * to; }

// ---------------------------------------------------------------------------------------------
// Dense kernel

// Copies op(A)[i0 .. i0+mc)[t0 .. t0+kc) into strips of MR rows: strip s holds, for each t in
// turn, the MR entries op(A)[i0 + s·MR + ii][t]. Rows past the matrix are zeros.
static void pack_rows(const f64 *a, i32 aRow, i32 aInner, i32 i0, i32 mc, i32 t0, i32 kc,
                      i32 mr, f64 *packed) {
  for (i32 s = 0; s < mc; s += mr) {
    for (i32 k = 0; k < kc; k++) {
      for (i32 ii = 0; ii < mr; ii++) {
        i32 i = s + ii;
        *packed++ = i < mc ? a[(i0 + i) * aRow + (t0 + k) * aInner] : 0.0;
      }
    }
  }
}

// Copies op(B)[t0 .. t0+kc)[j0 .. j0+nc) into strips of NR columns: strip s holds, for each t in
// turn, the NR entries op(B)[t][j0 + s·NR + jj]. Columns past the matrix are zeros.
static void pack_columns(const f64 *b, i32 bInner, i32 bCol, i32 t0, i32 kc, i32 j0, i32 nc,
                         f64 *packed) {
  for (i32 s = 0; s < nc; s += NR) {
    for (i32 k = 0; k < kc; k++) {
      for (i32 jj = 0; jj < NR; jj++) {
        i32 j = s + jj;
        *packed++ = j < nc ? b[(t0 + k) * bInner + (j0 + j) * bCol] : 0.0;
      }
    }
  }
}

// The 4 × 4 block c (row stride ldc) gets the sum over kc steps of a strip of A times a strip of
// B: c[i][j] = c[i][j] + Σ_k A[k][i] · B[k][j], k ascending. `first` starts the sums at +0
// instead of reading c, as the reference's zeroed output does. `fused` (a constant wherever this
// is inlined) adds each product with MADD instead of rounding it first.
static inline __attribute__((always_inline)) void
block_4x4(i32 kc, const f64 *A, const f64 *B, f64 *c, i32 ldc, int first, int fused) {
  // cXY holds row X, columns 2Y and 2Y + 1.
  v128_t c00, c01, c10, c11, c20, c21, c30, c31;
  if (first) {
    c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = wasm_f64x2_splat(0.0);
  } else {
    c00 = wasm_v128_load(c), c01 = wasm_v128_load(c + 2);
    c10 = wasm_v128_load(c + ldc), c11 = wasm_v128_load(c + ldc + 2);
    c20 = wasm_v128_load(c + 2 * ldc), c21 = wasm_v128_load(c + 2 * ldc + 2);
    c30 = wasm_v128_load(c + 3 * ldc), c31 = wasm_v128_load(c + 3 * ldc + 2);
  }
#define STEP(c, a, b) (fused ? MADD(a, b, c) : wasm_f64x2_add(c, wasm_f64x2_mul(a, b)))
  for (i32 k = 0; k < kc; k++, A += MR, B += NR) {
    v128_t b0 = wasm_v128_load(B), b1 = wasm_v128_load(B + 2); // B[k][0..1], B[k][2..3]
    // A[k][0..1] and A[k][2..3], each entry then copied to both lanes in registers: two loads
    // instead of four (every load of WebAssembly memory costs a bounds check in Deno's V8).
    v128_t a01 = wasm_v128_load(A), a23 = wasm_v128_load(A + 2);
    v128_t a = wasm_i64x2_shuffle(a01, a01, 0, 0);
    c00 = STEP(c00, a, b0);
    c01 = STEP(c01, a, b1);
    a = wasm_i64x2_shuffle(a01, a01, 1, 1);
    c10 = STEP(c10, a, b0);
    c11 = STEP(c11, a, b1);
    a = wasm_i64x2_shuffle(a23, a23, 0, 0);
    c20 = STEP(c20, a, b0);
    c21 = STEP(c21, a, b1);
    a = wasm_i64x2_shuffle(a23, a23, 1, 1);
    c30 = STEP(c30, a, b0);
    c31 = STEP(c31, a, b1);
  }
#undef STEP
  wasm_v128_store(c, c00), wasm_v128_store(c + 2, c01);
  wasm_v128_store(c + ldc, c10), wasm_v128_store(c + ldc + 2, c11);
  wasm_v128_store(c + 2 * ldc, c20), wasm_v128_store(c + 2 * ldc + 2, c21);
  wasm_v128_store(c + 3 * ldc, c30), wasm_v128_store(c + 3 * ldc + 2, c31);
}

// The same for a block cut short by the edge of C (rows × cols ≤ 4 × 4): computed in a full
// 4 × 4 scratch block, of which only the part inside C is read and written back.
static inline __attribute__((always_inline)) void
edge_block(i32 kc, const f64 *A, const f64 *B, f64 *c, i32 ldc, int first, i32 rows, i32 cols,
           int fused) {
  f64 tile[MR * NR];
  for (i32 i = 0; i < MR; i++) {
    for (i32 j = 0; j < NR; j++) tile[i * NR + j] = i < rows && j < cols ? c[i * ldc + j] : 0.0;
  }
  block_4x4(kc, A, B, tile, NR, first, fused);
  for (i32 i = 0; i < rows; i++) {
    for (i32 j = 0; j < cols; j++) c[i * ldc + j] = tile[i * NR + j];
  }
}

static i32 dense_scratch(void) { return (MC * KC + KC * NC) * (i32)sizeof(f64); }

// Finiteness checks: x − x is +0 (all bits zero) for a finite x and NaN for ±∞ and NaN, so the
// bitwise or of x − x over many entries stays all zeros exactly while every entry is finite.
// (An or, not a sum: a sum's additions wait on one another, 3 cycles each, and made the check
// of the dense 784-1024 layer's weights cost 0.6 ms of a 6 ms product.)
static v128_t nonfinite_bits(v128_t x) { return wasm_f64x2_sub(x, x); }

// check | (x − x) over n entries (n even).
static v128_t finite_check(v128_t check, const f64 *x, i32 n) {
  for (i32 k = 0; k < n; k += 2) check = wasm_v128_or(check, nonfinite_bits(wasm_v128_load(x + k)));
  return check;
}

// Whether the checked entries were all finite.
static int all_zero(v128_t check) { return !wasm_v128_any_true(check); }

// C = op(A) · op(B), all dense. The t blocks run in ascending order and each continues the sums
// the previous one left in C, so every entry is summed in the reference's order. In the fused
// mode (a constant where this is inlined) the packed panels are checked as they are made, and
// the result is 0 when one held an infinity or NaN (C is then to be computed again, exactly).
static inline __attribute__((always_inline)) int
dense_product(i32 p, i32 r, i32 q, const f64 *a, i32 aRow, i32 aInner, const f64 *b, i32 bInner,
              i32 bCol, f64 *c, f64 *scratch, int fused) {
  v128_t check = wasm_f64x2_splat(0.0);
  f64 *packedA = scratch;            // MC × KC
  f64 *packedB = scratch + MC * KC;  // KC × NC
  for (i32 j0 = 0; j0 < q; j0 += NC) {
    i32 nc = q - j0 < NC ? q - j0 : NC;
    for (i32 t0 = 0; t0 < r; t0 += KC) {
      i32 kc = r - t0 < KC ? r - t0 : KC;
      int first = t0 == 0;
      pack_columns(b, bInner, bCol, t0, kc, j0, nc, packedB);
      if (fused) check = finite_check(check, packedB, round_up(nc, NR) * kc);
      for (i32 i0 = 0; i0 < p; i0 += MC) {
        i32 mc = p - i0 < MC ? p - i0 : MC;
        pack_rows(a, aRow, aInner, i0, mc, t0, kc, MR, packedA);
        if (fused) check = finite_check(check, packedA, round_up(mc, MR) * kc);
        for (i32 j = 0; j < nc; j += NR) {
          const f64 *B = packedB + j * kc;
          for (i32 i = 0; i < mc; i += MR) {
            const f64 *A = packedA + i * kc;
            f64 *block = c + (i0 + i) * q + j0 + j;
            if (i + MR <= mc && j + NR <= nc) block_4x4(kc, A, B, block, q, first, fused);
            else {
              i32 rows = mc - i < MR ? mc - i : MR, cols = nc - j < NR ? nc - j : NR;
              edge_block(kc, A, B, block, q, first, rows, cols, fused);
            }
          }
        }
      }
    }
  }
  return all_zero(check);
}

// ---------------------------------------------------------------------------------------------
// Sparse kernel

// The number of nonzero entries of op(B) (r × q).
static i32 count_nonzeros(i32 r, i32 q, const f64 *b, i32 bInner, i32 bCol) {
  i32 n = 0;
  for (i32 t = 0; t < r; t++) {
    for (i32 j = 0; j < q; j++) n += b[t * bInner + j * bCol] != 0.0;
  }
  return n;
}

// op(B)'s nonzeros, column by column: column j's row indices t (ascending) and values sit at
// begin[j] .. end[j] − 1 of index and value, with begin[j] = j·r (room for a full column each, so
// that one pass in memory order fills them without a hard-to-predict branch: every entry is
// written, and the column's end advances only past a nonzero).
static void list_columns(i32 r, i32 q, const f64 *b, i32 bInner, i32 bCol, i32 *begin, i32 *end,
                         i32 *index, f64 *value) {
  for (i32 j = 0; j < q; j++) begin[j] = end[j] = j * r;
  if (bInner == 1) { // column j of op(B) is contiguous: b[j·bCol .. j·bCol + r)
    for (i32 j = 0; j < q; j++) {
      const f64 *column = b + j * bCol;
      i32 n = j * r;
      for (i32 t = 0; t < r; t++) {
        f64 v = column[t];
        index[n] = t;
        value[n] = v;
        n += v != 0.0;
      }
      end[j] = n;
    }
    return;
  }
  for (i32 t = 0; t < r; t++) { // otherwise walk op(B) row by row
    const f64 *row = b + t * bInner;
    for (i32 j = 0; j < q; j++) {
      f64 v = row[j * bCol];
      i32 slot = end[j];
      index[slot] = t;
      value[slot] = v;
      end[j] = slot + (v != 0.0);
    }
  }
}

// Turns lists by columns of an r × q matrix (column j's at start[j] .. start[j + 1] − 1) into
// lists by rows (row t's column indices, ascending, and values at rowStart[t] ..
// rowStart[t + 1] − 1): the nonzeros of the transpose, column by column.
static void transpose_lists(i32 r, i32 q, const i32 *start, const i32 *index, const f64 *value,
                            i32 *rowStart, i32 *next, i32 *rowIndex, f64 *rowValue) {
  for (i32 t = 0; t <= r; t++) rowStart[t] = 0;
  for (i32 k = start[0]; k < start[q]; k++) rowStart[index[k] + 1]++;
  for (i32 t = 0; t < r; t++) rowStart[t + 1] += rowStart[t];
  for (i32 t = 0; t < r; t++) next[t] = rowStart[t];
  for (i32 j = 0; j < q; j++) { // j ascending, so each row's list comes out in column order
    for (i32 k = start[j]; k < start[j + 1]; k++) {
      i32 slot = next[index[k]]++;
      rowIndex[slot] = j;
      rowValue[slot] = value[k];
    }
  }
}

// The height of the strip that starts `left` rows before the end of op(A).
static i32 strip_height(i32 left) { return left >= WIDE ? WIDE : NARROW; }

// Copies op(A) (p × r) into strips (WIDE rows, then NARROW ones) of full depth r, each laid out
// as pack_rows does, the strip of row i0 at packed + i0·r; returns whether every entry is
// finite (see finite_check).
static int pack_strips_finite(const f64 *a, i32 aRow, i32 aInner, i32 p, i32 r, f64 *packed) {
  v128_t check = wasm_f64x2_splat(0.0);
  for (i32 i0 = 0; i0 < p; i0 += strip_height(p - i0)) {
    i32 h = strip_height(p - i0);
    f64 *strip = packed + i0 * r;
    if (aInner != 1) { // rows of op(A) are strided: the general packing, then a pass over it
      pack_rows(a, aRow, aInner, i0, p - i0 < h ? p - i0 : h, 0, r, h, strip);
      check = finite_check(check, strip, h * r);
      continue;
    }
    // Rows are contiguous: two rows and two steps of t at a time, transposed in registers.
    for (i32 ii = 0; ii < h; ii += 2) {
      i32 i = i0 + ii;
      const f64 *row0 = a + (i < p ? i : p - 1) * aRow; // rows past p: any row, zeroed below
      const f64 *row1 = a + (i + 1 < p ? i + 1 : p - 1) * aRow;
      v128_t keep = wasm_f64x2_make(i < p ? 1.0 : 0.0, i + 1 < p ? 1.0 : 0.0);
      v128_t mask = wasm_f64x2_gt(keep, wasm_f64x2_splat(0.0));
      i32 t = 0;
      for (; t + 2 <= r; t += 2) {
        v128_t x = wasm_v128_load(row0 + t), y = wasm_v128_load(row1 + t);
        v128_t lo = wasm_v128_and(wasm_i64x2_shuffle(x, y, 0, 2), mask); // (a[i][t], a[i+1][t])
        v128_t hi = wasm_v128_and(wasm_i64x2_shuffle(x, y, 1, 3), mask);
        check = wasm_v128_or(check, wasm_v128_or(nonfinite_bits(lo), nonfinite_bits(hi)));
        wasm_v128_store(strip + t * h + ii, lo);
        wasm_v128_store(strip + (t + 1) * h + ii, hi);
      }
      if (t < r) {
        v128_t lo = wasm_v128_and(wasm_f64x2_make(row0[t], row1[t]), mask);
        check = wasm_v128_or(check, nonfinite_bits(lo));
        wasm_v128_store(strip + t * h + ii, lo);
      }
    }
  }
  return all_zero(check);
}

// Column j of one strip of height H, for every j, written to cT + j·ldt (ldt ≥ H): its entry ii
// is C[i0 + ii][j], the sum over column j's nonzeros t (begin[j] .. end[j] − 1 of index and
// value), ascending, of A[i0 + ii][t] · B[t][j]. Always inlined with a constant H, so that the
// H / 2 sums stay in registers. The strip's padding rows (zeros of A) give zeros.
static inline __attribute__((always_inline)) void
sparse_strip(i32 H, i32 q, const f64 *strip, const i32 *begin, const i32 *end, const i32 *index,
             const f64 *value, f64 *cT, i32 ldt) {
  for (i32 j = 0; j < q; j++) {
    v128_t s[WIDE / 2]; // s[k] holds rows 2k and 2k + 1 of the strip, column j
    for (i32 k = 0; k < H / 2; k++) s[k] = wasm_f64x2_splat(0.0);
    for (i32 n = begin[j]; n < end[j]; n++) {
      const f64 *w = strip + index[n] * H; // op(A)[i0 .. i0 + H)[t]
      v128_t v = wasm_f64x2_splat(value[n]);
      for (i32 k = 0; k < H / 2; k++) {
        s[k] = wasm_f64x2_add(s[k], wasm_f64x2_mul(wasm_v128_load(w + 2 * k), v));
      }
    }
    for (i32 k = 0; k < H / 2; k++) wasm_v128_store(cT + j * ldt + 2 * k, s[k]);
  }
}

// C (p × q, row-major) from its transpose cT (q rows of stride ldt): two rows and two columns at
// a time, transposed in registers (two loads, two shuffles, two stores for four entries).
static void transpose_out(i32 p, i32 q, const f64 *cT, i32 ldt, f64 *c) {
  i32 j = 0;
  for (; j + 2 <= q; j += 2) {
    const f64 *x = cT + j * ldt, *y = x + ldt; // columns j and j + 1 of C
    i32 i = 0;
    for (; i + 2 <= p; i += 2) {
      v128_t u = wasm_v128_load(x + i), v = wasm_v128_load(y + i);
      wasm_v128_store(c + i * q + j, wasm_i64x2_shuffle(u, v, 0, 2));
      wasm_v128_store(c + (i + 1) * q + j, wasm_i64x2_shuffle(u, v, 1, 3));
    }
    if (i < p) c[i * q + j] = x[i], c[i * q + j + 1] = y[i];
  }
  if (j < q) {
    for (i32 i = 0; i < p; i++) c[i * q + j] = cT[j * ldt + i];
  }
}

// C = op(A) · op(B) with op(B)'s nonzeros listed by columns (column j's at begin[j] .. end[j] − 1
// of index and value, t ascending) and op(A) packed by pack_strips_finite. Each column of a strip
// is stored whole into the transpose cT (q × round_up(p, NARROW)), with vector stores, and one
// pass turns cT into C: storing the strip's entries one by one into C's rows, q apart, cost more
// (MNIST's dW1 = dZ1·Xᵀ, 100 × 784: see _gemm.ts for the measured gain).
static void sparse_product(i32 p, i32 r, i32 q, const f64 *packedA, const i32 *begin,
                           const i32 *end, const i32 *index, const f64 *value, f64 *cT, f64 *c) {
  i32 ldt = round_up(p, NARROW);
  for (i32 i0 = 0; i0 < p; i0 += strip_height(p - i0)) {
    const f64 *strip = packedA + i0 * r;
    if (p - i0 >= WIDE) sparse_strip(WIDE, q, strip, begin, end, index, value, cT + i0, ldt);
    else sparse_strip(NARROW, q, strip, begin, end, index, value, cT + i0, ldt);
  }
  transpose_out(p, q, cT, ldt, c);
}

static i32 sparse_scratch(i32 p, i32 r, i32 q) {
  return round_up(p, NARROW) * (r + q) * (i32)sizeof(f64) // the strips of op(A), C transposed
         + r * q * (i32)(sizeof(f64) + sizeof(i32))      // nonzero values and indices (room for all)
         + (2 * q + r + 1) * (i32)sizeof(i32);           // where each column's list begins and ends
}

// Whether the sparse kernel should beat the dense one on op(A) (p × r) times an op(B) (r × q)
// with `nonzeros` nonzeros, in machine instructions of the code V8 makes of them (estimated from
// their compiled inner loops, bounds checks included): listing op(B) costs about 26 a entry
// (counting, then listing), the sparse kernel about 3.6 per nonzero and row of op(A), the dense
// one about 2.6 per multiply-add. So
// listing does not pay for an op(A) of few rows: the 10 × 100 times 100 × 64 products of MNIST's
// second layer (39 % nonzeros) ran 9–11 µs faster dense (bench: 23–30 µs dense, 33–39 µs
// listed and sparse, load ~1.2). An op(A) of 10 rows or fewer never pays, and op(B) is not even
// counted.
static int sparse_pays(i32 p, i32 r, i32 q, i32 nonzeros) {
  f64 entries = (f64)r * q;
  return nonzeros < SPARSE_DENSITY * entries && 26.0 * entries + 3.6 * p * nonzeros < 2.6 * p * entries;
}

// ---------------------------------------------------------------------------------------------
// Entry points

// Bytes of scratch memory that gemm and gemm_listed need for these sizes.
EXPORT("gemm_scratch") i32 gemm_scratch(i32 p, i32 r, i32 q) {
  i32 dense = dense_scratch(), sparse = sparse_scratch(p, r, q);
  return dense > sparse ? dense : sparse;
}

// C (p × q) = op(A) · op(B); see the top of the file for the strides. `mode` 0 picks the kernel
// (sparse when op(B) is mostly zeros, sparse_pays and op(A) is finite), 1 forces the dense one, 2 the sparse
// one (when op(A) is finite). `fused` lets the dense kernel run in the fused mode (when both
// factors are finite). Returns 1 when the sparse kernel ran, 2 when the fused dense one did, 0
// when the exact dense one did. `scratch` is 16-byte aligned with gemm_scratch(p, r, q) bytes.
EXPORT("gemm")
i32 gemm(i32 p, i32 r, i32 q, const f64 *a, i32 aRow, i32 aInner, const f64 *b, i32 bInner,
         i32 bCol, f64 *c, f64 *scratch, i32 mode, i32 fused) {
  if (p == 0 || q == 0) return 0;
  if (r == 0) {
    for (i32 i = 0; i < p * q; i++) c[i] = 0.0;
    return 0;
  }
  if (mode == 2 || (mode == 0 && p > 10 && sparse_pays(p, r, q, count_nonzeros(r, q, b, bInner, bCol)))) {
    f64 *packedA = scratch, *cT = packedA + round_up(p, NARROW) * r;
    f64 *value = cT + round_up(p, NARROW) * q;
    i32 *index = (i32 *)(value + r * q);
    i32 *begin = index + r * q, *end = begin + q;
    if (pack_strips_finite(a, aRow, aInner, p, r, packedA)) {
      list_columns(r, q, b, bInner, bCol, begin, end, index, value);
      sparse_product(p, r, q, packedA, begin, end, index, value, cT, c);
      return 1;
    }
  }
  if (fused && dense_product(p, r, q, a, aRow, aInner, b, bInner, bCol, c, scratch, 1)) return 2;
  dense_product(p, r, q, a, aRow, aInner, b, bInner, bCol, c, scratch, 0);
  return 0;
}

// C (p × q) = op(A) · B, or op(A) · Bᵀ when `transposeB`, with B's nonzeros given column by
// column (column j's row indices, ascending, and values at start[j] .. start[j + 1] − 1 of index
// and value; B is r × q, or q × r when transposed). Runs the sparse kernel and returns 1, or
// returns 0 without touching C when op(A) holds an infinity or NaN (the caller then runs gemm on
// the dense B, which gives the NaN that 0 · ∞ makes).
EXPORT("gemm_listed")
i32 gemm_listed(i32 p, i32 r, i32 q, const f64 *a, i32 aRow, i32 aInner, i32 transposeB,
                const i32 *start, const i32 *index, const f64 *value, f64 *c, f64 *scratch) {
  if (p == 0 || q == 0) return 1;
  f64 *packedA = scratch, *cT = packedA + round_up(p, NARROW) * r;
  if (!pack_strips_finite(a, aRow, aInner, p, r, packedA)) return 0;
  if (!transposeB) {
    sparse_product(p, r, q, packedA, start, start + 1, index, value, cT, c);
    return 1;
  }
  // The columns of Bᵀ are the rows of B.
  f64 *rowValue = cT + round_up(p, NARROW) * q;
  i32 *rowIndex = (i32 *)(rowValue + r * q), *rowStart = rowIndex + r * q, *next = rowStart + q + 1;
  transpose_lists(q, r, start, index, value, rowStart, next, rowIndex, rowValue);
  sparse_product(p, r, q, packedA, rowStart, rowStart + 1, rowIndex, rowValue, cT, c);
  return 1;
}

// ---------------------------------------------------------------------------------------------
// ReLU

// ReLU's forward pass out[i] = x[i] > 0 ? x[i] : 0 over n entries, two at a time and without a
// branch: f64x2.pmax(0, x) is 0 < x ? x : 0 lane by lane, the same choice (−0 and NaN give +0).
// A branch on the sign of each entry, as a plain loop compiles to, is mispredicted about half the
// time on a training run's fresh activations (see lib/core/_relu_kernels.ts for the figures).
EXPORT("relu_forward") void relu_forward(i32 n, const f64 *x, f64 *out) {
  v128_t zero = wasm_f64x2_splat(0.0);
  i32 i = 0;
  for (; i + 2 <= n; i += 2) wasm_v128_store(out + i, wasm_f64x2_pmax(zero, wasm_v128_load(x + i)));
  if (i < n) out[i] = 0.0 < x[i] ? x[i] : 0.0;
}

// ReLU's backward pass dX[i] = dOut[i] · (x[i] > 0 ? 1 : 0) over n entries, without a branch: the
// comparison's lane mask keeps 1.0 or clears it to +0.0, and the product is the plain loop's.
EXPORT("relu_backward") void relu_backward(i32 n, const f64 *dOut, const f64 *x, f64 *dX) {
  v128_t zero = wasm_f64x2_splat(0.0), one = wasm_f64x2_splat(1.0);
  i32 i = 0;
  for (; i + 2 <= n; i += 2) {
    v128_t slope = wasm_v128_and(wasm_f64x2_gt(wasm_v128_load(x + i), zero), one);
    wasm_v128_store(dX + i, wasm_f64x2_mul(wasm_v128_load(dOut + i), slope));
  }
  if (i < n) dX[i] = dOut[i] * (x[i] > 0.0 ? 1.0 : 0.0);
}
