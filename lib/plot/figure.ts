/**
 * A figure as a value: plotly.js traces and a layout that show themselves in Jupyter.
 *
 * Make one with a plotting function ({@linkcode linePlot}, {@linkcode heatmap}, …) or directly
 * from plotly traces; end a notebook cell with it and the Deno kernel displays it. The display is
 * one MIME bundle: `application/vnd.plotly.v1+json` (drawn natively by VS Code and by JupyterLab
 * with the plotly extension), `text/html` (a div plus a short script, for the classic Notebook,
 * JupyterLab and exported HTML) and `text/plain` (a one-line summary).
 *
 * plotly.js comes from its npm package, never from a CDN: the first figure displayed in a kernel
 * session carries it, gzip-compressed and base64-encoded (about 2 MB), and every later figure
 * reuses the `window.Plotly` it leaves on the page, wherever on the page it is. In the classic
 * Notebook the carrier also survives re-running or clearing its cell: before each save, when no
 * output carries plotly.js any more, it is put back into the first figure's output, so a saved
 * notebook draws every figure when it is reopened, whatever order its cells ran in.
 *
 * @module
 */

import { figureHtml, type PlotlySpec } from "./_figure_html.ts";
import {
  loaderScript,
  packedPlotly,
  PLOTLY_VERSION,
  resetSession,
  takeSessionLoader,
} from "./_plotly_source.ts";

/** One plotly.js trace, e.g. `{ type: "scatter", x: [...], y: [...] }`. */
export type Trace = Record<string, unknown>;

/** A plotly.js layout, e.g. `{ title: { text: "Loss" }, xaxis: { type: "log" } }`. */
export type Layout = Record<string, unknown>;

/** The options every plotting function accepts. */
export interface PlotOptions {
  /** The title above the plot. @default {""} (no title) */
  title?: string;
  /** Width in pixels. @default {undefined} (the width of the output area) */
  width?: number;
  /** Height in pixels. @default {420} (some plots size themselves to their content) */
  height?: number;
}

/** The MIME bundle a figure displays as. */
export interface FigureBundle {
  /** The figure as plotly JSON, for frontends that draw plotly natively. */
  "application/vnd.plotly.v1+json": { data: Trace[]; layout: Layout };
  /** A div and a script that draw the figure with the page's plotly.js. */
  "text/html": string;
  /** A one-line summary. */
  "text/plain": string;
}

/**
 * A plotly.js figure: traces and a layout. The last expression of a notebook cell shows it.
 *
 * @example A figure is plain data with a one-line summary
 * ```ts
 * import { Figure } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = new Figure([{ type: "scatter", x: [0, 1, 2], y: [3, 1, 2] }], {
 *   title: { text: "Three points" },
 * });
 * const bundle = fig.toBundle();
 * assert.deepEqual(Object.keys(bundle).sort(), [
 *   "application/vnd.plotly.v1+json",
 *   "text/html",
 *   "text/plain",
 * ]);
 * assert.equal(bundle["text/plain"], 'Figure "Three points": 1 scatter trace, 3 points');
 * assert.match(bundle["text/html"], /Plotly\.newPlot/);
 * ```
 */
export class Figure {
  /** The traces, drawn in order. */
  readonly data: Trace[];
  /** The layout: titles, axes, size. */
  readonly layout: Layout;

  /**
   * Wraps plotly traces and a layout (both kept, not copied).
   *
   * @param data The traces.
   * @param layout The layout.
   * @throws {TypeError} When `data` is not an array of objects.
   *
   * @example
   * ```ts
   * import { Figure } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const fig = new Figure([{ type: "bar", x: ["a", "b"], y: [1, 2] }]);
   * assert.equal(fig.data.length, 1);
   * assert.throws(() => new Figure("bar" as never), TypeError);
   * ```
   */
  constructor(data: Trace[], layout: Layout = {}) {
    if (!Array.isArray(data) || data.some((t) => typeof t !== "object" || t === null)) {
      throw new TypeError(`Figure data must be an array of trace objects, got ${typeof data}`);
    }
    this.data = data;
    this.layout = layout;
  }

  /**
   * The figure's title, or `""` when it has none.
   *
   * @example
   * ```ts
   * import { Figure } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * assert.equal(new Figure([], { title: { text: "Loss" } }).title, "Loss");
   * ```
   */
  get title(): string {
    const t = this.layout.title;
    if (typeof t === "string") return t;
    if (typeof t === "object" && t !== null && typeof (t as { text?: unknown }).text === "string") {
      return (t as { text: string }).text;
    }
    return "";
  }

