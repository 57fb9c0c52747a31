// Private: the text/html part of a figure's MIME bundle — a div and a short script that draws it
// with the page's plotly.js, or says on the page why it cannot.

import { PAGE_PROMISE, WAITING } from "./_plotly_source.ts";

/** The plotly specification of a figure: traces and layout, plain JSON. */
export interface PlotlySpec {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

// A random token per kernel session keeps div ids unique on a page that still shows outputs of
// an earlier session (after a kernel restart the counter starts again at 1).
const SESSION_TOKEN = crypto.randomUUID().slice(0, 8);
let counter = 0;

/** A fresh element id for one displayed figure. */
export function freshId(): string {
  counter += 1;
  return `nn-notes-fig-${SESSION_TOKEN}-${counter}`;
}

/** JSON that is safe inside a `<script>` element (no `</script>` or `<!--` can appear in it). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/**
 * The div and script for one figure. `loader`, when given, is the script that puts plotly.js on
 * the page; it runs first, in its own `<script>` element.
 */
export function figureHtml(spec: PlotlySpec, summary: string, loader?: string): string {
  const id = freshId();
  const height = typeof spec.layout.height === "number" ? spec.layout.height : 420;
  const width = typeof spec.layout.width === "number" ? `${spec.layout.width}px` : "100%";
  const placeholder = `${summary}. This text stays only when the page did not run the figure's ` +
    `script: trust the notebook, or open its exported HTML.`;
  const parts: string[] = [];
  if (loader !== undefined) parts.push(`<script type="text/javascript">\n${loader}\n</script>`);
  parts.push(
    `<div id="${id}" class="nn-notes-figure" style="width:${width};max-width:100%;` +
      `height:${height}px;">${escapeHtml(placeholder)}</div>`,
  );
  parts.push(`<script type="text/javascript">\n${drawScript(id, spec)}\n</script>`);
  return parts.join("\n");
}

function drawScript(id: string, spec: PlotlySpec): string {
  return `(function () {
  var id = ${scriptJson(id)};
  var spec = ${scriptJson(spec)};
  function element() { return document.getElementById(id); }
  function say(message) {
    var el = element();
    if (!el) return;
    if (el.getAttribute("data-style") === null) el.setAttribute("data-style", el.style.cssText);
    el.textContent = message;
    el.style.height = "auto";
    el.style.padding = "8px";
    el.style.border = "1px solid #b00";
    el.style.color = "#b00";
    el.style.font = "14px sans-serif";
  }
  function draw(Plotly) {
    var el = element();
    if (!el) return;
    el.textContent = "";
    var style = el.getAttribute("data-style");
    if (style !== null) el.style.cssText = style;
    Promise.resolve(Plotly.newPlot(el, spec.data, spec.layout,
      { responsive: true, displaylogo: false }))
      .catch(function (e) { say("This figure could not be drawn: " + e); });
  }
  if (window.Plotly) { draw(window.Plotly); return; }
  if (window.${PAGE_PROMISE}) {
    window.${PAGE_PROMISE}.then(draw, function (e) { say("plotly.js did not load: " + e.message); });
    return;
  }
  say("This figure needs plotly.js, which travels with the first figure a kernel session " +
    "shows, and that output is not on this page (it was cleared, or its cell ran again). " +
    "Run resetFigureSession() from @nn-notes/core and run this cell again, or restart the " +
    "kernel and run all cells.");
  // A loader further down the page (cells run out of order) draws this figure when it arrives.
  (window.${WAITING} = window.${WAITING} || []).push(draw);
})();`;
}
