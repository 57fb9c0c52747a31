/**
 * The dense matrix that every other module of the library works on.
 *
 * Storage convention (the note's, section 2): a batch of m examples with n features each is an
 * n × m matrix, one example per **column**. Entries are stored row-major in a flat
 * `Float64Array`: entry (i, j) lives at `data[i * cols + j]`.
 *
 * @module
 */

import {
  assertArrayLike,
  assertCount,
  assertFunction,
  assertNumber,
  describeValue,
  shapeOf,
} from "./_shape.ts";
import { matrixDisplay } from "./_matrix_display.ts";

/**
 * A dense rows × cols matrix of float64 numbers, stored row-major in `data`.
 *
 * @example Build, read and write entries
 * ```ts
 * import { Matrix } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const A = Matrix.from([[1, 2, 3], [4, 5, 6]]); // 2 × 3
 * assert.equal(A.rows, 2);
 * assert.equal(A.cols, 3);
 * assert.equal(A.get(1, 0), 4);
 * A.set(1, 0, -4);
 * assert.deepEqual(A.toArray(), [[1, 2, 3], [-4, 5, 6]]);
 * assert.deepEqual([...A.data], [1, 2, 3, -4, 5, 6]); // row-major
 * ```
 */
export class Matrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns (for a batch: the number of examples m). */
  readonly cols: number;
  /** The entries, row-major: entry (i, j) is `data[i * cols + j]`. */
  readonly data: Float64Array;

  /**
   * Wraps `data` (without copying) or allocates zeros.
   *
   * @param rows Number of rows, a non-negative integer.
   * @param cols Number of columns, a non-negative integer.
   * @param data Optional row-major entries of length rows · cols; it is shared, not copied.
   * @throws {RangeError} When a size is not a non-negative integer, the matrix is too large to
   * allocate, or `data` has the wrong length.
   * @throws {TypeError} When a size is not a number or `data` is not a Float64Array.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const M = new Matrix(2, 2, new Float64Array([1, 2, 3, 4]));
   * assert.equal(M.get(0, 1), 2);
   * assert.throws(() => new Matrix(2, 2, new Float64Array(3)), RangeError);
   * ```
   */
  constructor(rows: number, cols: number, data?: Float64Array) {
    assertCount(rows, "Matrix rows");
    assertCount(cols, "Matrix cols");
    if (data === undefined) {
      data = allocate(rows, cols);
    } else if (!(data instanceof Float64Array)) {
      throw new TypeError(`Matrix data must be a Float64Array, got ${describeValue(data)}`);
    } else if (data.length !== rows * cols) {
      throw new RangeError(
        `Matrix ${rows}×${cols} needs ${rows * cols} entries, got ${data.length}`,
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /**
   * Copies a nested array, one inner array per row.
   *
   * @param rows The rows; all must have the same length and hold finite or infinite numbers.
   * @returns A new matrix with `rows.length` rows.
   * @throws {RangeError} When the rows are ragged.
   * @throws {TypeError} When an entry is not a number.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.equal(Matrix.from([[1, 2], [3, 4], [5, 6]]).rows, 3);
   * assert.throws(() => Matrix.from([[1, 2], [3]]), RangeError);
   * ```
   */
  static from(rows: readonly (readonly number[])[]): Matrix {
    if (!Array.isArray(rows)) {
      throw new TypeError(`Matrix.from expects an array of rows, got ${describeValue(rows)}`);
    }
    const m = rows.length;
    if (m > 0 && !Array.isArray(rows[0])) {
      throw new TypeError(`Matrix.from: row 0 is ${describeValue(rows[0])}, not an array`);
    }
    const n = m === 0 ? 0 : rows[0].length;
    const out = new Matrix(m, n);
    for (let i = 0; i < m; i++) {
      const row = rows[i];
      if (!Array.isArray(row)) {
        throw new TypeError(`Matrix.from: row ${i} is ${describeValue(row)}, not an array`);
      }
      if (row.length !== n) {
        throw new RangeError(
          `Matrix.from: ragged rows, row 0 has ${n} entries but row ${i} has ${row.length}`,
        );
      }
      for (let j = 0; j < n; j++) {
        const v = row[j];
        if (typeof v !== "number") {
          throw new TypeError(
            `Matrix.from: entry (${i}, ${j}) is ${describeValue(v)}, not a number`,
          );
        }
        out.data[i * n + j] = v;
      }
    }
    return out;
  }

  /**
   * A rows × cols matrix of zeros.
   *
   * @param rows Number of rows.
   * @param cols Number of columns.
   * @returns A new zero matrix.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual(Matrix.zeros(2, 3).toArray(), [[0, 0, 0], [0, 0, 0]]);
   * ```
   */
  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  /**
   * A rows × cols matrix with every entry equal to `value`.
   *
   * @param rows Number of rows.
   * @param cols Number of columns.
   * @param value The entry.
   * @returns A new matrix.
   * @throws {TypeError} When `value` is not a number.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual(Matrix.full(1, 2, 7).toArray(), [[7, 7]]);
   * ```
   */
  static full(rows: number, cols: number, value: number): Matrix {
    assertNumber(value, "Matrix.full value", "a number", () => true);
    const out = new Matrix(rows, cols);
    out.data.fill(value);
    return out;
  }

  /**
   * The n × n identity matrix.
   *
   * @param n Its size.
   * @returns A new identity matrix.
   * @throws {RangeError} When n is not a non-negative integer.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual(Matrix.identity(2).toArray(), [[1, 0], [0, 1]]);
   * ```
   */
  static identity(n: number): Matrix {
    assertCount(n, "Matrix.identity n");
    const out = new Matrix(n, n);
    for (let i = 0; i < n; i++) out.data[i * n + i] = 1;
    return out;
  }

  /**
   * A column vector (n × 1 matrix) holding a copy of `values`.
   *
   * @param values The n entries.
   * @returns A new n × 1 matrix.
   * @throws {TypeError} When `values` is not array-like or an entry is not a number.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const x = Matrix.column([1, 2, 3]);
   * assert.equal(x.rows, 3);
   * assert.equal(x.cols, 1);
   * assert.throws(() => Matrix.column(["1"] as unknown as number[]), /entry 0 is "1" \(a string\)/);
   * ```
   */
  static column(values: ArrayLike<number>): Matrix {
    assertArrayLike(values, "Matrix.column values");
    const out = new Matrix(values.length, 1);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== "number") notANumber(v, `Matrix.column: entry ${i} is`);
      out.data[i] = v;
    }
    return out;
  }

  /**
   * The matrix whose columns are the given vectors (m columns of length n give an n × m matrix).
   *
   * @param columns The columns; all must have the same length.
   * @returns A new n × m matrix.
   * @throws {RangeError} When the columns have different lengths.
   * @throws {TypeError} When a column is not array-like or an entry is not a number.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual(Matrix.fromColumns([[1, 2], [3, 4], [5, 6]]).toArray(), [[1, 3, 5], [2, 4, 6]]);
   * ```
   */
  static fromColumns(columns: readonly ArrayLike<number>[]): Matrix {
    assertArrayLike(columns, "Matrix.fromColumns columns");
    const m = columns.length;
    if (m > 0) assertArrayLike(columns[0], "Matrix.fromColumns: column 0");
    const n = m === 0 ? 0 : columns[0].length;
    const out = new Matrix(n, m);
    for (let j = 0; j < m; j++) {
      const c = columns[j];
      assertArrayLike(c, `Matrix.fromColumns: column ${j}`);
      if (c.length !== n) {
        throw new RangeError(
          `Matrix.fromColumns: column 0 has ${n} entries but column ${j} has ${c.length}`,
        );
      }
      for (let i = 0; i < n; i++) {
        const v = c[i];
        if (typeof v !== "number") {
          notANumber(v, `Matrix.fromColumns: entry ${i} of column ${j} is`);
        }
        out.data[i * m + j] = v;
      }
    }
    return out;
  }

  /** The shape as text, e.g. `"3×4"`; used in every error message. */
  get shape(): string {
    return shapeOf(this);
  }

  /** Number of entries, rows · cols. */
  get size(): number {
    return this.data.length;
  }

  /**
   * Entry (i, j).
   *
   * @param i Row index, 0 ≤ i < rows.
   * @param j Column index, 0 ≤ j < cols.
   * @returns The entry.
   * @throws {RangeError} When (i, j) is outside the matrix.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.equal(Matrix.from([[1, 2], [3, 4]]).get(1, 1), 4);
   * ```
   */
  get(i: number, j: number): number {
    this.#checkIndex(i, j);
    return this.data[i * this.cols + j];
  }

  /**
   * Sets entry (i, j) to `value`.
   *
   * @param i Row index, 0 ≤ i < rows.
   * @param j Column index, 0 ≤ j < cols.
   * @param value The new entry.
   * @throws {RangeError} When (i, j) is outside the matrix.
   * @throws {TypeError} When `value` is not a number.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const M = Matrix.zeros(2, 2);
   * M.set(0, 1, 5);
   * assert.equal(M.data[1], 5);
   * ```
   */
  set(i: number, j: number, value: number): void {
    this.#checkIndex(i, j);
    if (typeof value !== "number") {
      notANumber(value, `Matrix.set: the value for entry (${i}, ${j}) is`);
    }
    this.data[i * this.cols + j] = value;
  }

  /**
   * A copy of column j (for a batch: example j) as a vector of length rows.
   *
   * @param j Column index.
   * @returns A new Float64Array.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual([...Matrix.from([[1, 2], [3, 4]]).column(1)], [2, 4]);
   * ```
   */
  column(j: number): Float64Array {
    this.#checkIndex(0, j, true);
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = this.data[i * this.cols + j];
    return out;
  }

  /**
   * A copy of row i as a vector of length cols.
   *
   * @param i Row index.
   * @returns A new Float64Array.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual([...Matrix.from([[1, 2], [3, 4]]).row(1)], [3, 4]);
   * ```
   */
  row(i: number): Float64Array {
    this.#checkIndex(i, 0, false, true);
    return this.data.slice(i * this.cols, (i + 1) * this.cols);
  }

  /**
   * A deep copy.
   *
   * @returns A new matrix with its own data.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const A = Matrix.from([[1]]);
   * const B = A.clone();
   * B.set(0, 0, 2);
   * assert.equal(A.get(0, 0), 1);
   * ```
   */
  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /**
   * The transpose, a new cols × rows matrix.
   *
   * @returns Aᵀ.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual(Matrix.from([[1, 2, 3]]).transpose().toArray(), [[1], [2], [3]]);
   * ```
   */
  transpose(): Matrix {
    const { rows, cols, data } = this;
    const out = new Matrix(cols, rows);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out.data[j * rows + i] = data[i * cols + j];
    }
    return out;
  }

  /**
   * Applies `fn` to every entry.
   *
   * @param fn Called with the entry and its row and column; must return a number.
   * @returns A new matrix of the same shape.
   * @throws {TypeError} When `fn` is not a function or returns something other than a number.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual(Matrix.from([[1, -2]]).map(Math.abs).toArray(), [[1, 2]]);
   * ```
   */
  map(fn: (value: number, i: number, j: number) => number): Matrix {
    assertFunction(fn, "Matrix.map fn");
    const { rows, cols, data } = this;
    const out = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v = fn(data[i * cols + j], i, j);
        if (typeof v !== "number") notANumber(v, `Matrix.map: fn at entry (${i}, ${j}) returned`);
        out.data[i * cols + j] = v;
      }
    }
    return out;
  }

  /**
   * The entries as nested arrays, one per row.
   *
   * @returns A new `number[][]`.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual(Matrix.zeros(1, 2).toArray(), [[0, 0]]);
   * ```
   */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }

  /**
   * A readable multi-line rendering, used by `console.log` and string conversion.
   *
   * @returns The shape and the rows, entries with 4 significant digits.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.equal(Matrix.from([[1, 0.5]]).toString(), "Matrix 1×2\n[   1  0.5 ]");
   * ```
   */
  toString(): string {
    const maxRows = 12;
    const maxCols = 10;
    const lines: string[] = [`Matrix ${this.shape}`];
    const cells: string[][] = [];
    for (let i = 0; i < Math.min(this.rows, maxRows); i++) {
      const row: string[] = [];
      for (let j = 0; j < Math.min(this.cols, maxCols); j++) {
        row.push(formatEntry(this.data[i * this.cols + j]));
      }
      if (this.cols > maxCols) row.push("…");
      cells.push(row);
    }
    const width = Math.max(0, ...cells.flat().map((s) => s.length));
    for (const row of cells) lines.push(`[ ${row.map((s) => s.padStart(width)).join("  ")} ]`);
    if (this.rows > maxRows) lines.push(`… ${this.rows - maxRows} more rows`);
    return lines.join("\n");
  }

  /** Makes `console.log(M)` in Deno print {@linkcode Matrix.toString}. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /**
   * Called by the Deno Jupyter kernel to show the matrix: up to 12 × 10 it is typeset (an HTML
   * table in brackets, and LaTeX), larger ones are summarized by shape and range.
   *
   * @returns A MIME bundle with `text/plain`, `text/html` and, when typeset, `text/latex`.
   *
   * @example
   * ```ts
   * import { Matrix } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * type Shows = Record<symbol, () => Record<string, string>>;
   * const show = (M: Matrix) => (M as unknown as Shows)[Symbol.for("Jupyter.display")]();
   * assert.match(show(Matrix.identity(2))["text/latex"] ?? "", /begin\{array\}\{rr\} 1 & 0/);
   * assert.match(show(Matrix.zeros(784, 100))["text/html"], /Matrix 784×100/);
   * ```
   */
  [Symbol.for("Jupyter.display")](): {
    "text/plain": string;
    "text/html": string;
    "text/latex"?: string;
  } {
    return matrixDisplay(this);
  }

  #checkIndex(i: number, j: number, columnOnly = false, rowOnly = false): void {
    const rowOk = columnOnly || (Number.isInteger(i) && i >= 0 && i < this.rows);
    const colOk = rowOnly || (Number.isInteger(j) && j >= 0 && j < this.cols);
    if (!rowOk || !colOk) {
      const [a, b] = [describeValue(i), describeValue(j)];
      const what = columnOnly ? `column ${b}` : rowOnly ? `row ${a}` : `entry (${a}, ${b})`;
      const typed = (columnOnly || typeof i === "number") && (rowOnly || typeof j === "number");
      const message = `Cannot access ${what} of a ${this.shape} matrix`;
      throw typed ? new RangeError(message) : new TypeError(`${message}: indices are numbers`);
    }
  }
}

function notANumber(v: unknown, what: string): never {
  throw new TypeError(`${what} ${describeValue(v)}, not a number`);
}

function formatEntry(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  return Number(v.toPrecision(4)).toString();
}

/** The largest number of entries a Float64Array may hold in this engine (2³² − 1 in V8). */
const MAX_ENTRIES = 2 ** 32 - 1;

/** A zero-filled Float64Array for rows × cols, or a RangeError that says why not. */
function allocate(rows: number, cols: number): Float64Array {
  const n = rows * cols;
  const size = `Matrix ${rows}×${cols} would hold ${n} entries (${formatBytes(8 * n)})`;
  if (n > MAX_ENTRIES) {
    throw new RangeError(`${size}, more than the ${MAX_ENTRIES} an array can hold`);
  }
  try {
    return new Float64Array(n);
  } catch (error) {
    throw new RangeError(`${size}: allocation failed (${(error as Error).message})`);
  }
}

function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let u = 0;
  while (bytes >= 1024 && u < units.length - 1) [bytes, u] = [bytes / 1024, u + 1];
  return `${Number(bytes.toPrecision(3))} ${units[u]}`;
}
