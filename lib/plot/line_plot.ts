/**
 * Line charts: a loss per iteration, accuracies per epoch, any sequence against its index.
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
  logAxis,
  range,
} from "./_plot_common.ts";

/** One named line: y values against x (their index when x is omitted). */
export interface LineSeries {
  /** The values. */
  y: ArrayLike<number>;
  /** The positions; the same length as `y`. @default {undefined} (0, 1, …, length − 1) */
  x?: ArrayLike<number>;
  /** The name shown in the legend. @default {"series i"} */
  name?: string;
  /** Dash style: "solid", "dash", "dot". @default {"solid"} */
  dash?: string;
}

/**
 * What {@linkcode linePlot} accepts: one sequence, named sequences (`{ train: [...], validation:
 * [...] }`), or a list of {@linkcode LineSeries}.
 */
export type Lines =
  | ArrayLike<number>
  | Readonly<Record<string, ArrayLike<number>>>
  | readonly LineSeries[];

/** Options of {@linkcode linePlot}. */
export interface LinePlotOptions extends PlotOptions {
  /** Shared x positions for every series without its own. @default {undefined} (the index) */
  x?: ArrayLike<number>;
  /** The x-axis title. @default {""} */
  xTitle?: string;
  /** The y-axis title. @default {""} */
  yTitle?: string;
  /** A logarithmic x axis. @default {false} */
  logX?: boolean;
  /** A logarithmic y axis. @default {false} */
  logY?: boolean;
  /** Draw a marker at each point as well as the line. @default {false} */
  markers?: boolean;
}

/**
 * A line chart of one or more sequences, e.g. the loss per iteration or the train and validation
 * accuracy per epoch.
 *
 * @param lines One sequence, named sequences, or a list of {@linkcode LineSeries}.
 * @param options Axes, titles and scales; see {@linkcode LinePlotOptions}.
 * @returns A figure with one scatter trace (mode "lines") per sequence.
 * @throws {RangeError} When a sequence and its x positions differ in length.
 *
 * @example Accuracy per epoch, two named lines
 * ```ts
 * import { linePlot } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = linePlot(
 *   { train: [0.5, 0.8, 0.9], validation: [0.45, 0.7, 0.8] },
 *   { x: [1, 2, 3], xTitle: "epoch", yTitle: "accuracy", title: "Accuracy" },
 * );
 * assert.deepEqual(fig.data.map((t) => t.name), ["train", "validation"]);
 * assert.deepEqual(fig.data[0].x, [1, 2, 3]);
 * assert.equal(fig.data[0].mode, "lines");
 * assert.equal(fig.toString(), 'Figure "Accuracy": 2 scatter traces, 6 points');
 * ```
 */
export function linePlot(lines: Lines, options: LinePlotOptions = {}): Figure {
  const series = normalize(lines);
  const mode = options.markers ? "lines+markers" : "lines";
  const data: Trace[] = series.map((s, i) => {
    const x = s.x ?? options.x;
    if (x !== undefined && x.length !== s.y.length) {
      throw new RangeError(
        `linePlot: series "${s.name ?? i}" has ${s.y.length} values but ${x.length} x positions`,
      );
    }
    return {
      type: "scatter",
      mode,
      name: s.name ?? `series ${i}`,
      x: x === undefined ? range(s.y.length) : compact(x),
      y: compact(s.y),
      line: { color: classColor(i), width: 2, dash: s.dash ?? "solid" },
      marker: { size: 6 },
    };
  });
  const layout = baseLayout(options);
  const logRange = (key: "x" | "y") => {
    const [lo, hi] = positiveRange(data.map((t) => t[key] as (number | null)[]));
    return logAxis(lo, hi);
  };
  layout.xaxis = axis(options.xTitle, options.logX ? logRange("x") : {});
  layout.yaxis = axis(options.yTitle, options.logY ? logRange("y") : {});
  layout.showlegend = series.length > 1;
  if (series.length > 1) legendBelow(layout);
  return new Figure(data, layout);
}

/** The smallest and largest positive value over several sequences (what a log axis shows). */
function positiveRange(sequences: (number | null)[][]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of sequences) {
    for (const v of values) {
      if (v !== null && v > 0) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return [lo, hi];
}

function normalize(lines: Lines): LineSeries[] {
  if (isNumberSequence(lines)) return [{ y: lines, name: "y" }];
  if (Array.isArray(lines)) {
    return (lines as readonly LineSeries[]).map((s, i) => {
      if (typeof s !== "object" || s === null || !isNumberSequence(s.y)) {
        throw new TypeError(`linePlot: series ${i} must be an object with a numeric "y"`);
      }
      return s;
    });
  }
  return Object.entries(lines as Record<string, ArrayLike<number>>).map(([name, y]) => {
    if (!isNumberSequence(y)) {
      throw new TypeError(`linePlot: "${name}" is not a sequence of numbers`);
    }
    return { name, y };
  });
}

function isNumberSequence(v: unknown): v is ArrayLike<number> {
  if (ArrayBuffer.isView(v)) return true;
  return Array.isArray(v) && (v.length === 0 || typeof v[0] === "number");
}
