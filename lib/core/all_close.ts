/**
 * Numeric comparison shared by the tests, the notebooks and the gradient checker.
 *
 * @module
 */

import { AssertionError } from "node:assert";
import { Matrix } from "./matrix.ts";
import {
  assertFlag,
  assertNonNegative,
  assertNumbers,
  checkOptions,
  describeValue,
} from "./_shape.ts";

/** A number, a vector, or a matrix: anything the comparison helpers accept. */
export type Numeric = number | ArrayLike<number> | Matrix;

/** Options of {@linkcode assertAllClose}. */
export interface AllCloseOptions {
  /** Relative tolerance, scaled by |expected|. @default {1e-7} */
  rtol?: number;
  /** Absolute tolerance. @default {0} */
  atol?: number;
  /** Whether NaN equals NaN. @default {false} */
  equalNan?: boolean;
  /** Text put in front of the failure message. */
  msg?: string;
}

/**
 * Asserts |actual − expected| ≤ atol + rtol · |expected| entry by entry, as NumPy's
 * `assert_allclose` does. Shapes must match; NaN fails unless `equalNan` is set.
 *
 * @param actual The computed value: a number, a vector or a Matrix.
 * @param expected The reference value, of the same shape.
 * @param options Tolerances; see {@linkcode AllCloseOptions}.
 * @throws {AssertionError} Naming the worst entry, both values and the tolerance, when they differ.
 * @throws {RangeError} When rtol or atol is negative or not finite, or an option is unknown.
 * @throws {TypeError} When a value is not a number, a vector of numbers or a Matrix (["1"] is
 * refused, not compared as 1).
 *
 * @example
 * ```ts
 * import { assertAllClose, Matrix } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assertAllClose(0.1 + 0.2, 0.3);
 * assertAllClose([1, 2], [1, 2.0001], { rtol: 1e-3 });
 * assertAllClose(Matrix.from([[1e-12]]), Matrix.zeros(1, 1), { atol: 1e-9 });
 * assert.throws(() => assertAllClose([1, 2], [1, 3]), /entry 1/);
 * ```
 */
export function assertAllClose(
  actual: Numeric,
  expected: Numeric,
  options?: AllCloseOptions,
): void {
  const { rtol = 1e-7, atol = 0, equalNan = false, msg } = checkOptions(
    options,
    KNOWN,
    "assertAllClose",
  );
  for (const [name, value] of [["rtol", rtol], ["atol", atol]] as const) {
    assertNonNegative(value, `assertAllClose: ${name}`);
  }
  assertFlag(equalNan, "assertAllClose: equalNan");
  if (msg !== undefined && typeof msg !== "string") {
    throw new TypeError(`assertAllClose: msg must be a string, got ${describeValue(msg)}`);
  }
  const prefix = msg ? `${msg}: ` : "";
  const shapeA = describeShape(actual, "assertAllClose actual");
  const shapeE = describeShape(expected, "assertAllClose expected");
  if (shapeA !== shapeE) {
    throw new AssertionError({
      message: `${prefix}shapes differ: actual is ${shapeA}, expected is ${shapeE}`,
    });
  }
  const a = entries(actual);
  const e = entries(expected);
  let worst = -1;
  let worstExcess = 0;
  let failures = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = e[i];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (equalNan && Number.isNaN(x) && Number.isNaN(y)) continue;
      failures++;
      if (worstExcess !== Infinity) [worst, worstExcess] = [i, Infinity];
      continue;
    }
    if (x === y) continue; // also equal infinities
    const diff = Math.abs(x - y);
    const bound = atol + rtol * Math.abs(y);
    // An infinity equals only itself: without the isFinite test, rtol · ∞ = ∞ would accept
    // 1 against ∞ and −∞ against ∞.
    if (!(diff <= bound) || !Number.isFinite(y)) {
      failures++;
      const excess = bound === 0 || !Number.isFinite(bound) ? Infinity : diff / bound;
      if (worst < 0 || excess > worstExcess) [worst, worstExcess] = [i, excess];
    }
  }
  if (failures > 0) {
    const x = a[worst];
    const y = e[worst];
    throw new AssertionError({
      message: `${prefix}${failures} of ${a.length} entries differ beyond ` +
        `atol=${atol}, rtol=${rtol}; worst at entry ${locate(actual, worst)}: ` +
        `actual ${x}, expected ${y}, |difference| ${Math.abs(x - y)}`,
      actual: x,
      expected: y,
    });
  }
}

