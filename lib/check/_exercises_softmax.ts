// Private: the checks of the softmax exercises (notebook 02): a stable column-wise softmax (E6),
// its Jacobian diag(y) − yyᵀ (E7–E9), the product y ∘ (z − (yᵀz) 1) (E10) and the batched
// backward pass Y ∘ (dY − 1 1ᵀ(Y ∘ dY)) (E11–E12, slip X2).

import { Matrix } from "../core/matrix.ts";
import { Rng } from "../core/random.ts";
import {
  softmax,
  softmaxBackward,
  softmaxJacobian,
  softmaxJacobianProduct,
} from "../nn/softmax.ts";
import { numericalJacobian } from "./numerical_gradient.ts";
import { numericalVjp } from "./gradient_check.ts";
import type { Dims, ExerciseSpec, Hypothesis, StudentFunction, Trial } from "./_exercise_trial.ts";

const DIFF = "central differences";

/** softmax of a vector, through the library's column softmax. */
function softmaxVector(x: ArrayLike<number>): Float64Array {
  return softmax(Matrix.column(x)).column(0);
}

/** Softmax of each row instead of each column: the wrong axis. */
function rowSoftmax(X: Matrix): Matrix {
  return softmax(X.transpose()).transpose();
}

/** E6 typed in literally, without subtracting any maximum. */
function naiveSoftmax(X: Matrix): Matrix {
  const E = X.map(Math.exp);
  const sums = new Array<number>(X.cols).fill(0);
  E.data.forEach((e, t) => sums[t % X.cols] += e);
  return E.map((e, _i, j) => e / sums[j]);
}

/** Subtracting the maximum of the whole matrix instead of each column's. */
function globalMaxSoftmax(X: Matrix): Matrix {
  const max = Math.max(...X.data);
  return naiveSoftmax(X.map((v) => v - max));
}

/** Y = softmax(X) column by column, stable for scores of ±1000. */
export const softmaxSpec: ExerciseSpec = {
  id: "softmax",
  title: "stable softmax",
  equation: "E6",
  fn: "mySoftmax",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (X: Matrix) => unknown;
    const rng = new Rng(800);
    const cases: { dims: Dims; label?: string; X: Matrix }[] = [
      { dims: { k: 4, m: 5 }, X: rng.normalMatrix(4, 5, 2) },
      {
        dims: { k: 3, m: 3 },
        label: "k = 3, m = 3, scores from −1000 to 1000",
        X: Matrix.from([[1000, -1000, 0.5], [999, -999, -0.5], [998, -1002, 0]]),
      },
      { dims: { k: 1, m: 3 }, X: rng.normalMatrix(1, 3) },
      { dims: { k: 5, m: 1 }, X: rng.normalMatrix(5, 1, 3) },
    ];
    for (const { dims, label, X } of cases) {
      t.begin(dims, label);
      const Y = t.matrix("Y", await t.call(() => f(X.clone())), dims.k, dims.m);
      t.compare("Y", Y, softmax(X), {
        against: "softmax",
        hypotheses: [
          {
            message: "NaN or ∞ for scores like ±1000: e^1000 overflows to ∞ (and e^−1000 " +
              "underflows to 0, giving 0/0); subtract each column's maximum before " +
              "exponentiating, softmax(x − c1) = softmax(x)",
            value: () => naiveSoftmax(X),
          },
          {
            message: "one maximum was subtracted for the whole matrix: a column whose scores " +
              "lie far below it underflows to 0/0; subtract each column's own maximum",
            value: () => globalMaxSoftmax(X),
          },
          {
            message: "each row sums to 1, not each column: softmax normalizes each example " +
              "(column) over its k classes; you summed along the wrong axis",
            value: () => rowSoftmax(X),
          },
          {
            message: "the exponentials are missing: softmax divides e^{x_i} by Σ_k e^{x_k}, " +
              "not x_i by Σ x_k",
            value: () => X.map((v, _i, j) => v / X.column(j).reduce((s, u) => s + u, 0)),
          },
        ],
      });
    }
  },
};

/** Three probability vectors of k = 5, 3 and 1 entries, with the scores they come from. */
function probabilityCases(seed: number): { dims: Dims; x: Float64Array; y: Float64Array }[] {
  const rng = new Rng(seed);
  return [5, 3, 1].map((k) => {
    const x = Float64Array.from({ length: k }, () => rng.normal(0, 1.2));
    return { dims: { k }, x, y: softmaxVector(x) };
  });
}

/** J = diag(y) − yyᵀ, k × k. */
export const softmaxJacobianSpec: ExerciseSpec = {
  id: "softmaxJacobian",
  title: "the softmax Jacobian diag(y) − yyᵀ",
  equation: "E7–E9",
  fn: "mySoftmaxJacobian",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (y: Float64Array) => unknown;
    for (const { dims, x, y } of probabilityCases(900)) {
      t.begin(dims);
      const { k } = dims;
      const J = t.matrix("J", await t.call(() => f(y.slice())), k, k);
      const outer = (sign: number, diagonal: boolean) =>
        Matrix.zeros(k, k).map((_, i, j) => (diagonal && i === j ? y[i] : 0) + sign * y[i] * y[j]);
      const hypotheses: Hypothesis[] = [
        {
          message: "diag(y) is missing: −yyᵀ alone leaves the diagonal at −y_i², but " +
            "∂f_i/∂x_i = y_i(1 − y_i) (E7), i.e. ∂f/∂x = diag(y) − yyᵀ (E9)",
          value: () => outer(-1, false),
        },
        {
          message: "the sign of yyᵀ is wrong: ∂f/∂x = diag(y) − yyᵀ, so off the diagonal " +
            "∂f_i/∂x_j = −y_i y_j (E7)",
          value: () => outer(1, true),
        },
        {
          message: "only the diagonal y_i(1 − y_i) is there: the off-diagonal entries " +
            "∂f_i/∂x_j = −y_i y_j (i ≠ j, E7) are missing",
          value: () => Matrix.zeros(k, k).map((_, i, j) => (i === j ? y[i] * (1 - y[i]) : 0)),
        },
        {
          message: "−yyᵀ is missing: diag(y) alone is the Jacobian of y ↦ y, not of softmax",
          value: () => outer(0, true),
        },
      ];
      t.compare("J", J, numericalJacobian(softmaxVector, x.slice()), {
        against: DIFF,
        hypotheses,
      });
      t.compare("J", J, softmaxJacobian(y), { against: "softmaxJacobian" });
    }
  },
};

