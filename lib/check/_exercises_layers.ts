// Private: the checks of the exercises on layers (notebook 01): one sigmoid neuron by hand, the
// linear layer forward and backward, the ReLU, sigmoid and tanh backward passes, an SGD step and
// the gradient of a whole two-layer network built from the student's own layers.

import { Matrix } from "../core/matrix.ts";
import { matmul } from "../core/matmul.ts";
import { Rng } from "../core/random.ts";
import { linearBackward, linearForward } from "../nn/linear.ts";
import { reluForward } from "../nn/relu.ts";
import { sigmoidForward } from "../nn/sigmoid.ts";
import { tanhForward } from "../nn/tanh.ts";
import { bugNetLossAndGradients, type BugNetParams } from "./backprop_bugs.ts";
import { numericalGradient } from "./numerical_gradient.ts";
import { numericalVjp } from "./gradient_check.ts";
import {
  awayFromZero,
  type Dims,
  type ExerciseSpec,
  type Hypothesis,
  type StudentFunction,
  type Trial,
} from "./_exercise_trial.ts";

const DIFF = "central differences";

const sigma = (s: number): number => 1 / (1 + Math.exp(-s));

/** One sigmoid neuron a = σ(w·x + b): its forward values and every gradient of a. */
export const sigmoidNeuronSpec: ExerciseSpec = {
  id: "sigmoidNeuron",
  title: "one sigmoid neuron by hand",
  equation: "E3, E5",
  fn: "mySigmoidNeuron",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (w: number[], x: number[], b: number) => unknown;
    const rng = new Rng(11);
    const cases: [number[], number[], number][] = [
      [[1.5, -2], [0.5, 1], 0.25],
      [[-0.7], [1.3], 0.1],
      [[0.3, -1.1, 0.8], [rng.normal(), rng.normal(), rng.normal()], -0.4],
    ];
    for (const [w, x, b] of cases) {
      const n = w.length;
      t.begin({ n }, `n = ${n}, w = [${w}], x = [${x.map(short)}], b = ${b}`);
      const out = await t.call(() => f([...w], [...x], b));
      const what = "{ s, a, dads, dw, dx, db }";
      const s = t.scalar("s", t.field(out, "s", what));
      const a = t.scalar("a", t.field(out, "a", what));
      const dads = t.scalar("dads", t.field(out, "dads", what));
      const dw = t.numbers("dw", t.field(out, "dw", what), n, "n");
      const dx = t.numbers("dx", t.field(out, "dx", what), n, "n");
      const db = t.scalar("db", t.field(out, "db", what));
      const sRef = w.reduce((acc, wi, i) => acc + wi * x[i], b);
      const aRef = sigma(sRef);
      t.compare("s", s, sRef, {
        against: "w·x + b",
        hypotheses: [{ message: "s = w·x + b: the bias b is missing", value: () => sRef - b }],
      });
      t.compare("a", a, aRef, {
        against: "σ(s)",
        hypotheses: [{
          message: "a = 1/(1 + e^{s}): the sign in the exponent is flipped; σ(s) = 1/(1 + e^{−s})",
          value: () => sigma(-sRef),
        }],
      });
      const ofS = numericalGradient((v) => sigma(v[0]), new Float64Array([sRef]))[0];
      t.compare("dads", dads, ofS, {
        against: DIFF,
        hypotheses: [
          {
            message: "∂a/∂s was taken at the input: s(1 − s) is σ′ written with s, but " +
              "σ′(s) = a(1 − a) uses the output a = σ(s)",
            value: () => sRef * (1 - sRef),
          },
          {
            message: "∂a/∂s = a: the factor (1 − a) of σ′ = a(1 − a) is missing",
            value: () => aRef,
          },
        ],
      });
      const neuron = (wv: ArrayLike<number>, xv: ArrayLike<number>, bv: number): number =>
        sigma(Array.from(wv).reduce((acc, wi, i) => acc + wi * xv[i], bv));
      const local = aRef * (1 - aRef);
      const swapped = "dw and dx are swapped: ∂s/∂w_i = x_i and ∂s/∂x_i = w_i";
      const chain = (what: string, local: string) =>
        `${what} is ${local}, the local gradient alone: the chain rule multiplies it by the ` +
        "upstream ∂a/∂s = a(1 − a)";
      t.compare("dw", dw, numericalGradient((v) => neuron(v, x, b), Float64Array.from(w)), {
        against: DIFF,
        hypotheses: [
          { message: swapped, value: () => w.map((wi) => wi * local) },
          { message: chain("dw", "x = ∂s/∂w"), value: () => x },
        ],
      });
      t.compare("dx", dx, numericalGradient((v) => neuron(w, v, b), Float64Array.from(x)), {
        against: DIFF,
        hypotheses: [
          { message: swapped, value: () => x.map((xi) => xi * local) },
          { message: chain("dx", "w = ∂s/∂x"), value: () => w },
        ],
      });
      t.compare("db", db, numericalGradient((v) => neuron(w, x, v[0]), new Float64Array([b]))[0], {
        against: DIFF,
        hypotheses: [{ message: chain("db", "1 = ∂s/∂b"), value: () => 1 }],
      });
    }
  },
};

