/**
 * The training loop: stochastic (sub)gradient descent on J(w) (E4–E5) over seeded minibatches,
 * for a number of epochs, with a history, callbacks for live plots, the parameters of the best
 * validation epoch kept, a progress line per epoch, and a clear error when the loss diverges.
 *
 * ## Callbacks (the interface live plots build on)
 *
 * - `onBatch(info: BatchInfo)` runs after every minibatch update with the epoch, the iteration
 *   (counting from 1 across epochs) and that minibatch's loss J.
 * - `onEpoch(info: EpochInfo)` runs after every epoch with the epoch's mean loss, the training
 *   and validation accuracy, the learning rate used, the timings and the whole `history` so far.
 *   Returning `false` (or a promise of `false`) stops training after that epoch.
 *
 * Both may return a promise; `train` awaits it before going on, which gives a notebook's display
 * the chance to update between epochs. `history` is the live object `train` appends to: read it,
 * do not change it.
 *
 * @module
 */

import { gatherBatch, packDatasetColumns, type PackedColumns } from "../core/_gemm.ts";
import { assertFinite } from "../core/_shape.ts";
import { Matrix } from "../core/matrix.ts";
import { type Network, networkParameters } from "../nn/network.ts";
import type { Dataset } from "../core/dataset.ts";
import { objective } from "../nn/objective.ts";
import { type Optimizer, sgd } from "./optimizers.ts";
import { accuracy } from "./predict.ts";
import { Rng } from "../core/random.ts";

/** What `onBatch` receives after each minibatch update. */
export interface BatchInfo {
  /** The epoch, counting from 1. */
  epoch: number;
  /** The number of epochs asked for. */
  epochs: number;
  /** The update's number, counting from 1 across all epochs. */
  iteration: number;
  /** The minibatch's number within its epoch, counting from 1. */
  batch: number;
  /** The number of minibatches per epoch. */
  batchesPerEpoch: number;
  /** J(w) on this minibatch (mean cross-entropy plus penalty), before the update. */
  loss: number;
  /** The learning rate of this update. */
  learningRate: number;
}

/** What `onEpoch` receives after each epoch. */
export interface EpochInfo {
  /** The epoch just finished, counting from 1. */
  epoch: number;
  /** The number of epochs asked for. */
  epochs: number;
  /** The mean of the epoch's minibatch losses. */
  loss: number;
  /** Accuracy on (a fixed sample of) the training set after this epoch, in [0, 1]. */
  trainAccuracy: number;
  /** Accuracy on the validation set after this epoch, or null without one. */
  valAccuracy: number | null;
  /** The learning rate used during this epoch. */
  learningRate: number;
  /** Wall-clock seconds of the whole epoch, updates and evaluation. */
  seconds: number;
  /** Wall-clock seconds of the minibatch updates alone (what the benchmark compares). */
  trainSeconds: number;
  /** The history so far, this epoch included. */
  history: TrainHistory;
}

/** Everything {@linkcode train} records; also what it resolves to. */
export interface TrainHistory {
  /** J on every minibatch, in order (one entry per iteration). */
  loss: number[];
  /** The mean minibatch loss of every epoch. */
  epochLoss: number[];
  /** Training accuracy after every epoch. */
  trainAccuracy: number[];
  /** Validation accuracy after every epoch (empty without a validation set). */
  valAccuracy: number[];
  /** The learning rate of every epoch. */
  learningRate: number[];
  /** Wall-clock seconds of every epoch. */
  epochSeconds: number[];
  /** Wall-clock seconds of every epoch's updates alone. */
  trainSeconds: number[];
  /** The epoch (from 1) whose parameters the network holds at the end; 0 before any epoch. */
  bestEpoch: number;
  /** The validation accuracy of that epoch, or null without a validation set. */
  bestValAccuracy: number | null;
}

