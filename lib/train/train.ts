/**
 * The training loop: stochastic (sub)gradient descent on J(w) (E4–E5) over seeded minibatches,
 * for a number of epochs, with a history, callbacks for live plots, the parameters of the best
 * validation epoch kept, a progress line per epoch, and a clear error when the loss diverges.
 *
 * ## Checked before anything moves
 *
 * Every argument is checked before the first update: the network, X (a Matrix of finite numbers
 * whose rows fit the network), every label of the training and validation sets (an integer class
 * in [0, k) for the network's k outputs; a bad one is named by its index in the whole set), the
 * validation examples, and every option. A NaN in the data is reported as bad data, never as a
 * learning rate that is too large.
 *
 * ## Divergence
 *
 * A learning rate that is too large makes the loss climb (to 1e99 and beyond at η = 1e100)
 * before it overflows. `train` stops as soon as one of these holds:
 *
 * - a minibatch loss or a parameter is NaN or infinite (always checked: every minibatch's loss,
 *   every forward pass, every parameter at the end of every epoch);
 * - a minibatch loss exceeds `factor` (100) times the reference loss, the larger of the first
 *   minibatch's loss and ln k (the loss of guessing uniformly among k classes): far more than
 *   any minibatch of a run that is learning;
 * - the epoch's mean loss rose `risingEpochs` (3) epochs in a row and is above the first epoch's
 *   mean: a slow climb.
 *
 * It then puts back the best parameters it has measured: those with the lowest loss on the
 * training-accuracy sample, among the starting parameters and those at the end of every epoch
 * (loss, not accuracy: a blow-up sends the loss sky-high, while the accuracy of wild weights can
 * look fine by chance), and throws a {@linkcode TrainingDivergedError}
 * (a RangeError) that says what happened, suggests a smaller learning rate and carries the
 * history. `divergence: false` turns off the last two tests (not the first: a network is never
 * left full of NaN).
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

import { gatherBatch, packDatasetColumns } from "../core/_dataset_columns.ts";
import {
  allFinite,
  assertCount,
  assertFiniteEntries,
  assertFlag,
  assertFunction,
  assertLabels,
  assertMatrixLike,
  assertNonNegative,
  assertNumber,
  assertObject,
  checkOptions,
  describeValue,
  NonFiniteError,
} from "../core/_shape.ts";
import { Matrix } from "../core/matrix.ts";
import { type Network, networkParameters } from "../nn/network.ts";
import { assertNetwork } from "../nn/_network_check.ts";
import { linearLayers } from "../nn/_linear_layers.ts";
import type { Dataset } from "../core/dataset.ts";
import { objective } from "../nn/objective.ts";
import { softmaxCrossEntropy } from "../nn/softmax_cross_entropy.ts";
import { type Optimizer, sgd, type StepOptions } from "./optimizers.ts";
import { type MayStepUnscanned, unscannedStep } from "./_unscanned_step.ts";
import { argmaxInto, forEachBatch, outputSize } from "./_batches.ts";
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

/** When {@linkcode train} calls a run diverging; see the module notes. */
export interface DivergenceOptions {
  /**
   * Stop when a minibatch loss exceeds this many times the reference loss (the larger of the
   * first minibatch's loss and ln k). @default {100}
   */
  factor?: number;
  /**
   * Stop when the epoch's mean loss has risen this many epochs in a row and is above the first
   * epoch's mean. @default {3}
   */
  risingEpochs?: number;
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
  /**
   * When to stop a diverging run (see the module notes), or `false` to train on regardless of
   * a climbing loss (a NaN or infinite loss still stops it).
   * @default {{ factor: 100, risingEpochs: 3 }}
   */
  divergence?: DivergenceOptions | false;
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
 * It checks every argument and every label first (see the module notes), and stops a diverging
 * run early: it puts back the best parameters so far and throws a
 * {@linkcode TrainingDivergedError} that says what happened and suggests a smaller learning
 * rate. It never leaves a network full of NaN.
 *
 * @param net The network, updated in place; its output has one row per class.
 * @param data The training set; see {@linkcode Dataset}.
 * @param options Epochs, batch size, optimizer, penalties, seed, validation, divergence,
 *   callbacks, progress; see {@linkcode TrainOptions}.
 * @returns The history (also passed to `onEpoch`); see {@linkcode TrainHistory}.
 * @throws {TrainingDivergedError} A RangeError, when the loss diverges.
 * @throws {RangeError} Before any update, on a bad option, a label that is not an integer class
 * in [0, k) (naming its index in the set), an example that is not finite, or shapes that do not
 * fit.
 * @throws {TypeError} Before any update, when net is not a network, data or validation is not
 * { X, labels } with X a Matrix, or a label or option has the wrong type.
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
 * await assert.rejects(() => train(net, { X, labels: [0, 0, 1, 1, 0, 2] }), /labels\[5\] is 2/);
 * ```
 *
 * @example A learning rate far too large is stopped, and the best parameters put back
 * ```ts
 * import { Rng } from "../core/mod.ts";
 * import { spiralData } from "../data/mod.ts";
 * import { twoLayerNet } from "../nn/mod.ts";
 * import { TrainingDivergedError, train } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = twoLayerNet([2, 10, 3], { rng: new Rng(0) });
 * const error = await train(net, spiralData(), { learningRate: 100, progress: false })
 *   .catch((e) => e);
 * assert.ok(error instanceof TrainingDivergedError && error instanceof RangeError);
 * assert.match(error.message, /learning rate is probably too large/);
 * assert.ok(error.history.loss.length < 10); // stopped within the first epoch
 * ```
 */
export async function train(
  net: Network,
  data: Dataset,
  options?: TrainOptions,
): Promise<TrainHistory> {
  assertNetwork(net, "train");
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
    divergence = {},
    onBatch,
    onEpoch,
  } = checkOptions(options, KNOWN, "train");
  checkCount(epochs, "epochs", 0);
  checkCount(batchSize, "batchSize", 1);
  checkCount(trainAccuracySamples, "trainAccuracySamples", 1);
  assertNumber(learningRateDecay, "train: learningRateDecay", "in (0, 1]", (d) => d > 0 && d <= 1);
  assertNonNegative(l2, "train: l2");
  assertNonNegative(l1, "train: l1");
  assertNumber(seed, "train: seed", "a safe integer", Number.isSafeInteger);
  assertFlag(keepBest, "train: keepBest");
  if (onBatch !== undefined) assertFunction(onBatch, "train: onBatch");
  if (onEpoch !== undefined) assertFunction(onEpoch, "train: onEpoch");
  const stop = divergenceRule(divergence);
  if (options?.optimizer !== undefined && options.learningRate !== undefined) {
    throw new RangeError(
      "train: give either an optimizer or a learningRate (the optimizer carries its own rate)",
    );
  }
  const optimizer = options?.optimizer ?? sgd({ learningRate: options?.learningRate ?? 0.01 });
  assertOptimizer(optimizer);
  // The library's optimizers are stepped without their scan of every gradient entry (about 5 %
  // of an epoch): a NaN gradient makes a parameter NaN, which the next minibatch's forward pass
  // or the end-of-epoch check below finds, and training stops as diverged (_unscanned_step.ts).
  const unscanned = (optimizer as MayStepUnscanned)[unscannedStep];
  const step = unscanned ??
    ((p: Matrix[], g: Matrix[], o?: StepOptions) => optimizer.step(p, g, o));
  const print = progressWriter(options?.progress);

  // The data: every example finite, every label a class the network scores, before any update.
  const { X, labels } = checkedSet(data, "data", "the training set");
  const N = X.cols;
  const n = X.rows;
  const k = outputSize(net, X);
  assertLabels(labels, N, k, `train: the training set (X ${X.shape})`);
  if (validation !== undefined) {
    const v = checkedSet(validation, "validation", "the validation set");
    if (v.X.rows !== n) {
      throw new RangeError(
        `train: validation.X has ${v.X.rows} rows but the training examples have ${n} (X is ` +
          `${X.shape})`,
      );
    }
    assertLabels(v.labels, v.X.cols, k, `train: the validation set (X ${v.X.shape})`);
  }

  const rng = new Rng(seed); // the minibatch order: one permutation per epoch, nothing else
  const params = networkParameters(net);
  const values = params.map((p) => p.value);
  const penalized = params.map((p) => p.penalized);
  // An optimizer that fuses the L2 penalty into its step (plain SGD) saves a pass over the
  // weights, with the same roundings as objective's penalty (not with an L1 penalty as well,
  // whose gradient objective adds after L2's). l2 was checked above to be finite and ≥ 0.
  const fuseL2 = optimizer.fusesL2 === true && l2 > 0 && l1 === 0;
  // A fixed sample of training examples for the training accuracy.
  const trainSample = N <= trainAccuracySamples
    ? { X, labels }
    : gatherColumns(X, labels, new Rng(seed + 1).permutation(N).subarray(0, trainAccuracySamples));
  // Minibatches copy whole examples. Sparse examples (MNIST: 81 % zero pixels) are packed once
  // here, so each minibatch is written from their nonzeros alone; dense ones are
  // copied from the transpose (one example per row), which reads contiguous memory instead of
  // one entry from each of n distant rows.
  const sparseExamples = packDatasetColumns(X);
  // A first layer made by linearLayer reads the minibatch only through the products, which take
  // its listed nonzeros: its entries need not be written (see lib/core/_dataset_columns.ts).
  const listedInput = net.layers.length > 0 && linearLayers.has(net.layers[0]);
  const examples = sparseExamples === undefined ? X.transpose() : undefined;
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
  let best: Float64Array[] | undefined; // the best validation epoch's parameters (keepBest)
  // For a diverging run: the parameters to put back and the epoch they are from (0: the start).
  const fallback = {
    epoch: 0,
    values: values.map((W) => W.data.slice()),
    sampleLoss: evaluate(net, trainSample)[1],
  };
  let reference = 0; // the loss a diverging minibatch is measured against
  let iteration = 0;

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const start = performance.now();
    const learningRate = optimizer.learningRate;
    const order = rng.permutation(N);
    let lossSum = 0;
    let trainSeconds = 0;
    let trainAccuracy = 0;
    let sampleLoss = 0;
    let valAccuracy: number | null = null;
    try {
      for (let batch = 1; batch <= batchesPerEpoch; batch++) {
        const from = (batch - 1) * batchSize;
        const size = Math.min(batchSize, N - from);
        const Xb = size === batchX.cols ? batchX : new Matrix(n, size);
        const yb = size === batchLabels.length ? batchLabels : new Int32Array(size);
        if (examples !== undefined) copyBatch(examples, labels, order, from, Xb, yb);
        else {
          gatherBatch(sparseExamples!, order, from, Xb, !listedInput);
          for (let j = 0; j < size; j++) yb[j] = labels[order[from + j]];
        }
        // With fuseL2 the L2 penalty goes into the step and its value comes back from it.
        const result = objective(net, { X: Xb, labels: yb }, {
          l2: fuseL2 ? 0 : l2,
          l1,
          reuseBuffers: true,
        });
        iteration++;
        const grads = params.map((p) => result.grads[p.layer][p.name]);
        // With fuseL2 the step adds the L2 penalty's gradient and returns the penalty, so the
        // loss is whole only after that step (a diverging run puts back the best parameters).
        const penaltyL2 = fuseL2 ? step(values, grads, { l2, penalized }) : 0;
        const loss = fuseL2 ? result.dataLoss + (Number(penaltyL2) + result.penalty) : result.loss;
        if (iteration === 1) reference = Math.max(loss, Math.log(Math.max(k, 2)));
        if (!Number.isFinite(loss)) throw new Divergence(`the loss became ${loss}`);
        if (stop !== undefined && loss > stop.factor * reference) {
          throw new Divergence(
            `the minibatch loss ${loss.toPrecision(3)} exceeded ${stop.factor} × the reference ` +
              `loss ${reference.toPrecision(3)}`,
          );
        }
        if (!fuseL2) step(values, grads);
        lossSum += loss;
        history.loss.push(loss);
        if (onBatch) {
          const info = { epoch, epochs, iteration, batch, batchesPerEpoch, loss, learningRate };
          await callback(() => onBatch(info));
        }
      }
      trainSeconds = (performance.now() - start) / 1000;
      if (!values.every((W) => allFinite(W.data))) {
        throw new Divergence("a parameter became NaN or infinite");
      }
      [trainAccuracy, sampleLoss] = evaluate(net, trainSample);
      if (validation !== undefined) valAccuracy = evaluate(net, validation)[0];
    } catch (error) {
      // The data were checked to be finite, so a non-finite number now (a NaN or infinite loss,
      // gradient, parameter or activation) means that the updates blew up.
      if (error instanceof CallbackError) throw error.cause; // the caller's own error, untouched
      if (!(error instanceof Divergence) && !blewUp(error, values)) throw error;
      const what = error instanceof Divergence
        ? error.message
        : `a number overflowed (${(error as Error).message})`;
      throw diverged(what, epoch, iteration, optimizer, learningRate, fallback, values, history, {
        cause: error,
      });
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
    // What a diverging run goes back to: the lowest sample loss so far, the start's included.
    if (sampleLoss < fallback.sampleLoss) {
      fallback.epoch = epoch;
      fallback.sampleLoss = sampleLoss;
      values.forEach((W, t) => fallback.values[t].set(W.data));
    }
    print?.(progressLine(epoch, epochs, loss, trainAccuracy, valAccuracy, learningRate, seconds));
    const rising = stop === undefined ? undefined : risingFor(history.epochLoss, stop.risingEpochs);
    if (rising !== undefined) {
      throw diverged(rising, epoch, iteration, optimizer, learningRate, fallback, values, history);
    }
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

/**
 * The error {@linkcode train} throws when a run diverges (a RangeError): its message says what
 * was seen, where, and which parameters were put back; it carries the history up to that point.
 *
 * @example
 * ```ts
 * import { TrainingDivergedError } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const history = {
 *   loss: [2.3, 900], epochLoss: [], trainAccuracy: [], valAccuracy: [], learningRate: [],
 *   epochSeconds: [], trainSeconds: [], bestEpoch: 0, bestValAccuracy: null,
 * };
 * const error = new TrainingDivergedError("Training diverged", history, 1, 2, 0);
 * assert.ok(error instanceof RangeError);
 * assert.equal(error.restoredEpoch, 0);
 * ```
 */
export class TrainingDivergedError extends RangeError {
  /** The history up to the minibatch where training stopped. */
  readonly history: TrainHistory;
  /** The epoch (from 1) in which it stopped. */
  readonly epoch: number;
  /** The update (from 1, across epochs) at which it stopped. */
  readonly iteration: number;
  /** The epoch whose end-of-epoch parameters were put back; 0 for the starting parameters. */
  readonly restoredEpoch: number;

  /**
   * Makes the error (train does; a caller only reads it).
   *
   * @param message What happened.
   * @param history The history so far.
   * @param epoch The epoch in which training stopped.
   * @param iteration The update at which it stopped.
   * @param restoredEpoch The epoch whose parameters were put back (0: the start).
   * @param options The cause, if any.
   */
  constructor(
    message: string,
    history: TrainHistory,
    epoch: number,
    iteration: number,
    restoredEpoch: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "TrainingDivergedError";
    this.history = history;
    this.epoch = epoch;
    this.iteration = iteration;
    this.restoredEpoch = restoredEpoch;
  }
}

/** Thrown inside the loop when a minibatch shows divergence; reported by `diverged`. */
class Divergence extends Error {}

/** Wraps what a callback threw, so that it is never taken for a sign of divergence. */
class CallbackError extends Error {}

/** Runs a callback (awaiting a promise it returns), wrapping what it throws. */
async function callback(run: () => unknown): Promise<void> {
  try {
    const r = run();
    if (r instanceof Promise) await r;
  } catch (error) {
    throw new CallbackError("a callback threw", { cause: error });
  }
}

const KNOWN = {
  epochs: true,
  batchSize: true,
  optimizer: true,
  learningRate: true,
  learningRateDecay: true,
  l2: true,
  l1: true,
  seed: true,
  validation: true,
  trainAccuracySamples: true,
  keepBest: true,
  divergence: true,
  onBatch: true,
  onEpoch: true,
  progress: true,
} as const;

/** The checked divergence rule, or undefined when it is turned off. */
function divergenceRule(
  divergence: DivergenceOptions | false,
): Required<DivergenceOptions> | undefined {
  if (divergence === false) return undefined;
  const { factor = 100, risingEpochs = 3 } = checkOptions(
    divergence,
    { factor: true, risingEpochs: true },
    "train: divergence",
  );
  assertNumber(factor, "train: divergence.factor", "a number > 1", (f) => f > 1);
  checkCount(risingEpochs, "divergence.risingEpochs", 1);
  return { factor, risingEpochs };
}

/** Why the epoch losses count as diverging, or undefined when they do not. */
function risingFor(epochLoss: readonly number[], epochs: number): string | undefined {
  const e = epochLoss.length;
  if (e <= epochs) return undefined;
  for (let i = e - epochs; i < e; i++) if (!(epochLoss[i] > epochLoss[i - 1])) return undefined;
  if (!(epochLoss[e - 1] > epochLoss[0])) return undefined;
  return `the epoch's mean loss rose ${epochs} epochs in a row, from ` +
    `${epochLoss[e - 1 - epochs].toPrecision(3)} to ${epochLoss[e - 1].toPrecision(3)}, above ` +
    `the first epoch's ${epochLoss[0].toPrecision(3)}`;
}

