/**
 * What an exercise check found, and how it shows itself: a plain-text report for a terminal, an
 * HTML one for Jupyter (with numerical | yours | difference heatmaps for a wrong matrix), and the
 * error a failed check throws, whose first line is the diagnosis.
 *
 * @module
 */

import { comparisonHtml, escapeXml } from "./_comparison_svg.ts";
import { fmt, fmtErr, htmlTable, textTable } from "./_report_format.ts";

/** How an exercise check ended. */
export type ExerciseStatus = "passed" | "failed" | "not-implemented";

/** One measured agreement: a quantity against a reference, over every case. */
export interface ExerciseMeasure {
  /** What was compared, e.g. `"dW"`. */
  quantity: string;
  /** What it was compared with, e.g. `"central differences"` or `"linearBackward"`. */
  against: string;
  /** The largest relative error |a − b| / max(1e-8, |a| + |b|) over the entries and cases. */
  error: number;
  /** The bound it had to stay under. */
  bound: number;
}

/** One compared entry of a failed quantity. */
export interface ExerciseEntry {
  /** Where it is: `"(1, 2)"` in a matrix, `"3"` in a vector, `""` for a number. */
  location: string;
  /** The reference value (numerical, or the library's). */
  expected: number;
  /** The student's value. */
  yours: number;
  /** Their relative error. */
  relError: number;
}

/** The quantity that failed, with its worst entries and, for a matrix, both values in full. */
export interface ExerciseMismatch {
  /** What was compared, e.g. `"dW"`. */
  quantity: string;
  /** The heading of the reference values, e.g. `"numerical (central differences)"`. */
  expectedLabel: string;
  /** The worst entries, worst first (at most 5). */
  entries: ExerciseEntry[];
  /** The quantity's rows (its length for a vector, 1 for a number). */
  rows: number;
  /** The quantity's columns. */
  cols: number;
  /** Every reference value, row-major. */
  expected: Float64Array;
  /** Every value of the student's, row-major. */
  yours: Float64Array;
}

/** Everything an {@linkcode ExerciseReport} is built from. */
export interface ExerciseReportInit {
  /** The exercise's id, e.g. `"linearBackward"`. */
  exercise: string;
  /** Its title, e.g. `"linear backward"`. */
  title: string;
  /** The equations it implements, e.g. `"E5"`. */
  equation: string;
  /** The name of the student's function, e.g. `"myLinearBackward"`. */
  function: string;
  /** How the check ended. */
  status: ExerciseStatus;
  /**
   * For a failure: what is wrong, in words, e.g. `"dW came out transposed"` or `"it threw
   * RangeError: …"`; the headline puts the function's name before it, so it does not repeat it.
   */
  diagnosis?: string;
  /** For a failure: the case it happened in, e.g. `"k = 3, n = 4, m = 5"`. */
  failedCase?: string;
  /** For "not-implemented": the function that threw the marker (may be a helper it calls). */
  waitingFor?: string;
  /** The cases that were run, e.g. `["k = 3, n = 4, m = 5", …]`. */
  cases: string[];
  /** The agreements measured (all of them for a pass; those before the failure otherwise). */
  measures: ExerciseMeasure[];
  /** Further lines for a pass, e.g. a training run's accuracy. */
  notes?: string[];
  /** For a failure of compared values: the worst entries and both values. */
  mismatch?: ExerciseMismatch;
}

/**
 * The outcome of one exercise check. `toString()` gives the plain-text report, `toHtml()` the
 * rich one; in Jupyter the report shows itself as HTML.
 *
 * @example
 * ```ts
 * import { ExerciseReport } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const report = new ExerciseReport({
 *   exercise: "reluBackward", title: "ReLU backward", equation: "E5", function: "myReluBackward",
 *   status: "passed", cases: ["n = 4, m = 5"],
 *   measures: [{ quantity: "dX", against: "central differences", error: 3e-12, bound: 1e-7 }],
 * });
 * assert.equal(report.passed, true);
 * assert.match(report.toString(), /^✓ myReluBackward passed/);
 * assert.match(report.toString(), /dX: max relative error 3\.00e-12 against central differences \(bound 1e-7\)/);
 * ```
 */
export class ExerciseReport {
  /** The exercise's id. */
  readonly exercise: string;
  /** Its title. */
  readonly title: string;
  /** The equations it implements. */
  readonly equation: string;
  /** The name of the student's function. */
  readonly function: string;
  /** How the check ended. */
  readonly status: ExerciseStatus;
  /** For a failure: what is wrong, in words. */
  readonly diagnosis: string | undefined;
  /** For a failure: the case it happened in. */
  readonly failedCase: string | undefined;
  /** For "not-implemented": the function that is not written yet. */
  readonly waitingFor: string | undefined;
  /** The cases that were run. */
  readonly cases: readonly string[];
  /** The agreements measured. */
  readonly measures: readonly ExerciseMeasure[];
  /** Further lines for a pass. */
  readonly notes: readonly string[];
  /** For a failure of compared values: the worst entries and both values. */
  readonly mismatch: ExerciseMismatch | undefined;