  /**
   * A one-line summary: the title, the trace types and the number of points.
   *
   * @returns E.g. `Figure "Loss": 1 scatter trace, 250 points`.
   *
   * @example
   * ```ts
   * import { Figure } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const fig = new Figure([{ type: "heatmap", z: [[1, 2], [3, 4]] }]);
   * assert.equal(fig.toString(), "Figure: 1 heatmap trace, 4 points");
   * ```
   */
  toString(): string {
    const counts = new Map<string, number>();
    let points = 0;
    for (const trace of this.data) {
      const type = typeof trace.type === "string" ? trace.type : "scatter";
      counts.set(type, (counts.get(type) ?? 0) + 1);
      points += countPoints(trace);
    }
    const kinds = [...counts].map(([type, n]) => `${n} ${type} trace${n === 1 ? "" : "s"}`);
    const title = this.title === "" ? "" : ` "${this.title}"`;
    const what = kinds.length === 0 ? "no traces" : kinds.join(", ");
    return `Figure${title}: ${what}, ${points} point${points === 1 ? "" : "s"}`;
  }

  /**
   * The plotly JSON, `{ data, layout }`.
   *
   * @returns The figure's traces and layout.
   *
   * @example
   * ```ts
   * import { Figure } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const fig = new Figure([{ type: "scatter", y: [1] }]);
   * assert.equal(JSON.stringify(fig), '{"data":[{"type":"scatter","y":[1]}],"layout":{}}');
   * ```
   */
  toJSON(): { data: Trace[]; layout: Layout } {
    return { data: this.data, layout: this.layout };
  }

  /**
   * The MIME bundle this figure displays as. Its HTML draws with a `window.Plotly` already on
   * the page and says so on the page when there is none (see
   * {@linkcode Figure.toBundleWithPlotly} for a page that draws on its own).
   *
   * @returns The bundle with plotly JSON, HTML and a text summary.
   *
   * @example
   * ```ts
   * import { Figure } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const bundle = new Figure([{ type: "scatter", y: [1, 2] }]).toBundle();
   * assert.equal(bundle["application/vnd.plotly.v1+json"].data[0].type, "scatter");
   * assert.ok(!bundle["text/html"].includes("DecompressionStream")); // plotly not embedded
   * ```
   */
  toBundle(): FigureBundle {
    return this.#bundle(undefined);
  }

  /**
   * The MIME bundle with plotly.js itself in the HTML (about 2 MB, gzip + base64), for a page
   * that must draw on its own, whatever a kernel session embedded before.
   *
   * @returns The bundle, its HTML carrying plotly.js.
   *
   * @example
   * ```ts
   * import { Figure } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const bundle = await new Figure([{ type: "scatter", y: [1, 2] }]).toBundleWithPlotly();
   * assert.ok(bundle["text/html"].includes("DecompressionStream")); // plotly unpacks in the page
   * ```
   */
  async toBundleWithPlotly(): Promise<FigureBundle> {
    return this.#bundle(loaderScript(await packedPlotly()));
  }

  /**
   * Called by the Deno Jupyter kernel to display the figure. The first figure displayed in a
   * kernel session embeds plotly.js; later ones reuse it.
   *
   * @returns The figure's MIME bundle.
   */
  async [Symbol.for("Jupyter.display")](): Promise<FigureBundle> {
    return this.#bundle(await takeSessionLoader());
  }

  #bundle(loader: string | undefined): FigureBundle {
    // Plain JSON: typed arrays (a Float64Array of losses, say) become arrays, not {"0": …}.
    const spec = JSON.parse(JSON.stringify(this.toJSON(), plainArrays)) as PlotlySpec;
    const summary = this.toString();
    return {
      "application/vnd.plotly.v1+json": spec,
      "text/html": figureHtml(spec, summary, loader),
      "text/plain": summary,
    };
  }
}

/**
 * Makes the next figure displayed in this kernel session carry plotly.js again. Use it when the
 * output of the session's first figure was cleared and a later figure says plotly.js is missing.
 *
 * @example
 * ```ts
 * import { resetFigureSession } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(resetFigureSession(), undefined);
 * ```
 */
export function resetFigureSession(): void {
  resetSession();
}

/**
 * The plotly.js version that figures are drawn with (the pinned npm package).
 *
 * @example
 * ```ts
 * import { plotlyVersion } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.match(plotlyVersion, /^\d+\.\d+\.\d+$/);
 * ```
 */
export const plotlyVersion: string = PLOTLY_VERSION;

function plainArrays(_key: string, value: unknown): unknown {
  return ArrayBuffer.isView(value) && !(value instanceof DataView)
    ? Array.from(value as unknown as ArrayLike<number>)
    : value;
}

function countPoints(trace: Trace): number {
  for (const key of ["z", "y", "x", "values"]) {
    const v = trace[key];
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      const arr = v as ArrayLike<unknown>;
      let n = 0;
      for (let i = 0; i < arr.length; i++) {
        const row = arr[i];
        n += Array.isArray(row) ? row.length : 1;
      }
      return n;
    }
  }
  return 0;
}
