// Private: one marker trace per class for points given as the columns of a 2 × m matrix, shared
// by scatterPlot() and decisionBoundary().

import type { Trace } from "./figure.ts";
import { Matrix } from "../core/matrix.ts";
import { classColor, classCount, compact, PLOT_OPTIONS } from "./_plot_common.ts";
import { assertFiniteEntries, describeValue } from "../core/_shape.ts";

/** The options of scatterPlot() that shape its points. */
export interface PointStyle {
  labels?: ArrayLike<number>;
  classNames?: readonly string[];
  markerSize?: number;
}

/** The options that scatterPlot and decisionBoundary share, and what each must be. */
export const POINT_OPTIONS = {
  ...PLOT_OPTIONS,
  labels: "numbers",
  classNames: "strings",
  xTitle: "string",
  yTitle: "string",
} as const;

/** One marker trace per class for the columns of X. */
export function pointTraces(X: Matrix, options: PointStyle, context: string): Trace[] {
  if (!(X instanceof Matrix)) {
    throw new TypeError(`${context} expects a 2 × m Matrix, got ${describeValue(X)}`);
  }
  if (X.rows !== 2) {
    throw new RangeError(`${context} needs points in the plane, a 2 × m matrix, got ${X.shape}`);
  }
  assertFiniteEntries(X, `${context}: the points X (${X.shape})`); // a NaN point would vanish
  const m = X.cols;
  const { labels, markerSize = 6 } = options;
  if (labels !== undefined && labels.length !== m) {
    throw new RangeError(`${context}: ${labels.length} labels for ${m} points`);
  }
  const k = labels === undefined ? 1 : Math.max(1, classCount(labels, `${context} labels`));
  const names = options.classNames;
  if (names !== undefined && labels !== undefined && names.length < k) {
    throw new RangeError(`${context}: ${names.length} classNames for ${k} classes`);
  }
  const xs: number[][] = Array.from({ length: k }, () => []);
  const ys: number[][] = Array.from({ length: k }, () => []);
  for (let j = 0; j < m; j++) {
    const c = labels === undefined ? 0 : labels[j];
    xs[c].push(X.data[j]);
    ys[c].push(X.data[m + j]);
  }
  const traces: Trace[] = [];
  for (let c = 0; c < k; c++) {
    if (xs[c].length === 0) continue;
    traces.push({
      type: "scatter",
      mode: "markers",
      name: options.classNames?.[c] ?? (labels === undefined ? "points" : `class ${c}`),
      x: compact(xs[c]),
      y: compact(ys[c]),
      marker: {
        size: markerSize,
        color: classColor(c),
        line: { color: "white", width: 0.6 },
      },
    });
  }
  return traces;
}
