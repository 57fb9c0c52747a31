// Private: the argument check shared by every function that takes a network.

import { describeValue } from "../core/_shape.ts";

/**
 * Throws a TypeError unless `net` is a network: an object whose `layers` is a non-empty array of
 * layers (each with forward and backward), as `sequential` and `twoLayerNet` build.
 */
export function assertNetwork(net: unknown, who: string): void {
  const layers = (net as { layers?: unknown } | null)?.layers;
  if (net === null || typeof net !== "object" || !Array.isArray(layers) || layers.length === 0) {
    throw new TypeError(
      `${who}: net must be a network (build one with sequential([...]) or twoLayerNet), got ` +
        describeValue(net),
    );
  }
  layers.forEach((layer, i) => {
    const l = layer as { forward?: unknown; backward?: unknown; params?: unknown } | null;
    if (
      l === null || typeof l !== "object" || typeof l.forward !== "function" ||
      typeof l.backward !== "function" || l.params === null || typeof l.params !== "object"
    ) {
      throw new TypeError(`${who}: net.layers[${i}] is ${describeValue(layer)}, not a layer`);
    }
  });
}
