/**
 * Gradient checking: confirm an analytic derivative against central differences and get a
 * report that names the worst entry.
 *
 * Four checks, from thorough to cheap:
 * - {@linkcode checkGradient}: every entry of x (2 evaluations of f per entry);
 * - {@linkcode checkJacobian}: a whole Jacobian, entry by entry;
 * - {@linkcode checkGradientSparse}: a few random entries of a large parameter;
 * - {@linkcode checkDirectional}: vᵀ J u along a few random directions u (2 evaluations each),
 *   as PyTorch's `gradcheck(fast_mode=True)` and JAX's `check_vjp` do.
 *
 * The function under test returns either a scalar and its gradient (`{ value, grad }`, e.g. a
 * loss) or an output and its vector-Jacobian product (`{ out, vjp }`, e.g. a layer with its
 * backward pass, like the pair `jax.vjp` returns). For `{ out, vjp }` the checks use an upstream
 * gradient dOut and compare vjp(dOut) with Σ_i dOut_i ∂f_i/∂x_j ({@linkcode numericalVjp}),
 * exactly what a backward pass receives and computes.
 *
 * Relative error is |n − a| / max(1e-8, |n| + |a|). Thresholds (cs231n's, for float64): below
 * 1e-7 right for smooth functions; about 1e-4 acceptable only near kinks (ReLU at 0); above
 * 1e-2 wrong. The default tolerance is 1e-7.
 *
 * @module
 */

import { Matrix } from "../core/matrix.ts";
import { Rng } from "../core/random.ts";
import {
  type FiniteDifferenceOptions,
  numericalGradient,
  numericalJacobian,
} from "./numerical_gradient.ts";
import { assertStep, perturb } from "./_finite_difference.ts";
import {
  assertArrayLike,
  assertCount,
  assertFinite,
  assertFlag,
  assertFunction,
  assertMatrixLike,
  assertNumber,
  assertVector,
  checkOptions,
  describeValue,
} from "../core/_shape.ts";
import {
  GradientCheckError,
  GradientCheckReport,
  type GradientCheckReportInit,
} from "./gradient_check_report.ts";

/** A vector or a matrix: what x, gradients and layer outputs are. */
export type Tensor = Float64Array | Matrix;

/** A scalar function's value and its analytic gradient (the same shape as x). */
export interface ValueAndGradient {
  /** f(x). */
  value: number;
  /** ∂f/∂x, the same shape as x. */
  grad: Tensor;
}

/** A function's output and its vector-Jacobian product (the backward pass) at x. */
export interface OutputAndVjp {
  /** f(x). */
  out: Tensor;
  /**
   * Given dOut (the shape of `out`: a Matrix when `out` is one), returns Σ_i dOut_i ∂f_i/∂x
   * (the shape of x).
   *
   * @param dOut The upstream gradient.
   * @returns The gradient with respect to x.
   */
  vjp(dOut: Tensor): Tensor;
}

/** The function a check takes: x ↦ a value and gradient, or an output and its VJP. */
export type CheckedFunction<T extends Tensor> = (x: T) => ValueAndGradient | OutputAndVjp;

/** Options shared by every check. */
export interface GradientCheckOptions {
  /** The finite-difference step. @default {1e-5} */
  h?: number;
  /** The largest acceptable relative error. @default {1e-7} */
  tolerance?: number;
  /** Throw a {@linkcode GradientCheckError} when the check fails. @default {true} */
  throw?: boolean;
  /** The name of the checked quantity in messages. @default {"x"} */
  label?: string;
  /** How many of the worst entries the report keeps. @default {5} */
  show?: number;
  /**
   * The upstream gradient for `{ out, vjp }` functions, the shape of `out`.
   * @default {a seeded standard normal tensor}
   */
  dOut?: Tensor;
  /** Seed of the random upstream gradient, coordinates and directions. @default {0} */
  seed?: number;
}