/** Puts back the fallback parameters and makes the error that reports the divergence. */
function diverged(
  what: string,
  epoch: number,
  iteration: number,
  optimizer: Optimizer,
  learningRate: number,
  fallback: { epoch: number; values: Float64Array[] },
  values: Matrix[],
  history: TrainHistory,
  options?: ErrorOptions,
): TrainingDivergedError {
  values.forEach((W, t) => W.data.set(fallback.values[t]));
  const restored = fallback.epoch === 0
    ? "the starting parameters were put back"
    : `the parameters of epoch ${fallback.epoch}, the best so far, were put back`;
  return new TrainingDivergedError(
    `Training diverged: ${what} at epoch ${epoch}, iteration ${iteration} ` +
      `(${optimizer.name}, learning rate ${learningRate}). The learning rate is probably too ` +
      `large: try one 3–10 times smaller. ${restored[0].toUpperCase()}${restored.slice(1)}. ` +
      "(To train on regardless, pass divergence: false.)",
    history,
    epoch,
    iteration,
    fallback.epoch,
    options,
  );
}

/** Whether `error`, thrown by the objective or an update, comes from numbers that blew up. */
function blewUp(error: unknown, values: readonly Matrix[]): boolean {
  if (!values.every((W) => allFinite(W.data))) return true;
  return error instanceof NonFiniteError;
}

