/**
 * Heatmaps of a matrix: a Jacobian, a weight matrix, the difference of two Jacobians.
 *
 * @module
 */

import { Figure, type PlotOptions } from "./figure.ts";
import { Matrix } from "../core/matrix.ts";
import { axis, baseLayout, PLOT_OPTIONS, plotOptions } from "./_plot_common.ts";
import { describeValue } from "../core/_shape.ts";
import { heatmapTrace } from "./_heatmap_trace.ts";

/** Options of {@linkcode heatmap}. */
export interface HeatmapOptions extends PlotOptions {
  /** The x-axis (column) title. @default {"column j"} */
  xTitle?: string;
  /** The y-axis (row) title. @default {"row i"} */
  yTitle?: string;
  /**
   * Color zero white, negatives blue and positives red, symmetric about zero. When omitted it is
   * on exactly when the matrix has entries of both signs.
   * @default {undefined}
   */
  diverging?: boolean;
  /** Write each entry's value in its cell (readable up to about 12 × 12). @default {false} */
  showValues?: boolean;
  /** The title of the color bar. @default {""} */
  colorTitle?: string;
}

/**
 * A heatmap of a matrix, row 0 at the top as the matrix is written, one cell per entry.
 *
 * @param matrix The rows × cols matrix to draw.
 * @param options Titles and colors; see {@linkcode HeatmapOptions}.
 * @returns A figure with one heatmap trace.
 * @throws {RangeError} When an option is unknown or out of range.
 * @throws {TypeError} When an argument or option has the wrong type.
 *
 * @example The softmax Jacobian of E9 has both signs, so the scale diverges about zero
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { heatmap } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const J = Matrix.from([[0.2, -0.1], [-0.1, 0.2]]);
 * const fig = heatmap(J, { title: "Jacobian" });
 * assert.equal(fig.data[0].type, "heatmap");
 * assert.deepEqual(fig.data[0].z, [[0.2, -0.1], [-0.1, 0.2]]);
 * assert.equal(fig.data[0].zmid, 0);
 * assert.equal((fig.layout.yaxis as { autorange: string }).autorange, "reversed");
 * ```
 */
export function heatmap(matrix: Matrix, options?: HeatmapOptions): Figure {
  if (!(matrix instanceof Matrix)) {
    throw new TypeError(`heatmap expects a Matrix, got ${describeValue(matrix)}`);
  }
  options = plotOptions(options, {
    ...PLOT_OPTIONS,
    xTitle: "string",
    yTitle: "string",
    diverging: "boolean",
    showValues: "boolean",
    colorTitle: "string",
  }, "heatmap");
  const layout = baseLayout(options);
  const ticks = (count: number) => (count <= 12 ? { dtick: 1 } : {});
  layout.xaxis = axis(options.xTitle ?? "column j", {
    showgrid: false,
    zeroline: false,
    ...ticks(matrix.cols),
  });
  layout.yaxis = axis(options.yTitle ?? "row i", {
    ...ticks(matrix.rows),
    autorange: "reversed",
    showgrid: false,
    zeroline: false,
  });
  return new Figure([heatmapTrace(matrix, options)], layout);
}
