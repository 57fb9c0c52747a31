// Private: the machinery every exercise check shares. A Trial calls the student's function on
// one case after another, names a wrong type or shape, compares values with a reference, and on
// the first disagreement stops with a diagnosis: a known mistake of that exercise (a hypothesis
// whose wrong answer the student's matches), else the error pattern read by diagnoseGradient,
// else the worst entry.

import { entryRelError } from "../core/all_close.ts";
import { Matrix } from "../core/matrix.ts";
import type { Rng } from "../core/random.ts";
import { describeValue, isMatrixShaped } from "../core/_shape.ts";
import { diagnoseGradient } from "./diagnose_gradient.ts";
import type { ExerciseEntry, ExerciseMeasure, ExerciseMismatch } from "./exercise_report.ts";
import { isNotImplemented } from "./not_implemented.ts";

/** The sizes of a case by their fixed letters, e.g. { k: 3, n: 4, m: 5 }. */
export type Dims = Readonly<Record<string, number>>;

/** A value a check compares: a number, a vector or a matrix. */
export type Value = number | ArrayLike<number> | Matrix;

/** A known mistake: the wrong answer it gives, and what to tell the student when theirs matches. */
export interface Hypothesis {
  /** What is wrong and how to fix it, in a sentence or two. */
  message: string;
  /** The value this mistake produces for the current case (computed only when needed). */
  value: () => Value;
}

/** Options of {@linkcode Trial.compare}. */
export interface CompareOptions {
  /** What the expected values are: "central differences", "linearBackward", … */
  against: string;
  /** The largest acceptable relative error. @default {1e-7} */
  bound?: number;
  /** Known mistakes of this quantity, tried in order on a disagreement. */
  hypotheses?: readonly Hypothesis[];
  /**
   * For a derivative: the point it was taken at (x's entries, row-major, same size as the
   * quantity), so that diagnoseGradient can read the error pattern (a transpose, λx, …).
   */
  point?: ArrayLike<number>;
  /** The quantity's shape for messages and heatmaps. @default {the value's own shape} */
  rows?: number;
  /** See `rows`. */
  cols?: number;
}

/** Thrown inside a check when the student's function is (or calls) an unwritten stub. */
export class Waiting extends Error {
  /** The stub that threw the marker. */
  readonly stub: string;
  constructor(stub: string) {
    super(`${stub} is not implemented yet`);
    this.stub = stub;
  }
}

/**
 * Thrown inside a check at the first disagreement. Its diagnosis never names the student's
 * function: the report's headline does ("✗ myLinearBackward: it threw RangeError: …").
 */
export class Failure extends Error {
  /** What is wrong, in words. */
  readonly diagnosis: string;
  /** The compared values, when values were compared. */
  readonly mismatch: ExerciseMismatch | undefined;
  constructor(diagnosis: string, mismatch?: ExerciseMismatch) {
    super(diagnosis);
    this.diagnosis = diagnosis;
    this.mismatch = mismatch;
  }
}

/** Default bound on relative errors (cs231n's for float64 and smooth functions). */
export const BOUND = 1e-7;

/** How closely a student's value must match a hypothesis's wrong value to be named by it. */
const SAME = 1e-6;

/** One run of a check: the cases so far, what was measured, and the helpers the specs use. */
export class Trial {
  /** The student's function's name, which an empty body (undefined returned) is waiting for. */
  readonly fn: string;
  /** The case being run, e.g. "k = 3, n = 4, m = 5". */
  caseLabel = "";
  /** Its sizes by letter. */
  dims: Dims = {};
  /** Every case begun so far. */
  readonly cases: string[] = [];
  /** Extra lines for the passed report. */
  readonly notes: string[] = [];
  readonly #measures = new Map<string, ExerciseMeasure>();

  constructor(fn: string) {
    this.fn = fn;
  }