/** Sizes of the linear-layer cases: distinct letters first, then square, then m = 1 and k = 1. */
const LINEAR_CASES: Dims[] = [
  { k: 3, n: 4, m: 5 },
  { k: 4, n: 4, m: 4 },
  { k: 3, n: 4, m: 1 },
  { k: 1, n: 4, m: 3 },
];

function linearCase(dims: Dims, seed: number): { W: Matrix; b: Matrix; X: Matrix; dOut: Matrix } {
  const rng = new Rng(seed);
  return {
    W: rng.normalMatrix(dims.k, dims.n),
    b: rng.normalMatrix(dims.k, 1),
    X: rng.normalMatrix(dims.n, dims.m),
    dOut: rng.normalMatrix(dims.k, dims.m),
  };
}

/** out = W X + b 1ᵀ. */
export const linearForwardSpec: ExerciseSpec = {
  id: "linearForward",
  title: "linear forward",
  equation: "E2–E3",
  fn: "myLinearForward",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (params: { W: Matrix; b: Matrix }, X: Matrix) => unknown;
    for (const [c, dims] of LINEAR_CASES.entries()) {
      t.begin(dims);
      const { W, b, X } = linearCase(dims, 100 + c);
      const result = await t.call(() => f({ W: W.clone(), b: b.clone() }, X.clone()));
      const out = t.matrix("out", result, dims.k, dims.m);
      const WX = matmul(W, X);
      t.compare("out", out, linearForward({ W, b }, X).out, {
        against: "linearForward",
        hypotheses: [
          {
            message: "the bias is missing: out − W X should hold b in every column " +
              "(out = W X + b 1ᵀ)",
            value: () => WX,
          },
          {
            message: "out came out as Wᵀ X: W is k × n and X is n × m, so out = W X (k × m); " +
              "it ran only because k = n here",
            value: () => matmul(W, X, { transposeA: true }).map((v, i) => v + b.data[i]),
          },
          {
            message: "the bias was added twice: out = W X + b 1ᵀ adds b once per column",
            value: () => WX.map((v, i) => v + 2 * b.data[i]),
          },
        ],
      });
    }
  },
};

