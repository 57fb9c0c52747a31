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

/**
 * Throws unless `n` is an integer ≥ `min` (and ≤ `max`): a TypeError when it is not a number at
 * all, a RangeError when it is a number out of range, naming `what` and the value.
 */
export function assertCount(
  n: unknown,
  what: string,
  min = 0,
  max = Infinity,
): asserts n is number {
  if (typeof n !== "number") {
    throw new TypeError(`${what} must be an integer ≥ ${min}, got ${describeValue(n)}`);
  }
  if (!Number.isInteger(n) || n < min || n > max) {
    const bound = max === Infinity ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new RangeError(`${what} must be an integer ${bound}, got ${describeValue(n)}`);
  }
}

/**
 * Throws unless `v` is a number for which `ok` holds: a TypeError when it is not a number, a
 * RangeError otherwise; the message says `what` must be `expected` and shows the value.
 */
export function assertNumber(
  v: unknown,
  what: string,
  expected: string,
  ok: (x: number) => boolean = Number.isFinite,
): asserts v is number {
  if (typeof v !== "number") {
    throw new TypeError(`${what} must be ${expected}, got ${describeValue(v)}`);
  }
  if (!ok(v)) throw new RangeError(`${what} must be ${expected}, got ${describeValue(v)}`);
}

/**
 * Throws unless `v` is a finite number ≥ 0 (a penalty strength, a scale, a tolerance): a
 * TypeError when it is not a number, a RangeError otherwise, naming `what` and the value.
 */
export function assertNonNegative(v: unknown, what: string): asserts v is number {
  assertNumber(v, what, "a finite number ≥ 0", (x) => x >= 0 && x < Infinity);
}

/**
 * The RangeError of a NaN or an infinity where a finite number is due. Its name stays
 * "RangeError"; the class lets train tell numbers that blew up during training (its data were
 * checked finite before) from every other error, without reading messages.
 */
export class NonFiniteError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "RangeError";
  }
}

/** Throws a {@linkcode NonFiniteError} naming the first non-finite entry of `values`, if any. */
export function assertFinite(values: ArrayLike<number>, context: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new NonFiniteError(
        `${context}: entry ${i} is ${describeValue(values[i])}, not a finite number`,
      );
    }
  }
}

/**
 * Whether every entry of v is finite: x · 0 is 0 for a finite x and NaN for NaN or ±∞, so the
 * sum of those products is 0 exactly when all are finite. Four sums side by side let the
 * additions overlap (one chain of dependent additions runs at half the speed), which keeps
 * an optimizer's scan of the gradients at about a quarter of an SGD step's time.
 */
export function allFinite(v: Float64Array): boolean {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const n = v.length - (v.length % 4);
  for (let i = 0; i < n; i += 4) {
    s0 += v[i] * 0;
    s1 += v[i + 1] * 0;
    s2 += v[i + 2] * 0;
    s3 += v[i + 3] * 0;
  }
  for (let i = n; i < v.length; i++) s0 += v[i] * 0;
  return s0 + s1 + s2 + s3 === 0;
}

/**
 * Throws a RangeError naming the first entry of the matrix M that is NaN or infinite by its row
 * and column (for a data set: its feature and its example).
 */
export function assertFiniteEntries(
  M: Shaped & { readonly data: Float64Array },
  context: string,
): void {
  const d = M.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      throw new NonFiniteError(
        `${context}: entry (${Math.floor(i / M.cols)}, ${i % M.cols}) is ${d[i]}, not a finite ` +
          "number",
      );
    }
  }
}

/**
 * A value as an error message should show it: numbers as they print, strings quoted with their
 * type (so the label "0" is not mistaken for the number 0), arrays and typed arrays with their
 * length, a Matrix with its shape, a plain object with its first keys, anything else by its type.
 */
