/**
 * What a gradient check found: the report every check in `gradient_check.ts` returns, and the
 * error it throws when the analytic derivative disagrees with the numerical one.
 *
 * @module
 */

import { entryRelError } from "../core/all_close.ts";
import { Matrix } from "../core/matrix.ts";
import { comparisonHtml, escapeXml } from "./_comparison_svg.ts";
import { fmt, fmtErr, htmlTable, textTable } from "./_report_format.ts";
import { diagnoseGradient, type GradientDiagnosis } from "./diagnose_gradient.ts";

/** Which check produced a report. */
export type GradientCheckKind = "gradient" | "vjp" | "sparse" | "directional" | "jacobian";

/** One compared entry: the numerical and the analytic value at one place. */
export interface GradientCheckEntry {
  /**
   * Flat row-major index into x (into the Jacobian for a Jacobian check), or the direction's
   * number for a directional check.
   */
  index: number;
  /** Where the entry is, as people read it: `"(1, 2)"` for a matrix, `"3"` for a vector. */
  location: string;
  /** The finite-difference value. */
  numerical: number;
  /** The value computed by the derivative under test. */
  analytic: number;
  /** |numerical − analytic| / max(1e-8, |numerical| + |analytic|). */
  relError: number;
}

/** Everything a {@linkcode GradientCheckReport} is built from. */
export interface GradientCheckReportInit {
  /** Which check ran. */
  kind: GradientCheckKind;
  /** The name of the checked quantity, used in messages (e.g. `"dW1"`). */
  label: string;
  /** The numerical values, in the order of `indices`. */
  numerical: Float64Array;
  /** The analytic values, in the same order. */
  analytic: Float64Array;
  /** The index (see {@linkcode GradientCheckEntry.index}) of each compared value. */
  indices: Int32Array;
  /**
   * The shape the indices refer to: x's for gradient, VJP and sparse checks, the Jacobian's
   * (k × d) for Jacobian checks, directions × 1 for directional checks.
   */
  rows: number;
  /** See `rows`. */
  cols: number;
  /** A copy of the point x at which the derivative was checked. */
  point: Float64Array;
  /** The largest acceptable relative error. */
  tolerance: number;
  /** The finite-difference step. */
  h: number;
  /** How many of the worst entries to keep in {@linkcode GradientCheckReport.entries}. */
  show: number;
}

/**
 * The outcome of a gradient check: the largest relative error, the worst entries with both
 * values, and whether it passed. `toString()` prints a small table; in Jupyter the report shows
 * itself as an HTML table.
 *
 * Relative-error thresholds (cs231n's rule of thumb, for float64): below 1e-7 the derivative is
 * right for a smooth function; around 1e-4 is acceptable only near a kink such as ReLU's at 0;
 * above 1e-2 it is almost certainly wrong.
 *
 * @example
 * ```ts
 * import { checkGradient } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * // f(x) = Σ x_i³ has gradient 3x²; a wrong gradient 2x² fails and names the worst entry.
 * const f = (x: Float64Array) => ({
 *   value: x.reduce((s, v) => s + v ** 3, 0),
 *   grad: x.map((v) => 2 * v * v),
 * });
 * const report = checkGradient(f, new Float64Array([1, 2, 3]), { throw: false });
 * assert.equal(report.passed, false);
 * assert.ok(report.maxRelError > 0.1);
 * assert.match(report.toString(), /worst/);
 * ```
 */
export class GradientCheckReport {
  /** Which check ran. */
  readonly kind: GradientCheckKind;
  /** The name of the checked quantity. */
  readonly label: string;
  /** The numerical values, in the order of {@linkcode GradientCheckReport.indices}. */
  readonly numerical: Float64Array;
  /** The analytic values, in the same order. */
  readonly analytic: Float64Array;
  /** The index of each compared value (see {@linkcode GradientCheckEntry.index}). */
  readonly indices: Int32Array;
  /** Rows of the shape the indices refer to. */
  readonly rows: number;
  /** Columns of the shape the indices refer to. */
  readonly cols: number;
  /** A copy of the point x at which the derivative was checked. */
  readonly point: Float64Array;
  /** The largest acceptable relative error. */
  readonly tolerance: number;
  /** The finite-difference step used. */
  readonly h: number;
  /** The largest relative error over the compared entries (0 when nothing was compared). */
  readonly maxRelError: number;
  /** Whether maxRelError ≤ tolerance. */
  readonly passed: boolean;
  /** The worst entries, worst first. */
  readonly entries: GradientCheckEntry[];
  #diagnosis: GradientDiagnosis | undefined;

