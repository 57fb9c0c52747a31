/**
 * Reading a failed gradient check: the pattern of the disagreement between the numerical and the
 * analytic gradient often names the mistake (a constant ratio m is a missing 1/m, a transpose is
 * a swapped product, a difference proportional to W is a forgotten regularizer gradient).
 *
 * @module
 */

import { entryRelError } from "../core/all_close.ts";
import { assertFlag, assertObject, assertVector, describeValue } from "../core/_shape.ts";

/** The mistakes {@linkcode diagnoseGradient} recognizes. */
export type GradientDiagnosisKind =
  | "none"
  | "zero-gradient"
  | "constant-function"
  | "sign-flipped"
  | "scaled"
  | "transposed"
  | "missing-regularizer"
  | "shift-invariance-broken"
  | "wrong-axis-sum"
  | "wrong-mask"
  | "finite-difference-noise"
  | "unknown";

/** A likely cause of a failed check. */
export interface GradientDiagnosis {
  /** Which pattern was recognized. */
  kind: GradientDiagnosisKind;
  /** The pattern and the mistake it suggests, in a sentence or two. */
  message: string;
  /** The fitted constant, when the pattern has one: the ratio for "scaled", λ for a regularizer. */
  factor?: number;
}

/** The parts of a gradient check report (see `checkGradient`) that the diagnosis reads. */
export interface DiagnosableReport {
  /** What was checked: "gradient", "vjp", "jacobian" (dense) or "sparse", "directional". */
  readonly kind: "gradient" | "vjp" | "sparse" | "directional" | "jacobian";
  /** Whether every compared entry was within tolerance. */
  readonly passed: boolean;
  /** The finite-difference values, in x's layout for dense checks. */
  readonly numerical: Float64Array;
  /** The analytic values, in the same layout. */
  readonly analytic: Float64Array;
  /** The rows of the checked layout (x's rows, or the Jacobian's outputs). */
  readonly rows: number;
  /** The columns of the checked layout. */
  readonly cols: number;
  /** The point x the check was made at. */
  readonly point: Float64Array;
  /** The relative-error bound of the check. */
  readonly tolerance: number;
}

/** How closely a fitted pattern must explain the analytic gradient (relative 2-norm residual). */
const FIT = 1e-4;

/**
 * Suggests the likely mistake behind a failed check from the pattern of the error. The tests run
 * in this order, the first that fits wins:
 *
 * 1. analytic ≈ 0 while numerical is not → the gradient never reaches x;
 * 2. analytic ≈ c · numerical everywhere → c = −1 a flipped sign, c = m an integer: a missing 1/m
 *    (c = 1/m: divided twice), another c: a constant factor;
 * 3. analytic ≈ numericalᵀ (square x; a regularizer's λ(x − xᵀ) allowed) → a product in the
 *    wrong order, e.g. X dOutᵀ for dOut Xᵀ;
 * 4. numerical − analytic ≈ λ x → the regularizer's gradient λW was forgotten (λ fitted);
 * 5. every numerical column sums to 0 (the gradient of anything that feeds a softmax does, since
 *    softmax(s + c1) = softmax(s)) but analytic columns do not → the batched softmax backward
 *    lost its column-sum term −1 1ᵀ(Y ∘ dY) (E11);
 * 6. same total, different entries → a sum taken over the wrong axis;
 * 7. wherever they differ one of them is 0 → a mask (ReLU's 1[X > 0]) from the wrong tensor.
 *
 * Patterns 3–7 need a dense check (every entry of x); sparse and directional reports get 1–2.
 *
 * @param report A gradient check report (see `checkGradient`).
 * @returns The recognized pattern with a message; kind "none" for a passed check.
 * @throws {TypeError} When report is not a report: passed a boolean, numerical, analytic and
 * point Float64Arrays.
 * @throws {RangeError} When numerical and analytic have different lengths.
 *
 * @example analytic = 8 × numerical: a missing 1/m with m = 8
 * ```ts
 * import { checkGradient, diagnoseGradient } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * // mean of x_j²/2 over m = 8 entries has gradient x/8; the buggy one forgets the 1/8.
 * const x = Float64Array.from({ length: 8 }, (_, j) => j - 3.5);
 * const f = (v: Float64Array) => ({ value: v.reduce((s, t) => s + t * t / 2, 0) / 8, grad: v.slice() });
 * const d = diagnoseGradient(checkGradient(f, x, { throw: false }));
 * assert.equal(d.kind, "scaled");
 * assert.equal(d.factor, 8);
 * assert.match(d.message, /missing 1\/m/);
 * ```
 */