/** Options of {@linkcode checkGradientSparse}. */
export interface SparseCheckOptions extends GradientCheckOptions {
  /** How many random coordinates of x to check (all of them when x has fewer). @default {10} */
  count?: number;
}

/** Options of {@linkcode checkDirectional}. */
export interface DirectionalCheckOptions extends GradientCheckOptions {
  /** How many random directions u to check. @default {3} */
  directions?: number;
}

/** Options of {@linkcode numericalVjp}. */
export interface NumericalVjpOptions extends FiniteDifferenceOptions {
  /**
   * The upstream gradient, the shape of f(x) (a vector or matrix with as many entries). Without
   * it every entry is 1, and the result is the gradient of the sum of f's outputs.
   * @default {all ones}
   */
  dOut?: Tensor;
}

/**
 * The vector-Jacobian product by central differences, as cs231n's
 * `eval_numerical_gradient_array`: entry j is Σ_i dOut_i (f_i(x + h e_j) − f_i(x − h e_j)) / 2h,
 * i.e. Jᵀ dOut for the k × d Jacobian J of f. It is what a backward pass must return for the
 * upstream gradient dOut. Each difference is taken entry by entry before the sum, so round-off
 * scales with each |f_i| rather than with the whole sum dOutᵀ f.
 *
 * x is perturbed in place, one entry at a time, and restored exactly.
 *
 * @param f A function of x returning k numbers (a vector or matrix).
 * @param x The point, d entries (a vector or a matrix); perturbed in place and restored.
 * @param options The upstream gradient `dOut` (default all ones: the gradient of Σ_i f_i) and
 * the step `h`; see {@linkcode NumericalVjpOptions}.
 * @returns A new Float64Array with one entry per entry of x (row-major for a matrix).
 * @throws {RangeError} When dOut's size differs from f(x)'s, dOut has a non-finite entry, or f
 * returns a non-finite value.
 * @throws {TypeError} When dOut is passed as the third argument instead of as `{ dOut }`, f is not
 * a function, or x (or f(x)) is neither a Float64Array nor a Matrix.
 *
 * @example The VJP of an elementwise square is 2 x ∘ dOut
 * ```ts
 * import { assertAllClose, Matrix } from "../core/mod.ts";
 * import { numericalVjp } from "./mod.ts";
 *
 * const X = Matrix.from([[1, -2], [0.5, 3]]);
 * const square = (A: Matrix) => A.map((v) => v * v);
 * const dOut = Matrix.from([[1, 1], [2, -1]]);
 * assertAllClose(numericalVjp(square, X, { dOut }), [2, -4, 2, -6], { rtol: 1e-8 });
 * assertAllClose(numericalVjp(square, X), [2, -4, 1, 6], { rtol: 1e-8 }); // ∇ Σ x², dOut = 1
 * ```
 */
export function numericalVjp<T extends Tensor>(
  f: (x: T) => Tensor,
  x: T,
  options?: NumericalVjpOptions,
): Float64Array {
  if (options instanceof Float64Array || options instanceof Matrix) {
    throw new TypeError(
      "numericalVjp takes the upstream gradient as an option: numericalVjp(f, x, { dOut })",
    );
  }
  assertFunction(f, "numericalVjp f");
  assertFinite(dataOf(x, "numericalVjp x"), "numericalVjp x");
  const { h = 1e-5, dOut } = checkOptions(options, { h: true, dOut: true }, "numericalVjp");
  assertStep(h);
  const size = dataOf(f(x), "numericalVjp: f(x)").length;
  const upstream = dOut === undefined
    ? new Float64Array(size).fill(1)
    : dataOf(dOut, "numericalVjp dOut");
  if (upstream.length !== size) {
    throw new RangeError(
      `numericalVjp: dOut is ${describe(dOut!)} but f(x) has ${size} entries`,
    );
  }
  assertFinite(upstream, "numericalVjp dOut");
  const xs = dataOf(x);
  const result = new Float64Array(xs.length);
  const outputs = (j: number) => (): Float64Array => finiteOutputs(dataOf(f(x), "f(x)"), j);
  for (let j = 0; j < xs.length; j++) {
    const [plus, minus, step] = perturb(xs, j, h, outputs(j));
    result[j] = contractDifference(upstream, plus, minus) / step;
  }
  return result;
}