/** dX = Wᵀ dOut, dW = dOut Xᵀ, db = dOut 1. */
export const linearBackwardSpec: ExerciseSpec = {
  id: "linearBackward",
  title: "linear backward",
  equation: "E5",
  fn: "myLinearBackward",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (
      dOut: Matrix,
      cache: { W: Matrix; b: Matrix; X: Matrix },
    ) => unknown;
    for (const [c, dims] of LINEAR_CASES.entries()) {
      t.begin(dims);
      const { k, n, m } = dims;
      const { W, b, X, dOut } = linearCase(dims, 200 + c);
      const result = await t.call(() =>
        f(dOut.clone(), { W: W.clone(), b: b.clone(), X: X.clone() })
      );
      const what = "{ dX, dW, db }";
      const transposedDW = "dW came out transposed: X dOutᵀ is (dOut Xᵀ)ᵀ; dW = dOut Xᵀ is " +
        "k × n like W";
      const wrongAxis = "db was summed over the wrong axis: over the k rows (outputs) instead " +
        "of over the m example columns; db = dOut 1 is k × 1 like b";
      const dX = t.matrix(
        "dX",
        t.field(result, "dX", what),
        n,
        m,
        (r, cols) =>
          r === m && cols === n
            ? "dX came out transposed: dX = Wᵀ dOut is n × m like X"
            : undefined,
      );
      const dW = t.matrix(
        "dW",
        t.field(result, "dW", what),
        k,
        n,
        (r, cols) => r === n && cols === k ? transposedDW : undefined,
      );
      const db = t.matrix(
        "db",
        t.field(result, "db", what),
        k,
        1,
        (r, cols) =>
          r === 1 && cols === m
            ? wrongAxis
            : r === k && cols === m
            ? "db still has the m example columns: sum each row of dOut (db = dOut 1)"
            : r === 1 && cols === 1
            ? "db is one number: sum each row of dOut on its own, one entry per output"
            : undefined,
      );
      const ref = linearBackward(dOut, { W, b, X });
      const layer = (params: { W: Matrix; b: Matrix }, input: Matrix) =>
        linearForward(params, input).out;
      const divided = (name: string, M: Matrix): Hypothesis => ({
        message: `${name} was divided by m: a layer's gradient sums the m examples' ` +
          "contributions; the 1/m of a mean belongs to the loss, not to the layer",
        value: () => M.map((v) => v / m),
      });
      t.compare("dX", dX, numericalVjp((V: Matrix) => layer({ W, b }, V), X.clone(), { dOut }), {
        against: DIFF,
        point: X.data,
        hypotheses: [{
          message: "dX = W dOut: the gradient flows back through Wᵀ, dX = Wᵀ dOut (n × m); " +
            "it ran only because k = n here",
          value: () => matmul(W, dOut),
        }],
      });
      t.compare("dW", dW, numericalVjp((V: Matrix) => layer({ W: V, b }, X), W.clone(), { dOut }), {
        against: DIFF,
        point: W.data,
        hypotheses: [{
          message: `${transposedDW} (it ran only because k = n here)`,
          value: () => matmul(X, dOut, { transposeB: true }),
        }, divided("dW", ref.dW)],
      });
      t.compare("db", db, numericalVjp((V: Matrix) => layer({ W, b: V }, X), b.clone(), { dOut }), {
        against: DIFF,
        point: b.data,
        hypotheses: [{
          message: `${wrongAxis} (it ran only because k = m here)`,
          value: () => Matrix.column(columnSums(dOut)),
        }, divided("db", ref.db)],
      });
      for (
        const [name, yours, reference] of [["dX", dX, ref.dX], ["dW", dW, ref.dW], [
          "db",
          db,
          ref.db,
        ]] as const
      ) {
        t.compare(name, yours, reference, { against: "linearBackward" });
      }
    }
  },
};

function columnSums(M: Matrix): number[] {
  const sums = new Array<number>(M.cols).fill(0);
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) sums[j] += M.get(i, j);
  return sums;
}

/** The sizes of the activation cases: n × m, then m = 1, then n = 1. */
const ACTIVATION_CASES: Dims[] = [{ n: 4, m: 5 }, { n: 3, m: 1 }, { n: 1, m: 4 }];

/** Runs an activation's backward check: dX against central differences and the reference. */
async function activationBackward(
  t: Trial,
  call: (dOut: Matrix, X: Matrix, saved: Matrix) => unknown,
  forward: (X: Matrix) => Matrix,
  reference: (dOut: Matrix, X: Matrix, saved: Matrix) => Matrix,
  hypotheses: (dOut: Matrix, X: Matrix, saved: Matrix) => Hypothesis[],
  seed: number,
): Promise<void> {
  for (const [c, dims] of ACTIVATION_CASES.entries()) {
    t.begin(dims);
    const rng = new Rng(seed + c);
    const X = awayFromZero(rng, dims.n, dims.m);
    const dOut = rng.normalMatrix(dims.n, dims.m);
    const saved = forward(X);
    const result = await t.call(() => call(dOut.clone(), X.clone(), saved.clone()));
    const dX = t.matrix("dX", result, dims.n, dims.m);
    t.compare("dX", dX, numericalVjp(forward, X.clone(), { dOut }), {
      against: DIFF,
      point: X.data,
      hypotheses: hypotheses(dOut, X, saved),
    });
    t.compare("dX", dX, reference(dOut, X, saved), { against: "the library's backward pass" });
  }
}

