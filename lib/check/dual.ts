/**
 * Forward-mode dual numbers: the third derivative check, with no step size and so no
 * truncation or round-off trade-off.
 *
 * A dual number a + b ε with ε² = 0 carries a value a and a tangent b. Every operation applies
 * the chain rule to the tangent exactly: (a + b ε)(c + d ε) = ac + (ad + bc) ε, and
 * g(a + b ε) = g(a) + g′(a) b ε. Seeding the tangent of input j with 1 and all others with 0,
 * one forward pass yields column j of the Jacobian, correct to rounding (about 1e-16 relative),
 * where a central difference is limited to about 1e-10 by its step.
 *
 * {@linkcode Dual} holds a matrix of values and a matrix of tangents of the same shape; the
 * functions below (arithmetic, exp, log, tanh, sigmoid, relu, matmul, a column-wise softmax (E6)
 * and the cross-entropy (E13)) propagate both. {@linkcode dualJacobian} and
 * {@linkcode dualGradient} run one pass per input.
 *
 * @module
 */

import { Matrix } from "../core/matrix.ts";
import {
  assertFunction,
  assertLabels,
  assertMatrixLike,
  assertNumber,
  assertVector,
  describeValue,
} from "../core/_shape.ts";

/**
 * A matrix of dual numbers: values `re` and tangents `eps` (the derivative of each value along
 * the seeded direction), both rows × cols.
 *
 * @example d/dx (x · eˣ) at x = 1 is 2e
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualExp, dualMul } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const x = new Dual(Matrix.from([[1]]), Matrix.from([[1]])); // seed dx/dx = 1
 * const y = dualMul(x, dualExp(x));
 * assert.equal(y.re.data[0], Math.E);
 * assert.equal(y.eps.data[0], 2 * Math.E);
 * ```
 */
export class Dual {
  /** The values. */
  readonly re: Matrix;
  /** The tangents, the same shape as `re`. */
  readonly eps: Matrix;

  /**
   * Pairs values with tangents.
   *
   * @param re The values.
   * @param eps The tangents, the same shape.
   * @throws {RangeError} When the shapes differ or an entry is not finite.
   * @throws {TypeError} When re or eps is not a Matrix.
   *
   * @example
   * ```ts
   * import { Matrix } from "../core/mod.ts";
   * import { Dual } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.throws(() => new Dual(Matrix.zeros(2, 1), Matrix.zeros(1, 2)), RangeError);
   * ```
   */
  constructor(re: Matrix, eps: Matrix) {
    assertMatrixLike(re, "Dual values re");
    assertMatrixLike(eps, "Dual tangents eps");
    if (re.rows !== eps.rows || re.cols !== eps.cols) {
      throw new RangeError(`Dual: values are ${re.shape} but tangents are ${eps.shape}`);
    }
    for (let i = 0; i < re.data.length; i++) {
      if (!Number.isFinite(re.data[i]) || !Number.isFinite(eps.data[i])) {
        throw new RangeError(
          `Dual: entry ${i} is ${re.data[i]} + ${eps.data[i]}ε, not finite`,
        );
      }
    }
    this.re = re;
    this.eps = eps;
  }

  /**
   * A constant: the values with zero tangents (their derivative along any direction is 0).
   *
   * @param value The values.
   * @returns A dual matrix of the same shape.
   *
   * @example
   * ```ts
   * import { Matrix } from "../core/mod.ts";
   * import { Dual } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual([...Dual.constant(Matrix.from([[2, 3]])).eps.data], [0, 0]);
   * ```
   */
  static constant(value: Matrix): Dual {
    assertMatrixLike(value, "Dual.constant value");
    return new Dual(value, new Matrix(value.rows, value.cols));
  }

  /** Number of rows. */
  get rows(): number {
    return this.re.rows;
  }

  /** Number of columns. */
  get cols(): number {
    return this.re.cols;
  }
}

/**
 * a + b, entry by entry (the tangents add).
 *
 * @param a A dual matrix.
 * @param b A dual matrix of the same shape.
 * @returns a + b.
 * @throws {RangeError} When the shapes differ.
 * @throws {TypeError} When an argument is not a Dual (wrap a Matrix: Dual.constant(M)).
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualAdd } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const x = new Dual(Matrix.from([[1]]), Matrix.from([[1]]));
 * assert.equal(dualAdd(x, x).eps.data[0], 2);
 * ```
 */
export function dualAdd(a: Dual, b: Dual): Dual {
  return zip(a, b, "dualAdd", (x, dx, y, dy) => [x + y, dx + dy]);
}

