/**
 * A numerical and an analytic Jacobian side by side, with their difference: the picture of a
 * gradient check.
 *
 * @module
 */

import { Figure, type PlotOptions, type Trace } from "./figure.ts";
import { Matrix } from "../core/matrix.ts";
import { assertSameShape, describeValue } from "../core/_shape.ts";
import {
  axis,
  baseLayout,
  finiteRange,
  PLOT_OPTIONS,
  plotOptions,
  topMargin,
} from "./_plot_common.ts";
import { heatmapTrace } from "./_heatmap_trace.ts";

/** Options of {@linkcode jacobianComparison}. */
export interface JacobianComparisonOptions extends PlotOptions {
  /** The name of the first matrix. @default {"numerical"} */
  numericalName?: string;
  /** The name of the second matrix. @default {"analytic"} */
  analyticName?: string;
  /**
   * The x axis's title: what a column is (e.g. "example j" for the gradient of a k × m batch).
   * @default {"input j"}
   */
  xTitle?: string;
  /**
   * The y axis's title: what a row is (e.g. "class i" for the gradient of a k × m batch).
   * @default {"output i"}
   */
  yTitle?: string;
  /**
   * Write each entry's value (two significant digits) in its cell, so that the numbers can be
   * read in a static page too.
   * @default {true when the matrices have at most 64 entries}
   */
  showValues?: boolean;
}

/**
 * Three heatmaps in a row: the numerical Jacobian, the analytic one (on the same color scale),
 * and their difference analytic − numerical (on its own scale, symmetric about zero). Row i,
 * column j is ∂f_i/∂x_j, as {@linkcode numericalJacobian} returns it.
 *
 * @param numerical The finite-difference Jacobian, k × d.
 * @param analytic The Jacobian from the formula under test, k × d.
 * @param options Titles, names and axis titles; see {@linkcode JacobianComparisonOptions}.
 * @returns A figure with three heatmap traces; the third subplot's heading states the largest
 * absolute difference on a line of its own. Headings longer than a panel is wide wrap at spaces.
 * @throws {RangeError} When the shapes differ, or an option is unknown.
 * @throws {TypeError} When an argument or option has the wrong type.
 *
 * @example The softmax Jacobian of E9 against finite differences
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { numericalJacobian } from "../check/mod.ts";
 * import { jacobianComparison } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const softmax = (z: Float64Array) => {
 *   const e = z.map((v) => Math.exp(v));
 *   const s = e.reduce((a, b) => a + b, 0);
 *   return e.map((v) => v / s);
 * };
 * const x = new Float64Array([1, 2, 0.5]);
 * const y = softmax(x);
 * const analytic = Matrix.identity(3).map((d, i, j) => y[i] * d - y[i] * y[j]); // diag(y) − yyᵀ
 * const fig = jacobianComparison(numericalJacobian(softmax, x), analytic);
 * assert.deepEqual(fig.data.map((t) => t.type), ["heatmap", "heatmap", "heatmap"]);
 * assert.match(fig.toString(), /3 heatmap traces, 27 points/);
 * assert.equal(fig.data[0].texttemplate, "%{z:.2g}"); // a 3 × 3 matrix shows its numbers
 * assert.throws(() => jacobianComparison(Matrix.zeros(2, 3), Matrix.zeros(3, 2)), RangeError);
 * ```
 *
 * @example A gradient with respect to a k × m batch: label rows and columns accordingly
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { jacobianComparison } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const dX = Matrix.from([[0.1, -0.2], [0.3, 0.05], [-0.4, 0.15]]); // k = 3 classes, m = 2
 * const fig = jacobianComparison(dX, dX.map((v) => 2 * v), {
 *   xTitle: "example j",
 *   yTitle: "class i",
 * });
 * assert.equal((fig.layout.xaxis2 as { title: { text: string } }).title.text, "example j");
 * assert.equal((fig.layout.yaxis as { title: { text: string } }).title.text, "class i");
 * ```
 */
