/**
 * Exercise checks: the student writes a function ("Your turn"), and one line checks it,
 *
 * ```ts ignore
 * await exercise.linearBackward(myLinearBackward);
 * ```
 *
 * The check runs the function on seeded inputs of several shapes (m = 1 and k = 1 among them),
 * compares every output with central finite differences and with the library's own function,
 * and shows a report: in Jupyter as HTML, in a terminal as text.
 *
 * - Passed: each quantity's largest relative error and the bound it stays under, as cs231n's
 *   assignments print them.
 * - Failed: the diagnosis in words ("dW came out transposed", "a missing 1/m", "the mask was taken
 *   from the gradient", …), read from the pattern of the error or matched against the exercise's
 *   classic mistakes, with the worst entries and, for a matrix, numerical | yours | difference
 *   heatmaps. Then it throws an {@linkcode ExerciseError} whose first line is that diagnosis, so
 *   the cell turns red with the diagnosis on top.
 * - Not written yet (the stub throws {@linkcode NotImplemented}, or returns undefined): one
 *   friendly line and no error, so the rest of the notebook still runs.
 * - A wrong type or shape is named as such: a plain array where a Matrix is due, a Float64Array
 *   of the wrong length, k × n where n × k is due.
 *
 * The shapes use fixed letters: n features (inputs), m examples (columns), k outputs or classes,
 * h hidden units.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import type { Dataset } from "../core/dataset.ts";
import { jupyterApi } from "../core/_jupyter.ts";
import type { LinearCache, LinearGrads, LinearParams } from "../nn/linear.ts";
import type { Network } from "../nn/network.ts";
import type { BugNetParams } from "./backprop_bugs.ts";
import { ExerciseError, ExerciseReport } from "./exercise_report.ts";
import { Failure, type StudentFunction, Trial, Waiting } from "./_exercise_trial.ts";
import {
  linearBackwardSpec,
  linearForwardSpec,
  reluBackwardSpec,
  sgdStepSpec,
  sigmoidBackwardSpec,
  sigmoidNeuronSpec,
  tanhBackwardSpec,
  twoLayerGradientSpec,
} from "./_exercises_layers.ts";
import {
  softmaxBackwardSpec,
  softmaxJacobianSpec,
  softmaxJvpSpec,
  softmaxSpec,
} from "./_exercises_softmax.ts";
import { crossEntropySpec, softmaxCrossEntropySpec } from "./_exercises_cross_entropy.ts";
import { numericalGradientSpec } from "./_exercises_finite_differences.ts";
import { l2PenaltySpec, momentumStepSpec, trainSpiralSpec } from "./_exercises_training.ts";

const SPECS = [
  sigmoidNeuronSpec,
  linearForwardSpec,
  linearBackwardSpec,
  reluBackwardSpec,
  sigmoidBackwardSpec,
  tanhBackwardSpec,
  twoLayerGradientSpec,
  sgdStepSpec,
  softmaxSpec,
  softmaxJacobianSpec,
  softmaxJvpSpec,
  softmaxBackwardSpec,
  crossEntropySpec,
  softmaxCrossEntropySpec,
  numericalGradientSpec,
  trainSpiralSpec,
  l2PenaltySpec,
  momentumStepSpec,
] as const;

/** The name of an exercise, also the name of its check on {@linkcode exercise}. */
export type ExerciseId = keyof ExerciseChecks;

/** What an exercise is: its id, title, the equations it implements, and its function's name. */
export interface ExerciseInfo {
  /** The id, e.g. `"linearBackward"`. */
  readonly id: ExerciseId;
  /** A short title, e.g. `"linear backward"`. */
  readonly title: string;
  /** The equations of the note it implements, e.g. `"E5"`. */
  readonly equation: string;
  /** The name the exercise's stub gives the student's function, e.g. `"myLinearBackward"`. */
  readonly function: string;
}

/**
 * Every exercise the library can check, in the order the notebooks meet them.
 *
 * @example
 * ```ts
 * import { EXERCISES } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(EXERCISES.length, 18);
 * const backward = EXERCISES.find((e) => e.id === "linearBackward");
 * assert.equal(backward?.function, "myLinearBackward");
 * ```
 */
export const EXERCISES: readonly ExerciseInfo[] = SPECS.map((s) => ({
  id: s.id as ExerciseId,
  title: s.title,
  equation: s.equation,
  function: s.fn,
}));

/**
 * Where a check's report goes: `"auto"` shows HTML in Jupyter and prints text elsewhere, `"text"`
 * always prints text, `"none"` shows nothing, and a function receives the report.
 */
export type ExerciseDisplay =
  | "auto"
  | "text"
  | "none"
  | ((report: ExerciseReport) => void | Promise<void>);

