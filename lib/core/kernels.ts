/**
 * The switch between the library's two sets of matrix-product kernels.
 *
 * - `"fast"` (the default): WebAssembly SIMD kernels compiled from the C source kept beside this
 *   module (`_kernels.c`) and embedded in the library as bytes, so they need no permission and
 *   no build step. A dense kernel packs the factors into cache-sized panels and keeps a 4 × 4
 *   block of the product in registers; a sparse kernel skips the zeros of a mostly-zero right
 *   factor (MNIST pixels, ReLU outputs).
 * - `"reference"`: the readable triple loop of {@linkcode matmul}, for reading along or ruling
 *   the fast kernels out while debugging.
 *
 * Both compute every entry as the same sum in the same order, one rounding per product and one
 * per addition (no fused multiply-add), so they return **the same numbers bit for bit**,
 * infinities and NaN included: a zero skipped by the sparse kernel could only matter as 0 · ∞ or
 * 0 · NaN, and the sparse kernel is used only when the other factor is finite. The tests check
 * the equality on random shapes, sparsities and non-finite entries. The one exception is a
 * large dense product (at least 2^24 multiply-adds, such as a 784 → 1024 layer on a minibatch of
 * 64 dense examples) of finite factors: `"fast"` then adds each product with a fused
 * multiply-add, one rounding instead of two, which makes it 15–20 % faster; each entry stays
 * within 2·r·ε·Σ_t |a_it||b_tj| of the reference's (r terms, ε = 2⁻⁵²), which the tests check.
 * The MNIST network of the notebooks (784-100-10) never gets there: its products either skip
 * zeros on the sparse kernel or are smaller, so training it gives the reference's bits. The
 * choice is global to the process (one module state).
 *
 * Where WebAssembly is missing (for example under V8's `--jitless`), `"fast"` runs the
 * reference kernels.
 *
 * @module
 */

/** The two sets of kernels; see the module documentation. */
export type Kernels = "fast" | "reference";

let current: Kernels = "fast";

/**
 * Chooses the kernels that the library's matrix products (linear layers, training) run on from
 * now on, and returns the previous choice so that it can be put back.
 *
 * @param kernels `"fast"` (the default) or `"reference"`.
 * @returns The choice in force before this call.
 * @throws {TypeError} When `kernels` is neither `"fast"` nor `"reference"`.
 *
 * @example Run a forward pass on the readable reference, then go back
 * ```ts
 * import { Matrix, useKernels } from "./mod.ts";
 * import { linearForward } from "../nn/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const W = Matrix.from([[1, 2], [3, 4]]);
 * const X = Matrix.from([[1, 0], [0, 1]]);
 * const fast = linearForward({ W, b: Matrix.zeros(2, 1) }, X).out;
 * const previous = useKernels("reference");
 * const reference = linearForward({ W, b: Matrix.zeros(2, 1) }, X).out;
 * useKernels(previous);
 * assert.equal(previous, "fast");
 * assert.deepEqual(reference.data, fast.data); // the same bits
 * assert.throws(() => useKernels("gpu" as "fast"), /"fast" or "reference", got "gpu"/);
 * ```
 */
export function useKernels(kernels: Kernels): Kernels {
  if (kernels !== "fast" && kernels !== "reference") {
    const shown = typeof kernels === "string" ? JSON.stringify(kernels) : typeof kernels;
    throw new TypeError(`useKernels: kernels must be "fast" or "reference", got ${shown}`);
  }
  const previous = current;
  current = kernels;
  return previous;
}

/**
 * The kernels chosen by {@linkcode useKernels}.
 *
 * @returns `"fast"` or `"reference"`.
 *
 * @example
 * ```ts
 * import { kernelsInUse } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(kernelsInUse(), "fast");
 * ```
 */
export function kernelsInUse(): Kernels {
  return current;
}
