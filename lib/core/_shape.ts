// Private helpers for shape checks and messages shared by the library's modules.

/** Anything with a row count and a column count, such as a `Matrix`. */
export interface Shaped {
  readonly rows: number;
  readonly cols: number;
}

/** Formats a shape as the README writes it, e.g. `3×4`. */
export function shapeOf(m: Shaped): string {
  return `${m.rows}×${m.cols}`;
}

/** Throws a RangeError naming both shapes unless `a` and `b` have the same shape. */
export function assertSameShape(a: Shaped, b: Shaped, context: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`${context}: shapes ${shapeOf(a)} and ${shapeOf(b)} differ`);
  }
}

/** Throws a RangeError unless two vectors have the same length. */
export function assertSameLength(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  context: string,
): void {
  if (a.length !== b.length) {
    throw new RangeError(`${context}: lengths ${a.length} and ${b.length} differ`);
  }
}

/** Throws a RangeError unless `n` is a non-negative integer. */
export function assertCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
  }
}

/** Throws a RangeError naming the first non-finite entry of `values`, if any. */
export function assertFinite(values: ArrayLike<number>, context: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new RangeError(`${context}: entry ${i} is ${values[i]}, not a finite number`);
    }
  }
}

/**
 * A value as an error message should show it: numbers as they print, strings quoted with their
 * type (so the label "0" is not mistaken for the number 0), anything else by its type.
 */
export function describeValue(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return `${JSON.stringify(v)} (a string)`;
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") {
    const name = (v as object).constructor?.name;
    return name === undefined || name === "Object" ? "an object" : `a ${name}`;
  }
  return `a ${typeof v}`;
}

/** Throws a TypeError unless `v` is array-like (has a numeric length), naming what it is. */
export function assertArrayLike(v: unknown, context: string): asserts v is ArrayLike<unknown> {
  if (
    v === null || typeof v !== "object" ||
    typeof (v as { length?: unknown }).length !== "number"
  ) {
    throw new TypeError(`${context} must be an array or typed array, got ${describeValue(v)}`);
  }
}

/** Throws a TypeError unless `v` looks like a Matrix (rows, cols and a Float64Array `data`). */
export function assertMatrixLike(v: unknown, context: string): void {
  const m = v as { rows?: unknown; cols?: unknown; data?: unknown } | null;
  if (
    m === null || typeof m !== "object" || typeof m.rows !== "number" ||
    typeof m.cols !== "number" || !(m.data instanceof Float64Array)
  ) {
    throw new TypeError(`${context} must be a Matrix, got ${describeValue(v)}`);
  }
}

/**
 * Throws a RangeError unless each column of the k × m row-major `y` is a probability vector:
 * entries in [0, 1] summing to 1 within 1e-6 · k (what softmax returns, up to rounding). Catches
 * the common slip of passing scores where the softmax output belongs.
 */
export function assertProbabilityColumns(
  y: ArrayLike<number>,
  k: number,
  m: number,
  context: string,
): void {
  for (let j = 0; j < m; j++) {
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const v = y[i * m + j];
      if (!(v >= 0 && v <= 1)) {
        throw new RangeError(
          `${context}: entry (${i}, ${j}) is ${describeValue(v)}, not a probability in [0, 1]; ` +
            "pass the softmax output y = softmax(x), not the scores x",
        );
      }
      sum += v;
    }
    if (k > 0 && !(Math.abs(sum - 1) <= 1e-6 * k)) {
      throw new RangeError(
        `${context}: column ${j} sums to ${sum}, not 1; pass the softmax output y = softmax(x)`,
      );
    }
  }
}

/**
 * The shape of op(A) · op(B), where op transposes when asked to: returns [p, r, q] for a p × r
 * times r × q product, or throws a RangeError naming both shapes when the inner sizes differ.
 */
export function productShape(
  A: Shaped,
  B: Shaped,
  transposeA: boolean,
  transposeB: boolean,
): [p: number, r: number, q: number] {
  const p = transposeA ? A.cols : A.rows;
  const r = transposeA ? A.rows : A.cols;
  const rB = transposeB ? B.cols : B.rows;
  const q = transposeB ? B.rows : B.cols;
  if (r !== rB) {
    const left = transposeA ? `${shapeOf(A)}ᵀ (${p}×${r})` : shapeOf(A);
    const right = transposeB ? `${shapeOf(B)}ᵀ (${rB}×${q})` : shapeOf(B);
    throw new RangeError(`Cannot multiply ${left} by ${right}: inner sizes ${r} and ${rB} differ`);
  }
  return [p, r, q];
}