  /**
   * Builds a report from compared values; the checks call this, users rarely need to.
   *
   * @param init The compared values and the check's settings.
   * @throws {RangeError} When the value arrays and indices have different lengths.
   *
   * @example
   * ```ts
   * import { GradientCheckReport } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const report = new GradientCheckReport({
   *   kind: "gradient", label: "x", rows: 2, cols: 1, tolerance: 1e-7, h: 1e-5, show: 5,
   *   numerical: new Float64Array([1, 2]), analytic: new Float64Array([1, 2]),
   *   indices: new Int32Array([0, 1]), point: new Float64Array([0, 0]),
   * });
   * assert.equal(report.passed, true);
   * ```
   */
  constructor(init: GradientCheckReportInit) {
    const { numerical, analytic, indices } = init;
    if (numerical.length !== analytic.length || numerical.length !== indices.length) {
      throw new RangeError(
        `GradientCheckReport: ${numerical.length} numerical values, ${analytic.length} ` +
          `analytic values and ${indices.length} indices; they must be equal`,
      );
    }
    this.kind = init.kind;
    this.label = init.label;
    this.numerical = numerical;
    this.analytic = analytic;
    this.indices = indices;
    this.rows = init.rows;
    this.cols = init.cols;
    this.point = init.point;
    this.tolerance = init.tolerance;
    this.h = init.h;
    const all: GradientCheckEntry[] = [];
    for (let t = 0; t < numerical.length; t++) {
      all.push({
        index: indices[t],
        location: this.#locate(indices[t]),
        numerical: numerical[t],
        analytic: analytic[t],
        relError: entryRelError(numerical[t], analytic[t]),
      });
    }
    all.sort((a, b) => b.relError - a.relError || a.index - b.index);
    this.entries = all.slice(0, Math.max(1, init.show));
    this.maxRelError = all.length === 0 ? 0 : all[0].relError;
    this.passed = this.maxRelError <= this.tolerance;
  }

  /** The worst entry, or undefined when nothing was compared. */
  get worst(): GradientCheckEntry | undefined {
    return this.entries[0];
  }

  /**
   * The likely mistake behind a failed check, read from the pattern of the error (see
   * {@linkcode diagnoseGradient}); computed on first use.
   */
  get diagnosis(): GradientDiagnosis {
    this.#diagnosis ??= diagnoseGradient(this);
    return this.#diagnosis;
  }

  /**
   * A one-line verdict: what was checked, the largest relative error, the tolerance, and for a
   * failure the worst entry with both values.
   *
   * @returns The summary line.
   *
   * @example
   * ```ts
   * import { checkGradient } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const f = (x: Float64Array) => ({ value: x[0] * x[0], grad: new Float64Array([2 * x[0]]) });
   * assert.match(checkGradient(f, new Float64Array([3])).summary(), /^gradient check of x passed/);
   * ```
   */
  summary(): string {
    const head = `${this.kind} check of ${this.label}`;
    const err = `max relative error ${fmtErr(this.maxRelError)}`;
    const checked = `${this.numerical.length} ${
      this.kind === "directional" ? "directions" : "entries"
    }`;
    if (this.passed) {
      return `${head} passed: ${err} ≤ tolerance ${fmtErr(this.tolerance)} over ${checked}`;
    }
    const w = this.worst!;
    return `${head} FAILED: ${err} > tolerance ${fmtErr(this.tolerance)} at ` +
      `${this.#entryWord()} ${w.location}: numerical ${fmt(w.numerical)}, ` +
      `analytic ${fmt(w.analytic)} (${checked} compared)`;
  }