/** Options of every check on {@linkcode exercise}. */
export interface ExerciseCheckOptions {
  /** Where the report goes. @default {the value set by setExerciseDisplay, first "auto"} */
  display?: ExerciseDisplay;
  /** Throw an {@linkcode ExerciseError} when the check fails. @default {true} */
  throw?: boolean;
}

let defaultDisplay: ExerciseDisplay = "auto";

/**
 * Sets where the reports of later checks go when a check is not given `display` (a teacher's
 * grading script may collect them; tests silence them).
 *
 * @param display The new default; see {@linkcode ExerciseDisplay}.
 * @returns The previous default, to restore it later.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { exercise, type ExerciseReport, NotImplemented, setExerciseDisplay } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * function mySoftmax(_X: Matrix): Matrix {
 *   throw new NotImplemented("mySoftmax"); // the stub as the notebook has it
 * }
 * const seen: ExerciseReport[] = [];
 * const previous = setExerciseDisplay((report) => { seen.push(report); });
 * await exercise.softmax(mySoftmax); // shows "… not implemented yet", throws nothing
 * setExerciseDisplay(previous);
 * assert.equal(seen[0].status, "not-implemented");
 * ```
 */
export function setExerciseDisplay(display: ExerciseDisplay): ExerciseDisplay {
  const valid = typeof display === "function" || display === "auto" || display === "text" ||
    display === "none";
  if (!valid) {
    throw new TypeError(
      `setExerciseDisplay: display must be "auto", "text", "none" or a function, got ${
        String(display)
      }`,
    );
  }
  const previous = defaultDisplay;
  defaultDisplay = display;
  return previous;
}

/**
 * Runs one exercise's check on a function and returns its report, without showing it or
 * throwing (what `exercise.<id>` does around it).
 *
 * @param id The exercise, see {@linkcode EXERCISES}.
 * @param fn The student's function.
 * @returns The report: passed, failed (with a diagnosis) or not-implemented.
 * @throws {RangeError} When `id` names no exercise.
 * @throws {TypeError} When `fn` is not a function.
 *
 * @example A ReLU backward whose mask comes from the gradient is diagnosed
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { runExercise } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const wrong = (dOut: Matrix, _cache: { X: Matrix }) => dOut.map((g) => (g > 0 ? g : 0));
 * const report = await runExercise("reluBackward", wrong);
 * assert.equal(report.status, "failed");
 * assert.match(report.diagnosis ?? "", /the mask was taken from the gradient/);
 * ```
 */
export async function runExercise(id: ExerciseId, fn: unknown): Promise<ExerciseReport> {
  const spec = SPECS.find((s) => s.id === id);
  if (spec === undefined) {
    throw new RangeError(
      `runExercise: no exercise "${String(id)}"; the exercises are ${
        SPECS.map((s) => s.id).join(", ")
      }`,
    );
  }
  if (typeof fn !== "function") {
    throw new TypeError(
      `exercise.${spec.id} takes your function (e.g. ${spec.fn}), got ${
        fn === null ? "null" : typeof fn
      }`,
    );
  }
  const name = fn.name && fn.name !== "anonymous" ? fn.name : spec.fn;
  const t = new Trial(name);
  const base = {
    exercise: spec.id,
    title: spec.title,
    equation: spec.equation,
    function: name,
  };
  try {
    await spec.run(fn as StudentFunction, t);
  } catch (error) {
    if (error instanceof Waiting) {
      return new ExerciseReport({
        ...base,
        status: "not-implemented",
        waitingFor: error.stub,
        cases: [],
        measures: [],
      });
    }
    if (error instanceof Failure) {
      return new ExerciseReport({
        ...base,
        status: "failed",
        diagnosis: error.diagnosis,
        failedCase: t.caseLabel,
        cases: t.cases,
        measures: t.measures,
        mismatch: error.mismatch,
      });
    }
    throw error;
  }
  return new ExerciseReport({
    ...base,
    status: "passed",
    cases: t.cases,
    measures: t.measures,
    notes: t.notes,
  });
}

/** Runs a check, shows its report, and throws when it failed (unless told not to). */
async function check(
  id: ExerciseId,
  fn: unknown,
  options: ExerciseCheckOptions = {},
): Promise<void> {
  const { display = defaultDisplay, throw: shouldThrow = true } = options;
  const report = await runExercise(id, fn);
  const failedAndThrowing = report.status === "failed" && shouldThrow;
  if (typeof display === "function") {
    await display(report);
  } else if (display !== "none") {
    const kernel = display === "auto" ? jupyterApi() : undefined;
    if (kernel !== undefined) {
      await kernel.broadcast("display_data", {
        data: { "text/plain": report.toString(), "text/html": report.toHtml() },
        metadata: {},
        transient: {},
      });
    } else if (!failedAndThrowing) {
      // In a terminal a failure's text arrives with the thrown error; print everything else.
      console.log(report.toString());
    }
  }
  if (failedAndThrowing) throw new ExerciseError(report);
}

