// Private: the checks of the training exercises (notebook 05): the L2 penalty and its gradient
// (E4), a momentum step in the library's (PyTorch's) form, and a training loop that must reach
// 95 % on the spiral (E4–E5).

import { Matrix } from "../core/matrix.ts";
import { Rng } from "../core/random.ts";
import type { Dataset } from "../core/dataset.ts";
import { l2Penalty } from "../nn/regularizers.ts";
import { type Network, networkParameters } from "../nn/network.ts";
import { twoLayerNet } from "../nn/two_layer_net.ts";
import { accuracy } from "../train/predict.ts";
import { momentum } from "../train/optimizers.ts";
import { spiralData } from "../data/spiral.ts";
import { numericalGradient } from "./numerical_gradient.ts";
import type { ExerciseSpec, StudentFunction, Trial } from "./_exercise_trial.ts";

/** R = (λ/2) Σ ‖W‖² and ∂R/∂W = λW. */
export const l2PenaltySpec: ExerciseSpec = {
  id: "l2Penalty",
  title: "the L2 penalty and its gradient",
  equation: "E4",
  fn: "myL2Penalty",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (weights: Matrix[], lambda: number) => unknown;
    const rng = new Rng(1500);
    const cases = [
      {
        label: "W1 3 × 4 and W2 2 × 3, λ = 0.1",
        weights: [rng.normalMatrix(3, 4), rng.normalMatrix(2, 3)],
        lambda: 0.1,
      },
      { label: "one 1 × 1 weight, λ = 0.5", weights: [Matrix.from([[-1.3]])], lambda: 0.5 },
    ];
    for (const { label, weights, lambda } of cases) {
      t.begin({}, label);
      const what = "{ value, grads }";
      const result = await t.call(() => f(weights.map((W) => W.clone()), lambda));
      const value = t.scalar("value", t.field(result, "value", what));
      const grads = t.field(result, "grads", what);
      if (!Array.isArray(grads) || grads.length !== weights.length) {
        t.fail(
          `grads must be an array with one gradient per weight matrix (${weights.length} ` +
            `here), got ${Array.isArray(grads) ? `${grads.length}` : String(grads)}`,
        );
      }
      const ref = l2Penalty(weights, lambda);
      const sumSquares = weights.reduce((s, W) => s + W.data.reduce((a, w) => a + w * w, 0), 0);
      t.compare("value", value, ref.value, {
        against: "(λ/2) Σ ‖W‖²",
        hypotheses: [
          {
            message: "R is twice (λ/2) Σ ‖W‖²: the ½ is missing (it is there so that the " +
              "gradient comes out as λW)",
            value: () => lambda * sumSquares,
          },
          {
            message: "λ is missing from R = (λ/2) Σ ‖W‖²",
            value: () => 0.5 * sumSquares,
          },
        ],
      });
      weights.forEach((W, w) => {
        const name = `grads[${w}]`;
        const G = t.matrix(name, grads[w], W.rows, W.cols);
        const valueOf = (v: Float64Array) =>
          l2Penalty(weights.map((V, u) => (u === w ? new Matrix(W.rows, W.cols, v) : V)), lambda)
            .value;
        t.compare(name, G, numericalGradient(valueOf, W.data.slice()), {
          against: "central differences",
          rows: W.rows,
          cols: W.cols,
          point: W.data,
          hypotheses: [
            {
              message: "∂R/∂W came out as 2λW: with the ½ in R = (λ/2)‖W‖², the 2 of the " +
                "square cancels it, ∂R/∂W = λW",
              value: () => W.map((v) => 2 * lambda * v),
            },
            {
              message: "∂R/∂W is λ in every entry: the derivative of (λ/2)w² is λw, it keeps " +
                "the w",
              value: () => W.map(() => lambda),
            },
            {
              message: "λ is missing from ∂R/∂W = λW",
              value: () => W,
            },
          ],
        });
        t.compare(name, G, ref.grads[w], { against: "l2Penalty" });
      });
    }
  },
};

/**
 * The library's momentum (PyTorch's form), in place: b ← μ b + g, then w ← w − η b. The
 * classical v ← μ v − η g, w ← w + v holds v = −η b: the same steps while η is fixed, not once
 * it changes, so one case changes η between steps (a schedule, as `learningRateDecay` does).
 */
