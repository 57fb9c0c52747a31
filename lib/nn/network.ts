/**
 * A network as a composition of layers, f = f_k ∘ ⋯ ∘ f_1 (E1–E2): the forward pass that keeps
 * every activation a_0 = x, a_i = f_i(w_i, a_{i−1}) (E3; the note writes a_{i+1}, slip X1), and
 * the backward pass that applies the chain rule layer by layer, last to first, and returns
 * ∂L/∂w_i for every layer.
 *
 * The layers themselves (linear, ReLU, sigmoid, tanh) are built by the functions of
 * `layers.ts`; each one keeps its forward/backward pair reachable as `layer.forward` and
 * `layer.backward`.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import {
  assertFlag,
  assertMatrixLike,
  assertObject,
  checkOptions,
  describeValue,
} from "../core/_shape.ts";
import { assertNetwork } from "./_network_check.ts";

/** Options of {@linkcode Layer.forward}. */
export interface LayerForwardOptions {
  /**
   * Write the output (and, in the backward pass, the gradients) into buffers the layer owns and
   * reuses from call to call, instead of allocating new ones. A training loop sets it: the
   * results are then only valid until the layer's next call, and the caches are not
   * fingerprinted (the loop changes nothing between the passes). @default {false}
   */
  reuseBuffers?: boolean;
}

/** What {@linkcode Layer.backward} returns. */
export interface LayerGradients {
  /** ∂L/∂a_{i−1}, the gradient handed on to the layer below; `undefined` when not asked for. */
  dX: Matrix | undefined;
  /** ∂L/∂w_i by parameter name, each of the same shape as the parameter (`{}` for ReLU). */
  grads: Record<string, Matrix>;
}

/**
 * One layer f_i(w_i, a_{i−1}) of a network: its parameters w_i and its forward/backward pair.
 *
 * @typeParam Cache What the forward pass keeps for the backward pass.
 */
export interface Layer<Cache = unknown> {
  /** A short description, e.g. `"linear 784→100"` or `"relu"`. */
  readonly name: string;
  /** The parameters w_i by name, e.g. `{ W, b }`; `{}` for a layer without parameters. */
  readonly params: Record<string, Matrix>;
  /** The names of the parameters the weight penalty R(w) applies to (weights, not biases). */
  readonly penalized: readonly string[];
  /**
   * a_i = f_i(w_i, a_{i−1}) for a batch a_{i−1} of m columns. The cache holds the layer's own
   * matrices (its input, its weights, its output) by reference: change none of them in place
   * before `backward` (the library's layers check a fingerprint of them and throw when one changed,
   * except with reuseBuffers, whose caller changes nothing in between).
   *
   * @param X The input batch a_{i−1}, n_{i−1} × m.
   * @param options See {@linkcode LayerForwardOptions}.
   * @returns The output a_i (n_i × m) and the cache for `backward`.
   */
  forward(X: Matrix, options?: LayerForwardOptions): { out: Matrix; cache: Cache };
  /**
   * The chain rule through this layer: from dOut = ∂L/∂a_i to ∂L/∂w_i and ∂L/∂a_{i−1}.
   *
   * @param dOut The upstream gradient ∂L/∂a_i, n_i × m.
   * @param cache What `forward` returned.
   * @param inputGradient Whether to compute dX (the first layer's input is data: no need).
   * @returns The gradients; see {@linkcode LayerGradients}.
   */
  backward(dOut: Matrix, cache: Cache, inputGradient?: boolean): LayerGradients;
}

/** A network: its layers f_1, …, f_k in the order the forward pass applies them. */
export interface Network {
  /** The layers, first (applied to the input x) to last (giving the scores y). */
  readonly layers: readonly Layer[];
}

/** What {@linkcode networkForward} returns. */
export interface ForwardPass {
  /** The network that made this pass; {@linkcode networkBackward} runs back through it. */
  network: Network;
  /** The activations a_0 = x, a_1, …, a_k (E3); `activations[k]` is the output y. */
  activations: Matrix[];
  /** The caches of the k layers, for {@linkcode networkBackward}. */
  caches: unknown[];
}

/** What {@linkcode networkBackward} returns. */
export interface BackwardPass {
  /** ∂L/∂w_i for every layer i, in layer order (`{}` for layers without parameters). */
  grads: Record<string, Matrix>[];
  /** ∂L/∂x, the gradient with respect to the input; only when asked for. */
  dX: Matrix | undefined;
}