/**
 * One check per exercise. Each takes the student's function and resolves when the report is
 * shown; a failure rejects with an {@linkcode ExerciseError} naming the mistake. Shapes use the
 * fixed letters n (features), m (examples, the columns), k (outputs or classes), h (hidden units).
 */
export interface ExerciseChecks {
  /**
   * One sigmoid neuron a = σ(w·x + b) by hand (E3, E5): `fn(w, x, b)` returns
   * `{ s, a, dads, dw, dx, db }` with s = w·x + b, a = σ(s), dads = ∂a/∂s, and the gradients of
   * a by w (n numbers), x (n numbers) and b.
   *
   * @param fn The student's `mySigmoidNeuron`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  sigmoidNeuron(
    fn: (w: number[], x: number[], b: number) => {
      s: number;
      a: number;
      dads: number;
      dw: ArrayLike<number>;
      dx: ArrayLike<number>;
      db: number;
    },
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * Linear forward (E2–E3): `fn({ W, b }, X)` returns out = W X + b 1ᵀ, k × m, for W k × n,
   * b k × 1, X n × m.
   *
   * @param fn The student's `myLinearForward`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  linearForward(
    fn: (params: LinearParams, X: Matrix) => Matrix,
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * Linear backward (E5): `fn(dOut, { W, b, X })` returns `{ dX, dW, db }`: dX = Wᵀ dOut (n × m),
   * dW = dOut Xᵀ (k × n), db = dOut 1 (k × 1), for dOut k × m.
   *
   * @param fn The student's `myLinearBackward`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  linearBackward(
    fn: (dOut: Matrix, cache: LinearCache) => LinearGrads,
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * ReLU backward (E5): `fn(dOut, { X })` returns dX = dOut ∘ 1[X > 0], n × m.
   *
   * @param fn The student's `myReluBackward`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  reluBackward(
    fn: (dOut: Matrix, cache: { X: Matrix }) => Matrix,
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * Sigmoid backward (E5): `fn(dOut, { out })` with out = σ(X) returns dX = dOut ∘ out ∘ (1 − out).
   *
   * @param fn The student's `mySigmoidBackward`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  sigmoidBackward(
    fn: (dOut: Matrix, cache: { out: Matrix }) => Matrix,
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * Tanh backward (E5): `fn(dOut, { out })` with out = tanh(X) returns dX = dOut ∘ (1 − out²).
   *
   * @param fn The student's `myTanhBackward`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  tanhBackward(
    fn: (dOut: Matrix, cache: { out: Matrix }) => Matrix,
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * An SGD step (E5): `fn(params, grads, η)` updates every parameter in place, w ← w − η g.
   *
   * @param fn The student's `mySgdStep`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  sgdStep(
    fn: (params: Matrix[], grads: Matrix[], learningRate: number) => void,
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * The gradient of a two-layer network (E1–E5), assembled from the student's own layers:
   * `fn({ W1, b1, W2, b2 }, { X, labels }, λ)` returns `{ loss, grads }` for
   * J = mean cross-entropy of softmax(W2 relu(W1 X + b1 1ᵀ) + b2 1ᵀ) + (λ/2)(‖W1‖² + ‖W2‖²),
   * with W1 h × n, W2 k × h, X n × m.
   *
   * @param fn The student's `myTwoLayerLoss`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  twoLayerGradient(
    fn: (
      params: BugNetParams,
      batch: { X: Matrix; labels: number[] },
      lambda: number,
    ) => { loss: number; grads: BugNetParams },
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * Stable softmax (E6): `fn(X)` returns softmax of each column of the k × m scores X, finite for
   * scores of ±1000.
   *
   * @param fn The student's `mySoftmax`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  softmax(fn: (X: Matrix) => Matrix, options?: ExerciseCheckOptions): Promise<void>;
  /**
   * The softmax Jacobian (E7–E9): `fn(y)` returns diag(y) − yyᵀ, k × k, for y = softmax(x) of
   * length k.
   *
   * @param fn The student's `mySoftmaxJacobian`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  softmaxJacobian(fn: (y: Float64Array) => Matrix, options?: ExerciseCheckOptions): Promise<void>;
  /**
   * The Jacobian-vector product (E10): `fn(y, z)` returns y ∘ (z − (yᵀz) 1), length k.
   *
   * @param fn The student's `mySoftmaxJvp`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  softmaxJvp(
    fn: (y: Float64Array, z: Float64Array) => Float64Array,
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * The batched softmax backward (E11–E12): `fn(Y, dY)` returns Y ∘ (dY − 1 1ᵀ(Y ∘ dY)), k × m.
   *
   * @param fn The student's `mySoftmaxBackward`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  softmaxBackward(
    fn: (Y: Matrix, dY: Matrix) => Matrix,
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * Cross-entropy and ∂H/∂p (E13, E15): `fn(q, p)` returns `{ H, dp }` with
   * H = −Σ q_i log p_i and dp = −q / p (length k).
   *
   * @param fn The student's `myCrossEntropy`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  crossEntropy(
    fn: (q: Float64Array, p: Float64Array) => { H: number; dp: Float64Array },
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * The fused softmax cross-entropy (E14, X3): `fn(scores, labels)` returns the mean loss over
   * the m columns and dScores = (p − q) / m, k × m.
   *
   * @param fn The student's `mySoftmaxCrossEntropy`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  softmaxCrossEntropy(
    fn: (scores: Matrix, labels: number[]) => { loss: number; dScores: Matrix },
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * A numerical gradient by central differences (what checks E5's ∂J/∂w): `fn(f, x, h)` returns
   * (f(x + h e_i) − f(x − h e_i)) / 2h for every i (length n) and leaves x as it was.
   *
   * @param fn The student's `myNumericalGradient`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  numericalGradient(
    fn: (f: (x: Float64Array) => number, x: Float64Array, h: number) => Float64Array,
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * The L2 penalty (E4): `fn(weights, λ)` returns `{ value, grads }` with
   * value = (λ/2) Σ ‖W‖² and one gradient λW per weight matrix.
   *
   * @param fn The student's `myL2Penalty`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  l2Penalty(
    fn: (weights: Matrix[], lambda: number) => { value: number; grads: Matrix[] },
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * A momentum step (E5) in the library's form, PyTorch's: `fn(w, b, g, { learningRate,
   * momentum })` updates in place b ← μ b + g, then w ← w − η b (b is the buffer, zeros at
   * first). The classical v ← μ v − η g, w ← w + v is named as such: it keeps v = −η b and
   * takes the same steps only while η is fixed, and one case changes η between steps.
   *
   * @param fn The student's `myMomentumStep`.
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  momentumStep(
    fn: (
      w: Matrix,
      b: Matrix,
      g: Matrix,
      hyper: { learningRate: number; momentum: number },
    ) => void,
    options?: ExerciseCheckOptions,
  ): Promise<void>;
  /**
   * A training loop (E4–E5): `fn(net, data)` trains the given 2 → 100 → 3 network on the
   * 300-point spiral in place and returns the loss of every step; it passes at ≥ 95 % training
   * accuracy.
   *
   * @param fn The student's `myTrain` (it may be async).
   * @param options See {@linkcode ExerciseCheckOptions}.
   */
  trainSpiral(
    fn: (net: Network, data: Dataset) => number[] | Promise<number[]>,
    options?: ExerciseCheckOptions,
  ): Promise<void>;
}

