// Private: notices when a matrix that a forward pass keeps by reference in its cache (its input
// X, its weights, its own output) is changed in place before the backward pass reads it. The
// backward pass would then compute the gradients of a function at a point it never visited, and
// nothing would look wrong. A fingerprint of each matrix's bits (O(entries), once in the forward
// pass and once in the backward) is enough to see it.

import { fingerprint } from "../core/_shape.ts";
import type { Matrix } from "../core/matrix.ts";

/** What a cache's fingerprints remember: the name of each matrix, the matrix, its print. */
type Prints = { name: string; matrix: Matrix; print: number }[];

const remembered = new WeakMap<object, Prints>();

/** Remembers fingerprints of the named matrices that `cache` holds by reference. */
export function rememberCached(cache: object, matrices: Record<string, Matrix>): void {
  remembered.set(
    cache,
    Object.entries(matrices).map(([name, matrix]) => ({
      name,
      matrix,
      print: fingerprint(matrix.data),
    })),
  );
}

/**
 * Throws a RangeError naming the first matrix of `cache` that changed since the forward pass
 * `forward` remembered it (caches made with reused buffers, or by hand, carry no prints).
 */
export function assertCacheUnchanged(cache: object, who: string, forward: string): void {
  const prints = remembered.get(cache);
  if (prints === undefined) return;
  for (const { name, matrix, print } of prints) {
    if (fingerprint(matrix.data) !== print) {
      throw new RangeError(
        `${who}: ${name} (${matrix.shape}), which ${forward} keeps in its cache by reference, ` +
          "was changed in place after the forward pass, so these would be the gradients at a " +
          `point the forward pass never saw; run ${forward} again after the change, or change ` +
          "a copy (M.clone())",
      );
    }
  }
}