/** Options of {@linkcode train}. */
export interface TrainOptions {
  /** Passes over the training set. @default {10} */
  epochs?: number;
  /** Examples per minibatch (the last one of an epoch may be smaller). @default {64} */
  batchSize?: number;
  /** The update rule. Give either this or `learningRate`. @default {sgd({ learningRate })} */
  optimizer?: Optimizer;
  /** The learning rate of the default plain SGD. @default {0.01} */
  learningRate?: number;
  /** The learning rate is multiplied by this after every epoch (1 keeps it). @default {1} */
  learningRateDecay?: number;
  /** λ of the L2 weight penalty (λ/2) Σ ‖W‖². @default {0} */
  l2?: number;
  /** λ of the L1 weight penalty λ Σ |W|. @default {0} */
  l1?: number;
  /**
   * Seed of the minibatch order: epoch e visits the examples in the order of the e-th
   * permutation drawn from `new Rng(seed)` (`rng.permutation(N)`), cut into consecutive
   * minibatches, so another program can replay it exactly. @default {0}
   */
  seed?: number;
  /** Held-out examples to measure after every epoch. @default {undefined} */
  validation?: Dataset;
  /**
   * How many training examples (a fixed seeded sample) to measure the training accuracy on after
   * every epoch; all of them when the set is smaller. cs231n's solver uses 1000. @default {1000}
   */
  trainAccuracySamples?: number;
  /**
   * With a validation set, end with the parameters of the epoch of best validation accuracy
   * (the earliest on ties) instead of the last epoch's. @default {true}
   */
  keepBest?: boolean;
  /** Called after every minibatch update; see {@linkcode BatchInfo}. */
  onBatch?: (info: BatchInfo) => void | Promise<void>;
  /** Called after every epoch; return `false` to stop. See {@linkcode EpochInfo}. */
  onEpoch?: (info: EpochInfo) => void | boolean | Promise<void | boolean>;
  /**
   * One progress line per epoch: `true` prints with console.log, a function receives each line,
   * `false` prints nothing. By default lines are printed only when standard output is a
   * terminal (so not inside Jupyter, whose progress display uses `onEpoch`).
   * @default {stdout is a terminal}
   */
  progress?: boolean | ((line: string) => void);
}

/**
 * Trains a classifier by minibatch stochastic (sub)gradient descent on the averaged objective
 * J(w) = (1/m) Σ ℓ + R(w) (E4–E5; see objective.ts), updating the network's parameters in place.
 *
 * Every epoch visits the training examples in a new seeded random order, in minibatches of
 * `batchSize`; the same seed gives the same order (and the same result) on every machine. After
 * each epoch it measures the training and validation accuracy, calls `onEpoch`, prints a
 * progress line if asked, and multiplies the learning rate by `learningRateDecay`.
 *
 * When a minibatch loss becomes NaN or infinite (or an update makes a parameter non-finite) it
 * stops, puts back the parameters from the start of that epoch, and throws a RangeError that
 * says so and suggests lowering the learning rate: it never leaves a network full of NaN.
 *
 * @param net The network, updated in place; its output has one row per class.
 * @param data The training set; see {@linkcode Dataset}.
 * @param options Epochs, batch size, optimizer, penalties, seed, validation, callbacks,
 *   progress; see {@linkcode TrainOptions}.
 * @returns The history (also passed to `onEpoch`); see {@linkcode TrainHistory}.
 * @throws {RangeError} When the loss diverges, or on bad options or shapes.
 *
 * @example A tiny network learns a linearly separable problem
 * ```ts
 * import { Matrix, Rng } from "../core/mod.ts";
 * import { twoLayerNet } from "../nn/mod.ts";
 * import { accuracy, train } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const X = Matrix.from([[-2, -1, 1, 2, -1.5, 1.5], [1, 2, -1, -2, 0.5, -0.5]]); // n = 2, N = 6
 * const labels = [0, 0, 1, 1, 0, 1];
 * const net = twoLayerNet([2, 4, 2], { rng: new Rng(0) });
 * const seen: number[] = [];
 * const history = await train(net, { X, labels }, {
 *   epochs: 20, batchSize: 3, learningRate: 0.1, progress: false,
 *   onEpoch: (info) => { seen.push(info.epoch); },
 * });
 * assert.equal(history.loss.length, 40); // 2 minibatches × 20 epochs
 * assert.deepEqual(seen.slice(0, 3), [1, 2, 3]);
 * assert.equal(accuracy(net, { X, labels }), 1);
 * ```
 */
