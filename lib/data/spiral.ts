/**
 * The spiral data set of cs231n's case study: k classes of points on interleaved spiral arms in
 * the plane, which no linear classifier can separate.
 *
 * @module
 */

import { Matrix } from "../core/matrix.ts";
import { Rng } from "../core/random.ts";
import type { Dataset } from "../core/dataset.ts";
import { assertCount, assertNonNegative, checkOptions } from "../core/_shape.ts";

/** Options of {@linkcode spiralData}. */
export interface SpiralOptions {
  /** Points per class. @default {100} */
  pointsPerClass?: number;
  /** Number of classes k (spiral arms). @default {3} */
  classes?: number;
  /** Standard deviation of the normal noise added to each point's angle. @default {0.2} */
  noise?: number;
  /** Seed of the noise. @default {0} */
  seed?: number;
}

/**
 * k spiral arms of points in the plane. Point i of class c (i = 0, …, N − 1) sits at radius
 * r = i / (N − 1) and angle θ = 4c + 4r + noise, at (r sin θ, r cos θ), as in cs231n's case
 * study. The examples are the columns of a 2 × (N·k) matrix, class by class.
 *
 * @param options Points per class, classes, noise and seed; see {@linkcode SpiralOptions}.
 * @returns The points X (n = 2 rows, N·k columns) and their labels.
 * @throws {RangeError} When pointsPerClass is not an integer ≥ 2, classes not a positive integer,
 * noise not a finite number ≥ 0 (an infinite noise made every point NaN), the seed not a safe
 * integer, or an option is unknown.
 * @throws {TypeError} When an option is not a number.
 *
 * @example
 * ```ts
 * import { spiralData } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { X, labels } = spiralData({ pointsPerClass: 50, classes: 3, seed: 1 });
 * assert.equal(X.shape, "2×150");
 * assert.deepEqual([labels[0], labels[50], labels[149]], [0, 1, 2]);
 * assert.deepEqual(spiralData({ seed: 1 }).X.data, spiralData({ seed: 1 }).X.data); // seeded
 * ```
 */
export function spiralData(options?: SpiralOptions): Dataset & { labels: Int32Array } {
  const { pointsPerClass = 100, classes = 3, noise = 0.2, seed = 0 } = checkOptions(
    options,
    { pointsPerClass: true, classes: true, noise: true, seed: true },
    "spiralData",
  );
  assertCount(pointsPerClass, "spiralData: pointsPerClass", 2);
  assertCount(classes, "spiralData: classes", 1);
  assertNonNegative(noise, "spiralData: noise");
  const rng = new Rng(seed);
  const m = pointsPerClass * classes;
  const X = new Matrix(2, m);
  const labels = new Int32Array(m);
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < pointsPerClass; i++) {
      const j = c * pointsPerClass + i;
      const r = i / (pointsPerClass - 1);
      const theta = 4 * c + 4 * r + noise * rng.normal();
      X.data[j] = r * Math.sin(theta); // row 0: first coordinate
      X.data[m + j] = r * Math.cos(theta); // row 1: second coordinate
      labels[j] = c;
    }
  }
  return { X, labels };
}