/**
 * The relative error used to compare an analytic gradient with a numerical one (cs231n's):
 * the maximum over entries of |a − b| / max(1e-8, |a| + |b|).
 *
 * Below about 1e-7 the two agree for smooth functions; near a kink (ReLU at 0) 1e-4 can be
 * acceptable; above 1e-2 one of them is wrong.
 *
 * @param a A number, vector or Matrix.
 * @param b A value of the same shape.
 * @returns The largest relative error, 0 for identical values. NaN in either, or an infinity
 * against a different value, gives Infinity (never NaN).
 * @throws {RangeError} When the shapes differ.
 * @throws {TypeError} When a value is not a number, a vector of numbers or a Matrix.
 *
 * @example
 * ```ts
 * import { relError } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(relError([1, 2], [1, 2]), 0);
 * assert.equal(relError(1, 3), 0.5);
 * assert.ok(relError([0], [1e-12]) < 1.001e-4); // tiny values are measured against 1e-8
 * ```
 */
export function relError(a: Numeric, b: Numeric): number {
  const shapeA = describeShape(a, "relError a");
  const shapeB = describeShape(b, "relError b");
  if (shapeA !== shapeB) {
    throw new RangeError(`relError: shapes ${shapeA} and ${shapeB} differ`);
  }
  const x = entries(a);
  const y = entries(b);
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const err = entryRelError(x[i], y[i]);
    if (!(err <= worst)) worst = err; // NaN-safe: a NaN error never hides
  }
  return worst;
}

/**
 * The relative error of one pair of entries, |x − y| / max(1e-8, |x| + |y|); the per-entry
 * term of {@linkcode relError}.
 *
 * @param x One number.
 * @param y The other.
 * @returns The relative error: 0 when x === y (also for equal infinities), Infinity when either
 * is NaN or an infinity meets a different value.
 * @throws {TypeError} When x or y is not a number.
 *
 * @example
 * ```ts
 * import { entryRelError } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(entryRelError(1, 3), 0.5);
 * assert.equal(entryRelError(NaN, 1), Infinity);
 * assert.equal(entryRelError(Infinity, 1), Infinity); // not ∞/∞ = NaN
 * ```
 */
export function entryRelError(x: number, y: number): number {
  if (typeof x !== "number" || typeof y !== "number") {
    throw new TypeError(
      `entryRelError takes two numbers, got ${describeValue(x)} and ${describeValue(y)}`,
    );
  }
  if (x === y) return 0; // also equal infinities
  // NaN, or an infinity against anything else: ∞/∞ would give NaN, which must not hide.
  if (!Number.isFinite(x) || !Number.isFinite(y)) return Infinity;
  return Math.abs(x - y) / Math.max(1e-8, Math.abs(x) + Math.abs(y));
}

const KNOWN = { rtol: true, atol: true, equalNan: true, msg: true } as const;

/** The value's shape in words, after checking that it is a number, numbers or a Matrix. */
function describeShape(v: Numeric, what: string): string {
  if (typeof v === "number") return "a scalar";
  if (v instanceof Matrix) return `a ${v.shape} matrix`;
  if (v === null || typeof v !== "object" || typeof v.length !== "number") {
    throw new TypeError(`${what} must be a number, a vector or a Matrix, got ${describeValue(v)}`);
  }
  assertNumbers(v, what);
  return `a vector of length ${v.length}`;
}

function entries(v: Numeric): ArrayLike<number> {
  if (typeof v === "number") return [v];
  if (v instanceof Matrix) return v.data;
  return v;
}

function locate(v: Numeric, index: number): string {
  if (v instanceof Matrix) return `(${Math.floor(index / v.cols)}, ${index % v.cols})`;
  return String(index);
}
