/**
 * A small seeded random number generator, so that every example, test and notebook is
 * reproducible on every machine.
 *
 * The generator is xoshiro128** (Blackman and Vigna), seeded through splitmix32. Doubles take
 * 53 random bits from two 32-bit outputs; normals use the Box–Muller transform.
 *
 * @module
 */

import { Matrix } from "./matrix.ts";
import { assertCount, describeValue } from "./_shape.ts";

/**
 * A seeded generator of uniform and normal numbers, integers, and permutations.
 *
 * @example Same seed, same numbers
 * ```ts
 * import { Rng } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const a = new Rng(42);
 * const b = new Rng(42);
 * assert.equal(a.uniform(), b.uniform());
 * const u = a.uniform(-1, 1);
 * assert.ok(u >= -1 && u < 1);
 * ```
 */
export class Rng {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;
  #spareNormal: number | undefined;

  /**
   * Creates a generator.
   *
   * @param seed Any integer; the same seed gives the same stream.
   * @throws {TypeError} When `seed` is not a finite integer.
   *
   * @example
   * ```ts
   * import { Rng } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.notEqual(new Rng(1).uniform(), new Rng(2).uniform());
   * ```
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new TypeError(`Rng seed must be a safe integer, got ${describeValue(seed)}`);
    }
    // splitmix32 spreads the seed over the 128-bit state (never all zeros).
    let x = (seed ^ Math.floor(seed / 4294967296)) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#s0 = next();
    this.#s1 = next();
    this.#s2 = next();
    this.#s3 = next();
  }

  /**
   * The next 32 random bits as an unsigned integer.
   *
   * @returns An integer in [0, 2³²).
   *
   * @example
   * ```ts
   * import { Rng } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const v = new Rng(0).nextUint32();
   * assert.ok(Number.isInteger(v) && v >= 0 && v < 2 ** 32);
   * ```
   */
  nextUint32(): number {
    const s1 = this.#s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result >>> 0;
  }

  /**
   * A uniform number in [lo, hi).
   *
   * @param lo Lower end. @default {0}
   * @param hi Upper end. @default {1}
   * @returns A double with 53 random bits, scaled to [lo, hi).
   * @throws {RangeError} When lo or hi is not finite, or lo > hi.
   *
   * @example
   * ```ts
   * import { Rng } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const u = new Rng(7).uniform(2, 3);
   * assert.ok(u >= 2 && u < 3);
   * assert.throws(() => new Rng(7).uniform(0, NaN), /hi = NaN/);
   * ```
   */
  uniform(lo = 0, hi = 1): number {
    checkRange(lo, hi, "Rng.uniform");
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    const u = (high * 67108864 + low) / 9007199254740992;
    return lo + (hi - lo) * u;
  }

  /**
   * A normal (Gaussian) number.
   *
   * @param mean The mean. @default {0}
   * @param std The standard deviation. @default {1}
   * @returns A sample of N(mean, std²).
   * @throws {RangeError} When mean is not finite, or std is not a finite number ≥ 0.
   *
   * @example
   * ```ts
   * import { Rng } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const rng = new Rng(3);
   * let sum = 0;
   * for (let i = 0; i < 10000; i++) sum += rng.normal();
   * assert.ok(Math.abs(sum / 10000) < 0.05);
   * assert.throws(() => rng.normal(0, -1), /std must be a finite number ≥ 0, got -1/);
   * ```
   */
  normal(mean = 0, std = 1): number {
    checkNormal(mean, std, "Rng.normal");
    let z = this.#spareNormal;
    if (z !== undefined) {
      this.#spareNormal = undefined;
    } else {
      const u1 = 1 - this.uniform(); // in (0, 1], so log(u1) is finite
      const u2 = this.uniform();
      const r = Math.sqrt(-2 * Math.log(u1));
      z = r * Math.cos(2 * Math.PI * u2);
      this.#spareNormal = r * Math.sin(2 * Math.PI * u2);
    }
    return mean + std * z;
  }