/**
 * a − b, entry by entry.
 *
 * @param a A dual matrix.
 * @param b A dual matrix of the same shape.
 * @returns a − b.
 * @throws {RangeError} When the shapes differ.
 * @throws {TypeError} When an argument is not a Dual (wrap a Matrix: Dual.constant(M)).
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualSub } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const x = new Dual(Matrix.from([[5]]), Matrix.from([[1]]));
 * assert.equal(dualSub(x, x).eps.data[0], 0);
 * ```
 */
export function dualSub(a: Dual, b: Dual): Dual {
  return zip(a, b, "dualSub", (x, dx, y, dy) => [x - y, dx - dy]);
}

/**
 * a ∘ b, entry by entry: the product rule (ab)′ = a′b + ab′.
 *
 * @param a A dual matrix.
 * @param b A dual matrix of the same shape.
 * @returns a ∘ b.
 * @throws {RangeError} When the shapes differ.
 * @throws {TypeError} When an argument is not a Dual (wrap a Matrix: Dual.constant(M)).
 *
 * @example d/dx x² = 2x
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualMul } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const x = new Dual(Matrix.from([[3]]), Matrix.from([[1]]));
 * assert.equal(dualMul(x, x).eps.data[0], 6);
 * ```
 */
export function dualMul(a: Dual, b: Dual): Dual {
  return zip(a, b, "dualMul", (x, dx, y, dy) => [x * y, dx * y + x * dy]);
}

/**
 * a / b, entry by entry: the quotient rule (a/b)′ = (a′ − (a/b) b′) / b.
 *
 * @param a A dual matrix.
 * @param b A dual matrix of the same shape, with no zero value.
 * @returns a / b.
 * @throws {RangeError} When the shapes differ or a value of b is 0.
 * @throws {TypeError} When an argument is not a Dual (wrap a Matrix: Dual.constant(M)).
 *
 * @example d/dx 1/x = −1/x²
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualDiv } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const x = new Dual(Matrix.from([[2]]), Matrix.from([[1]]));
 * assert.equal(dualDiv(Dual.constant(Matrix.from([[1]])), x).eps.data[0], -0.25);
 * ```
 */
export function dualDiv(a: Dual, b: Dual): Dual {
  return zip(a, b, "dualDiv", (x, dx, y, dy) => {
    if (y === 0) throw new RangeError(`dualDiv: division of ${x} by 0`);
    const q = x / y;
    return [q, (dx - q * dy) / y];
  });
}

/**
 * c · a for a constant c.
 *
 * @param a A dual matrix.
 * @param c The constant factor.
 * @returns c a.
 * @throws {RangeError} When a result is not finite (naming the input that gave it).
 * @throws {TypeError} When a is not a Dual or c is not a number.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualScale } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const x = new Dual(Matrix.from([[3]]), Matrix.from([[1]]));
 * assert.equal(dualScale(x, -2).eps.data[0], -2);
 * ```
 */
export function dualScale(a: Dual, c: number): Dual {
  assertNumber(c, "dualScale c", "a finite number");
  return map(a, "dualScale", `${c} · `, (x, dx) => [c * x, c * dx]);
}

/**
 * eˣ entry by entry: (eˣ)′ = eˣ.
 *
 * @param a A dual matrix.
 * @returns exp(a).
 * @throws {RangeError} When a value overflows, naming the function and the input (exp(1000)).
 * @throws {TypeError} When an argument is not a Dual (wrap a Matrix: Dual.constant(M)).
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualExp } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const y = dualExp(new Dual(Matrix.from([[0]]), Matrix.from([[1]])));
 * assert.deepEqual([y.re.data[0], y.eps.data[0]], [1, 1]);
 * ```
 */
export function dualExp(a: Dual): Dual {
  return map(a, "dualExp", "exp", (x, dx) => {
    const e = Math.exp(x);
    return [e, e * dx];
  });
}

/**
 * The natural logarithm entry by entry: (log x)′ = 1/x.
 *
 * @param a A dual matrix with positive values.
 * @returns log(a).
 * @throws {RangeError} When a value is not positive.
 * @throws {TypeError} When an argument is not a Dual (wrap a Matrix: Dual.constant(M)).
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualLog } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(dualLog(new Dual(Matrix.from([[4]]), Matrix.from([[1]]))).eps.data[0], 0.25);
 * assert.throws(() => dualLog(Dual.constant(Matrix.from([[0]]))), RangeError);
 * ```
 */