function finiteOutputs(out: Float64Array, entry: number): Float64Array {
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new RangeError(
        `numericalVjp: output ${i} of f is ${out[i]} while entry ${entry} of x was perturbed`,
      );
    }
  }
  return out.slice();
}

/**
 * Checks a derivative at every entry of x against central differences.
 *
 * For `{ value, grad }` it compares grad with the numerical gradient of value; for
 * `{ out, vjp }` it compares vjp(dOut) with {@linkcode numericalVjp} for an upstream dOut
 * (`options.dOut`, or seeded normal entries).
 *
 * @param f The function under test, called with x (perturbed in place, restored exactly).
 * @param x The point: a Float64Array or a Matrix.
 * @param options See {@linkcode GradientCheckOptions}.
 * @returns The report; it has `passed`, `maxRelError` and the worst entries.
 * @throws {GradientCheckError} When the check fails and `options.throw` is not false.
 * @throws {RangeError} When the analytic gradient's shape differs from x's, an entry of x is not
 * finite, or an option is bad
 * or unknown.
 * @throws {TypeError} When f is not a function, x is neither a Float64Array nor a Matrix, or f
 * returns neither { value, grad } nor { out, vjp }.
 *
 * @example A linear layer's dW against its forward pass
 * ```ts
 * import { Matrix, Rng } from "../core/mod.ts";
 * import { linearBackward, linearForward } from "../nn/mod.ts";
 * import { checkGradient } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rng = new Rng(1);
 * const X = rng.normalMatrix(3, 4); // n = 3 features, m = 4 examples
 * const b = rng.normalMatrix(2, 1);
 * const layer = (W: Matrix) => {
 *   const { out, cache } = linearForward({ W, b }, X);
 *   return { out, vjp: (dOut: Matrix) => linearBackward(dOut, cache).dW };
 * };
 * const report = checkGradient(layer, rng.normalMatrix(2, 3), { label: "dW" });
 * assert.ok(report.passed && report.maxRelError < 1e-7);
 * ```
 */
export function checkGradient<T extends Tensor>(
  f: CheckedFunction<T>,
  x: T,
  options?: GradientCheckOptions,
): GradientCheckReport {
  const settings = settle(options, KNOWN, "checkGradient", f);
  const xs = dataOf(x, "checkGradient x");
  assertFinite(xs, "checkGradient x");
  const point = xs.slice();
  const at = f(x);
  let analytic: Float64Array;
  let numerical: Float64Array;
  let kind: "gradient" | "vjp";
  if (isValue(at)) {
    kind = "gradient";
    analytic = copyMatching(at.grad, x, settings.label);
    numerical = numericalGradient((_) => scalarOf(f(x), "checkGradient"), xs, { h: settings.h });
  } else {
    kind = "vjp";
    const dOut = upstreamFor(at.out, settings);
    analytic = copyMatching(at.vjp(dOut), x, settings.label);
    numerical = numericalVjp((v: T) => outputOf(f(v)), x, { dOut, h: settings.h });
  }
  const { rows, cols } = shapeOfTensor(x);
  return conclude(settings, {
    kind,
    numerical,
    analytic,
    indices: range(xs.length),
    rows,
    cols,
    point,
  });
}

