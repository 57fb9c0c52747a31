// Private: how the check reports write numbers and tables, the same for a gradient check's
// report and an exercise's.

import { escapeXml } from "./_comparison_svg.ts";

/** A compared value: 8 significant digits, in exponent form outside [1e-3, 1e6). */
export function fmt(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e6 ? String(Number(v.toPrecision(8))) : v.toExponential(7);
}

/** A relative error or tolerance: 3 significant digits in exponent form. */
export function fmtErr(v: number): string {
  return v === 0 || !Number.isFinite(v) ? String(v) : v.toExponential(2);
}

/** Columns of text, each right-aligned to its widest cell, two spaces apart. */
export function textTable(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  return [header, ...rows].map((r) => r.map((s, c) => s.padStart(widths[c])).join("  "));
}

/** The same table as HTML, right-aligned in a monospace font. */
export function htmlTable(header: readonly string[], rows: readonly string[][]): string {
  const cell = (s: string, tag: string): string =>
    `<${tag} style="text-align:right;padding:1px 8px">${escapeXml(s)}</${tag}>`;
  return `<table style="border-collapse:collapse;font-family:monospace;margin:4px 0">` +
    `<tr>${header.map((h) => cell(h, "th")).join("")}</tr>` +
    rows.map((r) => `<tr>${r.map((s) => cell(s, "td")).join("")}</tr>`).join("") + `</table>`;
}
