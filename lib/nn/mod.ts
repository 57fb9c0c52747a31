/**
 * The note itself: softmax and its Jacobian (E6–E12), cross-entropy and its partials (E13–E15),
 * the layers with each backward pass beside its forward, the regularizers, networks as
 * compositions of layers (E1–E3) and the training objective J(w) (E4).
 *
 * Examples are stored as columns: scores for k classes and m examples form a k × m matrix.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { softmax, softmaxBackward } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const Y = softmax(Matrix.from([[0], [0]])); // k = 2 classes, m = 1 example
 * assert.deepEqual([...Y.data], [0.5, 0.5]);
 * // A gradient that is the same for every class changes nothing after softmax.
 * assert.deepEqual([...softmaxBackward(Y, Matrix.from([[1], [1]])).data], [0, 0]);
 * ```
 *
 * @module
 */

// Sections 2 and 3 of the note: softmax, its derivatives, cross-entropy.
export * from "./softmax.ts";
export * from "./cross_entropy.ts";
export * from "./softmax_cross_entropy.ts";

// Layers, each forward beside its backward, and the regularizers.
export * from "./linear.ts";
export * from "./relu.ts";
export * from "./sigmoid.ts";
export * from "./tanh.ts";
export * from "./regularizers.ts";

// Section 1: networks as compositions of layers, and the objective J(w).
export * from "./network.ts";
export * from "./layers.ts";
export * from "./two_layer_net.ts";
export * from "./objective.ts";
