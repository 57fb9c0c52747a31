/**
 * A computational graph as a picture: each node an input, a parameter or an operation with its
 * forward value, each edge the gradient that flows back along it, laid out left to right.
 *
 * The picture is SVG written here, with no plotting library, no graphviz and nothing fetched:
 * it shows the same in JupyterLab, the classic Notebook, VS Code and the exported HTML, offline.
 *
 * @module
 */

import { describeValue } from "../core/_shape.ts";

/** One node of a {@linkcode computationalGraph}. */
export interface GraphNode {
  /** The name edges use to refer to the node; unique within the graph. */
  id: string;
  /** The text written in the node, e.g. `"q = x + y"` or `"W₁"`. @default {id} */
  label?: string;
  /**
   * The node's forward value: a number (rounded to `digits` significant digits) or any text,
   * e.g. a shape `"16×150"`. @default {undefined} (no value line)
   */
  value?: number | string;
  /**
   * How the node is drawn: an input (blue), a parameter (yellow) or an operation (grey,
   * rounded). @default {"input" for a node no edge enters, else "operation"}
   */
  kind?: "input" | "parameter" | "operation";
}

/** One edge of a {@linkcode computationalGraph}: `from` feeds `to` in the forward pass. */
export interface GraphEdge {
  /** The id of the node whose value flows forward along the edge. */
  from: string;
  /** The id of the node that uses it. */
  to: string;
  /**
   * The gradient that flows back along the edge, from `to` to `from`: ∂L/∂(from) through this
   * use of it. A number (rounded to `digits`) or text such as `"dW₁ 16×2"`.
   * @default {undefined} (no label)
   */
  gradient?: number | string;
}

/** Options of {@linkcode computationalGraph}. */
export interface ComputationalGraphOptions {
  /** A title above the graph. @default {""} (none) */
  title?: string;
  /** Significant digits of numeric values and gradients. @default {4} */
  digits?: number;
  /**
   * A line under the graph saying what the colors mean.
   * @default {"green: forward value of each node · red: gradient flowing back along each edge"}
   */
  legend?: string;
}

/** Where {@linkcode ComputationalGraph} placed a node, in SVG pixels (x, y of its centre). */
export interface NodePlacement {
  /** The column, counted from 0 at the left: every edge goes from a lower to a higher one. */
  column: number;
  /** The position within its column, from 0 at the top. */
  row: number;
  /** The x coordinate of the node's centre. */
  x: number;
  /** The y coordinate of the node's centre. */
  y: number;
  /** The width of the node's box. */
  width: number;
  /** The height of the node's box. */
  height: number;
}

const FONT = "font-family:sans-serif";
const CHAR = 7.4; // approximate width of one character at 13 px
const GREEN = "#1e8449";
const RED = "#c0392b";
const FILL = { input: "#dbe9f6", parameter: "#fdf2c4", operation: "#eeeeee" } as const;
const BELOW = 1e6; // sort key offset that sends a node below the others of its column
const DEFAULT_LEGEND =
  "green: forward value of each node · red: gradient flowing back along each edge";

/**
 * A computational graph laid out left to right, ready to display: end a notebook cell with it
 * and Jupyter shows the SVG. Build one with {@linkcode computationalGraph}.
 */
export class ComputationalGraph {
  /** The nodes, as given. */
  readonly nodes: readonly GraphNode[];
  /** The edges, as given. */
  readonly edges: readonly GraphEdge[];
  /** The node ids of each column, left to right, each column top to bottom. */
  readonly columns: readonly (readonly string[])[];
  /** The width of the picture in pixels. */
  readonly width: number;
  /** The height of the picture in pixels. */
  readonly height: number;
  readonly #placement: Map<string, NodePlacement>;
  /** For each column, the x where its outgoing wires stop running level and bend. */
  readonly #bends: number[];
  readonly #options: ComputationalGraphOptions;

