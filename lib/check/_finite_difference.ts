// Private: the central-difference step shared by numericalGradient, numericalJacobian,
// numericalVjp and the sparse gradient check.

import { assertNumber } from "../core/_shape.ts";

/** Throws a RangeError unless h is a positive finite number (a TypeError unless a number). */
export function assertStep(h: number): void {
  assertNumber(
    h,
    "The finite-difference step h",
    "a positive finite number",
    (v) => v > 0 && v < Infinity,
  );
}

/**
 * Evaluates `g` at x + h e_i and x − h e_i, restoring x[i] exactly afterwards (also when `g`
 * throws). Also returns the step actually taken, (x_i + h) − (x_i − h): x_i ± h are rounded to
 * doubles, and at x_i = 1000 the rounding changes 2h by up to 6e-9 of itself, an error that
 * dividing by the true step removes.
 */
export function perturb<T>(
  x: Float64Array,
  i: number,
  h: number,
  g: (x: Float64Array) => T,
): [plus: T, minus: T, step: number] {
  const old = x[i];
  try {
    const up = old + h;
    const down = old - h;
    if (!(up > down)) {
      throw new RangeError(`The step h = ${h} vanishes next to entry ${i} of x, ${old}`);
    }
    x[i] = up;
    const plus = g(x);
    x[i] = down;
    const minus = g(x);
    return [plus, minus, up - down];
  } finally {
    x[i] = old;
  }
}
