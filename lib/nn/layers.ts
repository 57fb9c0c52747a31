/**
 * Layer objects for `sequential` (network.ts): each wraps a forward/backward pair of the library
 * (linearForward/linearBackward, reluForward/reluBackward, …) together with its parameters, so a
 * network is a plain list of them and every layer's own forward and backward stay reachable.
 *
 * @module
 */

import {
  linearBackward,
  type LinearCache,
  linearForward,
  linearWeightGradients,
  type LinearWorkspace,
} from "./linear.ts";
import { Matrix } from "../core/matrix.ts";
import {
  assertCount,
  assertMatrixLike,
  assertNonNegative,
  assertObject,
  assertRng,
  checkOptions,
  describeValue,
  sharesMemory,
} from "../core/_shape.ts";
import type { Layer, LayerForwardOptions, LayerGradients } from "./network.ts";
import { Rng } from "../core/random.ts";
import type { ActivationOptions } from "./_elementwise.ts";
import { linearLayers } from "./_linear_layers.ts";
import { reluBackward, type ReluCache, reluForward } from "./relu.ts";
import { sigmoidBackward, type SigmoidCache, sigmoidForward } from "./sigmoid.ts";
import { tanhBackward, type TanhCache, tanhForward } from "./tanh.ts";

/** Options of {@linkcode linearLayer}. */
export interface LinearLayerOptions {
  /** The generator of the initial weights. @default {new Rng(0)} */
  rng?: Rng;
  /**
   * The standard deviation of the initial weights W_ij ~ N(0, std²). The default √(2/n) (He et
   * al., 2015) keeps the scale of ReLU activations about constant from layer to layer; cs231n's
   * spiral case study uses 0.01. @default {Math.sqrt(2 / n)}
   */
  weightScale?: number;
}

/** The cache of a linear layer: the linear cache and whether buffers were reused. */
export interface LinearLayerCache {
  /** What {@linkcode linearForward} kept. */
  linear: LinearCache;
  /** Whether the backward pass may write into the layer's buffers too. */
  reuseBuffers: boolean;
}

/**
 * A fully connected layer from n inputs to k outputs, out = W X + b 1ᵀ (E2–E3), with W (k × n)
 * drawn from N(0, weightScale²) and b = 0. Its weights W are penalized by a regularizer, its
 * biases b are not (as in cs231n).
 *
 * @param n Number of inputs (features).
 * @param k Number of outputs.
 * @param options The generator and the initial scale; see {@linkcode LinearLayerOptions}.
 * @returns The layer; `params` holds `W` and `b`.
 * @throws {RangeError} When n or k is not a positive integer, weightScale is not a finite
 * number ≥ 0, or an option is unknown.
 * @throws {TypeError} When a size or weightScale is not a number, or rng is not an Rng.
 *
 * @example
 * ```ts
 * import { Matrix, Rng } from "../core/mod.ts";
 * import { linearLayer } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layer = linearLayer(3, 2, { rng: new Rng(1), weightScale: 0.01 });
 * assert.equal(layer.params.W.shape, "2×3");
 * assert.deepEqual(layer.params.b.toArray(), [[0], [0]]);
 * const { out, cache } = layer.forward(Matrix.zeros(3, 4)); // m = 4 examples
 * assert.equal(out.shape, "2×4");
 * assert.equal(layer.backward(Matrix.full(2, 4, 1), cache).grads.b.get(0, 0), 4);
 * ```
 */
export function linearLayer(
  n: number,
  k: number,
  options?: LinearLayerOptions,
): Layer<LinearLayerCache> {
  assertCount(n, "linearLayer: the number of inputs n", 1);
  assertCount(k, "linearLayer: the number of outputs k", 1);
  const { rng = new Rng(0), weightScale = Math.sqrt(2 / n) } = checkOptions(
    options,
    { rng: true, weightScale: true },
    "linearLayer",
  );
  assertRng(rng, "linearLayer: rng");
  assertNonNegative(weightScale, "linearLayer: weightScale");
  const W = rng.normalMatrix(k, n, weightScale);
  const b = new Matrix(k, 1);
  const workspace: LinearWorkspace = {};
  const name = `linear ${n}→${k}`;
  const layer: Layer<LinearLayerCache> = {
    name,
    params: { W, b },
    penalized: ["W"],
    forward(X: Matrix, options?: LayerForwardOptions) {
      const reuseBuffers = reuseOption(options, `${name} forward`);
      if (reuseBuffers) releaseOverlapping(workspace, [X]); // X may be this layer's last output
      const ws = reuseBuffers ? { workspace } : {};
      const { out, cache } = linearForward({ W, b }, X, ws);
      return { out, cache: { linear: cache, reuseBuffers } };
    },
    backward(dOut: Matrix, cache: LinearLayerCache, inputGradient = true): LayerGradients {
      assertLayerCache(cache, `${name} backward`, "linear");
      if (cache.reuseBuffers) releaseOverlapping(workspace, [dOut]);
      const ws = cache.reuseBuffers ? { workspace } : {};
      if (!inputGradient) {
        const { dW, db } = linearWeightGradients(dOut, cache.linear, ws);
        return { dX: undefined, grads: { W: dW, b: db } };
      }
      const { dX, dW, db } = linearBackward(dOut, cache.linear, ws);
      return { dX, grads: { W: dW, b: db } };
    },
  };
  linearLayers.add(layer);
  return layer;
}

