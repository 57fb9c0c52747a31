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
import { describeValue } from "../core/_shape.ts";

/** An update rule with state. */
export interface Optimizer {
  /** `"sgd"`, `"momentum"` or `"adam"`. */
  readonly name: string;
  /** The current learning rate; a training loop may lower it between epochs (decay). */
  learningRate: number;
  /**
   * Updates every parameter in place from its gradient. The gradients are not scanned for NaN
   * (that would cost about half a step); `train` stops with an error on a non-finite loss.
   *
   * @param params The parameter matrices, always in the same order.
   * @param grads Their gradients ∂J/∂w, same order and shapes.
   * @throws {RangeError} When the numbers or shapes of params and grads differ, or the learning
   * rate was set to something other than a positive finite number.
   */
  step(params: readonly Matrix[], grads: readonly Matrix[]): void;
}

/** Options of {@linkcode sgd}. */
export interface SgdOptions {
  /** The step size η in w ← w − η ∂J/∂w. @default {0.01} */
  learningRate?: number;
}

/** Options of {@linkcode momentum}. */
export interface MomentumOptions {
  /** The step size η. @default {0.01} */
  learningRate?: number;
  /** The friction μ in v ← μ v − η ∂J/∂w. @default {0.9} */
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
export function sgd(options: SgdOptions = {}): Optimizer {
  const { learningRate = 0.01 } = options;
  checkRate(learningRate, "sgd");
  return {
    name: "sgd",
    learningRate,
    step(params, grads) {
      checkPairs(params, grads, "sgd");
      checkRate(this.learningRate, "sgd");
      const eta = this.learningRate;
      params.forEach((W, t) => {
        const w = W.data;
        const g = grads[t].data;
        for (let i = 0; i < w.length; i++) w[i] -= eta * g[i];
      });
    },
  };
}

/**
 * SGD with momentum: v ← μ v − η ∂J/∂w, then w ← w + v. The velocity v starts at zero, one per
 * parameter matrix.
 *
 * @param options Learning rate and momentum; see {@linkcode MomentumOptions}.
 * @returns The optimizer.
 *
 * @example Two steps with the same gradient: the second goes further
 * ```ts
 * import { assertAllClose, Matrix } from "../core/mod.ts";
 * import { momentum } from "./mod.ts";
 *
 * const w = Matrix.from([[0]]);
 * const opt = momentum({ learningRate: 1, momentum: 0.5 });
 * opt.step([w], [Matrix.from([[1]])]); // v = −1
 * opt.step([w], [Matrix.from([[1]])]); // v = −0.5 − 1
 * assertAllClose(w.get(0, 0), -2.5);
 * ```
 */
export function momentum(options: MomentumOptions = {}): Optimizer {
  const { learningRate = 0.01, momentum: mu = 0.9 } = options;
  checkRate(learningRate, "momentum");
  checkFraction(mu, "momentum", "momentum");
  const velocity = new Map<Matrix, Float64Array>();
  return {
    name: "momentum",
    learningRate,
    step(params, grads) {
      checkPairs(params, grads, "momentum");
      checkRate(this.learningRate, "momentum");
      const eta = this.learningRate;
      params.forEach((W, t) => {
        const v = stateFor(velocity, W);
        const w = W.data;
        const g = grads[t].data;
        for (let i = 0; i < w.length; i++) {
          v[i] = mu * v[i] - eta * g[i]; // v ← μ v − η g
          w[i] += v[i]; // w ← w + v
        }
      });
    },
  };
}

/**
 * Adam (Kingma and Ba, 2015): moving averages of the gradient (m) and of its square (v), both
 * corrected for their start at zero, and the step w ← w − η m̂ / (√v̂ + ε).
 *
 * @param options Learning rate, decay rates and ε; see {@linkcode AdamOptions}.
 * @returns The optimizer.
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
export function adam(options: AdamOptions = {}): Optimizer {
  const { learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
  checkRate(learningRate, "adam");
  checkFraction(beta1, "adam", "beta1");
  checkFraction(beta2, "adam", "beta2");
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) {
    throw new RangeError(
      `adam: epsilon must be a positive finite number, got ${describeValue(epsilon)}`,
    );
  }
  const first = new Map<Matrix, Float64Array>();
  const second = new Map<Matrix, Float64Array>();
  let steps = 0;
  return {
    name: "adam",
    learningRate,
    step(params, grads) {
      checkPairs(params, grads, "adam");
      checkRate(this.learningRate, "adam");
      steps++;
      const eta = this.learningRate;
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
    },
  };
}

function stateFor(states: Map<Matrix, Float64Array>, W: Matrix): Float64Array {
  let s = states.get(W);
  if (s === undefined) states.set(W, s = new Float64Array(W.data.length));
  return s;
}

function checkPairs(params: readonly Matrix[], grads: readonly Matrix[], who: string): void {
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
    const G = grads[t];
    if (W.rows !== G.rows || W.cols !== G.cols) {
      throw new RangeError(
        `${who}: parameter ${t} is ${W.shape} but its gradient is ${G.shape}`,
      );
    }
  });
}

function checkRate(rate: number, who: string): void {
  if (typeof rate !== "number" || !(rate > 0) || !Number.isFinite(rate)) {
    throw new RangeError(
      `${who}: the learning rate must be a positive finite number, got ${describeValue(rate)}`,
    );
  }
}

function checkFraction(value: number, who: string, what: string): void {
  if (typeof value !== "number" || !(value >= 0 && value < 1)) {
    throw new RangeError(`${who}: ${what} must be in [0, 1), got ${describeValue(value)}`);
  }
}