/** (diag(y) − yyᵀ) z = y ∘ (z − (yᵀz) 1) in O(k). */
export const softmaxJvpSpec: ExerciseSpec = {
  id: "softmaxJvp",
  title: "the Jacobian-vector product y ∘ (z − (yᵀz) 1)",
  equation: "E10",
  fn: "mySoftmaxJvp",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (y: Float64Array, z: Float64Array) => unknown;
    const rng = new Rng(1000);
    for (const { dims, x, y } of probabilityCases(1001)) {
      t.begin(dims);
      const z = Float64Array.from(y, () => rng.normal());
      const out = t.vector("the product", await t.call(() => f(y.slice(), z.slice())), dims.k, "k");
      const J = numericalJacobian(softmaxVector, x.slice());
      const numerical = Float64Array.from(
        y,
        (_, i) => J.row(i).reduce((s, v, j) => s + v * z[j], 0),
      );
      const dot = (a: ArrayLike<number>) => y.reduce((s, yi, i) => s + yi * a[i], 0);
      const yz = dot(z);
      const sumZ = z.reduce((s, v) => s + v, 0);
      t.compare("the product", out, numerical, {
        against: DIFF,
        hypotheses: [
          {
            message: "the −(yᵀz) y term is missing: (diag(y) − yyᵀ) z = y ∘ z − y (yᵀz) = " +
              "y ∘ (z − (yᵀz) 1) (E10)",
            value: () => y.map((yi, i) => yi * z[i]),
          },
          {
            message: "1ᵀz, the plain sum of z, stands where yᵀz belongs: subtract the sum of z " +
              "weighted by y, y ∘ (z − (yᵀz) 1)",
            value: () => y.map((yi, i) => yi * (z[i] - sumZ)),
          },
          {
            message: "the outer y ∘ is missing: the product is y ∘ (z − (yᵀz) 1)",
            value: () => z.map((zi) => zi - yz),
          },
        ],
      });
      t.compare("the product", out, softmaxJacobianProduct(y, z), {
        against: "softmaxJacobianProduct",
      });
    }
  },
};

/** dX = Y ∘ (dY − 1 1ᵀ(Y ∘ dY)) for examples in columns. */
export const softmaxBackwardSpec: ExerciseSpec = {
  id: "softmaxBackward",
  title: "the batched softmax backward",
  equation: "E11–E12",
  fn: "mySoftmaxBackward",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (Y: Matrix, dY: Matrix) => unknown;
    const rng = new Rng(1100);
    for (const dims of [{ k: 4, m: 5 }, { k: 3, m: 1 }, { k: 1, m: 4 }]) {
      t.begin(dims);
      const { k, m } = dims;
      const X = rng.normalMatrix(k, m, 1.2);
      const Y = softmax(X);
      const dY = rng.normalMatrix(k, m);
      const dX = t.matrix("dX", await t.call(() => f(Y.clone(), dY.clone())), k, m);
      const product = (A: Matrix, B: Matrix) => A.map((v, i, j) => v * B.get(i, j));
      const colSums = (M: Matrix) =>
        Array.from({ length: m }, (_, j) => M.column(j).reduce((s, v) => s + v, 0));
      const rowSums = (M: Matrix) =>
        Array.from({ length: k }, (_, i) => M.row(i).reduce((s, v) => s + v, 0));
      const YdY = product(Y, dY);
      const byColumn = colSums(YdY);
      t.compare("dX", dX, numericalVjp(softmax, X.clone(), { dOut: dY }), {
        against: DIFF,
        point: X.data,
        hypotheses: [
          {
            message: "the −1 1ᵀ(Y ∘ dY) term of E11 is missing: each column j of dX must " +
              "subtract Y_ij Σ_t Y_tj dY_tj, so every column of dX sums to 0 " +
              "(dX = Y ∘ (dY − 1 1ᵀ(Y ∘ dY)))",
            value: () => YdY,
          },
          {
            message: "summed over the wrong axis: 1ᵀ(Y ∘ dY) sums each column (over the k " +
              "classes of one example, axis 0); you summed each row (over the m examples)",
            value: () => {
              const byRow = rowSums(YdY);
              return Y.map((y, i, j) => y * (dY.get(i, j) - byRow[i]));
            },
          },
          {
            message: "slip X2: the Jacobian was multiplied by the columns of Y, as the note's " +
              "text says; its formula (E11) multiplies by the columns of dY",
            value: () => {
              const sums = colSums(product(Y, Y));
              return Y.map((y, i, j) => y * (Y.get(i, j) - sums[j]));
            },
          },
          {
            message: "the outer Y ∘ is missing: dX = Y ∘ (dY − 1 1ᵀ(Y ∘ dY))",
            value: () => dY.map((g, _i, j) => g - byColumn[j]),
          },
        ],
      });
      t.compare("dX", dX, softmaxBackward(Y, dY), { against: "softmaxBackward" });
    }
  },
};
