/**
 * Update rules for w ← w − (step) that minimize J(w) (E5): plain stochastic (sub)gradient
 * descent, SGD with momentum, and Adam. Each keeps its own state (velocities, moment estimates)
 * per parameter matrix, so one optimizer belongs to one network.
 *
 * The note solves E5 by "stochastic subgradient descent": where J is not differentiable (ReLU's
 * kink at 0, the L1 penalty at 0) the backward passes return a subgradient, and these rules use
 * it exactly as they would use a gradient.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import {
  allFinite,
  assertMatrixLike,
  assertNumber,
  checkOptions,
  describeValue,
  NonFiniteError,
} from "../core/_shape.ts";
import { type MayStepUnscanned, unscannedStep } from "./_unscanned_step.ts";

/** An update rule with state. */
export interface Optimizer {
  /** `"sgd"`, `"momentum"` or `"adam"`. */
  readonly name: string;
  /** The current learning rate; a training loop may lower it between epochs (decay). */
  learningRate: number;
  /**
   * Updates every parameter in place from its gradient. Every gradient is first scanned once
   * for NaN and infinities; one is refused before any parameter moves.
   *
   * @param params The parameter matrices, always in the same order.
   * @param grads Their gradients ∂J/∂w, same order and shapes.
   * @throws {RangeError} When the numbers or shapes of params and grads differ, an entry of a
   * gradient is NaN or infinite (naming the parameter and the entry; no parameter is changed),
   * or the learning rate was set to something other than a positive finite number.
   * @throws {TypeError} When params or grads is not an array of matrices.
   */
  step(params: readonly Matrix[], grads: readonly Matrix[], options?: StepOptions): number | void;
  /**
   * Whether `step` applies {@linkcode StepOptions.l2} itself (plain {@linkcode sgd} does); a
   * training loop may then leave the L2 penalty's gradient to the step instead of adding it to
   * the gradients first, which saves a pass over every weight.
   */
  readonly fusesL2?: boolean;
}

/** What a training loop may ask of an optimizer's `step` besides the update itself. */
export interface StepOptions {
  /**
   * λ of the L2 penalty R = (λ/2) Σ ‖W‖² over the penalized parameters: the step uses
   * ∂J/∂w + λ w in place of the gradient it is given, in the same pass over the weights, and
   * returns R of the weights before the step. Only for optimizers with `fusesL2`. @default {0}
   */
  l2?: number;
  /** Which parameters the penalty covers, one flag per parameter. @default {all of them} */
  penalized?: readonly boolean[];
}

/** Options of {@linkcode sgd}. */
export interface SgdOptions {
  /** The step size η in w ← w − η ∂J/∂w. @default {0.01} */
  learningRate?: number;
}

/** Options of {@linkcode momentum}. */
export interface MomentumOptions {
  /** The step size η in w ← w − η b. @default {0.01} */
  learningRate?: number;
  /** The friction μ in b ← μ b + ∂J/∂w. @default {0.9} */
  momentum?: number;
}

/** Options of {@linkcode adam}. */
export interface AdamOptions {
  /** The step size η. @default {0.001} */
  learningRate?: number;
  /** Decay rate β₁ of the first-moment (mean) estimate. @default {0.9} */
  beta1?: number;
  /** Decay rate β₂ of the second-moment (uncentered variance) estimate. @default {0.999} */
  beta2?: number;
  /** ε added to √v̂ to avoid division by zero. @default {1e-8} */
  epsilon?: number;
}

/**
 * Stochastic (sub)gradient descent: w ← w − η ∂J/∂w (E5).
 *
 * @param options The learning rate; see {@linkcode SgdOptions}.
 * @returns The optimizer.
 * @throws {RangeError} When the learning rate is not a positive finite number, or an option is
 * unknown.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { sgd } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const w = Matrix.from([[1, 2]]);
 * sgd({ learningRate: 0.5 }).step([w], [Matrix.from([[2, -2]])]);
 * assert.deepEqual(w.toArray(), [[0, 3]]);
 * ```
 */