/**
 * Composes layers into a network f = f_k ∘ ⋯ ∘ f_1 (E1). The layers are used as they are (not
 * copied), so each stays reachable with its own forward and backward.
 *
 * @param layers The layers in the order the forward pass applies them; at least one.
 * @returns The network.
 * @throws {RangeError} When `layers` is empty or holds one layer object twice.
 * @throws {TypeError} When `layers` is not an array or an entry has no forward/backward pair.
 *
 * @example A two-layer network in one line
 * ```ts
 * import { Matrix, Rng } from "../core/mod.ts";
 * import { linearLayer, networkForward, reluLayer, sequential } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rng = new Rng(0);
 * const net = sequential([linearLayer(4, 8, { rng }), reluLayer(), linearLayer(8, 3, { rng })]);
 * const { activations } = networkForward(net, rng.normalMatrix(4, 5)); // n = 4, m = 5
 * assert.equal(activations.length, 4); // a_0 = x, a_1, a_2, a_3 = y
 * assert.equal(activations[3].shape, "3×5"); // k = 3 scores per example
 * assert.equal(net.layers[1].name, "relu");
 * ```
 */
export function sequential(layers: readonly Layer[]): Network {
  if (!Array.isArray(layers)) {
    throw new TypeError(`sequential takes an array of layers, got ${describeValue(layers)}`);
  }
  if (layers.length === 0) throw new RangeError("sequential needs at least one layer, got none");
  layers.forEach((layer, i) => {
    const l = layer as Partial<Layer> | null;
    if (
      l === null || typeof l !== "object" || typeof l.forward !== "function" ||
      typeof l.backward !== "function" || typeof l.params !== "object" ||
      !Array.isArray(l.penalized)
    ) {
      throw new TypeError(
        `sequential: layer ${i} is ${describeValue(layer)}, not a layer with params, penalized, ` +
          "forward and backward (build one with linearLayer, reluLayer, …)",
      );
    }
    const first = layers.indexOf(layer);
    if (first !== i) {
      // One object in two places would share its parameters and its reused buffers: the second
      // backward pass would overwrite the first one's gradients.
      throw new RangeError(
        `sequential: layer ${i} is the same object as layer ${first} (${l.name}); build a ` +
          "layer for each place (shared weights are not supported)",
      );
    }
  });
  return { layers: [...layers] };
}

/**
 * The forward pass (E2–E3): a_0 = x, a_i = f_i(w_i, a_{i−1}) for i = 1, …, k, keeping every
 * activation and every layer's cache.
 *
 * The activations and caches are the layers' own matrices, not copies: change none of them
 * (nor X) in place before {@linkcode networkBackward}, which would then compute the gradients
 * of a point the forward pass never saw. Each layer's backward pass checks a fingerprint of what
 * it cached and throws when it changed (not with reuseBuffers, the training loop's setting).
 *
 * @param net The network.
 * @param X The input batch a_0, n × m (examples in columns).
 * @param options Passed to every layer; see {@linkcode LayerForwardOptions}.
 * @returns The activations and caches; see {@linkcode ForwardPass}.
 * @throws {TypeError} When net is not a network or X is not a Matrix.
 * @throws {RangeError} When X does not fit the first layer (naming both shapes), or an entry is
 * not finite.
 *
 * @example
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { linearLayer, networkForward, reluLayer, sequential } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const lin = linearLayer(2, 2);
 * lin.params.W.data.set([1, 0, 0, -1]); // W = diag(1, −1), b = 0
 * const net = sequential([lin, reluLayer()]);
 * const { activations } = networkForward(net, Matrix.column([3, 3]));
 * assert.deepEqual(activations.map((a) => a.toArray()), [[[3], [3]], [[3], [-3]], [[3], [0]]]);
 * ```
 */
export function networkForward(
  net: Network,
  X: Matrix,
  options?: LayerForwardOptions,
): ForwardPass {
  assertNetwork(net, "networkForward");
  assertMatrixLike(X, "networkForward X");
  const { reuseBuffers = false } = checkOptions(options, { reuseBuffers: true }, "networkForward");
  assertFlag(reuseBuffers, "networkForward reuseBuffers");
  const activations: Matrix[] = [X]; // a_0 = x
  const caches: unknown[] = [];
  for (const layer of net.layers) {
    const { out, cache } = layer.forward(activations[activations.length - 1], { reuseBuffers });
    activations.push(out); // a_i = f_i(w_i, a_{i−1})
    caches.push(cache);
  }
  return { network: net, activations, caches };
}

/** Options of {@linkcode networkBackward}. */
export interface NetworkBackwardOptions {
  /** Whether to return ∂L/∂x, the gradient with respect to the input, as well. @default {false} */
  inputGradient?: boolean;
}