export async function train(
  net: Network,
  data: Dataset,
  options: TrainOptions = {},
): Promise<TrainHistory> {
  const {
    epochs = 10,
    batchSize = 64,
    learningRateDecay = 1,
    l2 = 0,
    l1 = 0,
    seed = 0,
    validation,
    trainAccuracySamples = 1000,
    keepBest = true,
    onBatch,
    onEpoch,
  } = options;
  checkCount(epochs, "epochs", 0);
  checkCount(batchSize, "batchSize", 1);
  checkCount(trainAccuracySamples, "trainAccuracySamples", 1);
  if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
    throw new RangeError(`train: learningRateDecay must be in (0, 1], got ${learningRateDecay}`);
  }
  if (options.optimizer !== undefined && options.learningRate !== undefined) {
    throw new RangeError(
      "train: give either an optimizer or a learningRate (the optimizer carries its own rate)",
    );
  }
  const optimizer = options.optimizer ?? sgd({ learningRate: options.learningRate ?? 0.01 });
  const print = progressWriter(options.progress);
  const { X, labels } = data;
  const N = X.cols;
  const n = X.rows;
  if (labels.length !== N || N === 0) {
    throw new RangeError(
      `train: ${labels.length} labels for ${N} examples (X is ${X.shape}); need equal, nonzero`,
    );
  }
  assertFinite(X.data, `train: the examples X (${X.shape})`);
  if (validation !== undefined && validation.labels.length !== validation.X.cols) {
    throw new RangeError(
      `train: ${validation.labels.length} validation labels for ${validation.X.cols} examples`,
    );
  }

  const rng = new Rng(seed); // the minibatch order: one permutation per epoch, nothing else
  const params = networkParameters(net);
  const values = params.map((p) => p.value);
  // A fixed sample of training examples for the training accuracy.
  const trainSample = N <= trainAccuracySamples
    ? data
    : gatherColumns(X, labels, new Rng(seed + 1).permutation(N).subarray(0, trainAccuracySamples));
  // Minibatches copy whole examples. Sparse examples (MNIST: 81 % zero pixels) are packed once
  // here, so each minibatch is copied from and packed with their nonzeros alone; dense ones are
  // copied from the transpose (one example per row), which reads contiguous memory instead of
  // one entry from each of n distant rows.
  const sparseExamples = packDatasetColumns(X);
  const examples = sparseExamples === undefined ? X.transpose() : undefined;
  let batchPacked: PackedColumns | undefined;
  const batchesPerEpoch = Math.ceil(N / batchSize);
  const batchX = new Matrix(n, Math.min(batchSize, N));
  const batchLabels = new Int32Array(Math.min(batchSize, N));

  const history: TrainHistory = {
    loss: [],
    epochLoss: [],
    trainAccuracy: [],
    valAccuracy: [],
    learningRate: [],
    epochSeconds: [],
    trainSeconds: [],
    bestEpoch: 0,
    bestValAccuracy: null,
  };
  let best: Float64Array[] | undefined;
  let iteration = 0;

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const start = performance.now();
    const epochStart = values.map((W) => W.data.slice()); // put back if the epoch diverges
    const learningRate = optimizer.learningRate;
    const order = rng.permutation(N);
    let lossSum = 0;
    let trainSeconds = 0;
    let trainAccuracy = 0;
    let valAccuracy: number | null = null;
    try {
      for (let batch = 1; batch <= batchesPerEpoch; batch++) {
        const from = (batch - 1) * batchSize;
        const size = Math.min(batchSize, N - from);
        const Xb = size === batchX.cols ? batchX : new Matrix(n, size);
        const yb = size === batchLabels.length ? batchLabels : new Int32Array(size);
        if (examples !== undefined) copyBatch(examples, labels, order, from, Xb, yb);
        else {
          batchPacked = gatherBatch(sparseExamples!, order, from, Xb, batchPacked);
          for (let j = 0; j < size; j++) yb[j] = labels[order[from + j]];
        }
        const { loss, grads } = objective(net, { X: Xb, labels: yb }, {
          l2,
          l1,
          reuseBuffers: true,
        });
        iteration++;
        if (!Number.isFinite(loss)) throw new Divergence(loss);
        optimizer.step(values, params.map((p) => grads[p.layer][p.name]));
        lossSum += loss;
        history.loss.push(loss);
        if (onBatch) {
          const r = onBatch({
            epoch,
            epochs,
            iteration,
            batch,
            batchesPerEpoch,
            loss,
            learningRate,
          });
          if (r instanceof Promise) await r;
        }
      }
      trainSeconds = (performance.now() - start) / 1000;
      trainAccuracy = accuracy(net, trainSample);
      if (validation !== undefined) valAccuracy = accuracy(net, validation);
    } catch (error) {
      // The data were checked to be finite, so a non-finite number now (a NaN or infinite loss, a
      // parameter or an activation that overflowed) means the updates blew up.
      const blewUp = error instanceof Divergence || !values.every((W) => allFinite(W.data)) ||
        (error instanceof RangeError && /not a finite number/.test(error.message));
      if (!blewUp) throw error;
      values.forEach((W, t) => W.data.set(epochStart[t]));
      const what = error instanceof Divergence
        ? `the loss became ${error.loss}`
        : `a number overflowed (${(error as Error).message})`;
      throw new RangeError(
        `Training diverged: ${what} at epoch ${epoch}, iteration ${iteration} ` +
          `(${optimizer.name}, learning rate ${learningRate}). The learning rate is probably ` +
          `too large: try one 3–10 times smaller. The parameters from the start of epoch ` +
          `${epoch} were put back.`,
        { cause: error },
      );
    }
    const seconds = (performance.now() - start) / 1000;
    const loss = lossSum / batchesPerEpoch;
    history.epochLoss.push(loss);
    history.trainAccuracy.push(trainAccuracy);
    if (valAccuracy !== null) history.valAccuracy.push(valAccuracy);
    history.learningRate.push(learningRate);
    history.epochSeconds.push(seconds);
    history.trainSeconds.push(trainSeconds);
    const improved = valAccuracy === null ||
      history.bestValAccuracy === null || valAccuracy > history.bestValAccuracy;
    if (improved) {
      history.bestEpoch = epoch;
      history.bestValAccuracy = valAccuracy;
      if (keepBest && validation !== undefined) best = values.map((W) => W.data.slice());
    }
    print?.(progressLine(epoch, epochs, loss, trainAccuracy, valAccuracy, learningRate, seconds));
    optimizer.learningRate = learningRate * learningRateDecay;
    if (onEpoch) {
      let r = onEpoch({
        epoch,
        epochs,
        loss,
        trainAccuracy,
        valAccuracy,
        learningRate,
        seconds,
        trainSeconds,
        history,
      });
      if (r instanceof Promise) r = await r;
      if (r === false) break;
    }
  }
  if (best !== undefined) values.forEach((W, t) => W.data.set(best[t]));
  return history;
}