export function dualLog(a: Dual): Dual {
  return map(a, "dualLog", "log", (x, dx) => {
    if (!(x > 0)) throw new RangeError(`dualLog: log of ${x}, which is not positive`);
    return [Math.log(x), dx / x];
  });
}

/**
 * tanh entry by entry: tanh′ = 1 − tanh².
 *
 * @param a A dual matrix.
 * @returns tanh(a).
 * @throws {RangeError} When a result is not finite (naming the input that gave it).
 * @throws {TypeError} When an argument is not a Dual (wrap a Matrix: Dual.constant(M)).
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualTanh } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(dualTanh(new Dual(Matrix.from([[0]]), Matrix.from([[1]]))).eps.data[0], 1);
 * ```
 */
export function dualTanh(a: Dual): Dual {
  return map(a, "dualTanh", "tanh", (x, dx) => {
    const t = Math.tanh(x);
    return [t, (1 - t * t) * dx];
  });
}

/**
 * The logistic sigmoid σ(x) = 1 / (1 + e⁻ˣ) entry by entry: σ′ = σ (1 − σ).
 *
 * @param a A dual matrix.
 * @returns σ(a).
 * @throws {RangeError} When a result is not finite (naming the input that gave it).
 * @throws {TypeError} When an argument is not a Dual (wrap a Matrix: Dual.constant(M)).
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualSigmoid } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(dualSigmoid(new Dual(Matrix.from([[0]]), Matrix.from([[1]]))).eps.data[0], 0.25);
 * ```
 */
export function dualSigmoid(a: Dual): Dual {
  return map(a, "dualSigmoid", "sigmoid", (x, dx) => {
    const s = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    return [s, s * (1 - s) * dx];
  });
}

/**
 * max(0, x) entry by entry, with slope 1 for x > 0 and 0 otherwise (0 at the kink, as
 * `reluBackward` uses).
 *
 * @param a A dual matrix.
 * @returns relu(a).
 * @throws {RangeError} When a result is not finite (naming the input that gave it).
 * @throws {TypeError} When an argument is not a Dual (wrap a Matrix: Dual.constant(M)).
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualRelu } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const y = dualRelu(new Dual(Matrix.from([[-1, 2]]), Matrix.from([[1, 1]])));
 * assert.deepEqual([...y.eps.data], [0, 1]);
 * ```
 */
export function dualRelu(a: Dual): Dual {
  return map(a, "dualRelu", "relu", (x, dx) => (x > 0 ? [x, dx] : [0, 0]));
}

/**
 * The matrix product A B: (AB)′ = A′B + AB′.
 *
 * @param a A p × r dual matrix (use {@linkcode Dual.constant} for a fixed one).
 * @param b An r × q dual matrix.
 * @returns The p × q product.
 * @throws {RangeError} When the inner sizes differ.
 * @throws {TypeError} When an argument is not a Dual (wrap a Matrix: Dual.constant(M)).
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualMatmul } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const W = Dual.constant(Matrix.from([[1, 2], [3, 4]]));
 * const x = new Dual(Matrix.column([1, 1]), Matrix.column([1, 0])); // seed x₀
 * assert.deepEqual([...dualMatmul(W, x).eps.data], [1, 3]); // the first column of W
 * ```
 */
export function dualMatmul(a: Dual, b: Dual): Dual {
  assertDual(a, "dualMatmul a");
  assertDual(b, "dualMatmul b");
  if (a.cols !== b.rows) {
    throw new RangeError(
      `dualMatmul: cannot multiply ${a.re.shape} by ${b.re.shape}: inner sizes ${a.cols} and ` +
        `${b.rows} differ`,
    );
  }
  const p = a.rows;
  const r = a.cols;
  const q = b.cols;
  const re = new Matrix(p, q);
  const eps = new Matrix(p, q);
  for (let i = 0; i < p; i++) {
    for (let t = 0; t < r; t++) {
      const x = a.re.data[i * r + t];
      const dx = a.eps.data[i * r + t];
      for (let j = 0; j < q; j++) {
        const y = b.re.data[t * q + j];
        const dy = b.eps.data[t * q + j];
        re.data[i * q + j] += x * y;
        eps.data[i * q + j] += dx * y + x * dy;
      }
    }
  }
  return result(re, eps, "dualMatmul", "the product");
}