  /**
   * Builds a report; the checks call this, students rarely need to.
   *
   * @param init See {@linkcode ExerciseReportInit}.
   *
   * @example
   * ```ts
   * import { ExerciseReport } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const waiting = new ExerciseReport({
   *   exercise: "softmax", title: "stable softmax", equation: "E6", function: "mySoftmax",
   *   status: "not-implemented", waitingFor: "mySoftmax", cases: [], measures: [],
   * });
   * assert.match(waiting.headline, /mySoftmax is not implemented yet/);
   * ```
   */
  constructor(init: ExerciseReportInit) {
    this.exercise = init.exercise;
    this.title = init.title;
    this.equation = init.equation;
    this.function = init.function;
    this.status = init.status;
    this.diagnosis = init.diagnosis;
    this.failedCase = init.failedCase;
    this.waitingFor = init.waitingFor;
    this.cases = [...init.cases];
    this.measures = [...init.measures];
    this.notes = [...(init.notes ?? [])];
    this.mismatch = init.mismatch;
  }

  /** Whether the check passed. */
  get passed(): boolean {
    return this.status === "passed";
  }

  /**
   * The report's first line: for a pass the exercise and how many cases; for a failure the
   * diagnosis; for a stub the friendly "not implemented yet".
   */
  get headline(): string {
    const what = `${this.title}, ${this.equation}`;
    if (this.status === "passed") {
      const cases = this.cases.length === 1 ? "1 case" : `${this.cases.length} cases`;
      return `✓ ${this.function} passed (${what}): ${cases}`;
    }
    if (this.status === "failed") return `✗ ${this.function}: ${this.diagnosis ?? "failed"}`;
    const waiting = this.waitingFor ?? this.function;
    const who = waiting === this.function
      ? `${this.function} is not implemented yet`
      : `${this.function} calls ${waiting}, which is not implemented yet`;
    return `… ${who}: write its body in its cell and run this check again (${what}).`;
  }

  /**
   * The whole report as plain text: the headline, then for a pass each measured agreement
   * (cs231n's "relative error … should be below …"), for a failure the case and the worst
   * entries.
   *
   * @returns One or more lines.
   *
   * @example
   * ```ts
   * import { ExerciseReport } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const failed = new ExerciseReport({
   *   exercise: "linearBackward", title: "linear backward", equation: "E5",
   *   function: "myLinearBackward", status: "failed", diagnosis: "dW came out transposed",
   *   failedCase: "k = 4, n = 4, m = 4", cases: [], measures: [],
   * });
   * const lines = failed.toString().split("\n");
   * assert.equal(lines[0], "✗ myLinearBackward: dW came out transposed");
   * assert.match(lines[1], /in the case k = 4, n = 4, m = 4/);
   * ```
   */
  toString(): string {
    const lines = [this.headline];
    if (this.status === "passed") {
      lines.push(`  cases: ${this.cases.join("; ")}`);
      for (const m of this.measures) lines.push(`  ${measureText(m)}`);
      for (const note of this.notes) lines.push(`  ${note}`);
    } else if (this.status === "failed") {
      if (this.failedCase !== undefined) {
        lines.push(`  (${this.title}, ${this.equation}; in the case ${this.failedCase})`);
      }
      const mm = this.mismatch;
      if (mm !== undefined && mm.entries.length > 0) {
        const table = textTable(["entry", mm.expectedLabel, "yours", "rel. error"], entryRows(mm));
        lines.push(`  ${mm.quantity}, worst entries:`, ...table.map((l) => `    ${l}`));
      }
    }
    return lines.join("\n");
  }

