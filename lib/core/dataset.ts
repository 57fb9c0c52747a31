/**
 * The labelled data set that training, the objective and accuracy take.
 *
 * @module
 */

import type { Matrix } from "./matrix.ts";

/**
 * A labelled data set or minibatch: m examples in the columns of X (n × m) and their m classes.
 * {@linkcode spiralData} and {@linkcode loadMnist} return this shape, and {@linkcode objective},
 * {@linkcode train} and {@linkcode accuracy} take it.
 */
export interface Dataset {
  /** The examples, n × m: one example per column. */
  X: Matrix;
  /** The m true classes, integers in [0, k). */
  labels: ArrayLike<number>;
}
