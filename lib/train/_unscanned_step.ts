// Private: the training loop's way to step the library's own optimizers without scanning every
// gradient entry for NaN and infinities (a pass over all the parameters, about 5 % of an MNIST
// epoch). train does not need the scan: its data are checked to be finite, its loss is checked
// every minibatch, the next forward pass refuses a non-finite parameter, and every epoch ends
// with a check of the parameters; any of these stops training as diverged, with the best
// parameters put back. A step called directly always scans.

import type { Matrix } from "../core/matrix.ts";

/** The key of an optimizer's step without the gradient scan (the other checks still run). */
export const unscannedStep: unique symbol = Symbol("nn-notes: step without the gradient scan");

/** An optimizer that may offer a step without the gradient scan. */
export interface MayStepUnscanned {
  [unscannedStep]?: (
    params: readonly Matrix[],
    grads: readonly Matrix[],
    options?: { l2?: number; penalized?: readonly boolean[] }, // StepOptions of optimizers.ts
  ) => number | void;
}