  /**
   * The report as an HTML fragment: the headline in colour, the measures or the worst entries,
   * and for a wrong matrix its numerical, yours and difference heatmaps side by side.
   *
   * @returns HTML text.
   *
   * @example
   * ```ts
   * import { ExerciseReport } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const report = new ExerciseReport({
   *   exercise: "tanhBackward", title: "tanh backward", equation: "E5", function: "myTanhBackward",
   *   status: "passed", cases: ["n = 3, m = 2"],
   *   measures: [{ quantity: "dX", against: "central differences", error: 1e-11, bound: 1e-7 }],
   * });
   * assert.match(report.toHtml(), /<table/);
   * ```
   */
  toHtml(): string {
    const color = { passed: "#1a7f37", failed: "#cf222e", "not-implemented": "#6e7781" }[
      this.status
    ];
    const parts = [
      `<p style="color:${color};font-weight:600;margin:4px 0">${escapeXml(this.headline)}</p>`,
    ];
    if (this.status === "passed") {
      parts.push(`<p style="margin:2px 0">cases: ${escapeXml(this.cases.join("; "))}</p>`);
      const rows = this.measures.map((m) => [
        m.quantity,
        m.against,
        fmtErr(m.error),
        `< ${fmtBound(m.bound)}`,
      ]);
      if (rows.length > 0) {
        parts.push(htmlTable(["quantity", "against", "max relative error", "should be"], rows));
      }
      for (const note of this.notes) parts.push(`<p style="margin:2px 0">${escapeXml(note)}</p>`);
    } else if (this.status === "failed") {
      if (this.failedCase !== undefined) {
        parts.push(
          `<p style="margin:2px 0">${escapeXml(this.title)} (${escapeXml(this.equation)}), ` +
            `in the case ${escapeXml(this.failedCase)}</p>`,
        );
      }
      const mm = this.mismatch;
      if (mm !== undefined && mm.entries.length > 0) {
        parts.push(htmlTable(["entry", mm.expectedLabel, "yours", "rel. error"], entryRows(mm)));
        if (mm.rows * mm.cols > 1 && mm.rows * mm.cols <= 4096) {
          const grid = (data: Float64Array) => ({ rows: mm.rows, cols: mm.cols, data });
          const expectedShort = mm.expectedLabel.split(" (")[0];
          parts.push(comparisonHtml(grid(mm.expected), grid(mm.yours), mm.quantity, [
            expectedShort,
            "yours",
            `yours − ${expectedShort}`,
          ]));
        }
      }
    }
    return `<div style="font-family:sans-serif;font-size:13px">${parts.join("")}</div>`;
  }

  /**
   * The Jupyter MIME bundle (Deno's kernel calls this): the plain-text and the HTML report.
   *
   * @returns `{ "text/plain": …, "text/html": … }`.
   */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString(), "text/html": this.toHtml() };
  }

  /** Makes `console.log(report)` in Deno print {@linkcode ExerciseReport.toString}. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/**
 * The error a failed exercise check throws. Its message starts with the diagnosis, and its stack
 * is `ExerciseError: ` and the message, without frames, so Jupyter shows the diagnosis on top of
 * the red cell rather than a stack trace into the library, and a terminal prints it once.
 *
 * @example
 * ```ts
 * import { ExerciseError, ExerciseReport } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const report = new ExerciseReport({
 *   exercise: "sgdStep", title: "an SGD step", equation: "E5", function: "mySgdStep",
 *   status: "failed", diagnosis: "the step went uphill", cases: [], measures: [],
 * });
 * const error = new ExerciseError(report);
 * assert.equal(error.name, "ExerciseError");
 * assert.equal(error.stack, "ExerciseError: ✗ mySgdStep: the step went uphill");
 * ```
 */
export class ExerciseError extends Error {
  /** The failed report. */
  readonly report: ExerciseReport;

  /**
   * Wraps a failed report.
   *
   * @param report The report; its text becomes the message.
   *
   * @example
   * ```ts
   * import { ExerciseError, ExerciseReport } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const report = new ExerciseReport({
   *   exercise: "softmax", title: "stable softmax", equation: "E6", function: "mySoftmax",
   *   status: "failed", diagnosis: "NaN for scores of 1000", cases: [], measures: [],
   * });
   * assert.match(new ExerciseError(report).message, /^✗ mySoftmax: NaN/);
   * ```
   */
  constructor(report: ExerciseReport) {
    super(report.toString());
    this.name = "ExerciseError";
    this.report = report;
    // Deno's kernel shows the stack as the traceback, and a terminal prints it after the
    // message unless it starts with "name: message": so the stack is exactly that, no frames.
    this.stack = `${this.name}: ${this.message}`;
  }
}

function measureText(m: ExerciseMeasure): string {
  return `${m.quantity}: max relative error ${fmtErr(m.error)} against ${m.against} ` +
    `(bound ${fmtBound(m.bound)})`;
}

function entryRows(mm: ExerciseMismatch): string[][] {
  return mm.entries.map((e) => [
    e.location || "·",
    fmt(e.expected),
    fmt(e.yours),
    fmtErr(e.relError),
  ]);
}

function fmtBound(v: number): string {
  const exponent = Math.log10(v);
  return Number.isInteger(exponent) ? `1e${exponent}` : String(v);
}