export function describeValue(v: unknown): string {
  switch (typeof v) {
    case "number":
      return Object.is(v, -0) ? "-0" : String(v);
    case "string":
      return `${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)} (a string)`;
    case "bigint":
      return `${v}n (a bigint)`;
    case "boolean":
      return `${v} (a boolean)`;
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    case "undefined":
      return "undefined";
  }
  if (v === null) return "null";
  if (Array.isArray(v)) return `a plain Array (length ${v.length})`;
  if (ArrayBuffer.isView(v)) {
    const length = (v as unknown as { length?: number }).length ?? v.byteLength;
    return `a ${v.constructor.name} (length ${length})`;
  }
  const name = (v as object).constructor?.name;
  const shaped = v as { rows?: unknown; cols?: unknown };
  if (name === "Matrix" && typeof shaped.rows === "number" && typeof shaped.cols === "number") {
    return `a ${shaped.rows}×${shaped.cols} Matrix`;
  }
  if (name === undefined || name === "Object") {
    const keys = Object.keys(v as object);
    if (keys.length === 0) return "an empty object {}";
    const shown = keys.slice(0, 4).join(", ") + (keys.length > 4 ? ", …" : "");
    return `a plain object { ${shown} }`;
  }
  return `a ${name}`;
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

/**
 * Throws a TypeError unless `v` is an array or typed array of numbers (naming the first entry
 * that is not a number: a string "2" is not silently read as 2).
 */
export function assertNumbers(v: unknown, context: string): asserts v is ArrayLike<number> {
  assertArrayLike(v, context);
  if (v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array) return;
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== "number") {
      throw new TypeError(`${context}: entry ${i} is ${describeValue(v[i])}, not a number`);
    }
  }
}

/** Throws a TypeError unless `v` is a Float64Array (the library's vectors), naming what it is. */
export function assertVector(v: unknown, context: string): asserts v is Float64Array {
  if (!(v instanceof Float64Array)) {
    const hint = isMatrixShaped(v) ? " (pass its .data, or use the Matrix form)" : "";
    throw new TypeError(`${context} must be a Float64Array, got ${describeValue(v)}${hint}`);
  }
}

/** Throws a TypeError unless `v` is a boolean (a flag given as "true" or 1 is refused). */
export function assertFlag(v: unknown, what: string): asserts v is boolean {
  if (typeof v !== "boolean") {
    throw new TypeError(`${what} must be true or false, got ${describeValue(v)}`);
  }
}

/** Throws a TypeError unless `v` is a function. */
export function assertFunction(
  v: unknown,
  context: string,
): asserts v is (...args: never[]) => unknown {
  if (typeof v !== "function") {
    throw new TypeError(`${context} must be a function, got ${describeValue(v)}`);
  }
}

/** Throws a TypeError unless `v` is a random generator (an Rng, by its methods). */
export function assertRng(v: unknown, what: string): void {
  const r = v as { normalMatrix?: unknown; permutation?: unknown } | null;
  if (
    r === null || typeof r !== "object" || typeof r.normalMatrix !== "function" ||
    typeof r.permutation !== "function"
  ) {
    throw new TypeError(`${what} must be an Rng (new Rng(seed)), got ${describeValue(v)}`);
  }
}

/** Throws a TypeError unless `v` is a (non-null, non-array) object. */
export function assertObject(v: unknown, context: string): asserts v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v) || ArrayBuffer.isView(v)) {
    throw new TypeError(`${context} must be an object, got ${describeValue(v)}`);
  }
}

