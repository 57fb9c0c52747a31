/**
 * The curves of a training run side by side: the loss of every minibatch (with each epoch's
 * mean), and the training and validation accuracy of every epoch.
 *
 * @module
 */

import { Figure, type PlotOptions, type Trace } from "./figure.ts";
import {
  axis,
  baseLayout,
  classColor,
  compact,
  legendBelow,
  plotOptions,
  range,
  topMargin,
  TRAINING_CURVES_OPTIONS,
} from "./_plot_common.ts";
import { assertNumbers, assertObject } from "../core/_shape.ts";

/**
 * What {@linkcode trainingCurves} draws; the history {@linkcode train} returns has these fields.
 */
export interface TrainingCurvesData {
  /** J on every minibatch, in order. */
  loss: ArrayLike<number>;
  /** The mean loss of every epoch. @default {[]} */
  epochLoss?: ArrayLike<number>;
  /** Training accuracy after every epoch, in [0, 1]. @default {[]} */
  trainAccuracy?: ArrayLike<number>;
  /** Validation accuracy after every epoch, in [0, 1]. @default {[]} */
  valAccuracy?: ArrayLike<number>;
}

/** Options of {@linkcode trainingCurves}. */
export interface TrainingCurvesOptions extends PlotOptions {
  /** A logarithmic loss axis. @default {false} */
  logLoss?: boolean;
  /**
   * Minibatches per epoch, to place each epoch's mean loss at the iteration that ends it.
   * @default {loss.length / epochLoss.length}
   */
  batchesPerEpoch?: number;
  /** At most this many points of the per-iteration loss are drawn (means of runs). @default {2000} */
  maxPoints?: number;
}

/**
 * Two panels: the loss per iteration (thin line; with thousands of iterations, means of
 * consecutive runs) with the mean loss of each epoch as markers, and the accuracy per epoch.
 *
 * @param history The loss per iteration and the per-epoch values; {@linkcode train}'s history.
 * @param options Title, scale and size; see {@linkcode TrainingCurvesOptions}.
 * @returns A figure with up to four scatter traces (loss, epoch loss, train and validation accuracy).
 * @throws {RangeError} When an option is unknown or out of range.
 * @throws {TypeError} When a history entry is not a list of numbers, or an option has the wrong
 * type.
 *
 * @example
 * ```ts
 * import { trainingCurves } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = trainingCurves({
 *   loss: [2.3, 1.9, 1.2, 0.9, 0.7, 0.6],
 *   epochLoss: [1.8, 0.73],
 *   trainAccuracy: [0.8, 0.9],
 *   valAccuracy: [0.78, 0.86],
 * });
 * assert.deepEqual(fig.data.map((t) => t.name), [
 *   "loss per iteration",
 *   "mean loss of the epoch",
 *   "train accuracy",
 *   "validation accuracy",
 * ]);
 * assert.deepEqual(fig.data[1].x, [3, 6]); // epoch 1 ends at iteration 3
 * ```
 */
export function trainingCurves(
  history: TrainingCurvesData,
  options?: TrainingCurvesOptions,
): Figure {
  options = plotOptions(options, TRAINING_CURVES_OPTIONS, "trainingCurves");
  assertObject(history, "trainingCurves history");
  const { loss, epochLoss = [], trainAccuracy = [], valAccuracy = [] } = history;
  assertNumbers(loss, "trainingCurves: history.loss");
  assertNumbers(epochLoss, "trainingCurves: history.epochLoss");
  assertNumbers(trainAccuracy, "trainingCurves: history.trainAccuracy");
  assertNumbers(valAccuracy, "trainingCurves: history.valAccuracy");
  const { maxPoints = 2000 } = options;
  const perEpoch = options.batchesPerEpoch ??
    (epochLoss.length > 0 ? loss.length / epochLoss.length : 1);
  const [lx, ly] = binned(loss, maxPoints);
  const traces: Trace[] = [{
    type: "scatter",
    mode: "lines",
    name: "loss per iteration",
    x: lx,
    y: ly,
    line: { color: "#8fa9cf", width: 1 },
    xaxis: "x",
    yaxis: "y",
  }];
  if (epochLoss.length > 0) {
    traces.push({
      type: "scatter",
      mode: "lines+markers",
      name: "mean loss of the epoch",
      x: range(epochLoss.length).map((e) => Math.round((e + 1) * perEpoch)),
      y: compact(epochLoss),
      line: { color: classColor(0), width: 2 },
      marker: { size: 6 },
      xaxis: "x",
      yaxis: "y",
    });
  }
  const accuracies: [string, ArrayLike<number>, number][] = [
    ["train accuracy", trainAccuracy, 1],
    ["validation accuracy", valAccuracy, 2],
  ];
  for (const [name, values, color] of accuracies) {
    if (values.length === 0) continue;
    traces.push({
      type: "scatter",
      mode: "lines+markers",
      name,
      x: range(values.length).map((e) => e + 1),
      y: compact(values),
      line: { color: classColor(color), width: 2 },
      marker: { size: 6 },
      xaxis: "x2",
      yaxis: "y2",
    });
  }
  const layout = baseLayout(options, 380);
  layout.xaxis = axis("iteration", { domain: [0, 0.5], anchor: "y" });
  layout.yaxis = axis("loss J", options.logLoss ? { type: "log", anchor: "x" } : { anchor: "x" });
  layout.xaxis2 = axis("epoch", { domain: [0.62, 1], anchor: "y2", rangemode: "tozero" });
  layout.yaxis2 = axis("accuracy", { anchor: "x2", tickformat: ".0%" });
  layout.margin = { l: 60, r: 20, t: topMargin(options.title), b: 100 };
  legendBelow(layout);
  return new Figure(traces, layout);
}

/** The loss against its iteration (from 1), as means of runs when there are too many points. */
function binned(values: ArrayLike<number>, maxPoints: number): [number[], (number | null)[]] {
  const n = values.length;
  const size = Math.max(1, Math.ceil(n / Math.max(1, maxPoints)));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i];
    xs.push(end);
    ys.push(sum / (end - start));
  }
  return [xs, compact(ys)];
}