  /**
   * Lays out a graph; prefer {@linkcode computationalGraph}, which documents the checks.
   *
   * @param nodes The nodes.
   * @param edges The edges.
   * @param options Title, digits and legend.
   */
  constructor(
    nodes: readonly GraphNode[],
    edges: readonly GraphEdge[],
    options: ComputationalGraphOptions = {},
  ) {
    this.nodes = nodes;
    this.edges = edges;
    this.#options = options;
    const columns = assignColumns(nodes, edges);
    this.columns = orderColumns(nodes.map((n) => n.id), columns, edges);
    const { placement, bends, width, height } = place(
      this.columns,
      this.#boxes(),
      edges,
      this.#text,
    );
    this.#placement = placement;
    this.#bends = bends;
    const legend = options.legend ?? DEFAULT_LEGEND;
    const title = options.title ?? "";
    this.width = Math.max(width, Math.ceil(legend.length * 6.2) + 20, title.length * 8.5 + 20);
    this.height = height + this.#top() + 30;
    for (const p of placement.values()) p.y += this.#top();
  }

  /**
   * Where a node was drawn.
   *
   * @param id The node's id.
   * @returns Its column, row, centre and size.
   * @throws {RangeError} When no node has that id.
   *
   * @example
   * ```ts
   * import { computationalGraph } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const g = computationalGraph([{ id: "x" }, { id: "y", label: "y = 2x" }], [
   *   { from: "x", to: "y" },
   * ]);
   * assert.ok(g.placement("x").x < g.placement("y").x); // left to right
   * assert.throws(() => g.placement("z"), RangeError);
   * ```
   */
  placement(id: string): NodePlacement {
    const p = this.#placement.get(id);
    if (p === undefined) {
      throw new RangeError(`No node "${id}" in this graph (nodes: ${this.#ids()})`);
    }
    return { ...p };
  }