const times = (A: Matrix, B: Matrix): Matrix => A.map((v, i, j) => v * B.get(i, j));

/** dX = dOut ∘ 1[X > 0]. */
export const reluBackwardSpec: ExerciseSpec = {
  id: "reluBackward",
  title: "ReLU backward",
  equation: "E5",
  fn: "myReluBackward",
  run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (dOut: Matrix, cache: { X: Matrix }) => unknown;
    const mask = (M: Matrix) => M.map((v) => (v > 0 ? 1 : 0));
    return activationBackward(
      t,
      (dOut, X) => f(dOut, { X }),
      (X) => reluForward(X).out,
      (dOut, X) => times(dOut, mask(X)),
      (dOut, X) => [
        {
          message: "the mask was taken from the gradient: dOut ∘ 1[dOut > 0] keeps the " +
            "positive gradients, but ReLU lets the gradient through where its input was " +
            "positive: dX = dOut ∘ 1[X > 0], the mask from cache.X",
          value: () => times(dOut, mask(dOut)),
        },
        {
          message: "this is the mask 1[X > 0] alone: multiply it by the upstream gradient dOut " +
            "(chain rule), dX = dOut ∘ 1[X > 0]",
          value: () => mask(X),
        },
        {
          message: "this is max(0, X), the forward pass; the backward pass returns " +
            "dOut ∘ 1[X > 0]",
          value: () => reluForward(X).out,
        },
        {
          message: "the mask is inverted: the gradient passes where X > 0 and stops where X < 0",
          value: () => times(dOut, X.map((v) => (v < 0 ? 1 : 0))),
        },
        {
          message: "dOut was multiplied by max(0, X): ReLU's local gradient is 1 where X > 0, " +
            "not X itself",
          value: () => times(dOut, reluForward(X).out),
        },
        {
          message: "dX = dOut unchanged: the mask 1[X > 0] is missing",
          value: () => dOut,
        },
      ],
      300,
    );
  },
};

/** Hypotheses shared by the sigmoid and tanh backward passes, which read the cached output y. */
function outputDerivativeHypotheses(
  dOut: Matrix,
  y: Matrix,
  name: string,
  local: (y: number) => number,
  forward: (x: number) => number,
): Hypothesis[] {
  return [
    {
      message: `${name} was applied twice: cache.out already holds y = ${name}(x), so the ` +
        `derivative is read from y directly; ${name}(y) is not the layer's output`,
      value: () => dOut.map((g, i, j) => g * local(forward(y.get(i, j)))),
    },
    {
      message: "this is the local gradient alone: multiply it by the upstream gradient dOut " +
        "(chain rule)",
      value: () => y.map(local),
    },
  ];
}

/** dX = dOut ∘ y(1 − y) with y = σ(X) from the cache. */
export const sigmoidBackwardSpec: ExerciseSpec = {
  id: "sigmoidBackward",
  title: "sigmoid backward",
  equation: "E5",
  fn: "mySigmoidBackward",
  run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (dOut: Matrix, cache: { out: Matrix }) => unknown;
    const local = (y: number) => y * (1 - y);
    return activationBackward(
      t,
      (dOut, _X, y) => f(dOut, { out: y }),
      (X) => sigmoidForward(X).out,
      (dOut, _X, y) => dOut.map((g, i, j) => g * local(y.get(i, j))),
      (dOut, _X, y) => [
        ...outputDerivativeHypotheses(dOut, y, "σ", local, sigma),
        {
          message: "the factor (1 − y) is missing: σ′(x) = y(1 − y) with y = σ(x)",
          value: () => times(dOut, y),
        },
      ],
      400,
    );
  },
};

/** dX = dOut ∘ (1 − y²) with y = tanh(X) from the cache. */
export const tanhBackwardSpec: ExerciseSpec = {
  id: "tanhBackward",
  title: "tanh backward",
  equation: "E5",
  fn: "myTanhBackward",
  run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (dOut: Matrix, cache: { out: Matrix }) => unknown;
    const local = (y: number) => 1 - y * y;
    return activationBackward(
      t,
      (dOut, _X, y) => f(dOut, { out: y }),
      (X) => tanhForward(X).out,
      (dOut, _X, y) => dOut.map((g, i, j) => g * local(y.get(i, j))),
      (dOut, _X, y) => [
        ...outputDerivativeHypotheses(dOut, y, "tanh", local, Math.tanh),
        {
          message: "the square is missing: tanh′(x) = 1 − y² with y = tanh(x), not 1 − y",
          value: () => dOut.map((g, i, j) => g * (1 - y.get(i, j))),
        },
      ],
      500,
    );
  },
};