/**
 * The backward pass: given dY = ∂L/∂y for the output y = a_k, applies the chain rule through
 * f_k, f_{k−1}, …, f_1 in turn. Layer i receives ∂L/∂a_i, returns ∂L/∂w_i and hands ∂L/∂a_{i−1}
 * = (∂a_i/∂a_{i−1})ᵀ ∂L/∂a_i on to layer i − 1. Like a layer's backward, it takes the upstream
 * gradient and what the forward pass kept.
 *
 * @param dY The gradient of the loss with respect to the output, the shape of a_k (k × m).
 * @param pass What {@linkcode networkForward} returned for the same batch; it names the network.
 * @param options Whether to return ∂L/∂x too; see {@linkcode NetworkBackwardOptions}.
 * @returns ∂L/∂w_i for every layer; see {@linkcode BackwardPass}.
 * @throws {RangeError} When dY's shape differs from the output's, or what a layer cached was
 * changed in place since the forward pass.
 * @throws {TypeError} When dY is not a Matrix or pass is not what networkForward returned.
 *
 * @example The gradient of L = sum of the outputs of a linear layer
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { linearLayer, networkBackward, networkForward, sequential } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = sequential([linearLayer(2, 1)]);
 * const X = Matrix.from([[1, 2], [3, 4]]); // n = 2, m = 2
 * const pass = networkForward(net, X);
 * const { grads, dX } = networkBackward(Matrix.from([[1, 1]]), pass, { inputGradient: true });
 * assert.deepEqual(grads[0].W.toArray(), [[3, 7]]); // dW = dY Xᵀ
 * assert.deepEqual(grads[0].b.toArray(), [[2]]); // db = dY 1
 * assert.equal(dX?.shape, "2×2"); // dX = Wᵀ dY
 * ```
 */
export function networkBackward(
  dY: Matrix,
  pass: ForwardPass,
  options?: NetworkBackwardOptions,
): BackwardPass {
  assertMatrixLike(dY, "networkBackward dY");
  assertObject(pass, "networkBackward pass (what networkForward returned)");
  const { inputGradient = false } = checkOptions(
    options,
    { inputGradient: true },
    "networkBackward",
  );
  assertFlag(inputGradient, "networkBackward inputGradient");
  const { network, caches, activations } = pass;
  assertNetwork(network, "networkBackward pass.network");
  if (
    !Array.isArray(activations) || !Array.isArray(caches) ||
    caches.length !== network.layers.length || activations.length !== caches.length + 1
  ) {
    throw new TypeError(
      "networkBackward: pass must be what networkForward returned " +
        `({ network, activations, caches }), got ${describeValue(pass)}`,
    );
  }
  const output = activations[activations.length - 1];
  if (dY.rows !== output.rows || dY.cols !== output.cols) {
    throw new RangeError(
      `networkBackward: dY is ${dY.shape} but the network's output a_k is ${output.shape}`,
    );
  }
  const k = network.layers.length;
  const grads: Record<string, Matrix>[] = new Array(k);
  let upstream: Matrix | undefined = dY; // ∂L/∂a_k
  for (let i = k - 1; i >= 0; i--) {
    const wantDX = i > 0 || inputGradient;
    const result: LayerGradients = network.layers[i].backward(upstream!, caches[i], wantDX);
    grads[i] = result.grads; // ∂L/∂w_i
    upstream = result.dX; // ∂L/∂a_{i−1}
  }
  return { grads, dX: inputGradient ? upstream : undefined };
}

/**
 * The parameters of every layer as one flat list, with the gradient slot each one has in a
 * {@linkcode BackwardPass}: what an optimizer steps through.
 *
 * @param net The network.
 * @returns One entry per parameter matrix: its layer index, its name and the matrix itself.
 * @throws {TypeError} When net is not a network.
 *
 * @example
 * ```ts
 * import { linearLayer, networkParameters, reluLayer, sequential } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = sequential([linearLayer(3, 4), reluLayer(), linearLayer(4, 2)]);
 * const names = networkParameters(net).map((p) => `${p.layer}.${p.name} ${p.value.shape}`);
 * assert.deepEqual(names, ["0.W 4×3", "0.b 4×1", "2.W 2×4", "2.b 2×1"]);
 * ```
 */
export function networkParameters(
  net: Network,
): { layer: number; name: string; value: Matrix; penalized: boolean }[] {
  assertNetwork(net, "networkParameters");
  const out: { layer: number; name: string; value: Matrix; penalized: boolean }[] = [];
  net.layers.forEach((layer, i) => {
    for (const [name, value] of Object.entries(layer.params)) {
      const penalized = Array.isArray(layer.penalized) && layer.penalized.includes(name);
      out.push({ layer: i, name, value, penalized });
    }
  });
  return out;
}