/**
 * Checks an explicit Jacobian (one row per output, one column per input) against
 * `numericalJacobian`, entry by entry.
 *
 * @param f Returns f(x) and its analytic Jacobian, a k × d Matrix for d inputs and k outputs.
 * @param x The point, of length d; perturbed in place and restored.
 * @param options See {@linkcode GradientCheckOptions} (`dOut` and `seed` are unused).
 * @returns The report; its entries are located as (output, input).
 * @throws {GradientCheckError} When the check fails and `options.throw` is not false.
 * @throws {RangeError} When the Jacobian is not k × d, an entry of x is not finite, or an option
 * is bad or unknown.
 * @throws {TypeError} When f is not a function, x is not a Float64Array, or f does not return
 * { out, jacobian }.
 *
 * @example The softmax Jacobian diag(y) − y yᵀ (E9)
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { softmax, softmaxJacobian } from "../nn/mod.ts";
 * import { checkJacobian } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const f = (x: Float64Array) => {
 *   const y = softmax(Matrix.column(x)).column(0);
 *   return { out: y, jacobian: softmaxJacobian(y) };
 * };
 * const report = checkJacobian(f, new Float64Array([0.5, -1, 2]), { label: "∂softmax/∂x" });
 * assert.ok(report.maxRelError < 1e-7);
 * ```
 */
export function checkJacobian(
  f: (x: Float64Array) => { out: ArrayLike<number>; jacobian: Matrix },
  x: Float64Array,
  options?: GradientCheckOptions,
): GradientCheckReport {
  const settings = settle(options, KNOWN, "checkJacobian", f);
  assertVector(x, "checkJacobian x");
  assertFinite(x, "checkJacobian x");
  const point = x.slice();
  const at = f(x) as { out?: unknown; jacobian?: unknown } | null;
  if (at === null || typeof at !== "object") {
    throw new TypeError(`checkJacobian: f must return { out, jacobian }, got ${describeValue(at)}`);
  }
  assertArrayLike(at.out, "checkJacobian: f(x).out");
  assertMatrixLike(at.jacobian, "checkJacobian: f(x).jacobian");
  const { out, jacobian } = at as { out: ArrayLike<number>; jacobian: Matrix };
  const k = out.length;
  const d = x.length;
  if (jacobian.rows !== k || jacobian.cols !== d) {
    throw new RangeError(
      `checkJacobian: the analytic Jacobian of ${settings.label} is ${jacobian.shape} but f maps ` +
        `${d} inputs to ${k} outputs, so it must be ${k}×${d}`,
    );
  }
  const analytic = jacobian.data.slice();
  const numerical = numericalJacobian((v) => f(v).out, x, { h: settings.h }).data;
  return conclude(settings, {
    kind: "jacobian",
    numerical,
    analytic,
    indices: range(k * d),
    rows: k,
    cols: d,
    point,
  });
}

/**
 * Checks a few random coordinates of a large parameter (cs231n's `grad_check_sparse`): each costs
 * two evaluations of f, so a 1000 × 1000 weight matrix is checked in 2 · count evaluations.
 *
 * @param f The function under test (see {@linkcode checkGradient}).
 * @param x The point; the chosen entries are perturbed in place and restored.
 * @param options See {@linkcode SparseCheckOptions}; `count` coordinates are drawn without
 * replacement with the seeded {@linkcode Rng}.
 * @returns The report over the chosen coordinates.
 * @throws {GradientCheckError} When the check fails and `options.throw` is not false.
 * @throws {RangeError} When an entry of x is not finite, or an option is bad or unknown.
 * @throws {TypeError} When f is not a function or x is neither a Float64Array nor a Matrix.
 *
 * @example
 * ```ts
 * import { checkGradientSparse } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * // f(x) = ½‖x‖² over 10 000 entries: check 20 of them.
 * const x = Float64Array.from({ length: 10000 }, (_, i) => Math.sin(i));
 * const f = (v: Float64Array) => ({ value: 0.5 * v.reduce((s, t) => s + t * t, 0), grad: v.slice() });
 * const report = checkGradientSparse(f, x, { count: 20, seed: 3 });
 * assert.equal(report.numerical.length, 20);
 * assert.ok(report.passed);
 * ```
 */
