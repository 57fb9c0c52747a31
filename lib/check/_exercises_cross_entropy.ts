// Private: the checks of the cross-entropy exercises (notebook 03): H(q, p) with ∂H/∂p (E13, E15)
// and the fused softmax cross-entropy whose gradient is p − q (the step beyond the note; X3).

import { Matrix } from "../core/matrix.ts";
import { Rng } from "../core/random.ts";
import { crossEntropy, crossEntropyGradP } from "../nn/cross_entropy.ts";
import { softmax } from "../nn/softmax.ts";
import { softmaxCrossEntropy } from "../nn/softmax_cross_entropy.ts";
import { numericalGradient } from "./numerical_gradient.ts";
import type { Dims, ExerciseSpec, StudentFunction, Trial } from "./_exercise_trial.ts";

const DIFF = "central differences";

/** −Σ q_i log p_i for any positive p (off the simplex too, as the finite differences step). */
function entropyOf(q: ArrayLike<number>, p: ArrayLike<number>): number {
  let H = 0;
  for (let i = 0; i < q.length; i++) if (q[i] !== 0) H -= q[i] * Math.log(p[i]);
  return H;
}

/** H(q, p) = −Σ q_i log p_i and ∂H/∂p = −q/p. */
export const crossEntropySpec: ExerciseSpec = {
  id: "crossEntropy",
  title: "cross-entropy and ∂H/∂p",
  equation: "E13, E15",
  fn: "myCrossEntropy",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (q: Float64Array, p: Float64Array) => unknown;
    const rng = new Rng(1200);
    const probabilities = (k: number) =>
      softmax(Matrix.column(Array.from({ length: k }, () => rng.normal())))
        .column(0);
    const cases: { dims: Dims; label: string; q: Float64Array; p: Float64Array }[] = [
      {
        dims: { k: 4 },
        label: "k = 4, one-hot q (class 2)",
        q: new Float64Array([0, 0, 1, 0]),
        p: probabilities(4),
      },
      {
        dims: { k: 3 },
        label: "k = 3, q = [0.2, 0.5, 0.3]",
        q: new Float64Array([0.2, 0.5, 0.3]),
        p: probabilities(3),
      },
      {
        dims: { k: 1 },
        label: "k = 1, q = p = [1]",
        q: new Float64Array([1]),
        p: new Float64Array([1]),
      },
    ];
    for (const { dims, label, q, p } of cases) {
      t.begin(dims, label);
      const what = "{ H, dp }";
      const result = await t.call(() => f(q.slice(), p.slice()));
      const H = t.scalar("H", t.field(result, "H", what));
      const dp = t.vector("dp", t.field(result, "dp", what), dims.k, "k");
      t.compare("H", H, crossEntropy(q, p), {
        against: "crossEntropy",
        hypotheses: [
          {
            message: "H came out negative: H(q, p) = −Σ q_i log p_i has a minus sign, which " +
              "makes it ≥ 0 (each −log p_i ≥ 0) (E13)",
            value: () => -entropyOf(q, p),
          },
          {
            message: "H ignores q: it is −Σ q_i log p_i, each log weighted by the target q_i",
            value: () => -p.reduce((s, pi) => s + Math.log(pi), 0),
          },
          {
            message: "H uses log base 10: cross-entropy uses the natural log (Math.log)",
            value: () => entropyOf(q, p) / Math.LN10,
          },
        ],
      });
      t.compare("dp", dp, numericalGradient((v) => entropyOf(q, v), p.slice()), {
        against: DIFF,
        point: p,
        hypotheses: [
          {
            message: "dp is −log p, which is ∂H/∂q (E15's other partial): ∂H/∂p_i = −q_i / p_i",
            value: () => p.map((pi) => -Math.log(pi)),
          },
          {
            message: "dp = −1/p ignores q: ∂H/∂p_i = −q_i / p_i, which is 0 where q_i = 0",
            value: () => p.map((pi) => -1 / pi),
          },
          {
            message: "the sign of dp is flipped: ∂H/∂p_i = −q_i / p_i (E15)",
            value: () => q.map((qi, i) => qi / p[i]),
          },
        ],
      });
      t.compare("dp", dp, crossEntropyGradP(q, p), { against: "crossEntropyGradP" });
    }
  },
};

/** The mean cross-entropy of softmax(scores) against labels, and dScores = (p − q) / m. */
export const softmaxCrossEntropySpec: ExerciseSpec = {
  id: "softmaxCrossEntropy",
  title: "the fused softmax cross-entropy gradient p − q",
  equation: "E14, E15 through E9, X3",
  fn: "mySoftmaxCrossEntropy",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (scores: Matrix, labels: number[]) => unknown;
    const rng = new Rng(1300);
    const cases: { dims: Dims; labels: number[] }[] = [
      { dims: { k: 4, m: 6 }, labels: [0, 2, 2, 1, 3, 0] },
      { dims: { k: 3, m: 1 }, labels: [1] },
      { dims: { k: 1, m: 3 }, labels: [0, 0, 0] },
    ];
    for (const { dims, labels } of cases) {
      t.begin(dims, `k = ${dims.k}, m = ${dims.m}, labels [${labels}]`);
      const { k, m } = dims;
      const scores = rng.normalMatrix(k, m, 1.5);
      const what = "{ loss, dScores }";
      const result = await t.call(() => f(scores.clone(), [...labels]));
      const loss = t.scalar("loss", t.field(result, "loss", what));
      const dScores = t.matrix("dScores", t.field(result, "dScores", what), k, m);
      const ref = softmaxCrossEntropy(scores, labels);
      const P = ref.probs;
      t.compare("loss", loss, ref.loss, {
        against: "softmaxCrossEntropy",
        hypotheses: [{
          message: "the loss is the sum over the m examples: it is their mean, so divide by m",
          value: () => ref.loss * m,
        }],
      });
      const lossOf = (v: Float64Array) => softmaxCrossEntropy(new Matrix(k, m, v), labels).loss;
      t.compare("dScores", dScores, numericalGradient(lossOf, scores.data.slice()), {
        against: DIFF,
        rows: k,
        cols: m,
        point: scores.data,
        hypotheses: [
          {
            message: "a missing 1/m: dScores is m × too large; the loss is the mean over the " +
              "m example columns, so each column's gradient p − q is divided by m",
            value: () => ref.dScores.map((v) => v * m),
          },
          {
            message: "the −q term is missing: ∂H/∂s = p − q, so subtract 1 (over m) at each " +
              "example's true class",
            value: () => P.map((p) => p / m),
          },
          {
            message: "slip X3: the one-hot target was built as q_i = 1 iff y_i = i (the label " +
              "of example i); it is q_i = 1 iff y = i, with y this example's own label labels[j]",
            value: () => P.map((p, i) => (p - (labels[i] === i ? 1 : 0)) / m),
          },
        ],
      });
      t.compare("dScores", dScores, ref.dScores, { against: "softmaxCrossEntropy" });
    }
  },
};
