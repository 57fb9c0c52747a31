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
   * Reference lines c · x^p for each slope p, drawn dashed through the middle point of the first
   * series, over the x where they stay within the data's range of y (slope 2 for the O(h²) truncation error of a central difference, −1 for round-off).
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
  const mid = Math.floor(xs.length / 2);
  const y0 = ys[mid];
  if (slopes.length > 0 && typeof y0 === "number" && y0 > 0) {
    const x0 = xs[mid];
    const positive = ys.filter((v): v is number => v !== null && v > 0);
    const low = Math.min(...positive) / 3;
    const high = Math.max(...positive) * 3;
    slopes.forEach((p) => {
      // Only the part of the reference line that stays near the data, so it cannot stretch the
      // y axis over many decades.
      const xr: number[] = [];
      const yr: number[] = [];
      for (const v of xs) {
        const y = y0 * (v / x0) ** p;
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