export function checkGradientSparse<T extends Tensor>(
  f: CheckedFunction<T>,
  x: T,
  options?: SparseCheckOptions,
): GradientCheckReport {
  const settings = settle(options, { ...KNOWN, count: true }, "checkGradientSparse", f);
  const { count = 10 } = options ?? {};
  assertCount(count, "checkGradientSparse: count", 1);
  const xs = dataOf(x, "checkGradientSparse x");
  assertFinite(xs, "checkGradientSparse x");
  const point = xs.slice();
  const rng = new Rng(settings.seed);
  const chosen = rng.permutation(xs.length).slice(0, Math.min(count, xs.length));
  const { grad: analyticAll, outputs, upstream } = analyticAt(f, x, settings, rng);
  const numerical = new Float64Array(chosen.length);
  const analytic = new Float64Array(chosen.length);
  chosen.forEach((j, t) => {
    const [plus, minus, step] = perturb(xs, j, settings.h, outputs);
    numerical[t] = contractDifference(upstream, plus, minus) / step;
    analytic[t] = analyticAll[j];
  });
  const { rows, cols } = shapeOfTensor(x);
  return conclude(settings, {
    kind: "sparse",
    numerical,
    analytic,
    indices: chosen,
    rows,
    cols,
    point,
  });
}

/**
 * The fast random-direction check: for random unit directions u (and a random upstream v for
 * `{ out, vjp }` functions) it compares the analytic vᵀ J u = ⟨vjp(v), u⟩ (⟨grad, u⟩ for a
 * scalar) with the central difference (vᵀ f(x + h u) − vᵀ f(x − h u)) / 2h, as PyTorch's
 * gradcheck fast mode and JAX's `check_vjp` do. Each direction costs two evaluations of f,
 * whatever the size of x; a wrong gradient changes vᵀ J u for almost every random u.
 *
 * @param f The function under test (see {@linkcode checkGradient}).
 * @param x The point; moved in place along each direction and restored exactly.
 * @param options See {@linkcode DirectionalCheckOptions}.
 * @returns The report, one compared value per direction.
 * @throws {GradientCheckError} When the check fails and `options.throw` is not false.
 * @throws {RangeError} When an entry of x is not finite, or an option is bad or unknown.
 * @throws {TypeError} When f is not a function or x is neither a Float64Array nor a Matrix.
 *
 * @example
 * ```ts
 * import { Matrix, Rng } from "../core/mod.ts";
 * import { reluBackward, reluForward } from "../nn/mod.ts";
 * import { checkDirectional } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const relu = (X: Matrix) => {
 *   const { out, cache } = reluForward(X);
 *   return { out, vjp: (dOut: Matrix) => reluBackward(dOut, cache) };
 * };
 * const X = new Rng(0).normalMatrix(50, 40);
 * assert.ok(checkDirectional(relu, X, { directions: 4 }).passed);
 * ```
 */
export function checkDirectional<T extends Tensor>(
  f: CheckedFunction<T>,
  x: T,
  options?: DirectionalCheckOptions,
): GradientCheckReport {
  const settings = settle(options, { ...KNOWN, directions: true }, "checkDirectional", f);
  const { directions = 3 } = options ?? {};
  assertCount(directions, "checkDirectional: directions", 1, 2 ** 31);
  const xs = dataOf(x, "checkDirectional x");
  assertFinite(xs, "checkDirectional x");
  const point = xs.slice();
  const rng = new Rng(settings.seed);
  const { grad, outputs, upstream } = analyticAt(f, x, settings, rng);
  const numerical = new Float64Array(directions);
  const analytic = new Float64Array(directions);
  const u = new Float64Array(xs.length);
  const step = new Float64Array(xs.length);
  for (let t = 0; t < directions; t++) {
    let norm = 0;
    for (let j = 0; j < u.length; j++) {
      u[j] = rng.normal();
      norm += u[j] * u[j];
    }
    norm = Math.sqrt(norm);
    for (let j = 0; j < u.length; j++) u[j] /= norm; // a unit direction: h is the step length
    try {
      for (let j = 0; j < u.length; j++) xs[j] = point[j] + settings.h * u[j];
      const plus = outputs();
      for (let j = 0; j < u.length; j++) step[j] = xs[j];
      for (let j = 0; j < u.length; j++) xs[j] = point[j] - settings.h * u[j];
      const minus = outputs();
      // The step actually taken, x₊ − x₋ (rounding makes it differ from 2h u in the last bits).
      for (let j = 0; j < u.length; j++) step[j] -= xs[j];
      numerical[t] = contractDifference(upstream, plus, minus);
    } finally {
      xs.set(point); // restore x exactly
    }
    // Both sides over the same realized step: vᵀ(f(x₊) − f(x₋)) against vᵀJ (x₊ − x₋).
    analytic[t] = dot(grad, step, "checkDirectional") / (2 * settings.h);
    numerical[t] /= 2 * settings.h;
  }
  return conclude(settings, {
    kind: "directional",
    numerical,
    analytic,
    indices: range(directions),
    rows: directions,
    cols: 1,
    point,
  });
}

