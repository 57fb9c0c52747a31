// Private helpers shared by the plotting functions: colors, compact numbers, the base layout.

import type { Layout, PlotOptions } from "./figure.ts";
import type { Matrix } from "../core/matrix.ts";
import {
  assertArrayLike,
  assertCount,
  assertFlag,
  assertFunction,
  assertNumber,
  assertNumbers,
  checkOptions,
  describeValue,
} from "../core/_shape.ts";

/** Ten class colors, distinguishable from one another and in gray print. */
export const CLASS_COLORS: readonly string[] = [
  "#3b6fb6",
  "#e07b28",
  "#3a9a4a",
  "#c8373a",
  "#8a62b8",
  "#8c5a45",
  "#d46fb0",
  "#6f6f6f",
  "#a8a632",
  "#2aa7b8",
];

/** The color of class c (cycling after ten). */
export function classColor(c: number): string {
  return CLASS_COLORS[((c % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length];
}

/** A diverging scale, blue for negative, white at zero, red for positive. */
export const DIVERGING: readonly [number, string][] = [
  [0, "#2c5d9e"],
  [0.25, "#8fb3dc"],
  [0.5, "#f7f7f7"],
  [0.75, "#e69a8a"],
  [1, "#b2302a"],
];

/** A sequential scale from white to dark blue, for non-negative values such as counts. */
export const SEQUENTIAL: readonly [number, string][] = [
  [0, "#f7fbff"],
  [0.5, "#7fa9d3"],
  [1, "#0b3c7d"],
];

/**
 * Plain numbers for JSON, rounded to `digits` significant digits (plenty for a plot, and it
 * halves the size of a notebook); NaN and ±∞ become null, which plotly shows as a gap.
 */
export function compact(values: ArrayLike<number>, digits = 6): (number | null)[] {
  const out: (number | null)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isFinite(v) ? Number(v.toPrecision(digits)) : null;
  }
  return out;
}

/** The rows of a matrix as compact nested arrays (row 0 first). */
export function compactRows(m: Matrix, digits = 6): (number | null)[][] {
  const rows: (number | null)[][] = [];
  for (let i = 0; i < m.rows; i++) {
    rows.push(compact(m.data.subarray(i * m.cols, (i + 1) * m.cols), digits));
  }
  return rows;
}

/** 0, 1, …, n − 1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The options every plotting function accepts. */
export interface CommonOptions {
  title?: string;
  width?: number;
  height?: number;
}

/**
 * Pixels kept free at the top of every figure for plotly's modebar (its row of icons, shown at
 * the top right on hover and always on touch screens), so that no title runs under it.
 */
export const MODEBAR_STRIP = 28;

/** Pixels the figure's title takes below the modebar strip. */
const TITLE_BAND = 36;

/** The top margin of a figure: the modebar strip, the title's band when there is one, and `extra`. */
export function topMargin(title: string | undefined, extra = 0): number {
  return MODEBAR_STRIP + (title ? TITLE_BAND : 0) + extra;
}

/**
 * The layout every figure starts from: title, size, margins, a plain white template. The title
 * sits centred under the modebar strip, so the modebar never covers it, however long it is.
 */
export function baseLayout(options: CommonOptions, defaultHeight = 420): Layout {
  const layout: Layout = {
    height: options.height ?? defaultHeight,
    margin: { l: 60, r: 30, t: topMargin(options.title), b: 50 },
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    font: { family: "sans-serif", size: 13 },
  };
  if (options.width !== undefined) layout.width = options.width;
  if (options.title) {
    layout.title = {
      text: options.title,
      x: 0.5,
      xanchor: "center",
      yref: "container",
      y: 1,
      yanchor: "top",
      pad: { t: MODEBAR_STRIP + 4 },
    };
  }
  return layout;
}

/**
 * A horizontal legend along the bottom edge of the figure, under the x axis's title (placed in
 * the figure's coordinates, so it cannot run into that title whatever the plot's height), and
 * the bottom margin that leaves room for ticks, axis title and legend.
 */
export function legendBelow(layout: Layout): void {
  layout.legend = {
    orientation: "h",
    x: 0,
    xanchor: "left",
    yref: "container",
    y: 0,
    yanchor: "bottom",
  };
  (layout.margin as { b: number }).b = 100;
}

/**
 * Log-axis settings for data spanning [lo, hi]: exponents as powers of ten and, when the data
 * span two to five decades, a label at every power of ten only (plotly would otherwise label
 * 2, 3, …, 9 inside each decade as well, which crowds the axis).
 */
export function logAxis(lo: number, hi: number): Layout {
  const decades = Math.log10(hi / lo);
  const a: Layout = { type: "log", exponentformat: "power" };
  if (decades >= 2 && decades <= 5) a.dtick = 1;
  return a;
}

/** An axis with a title and light grid lines. */
export function axis(title?: string, extra: Layout = {}): Layout {
  const a: Layout = { gridcolor: "#e6e6e6", zerolinecolor: "#bbbbbb", automargin: true, ...extra };
  if (title) a.title = { text: title };
  return a;
}

/** Smallest and largest finite value, or [0, 0] when there is none. */
export function finiteRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo > hi ? [0, 0] : [lo, hi];
}

