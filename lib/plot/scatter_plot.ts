/**
 * Scatter plots of points in the plane, colored by class: the spiral data set, for one.
 *
 * @module
 */

import { Figure, type PlotOptions } from "./figure.ts";
import type { Matrix } from "../core/matrix.ts";
import { axis, baseLayout, plotOptions } from "./_plot_common.ts";
import { POINT_OPTIONS, pointTraces } from "./_point_traces.ts";

/** Options of {@linkcode scatterPlot}. */
export interface ScatterPlotOptions extends PlotOptions {
  /** The class of each point (integers 0 … k − 1), one per column. @default {undefined} (one color) */
  labels?: ArrayLike<number>;
  /** A name per class for the legend. @default {["class 0", "class 1", …]} */
  classNames?: readonly string[];
  /** The x-axis title. @default {"x₁"} */
  xTitle?: string;
  /** The y-axis title. @default {"x₂"} */
  yTitle?: string;
  /** Marker diameter in pixels. @default {6} */
  markerSize?: number;
}

/**
 * A scatter plot of m points in the plane, given as the columns of a 2 × m matrix (the library's
 * convention: one example per column), one trace per class. Axes keep equal scales.
 *
 * @param X The points, 2 × m.
 * @param options Labels, names, titles; see {@linkcode ScatterPlotOptions}.
 * @returns A figure with one scatter trace (mode "markers") per class.
 * @throws {RangeError} When X does not have 2 rows or has a non-finite entry (the point would
 * vanish), labels do not match its columns, or an option is unknown.
 * @throws {TypeError} When an argument or option has the wrong type.
 *
 * @example Four points of two classes
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { scatterPlot } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const X = Matrix.from([[0, 1, 0, 1], [0, 0, 1, 1]]); // 2 × 4: columns are points
 * const fig = scatterPlot(X, { labels: [0, 1, 1, 0] });
 * assert.equal(fig.data.length, 2);
 * assert.deepEqual(fig.data[1].x, [1, 0]); // the class-1 points
 * assert.deepEqual(fig.data[1].y, [0, 1]);
 * assert.equal(fig.data[0].name, "class 0");
 * assert.throws(() => scatterPlot(Matrix.zeros(3, 4)), RangeError);
 * ```
 */
export function scatterPlot(X: Matrix, options?: ScatterPlotOptions): Figure {
  options = plotOptions(options, { ...POINT_OPTIONS, markerSize: "size" }, "scatterPlot");
  const layout = baseLayout(options, 480);
  layout.xaxis = axis(options.xTitle ?? "x₁", { zeroline: false, constrain: "domain" });
  layout.yaxis = axis(options.yTitle ?? "x₂", {
    zeroline: false,
    scaleanchor: "x",
    constrain: "domain",
  });
  return new Figure(pointTraces(X, options, "scatterPlot"), layout);
}