export function diagnoseGradient(report: DiagnosableReport): GradientDiagnosis {
  assertObject(report, "diagnoseGradient report (what checkGradient returns)");
  assertFlag(report.passed, "diagnoseGradient report.passed");
  assertVector(report.numerical, "diagnoseGradient report.numerical");
  assertVector(report.analytic, "diagnoseGradient report.analytic");
  assertVector(report.point, "diagnoseGradient report.point");
  if (report.numerical.length !== report.analytic.length) {
    throw new RangeError(
      `diagnoseGradient: ${report.numerical.length} numerical entries but ` +
        `${report.analytic.length} analytic ones`,
    );
  }
  if (typeof report.kind !== "string") {
    throw new TypeError(
      `diagnoseGradient report.kind must be a string, got ${describeValue(report.kind)}`,
    );
  }
  if (report.passed) return { kind: "none", message: "the check passed" };
  const N = report.numerical;
  const A = report.analytic;
  if (N.length === 0) {
    return { kind: "unknown", message: "nothing was compared, so there is no pattern to read" };
  }
  if (!N.every(Number.isFinite)) {
    return {
      kind: "unknown",
      message: "the numerical gradient has NaN or infinite entries: f is not finite near x " +
        "(a log of 0, an overflowing exp), so the comparison says nothing; move x or fix f",
    };
  }
  if (!A.every(Number.isFinite)) {
    return {
      kind: "unknown",
      message: "the analytic gradient has NaN or infinite entries: look for 0/0, log(0) or " +
        "an overflowing exp in the backward pass",
    };
  }
  const normN = norm(N);
  const normA = norm(A);
  if (normA <= 1e-9 * normN) {
    return {
      kind: "zero-gradient",
      message: "the analytic gradient is zero but the numerical one is not: the gradient " +
        "never reaches this parameter (not accumulated, overwritten, or a cancelling sum)",
    };
  }
  if (normN <= 1e-9 * normA) {
    return {
      kind: "constant-function",
      message: "f does not change with x, yet the analytic gradient is non-zero: the forward " +
        "pass does not use this x, or the gradient belongs to another parameter",
    };
  }
  const scaled = fitScale(N, A);
  if (scaled !== undefined) return scaled;
  const dense = (report.kind === "gradient" || report.kind === "vjp") &&
    report.point.length === N.length;
  if (!dense) {
    return {
      kind: "unknown",
      message: `no constant ratio between analytic and numerical values; a ${report.kind} ` +
        "check sees too little for more: run checkGradient (every entry) to see the pattern",
    };
  }
  return fitTranspose(report) ?? fitRegularizer(N, A, report.point) ??
    fitShiftInvariance(report) ?? fitWrongAxis(N, A) ?? fitMask(report) ?? {
    kind: "unknown",
    message: "no simple pattern (ratio, transpose, λx, column sums, mask): check each " +
      "chain-rule term on its own, layer by layer, with checkGradient on its { out, vjp }",
  };
}

function fitScale(N: Float64Array, A: Float64Array): GradientDiagnosis | undefined {
  const c = dot(A, N) / dot(N, N);
  if (!(residual(A, N, c) <= FIT * norm(A))) return undefined;
  const r = Math.round(c);
  const inv = Math.round(1 / c);
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-3 * Math.abs(b);
  const shown = Number(c.toPrecision(6));
  if (near(c, 1)) {
    return {
      kind: "finite-difference-noise",
      factor: shown,
      message: "analytic ≈ numerical up to a small, smooth disagreement: most likely the " +
        "finite difference's own error (truncation O(h²) or round-off ≈ ε/h), not a bug; " +
        "try h = 1e-4 or 1e-6, or a kink (ReLU at 0) lies within h of x",
    };
  }
  if (near(c, -1)) {
    return {
      kind: "sign-flipped",
      factor: -1,
      message: "analytic = −numerical everywhere: a flipped sign (gradient ascent's " +
        "direction, or −q/p written as q/p)",
    };
  }
  if (r >= 2 && near(c, r)) {
    return {
      kind: "scaled",
      factor: r,
      message: `analytic ≈ ${r} × numerical everywhere: a missing 1/m if the batch has ` +
        `m = ${r} examples (the loss is a mean over the m columns), or a term counted ${r} times`,
    };
  }
  if (inv >= 2 && near(1 / c, inv)) {
    return {
      kind: "scaled",
      factor: 1 / inv,
      message: `analytic ≈ numerical / ${inv} everywhere: 1/m applied twice if m = ${inv} ` +
        "(once in the loss gradient and again in a layer), or a missing factor",
    };
  }
  return {
    kind: "scaled",
    factor: shown,
    message: `analytic ≈ ${shown} × numerical everywhere: a constant factor is wrong ` +
      "(a step size, a ½ in the penalty, or a temperature)",
  };
}

