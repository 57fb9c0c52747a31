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
import {
  assertArrayLike,
  assertCount,
  assertNonNegative,
  assertNumber,
  describeValue,
} from "./_shape.ts";

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
   * Different seeds give different states (the map from the safe integers, |seed| < 2⁵³, to
   * the 128-bit state is one to one), so no two seeds share a stream.
   *
   * @param seed Any safe integer; the same seed gives the same stream.
   * @throws {TypeError} When `seed` is not a number.
   * @throws {RangeError} When `seed` is not an integer or beyond ±(2⁵³ − 1), where neighbouring
   * integers can no longer be told apart.
   *
   * @example
   * ```ts
   * import { Rng } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.notEqual(new Rng(1).uniform(), new Rng(2).uniform());
   * assert.notEqual(new Rng(-1).uniform(), new Rng(0).uniform());
   * assert.notEqual(new Rng(2 ** 32).uniform(), new Rng(0).uniform());
   * assert.throws(() => new Rng(2 ** 53), /safe integer/);
   * ```
   */
  constructor(seed: number) {
    if (typeof seed !== "number") {
      throw new TypeError(`Rng seed must be a safe integer, got ${describeValue(seed)}`);
    }
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(
        `Rng seed must be a safe integer (|seed| < 2⁵³), got ${describeValue(seed)}`,
      );
    }
    // seed = hi · 2³² + lo with lo in [0, 2³²) and hi in [−2²¹, 2²¹). splitmix32 spreads lo over
    // the 128-bit state (never all zeros); hi is mixed into the second word by a bijection that
    // leaves hi = 0 alone. mix is one to one, so lo is read back from the first word and then hi
    // from the second: different seeds, different states.
    const lo = seed >>> 0;
    const hi = (seed - lo) / 4294967296;
    this.#s0 = mix(lo + GOLDEN);
    this.#s1 = (mix(lo + 2 * GOLDEN) ^ mix((hi >>> 0) + GOLDEN) ^ mix(GOLDEN)) >>> 0;
    this.#s2 = mix(lo + 3 * GOLDEN);
    this.#s3 = mix(lo + 4 * GOLDEN);
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
   * @returns A double with 53 random bits, scaled to [lo, hi); finite for any finite lo ≤ hi.
   * @throws {RangeError} When lo or hi is not finite, or lo > hi.
   * @throws {TypeError} When lo or hi is not a number.
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
    const width = hi - lo;
    if (width !== Infinity) return lo + width * u;
    // hi − lo overflows (lo = −1e308, hi = 1e308): the same formula on halves, which are exact.
    return 2 * (lo / 2 + (hi / 2 - lo / 2) * u);
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
   * @param n The number of possible values, a positive integer up to 2³².
   * @returns An integer in [0, n).
   * @throws {RangeError} When n is not an integer in [1, 2³²].
   * @throws {TypeError} When n is not a number.
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
    assertCount(n, "Rng.int n", 1, 4294967296);
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
   * @throws {TypeError} When `array` is not an array or typed array.
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
    assertArrayLike(array, "Rng.shuffle array");
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
   * @throws {RangeError} When n is not an integer in [0, 2³¹].
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
    assertCount(n, "Rng.permutation length n", 0, 2 ** 31);
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
    assertCount(rows, "Rng.normalMatrix rows");
    assertCount(cols, "Rng.normalMatrix cols");
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
    assertCount(rows, "Rng.uniformMatrix rows");
    assertCount(cols, "Rng.uniformMatrix cols");
    checkRange(lo, hi, "Rng.uniformMatrix");
    const out = new Matrix(rows, cols);
    for (let i = 0; i < out.data.length; i++) out.data[i] = this.uniform(lo, hi);
    return out;
  }
}

const GOLDEN = 0x9e3779b9;

/** splitmix32's finalizer: a bijection of the 32-bit integers (x ↦ x mod 2³² first). */
function mix(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function checkRange(lo: number, hi: number, who: string): void {
  if (typeof lo !== "number" || typeof hi !== "number") {
    throw new TypeError(
      `${who} needs numbers lo ≤ hi, got lo = ${describeValue(lo)}, hi = ${describeValue(hi)}`,
    );
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
    throw new RangeError(
      `${who} needs finite ends lo ≤ hi, got lo = ${describeValue(lo)}, hi = ${describeValue(hi)}`,
    );
  }
}

function checkNormal(mean: number, std: number, who: string): void {
  assertNumber(mean, `${who}: the mean`, "a finite number");
  assertNonNegative(std, `${who}: std`);
}
