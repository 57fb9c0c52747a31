// Private: plotly.js itself, read from its npm package and packed for a notebook page.
//
// plotly.min.js is imported as text (never evaluated: it needs a `window`), and only when a
// figure is first displayed. The specifier is a literal `npm:` one, so it needs no import map and
// works from any folder; a script that never shows a figure never reads the package, and one run
// with --cached-only and an empty cache still starts. Reading it needs no permission.

import { gzipSync } from "node:zlib";

/** The plotly.js version every figure is drawn with (the pinned npm package below). */
export const PLOTLY_VERSION = "4.1.2";

/** The text of plotly.min.js, imported from the pinned npm package on first use. */
async function plotlyText(): Promise<string> {
  // deno-lint-ignore no-import-prefix -- no import map: the library must import from any folder
  const mod = await import("npm:plotly.js-dist-min@4.1.2/plotly.min.js", {
    with: { type: "text" },
  });
  return mod.default;
}

/** The name of the page-global promise that resolves to plotly once the loader has run. */
export const PAGE_PROMISE = "__nnNotesPlotly";

/** The name of the page-global list of figures that found no plotly and wait for a loader. */
export const WAITING = "__nnNotesWaiting";

// Kept on globalThis so that two copies of this module (imported by different URLs) still
// embed plotly only once per kernel session.
const SESSION = Symbol.for("nn-notes.plotly.session");

interface Session {
  /** Whether a figure of this kernel session has already carried plotly.js. */
  embedded: boolean;
  /** The gzip + base64 source, cached after the first read. */
  packed?: string;
}

function session(): Session {
  const g = globalThis as unknown as Record<symbol, Session | undefined>;
  return (g[SESSION] ??= { embedded: false });
}

/** Reads plotly.min.js from the npm package and returns it gzip-compressed and base64-encoded. */
export async function packedPlotly(): Promise<string> {
  const s = session();
  if (s.packed === undefined) {
    const bytes = new TextEncoder().encode(await plotlyText());
    s.packed = toBase64(gzipSync(bytes, { level: 9 }));
  }
  return s.packed;
}

/**
 * The loader script for the first figure of the session, or `undefined` when plotly was already
 * embedded. When the file cannot be read, a script that reports why on the page instead.
 */
export async function takeSessionLoader(): Promise<string | undefined> {
  const s = session();
  if (s.embedded) return undefined;
  try {
    const script = loaderScript(await packedPlotly());
    s.embedded = true;
    return script;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return failedLoaderScript(`plotly.js ${PLOTLY_VERSION} could not be read: ${why}`);
  }
}

/** Forgets that plotly was embedded, so the next figure displayed carries it again. */
export function resetSession(): void {
  session().embedded = false;
}

/** Whether a figure of this session has carried plotly.js. */
export function sessionEmbedded(): boolean {
  return session().embedded;
}

/** The comment that marks the one output of a notebook that carries plotly.js. */
export const CARRIER_MARKER = "nn-notes: this output carries plotly.js";

/** The name of the page-global source of a carrier script, kept once one has run. */
export const CARRIER = "__nnNotesCarrier";

/**
 * A script that unpacks plotly in the page and publishes `window[PAGE_PROMISE]`. The source runs
 * with `define`, `module`, `exports` and `require` shadowed, so a page that carries require.js
 * (the classic Notebook) still gets `window.Plotly`.
 *
 * It also keeps a carrier in the notebook: in the classic Notebook, where re-running or clearing
 * the cell that carried plotly.js would otherwise save a notebook with no copy of it (every figure
 * then says "needs plotly.js" when it is reopened), it puts itself back into the first figure's
 * output just before each save when no output carries it any more. The script can rebuild its
 * own text because it is one function called with the packed source.
 */
export function loaderScript(packed: string): string {
  return `(function nnNotesPlotlyLoader(packed) {
  /* ${CARRIER_MARKER} */
  if (!window.${CARRIER}) {
    window.${CARRIER} = "(" + nnNotesPlotlyLoader.toString() + ")(" + JSON.stringify(packed) + ");";
    keepCarrier();
  }
  if (window.Plotly || window.${PAGE_PROMISE}) return;
  window.${PAGE_PROMISE} = (async function () {
    if (typeof DecompressionStream === "undefined") {
      throw new Error("this browser lacks DecompressionStream, which unpacks plotly.js here");
    }
    var binary = atob(packed);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    var source = await new Response(stream).text();
    new Function("define", "module", "exports", "require", source).call(window);
    if (!window.Plotly) throw new Error("plotly.js ran but did not define window.Plotly");
    var waiting = window.${WAITING} || [];
    window.${WAITING} = [];
    waiting.forEach(function (draw) { draw(window.Plotly); });
    return window.Plotly;
  })();

  // The classic Notebook: before each save, make sure one saved output still carries plotly.js.
  function keepCarrier() {
    var app = window.Jupyter;
    var notebook = app && app.notebook;
    if (!notebook || !notebook.events || typeof notebook.get_cells !== "function") return;
    notebook.events.on("before_save.Notebook", function () {
      var first = null;
      var cells = notebook.get_cells();
      for (var i = 0; i < cells.length; i++) {
        var outputs = (cells[i].output_area && cells[i].output_area.outputs) || [];
        for (var k = 0; k < outputs.length; k++) {
          var html = outputs[k].data && outputs[k].data["text/html"];
          if (typeof html !== "string") continue;
          if (html.indexOf(${JSON.stringify(CARRIER_MARKER)}) !== -1) return;
          if (first === null && html.indexOf("nn-notes-figure") !== -1) first = outputs[k];
        }
      }
      if (first === null) return;
      var open = "<script type='text/javascript'>";
      var close = "</scr" + "ipt>";
      first.data["text/html"] = [open, window.${CARRIER}, close, first.data["text/html"]].join("\\n");
    });
  }
})(${JSON.stringify(packed)});`;
}

function failedLoaderScript(message: string): string {
  const text = JSON.stringify(message).replace(/</g, "\\u003c");
  return `(function () {
  if (window.Plotly || window.${PAGE_PROMISE}) return;
  window.${PAGE_PROMISE} = Promise.reject(new Error(${text}));
  window.${PAGE_PROMISE}.catch(function () {});
})();`;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