/**
 * The sum of all entries, as a 1 × 1 dual matrix.
 *
 * @param a A dual matrix.
 * @returns Σ a.
 * @throws {RangeError} When a result is not finite (naming the input that gave it).
 * @throws {TypeError} When an argument is not a Dual (wrap a Matrix: Dual.constant(M)).
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualSum } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const s = dualSum(new Dual(Matrix.from([[1, 2]]), Matrix.from([[1, 1]])));
 * assert.deepEqual([s.re.data[0], s.eps.data[0]], [3, 2]);
 * ```
 */
export function dualSum(a: Dual): Dual {
  assertDual(a, "dualSum a");
  let s = 0;
  let ds = 0;
  for (let i = 0; i < a.re.data.length; i++) {
    s += a.re.data[i];
    ds += a.eps.data[i];
  }
  return result(Matrix.from([[s]]), Matrix.from([[ds]]), "dualSum", "the sum");
}

/**
 * The column-wise softmax (E6) of dual scores: y = e^{x − c} / Σ e^{x − c}, where c is each
 * column's largest value, treated as a constant (softmax does not change when a constant is
 * subtracted, so its tangent does not either).
 *
 * @param a A k × m dual matrix of scores, one example per column.
 * @returns The k × m dual probabilities.
 * @throws {RangeError} When a result is not finite (naming the input that gave it).
 * @throws {TypeError} When an argument is not a Dual (wrap a Matrix: Dual.constant(M)).
 *
 * @example The tangent of softmax along e_j is column j of diag(y) − y yᵀ (E9)
 * ```ts
 * import { assertAllClose, Matrix } from "../core/mod.ts";
 * import { softmax, softmaxJacobian } from "../nn/mod.ts";
 * import { Dual, dualSoftmax } from "./mod.ts";
 *
 * const x = Matrix.column([1, 2, 0.5]);
 * const y = dualSoftmax(new Dual(x, Matrix.column([0, 1, 0])));
 * assertAllClose(y.eps.data, softmaxJacobian(softmax(x).data).column(1), { rtol: 1e-15 });
 * ```
 */
export function dualSoftmax(a: Dual): Dual {
  assertDual(a, "dualSoftmax a");
  const k = a.rows;
  const m = a.cols;
  const shifted = new Matrix(k, m);
  for (let j = 0; j < m; j++) {
    let c = -Infinity;
    for (let i = 0; i < k; i++) c = Math.max(c, a.re.data[i * m + j]);
    for (let i = 0; i < k; i++) shifted.data[i * m + j] = a.re.data[i * m + j] - c;
  }
  const e = dualExp(new Dual(shifted, a.eps));
  const ones = Dual.constant(Matrix.full(1, k, 1));
  const sums = dualMatmul(ones, e); // 1 × m: Σ_i e_ij for each column j
  const spread = dualMatmul(Dual.constant(Matrix.full(k, 1, 1)), sums); // 1 (1ᵀ e), k × m
  return dualDiv(e, spread);
}

/**
 * The cross-entropy (E13) H(q, p) = −Σ q_i log p_i over all entries, as a 1 × 1 dual matrix;
 * entries with q_i = 0 contribute nothing (0 · log 0 = 0), whatever p_i and its tangent are.
 *
 * @param q The target probabilities (dual, so that ∂H/∂q can be seeded too).
 * @param p The model's probabilities, the same shape; positive wherever q is not 0.
 * @returns H(q, p).
 * @throws {RangeError} When the shapes differ or some p_i ≤ 0 has q_i ≠ 0.
 * @throws {TypeError} When an argument is not a Dual (wrap a Matrix: Dual.constant(M)).
 *
 * @example ∂H/∂p_i = −q_i / p_i (E15)
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualCrossEntropy } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const q = Dual.constant(Matrix.column([0, 1]));
 * const p = new Dual(Matrix.column([0.75, 0.25]), Matrix.column([0, 1])); // seed p₁
 * assert.equal(dualCrossEntropy(q, p).eps.data[0], -4);
 * ```
 */
export function dualCrossEntropy(q: Dual, p: Dual): Dual {
  assertDual(q, "dualCrossEntropy q");
  assertDual(p, "dualCrossEntropy p");
  if (q.rows !== p.rows || q.cols !== p.cols) {
    throw new RangeError(`dualCrossEntropy: q is ${q.re.shape} but p is ${p.re.shape}`);
  }
  let h = 0;
  let dh = 0;
  for (let i = 0; i < q.re.data.length; i++) {
    const qi = q.re.data[i];
    const dqi = q.eps.data[i];
    const pi = p.re.data[i];
    const dpi = p.eps.data[i];
    if (qi === 0 && dqi === 0) continue;
    if (!(pi > 0)) {
      throw new RangeError(`dualCrossEntropy: p entry ${i} is ${pi} where q is ${qi}`);
    }
    const logP = Math.log(pi);
    h -= qi * logP; // −q log p
    dh -= dqi * logP + qi * dpi / pi; // −(q′ log p + q p′ / p)
  }
  return result(Matrix.from([[h]]), Matrix.from([[dh]]), "dualCrossEntropy", "H(q, p)");
}