  /** The measures so far, in the order first met. */
  get measures(): ExerciseMeasure[] {
    return [...this.#measures.values()];
  }

  /** Starts a case, named by its sizes (or by `label` when given). */
  begin(dims: Dims, label?: string): void {
    this.dims = dims;
    this.caseLabel = label ??
      Object.entries(dims).map(([letter, size]) => `${letter} = ${size}`).join(", ");
    this.cases.push(this.caseLabel);
  }

  /**
   * Calls the student's function. Its not-implemented marker (also from a function it calls)
   * becomes Waiting; `undefined` as a result does too when `undefinedIsWaiting` (an empty
   * body); any other error becomes a Failure that quotes it.
   */
  async call<T>(run: () => T | Promise<T>, undefinedIsWaiting = true): Promise<T> {
    let result: T;
    try {
      result = await run();
    } catch (error) {
      if (isNotImplemented(error)) throw new Waiting(error.function);
      if (error instanceof Failure || error instanceof Waiting) throw error;
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new Failure(`it threw ${text.split("\n")[0]}${this.hint(text)}`);
    }
    if (result === undefined && undefinedIsWaiting) throw new Waiting(this.fn);
    return result;
  }

  /** Stops the check with a diagnosis. */
  fail(diagnosis: string, mismatch?: ExerciseMismatch): never {
    throw new Failure(diagnosis, mismatch);
  }

  /** Reads `key` of a returned object, naming what is missing. */
  field(value: unknown, key: string, what: string): unknown {
    if (value === null || typeof value !== "object") {
      this.fail(`it returned ${describeValue(value)}; it must return ${what}`);
    }
    if (!(key in value)) {
      const keys = Object.keys(value);
      this.fail(
        `it returned an object without ${key} (it has ${
          keys.length === 0 ? "no fields" : keys.join(", ")
        }); it must return ${what}`,
      );
    }
    return (value as Record<string, unknown>)[key];
  }

  /** Writes a shape in numbers and, when the letters tell them apart, in letters: "4 × 3 (n × k)". */
  shape(rows: number, cols: number): string {
    const letter = (size: number): string | undefined => {
      const found = Object.entries(this.dims).filter(([, v]) => v === size).map(([l]) => l);
      return found.length === 1 ? found[0] : size === 1 ? "1" : undefined;
    };
    const [r, c] = [letter(rows), letter(cols)];
    const lettered = r !== undefined && c !== undefined && !(r === "1" && c === "1")
      ? ` (${r} × ${c})`
      : "";
    return `${rows} × ${cols}${lettered}`;
  }

  /**
   * Checks that `value` is a rows × cols Matrix and returns it; otherwise fails naming what it
   * is: a plain array, a Float64Array (of the wrong length), a transposed or other shape.
   * `hint(rows, cols)` may explain a particular wrong shape (e.g. a sum over the wrong axis).
   */
  matrix(
    name: string,
    value: unknown,
    rows: number,
    cols: number,
    hint?: (rows: number, cols: number) => string | undefined,
  ): Matrix {
    const due = this.shape(rows, cols);
    if (isMatrixShaped(value)) {
      if (value.rows === rows && value.cols === cols) {
        return value instanceof Matrix ? value : new Matrix(rows, cols, value.data);
      }
      const special = hint?.(value.rows, value.cols);
      const found = `${name} is ${this.shape(value.rows, value.cols)} where ${due} is due`;
      if (special !== undefined) this.fail(`${special}; ${found}`);
      if (value.rows === cols && value.cols === rows) {
        this.fail(
          `${name} came out transposed: ${found} (a product in the wrong order, or Xᵀ where X ` +
            "belongs)",
        );
      }
      this.fail(found);
    }
    if (Array.isArray(value)) {
      this.fail(
        `${name} is a plain array (${describeArray(value)}), not a Matrix: return a ${due} ` +
          "Matrix (Matrix.from(rows) turns nested arrays into one)",
      );
    }
    if (value instanceof Float64Array) {
      const size = rows * cols;
      this.fail(
        `${name} is a Float64Array of length ${value.length}, not a Matrix: return a ${due} ` +
          (value.length === size
            ? `Matrix (new Matrix(${rows}, ${cols}, data) wraps it)`
            : `Matrix, which has ${size} entries`),
      );
    }
    this.fail(`${name} is ${describeValue(value)}, not a Matrix: return a ${due} Matrix`);
  }

  /** Checks that `value` is a Float64Array of the given length (the letter names it) and returns it. */
  vector(name: string, value: unknown, length: number, letter: string): Float64Array {
    if (value instanceof Float64Array) {
      if (value.length === length) return value;
      this.fail(
        `${name} has length ${value.length} where ${letter} = ${length} is due` +
          (length > 1 && value.length === length * length
            ? ` (${letter}² entries: a matrix?)`
            : ""),
      );
    }
    if (Array.isArray(value)) {
      this.fail(
        `${name} is a plain array of length ${value.length}, not a Float64Array: return ` +
          `Float64Array.from(values) (length ${letter} = ${length})`,
      );
    }
    if (isMatrixShaped(value)) {
      this.fail(
        `${name} is a ${value.rows} × ${value.cols} Matrix where a Float64Array of length ` +
          `${letter} = ${length} is due (a vector, e.g. matrix.column(0))`,
      );
    }
    this.fail(
      `${name} is ${describeValue(value)}, not a Float64Array of length ${letter} = ${length}`,
    );
  }

  /** Checks that `value` is an array (plain or typed) of `length` numbers and copies it. */
  numbers(name: string, value: unknown, length: number, letter: string): Float64Array {
    if (Array.isArray(value) || value instanceof Float64Array) {
      if (value.length !== length) {
        this.fail(`${name} has length ${value.length} where ${letter} = ${length} is due`);
      }
      const out = Float64Array.from(value as ArrayLike<unknown>, (v) => Number(v));
      const bad = Array.from(value as ArrayLike<unknown>).findIndex((v) => typeof v !== "number");
      if (bad >= 0) {
        this.fail(`${name}[${bad}] is ${describeValue((value as unknown[])[bad])}, not a number`);
      }
      return out;
    }
    this.fail(`${name} is ${describeValue(value)}, not an array of ${letter} = ${length} numbers`);
  }

  /** Checks that `value` is a number. */
  scalar(name: string, value: unknown): number {
    if (typeof value === "number") return value;
    if (isMatrixShaped(value) && value.rows * value.cols === 1) {
      this.fail(`${name} is a 1 × 1 Matrix, not a number: return its entry (M.get(0, 0))`);
    }
    this.fail(`${name} is ${describeValue(value)}, not a number`);
  }

  /** Records an agreement that needs no comparison of entries (e.g. an accuracy). */
  note(line: string): void {
    this.notes.push(line);
  }

  /**
   * Compares the student's value with the expected one (same shape, checked before) and
   * records the largest relative error; on a disagreement above the bound, fails with a
   * diagnosis.
   */
  compare(name: string, yours: Value, expected: Value, options: CompareOptions): void {
    const bound = options.bound ?? BOUND;
    const a = entries(yours);
    const e = entries(expected);
    if (a.length !== e.length) {
      throw new RangeError(`compare ${name}: ${a.length} and ${e.length} entries`); // a spec bug
    }
    const errors = Float64Array.from(a, (v, i) => entryRelError(e[i], v)); // never NaN
    const worst = errors.length === 0 ? 0 : errors[worstOf(errors)];
    const key = `${name} | ${options.against}`;
    const measure = this.#measures.get(key);
    if (measure === undefined) {
      this.#measures.set(key, { quantity: name, against: options.against, error: worst, bound });
    } else if (!(worst <= measure.error)) {
      measure.error = worst;
    }
    if (worst <= bound) return;
    const [rows, cols] = options.rows !== undefined
      ? [options.rows, options.cols ?? 1]
      : shapeOfValue(yours);
    const mismatch = mismatchOf(name, a, e, errors, rows, cols, options.against);
    this.fail(this.#diagnose(name, a, e, errors, rows, cols, options, bound), mismatch);
  }

  /** Tells the student what a shape error thrown inside their function usually means. */
  hint(text: string): string {
    if (/Cannot multiply/.test(text)) {
      return ` (in the case ${this.caseLabel}): write down each factor's shape in the letters ` +
        `${Object.keys(this.dims).join(", ")} and check the product's inner sizes agree`;
    }
    return ` (in the case ${this.caseLabel})`;
  }

  #diagnose(
    name: string,
    a: Float64Array,
    e: Float64Array,
    errors: Float64Array,
    rows: number,
    cols: number,
    options: CompareOptions,
    bound: number,
  ): string {
    for (const h of options.hypotheses ?? []) {
      let candidate: Float64Array;
      try {
        candidate = entries(h.value());
      } catch {
        continue; // this mistake cannot even be computed for this case
      }
      if (candidate.length === a.length && sameValues(a, candidate)) return h.message;
    }
    const bad = a.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      return `${name} has ${a[bad]} at entry ${locate(bad, rows, cols)}: look for an ` +
        "exponential that overflows, a log of 0 or a 0/0";
    }
    if (options.point !== undefined && options.point.length === a.length) {
      const d = diagnoseGradient({
        kind: "gradient",
        passed: false,
        numerical: e,
        analytic: a,
        rows,
        cols,
        point: Float64Array.from(options.point),
        tolerance: bound,
      });
      if (d.kind !== "unknown" && d.kind !== "finite-difference-noise") {
        return `${name}: ${d.message.replace(/\banalytic\b/g, "yours")}`;
      }
    }
    const pattern = valuePattern(a, e);
    if (pattern !== undefined) return `${name} ${pattern}`;
    const i = worstOf(errors);
    return `${name} disagrees with ${options.against}: max relative error ` +
      `${errors[i].toExponential(2)} > ${bound}, worst at entry ${locate(i, rows, cols)}: ` +
      `expected ${e[i]}, yours ${a[i]}`;
  }
}