export function sgd(options?: SgdOptions): Optimizer {
  const { learningRate = 0.01 } = checkOptions(options, { learningRate: true }, "sgd");
  checkRate(learningRate, "sgd");
  return optimizer("sgd", learningRate, (params, grads, eta, options = {}) => {
    const { l2 = 0, penalized } = options;
    let sumSquares = 0;
    for (let t = 0; t < params.length; t++) {
      const w = params[t].data;
      const g = grads[t].data;
      if (l2 === 0 || penalized?.[t] === false) {
        for (let i = 0; i < w.length; i++) w[i] -= eta * g[i];
        continue;
      }
      // The L2 penalty fused into the step, with the same roundings as adding λ w to the
      // gradient first (objective.ts) and stepping afterwards: one pass over w and g, not two.
      // Σ w² is summed in four interleaved partial sums, as objective's sumOfSquares does
      // (one chain of dependent additions made this pass 2.5× slower: 98 → 40 µs an MNIST step).
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const n = w.length - (w.length % 4);
      for (let i = 0; i < n; i += 4) {
        const w0 = w[i], w1 = w[i + 1], w2 = w[i + 2], w3 = w[i + 3];
        s0 += w0 * w0, s1 += w1 * w1, s2 += w2 * w2, s3 += w3 * w3;
        w[i] = w0 - eta * (g[i] + l2 * w0); // w ← w − η (∂J/∂w + λ w)
        w[i + 1] = w1 - eta * (g[i + 1] + l2 * w1);
        w[i + 2] = w2 - eta * (g[i + 2] + l2 * w2);
        w[i + 3] = w3 - eta * (g[i + 3] + l2 * w3);
      }
      for (let i = n; i < w.length; i++) {
        const wi = w[i];
        s0 += wi * wi;
        w[i] = wi - eta * (g[i] + l2 * wi);
      }
      sumSquares += (s0 + s1) + (s2 + s3);
    }
    return 0.5 * l2 * sumSquares; // R = (λ/2) Σ w², of the weights before the step
  }, true);
}

/**
 * SGD with momentum in PyTorch's form: b ← μ b + ∂J/∂w, then w ← w − η b. The buffer b (a
 * running sum of past gradients, each step's weighted by μ once more) starts at zero, one per
 * parameter matrix.
 *
 * This is the classical v ← μ v − η ∂J/∂w, w ← w + v (cs231n's form) with v = −η b, and the two
 * take identical steps while η stays fixed. They differ once η changes between steps, as with
 * `learningRateDecay`: here the new η scales the whole accumulated b at once (lowering η slows
 * the very next step), whereas v keeps the speed gathered at the old η and only new gradients
 * feel the new one.
 *
 * @param options Learning rate and momentum; see {@linkcode MomentumOptions}.
 * @returns The optimizer.
 * @throws {RangeError} When the learning rate is not a positive finite number, the momentum is
 * not in [0, 1), or an option is unknown.
 *
 * @example Two steps with the same gradient: the second goes further
 * ```ts
 * import { assertAllClose, Matrix } from "../core/mod.ts";
 * import { momentum } from "./mod.ts";
 *
 * const w = Matrix.from([[0]]);
 * const opt = momentum({ learningRate: 1, momentum: 0.5 });
 * opt.step([w], [Matrix.from([[1]])]); // b = 1, w = −1
 * opt.step([w], [Matrix.from([[1]])]); // b = 0.5 + 1, w = −1 − 1.5
 * assertAllClose(w.get(0, 0), -2.5);
 * opt.learningRate = 0.1; // a decayed rate scales all of b: the next step is 0.1 · 1.75
 * opt.step([w], [Matrix.from([[1]])]);
 * assertAllClose(w.get(0, 0), -2.675);
 * ```
 */
export function momentum(options?: MomentumOptions): Optimizer {
  const { learningRate = 0.01, momentum: mu = 0.9 } = checkOptions(
    options,
    { learningRate: true, momentum: true },
    "momentum",
  );
  checkRate(learningRate, "momentum");
  checkFraction(mu, "momentum", "momentum");
  const buffers = new Map<Matrix, Float64Array>();
  return optimizer("momentum", learningRate, (params, grads, eta) => {
    params.forEach((W, t) => {
      const b = stateFor(buffers, W);
      const w = W.data;
      const g = grads[t].data;
      for (let i = 0; i < w.length; i++) {
        b[i] = mu * b[i] + g[i]; // b ← μ b + g
        w[i] -= eta * b[i]; // w ← w − η b
      }
    });
  });
}

/**
 * Adam (Kingma and Ba, 2015): moving averages of the gradient (m) and of its square (v), both
 * corrected for their start at zero, and the step w ← w − η m̂ / (√v̂ + ε).
 *
 * @param options Learning rate, decay rates and ε; see {@linkcode AdamOptions}.
 * @returns The optimizer.
 * @throws {RangeError} When the learning rate or ε is not a positive finite number, β₁ or β₂ is
 * not in [0, 1), or an option is unknown.
 *
 * @example The first step has length η in every coordinate, whatever the gradient's scale
 * ```ts
 * import { assertAllClose, Matrix } from "../core/mod.ts";
 * import { adam } from "./mod.ts";
 *
 * const w = Matrix.from([[0, 0]]);
 * adam({ learningRate: 0.1 }).step([w], [Matrix.from([[100, -0.01]])]);
 * assertAllClose(w, Matrix.from([[-0.1, 0.1]]), { rtol: 1e-5 });
 * ```
 */