  /**
   * The summary line, a table of the worst entries, and for a failure the likely cause.
   *
   * @returns Several lines of text.
   *
   * @example
   * ```ts
   * import { checkGradient } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const f = (x: Float64Array) => ({ value: x[0] * x[1], grad: new Float64Array([x[1], x[1]]) });
   * const text = checkGradient(f, new Float64Array([2, 5]), { throw: false }).toString();
   * assert.match(text, /FAILED/);
   * assert.match(text, /numerical/);
   * ```
   */
  toString(): string {
    const lines = [this.summary()];
    if (this.entries.length > 0) {
      const table = textTable(this.#header(), this.#rows());
      lines.push(`worst ${this.entries.length}:`, ...table.map((l) => `  ${l}`));
    }
    if (!this.passed) lines.push(`likely cause: ${this.diagnosis.message}`);
    return lines.join("\n");
  }

  /**
   * The report as an HTML fragment: the summary, the worst entries as a table, the diagnosis.
   *
   * @returns HTML text.
   *
   * @example
   * ```ts
   * import { checkGradient } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const f = (x: Float64Array) => ({ value: x[0] * x[0], grad: new Float64Array([2 * x[0]]) });
   * assert.match(checkGradient(f, new Float64Array([3])).toHtml(), /<table/);
   * ```
   */
  toHtml(): string {
    const color = this.passed ? "#1a7f37" : "#cf222e";
    const head = `<p style="color:${color};font-family:monospace">${escapeXml(this.summary())}</p>`;
    const table = htmlTable(this.#header(), this.#rows());
    const cause = this.passed
      ? ""
      : `<p><b>likely cause:</b> ${escapeXml(this.diagnosis.message)}</p>`;
    return `<div>${head}${table}${cause}</div>`;
  }

  /**
   * The Jupyter MIME bundle (Deno's kernel calls this): plain text, and HTML with the table of
   * worst entries; for a dense check of up to 4,096 entries the HTML also shows the numerical
   * and analytic values as heatmaps side by side, with their difference (small ones with their
   * numbers). For a plotly figure of the same, pass {@linkcode GradientCheckReport.asMatrices}
   * to `jacobianComparison` from `plot/`.
   *
   * @returns `{ "text/plain": …, "text/html": … }`.
   */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    let html = this.toHtml();
    const dense = this.kind !== "sparse" && this.kind !== "directional";
    if (dense && this.numerical.length > 0 && this.numerical.length <= 4096) {
      const { numerical, analytic } = this.asMatrices();
      const what = this.kind === "jacobian" ? "Jacobian" : "gradient";
      html += comparisonHtml(numerical, analytic, `${what} of ${this.label}`);
    }
    return { "text/plain": this.toString(), "text/html": html };
  }

  /** Makes `console.log(report)` in Deno print {@linkcode GradientCheckReport.toString}. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /**
   * The numerical and analytic values laid out in the checked shape (rows × cols), for dense
   * checks (gradient, VJP, Jacobian); entries a sparse check did not compare are NaN.
   *
   * @returns `{ numerical, analytic }` as matrices.
   *
   * @example
   * ```ts
   * import { Matrix } from "../core/mod.ts";
   * import { checkGradient } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const X = Matrix.from([[1, 2], [3, 4]]);
   * const square = (A: Matrix) => ({ out: A.map((v) => v * v), vjp: (d: Matrix) => d.map((g, i, j) => 2 * A.get(i, j) * g) });
   * const { numerical } = checkGradient(square, X).asMatrices();
   * assert.equal(numerical.shape, "2×2");
   * ```
   */
  asMatrices(): { numerical: Matrix; analytic: Matrix } {
    const numerical = Matrix.full(this.rows, this.cols, NaN);
    const analytic = Matrix.full(this.rows, this.cols, NaN);
    for (let t = 0; t < this.indices.length; t++) {
      numerical.data[this.indices[t]] = this.numerical[t];
      analytic.data[this.indices[t]] = this.analytic[t];
    }
    return { numerical, analytic };
  }

  #header(): string[] {
    return [this.#entryWord(), "numerical", "analytic", "rel. error"];
  }

  #rows(): string[][] {
    return this.entries.map((e) => [
      e.location,
      fmt(e.numerical),
      fmt(e.analytic),
      fmtErr(e.relError),
    ]);
  }

  #entryWord(): string {
    return this.kind === "directional" ? "direction" : "entry";
  }

  #locate(index: number): string {
    if (this.kind === "directional" || this.cols === 1) return String(index);
    return `(${Math.floor(index / this.cols)}, ${index % this.cols})`;
  }
}

/**
 * The error a gradient check throws when the relative error exceeds the tolerance. Its message
 * is the report's text: the worst entry with its numerical and analytic values, a table of the
 * worst entries, and the likely cause.
 *
 * @example
 * ```ts
 * import { checkGradient, GradientCheckError } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const f = (x: Float64Array) => ({ value: x[0] * x[0], grad: new Float64Array([x[0]]) });
 * assert.throws(() => checkGradient(f, new Float64Array([3])), (e: unknown) =>
 *   e instanceof GradientCheckError && e.report.worst?.analytic === 3 && /numerical 6/.test(e.message));
 * ```
 */
export class GradientCheckError extends Error {
  /** The failed report. */
  readonly report: GradientCheckReport;

  /**
   * Wraps a failed report.
   *
   * @param report The report; its text becomes the message.
   *
   * @example
   * ```ts
   * import { checkGradient, GradientCheckError } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const f = (x: Float64Array) => ({ value: x[0], grad: new Float64Array([2]) });
   * const report = checkGradient(f, new Float64Array([1]), { throw: false });
   * assert.equal(new GradientCheckError(report).name, "GradientCheckError");
   * ```
   */
  constructor(report: GradientCheckReport) {
    super(report.toString());
    this.name = "GradientCheckError";
    this.report = report;
  }
}