/**
 * The mean softmax cross-entropy of k × m dual scores against m labels: (1/m) Σ_j H(q_j,
 * softmax(s_j)), with one-hot q_j; what `softmaxCrossEntropy` computes, carried in dual numbers.
 *
 * @param scores A k × m dual matrix of scores.
 * @param labels The m true classes, integers in [0, k).
 * @returns The loss as a 1 × 1 dual matrix.
 * @throws {RangeError} When a label is out of range, there are not m labels, or there are no
 * examples or classes.
 * @throws {TypeError} When an argument is not a Dual (wrap a Matrix: Dual.constant(M)).
 *
 * @example Its gradient is (p − q)/m
 * ```ts
 * import { assertAllClose, Matrix } from "../core/mod.ts";
 * import { dualGradient, dualSoftmaxCrossEntropy } from "./mod.ts";
 *
 * const s = Matrix.column([0, 0]); // k = 2 equal scores, m = 1
 * const g = dualGradient((d) => dualSoftmaxCrossEntropy(d, [1]), s);
 * assertAllClose(g, [0.5, -0.5], { rtol: 1e-15 });
 * ```
 */
export function dualSoftmaxCrossEntropy(scores: Dual, labels: ArrayLike<number>): Dual {
  assertDual(scores, "dualSoftmaxCrossEntropy scores");
  const k = scores.rows;
  const m = scores.cols;
  if (k === 0 || m === 0) {
    throw new RangeError(
      `dualSoftmaxCrossEntropy needs at least one class and one example, got scores ${scores.re.shape}`,
    );
  }
  assertLabels(labels, m, k, `dualSoftmaxCrossEntropy (scores ${scores.re.shape})`);
  const q = new Matrix(k, m);
  for (let j = 0; j < m; j++) q.data[labels[j] * m + j] = 1;
  return dualScale(dualCrossEntropy(Dual.constant(q), dualSoftmax(scores)), 1 / m);
}

/**
 * The exact Jacobian of f by forward mode: one pass per input j, seeding the tangent e_j, whose
 * output tangents are column j. Inputs and outputs are numbered row-major.
 *
 * @param f A function of dual matrices built from this module's operations.
 * @param x The point: a Matrix, or a Float64Array taken as a column.
 * @returns A k × d Matrix for d entries of x and k entries of f(x): entry (i, j) is ∂f_i/∂x_j.
 * @throws {TypeError} When f is not a function, x is neither a Matrix nor a Float64Array, or f
 * returns something other than a Dual.
 * @throws {RangeError} When f returns a different number of entries for different seeds.
 *
 * @example The Jacobian of x ↦ W x is W
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { Dual, dualJacobian, dualMatmul } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const W = Matrix.from([[1, 2, 3], [4, 5, 6]]);
 * const J = dualJacobian((x) => dualMatmul(Dual.constant(W), x), new Float64Array([7, 8, 9]));
 * assert.deepEqual(J.toArray(), W.toArray());
 * ```
 */
export function dualJacobian(f: (x: Dual) => Dual, x: Matrix | Float64Array): Matrix {
  return jacobian(f, x, "dualJacobian");
}

function jacobian(f: (x: Dual) => Dual, x: Matrix | Float64Array, who: string): Matrix {
  assertFunction(f, `${who} f`);
  if (!(x instanceof Matrix)) assertVector(x, `${who} x`);
  const point = x instanceof Matrix ? x : Matrix.column(x);
  const d = point.size;
  let J: Matrix | undefined;
  for (let j = 0; j < d; j++) {
    const seed = new Matrix(point.rows, point.cols);
    seed.data[j] = 1;
    const out = f(new Dual(point, seed));
    if (!(out instanceof Dual)) {
      throw new TypeError(
        `${who}: f must return a Dual (built from this module's operations), got ${
          describeValue(out)
        }`,
      );
    }
    J ??= new Matrix(out.re.size, d);
    if (out.re.size !== J.rows) {
      throw new RangeError(`${who}: f returned ${out.re.size} entries, then ${J.rows}`);
    }
    for (let i = 0; i < J.rows; i++) J.data[i * d + j] = out.eps.data[i];
  }
  return J ?? new Matrix(f(Dual.constant(point)).re.size, 0);
}