/** w ← w − η g for every parameter, in place. */
export const sgdStepSpec: ExerciseSpec = {
  id: "sgdStep",
  title: "an SGD step",
  equation: "E5",
  fn: "mySgdStep",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (params: Matrix[], grads: Matrix[], learningRate: number) => unknown;
    const rng = new Rng(600);
    const cases: { label: string; shapes: [number, number][]; eta: number }[] = [
      { label: "W 3 × 2 and b 3 × 1, η = 0.1", shapes: [[3, 2], [3, 1]], eta: 0.1 },
      { label: "one 1 × 1 parameter, η = 0.5", shapes: [[1, 1]], eta: 0.5 },
    ];
    for (const { label, shapes, eta } of cases) {
      t.begin({}, label);
      const before = shapes.map(([r, c]) => rng.normalMatrix(r, c));
      const grads = shapes.map(([r, c]) => rng.normalMatrix(r, c));
      const params = before.map((W) => W.clone());
      const given = [...params]; // the network's own matrices: the step must change these
      await t.call(() => f(params, grads.map((G) => G.clone()), eta), false);
      given.forEach((W, p) => {
        const name = `params[${p}]`;
        if (params[p] !== W) {
          t.fail(
            `${name} was replaced by a new matrix: the network keeps the one it had, which did ` +
              "not change; write into it in place (W.data[i] -= …, or W.set)",
          );
        }
        const G = grads[p];
        const W0 = before[p];
        const after = t.matrix(name, W, W0.rows, W0.cols);
        t.compare(name, after, W0.map((w, i, j) => w - eta * G.get(i, j)), {
          against: "w − η g",
          hypotheses: [
            {
              message: `${name} did not change: the update must be written into the ` +
                "parameter itself (W.data[i] -= …, or W.set); W.map(…) returns a new matrix " +
                "and leaves W as it was",
              value: () => W0,
            },
            {
              message: "the step went uphill: w ← w + η g climbs the loss; gradient descent " +
                "subtracts, w ← w − η g",
              value: () => W0.map((w, i, j) => w + eta * G.get(i, j)),
            },
            {
              message: "the learning rate is missing: w ← w − g; the step is w ← w − η g",
              value: () => W0.map((w, i, j) => w - G.get(i, j)),
            },
          ],
        });
      });
    }
  },
};

