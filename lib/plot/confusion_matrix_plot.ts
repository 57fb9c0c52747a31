/**
 * The confusion matrix of a classifier as an annotated heatmap.
 *
 * @module
 */

import { Figure, type PlotOptions } from "./figure.ts";
import {
  axis,
  baseLayout,
  classCount,
  PLOT_OPTIONS,
  plotOptions,
  range,
  SEQUENTIAL,
} from "./_plot_common.ts";
import { assertCount } from "../core/_shape.ts";

/** Options of {@linkcode confusionMatrixPlot}. */
export interface ConfusionMatrixOptions extends PlotOptions {
  /** The number of classes k. @default {undefined} (1 + the largest label seen) */
  classes?: number;
  /** A name per class for the axes. @default {["0", "1", …]} */
  classNames?: readonly string[];
}

/**
 * A k × k heatmap whose entry (i, j) counts the examples of true class i predicted as class j,
 * each count written in its cell; the title states the accuracy (the diagonal's share).
 *
 * @param trueLabels The true class of each of m examples.
 * @param predicted The predicted class of each example, the same length.
 * @param options The number of classes and their names; see {@linkcode ConfusionMatrixOptions}.
 * @returns A figure with one heatmap trace of counts (row = true class, column = predicted).
 * @throws {RangeError} When the label lists differ in length or hold a label ≥ `classes`, a label
 * is not a non-negative integer, classes is not a positive integer (2.5 made an "Invalid array
 * length"), there are fewer classNames than classes, or an option is unknown.
 * @throws {TypeError} When an argument or option has the wrong type.
 *
 * @example Three of four right
 * ```ts
 * import { confusionMatrixPlot } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = confusionMatrixPlot([0, 1, 1, 2], [0, 1, 2, 2]);
 * assert.deepEqual(fig.data[0].z, [[1, 0, 0], [0, 1, 1], [0, 0, 1]]);
 * assert.equal(fig.title, "Confusion matrix (accuracy 75.0 %, 4 examples)");
 * ```
 */
export function confusionMatrixPlot(
  trueLabels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  options?: ConfusionMatrixOptions,
): Figure {
  options = plotOptions(options, {
    ...PLOT_OPTIONS,
    classes: "any",
    classNames: "strings",
  }, "confusionMatrixPlot");
  const seen = Math.max(
    classCount(trueLabels, "confusionMatrixPlot: true labels"),
    classCount(predicted, "confusionMatrixPlot: predictions"),
  );
  const m = trueLabels.length;
  if (predicted.length !== m) {
    throw new RangeError(
      `confusionMatrixPlot: ${m} true labels but ${predicted.length} predictions`,
    );
  }
  if (options.classes !== undefined) {
    assertCount(options.classes, "confusionMatrixPlot: classes", 1, 10_000); // k² cells
  }
  const k = options.classes ?? seen;
  if (seen > k) {
    throw new RangeError(`confusionMatrixPlot: a label is ${seen - 1}, but there are ${k} classes`);
  }
  if (options.classNames !== undefined && options.classNames.length < k) {
    throw new RangeError(
      `confusionMatrixPlot: ${options.classNames.length} classNames for ${k} classes`,
    );
  }
  const counts: number[][] = Array.from({ length: k }, () => new Array(k).fill(0));
  let right = 0;
  for (let e = 0; e < m; e++) {
    counts[trueLabels[e]][predicted[e]] += 1;
    if (trueLabels[e] === predicted[e]) right += 1;
  }
  const names = options.classNames ?? range(k).map(String);
  const accuracy = m === 0 ? 0 : (100 * right) / m;
  const title = options.title ??
    `Confusion matrix (accuracy ${accuracy.toFixed(1)} %, ${m} examples)`;
  const layout = baseLayout({ ...options, title }, 480);
  layout.xaxis = axis("predicted class", { type: "category", showgrid: false, side: "bottom" });
  layout.yaxis = axis("true class", {
    type: "category",
    autorange: "reversed",
    showgrid: false,
    scaleanchor: "x",
  });
  const trace = {
    type: "heatmap",
    z: counts,
    x: names.slice(0, k),
    y: names.slice(0, k),
    colorscale: SEQUENTIAL,
    texttemplate: "%{z}",
    hovertemplate: "true %{y}, predicted %{x}: %{z}<extra></extra>",
    colorbar: { title: { text: "examples" } },
  };
  return new Figure([trace], layout);
}