function fitTranspose(report: DiagnosableReport): GradientDiagnosis | undefined {
  const { rows, cols, numerical: N, analytic: A, point: x } = report;
  if (rows !== cols || rows < 2) return undefined;
  const n = rows;
  const R = new Float64Array(n * n); // A − Nᵀ
  const D = new Float64Array(n * n); // x − xᵀ, what a regularizer λx leaves in A − Nᵀ
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      R[i * n + j] = A[i * n + j] - N[j * n + i];
      D[i * n + j] = x[i * n + j] - x[j * n + i];
    }
  }
  const dd = dot(D, D);
  const c = dd === 0 ? 0 : dot(R, D) / dd;
  if (!(residual(R, D, c) <= FIT * norm(A))) return undefined;
  return {
    kind: "transposed",
    message: "analytic ≈ numericalᵀ: the gradient came out transposed, a product in the wrong " +
      "order (X dOutᵀ for dOut Xᵀ, or W for Wᵀ); it ran only because the matrix is square",
  };
}

function fitRegularizer(
  N: Float64Array,
  A: Float64Array,
  x: Float64Array,
): GradientDiagnosis | undefined {
  const E = N.map((v, i) => v - A[i]);
  const xx = dot(x, x);
  if (xx === 0) return undefined;
  const lambda = dot(E, x) / xx;
  if (!(residual(E, x, lambda) <= FIT * norm(E))) return undefined;
  const shown = Number(lambda.toPrecision(4));
  if (lambda > 0) {
    return {
      kind: "missing-regularizer",
      factor: shown,
      message: `numerical − analytic ≈ ${shown} · x: the regularizer's gradient λW is missing ` +
        `(λ ≈ ${shown}), or part of it (λ/2 where λ belongs)`,
    };
  }
  return {
    kind: "missing-regularizer",
    factor: shown,
    message: `analytic − numerical ≈ ${-shown} · x: the regularizer's gradient λW is counted ` +
      `twice or with too large a λ (the excess is ${-shown})`,
  };
}

function fitShiftInvariance(report: DiagnosableReport): GradientDiagnosis | undefined {
  const { rows, cols, numerical: N, analytic: A } = report;
  if (rows < 2) return undefined;
  let anyAnalyticOff = false;
  for (let j = 0; j < cols; j++) {
    let sN = 0;
    let absN = 0;
    let sA = 0;
    let absA = 0;
    for (let i = 0; i < rows; i++) {
      sN += N[i * cols + j];
      absN += Math.abs(N[i * cols + j]);
      sA += A[i * cols + j];
      absA += Math.abs(A[i * cols + j]);
    }
    if (Math.abs(sN) > 1e-6 * absN + 1e-12) return undefined;
    if (Math.abs(sA) > 1e-3 * absA) anyAnalyticOff = true;
  }
  if (!anyAnalyticOff) return undefined;
  return {
    kind: "shift-invariance-broken",
    message: "every column of the numerical gradient sums to 0, as it must for anything that " +
      "feeds a softmax (softmax(s + c1) = softmax(s)), but the analytic columns do not: the " +
      "batched softmax backward is missing its column-sum term −1 1ᵀ(Y ∘ dY) (E11)",
  };
}

function fitWrongAxis(N: Float64Array, A: Float64Array): GradientDiagnosis | undefined {
  if (N.length < 2) return undefined;
  let sN = 0;
  let sA = 0;
  let abs = 0;
  for (let i = 0; i < N.length; i++) {
    sN += N[i];
    sA += A[i];
    abs += Math.abs(N[i]) + Math.abs(A[i]);
  }
  if (!(Math.abs(sN - sA) <= 1e-6 * abs)) return undefined;
  return {
    kind: "wrong-axis-sum",
    message: "analytic and numerical have the same total but different entries: the right " +
      "terms were summed along the wrong axis (e.g. db summed over its rows instead of " +
      "over the m example columns), which runs unnoticed when the two sizes are equal",
  };
}

function fitMask(report: DiagnosableReport): GradientDiagnosis | undefined {
  const { numerical: N, analytic: A, tolerance } = report;
  const scale = Math.max(norm(N), norm(A)) / Math.sqrt(N.length);
  let bad = 0;
  let oneSideZero = 0;
  for (let i = 0; i < N.length; i++) {
    const err = entryRelError(N[i], A[i]);
    if (err <= Math.max(tolerance, 1e-6)) continue;
    bad++;
    if (Math.min(Math.abs(N[i]), Math.abs(A[i])) <= 1e-7 * scale) oneSideZero++;
  }
  if (bad === 0 || oneSideZero < 0.8 * bad) return undefined;
  return {
    kind: "wrong-mask",
    message: `at ${oneSideZero} of the ${bad} disagreeing entries one side is 0 and the ` +
      "others agree: a mask selected the wrong entries, e.g. ReLU's 1[X > 0] taken from " +
      "the output gradient or from another layer's tensor instead of this layer's input",
  };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** ‖a − c b‖. */
function residual(a: Float64Array, b: Float64Array, c: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const r = a[i] - c * b[i];
    s += r * r;
  }
  return Math.sqrt(s);
}