/** What a Matrix looks like to a check that also accepts one made by another copy of the library. */
export interface MatrixShaped {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Whether v has numeric rows and cols and a Float64Array data (a Matrix, from any copy). */
export function isMatrixShaped(v: unknown): v is MatrixShaped {
  const m = v as { rows?: unknown; cols?: unknown; data?: unknown } | null;
  return m !== null && typeof m === "object" && typeof m.rows === "number" &&
    typeof m.cols === "number" && m.data instanceof Float64Array;
}

/**
 * Throws a TypeError unless `v` is a Matrix: integer rows and cols and a Float64Array `data` of
 * rows · cols entries (so a plain object { rows, cols, data: [...] }, a Float32Array-backed copy
 * or a nested array is refused by name instead of read as garbage).
 */
export function assertMatrixLike(v: unknown, context: string): void {
  if (!isMatrixShaped(v)) {
    throw new TypeError(`${context} must be a Matrix, got ${describeValue(v)}${matrixHint(v)}`);
  }
  const m = v as { rows: number; cols: number; data: Float64Array };
  if (
    !Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 0 || m.cols < 0 ||
    m.data.length !== m.rows * m.cols
  ) {
    throw new TypeError(
      `${context} must be a Matrix, got an object claiming ${m.rows}×${m.cols} with ` +
        `${m.data.length} entries`,
    );
  }
}

function matrixHint(v: unknown): string {
  if (Array.isArray(v) && Array.isArray(v[0])) return "; build one with Matrix.from(rows)";
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return "; build one with Matrix.column(values)";
  const d = (v as { data?: unknown } | null)?.data;
  if (d !== undefined && !(d instanceof Float64Array)) {
    return ` whose data is ${describeValue(d)}, not a Float64Array`;
  }
  return "";
}

/**
 * Throws a TypeError unless `options` is undefined or a plain object, and a RangeError naming
 * the first key that is not an option of `who` (a misspelt `learningrate` must not be silently
 * ignored). `known` lists every option; typing it as a record over `keyof T` makes the compiler
 * insist that it is complete. Returns the options, `{}` for undefined.
 */
export function checkOptions<T extends object>(
  options: T | undefined,
  known: { readonly [K in keyof Required<T>]: unknown },
  who: string,
): T {
  if (options === undefined) return {} as T;
  if (
    options === null || typeof options !== "object" || Array.isArray(options) ||
    ArrayBuffer.isView(options) || isMatrixShaped(options)
  ) {
    throw new TypeError(`${who}: options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(known, key)) {
      const names = Object.keys(known);
      const close = names.find((n) => n.toLowerCase() === key.toLowerCase());
      const hint = close !== undefined ? `; did you mean ${close}?` : "";
      throw new RangeError(
        `${who}: unknown option ${JSON.stringify(key)}${hint} (the options are ` +
          `${names.join(", ")})`,
      );
    }
  }
  return options;
}

/**
 * Throws unless `labels` holds m integer classes in [0, k): a TypeError when it is not an array
 * or an entry is not a number, a RangeError naming the first bad entry by its index (in the
 * whole set, so that it can be found) and the range otherwise. O(m).
 */
export function assertLabels(
  labels: unknown,
  m: number,
  k: number,
  context: string,
): asserts labels is ArrayLike<number> {
  assertArrayLike(labels, `${context} labels`);
  if (labels.length !== m) {
    throw new RangeError(`${context}: ${labels.length} labels for ${m} examples`);
  }
  if (labels instanceof Int32Array || labels instanceof Uint8Array) {
    for (let j = 0; j < m; j++) {
      if (labels[j] < 0 || labels[j] >= k) badLabel(labels, j, k, context);
    }
    return;
  }
  for (let j = 0; j < m; j++) {
    const y = labels[j] as number;
    if (!(Number.isInteger(y) && y >= 0 && y < k)) badLabel(labels, j, k, context);
  }
}

function badLabel(labels: ArrayLike<unknown>, j: number, k: number, context: string): never {
  const y = labels[j];
  const message = `${context}: labels[${j}] is ${describeValue(y)}, not an integer class in ` +
    `[0, ${k})`;
  throw typeof y === "number" ? new RangeError(message) : new TypeError(message);
}

/** Whether two matrices' entries occupy some of the same bytes of memory. */
export function sharesMemory(
  a: { readonly data: Float64Array },
  b: { readonly data: Float64Array },
): boolean {
  const x = a.data;
  const y = b.data;
  if (x.buffer !== y.buffer || x.length === 0 || y.length === 0) return false;
  return x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}

/**
 * Throws a RangeError when the output buffer `out` overlaps the memory of one of the named
 * inputs (the same array, or another view of the same bytes): writing the result would change
 * an input that is still being read.
 */
export function assertApart(
  out: { readonly data: Float64Array },
  inputs: readonly (readonly [name: string, m: { readonly data: Float64Array }])[],
  context: string,
): void {
  for (const [name, m] of inputs) {
    if (sharesMemory(out, m)) {
      throw new RangeError(
        `${context}: the output buffer shares memory with ${name}, which is still being read; ` +
          "pass a separate buffer",
      );
    }
  }
}

/**
 * A cheap fingerprint of a vector's exact bits (two 32-bit sums over its words, one weighted by
 * position): any change to a single entry changes it, and so does almost any other change. A
 * forward pass stores it with its cache; the backward pass recomputes it to notice an input that
 * was changed in place in between. O(length).
 */
export function fingerprint(v: Float64Array): number {
  const words = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    sum = (sum + w) | 0;
    weighted = (weighted + Math.imul(w, i | 1)) | 0;
  }
  return (sum & 0x1fffff) * 4294967296 + (weighted >>> 0); // 53 bits, exact in a double
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
