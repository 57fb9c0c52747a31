/**
 * Training by stochastic (sub)gradient descent: the optimizers (SGD, momentum, Adam), the
 * minibatch training loop, and prediction and accuracy.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { sgd } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const w = Matrix.from([[1, 2]]);
 * sgd({ learningRate: 0.5 }).step([w], [Matrix.from([[2, 2]])]); // w ← w − η g
 * assert.deepEqual([...w.data], [0, 1]);
 * ```
 *
 * @module
 */

export * from "./optimizers.ts";
export * from "./predict.ts";
export * from "./train.ts";
