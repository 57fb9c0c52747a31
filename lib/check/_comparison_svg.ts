// Private: the numerical and the analytic derivative side by side, with their difference, as three
// small SVG heatmaps. Written here (no plotting library), so a check report draws the same in
// Jupyter, in exported HTML and offline, and the checking code downloads nothing.

/** What a panel reads of a matrix: its shape and row-major entries. */
export interface Grid {
  readonly rows: number;
  readonly cols: number;
  readonly data: ArrayLike<number>;
}

/** Matrices up to this many entries print their values in the cells. */
const NUMBERS_UP_TO = 64;
/** The largest panel side in pixels; cells shrink to fit it. */
const MAX_SIDE = 260;

/** The three panels' headings: numerical, analytic, and their difference. */
const HEADINGS: readonly [string, string, string] = [
  "numerical",
  "analytic",
  "analytic − numerical",
];

/**
 * Three panels in a row: numerical, analytic (one shared color scale) and analytic − numerical
 * (its own scale, so a tiny round-off difference is still visible). Blue is negative, red
 * positive, white zero; NaN (an entry a check did not compare) is grey. `headings` renames the
 * panels (an exercise check shows "numerical", "yours", "yours − numerical").
 */
export function comparisonHtml(
  numerical: Grid,
  analytic: Grid,
  title: string,
  headings: readonly [string, string, string] = HEADINGS,
): string {
  const { rows, cols } = numerical;
  const difference = Float64Array.from(
    { length: rows * cols },
    (_, i) => analytic.data[i] - numerical.data[i],
  );
  const shared = Math.max(maxAbs(numerical.data), maxAbs(analytic.data));
  const panels = [
    panel(numerical, shared, headings[0]),
    panel(analytic, shared, headings[1]),
    panel({ rows, cols, data: difference }, maxAbs(difference), headings[2]),
  ];
  return `<div style="font:12px sans-serif;margin:6px 0"><div style="margin-bottom:4px">` +
    `${escapeXml(title)}</div><div style="display:flex;gap:18px;flex-wrap:wrap">` +
    `${panels.join("")}</div></div>`;
}

function panel(grid: Grid, bound: number, heading: string): string {
  const { rows, cols } = grid;
  const cell = Math.max(3, Math.min(34, Math.floor(MAX_SIDE / Math.max(rows, cols, 1))));
  const numbers = rows * cols <= NUMBERS_UP_TO && cell >= 24;
  const width = cols * cell;
  const height = rows * cell;
  const rects: string[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = grid.data[i * cols + j];
      const x = j * cell;
      const y = i * cell;
      rects.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${color(v, bound)}">` +
          `<title>(${i}, ${j}): ${format(v)}</title></rect>`,
      );
      if (numbers) {
        const ink = Number.isFinite(v) && Math.abs(v) > 0.6 * bound ? "#fff" : "#222";
        rects.push(
          `<text x="${x + cell / 2}" y="${y + cell / 2 + 3}" font-size="${cell >= 30 ? 9 : 8}" ` +
            `text-anchor="middle" fill="${ink}">${escapeXml(short(v))}</text>`,
        );
      }
    }
  }
  const caption = `${heading} (max |·| ${format(bound)})`;
  return `<figure style="margin:0"><svg xmlns="http://www.w3.org/2000/svg" width="${width}" ` +
    `height="${height}" viewBox="0 0 ${width} ${height}" role="img" ` +
    `aria-label="${escapeXml(caption)}" style="border:1px solid #ccc">${rects.join("")}</svg>` +
    `<figcaption>${escapeXml(caption)}</figcaption></figure>`;
}

/** A diverging palette: blue (−bound) through white (0) to red (+bound); grey for NaN. */
function color(v: number, bound: number): string {
  if (!Number.isFinite(v)) return "#bbbbbb";
  const t = bound > 0 ? Math.max(-1, Math.min(1, v / bound)) : 0;
  const [r, g, b] = t >= 0
    ? [255, Math.round(255 - 190 * t), Math.round(255 - 200 * t)]
    : [Math.round(255 + 200 * t), Math.round(255 + 150 * t), 255];
  return `rgb(${r},${g},${b})`;
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > m) m = a; // NaN compares false and is skipped
  }
  return m;
}

function format(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(3) : String(v);
}

function short(v: number): string {
  if (!Number.isFinite(v)) return "·";
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 0.01 && a < 1000 ? v.toPrecision(2) : v.toExponential(0);
}

/** Escapes text for HTML and SVG: &, <, > and double quotes. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