/** Row-major entries of a value. */
export function entries(v: Value): Float64Array {
  if (typeof v === "number") return new Float64Array([v]);
  if (v instanceof Matrix) return v.data;
  return Float64Array.from(v);
}

/** Whether two arrays agree entry by entry (NaN matching NaN, equal infinities matching). */
export function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
    if (!(entryRelError(a[i], b[i]) <= SAME)) return false;
  }
  return true;
}

function describeArray(value: unknown[]): string {
  if (value.length > 0 && Array.isArray(value[0])) {
    return `${value.length} rows of ${(value[0] as unknown[]).length}`;
  }
  return `length ${value.length}`;
}

function shapeOfValue(v: Value): [number, number] {
  if (typeof v === "number") return [1, 1];
  if (v instanceof Matrix) return [v.rows, v.cols];
  return [v.length, 1];
}

function locate(index: number, rows: number, cols: number): string {
  if (rows * cols === 1) return "0";
  if (cols === 1) return String(index);
  return `(${Math.floor(index / cols)}, ${index % cols})`;
}

function mismatchOf(
  quantity: string,
  yours: Float64Array,
  expected: Float64Array,
  errors: Float64Array,
  rows: number,
  cols: number,
  against: string,
): ExerciseMismatch {
  const order = Array.from(errors.keys()).sort((i, j) =>
    (errors[j] > errors[i] ? 1 : errors[j] < errors[i] ? -1 : 0) || i - j
  );
  const worst: ExerciseEntry[] = order.slice(0, 5).map((i) => ({
    location: rows * cols === 1 ? "" : locate(i, rows, cols),
    expected: expected[i],
    yours: yours[i],
    relError: errors[i],
  }));
  const expectedLabel = against === "central differences"
    ? "numerical (central differences)"
    : `expected (${against})`;
  return {
    quantity,
    expectedLabel,
    entries: worst,
    rows,
    cols,
    expected: expected.slice(),
    yours: yours.slice(),
  };
}