  /**
   * A uniform integer in [0, n).
   *
   * @param n The number of possible values, a positive integer below 2³².
   * @returns An integer in [0, n).
   * @throws {RangeError} When n is not a positive integer below 2³².
   *
   * @example
   * ```ts
   * import { Rng } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const k = new Rng(5).int(10);
   * assert.ok(Number.isInteger(k) && k >= 0 && k < 10);
   * ```
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw new RangeError(`Rng.int needs a positive integer n ≤ 2³², got ${n}`);
    }
    // Rejection sampling removes the bias of a plain modulo.
    const limit = 4294967296 - (4294967296 % n);
    let v = this.nextUint32();
    while (v >= limit) v = this.nextUint32();
    return v % n;
  }

  /**
   * Shuffles `array` in place (Fisher–Yates) and returns it.
   *
   * @param array The array to shuffle.
   * @returns The same array, shuffled.
   *
   * @example
   * ```ts
   * import { Rng } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const a = new Rng(1).shuffle([1, 2, 3, 4, 5]);
   * assert.deepEqual([...a].sort(), [1, 2, 3, 4, 5]);
   * ```
   */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /**
   * A random permutation of 0, 1, …, n − 1.
   *
   * @param n Its length, a non-negative integer.
   * @returns A new Int32Array.
   * @throws {RangeError} When n is not a non-negative integer.
   *
   * @example
   * ```ts
   * import { Rng } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const p = new Rng(9).permutation(4);
   * assert.deepEqual([...p].sort(), [0, 1, 2, 3]);
   * ```
   */
  permutation(n: number): Int32Array {
    assertCount(n, "Rng.permutation length n");
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /**
   * A rows × cols matrix of normal entries.
   *
   * @param rows Number of rows.
   * @param cols Number of columns.
   * @param std Standard deviation of each entry. @default {1}
   * @returns A new matrix with N(0, std²) entries.
   * @throws {RangeError} When std is not a finite number ≥ 0.
   *
   * @example
   * ```ts
   * import { Rng } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const W = new Rng(0).normalMatrix(3, 4, 0.01);
   * assert.equal(W.shape, "3×4");
   * ```
   */
  normalMatrix(rows: number, cols: number, std = 1): Matrix {
    checkNormal(0, std, "Rng.normalMatrix");
    const out = new Matrix(rows, cols);
    for (let i = 0; i < out.data.length; i++) out.data[i] = this.normal(0, std);
    return out;
  }

  /**
   * A rows × cols matrix of uniform entries in [lo, hi).
   *
   * @param rows Number of rows.
   * @param cols Number of columns.
   * @param lo Lower end. @default {0}
   * @param hi Upper end. @default {1}
   * @returns A new matrix.
   * @throws {RangeError} When lo or hi is not finite, or lo > hi.
   *
   * @example
   * ```ts
   * import { Rng } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const U = new Rng(0).uniformMatrix(2, 2, -1, 1);
   * assert.ok([...U.data].every((v) => v >= -1 && v < 1));
   * ```
   */
  uniformMatrix(rows: number, cols: number, lo = 0, hi = 1): Matrix {
    checkRange(lo, hi, "Rng.uniformMatrix");
    const out = new Matrix(rows, cols);
    for (let i = 0; i < out.data.length; i++) out.data[i] = this.uniform(lo, hi);
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function checkRange(lo: number, hi: number, who: string): void {
  if (
    typeof lo !== "number" || typeof hi !== "number" || !Number.isFinite(lo) ||
    !Number.isFinite(hi) || lo > hi
  ) {
    throw new RangeError(
      `${who} needs finite ends lo ≤ hi, got lo = ${describeValue(lo)}, hi = ${describeValue(hi)}`,
    );
  }
}

function checkNormal(mean: number, std: number, who: string): void {
  if (typeof mean !== "number" || !Number.isFinite(mean)) {
    throw new RangeError(`${who}: the mean must be a finite number, got ${describeValue(mean)}`);
  }
  if (typeof std !== "number" || !Number.isFinite(std) || std < 0) {
    throw new RangeError(`${who}: std must be a finite number ≥ 0, got ${describeValue(std)}`);
  }
}