export function adam(options?: AdamOptions): Optimizer {
  const { learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = checkOptions(
    options,
    { learningRate: true, beta1: true, beta2: true, epsilon: true },
    "adam",
  );
  checkRate(learningRate, "adam");
  checkFraction(beta1, "adam", "beta1");
  checkFraction(beta2, "adam", "beta2");
  assertNumber(epsilon, "adam: epsilon", "a positive finite number", positiveFinite);
  const first = new Map<Matrix, Float64Array>();
  const second = new Map<Matrix, Float64Array>();
  let steps = 0;
  return optimizer("adam", learningRate, (params, grads, eta) => {
    steps++;
    const correct1 = 1 - beta1 ** steps; // bias corrections for m and v starting at 0
    const correct2 = 1 - beta2 ** steps;
    params.forEach((W, t) => {
      const m = stateFor(first, W);
      const v = stateFor(second, W);
      const w = W.data;
      const g = grads[t].data;
      for (let i = 0; i < w.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i]; // m ← β₁ m + (1 − β₁) g
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]; // v ← β₂ v + (1 − β₂) g²
        w[i] -= eta * (m[i] / correct1) / (Math.sqrt(v[i] / correct2) + epsilon);
      }
    });
  });
}

/**
 * An optimizer named `name` whose `step` checks its arguments (the learning rate, the arrays,
 * the shapes and every gradient entry) and then calls `update` with the current learning rate.
 * The training loop may call the same update without the scan of the gradient entries (see
 * _unscanned_step.ts).
 */
function optimizer(
  name: string,
  learningRate: number,
  update: (
    params: readonly Matrix[],
    grads: readonly Matrix[],
    eta: number,
    options?: StepOptions,
  ) => number | void,
  fusesL2 = false,
): Optimizer {
  const opt: Optimizer & MayStepUnscanned = {
    name,
    learningRate,
    fusesL2,
    step(params, grads, options) {
      checkStep(params, grads, this.learningRate, name, true);
      return update(params, grads, this.learningRate, fusesL2 ? options : undefined);
    },
    [unscannedStep](params, grads, options) {
      checkStep(params, grads, opt.learningRate, name, false);
      return update(params, grads, opt.learningRate, fusesL2 ? options : undefined);
    },
  };
  return opt;
}

function stateFor(states: Map<Matrix, Float64Array>, W: Matrix): Float64Array {
  let s = states.get(W);
  if (s === undefined) states.set(W, s = new Float64Array(W.data.length));
  return s;
}

/**
 * Everything a step checks before it changes anything: the learning rate, the two arrays, their
 * shapes, and that every gradient entry is finite. The entries are scanned once, in one tight
 * loop per gradient (see allFinite); only a gradient that fails is searched again for the entry
 * to name.
 */
function checkStep(
  params: readonly Matrix[],
  grads: readonly Matrix[],
  rate: number,
  who: string,
  scan: boolean,
): void {
  checkRate(rate, who);
  if (!Array.isArray(params) || !Array.isArray(grads)) {
    throw new TypeError(
      `${who}: step takes an array of parameters and an array of gradients, got ` +
        `${describeValue(params)} and ${describeValue(grads)}`,
    );
  }
  if (params.length !== grads.length) {
    throw new RangeError(`${who}: ${params.length} parameters but ${grads.length} gradients`);
  }
  params.forEach((W, t) => {
    assertMatrixLike(W, `${who}: parameter ${t}`);
    const G = grads[t];
    assertMatrixLike(G, `${who}: gradient ${t}`);
    if (W.rows !== G.rows || W.cols !== G.cols) {
      throw new RangeError(
        `${who}: parameter ${t} is ${W.shape} but its gradient is ${G.shape}`,
      );
    }
    const g = G.data;
    if (scan && !allFinite(g)) {
      const i = g.findIndex((v: number) => !Number.isFinite(v));
      throw new NonFiniteError(
        `${who}: the gradient of parameter ${t} (${W.shape}) has entry ${i} = ${g[i]} ` +
          `(row ${Math.floor(i / W.cols)}, column ${i % W.cols}); no parameter was changed`,
      );
    }
  });
}

function positiveFinite(x: number): boolean {
  return x > 0 && x < Infinity;
}

function checkRate(rate: number, who: string): void {
  assertNumber(rate, `${who}: the learning rate`, "a positive finite number", positiveFinite);
}

function checkFraction(value: number, who: string, what: string): void {
  assertNumber(value, `${who}: ${what}`, "in [0, 1)", (v) => v >= 0 && v < 1);
}