/**
 * The exact gradient of a scalar f (a 1 × 1 dual result) by forward mode, one pass per entry
 * of x.
 *
 * @param f A function of dual matrices returning a 1 × 1 dual matrix.
 * @param x The point: a Matrix, or a Float64Array taken as a column.
 * @returns A Float64Array with ∂f/∂x_j for each entry j of x (row-major).
 * @throws {RangeError} When f does not return a single entry.
 * @throws {TypeError} When f is not a function, x is neither a Matrix nor a Float64Array, or f
 * returns something other than a Dual.
 *
 * @example ∇ Σ tanh(x) = 1 − tanh²(x)
 * ```ts
 * import { assertAllClose } from "../core/mod.ts";
 * import { dualGradient, dualSum, dualTanh } from "./mod.ts";
 *
 * const x = new Float64Array([0.5, -1]);
 * assertAllClose(dualGradient((d) => dualSum(dualTanh(d)), x), x.map((v) => 1 - Math.tanh(v) ** 2));
 * ```
 */
export function dualGradient(f: (x: Dual) => Dual, x: Matrix | Float64Array): Float64Array {
  const J = jacobian(f, x, "dualGradient");
  if (J.rows !== 1) {
    throw new RangeError(`dualGradient: f must return one entry, it returned ${J.rows}`);
  }
  return J.data;
}

/** Throws a TypeError unless `v` is a Dual, with a hint for a Matrix passed in its place. */
function assertDual(v: unknown, what: string): asserts v is Dual {
  if (!(v instanceof Dual)) {
    const hint = v instanceof Matrix
      ? " (wrap a Matrix with Dual.constant(M) or new Dual(M, tangents))"
      : "";
    throw new TypeError(`${what} must be a Dual, got ${describeValue(v)}${hint}`);
  }
}

/**
 * The Dual of values `re` and tangents `eps` that `who` computed, or a RangeError naming the
 * function, what it computed and the first entry that came out NaN or infinite (the Dual
 * constructor's own message names neither).
 */
function result(re: Matrix, eps: Matrix, who: string, what: string): Dual {
  for (let i = 0; i < re.data.length; i++) {
    if (!Number.isFinite(re.data[i]) || !Number.isFinite(eps.data[i])) {
      throw new RangeError(
        `${who}: ${what} is ${re.data[i]} + ${eps.data[i]}ε at entry ${i}, not finite`,
      );
    }
  }
  return new Dual(re, eps);
}

/**
 * Applies `fn` (the operation `op`) to every entry of the dual matrix a; an entry whose result
 * is not finite is reported with the input that gave it, e.g. "dualExp: exp(1000 + 1ε) is
 * Infinity + Infinityε at entry 0".
 */
function map(
  a: Dual,
  who: string,
  op: string,
  fn: (x: number, dx: number) => [number, number],
): Dual {
  assertDual(a, `${who} a`);
  const re = new Matrix(a.rows, a.cols);
  const eps = new Matrix(a.rows, a.cols);
  for (let i = 0; i < re.data.length; i++) {
    const x = a.re.data[i];
    const dx = a.eps.data[i];
    const [v, dv] = fn(x, dx);
    if (!Number.isFinite(v) || !Number.isFinite(dv)) {
      throw new RangeError(
        `${who}: ${op}(${x} + ${dx}ε) is ${v} + ${dv}ε at entry ${i}, not finite`,
      );
    }
    re.data[i] = v;
    eps.data[i] = dv;
  }
  return new Dual(re, eps);
}

function zip(
  a: Dual,
  b: Dual,
  who: string,
  fn: (x: number, dx: number, y: number, dy: number) => [number, number],
): Dual {
  assertDual(a, `${who} a`);
  assertDual(b, `${who} b`);
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`${who}: shapes ${a.re.shape} and ${b.re.shape} differ`);
  }
  const re = new Matrix(a.rows, a.cols);
  const eps = new Matrix(a.rows, a.cols);
  for (let i = 0; i < re.data.length; i++) {
    [re.data[i], eps.data[i]] = fn(a.re.data[i], a.eps.data[i], b.re.data[i], b.eps.data[i]);
  }
  return result(re, eps, who, "the result");
}
