/**
 * The two-layer network of cs231n's assignments in one call: linear → activation → linear.
 *
 * @module
 */

import { linearLayer, reluLayer, sigmoidLayer, tanhLayer } from "./layers.ts";
import type { Layer, Network } from "./network.ts";
import { sequential } from "./network.ts";
import { Rng } from "../core/random.ts";
import { assertCount, assertRng, checkOptions, describeValue } from "../core/_shape.ts";

/** Options of {@linkcode twoLayerNet}. */
export interface TwoLayerNetOptions {
  /** The generator of the initial weights. @default {new Rng(0)} */
  rng?: Rng;
  /** The hidden nonlinearity. @default {"relu"} */
  activation?: "relu" | "sigmoid" | "tanh";
  /** The standard deviation of the initial weights; see `linearLayer`. @default {Math.sqrt(2 / fanIn)} */
  weightScale?: number;
}

/**
 * A two-layer network n → h → k: `sequential([linearLayer(n, h), activation, linearLayer(h, k)])`.
 * Its layers stay reachable as `net.layers[0]`, `net.layers[1]`, `net.layers[2]`.
 *
 * @param sizes The input size n, the hidden size h and the number of classes k.
 * @param options Generator, activation and initial scale; see {@linkcode TwoLayerNetOptions}.
 * @returns The network.
 * @throws {RangeError} When `sizes` does not hold three positive integers, the activation is
 * unknown, or an option is unknown.
 * @throws {TypeError} When a size is not a number or rng is not an Rng.
 *
 * @example
 * ```ts
 * import { Rng } from "../core/mod.ts";
 * import { twoLayerNet } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = twoLayerNet([784, 100, 10], { rng: new Rng(0) });
 * assert.deepEqual(net.layers.map((l) => l.name), ["linear 784→100", "relu", "linear 100→10"]);
 * ```
 */
export function twoLayerNet(
  sizes: readonly [n: number, h: number, k: number],
  options?: TwoLayerNetOptions,
): Network {
  const { rng = new Rng(0), activation = "relu", weightScale } = checkOptions(
    options,
    { rng: true, activation: true, weightScale: true },
    "twoLayerNet",
  );
  if (!Array.isArray(sizes) || sizes.length !== 3) {
    const message = `twoLayerNet: sizes must be [n, h, k] (inputs, hidden units, classes), got ${
      Array.isArray(sizes) ? `[${sizes.map(describeValue).join(", ")}]` : describeValue(sizes)
    }`;
    throw Array.isArray(sizes) ? new RangeError(message) : new TypeError(message);
  }
  ["inputs n", "hidden units h", "classes k"].forEach((what, i) => {
    assertCount(sizes[i], `twoLayerNet: sizes[${i}], the number of ${what},`, 1);
  });
  assertRng(rng, "twoLayerNet: rng");
  const [n, h, k] = sizes;
  const hidden: Layer = activation === "relu"
    ? reluLayer()
    : activation === "sigmoid"
    ? sigmoidLayer()
    : activation === "tanh"
    ? tanhLayer()
    : unknownActivation(activation);
  return sequential([
    linearLayer(n, h, { rng, weightScale }),
    hidden,
    linearLayer(h, k, { rng, weightScale }),
  ]);
}

function unknownActivation(name: never): never {
  throw new RangeError(
    `twoLayerNet: unknown activation ${describeValue(name)} (use "relu", "sigmoid" or "tanh")`,
  );
}