interface Settled {
  h: number;
  tolerance: number;
  throw: boolean;
  label: string;
  show: number;
  dOut: Tensor | undefined;
  seed: number;
}

interface AnalyticAt {
  /** vᵀ J at x: the gradient for a scalar f, vjp(v) otherwise. */
  grad: Float64Array;
  /** f's outputs at the current x (a one-entry array for a scalar f). */
  outputs: () => Float64Array;
  /** v: the upstream gradient ([1] for a scalar f). */
  upstream: Float64Array;
}

/** Calls f once at x for its analytic gradient or VJP, and prepares probes of f's outputs. */
function analyticAt<T extends Tensor>(
  f: CheckedFunction<T>,
  x: T,
  settings: Settled,
  rng: Rng,
): AnalyticAt {
  const at = f(x);
  if (isValue(at)) {
    return {
      grad: copyMatching(at.grad, x, settings.label),
      outputs: () => new Float64Array([scalarOf(f(x), "gradient check")]),
      upstream: new Float64Array([1]),
    };
  }
  const dOut = upstreamFor(at.out, settings, rng);
  return {
    grad: copyMatching(at.vjp(dOut), x, settings.label),
    outputs: () => dataOf(outputOf(f(x)), "f(x).out").slice(),
    upstream: dataOf(dOut),
  };
}

/**
 * Σ_i v_i (plus_i − minus_i), differencing entry by entry before summing, so round-off scales
 * with each |f_i| rather than with the size of the whole sum vᵀ f.
 */
function contractDifference(v: Float64Array, plus: Float64Array, minus: Float64Array): number {
  if (plus.length !== v.length || minus.length !== v.length) {
    throw new RangeError(
      `f returned ${plus.length} and ${minus.length} outputs at perturbed points, ` +
        `${v.length} at x`,
    );
  }
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * (plus[i] - minus[i]);
  return s;
}

/** The options every check takes. */
const KNOWN = {
  h: true,
  tolerance: true,
  throw: true,
  label: true,
  show: true,
  dOut: true,
  seed: true,
} as const;

/** The checked options of a check named `who` (and its function f), with their defaults. */
function settle<T extends GradientCheckOptions>(
  options: T | undefined,
  known: { readonly [K in keyof Required<T>]: true },
  who: string,
  f: unknown,
): Settled {
  assertFunction(f, `${who} f`);
  const {
    h = 1e-5,
    tolerance = 1e-7,
    throw: shouldThrow = true,
    label = "x",
    show = 5,
    dOut,
    seed = 0,
  } = checkOptions(options, known, who);
  assertStep(h);
  assertNumber(tolerance, `${who}: tolerance`, "a number ≥ 0", (t) => t >= 0);
  assertFlag(shouldThrow, `${who}: throw`);
  if (typeof label !== "string") {
    throw new TypeError(`${who}: label must be a string, got ${describeValue(label)}`);
  }
  assertCount(show, `${who}: show`);
  assertNumber(seed, `${who}: seed`, "a safe integer", Number.isSafeInteger);
  if (dOut !== undefined) dataOf(dOut, `${who}: dOut`);
  return { h, tolerance, throw: shouldThrow, label, show, dOut, seed };
}