  /**
   * The picture as a standalone SVG document: nodes as boxes with their label and, in green,
   * their value; edges as arrows with the gradient in red at their middle.
   *
   * @returns The SVG markup.
   *
   * @example
   * ```ts
   * import { computationalGraph } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const svg = computationalGraph([{ id: "x", value: 3 }, { id: "f", label: "f = x²", value: 9 }], [
   *   { from: "x", to: "f", gradient: 6 },
   * ]).toSvg();
   * assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
   * assert.match(svg, />f = x²</);
   * assert.match(svg, />6</);
   * ```
   */
  toSvg(): string {
    const parts: string[] = [];
    const title = this.#options.title ?? "";
    if (title !== "") {
      parts.push(
        `<text x="${this.width / 2}" y="20" text-anchor="middle" font-size="14" ` +
          `font-weight="bold">${escapeXml(title)}</text>`,
      );
    }
    for (const edge of this.edges) parts.push(this.#edgeSvg(edge));
    for (const edge of this.edges) parts.push(this.#gradientSvg(edge));
    for (const node of this.nodes) parts.push(this.#nodeSvg(node));
    const legend = this.#options.legend ?? DEFAULT_LEGEND;
    if (legend !== "") {
      parts.push(
        `<text x="8" y="${this.height - 10}" font-size="11" fill="#555">` +
          `${escapeXml(legend)}</text>`,
      );
    }
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" ` +
      `height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" role="img" ` +
      `aria-label="${escapeXml(this.toString())}" style="${FONT};background:#fff">` +
      `${parts.join("")}</svg>`;
  }

  /**
   * A one-line summary: the title and the numbers of nodes, edges and columns.
   *
   * @returns E.g. `Computational graph "f = (x + y)·z": 5 nodes, 4 edges, 3 columns`.
   *
   * @example
   * ```ts
   * import { computationalGraph } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const g = computationalGraph([{ id: "a" }, { id: "b" }], [{ from: "a", to: "b" }]);
   * assert.equal(g.toString(), "Computational graph: 2 nodes, 1 edge, 2 columns");
   * ```
   */
  toString(): string {
    const title = this.#options.title ? ` "${this.#options.title}"` : "";
    const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    return `Computational graph${title}: ${count(this.nodes.length, "node")}, ` +
      `${count(this.edges.length, "edge")}, ${count(this.columns.length, "column")}`;
  }

  /**
   * Called by the Deno Jupyter kernel to show the graph: the SVG inline in HTML (which exported
   * pages keep as it is, where nbconvert strips a bare SVG output down to its text), the SVG on
   * its own for frontends that prefer it, and a one-line summary.
   *
   * @returns `{ "text/html": …, "image/svg+xml": …, "text/plain": … }`.
   */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    const svg = this.toSvg();
    return {
      "text/html": `<div style="overflow-x:auto">${svg}</div>`,
      "image/svg+xml": svg,
      "text/plain": this.toString(),
    };
  }

  /** Makes `console.log(graph)` in Deno print {@linkcode ComputationalGraph.toString}. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  #text = (v: number | string | undefined): string => {
    if (v === undefined) return "";
    return typeof v === "number" ? formatNumber(v, this.#options.digits ?? 4) : v;
  };

  #boxes(): Map<string, { width: number; height: number }> {
    const boxes = new Map<string, { width: number; height: number }>();
    for (const node of this.nodes) {
      const label = node.label ?? node.id;
      const value = this.#text(node.value);
      const chars = Math.max(label.length, value.length);
      boxes.set(node.id, {
        width: Math.max(44, Math.ceil(chars * CHAR) + 22),
        height: value === "" ? 28 : 44,
      });
    }
    return boxes;
  }

  #top(): number {
    return (this.#options.title ?? "") === "" ? 12 : 36;
  }

  #ids(): string {
    return this.nodes.map((n) => n.id).join(", ");
  }

  #edgeSvg(edge: GraphEdge): string {
    const a = this.#placement.get(edge.from)!;
    const b = this.#placement.get(edge.to)!;
    const x1 = a.x + a.width / 2;
    const x2 = b.x - b.width / 2;
    const tip = x2 - 8;
    // Level past the gradient labels of its column, then a smooth bend to the target's height.
    const bend = Math.min(this.#bends[a.column], tip - 24);
    const dx = (tip - bend) / 2;
    const path = `M${fix(x1)},${fix(a.y)} H${fix(bend)} C${fix(bend + dx)},${fix(a.y)} ` +
      `${fix(tip - dx)},${fix(b.y)} ${fix(tip)},${fix(b.y)}`;
    const head = `${fix(x2)},${fix(b.y)} ${fix(tip)},${fix(b.y - 4.5)} ${fix(tip)},` +
      `${fix(b.y + 4.5)}`;
    return `<path d="${path}" fill="none" stroke="#555" stroke-width="1.3"/>` +
      `<polygon points="${head}" fill="#555"/>`;
  }

  #gradientSvg(edge: GraphEdge): string {
    const text = this.#text(edge.gradient);
    if (text === "") return "";
    const a = this.#placement.get(edge.from)!;
    const b = this.#placement.get(edge.to)!;
    // Just above the wire where it runs level, at its start, before any wire of the column
    // bends; a node that feeds several others labels each wire at its end instead.
    const fanOut = this.edges.filter((e) => e.from === edge.from).length > 1;
    const x = fanOut ? b.x - b.width / 2 - 12 : a.x + a.width / 2 + 6;
    const y = (fanOut ? b.y : a.y) - 6;
    return `<text x="${fix(x)}" y="${fix(y)}" text-anchor="${fanOut ? "end" : "start"}" ` +
      `font-size="12" fill="${RED}" stroke="#fff" stroke-width="3" paint-order="stroke">` +
      `${escapeXml(text)}</text>`;
  }

  #nodeSvg(node: GraphNode): string {
    const p = this.#placement.get(node.id)!;
    const kind = node.kind ?? (this.edges.some((e) => e.to === node.id) ? "operation" : "input");
    const radius = kind === "operation" ? 14 : 3;
    const label = node.label ?? node.id;
    const value = this.#text(node.value);
    const left = p.x - p.width / 2;
    const top = p.y - p.height / 2;
    const parts = [
      `<rect x="${fix(left)}" y="${fix(top)}" width="${p.width}" height="${p.height}" ` +
      `rx="${radius}" fill="${FILL[kind]}" stroke="#333" stroke-width="1"/>`,
    ];
    const labelY = value === "" ? p.y + 4.5 : p.y - 4;
    parts.push(
      `<text x="${fix(p.x)}" y="${fix(labelY)}" text-anchor="middle" font-size="13">` +
        `${escapeXml(label)}</text>`,
    );
    if (value !== "") {
      parts.push(
        `<text x="${fix(p.x)}" y="${fix(p.y + 13)}" text-anchor="middle" font-size="12" ` +
          `fill="${GREEN}">${escapeXml(value)}</text>`,
      );
    }
    return `<g>${parts.join("")}<title>${escapeXml(`${label}${value ? ` = ${value}` : ""}`)}` +
      `</title></g>`;
  }
}

/**
 * Draws a computational graph left to right: each input, parameter and operation a box with its
 * forward value, each edge an arrow labelled with the gradient that flows back along it. A node
 * sits one column right of the furthest node that feeds it; a node nothing feeds (an input or a
 * parameter) sits just left of the first node that uses it. Within a column, nodes are ordered
 * to keep edges from crossing.
 *
 * @param nodes The nodes: id, label, forward value, kind; see {@linkcode GraphNode}.
 * @param edges The edges, forward direction, with their gradients; see {@linkcode GraphEdge}.
 * @param options Title, significant digits and legend; see {@linkcode ComputationalGraphOptions}.
 * @returns The laid-out graph; it displays itself in Jupyter as SVG.
 * @throws {TypeError} When a node or edge is not an object with string ids, or a value or
 * gradient is neither a number nor a string.
 * @throws {RangeError} When ids repeat, an edge names an unknown node, or the edges form a cycle.
 *
 * @example f(x, y, z) = (x + y)·z at x = 3, y = −1, z = −2, with its backward pass
 * ```ts
 * import { computationalGraph } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const g = computationalGraph(
 *   [
 *     { id: "x", value: 3 },
 *     { id: "y", value: -1 },
 *     { id: "z", value: -2 },
 *     { id: "q", label: "q = x + y", value: 2 },
 *     { id: "f", label: "f = q·z", value: -4 },
 *   ],
 *   [
 *     { from: "x", to: "q", gradient: -2 }, // an add gate passes ∂f/∂q = z to both inputs
 *     { from: "y", to: "q", gradient: -2 },
 *     { from: "q", to: "f", gradient: -2 }, // a multiply gate sends each input the other one
 *     { from: "z", to: "f", gradient: 2 },
 *   ],
 *   { title: "f = (x + y)·z" },
 * );
 * assert.deepEqual(g.columns, [["x", "y"], ["q", "z"], ["f"]]);
 * assert.match(g.toSvg(), />q = x \+ y</);
 * assert.equal(g.toString(), 'Computational graph "f = (x + y)·z": 5 nodes, 4 edges, 3 columns');
 * assert.throws(() => computationalGraph([{ id: "a" }], [{ from: "a", to: "b" }]), RangeError);
 * ```
 *
 * @example Shapes on the nodes: one linear layer on a batch of m = 150 examples
 * ```ts
 * import { computationalGraph } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const g = computationalGraph(
 *   [
 *     { id: "X", value: "2×150" },
 *     { id: "W", kind: "parameter", value: "16×2" },
 *     { id: "Z", label: "Z = W X", value: "16×150" },
 *   ],
 *   [{ from: "X", to: "Z", gradient: "dX 2×150" }, { from: "W", to: "Z", gradient: "dW 16×2" }],
 * );
 * assert.match(g.toSvg(), />dW 16×2</);
 * assert.equal(g.placement("W").column, 0);
 * ```
 */
export function computationalGraph(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  options: ComputationalGraphOptions = {},
): ComputationalGraph {
  validate(nodes, edges, options);
  return new ComputationalGraph(nodes, edges, options);
}

function validate(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  options: ComputationalGraphOptions,
): void {
  if (!Array.isArray(nodes)) {
    throw new TypeError(`computationalGraph: nodes must be an array, got ${describeValue(nodes)}`);
  }
  if (!Array.isArray(edges)) {
    throw new TypeError(`computationalGraph: edges must be an array, got ${describeValue(edges)}`);
  }
  const ids = new Set<string>();
  nodes.forEach((node, i) => {
    if (typeof node !== "object" || node === null || typeof node.id !== "string") {
      throw new TypeError(
        `computationalGraph: node ${i} must be an object with a string id, got ${
          describeValue(node)
        }`,
      );
    }
    if (ids.has(node.id)) throw new RangeError(`computationalGraph: node id "${node.id}" repeats`);
    ids.add(node.id);
    checkText(node.value, `node "${node.id}" value`);
    if (node.label !== undefined && typeof node.label !== "string") {
      throw new TypeError(`computationalGraph: node "${node.id}" label must be a string`);
    }
    if (node.kind !== undefined && !(node.kind in FILL)) {
      throw new RangeError(
        `computationalGraph: node "${node.id}" kind must be input, parameter or operation, ` +
          `got ${describeValue(node.kind)}`,
      );
    }
  });
  edges.forEach((edge, i) => {
    if (typeof edge !== "object" || edge === null) {
      throw new TypeError(`computationalGraph: edge ${i} must be an object, got ${edge}`);
    }
    for (const end of [edge.from, edge.to]) {
      if (typeof end !== "string") {
        throw new TypeError(`computationalGraph: edge ${i} must name nodes by string ids`);
      }
      if (!ids.has(end)) {
        throw new RangeError(
          `computationalGraph: edge ${i} (${edge.from} → ${edge.to}) names an unknown node ` +
            `"${end}" (nodes: ${[...ids].join(", ")})`,
        );
      }
    }
    checkText(edge.gradient, `edge ${edge.from} → ${edge.to} gradient`);
  });
  const digits = options.digits ?? 4;
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) {
    throw new RangeError(
      `computationalGraph: digits must be an integer from 1 to 21, got ${describeValue(digits)}`,
    );
  }
}

function checkText(v: unknown, what: string): void {
  if (v !== undefined && typeof v !== "number" && typeof v !== "string") {
    throw new TypeError(
      `computationalGraph: ${what} must be a number or a string, got ${describeValue(v)}`,
    );
  }
}

/**
 * Column of each node: one more than the furthest predecessor (longest path from a source); a
 * source sits just left of its nearest consumer. Throws on a cycle, naming the nodes on it.
 */
function assignColumns(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
): Map<string, number> {
  const incoming = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const outgoing = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    incoming.get(e.to)!.push(e.from);
    outgoing.get(e.from)!.push(e.to);
  }
  // Kahn's algorithm: a topological order, or the nodes left over form a cycle.
  const waiting = new Map(nodes.map((n) => [n.id, incoming.get(n.id)!.length]));
  const ready = nodes.filter((n) => waiting.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const next of outgoing.get(id)!) {
      waiting.set(next, waiting.get(next)! - 1);
      if (waiting.get(next) === 0) ready.push(next);
    }
  }
  if (order.length < nodes.length) {
    const stuck = nodes.filter((n) => !order.includes(n.id)).map((n) => n.id);
    throw new RangeError(
      `computationalGraph: the edges form a cycle through ${stuck.join(", ")}; ` +
        `a computational graph is acyclic`,
    );
  }
  const column = new Map<string, number>();
  for (const id of order) {
    const preds = incoming.get(id)!;
    column.set(id, preds.length === 0 ? 0 : 1 + Math.max(...preds.map((p) => column.get(p)!)));
  }
  for (const id of order) {
    const consumers = outgoing.get(id)!;
    if (incoming.get(id)!.length === 0 && consumers.length > 0) {
      column.set(id, Math.min(...consumers.map((c) => column.get(c)!)) - 1);
    }
  }
  return column;
}

