/**
 * Log-log plots: the error of a finite difference against its step size, with reference slopes.
 *
 * @module
 */

import type { Figure, Trace } from "./figure.ts";
import { linePlot, type LinePlotOptions, type Lines } from "./line_plot.ts";
import { PLOT_OPTIONS, plotOptions } from "./_plot_common.ts";
import {
  assertArrayLike,
  assertNumber,
  assertNumbers,
  checkOptions,
  describeValue,
} from "../core/_shape.ts";

/**
 * A reference slope anchored to a named series: the line runs under that series where it follows
 * the slope.
 */
export interface ReferenceSlope {
  /** The power p of the reference line c · x^p. */
  slope: number;
  /**
   * The series the line is anchored to: its name, or its index among the plotted series.
   * @default {0} (the first series)
   */
  series?: string | number;
}

/** Options of {@linkcode logLogPlot}. */
export interface LogLogPlotOptions extends Omit<LinePlotOptions, "x" | "logX" | "logY"> {
  /**
   * Reference lines c · x^p, drawn dashed in the color of the series they are anchored to and
   * labelled "slope p" on the plot: over the longest stretch where that series follows slope p
   * (y / x^p within a factor 10), a factor 4 under its lowest point there (slope 2 for the O(h²)
   * truncation error of a central difference, 1 for a forward difference, −1 for round-off). A
   * plain number p anchors to the first series; `{ slope: p, series: "name" }` to the series of
   * that name (or index).
   * @default {[]}
   */
  slopes?: readonly (number | ReferenceSlope)[];
}

/**
 * A log-log plot of one or more sequences against shared positions x, with markers, and
 * optional dashed reference lines of given slopes.
 *
 * @param x The positions (e.g. step sizes h), all positive.
 * @param lines The values at x: one sequence, named sequences or {@linkcode LineSeries}.
 * @param options Titles and reference slopes; see {@linkcode LogLogPlotOptions}.
 * @returns A figure with one trace per sequence and one per slope, both axes logarithmic.
 * @throws {RangeError} When a position is not a positive finite number, a slope names no plotted
 * series, or an option is unknown.
 * @throws {TypeError} When a position, a value or a slope is not a number.
 *
 * @example The error of a central difference falls like h² until round-off takes over
 * ```ts
 * import { logLogPlot } from "./mod.ts";
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
 *
 * @example Each reference slope under the series it describes
 * ```ts
 * import { logLogPlot } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const h = [1e-1, 1e-2, 1e-3, 1e-4];
 * const f = (x: number) => Math.exp(x);
 * const forward = h.map((s) => Math.abs((f(1 + s) - f(1)) / s - f(1)));
 * const central = h.map((s) => Math.abs((f(1 + s) - f(1 - s)) / (2 * s) - f(1)));
 * const fig = logLogPlot(h, { forward, central }, {
 *   slopes: [1, { slope: 2, series: "central" }],
 * });
 * assert.deepEqual(fig.data.map((t) => t.name), ["forward", "central", "slope 1", "slope 2"]);
 * const under = (line: number, values: number[]) =>
 *   (fig.data[line].x as number[]).every((v, i) =>
 *     (fig.data[line].y as number[])[i] < values[h.indexOf(v)]
 *   );
 * assert.ok(under(2, forward) && under(3, central)); // each line under its own series
 * assert.throws(() => logLogPlot(h, { forward }, { slopes: [{ slope: 2, series: "x" }] }));
 * ```
 */
