// Private: how a Matrix shows itself in Jupyter. A small one is typeset (an HTML table drawn as a
// bracketed matrix, and LaTeX for frontends that prefer it); a large one is summarized by its
// shape and the range of its entries, with the corner of its entries in text.
//
// It reads a matrix through the shape below, so it needs nothing from matrix.ts.

/** What the display reads of a Matrix. */
interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
  toString(): string;
}

/** Matrices up to this many rows and columns are typeset entry by entry. */
export const TYPESET_ROWS = 12;
/** See {@linkcode TYPESET_ROWS}. */
export const TYPESET_COLS = 10;

/** The MIME bundle of a matrix's display. */
export interface MatrixBundle {
  "text/plain": string;
  "text/html": string;
  "text/latex"?: string;
}

/** The bundle a Matrix displays as in Jupyter. */
export function matrixDisplay(m: Matrix): MatrixBundle {
  const text = m.toString();
  if (m.rows === 0 || m.cols === 0) {
    return { "text/plain": text, "text/html": summaryHtml(m) };
  }
  if (m.rows <= TYPESET_ROWS && m.cols <= TYPESET_COLS) {
    return { "text/plain": text, "text/html": tableHtml(m), "text/latex": latex(m) };
  }
  return { "text/plain": text, "text/html": summaryHtml(m) };
}

/** An entry with 4 significant digits, integers as they are; the same rule as toString. */
export function formatEntry(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  if (!Number.isFinite(v)) return String(v);
  const s = Number(v.toPrecision(4)).toString();
  return s.replace("e+", "e");
}

function latex(m: Matrix): string {
  const rows: string[] = [];
  for (let i = 0; i < m.rows; i++) {
    const cells: string[] = [];
    for (let j = 0; j < m.cols; j++) cells.push(latexEntry(m.data[i * m.cols + j]));
    rows.push(cells.join(" & "));
  }
  const spec = "r".repeat(m.cols);
  return `$$\\left[\\begin{array}{${spec}} ${rows.join(" \\\\ ")} \\end{array}\\right]$$`;
}

function latexEntry(v: number): string {
  if (Number.isNaN(v)) return "\\text{NaN}";
  if (!Number.isFinite(v)) return v > 0 ? "\\infty" : "-\\infty";
  const s = formatEntry(v);
  const e = s.indexOf("e");
  if (e < 0) return s;
  return `${s.slice(0, e)} \\cdot 10^{${Number(s.slice(e + 1))}}`;
}

const CELL = "padding:1px 7px;text-align:right;border:none;background:none;";
const BRACKET = "border-style:solid;border-color:#444;border-width:0;width:5px;padding:0;";

function tableHtml(m: Matrix): string {
  const rows: string[] = [];
  for (let i = 0; i < m.rows; i++) {
    const cells: string[] = [];
    for (let j = 0; j < m.cols; j++) {
      cells.push(`<td style="${CELL}">${escape(formatEntry(m.data[i * m.cols + j]))}</td>`);
    }
    rows.push(`<tr style="background:none">${cells.join("")}</tr>`);
  }
  const table = `<table style="border-collapse:collapse;border:none;margin:0;` +
    `font:13px/1.35 monospace">${rows.join("")}</table>`;
  const left = `${BRACKET}border-width:1.5px 0 1.5px 1.5px;`;
  const right = `${BRACKET}border-width:1.5px 1.5px 1.5px 0;`;
  return `<div class="nn-notes-matrix" style="display:inline-flex;align-items:stretch;` +
    `gap:2px;margin:4px 0"><span style="align-self:center;color:#666;font:12px sans-serif;` +
    `margin-right:8px">${m.rows}×${m.cols}</span><span style="${left}"></span>${table}` +
    `<span style="${right}"></span></div>`;
}

function summaryHtml(m: Matrix): string {
  const { data } = m;
  let lo = Infinity;
  let hi = -Infinity;
  let sum = 0;
  let zeros = 0;
  let nonFinite = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    sum += v;
    if (v === 0) zeros++;
  }
  const finite = data.length - nonFinite;
  const parts = [`<b>Matrix ${m.rows}×${m.cols}</b>`, `${data.length} entries`];
  if (finite > 0) {
    parts.push(
      `min ${formatEntry(lo)}`,
      `max ${formatEntry(hi)}`,
      `mean ${formatEntry(sum / finite)}`,
      `${(100 * zeros / data.length).toFixed(1)} % zeros`,
    );
  }
  if (nonFinite > 0) parts.push(`<span style="color:#b00">${nonFinite} NaN or infinite</span>`);
  return `<div class="nn-notes-matrix" style="font:13px sans-serif;margin:4px 0">` +
    `${parts.join(" · ")}</div>`;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