/** The loss J = mean cross-entropy + (λ/2)(‖W1‖² + ‖W2‖²) of a two-layer net and its gradients. */
export const twoLayerGradientSpec: ExerciseSpec = {
  id: "twoLayerGradient",
  title: "the gradient of a two-layer network",
  equation: "E1–E5",
  fn: "myTwoLayerLoss",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (
      params: BugNetParams,
      batch: { X: Matrix; labels: number[] },
      lambda: number,
    ) => unknown;
    const lambda = 0.1;
    const cases: Dims[] = [{ n: 3, h: 5, k: 4, m: 6 }, { n: 3, h: 5, k: 4, m: 1 }, {
      n: 2,
      h: 3,
      k: 1,
      m: 4,
    }];
    for (const [c, dims] of cases.entries()) {
      t.begin(dims, `${Object.entries(dims).map(([l, v]) => `${l} = ${v}`).join(", ")}, λ = 0.1`);
      const { params, X, labels } = twoLayerCase(dims, 700 + 10 * c);
      const result = await t.call(() =>
        f(cloneParams(params), { X: X.clone(), labels: [...labels] }, lambda)
      );
      const what = "{ loss, grads: { W1, b1, W2, b2 } }";
      const loss = t.scalar("loss", t.field(result, "loss", what));
      const grads = t.field(result, "grads", what);
      const { h, k, n } = dims;
      const shapes = { W1: [h, n], b1: [h, 1], W2: [k, h], b2: [k, 1] } as const;
      const yours = {} as Record<keyof BugNetParams, Matrix>;
      for (const name of ["W1", "b1", "W2", "b2"] as const) {
        const [r, cols] = shapes[name];
        yours[name] = t.matrix(
          `d${name}`,
          t.field(grads, name, what),
          r,
          cols,
          (rr, cc) =>
            name === "W2" && rr === k && cc === n
              ? "the second layer's backward got X as its input: its cache must hold its own " +
                "input H = relu(Z) (h × m)"
              : undefined,
        );
      }
      const batch = { X, labels };
      const ref = bugNetLossAndGradients(params, batch, { strength: lambda });
      const sumSquares = [params.W1, params.W2].reduce(
        (s, W) => s + W.data.reduce((a, w) => a + w * w, 0),
        0,
      );
      t.compare("loss", loss, ref.loss, {
        against: "J = mean cross-entropy + (λ/2)(‖W1‖² + ‖W2‖²)",
        hypotheses: [
          {
            message: "the loss leaves out the penalty R(w) = (λ/2)(‖W1‖² + ‖W2‖²) of E4",
            value: () => ref.loss - 0.5 * lambda * sumSquares,
          },
          {
            message: "the penalty lacks its ½: R(w) = (λ/2)(‖W1‖² + ‖W2‖²)",
            value: () => ref.loss + 0.5 * lambda * sumSquares,
          },
        ],
      });
      for (const name of ["W2", "b2", "W1", "b1"] as const) {
        const lossOf = (V: Float64Array) =>
          bugNetLossAndGradients(
            { ...params, [name]: new Matrix(params[name].rows, params[name].cols, V) },
            batch,
            { strength: lambda },
          ).loss;
        const numerical = numericalGradient(lossOf, params[name].data.slice());
        const isWeight = name[0] === "W";
        const P = params[name];
        t.compare(`d${name}`, yours[name], numerical, {
          against: DIFF,
          rows: P.rows,
          cols: P.cols,
          point: P.data,
          hypotheses: isWeight
            ? [{
              message: `the regularizer's gradient λW is missing from d${name}: ` +
                `J = data loss + (λ/2)‖${name}‖² + … has ∂J/∂${name} = (data gradient) + λ${name}`,
              value: () => ref.grads[name].map((g, i, j) => g - lambda * P.get(i, j)),
            }, {
              message: `λ${name} was added twice to d${name}: ∂J/∂${name} = (data gradient) + ` +
                `λ${name}, once`,
              value: () => ref.grads[name].map((g, i, j) => g + lambda * P.get(i, j)),
            }]
            : [{
              message: `d${name} got a λ${name} term: only the weights are penalized, ` +
                "R(w) = (λ/2)(‖W1‖² + ‖W2‖²) leaves the biases out",
              value: () => ref.grads[name].map((g, i, j) => g + lambda * P.get(i, j)),
            }],
        });
        t.compare(`d${name}`, yours[name], ref.grads[name], { against: "the library's network" });
      }
    }
  },
};

function twoLayerCase(
  dims: Dims,
  seed: number,
): { params: BugNetParams; X: Matrix; labels: number[] } {
  // Draw until no hidden pre-activation lies within 1e-3 of ReLU's kink (the central
  // difference's step is 1e-5, so it never straddles the kink).
  for (let s = seed;; s++) {
    const rng = new Rng(s);
    const params = {
      W1: rng.normalMatrix(dims.h, dims.n, 0.8),
      b1: rng.normalMatrix(dims.h, 1, 0.3),
      W2: rng.normalMatrix(dims.k, dims.h, 0.8),
      b2: rng.normalMatrix(dims.k, 1, 0.3),
    };
    const X = rng.normalMatrix(dims.n, dims.m);
    const labels = Array.from({ length: dims.m }, () => rng.int(dims.k));
    const Z = linearForward({ W: params.W1, b: params.b1 }, X).out;
    if (Z.data.every((z) => Math.abs(z) > 1e-3)) return { params, X, labels };
  }
}

function cloneParams(p: BugNetParams): BugNetParams {
  return { W1: p.W1.clone(), b1: p.b1.clone(), W2: p.W2.clone(), b2: p.b2.clone() };
}

function short(v: number): string {
  return String(Number(v.toPrecision(3)));
}
