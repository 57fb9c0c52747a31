/**
 * The foundations: the {@linkcode Matrix} (a flat row-major `Float64Array` with `rows` and
 * `cols`), matrix products, the seeded random numbers of {@linkcode Rng}, numeric comparison, and
 * the {@linkcode Dataset} shape that training takes. Nothing here knows about neural networks.
 *
 * Examples are stored as columns, as in the note: a batch X is n × m (n features, m examples).
 *
 * @example
 * ```ts
 * import { assertAllClose, Matrix, matmul } from "./mod.ts";
 *
 * const W = Matrix.from([[1, 2], [3, 4]]); // 2 × 2
 * const X = Matrix.from([[1], [1]]); // n = 2 features, m = 1 example
 * assertAllClose(matmul(W, X).data, [3, 7]);
 * ```
 *
 * @module
 */

export * from "./matrix.ts";
export * from "./matmul.ts";
export * from "./random.ts";
export * from "./all_close.ts";
export * from "./dataset.ts";
export * from "./kernels.ts";