/** The index of the largest error (the first of equals); errors are never NaN. */
function worstOf(errors: Float64Array): number {
  let at = 0;
  for (let i = 1; i < errors.length; i++) if (errors[i] > errors[at]) at = i;
  return at;
}

/** A constant ratio, a zero or a flipped sign between a student's values and the expected ones. */
function valuePattern(a: Float64Array, e: Float64Array): string | undefined {
  let ee = 0;
  let ae = 0;
  let aa = 0;
  for (let i = 0; i < a.length; i++) {
    ee += e[i] * e[i];
    ae += a[i] * e[i];
    aa += a[i] * a[i];
  }
  if (aa === 0 && ee > 0) return "is zero everywhere";
  if (ee === 0) return undefined;
  const c = ae / ee;
  let r = 0;
  for (let i = 0; i < a.length; i++) r += (a[i] - c * e[i]) ** 2;
  if (!(Math.sqrt(r) <= 1e-6 * Math.sqrt(aa))) return undefined;
  if (Math.abs(c + 1) <= 1e-6) return "has the wrong sign everywhere";
  return `is ${Number(c.toPrecision(6))} × the expected value everywhere: a constant factor ` +
    "is wrong or missing";
}

/** Any function a student hands to a check; each spec casts it to its exercise's signature. */
export type StudentFunction = (...args: never[]) => unknown;

/** One exercise: what it is, and how to run a student's function through its cases. */
export interface ExerciseSpec {
  /** The id, also the method name of `exercise`, e.g. "linearBackward". */
  readonly id: string;
  /** A short title, e.g. "linear backward". */
  readonly title: string;
  /** The equations it implements, e.g. "E5". */
  readonly equation: string;
  /** The name the stub gives the student's function, e.g. "myLinearBackward". */
  readonly fn: string;
  /** Runs every case; throws Waiting or Failure, or returns when all agree. */
  run(fn: StudentFunction, t: Trial): Promise<void>;
}

/** A seeded n × m matrix whose entries stay at least `gap` away from 0 (no ReLU kink within h). */
export function awayFromZero(rng: Rng, rows: number, cols: number, gap = 0.1): Matrix {
  return rng.normalMatrix(rows, cols).map((v) => (v >= 0 ? gap + v : v - gap));
}