/** Checks that labels are non-negative integers and returns the number of classes they need. */
export function classCount(labels: ArrayLike<number>, context: string): number {
  assertArrayLike(labels, context);
  let k = 0;
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0) {
      const message = `${context}: label ${i} is ${describeValue(c)}, not a non-negative integer`;
      throw typeof c === "number" ? new RangeError(message) : new TypeError(message);
    }
    if (c + 1 > k) k = c + 1;
  }
  return k;
}

/** What an option of a plotting function must be. */
export type OptionKind =
  | "string"
  | "strings"
  | "boolean"
  | "size"
  | "count"
  | "number"
  | "numbers"
  | "function"
  | "any";

/** The options every plotting function takes, and what each must be. */
export const PLOT_OPTIONS = { title: "string", width: "size", height: "size" } as const;

/** The options of trainingCurves and what each must be (liveTraining takes them too). */
export const TRAINING_CURVES_OPTIONS = {
  ...PLOT_OPTIONS,
  logLoss: "boolean",
  batchesPerEpoch: "size",
  maxPoints: "count",
} as const;

/**
 * The options of the plotting function `who`, checked: an object, no unknown key, and each
 * given value of the kind `spec` names ("size": a positive finite number, "count": a positive
 * integer, "numbers": an array of numbers, …). `spec` lists every option (the compiler insists).
 */
export function plotOptions<T extends PlotOptions>(
  options: T | undefined,
  spec: { readonly [K in keyof Required<T>]: OptionKind },
  who: string,
): T {
  const checked = checkOptions(options, spec, who);
  for (const [key, kind] of Object.entries(spec) as [string, OptionKind][]) {
    const v = (checked as Record<string, unknown>)[key];
    if (v !== undefined) checkKind(v, kind, `${who}: ${key}`);
  }
  return checked;
}

function checkKind(v: unknown, kind: OptionKind, what: string): void {
  switch (kind) {
    case "string":
      if (typeof v !== "string") {
        throw new TypeError(`${what} must be a string, got ${describeValue(v)}`);
      }
      return;
    case "strings":
      assertArrayLike(v, what);
      for (let i = 0; i < v.length; i++) checkKind(v[i], "string", `${what}[${i}]`);
      return;
    case "boolean":
      return assertFlag(v, what);
    case "size":
      return assertNumber(v, what, "a positive finite number", (x) => x > 0 && x < Infinity);
    case "count":
      return assertCount(v, what, 1);
    case "number":
      return assertNumber(v, what, "a finite number");
    case "numbers":
      return assertNumbers(v, what);
    case "function":
      return assertFunction(v, what);
    case "any":
      return;
  }
}