export const momentumStepSpec: ExerciseSpec = {
  id: "momentumStep",
  title: "a momentum step",
  equation: "E5",
  fn: "myMomentumStep",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (
      w: Matrix,
      b: Matrix,
      g: Matrix,
      hyper: { learningRate: number; momentum: number },
    ) => unknown;
    const rng = new Rng(1600);
    const cases = [
      {
        label: "w 3 × 2, η = 0.1, μ = 0.9, three steps",
        rows: 3,
        cols: 2,
        etas: [0.1, 0.1, 0.1],
        mu: 0.9,
        constant: false,
      },
      {
        label: "w 1 × 1, η = 0.5, μ = 0.5, three steps of g = 1",
        rows: 1,
        cols: 1,
        etas: [0.5, 0.5, 0.5],
        mu: 0.5,
        constant: true,
      },
      {
        label: "w 2 × 3, μ = 0.9, η = 0.1, 0.1, then 0.05 (a schedule)",
        rows: 2,
        cols: 3,
        etas: [0.1, 0.1, 0.05],
        mu: 0.9,
        constant: false,
      },
    ];
    for (const { label, rows, cols, etas, mu, constant } of cases) {
      t.begin({}, label);
      const w0 = rng.normalMatrix(rows, cols);
      const gs = etas.map(
        () => (constant ? Matrix.full(rows, cols, 1) : rng.normalMatrix(rows, cols)),
      );
      // The library's optimizer is the reference for w; b is its buffer, written out.
      const reference = w0.clone();
      const optimizer = momentum({ learningRate: etas[0], momentum: mu });
      const right = gs.map((G, s) => {
        optimizer.learningRate = etas[s];
        optimizer.step([reference], [G.clone()]);
        return reference.data.slice();
      });
      const trajectories = momentumTrajectories(w0.data, gs, etas, mu);
      const w = w0.clone();
      const b = Matrix.zeros(rows, cols);
      for (let s = 0; s < gs.length; s++) {
        const hyper = { learningRate: etas[s], momentum: mu };
        await t.call(() => f(w, b, gs[s].clone(), hyper), false);
        const step = `after step ${s + 1}`;
        const after = t.matrix(`w ${step}`, w, rows, cols);
        const hypotheses = (part: "w" | "b", messages: Record<string, string>) =>
          Object.entries(messages).map(([rule, message]) => ({
            message,
            value: () => trajectories[rule as MomentumRule][s][part],
          }));
        t.compare(`w ${step}`, after, right[s], {
          against: "the library's momentum()",
          rows,
          cols,
          hypotheses: hypotheses("w", {
            notKept: NOT_KEPT,
            uphill: "the step went uphill: w ← w + η b climbs the loss; it is w ← w − η b",
            oldBuffer: "w was moved with the old buffer: update b first (b ← μ b + g), then " +
              "w ← w − η b with the new b",
            classical: CLASSICAL + ` (here η changed before step ${s + 1})`,
          }),
        });
        const buffer = t.matrix(`b ${step}`, b, rows, cols);
        t.compare(`b ${step}`, buffer, trajectories.right[s].b, {
          against: "b ← μ b + g",
          rows,
          cols,
          hypotheses: hypotheses("b", {
            notKept: NOT_KEPT,
            classical: CLASSICAL,
            etaInBuffer: "b holds η times the buffer: you wrote b ← μ b + η g and w ← w − b, " +
              "which takes the same steps while η is fixed; the library's buffer leaves η out, " +
              "b ← μ b + g, and multiplies by the current η in w ← w − η b",
          }),
        });
      }
    }
  },
};

const NOT_KEPT = "the momentum buffer b (the velocity) was not kept between steps, so w moved " +
  "like plain SGD: write b's entries back in place (b.data[i] = μ b_i + g_i), since the next " +
  "step needs them";

const CLASSICAL = "you wrote the classical form v ← μ v − η g, w ← w + v, with v in b: it keeps " +
  "v = −η b and takes the same steps only while η stays fixed; the library's form (and this " +
  "exercise's) is b ← μ b + g, then w ← w − η b";

/** The momentum rules a student may write: the right one and its classic mistakes. */
type MomentumRule = "right" | "notKept" | "uphill" | "oldBuffer" | "classical" | "etaInBuffer";