/** data (or validation) checked to be { X, labels } with X a Matrix of finite numbers. */
function checkedSet(set: unknown, name: string, what: string): Dataset {
  assertObject(set, `train: ${name} ({ X, labels })`);
  const { X, labels } = set as { X: unknown; labels: unknown };
  assertMatrixLike(X, `train: ${name}.X`);
  const M = X as Matrix;
  if (M.cols === 0) throw new RangeError(`train: ${what} has no examples (X is ${M.shape})`);
  assertFiniteEntries(M, `train: ${what}, X (${M.shape}),`);
  return { X: M, labels: labels as ArrayLike<number> };
}

function assertOptimizer(optimizer: unknown): asserts optimizer is Optimizer {
  const o = optimizer as Partial<Optimizer> | null;
  if (o === null || typeof o !== "object" || typeof o.step !== "function") {
    throw new TypeError(
      `train: optimizer must be an optimizer (sgd(), momentum() or adam()), got ${
        describeValue(optimizer)
      }`,
    );
  }
}

/**
 * The accuracy and the mean cross-entropy of the network on a set, in batches of 1000 (the
 * classes as predict picks them).
 */
function evaluate(net: Network, set: Dataset): [accuracy: number, loss: number] {
  const m = set.X.cols;
  const classes = new Int32Array(m);
  let loss = 0;
  forEachBatch(net, set.X, 1000, (scores, start) => {
    argmaxInto(scores, classes, start);
    const labels = Array.prototype.slice.call(set.labels, start, start + scores.cols) as number[];
    loss += softmaxCrossEntropy(scores, labels).loss * scores.cols;
  });
  let right = 0;
  for (let j = 0; j < m; j++) if (classes[j] === set.labels[j]) right++;
  return [right / m, loss / m];
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

function progressWriter(
  progress: boolean | ((line: string) => void) | undefined,
): ((line: string) => void) | undefined {
  if (typeof progress === "function") return progress;
  if (progress === true) return (line) => console.log(line);
  if (progress === false) return undefined;
  if (progress !== undefined) {
    throw new TypeError(
      `train: progress must be true, false or a function, got ${describeValue(progress)}`,
    );
  }
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
  assertCount(value, `train: ${what}`, min);
}