/** Thrown inside the loop when a minibatch loss is not finite; reported as a RangeError. */
class Divergence extends Error {
  constructor(readonly loss: number) {
    super(`loss ${loss}`);
  }
}

function copyBatch(
  examples: Matrix,
  labels: ArrayLike<number>,
  order: Int32Array,
  from: number,
  Xb: Matrix,
  yb: Int32Array,
): void {
  const n = examples.cols;
  const m = Xb.cols;
  const src = examples.data;
  const dst = Xb.data;
  for (let j = 0; j < m; j++) {
    const e = order[from + j];
    yb[j] = labels[e];
    const row = e * n;
    for (let t = 0; t < n; t++) dst[t * m + j] = src[row + t]; // column j of the batch
  }
}

function gatherColumns(X: Matrix, labels: ArrayLike<number>, which: Int32Array): Dataset {
  const m = which.length;
  const out = new Matrix(X.rows, m);
  const y = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    y[j] = labels[which[j]];
    for (let t = 0; t < X.rows; t++) out.data[t * m + j] = X.data[t * X.cols + which[j]];
  }
  return { X: out, labels: y };
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

function progressWriter(
  progress: boolean | ((line: string) => void) | undefined,
): ((line: string) => void) | undefined {
  if (typeof progress === "function") return progress;
  if (progress === true) return (line) => console.log(line);
  if (progress === false) return undefined;
  return stdoutIsTerminal() ? (line) => console.log(line) : undefined;
}

function stdoutIsTerminal(): boolean {
  try {
    // deno-lint-ignore no-explicit-any
    const deno = (globalThis as any).Deno;
    return deno?.stdout?.isTerminal?.() === true;
  } catch {
    return false;
  }
}

function progressLine(
  epoch: number,
  epochs: number,
  loss: number,
  trainAccuracy: number,
  valAccuracy: number | null,
  learningRate: number,
  seconds: number,
): string {
  const width = String(epochs).length;
  const percent = (a: number) => `${(100 * a).toFixed(1).padStart(5)} %`;
  const val = valAccuracy === null ? "" : `  val ${percent(valAccuracy)}`;
  return `epoch ${String(epoch).padStart(width)}/${epochs}  loss ${loss.toFixed(4)}  ` +
    `train ${percent(trainAccuracy)}${val}  lr ${learningRate.toPrecision(3)}  ` +
    `${seconds.toFixed(2)} s`;
}

function checkCount(value: number, what: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`train: ${what} must be an integer ≥ ${min}, got ${value}`);
  }
}