/** Builds the report from the compared values and throws when asked to and it failed. */
function conclude(
  settings: Settled,
  compared: Omit<GradientCheckReportInit, "label" | "tolerance" | "h" | "show">,
): GradientCheckReport {
  const { label, tolerance, h, show } = settings;
  const report = new GradientCheckReport({ ...compared, label, tolerance, h, show });
  if (!report.passed && settings.throw) throw new GradientCheckError(report);
  return report;
}

function isValue(r: ValueAndGradient | OutputAndVjp): r is ValueAndGradient {
  if (r !== null && typeof r === "object" && "value" in r && "grad" in r) return true;
  if (r !== null && typeof r === "object" && "out" in r && "vjp" in r) return false;
  throw new TypeError(
    "The checked function must return { value, grad } (a scalar and its gradient) or " +
      "{ out, vjp } (an output and its vector-Jacobian product)",
  );
}

function scalarOf(r: ValueAndGradient | OutputAndVjp, who: string): number {
  if (!isValue(r)) throw new TypeError(`${who}: f stopped returning { value, grad }`);
  return r.value;
}

function outputOf(r: ValueAndGradient | OutputAndVjp): Tensor {
  if (isValue(r)) throw new TypeError("The checked function stopped returning { out, vjp }");
  return r.out;
}

function upstreamFor(out: Tensor, settings: Settled, rng?: Rng): Tensor {
  if (settings.dOut !== undefined) {
    if (dataOf(settings.dOut).length !== dataOf(out).length) {
      throw new RangeError(
        `The upstream gradient dOut is ${describe(settings.dOut)} but f(x) is ${describe(out)}`,
      );
    }
    const given = settings.dOut;
    if (out instanceof Matrix && !(given instanceof Matrix)) {
      return new Matrix(out.rows, out.cols, given.slice());
    }
    return given;
  }
  const source = rng ?? new Rng(settings.seed);
  if (out instanceof Matrix) return source.normalMatrix(out.rows, out.cols);
  return Float64Array.from(out, () => source.normal());
}

function copyMatching(grad: Tensor, x: Tensor, label: string): Float64Array {
  const g = dataOf(grad, `The analytic gradient of ${label}`);
  const sameShape = grad instanceof Matrix && x instanceof Matrix
    ? grad.rows === x.rows && grad.cols === x.cols
    : g.length === dataOf(x).length;
  if (!sameShape) {
    const transposed = grad instanceof Matrix && x instanceof Matrix &&
      grad.rows === x.cols && grad.cols === x.rows;
    const hint = transposed
      ? ": the transposed shape, so Wᵀ was probably used where W belongs (e.g. X dOutᵀ for dOut Xᵀ)"
      : "";
    throw new RangeError(
      `The analytic gradient of ${label} is ${describe(grad)} but x is ${describe(x)}${hint}`,
    );
  }
  return g.slice();
}

function dataOf(t: Tensor, what = "The value"): Float64Array {
  if (t instanceof Matrix) return t.data;
  if (t instanceof Float64Array) return t;
  throw new TypeError(`${what} must be a Float64Array or a Matrix, got ${describeValue(t)}`);
}

function shapeOfTensor(t: Tensor): { rows: number; cols: number } {
  return t instanceof Matrix ? { rows: t.rows, cols: t.cols } : { rows: t.length, cols: 1 };
}

function describe(t: Tensor): string {
  return t instanceof Matrix ? `a ${t.shape} matrix` : `a vector of length ${t.length}`;
}

function dot(a: Float64Array, b: Float64Array, who: string): number {
  if (a.length !== b.length) {
    throw new RangeError(`${who}: lengths ${a.length} and ${b.length} differ`);
  }
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function range(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}
