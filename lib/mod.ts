/**
 * A small neural-network library that follows Justin Johnson's "Notes about Neural Networks"
 * (2014): matrices, layers with their backward passes, softmax and its Jacobian, cross-entropy,
 * regularizers, training, and gradient checking.
 *
 * Examples are stored as columns, as in the note: a batch X is n × m (n features, m examples).
 * A {@linkcode Matrix} is a row-major `Float64Array` with `rows` and `cols`.
 *
 * @example
 * ```ts
 * import { assertAllClose, Matrix, softmax } from "./mod.ts";
 *
 * const scores = Matrix.from([[1, 0], [2, 0], [3, 0]]); // k = 3 classes, m = 2 examples
 * const p = softmax(scores);
 * assertAllClose(p.column(1), [1 / 3, 1 / 3, 1 / 3]);
 * ```
 *
 * @module
 */

// In the order a reader meets them; each folder's mod.ts lists its modules.
export * from "./core/mod.ts";
export * from "./nn/mod.ts";
export * from "./train/mod.ts";
export * from "./data/mod.ts";
export * from "./check/mod.ts";
export * from "./plot/mod.ts";
