/**
 * The marker an exercise stub throws until the student writes its body. The exercise checks
 * (see `exercise`) recognize it and answer with a friendly "not implemented yet" line instead of
 * an error, so a notebook with unsolved exercises still runs to the end.
 *
 * @module
 */

/**
 * Thrown by an exercise stub whose body is not written yet.
 *
 * @example A stub, and what its check sees
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { NotImplemented } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * function myRelu(X: Matrix): Matrix {
 *   throw new NotImplemented("myRelu");
 * }
 * assert.throws(() => myRelu(Matrix.zeros(1, 1)), (e: unknown) =>
 *   e instanceof NotImplemented && e.function === "myRelu" && /not implemented yet/.test(e.message));
 * ```
 */
export class NotImplemented extends Error {
  /** The name of the function that is not written yet. */
  readonly function: string;

  /**
   * Marks a function as not written yet.
   *
   * @param name The function's name, as the student sees it (e.g. `"myLinearBackward"`).
   * @default {"this function"}
   *
   * @example
   * ```ts
   * import { NotImplemented } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const marker = new NotImplemented("mySoftmax");
   * assert.equal(marker.name, "NotImplemented");
   * assert.match(marker.message, /^mySoftmax is not implemented yet/);
   * ```
   */
  constructor(name = "this function") {
    super(`${name} is not implemented yet: write its body, then run its check again`);
    this.name = "NotImplemented";
    this.function = name;
  }
}

/**
 * Whether a thrown value is the not-implemented marker, also one made by another copy of this
 * module (a notebook may load the library twice under different specifiers).
 *
 * @param error Anything that was thrown.
 * @returns True for a {@linkcode NotImplemented} marker.
 *
 * @example
 * ```ts
 * import { isNotImplemented, NotImplemented } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(isNotImplemented(new NotImplemented("f")), true);
 * assert.equal(isNotImplemented(new Error("f is not implemented yet")), false);
 * ```
 */
export function isNotImplemented(error: unknown): error is NotImplemented {
  return error instanceof NotImplemented ||
    (error instanceof Error && error.name === "NotImplemented" &&
      typeof (error as { function?: unknown }).function === "string");
}