/**
 * The exercise checks, one per exercise: `await exercise.<id>(myFunction)`. See
 * {@linkcode ExerciseChecks} for each signature and the module notes for what a report shows.
 *
 * @example A correct linear backward passes; a transposed dW fails with that diagnosis
 * ```ts
 * import { Matrix, matmul } from "../core/mod.ts";
 * import { exercise, ExerciseError } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * type Cache = { W: Matrix; b: Matrix; X: Matrix };
 * const sumColumns = (dOut: Matrix) => Matrix.column(Array.from({ length: dOut.rows }, (_, i) => dOut.row(i).reduce((s, v) => s + v, 0)));
 * function myLinearBackward(dOut: Matrix, { W, X }: Cache) {
 *   return { dX: matmul(W, dOut, { transposeA: true }), dW: matmul(dOut, X, { transposeB: true }), db: sumColumns(dOut) };
 * }
 * await exercise.linearBackward(myLinearBackward, { display: "none" });
 *
 * function transposed(dOut: Matrix, { W, X }: Cache) {
 *   return { ...myLinearBackward(dOut, { W, b: W, X }), dW: matmul(X, dOut, { transposeB: true }) };
 * }
 * await assert.rejects(exercise.linearBackward(transposed, { display: "none" }), (e: unknown) =>
 *   e instanceof ExerciseError && /^✗ transposed: dW came out transposed/.test(e.message));
 * ```
 */
export const exercise: ExerciseChecks = Object.fromEntries(
  SPECS.map((
    s,
  ) => [
    s.id,
    (fn: unknown, options?: ExerciseCheckOptions) => check(s.id as ExerciseId, fn, options),
  ]),
) as unknown as ExerciseChecks;