/**
 * The ids of each column, ordered by the mean row of their neighbours (a few sweeps left to
 * right and back); a node nothing feeds (a parameter beside its operation) goes below the nodes
 * that continue a path from the left.
 */
function orderColumns(
  ids: readonly string[],
  column: Map<string, number>,
  edges: readonly GraphEdge[],
): string[][] {
  const count = Math.max(-1, ...column.values()) + 1;
  const columns: string[][] = Array.from({ length: count }, () => []);
  for (const id of ids) columns[column.get(id)!].push(id);
  const rowOf = new Map<string, number>();
  const index = () => columns.forEach((ids) => ids.forEach((id, r) => rowOf.set(id, r)));
  const neighbours = (id: string, left: boolean) =>
    edges.filter((e) => (left ? e.to === id : e.from === id)).map((e) => (left ? e.from : e.to));
  const sortBy = (ids: string[], left: boolean) => {
    const key = new Map(ids.map((id, r) => {
      const near = neighbours(id, left).map((n) => rowOf.get(n)!);
      if (near.length === 0) return [id, left ? BELOW + r : r];
      return [id, near.reduce((s, v) => s + v, 0) / near.length];
    }));
    ids.sort((a, b) => key.get(a)! - key.get(b)! || rowOf.get(a)! - rowOf.get(b)!);
  };
  index();
  for (let sweep = 0; sweep < 4; sweep++) {
    for (let c = 1; c < count; c++) {
      sortBy(columns[c], true);
      index();
    }
    for (let c = count - 2; c >= 0; c--) {
      sortBy(columns[c], false);
      index();
    }
  }
  return columns;
}