export function jacobianComparison(
  numerical: Matrix,
  analytic: Matrix,
  options?: JacobianComparisonOptions,
): Figure {
  if (!(numerical instanceof Matrix) || !(analytic instanceof Matrix)) {
    throw new TypeError(
      `jacobianComparison expects two matrices, got ${describeValue(numerical)} and ` +
        describeValue(analytic),
    );
  }
  options = plotOptions(options, {
    ...PLOT_OPTIONS,
    numericalName: "string",
    analyticName: "string",
    xTitle: "string",
    yTitle: "string",
    showValues: "boolean",
  }, "jacobianComparison");
  assertSameShape(numerical, analytic, "jacobianComparison");
  const { numericalName = "numerical", analyticName = "analytic" } = options;
  const difference = analytic.map((v, i, j) => v - numerical.get(i, j));
  const [lo1, hi1] = finiteRange(numerical.data);
  const [lo2, hi2] = finiteRange(analytic.data);
  const lo = Math.min(lo1, lo2);
  const hi = Math.max(hi1, hi2);
  const [dlo, dhi] = finiteRange(difference.data);
  const maxDiff = Math.max(Math.abs(dlo), Math.abs(dhi));

  const domains: [number, number][] = [[0, 0.27], [0.31, 0.58], [0.69, 0.96]];
  const shared = lo < 0 && hi > 0;
  const bound = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const showValues = options.showValues ?? numerical.size <= 64;
  const traces: Trace[] = [numerical, analytic, difference].map((m, p) => {
    const trace = heatmapTrace(m, { diverging: p === 2 ? true : shared, showValues });
    if (showValues) {
      // Three panels share the width: shorter numbers, a smaller font than heatmap()'s, and
      // smaller still for the differences, which print as long exponents (−1.1e-12).
      const size = numerical.cols <= 4 ? 10 : 9;
      Object.assign(trace, {
        texttemplate: "%{z:.2g}",
        textfont: { size: p === 2 ? size - 2 : size },
      });
    }
    if (p < 2) {
      Object.assign(trace, shared ? { zmin: -bound, zmax: bound } : { zmin: lo, zmax: hi });
    }
    trace.xaxis = p === 0 ? "x" : `x${p + 1}`;
    trace.yaxis = p === 0 ? "y" : `y${p + 1}`;
    trace.colorbar = {
      ...(trace.colorbar as object),
      x: domains[p][1] + 0.01,
      xanchor: "left",
      len: 0.9,
      thickness: 12,
    };
    trace.showscale = p !== 0; // the first two share one scale
    return trace;
  });

  const layout = baseLayout(options, 360);
  const { xTitle = "input j", yTitle = "output i" } = options;
  // Each heading on as many lines as it needs, so that neighbours never run into each other;
  // the difference panel states its largest entry on a line of its own.
  const headings = [
    wrap(numericalName),
    wrap(analyticName),
    [...differenceHeading(analyticName, numericalName), `max |·| ${maxDiff.toExponential(1)}`],
  ];
  const lines = Math.max(...headings.map((h) => h.length));
  layout.annotations = headings.map((text, p) => ({
    text: text.join("<br>"),
    showarrow: false,
    xref: "paper",
    yref: "paper",
    x: (domains[p][0] + domains[p][1]) / 2,
    y: 1.0,
    yanchor: "bottom",
    yshift: 2,
    font: { size: 13 },
  }));
  const ticks = (count: number) => (count <= 12 ? { dtick: 1 } : {});
  for (let p = 0; p < 3; p++) {
    const suffix = p === 0 ? "" : String(p + 1);
    layout[`xaxis${suffix}`] = axis(p === 1 ? xTitle : undefined, {
      domain: domains[p],
      anchor: `y${suffix}`,
      ...ticks(numerical.cols),
      showgrid: false,
      zeroline: false,
    });
    layout[`yaxis${suffix}`] = axis(p === 0 ? yTitle : undefined, {
      autorange: "reversed",
      anchor: `x${suffix}`,
      ...ticks(numerical.rows),
      showgrid: false,
      zeroline: false,
    });
  }
  layout.margin = { l: 60, r: 40, t: topMargin(options.title, 8 + 17 * lines), b: 50 };
  if (options.height === undefined) layout.height = 360 + 17 * (lines - 1);
  return new Figure(traces, layout);
}

/**
 * A panel heading broken at spaces into lines of at most 24 characters (a third of a figure in a
 * narrow notebook column holds about that many at 13 px); a longer word keeps its own line.
 */
function wrap(text: string, width = 24): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}

/** The difference panel's heading "a − b", broken before the minus sign when it is long. */
function differenceHeading(analyticName: string, numericalName: string): string[] {
  const oneLine = `${analyticName} − ${numericalName}`;
  return oneLine.length <= 24 ? [oneLine] : [...wrap(analyticName), ...wrap(`− ${numericalName}`)];
}
