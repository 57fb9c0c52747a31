/**
 * The decision regions of a classifier over the plane, with the data on top.
 *
 * @module
 */

import { Figure, type PlotOptions, type Trace } from "./figure.ts";
import { Matrix } from "../core/matrix.ts";
import {
  axis,
  baseLayout,
  classColor,
  classCount,
  compact,
  finiteRange,
  plotOptions,
} from "./_plot_common.ts";
import { assertCount, assertNumber, describeValue } from "../core/_shape.ts";
import { POINT_OPTIONS, pointTraces } from "./_point_traces.ts";

/**
 * A classifier of points in the plane: given a 2 × m matrix of points (one per column) it returns
 * either m labels, or a k × m matrix of scores (or probabilities) whose largest entry in each
 * column is the predicted class.
 */
export type PlaneClassifier = (X: Matrix) => ArrayLike<number> | Matrix;

/** Options of {@linkcode decisionBoundary}. */
export interface DecisionBoundaryOptions extends PlotOptions {
  /** The true class of each data point, one per column of X. @default {undefined} (one color) */
  labels?: ArrayLike<number>;
  /** A name per class for the legend. @default {["class 0", "class 1", …]} */
  classNames?: readonly string[];
  /** Grid points along each axis; the classifier sees resolution² points at once. @default {100} */
  resolution?: number;
  /** Space added around the data on each side, as a fraction of its extent. @default {0.1} */
  margin?: number;
  /** The x-axis title. @default {"x₁"} */
  xTitle?: string;
  /** The y-axis title. @default {"x₂"} */
  yTitle?: string;
}

/**
 * A filled contour of the class a classifier predicts at each point of a grid over the data,
 * with the data points on top, colored by their true class. The classifier is called once, with
 * all resolution² grid points as the columns of a 2 × resolution² matrix.
 *
 * @param predict The classifier: labels, or a k × m matrix of scores; see {@linkcode PlaneClassifier}.
 * @param X The data, 2 × m (one point per column).
 * @param options Labels, grid and titles; see {@linkcode DecisionBoundaryOptions}.
 * @returns A figure with one contour trace, then one scatter trace per class.
 * @throws {RangeError} When X is not 2 × m or not finite, the classifier returns the wrong number
 * of labels, or an option is unknown or out of range.
 * @throws {TypeError} When an argument or option has the wrong type.
 *
 * @example A linear rule, x₁ > x₂, as scores of two classes
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { decisionBoundary } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const X = Matrix.from([[0, 1, 2, 0], [1, 0, 1, 2]]); // 4 points, 2 × 4
 * const scores = (P: Matrix) => Matrix.from([[...P.row(1)], [...P.row(0)]]); // class 1 if x₁ > x₂
 * const fig = decisionBoundary(scores, X, { labels: [0, 1, 1, 0], resolution: 5 });
 * assert.deepEqual(fig.data.map((t) => t.type), ["contour", "scatter", "scatter"]);
 * const z = fig.data[0].z as number[][];
 * assert.equal(z.length, 5); // 5 × 5 grid, row r is the r-th value of x₂
 * assert.equal(z[0][4], 1); // bottom right: x₁ > x₂
 * assert.equal(z[4][0], 0); // top left
 * ```
 */
export function decisionBoundary(
  predict: PlaneClassifier,
  X: Matrix,
  options?: DecisionBoundaryOptions,
): Figure {
  if (typeof predict !== "function") {
    throw new TypeError(
      `decisionBoundary: predict must be a function of a 2 × m matrix, got ${
        describeValue(predict)
      }`,
    );
  }
  options = plotOptions(options, {
    ...POINT_OPTIONS,
    resolution: "any",
    margin: "any",
  }, "decisionBoundary");
  const points = pointTraces(X, options, "decisionBoundary");
  const { resolution = 100, margin = 0.1 } = options;
  assertCount(resolution, "decisionBoundary: resolution", 2, 4096); // a 4096² grid is 16M points
  assertNumber(
    margin,
    "decisionBoundary: margin",
    "a finite number ≥ 0",
    (v) => v >= 0 && v < Infinity,
  );
  const gx = gridAxis(X.row(0), margin, resolution);
  const gy = gridAxis(X.row(1), margin, resolution);
  const n = resolution * resolution;
  const grid = new Matrix(2, n);
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      grid.data[r * resolution + c] = gx[c];
      grid.data[n + r * resolution + c] = gy[r];
    }
  }
  const predicted = toLabels(predict(grid), n);
  const k = Math.max(
    classCount(predicted, "decisionBoundary: predicted"),
    options.labels ? classCount(options.labels, "decisionBoundary") : 1,
    2,
  );
  const z: number[][] = [];
  for (let r = 0; r < resolution; r++) {
    z.push(Array.from(predicted.subarray(r * resolution, (r + 1) * resolution)));
  }
  const region: Trace = {
    type: "contour",
    x: compact(gx),
    y: compact(gy),
    z,
    zmin: -0.5,
    zmax: k - 0.5,
    autocontour: false,
    contours: { start: 0.5, end: k - 1.5, size: 1, coloring: "fill", showlines: true },
    line: { color: "rgba(60,60,60,0.5)", width: 1, smoothing: 0.8 },
    colorscale: stepScale(k),
    opacity: 0.35,
    showscale: false,
    hoverinfo: "skip",
    name: "predicted class",
  };
  const layout = baseLayout(options, 480);
  layout.xaxis = axis(options.xTitle ?? "x₁", {
    zeroline: false,
    range: [gx[0], gx.at(-1)],
    constrain: "domain",
  });
  layout.yaxis = axis(options.yTitle ?? "x₂", {
    zeroline: false,
    scaleanchor: "x",
    range: [gy[0], gy.at(-1)],
    constrain: "domain",
  });
  return new Figure([region, ...points], layout);
}

function gridAxis(values: Float64Array, margin: number, steps: number): Float64Array {
  let [lo, hi] = finiteRange(values);
  const pad = (hi - lo) * margin || 1;
  lo -= pad;
  hi += pad;
  return Float64Array.from({ length: steps }, (_, i) => lo + (hi - lo) * i / (steps - 1));
}

function toLabels(out: ArrayLike<number> | Matrix, n: number): Int32Array {
  if (out instanceof Matrix) {
    if (out.cols !== n) {
      throw new RangeError(
        `decisionBoundary: predict returned a ${out.shape} score matrix for ${n} points; ` +
          `it needs one column per point`,
      );
    }
    const labels = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      let best = 0;
      for (let c = 1; c < out.rows; c++) {
        if (out.data[c * n + j] > out.data[best * n + j]) best = c;
      }
      labels[j] = best;
    }
    return labels;
  }
  if (out === null || typeof out !== "object" || out.length !== n) {
    throw new RangeError(
      `decisionBoundary: predict returned ${out?.length ?? out} labels for ${n} points`,
    );
  }
  classCount(out, "decisionBoundary: predicted");
  return Int32Array.from(out);
}

/** A colorscale that gives each integer 0 … k − 1 in [−0.5, k − 0.5] its class color. */
function stepScale(k: number): [number, string][] {
  const scale: [number, string][] = [];
  for (let c = 0; c < k; c++) {
    scale.push([c / k, classColor(c)], [(c + 1) / k, classColor(c)]);
  }
  return scale;
}
