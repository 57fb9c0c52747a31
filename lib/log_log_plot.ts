/**
 * Log-log plots: the error of a finite difference against its step size, with reference slopes.
 *
 * @module
 */

import type { Figure } from "./figure.ts";
import { linePlot, type LinePlotOptions, type Lines, type LineSeries } from "./line_plot.ts";

/** Options of {@linkcode logLogPlot}. */
export interface LogLogPlotOptions extends Omit<LinePlotOptions, "x" | "logX" | "logY"> {
  /**
   * Reference lines c · x^p for each slope p, drawn dashed a factor 4 under the first series where
   * it follows that slope, over the x where they stay near the data's range of y (slope 2 for
   * the O(h²) truncation error of a central difference, −1 for round-off).
   * @default {[]}
   */
  slopes?: readonly number[];
}

/**
 * A log-log plot of one or more sequences against shared positions x, with markers, and
 * optional dashed reference lines of given slopes.
 *
 * @param x The positions (e.g. step sizes h), all positive.
 * @param lines The values at x: one sequence, named sequences or {@linkcode LineSeries}.
 * @param options Titles and reference slopes; see {@linkcode LogLogPlotOptions}.
 * @returns A figure with one trace per sequence and one per slope, both axes logarithmic.
 * @throws {RangeError} When a position is not positive.
 *
 * @example The error of a central difference falls like h² until round-off takes over
 * ```ts
 * import { logLogPlot } from "@nn-notes/core";
 * import assert from "node:assert/strict";
 *
 * const h = [1e-1, 1e-2, 1e-3, 1e-4];
 * const error = h.map((s) => Math.abs((Math.sin(1 + s) - Math.sin(1 - s)) / (2 * s) - Math.cos(1)));
 * const fig = logLogPlot(h, { "central difference": error }, { slopes: [2] });
 * assert.equal(fig.data.length, 2);
 * assert.equal(fig.data[1].name, "slope 2");
 * assert.equal((fig.layout.xaxis as { type: string }).type, "log");
 * assert.equal((fig.layout.yaxis as { type: string }).type, "log");
 * ```
 */
export function logLogPlot(
  x: ArrayLike<number>,
  lines: Lines,
  options: LogLogPlotOptions = {},
): Figure {
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] > 0)) throw new RangeError(`logLogPlot: x[${i}] is ${x[i]}, not positive`);
  }
  const { slopes = [], ...rest } = options;
  const figure = linePlot(lines, { ...rest, x, logX: true, logY: true, markers: true });
  const first = figure.data[0];
  const ys = (first?.y ?? []) as (number | null)[];
  const xs = (first?.x ?? []) as number[];
  const points = xs.flatMap((v, i) => {
    const y = ys[i];
    return typeof y === "number" && y > 0 ? [[v, y]] : [];
  });
  if (slopes.length > 0 && points.length > 0) {
    const low = Math.min(...points.map(([, y]) => y)) / 3;
    const high = Math.max(...points.map(([, y]) => y)) * 3;
    slopes.forEach((p) => {
      // c · x^p with the largest c that keeps the line under every point touches the data where
      // they follow slope p (error ≈ a h² + b / h lies above both of its terms); a quarter of
      // that keeps it visible beside them.
      const c = Math.min(...points.map(([v, y]) => y / v ** p)) / 4;
      // Only the part that stays near the data, so it cannot stretch the y axis.
      const xr: number[] = [];
      const yr: number[] = [];
      for (const v of xs) {
        const y = c * v ** p;
        if (y >= low && y <= high) {
          xr.push(v);
          yr.push(y);
        }
      }
      const line: LineSeries = { name: `slope ${p}`, x: xr, y: yr, dash: "dash" };
      const trace = linePlot([line]).data[0];
      trace.line = { color: "#999999", width: 1.5, dash: "dash" };
      figure.data.push(trace);
    });
    figure.layout.showlegend = true;
    (figure.layout.margin as { b: number }).b = 90;
  }
  return figure;
}