/** An elementwise layer without parameters, built from a forward/backward pair. */
function elementwiseLayer<Cache extends object>(
  name: string,
  forward: (X: Matrix, options: ActivationOptions) => { out: Matrix; cache: Cache },
  backward: (dOut: Matrix, cache: Cache, options: ActivationOptions) => Matrix,
): Layer<Cache> {
  // With reuseBuffers the output and the input gradient go into these, kept across calls.
  const buffers: { out?: Matrix; dX?: Matrix } = {};
  const reusing = new WeakSet<Cache>(); // the caches of forward passes that reused buffers
  // A buffer that shares memory with the call's inputs is not reused: a new one is made.
  const into = (which: "out" | "dX", like: Matrix, inputs: object[]): ActivationOptions => {
    const current = buffers[which];
    const fits = current !== undefined && current.rows === like.rows &&
      current.cols === like.cols && !inputs.some((M) => overlaps(current, M));
    return { out: fits ? current : (buffers[which] = new Matrix(like.rows, like.cols)) };
  };
  return {
    name,
    params: {},
    penalized: [],
    forward: (X: Matrix, options?: LayerForwardOptions) => {
      if (!reuseOption(options, `${name} forward`)) return forward(X, {});
      assertMatrixLike(X, `${name} forward X`);
      const result = forward(X, into("out", X, [X]));
      reusing.add(result.cache);
      return result;
    },
    backward: (dOut: Matrix, cache: Cache, inputGradient = true) => {
      assertLayerCache(cache, `${name} backward`, name);
      if (!inputGradient) return { dX: undefined, grads: {} };
      if (!reusing.has(cache)) return { dX: backward(dOut, cache, {}), grads: {} };
      assertMatrixLike(dOut, `${name} backward dOut`);
      const saved = Object.values(cache);
      return { dX: backward(dOut, cache, into("dX", dOut, [dOut, ...saved])), grads: {} };
    },
  };
}

/** The reuseBuffers flag of a layer's forward options, after checking them. */
function reuseOption(options: LayerForwardOptions | undefined, who: string): boolean {
  const { reuseBuffers = false } = checkOptions(options, { reuseBuffers: true }, who);
  if (typeof reuseBuffers !== "boolean") {
    throw new TypeError(
      `${who}: reuseBuffers must be true or false, got ${describeValue(reuseBuffers)}`,
    );
  }
  return reuseBuffers;
}

/** Throws a TypeError unless `cache` is an object, as the layer's forward pass returns. */
function assertLayerCache(cache: unknown, who: string, kind: string): void {
  assertObject(cache, `${who}: cache (what the ${kind} layer's forward returned)`);
}

/** Whether `M` is a matrix whose memory overlaps `buffer`'s. */
function overlaps(buffer: Matrix, M: unknown): boolean {
  return M instanceof Matrix && sharesMemory(buffer, M);
}

/** Forgets the workspace buffers that share memory with an input, so that new ones are made. */
function releaseOverlapping(workspace: LinearWorkspace, inputs: unknown[]): void {
  for (const name of ["out", "dX", "dW", "db"] as const) {
    const current = workspace[name];
    if (current !== undefined && inputs.some((M) => overlaps(current, M))) {
      workspace[name] = undefined;
    }
  }
}

/**
 * The ReLU layer max(0, x) entry by entry, wrapping reluForward/reluBackward (subgradient 0 at
 * the kink x = 0).
 *
 * @returns The layer, without parameters.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { reluLayer } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const relu = reluLayer();
 * const { out, cache } = relu.forward(Matrix.from([[-1, 2]]));
 * assert.deepEqual(out.toArray(), [[0, 2]]);
 * assert.deepEqual(relu.backward(Matrix.from([[5, 5]]), cache).dX?.toArray(), [[0, 5]]);
 * ```
 */
export function reluLayer(): Layer<ReluCache> {
  return elementwiseLayer("relu", reluForward, reluBackward);
}

/**
 * The sigmoid layer 1 / (1 + e^{−x}) entry by entry, wrapping sigmoidForward/sigmoidBackward.
 *
 * @returns The layer, without parameters.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { sigmoidLayer } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { out, cache } = sigmoidLayer().forward(Matrix.from([[0]]));
 * assert.equal(out.get(0, 0), 0.5);
 * assert.equal(sigmoidLayer().backward(Matrix.from([[1]]), cache).dX?.get(0, 0), 0.25);
 * ```
 */
export function sigmoidLayer(): Layer<SigmoidCache> {
  return elementwiseLayer("sigmoid", sigmoidForward, sigmoidBackward);
}

/**
 * The tanh layer entry by entry, wrapping tanhForward/tanhBackward.
 *
 * @returns The layer, without parameters.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { tanhLayer } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { out, cache } = tanhLayer().forward(Matrix.from([[0]]));
 * assert.equal(out.get(0, 0), 0);
 * assert.equal(tanhLayer().backward(Matrix.from([[1]]), cache).dX?.get(0, 0), 1);
 * ```
 */
export function tanhLayer(): Layer<TanhCache> {
  return elementwiseLayer("tanh", tanhForward, tanhBackward);
}
