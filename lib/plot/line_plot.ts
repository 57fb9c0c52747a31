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
  PLOT_OPTIONS,
  plotOptions,
  range,
} from "./_plot_common.ts";
import { assertNumbers, describeValue } from "../core/_shape.ts";
import { Matrix } from "../core/matrix.ts";

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
 * @returns A figure with one scatter trace (mode "lines") per sequence. NaN and ±∞ (numbers,
 * e.g. a diverged loss) leave a gap in the line.
 * @throws {RangeError} When a sequence and its x positions differ in length, or an option is
 * unknown.
 * @throws {TypeError} When a value is not a number (linePlot([1, "2", 3]) drew a gap) or an option
 * has the wrong type.
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
 * assert.throws(() => linePlot([1, "2", 3] as number[]), /entry 1 is "2" \(a string\)/);
 * ```
 */
export function linePlot(lines: Lines, options?: LinePlotOptions): Figure {
  options = plotOptions(options, LINE_OPTIONS, "linePlot");
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

const LINE_OPTIONS = {
  ...PLOT_OPTIONS,
  x: "numbers",
  xTitle: "string",
  yTitle: "string",
  logX: "boolean",
  logY: "boolean",
  markers: "boolean",
} as const;

/**
 * The series of `lines`, each checked: every value a number (a string "2" is refused, not drawn
 * as a gap; NaN and ±∞ are numbers and leave a gap, as plotly draws them).
 */
function normalize(lines: Lines): LineSeries[] {
  if (ArrayBuffer.isView(lines) || (Array.isArray(lines) && !isSeriesList(lines))) {
    assertNumbers(lines, "linePlot: the values");
    return [{ y: lines as ArrayLike<number>, name: "y" }];
  }
  if (Array.isArray(lines)) {
    return (lines as readonly LineSeries[]).map((s, i) => {
      if (typeof s !== "object" || s === null || Array.isArray(s) || s.y === undefined) {
        throw new TypeError(
          `linePlot: series ${i} must be an object { y, x?, name?, dash? }, got ${
            describeValue(s)
          }`,
        );
      }
      assertNumbers(s.y, `linePlot: series ${i} y`);
      if (s.x !== undefined) assertNumbers(s.x, `linePlot: series ${i} x`);
      for (const key of ["name", "dash"] as const) {
        if (s[key] !== undefined && typeof s[key] !== "string") {
          throw new TypeError(
            `linePlot: series ${i} ${key} must be a string, got ${describeValue(s[key])}`,
          );
        }
      }
      return s;
    });
  }
  if (lines === null || typeof lines !== "object" || lines instanceof Matrix) {
    throw new TypeError(
      "linePlot: lines must be numbers, { name: numbers, … } or a list of series " +
        `{ y, x?, name? }, got ${describeValue(lines)}`,
    );
  }
  return Object.entries(lines as Record<string, ArrayLike<number>>).map(([name, y]) => {
    assertNumbers(y, `linePlot: "${name}"`);
    return { name, y };
  });
}

/** Whether an array is a list of series objects rather than the values of one series. */
function isSeriesList(lines: readonly unknown[]): boolean {
  return lines.length > 0 && typeof lines[0] === "object" && lines[0] !== null &&
    !Array.isArray(lines[0]);
}