/** Each rule's w and b after every step, from w0 and b = 0, with step s using etas[s]. */
function momentumTrajectories(
  w0: Float64Array,
  gs: Matrix[],
  etas: number[],
  mu: number,
): Record<MomentumRule, { w: Float64Array; b: Float64Array }[]> {
  const rules: MomentumRule[] = [
    "right",
    "notKept",
    "uphill",
    "oldBuffer",
    "classical",
    "etaInBuffer",
  ];
  const out = {} as Record<MomentumRule, { w: Float64Array; b: Float64Array }[]>;
  for (const rule of rules) {
    const w = w0.slice();
    const b = new Float64Array(w.length);
    out[rule] = gs.map((G, s) => {
      const eta = etas[s];
      for (let i = 0; i < w.length; i++) {
        const g = G.data[i];
        if (rule === "notKept") w[i] -= eta * (mu * b[i] + g); // b stays 0
        else if (rule === "oldBuffer") {
          w[i] -= eta * b[i];
          b[i] = mu * b[i] + g;
        } else if (rule === "classical") {
          b[i] = mu * b[i] - eta * g; // v ← μ v − η g
          w[i] += b[i]; // w ← w + v
        } else if (rule === "etaInBuffer") {
          b[i] = mu * b[i] + eta * g;
          w[i] -= b[i];
        } else {
          b[i] = mu * b[i] + g;
          w[i] += (rule === "uphill" ? eta : -eta) * b[i];
        }
      }
      return { w: w.slice(), b: b.slice() };
    });
  }
  return out;
}

/** Trains a fresh two-layer network on the spiral to ≥ 95 % training accuracy. */
export const trainSpiralSpec: ExerciseSpec = {
  id: "trainSpiral",
  title: "a training loop on the spiral",
  equation: "E4–E5",
  fn: "myTrain",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (net: Network, data: Dataset) => unknown;
    const data = spiralData({ pointsPerClass: 100, classes: 3, seed: 0 });
    t.begin({ n: 2, m: 300, k: 3 }, "the spiral (n = 2, m = 300, k = 3), net 2 → 100 → 3");
    const net = twoLayerNet([2, 100, 3], { rng: new Rng(1) });
    const before = networkParameters(net).map((p) => p.value.data.slice());
    const result = await t.call(
      () => f(net, { X: data.X.clone(), labels: data.labels.slice() }),
      false,
    );
    const changed = networkParameters(net).some((p, i) =>
      p.value.data.some((w, j) => w !== before[i][j])
    );
    if (result === undefined && !changed) t.fail("it returned nothing and changed nothing");
    if (!Array.isArray(result) && !(result instanceof Float64Array)) {
      t.fail(
        `it must return the loss of every step (an array of numbers), got ${typeof result}`,
      );
    }
    const losses = Array.from(result as ArrayLike<unknown>);
    if (losses.length === 0 || losses.some((v) => typeof v !== "number")) {
      t.fail("it must return the loss of every step (a non-empty array of numbers)");
    }
    const loss = losses as number[];
    const first = loss[0];
    const last = loss[loss.length - 1];
    const bad = loss.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      t.fail(
        `the loss became ${loss[bad]} at step ${bad + 1}: the steps grew until the numbers ` +
          "overflowed; lower the learning rate",
      );
    }
    if (!changed) {
      t.fail(
        `the network's parameters never changed (the loss stayed at ${first.toFixed(3)}): the ` +
          "updates were written into copies (W.map returns a new matrix); write into " +
          "p.value.data in place",
      );
    }
    const acc = accuracy(net, data);
    const pct = (a: number) => `${(100 * a).toFixed(1)} %`;
    const [from, to] = [first, last].map((v) =>
      Math.abs(v) < 1e4 ? v.toFixed(3) : v.toExponential(2)
    );
    if (!(last < first)) {
      t.fail(
        `the loss rose from ${from} to ${to} over ${loss.length} ` +
          `steps (training accuracy ${pct(acc)}): the update climbs the loss; descend, ` +
          "w ← w − η ∂J/∂w",
      );
    }
    if (!(acc >= 0.95)) {
      t.fail(
        `training accuracy ${pct(acc)} < 95 %: the loss fell from ${from} to ${to} in ` +
          `${loss.length} steps, so the loop works; train longer or with ` +
          "a larger learning rate",
      );
    }
    t.note(
      `training accuracy ${pct(acc)} ≥ 95 % after ${loss.length} steps; the loss fell from ` +
        `${from} to ${to}`,
    );
  },
};