export function logLogPlot(
  x: ArrayLike<number>,
  lines: Lines,
  options?: LogLogPlotOptions,
): Figure {
  assertNumbers(x, "logLogPlot x");
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] > 0 && x[i] < Infinity)) {
      throw new RangeError(`logLogPlot: x[${i}] is ${x[i]}, not a positive finite number`);
    }
  }
  const { slopes = [], ...rest } = plotOptions(options, {
    ...PLOT_OPTIONS,
    xTitle: "string",
    yTitle: "string",
    markers: "boolean",
    slopes: "any",
  }, "logLogPlot");
  assertArrayLike(slopes, "logLogPlot: slopes");
  const figure = linePlot(lines, { ...rest, x, logX: true, logY: true, markers: true });
  const series = figure.data.slice();
  const positive = (trace: Trace) => {
    const ys = (trace.y ?? []) as (number | null)[];
    const xs = (trace.x ?? []) as number[];
    return xs.flatMap((v, i) => {
      const y = ys[i];
      return typeof y === "number" && y > 0 ? [[v, y]] : [];
    });
  };
  const all = series.flatMap(positive);
  if (slopes.length === 0 || all.length === 0) return figure;
  // Only where the line stays near the data, so it cannot stretch the y axis.
  const low = Math.min(...all.map(([, y]) => y)) / 10;
  const labels: Record<string, unknown>[] = [];
  const high = Math.max(...all.map(([, y]) => y)) * 3;
  for (const spec of Array.from(slopes)) {
    const { slope: p, series: anchor = 0 } = referenceSlope(spec);
    const index = typeof anchor === "number" ? anchor : series.findIndex((t) => t.name === anchor);
    if (!Number.isInteger(index) || index < 0 || index >= series.length) {
      const names = series.map((t) => `"${t.name}"`).join(", ");
      throw new RangeError(
        `logLogPlot: slope ${p} is anchored to series ${JSON.stringify(anchor)}, ` +
          `but the plotted series are ${names}`,
      );
    }
    const points = positive(series[index]);
    if (points.length === 0) continue;
    // The stretch where the series follows slope p: the longest run of consecutive points on
    // which y / x^p varies by at most a factor 10 (round-off scatters about that much). There,
    // c · x^p with the largest c that keeps the line under every point of the run touches the
    // data (error ≈ a h² + b / h lies above both of its terms); a quarter of that keeps it
    // visible beside them.
    const [from, to] = longestRun(points.map(([v, y]) => Math.log10(y / v ** p)), 1);
    const run = points.slice(from, to + 1);
    const c = Math.min(...run.map(([v, y]) => y / v ** p)) / 4;
    const xr = run.map(([v]) => v).filter((v) => c * v ** p >= low && c * v ** p <= high);
    if (xr.length < 2) continue; // no stretch of this slope to show
    const yr = xr.map((v) => c * v ** p);
    const name = `slope ${p < 0 ? `−${-p}` : p}`;
    const trace = linePlot([{ name, x: xr, y: yr }]).data[0];
    const color = (series[index].line as { color: string }).color;
    trace.line = { color, width: 1.5, dash: "dash" };
    trace.showlegend = false; // labelled on the plot, beside the line
    figure.data.push(trace);
    // The label under the middle of the line (annotations on log axes take log10 positions).
    const mid = Math.floor(xr.length / 2);
    const lx = xr.length % 2 === 1
      ? Math.log10(xr[mid])
      : (Math.log10(xr[mid - 1]) + Math.log10(xr[mid])) / 2;
    labels.push({
      text: name,
      x: lx,
      y: Math.log10(c) + p * lx,
      xref: "x",
      yref: "y",
      showarrow: false,
      yanchor: "top",
      yshift: -4,
      font: { color, size: 12 },
    });
  }
  figure.layout.annotations = labels;
  return figure;
}

/**
 * The longest run of consecutive values whose largest and smallest differ by at most `spread`,
 * as [first, last] indices (the first such run when several are longest).
 */
/** A reference slope of the `slopes` option, checked. */
function referenceSlope(spec: number | ReferenceSlope): ReferenceSlope {
  if (typeof spec === "number") spec = { slope: spec };
  if (spec === null || typeof spec !== "object" || typeof spec.slope !== "number") {
    throw new TypeError(
      `logLogPlot: a slope must be a number or { slope, series }, got ${describeValue(spec)}`,
    );
  }
  checkOptions(spec, { slope: true, series: true }, "logLogPlot: a slope");
  assertNumber(spec.slope, "logLogPlot: a slope", "a finite number");
  return spec;
}

function longestRun(values: readonly number[], spread: number): [number, number] {
  let best: [number, number] = [0, 0];
  for (let i = 0; i < values.length; i++) {
    let lo = values[i];
    let hi = values[i];
    let j = i;
    while (j + 1 < values.length) {
      const v = values[j + 1];
      if (Math.max(hi, v) - Math.min(lo, v) > spread) break;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      j++;
    }
    if (j - i > best[1] - best[0]) best = [i, j];
  }
  return best;
}