/**
 * Pixel positions: columns side by side, each centred vertically, with a gap after each column
 * wide enough for the gradient labels of the wires that leave it (written where the wires run
 * level) and then for the wires to bend.
 */
function place(
  columns: readonly (readonly string[])[],
  boxes: Map<string, { width: number; height: number }>,
  edges: readonly GraphEdge[],
  text: (v: number | string | undefined) => string,
): { placement: Map<string, NodePlacement>; bends: number[]; width: number; height: number } {
  const colOf = new Map<string, number>();
  columns.forEach((ids, c) => ids.forEach((id) => colOf.set(id, c)));
  const colWidth = columns.map((ids) => Math.max(0, ...ids.map((id) => boxes.get(id)!.width)));
  const labelWidth = (e: GraphEdge) => {
    const s = text(e.gradient);
    return s === "" ? 0 : Math.ceil(s.length * 6.9) + 6;
  };
  const fanOut = (id: string) => edges.filter((e) => e.from === id).length > 1;
  // Room right of the column's right edge for the level part of its wires, labels included.
  // Room right of the column's right edge for the level part of its wires, labels included: a
  // label starts 6 px right of its own box, which may be narrower than the column.
  const boxRightInColumn = (id: string) => (boxes.get(id)!.width - colWidth[colOf.get(id)!]) / 2;
  const level = columns.map((_, c) =>
    Math.max(
      10,
      ...edges.filter((e) => colOf.get(e.from) === c && !fanOut(e.from))
        .map((e) => boxRightInColumn(e.from) + 6 + labelWidth(e) + 8),
    )
  );
  const gaps = columns.map((_, c) => {
    const ends = edges.filter((e) => colOf.get(e.from) === c && fanOut(e.from)).map(labelWidth);
    return Math.max(56, level[c] + 44, ...ends.map((w) => w + 40));
  });
  const gapY = 26;
  const colHeight = columns.map((ids) =>
    ids.reduce((s, id) => s + boxes.get(id)!.height, 0) + gapY * Math.max(0, ids.length - 1)
  );
  const height = Math.max(0, ...colHeight);
  const placement = new Map<string, NodePlacement>();
  const bends: number[] = [];
  let left = 12;
  columns.forEach((ids, c) => {
    let top = (height - colHeight[c]) / 2;
    ids.forEach((id, row) => {
      const { width, height: h } = boxes.get(id)!;
      placement.set(id, {
        column: c,
        row,
        x: left + colWidth[c] / 2,
        y: top + h / 2,
        width,
        height: h,
      });
      top += h + gapY;
    });
    bends.push(left + colWidth[c] + level[c]);
    left += colWidth[c] + (c < columns.length - 1 ? gaps[c] : 0);
  });
  return { placement, bends, width: Math.ceil(left + 12), height: Math.ceil(height) };
}

/** A number with `digits` significant digits, trailing zeros dropped, a true minus sign. */
function formatNumber(v: number, digits: number): string {
  if (!Number.isFinite(v)) return String(v);
  const text = Number.isInteger(v) && Math.abs(v) < 1e6
    ? String(v)
    : v.toPrecision(digits).replace(/(\.\d*?)0+(e|$)/, "$1$2").replace(/\.(e|$)/, "$1");
  return text.replace(/^-/, "−");
}

function fix(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
