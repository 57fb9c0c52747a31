/**
 * A grid of small grayscale images with a caption each: MNIST digits, misclassified ones with
 * their true and predicted labels.
 *
 * @module
 */

import { Figure, type PlotOptions, type Trace } from "./figure.ts";
import { Matrix } from "../core/matrix.ts";
import {
  baseLayout,
  compact,
  finiteRange,
  PLOT_OPTIONS,
  plotOptions,
  topMargin,
} from "./_plot_common.ts";
import { assertNumbers, describeValue } from "../core/_shape.ts";

/** Options of {@linkcode imageGrid}. */
export interface ImageGridOptions extends PlotOptions {
  /** A caption per image, e.g. "true 7 / predicted 1". @default {undefined} (no captions) */
  titles?: readonly string[];
  /** Images per row. @default {10} (or fewer when there are fewer images) */
  columns?: number;
  /** The width of one image in pixels of the image; its height is size / width. @default {√size} */
  imageWidth?: number;
  /** Screen pixels per image width. @default {64} */
  cellSize?: number;
}

/**
 * Draws images side by side in rows, each with an optional caption. An image is a vector of
 * width · height pixels stored row by row (an MNIST digit is 784 = 28 · 28 values in [0, 1], 1
 * for ink, drawn black on white); several come as the columns of a matrix, one image per
 * column, or as a list of vectors.
 *
 * @param images A d × m matrix (one image per column) or a list of m vectors of length d.
 * @param options Captions and layout; see {@linkcode ImageGridOptions}.
 * @returns A figure with one heatmap trace per image on a shared gray color axis, captions as
 * annotations.
 * @throws {RangeError} When images differ in size, d is not a multiple of the width, or the number
 * of captions differs from the number of images.
 * @throws {TypeError} When an argument or option has the wrong type.
 *
 * @example Two 2 × 2 images, captioned
 * ```ts
 * import { Matrix } from "../core/mod.ts";
 * import { imageGrid } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const images = Matrix.fromColumns([[1, 0, 0, 1], [0, 1, 1, 0]]); // 4 × 2: two images
 * const fig = imageGrid(images, { titles: ["true 7 / predicted 1", "true 3 / predicted 5"] });
 * assert.deepEqual(fig.data.map((t) => t.type), ["heatmap", "heatmap"]);
 * assert.deepEqual(fig.data[1].z, [[0, 1], [1, 0]]); // image 1, row by row
 * const captions = (fig.layout.annotations as { text: string }[]).map((a) => a.text);
 * assert.deepEqual(captions, ["true 7 / predicted 1", "true 3 / predicted 5"]);
 * assert.throws(() => imageGrid(images, { titles: ["one"] }), RangeError);
 * ```
 */
export function imageGrid(
  images: Matrix | readonly ArrayLike<number>[],
  options?: ImageGridOptions,
): Figure {
  options = plotOptions(options, {
    ...PLOT_OPTIONS,
    titles: "strings",
    columns: "count",
    imageWidth: "count",
    cellSize: "size",
  }, "imageGrid");
  const list = asList(images);
  const m = list.length;
  const d = m === 0 ? 0 : list[0].length;
  const { titles, cellSize = 64 } = options;
  const width = options.imageWidth ?? Math.round(Math.sqrt(d));
  if (m > 0 && (width < 1 || d % width !== 0)) {
    throw new RangeError(`imageGrid: images of ${d} pixels cannot be ${width} pixels wide`);
  }
  if (titles !== undefined && titles.length !== m) {
    throw new RangeError(`imageGrid: ${titles.length} titles for ${m} images`);
  }
  const height = m === 0 ? 0 : d / width;
  const columns = Math.max(1, Math.min(options.columns ?? 10, m));
  const gridRows = Math.ceil(m / columns);
  // Sizes in pixels of the image; `scale` screen pixels each. Tiles are widened for captions
  // (about 6 screen pixels a character at 10 px) and get a band above the image for them.
  const scale = cellSize / Math.max(1, width);
  const longest = Math.max(0, ...(titles ?? []).map((t) => t.length));
  const fontSize = 10;
  const captionWidth = (longest * 0.6 * fontSize + 8) / scale;
  const gap = Math.max(1, Math.round(width / 14), Math.ceil(captionWidth - width));
  const captionBand = titles === undefined
    ? Math.max(1, Math.round(width / 14))
    : Math.ceil((fontSize + 8) / scale);
  const tileW = width + gap;
  const tileH = height + captionBand;

  // One heatmap per image, placed by x0/y0 on a shared color axis: the gaps between tiles cost
  // nothing in the notebook's JSON.
  let lo = 0;
  let hi = 1;
  const traces: Trace[] = list.map((image, idx) => {
    if (image.length !== d) {
      throw new RangeError(`imageGrid: image ${idx} has ${image.length} pixels, image 0 has ${d}`);
    }
    const [a, b] = finiteRange(image);
    lo = Math.min(lo, a);
    hi = Math.max(hi, b);
    const pixels = compact(image, 2);
    const z = Array.from({ length: height }, (_, r) => pixels.slice(r * width, (r + 1) * width));
    return {
      type: "heatmap",
      z,
      x0: (idx % columns) * tileW,
      dx: 1,
      y0: Math.floor(idx / columns) * tileH + captionBand,
      dy: 1,
      coloraxis: "coloraxis",
      name: titles?.[idx] ?? `image ${idx}`,
      hovertemplate: "%{z}<extra>%{fullData.name}</extra>",
    };
  });

  const annotations = (titles ?? []).map((text, idx) => ({
    text,
    x: (idx % columns) * tileW + (width - 1) / 2,
    xanchor: "center",
    y: Math.floor(idx / columns) * tileH + captionBand - 0.5,
    xref: "x",
    yref: "y",
    yanchor: "bottom",
    showarrow: false,
    font: { size: fontSize },
  }));
  const layout = baseLayout(options);
  const margin = { l: 10, r: 10, t: topMargin(options.title), b: 10 };
  layout.margin = margin;
  // The title is centred over the figure and cut at its edges: a title wider than a small grid
  // widens the figure (about 0.6 em a character at the title's 17 px; the grid stays centred).
  const titleWidth = options.title ? Math.ceil(options.title.length * 0.6 * 17) + 20 : 0;
  layout.width = options.width ??
    Math.max(Math.round(columns * tileW * scale) + margin.l + margin.r, titleWidth);
  layout.height = options.height ??
    Math.round(gridRows * tileH * scale) + margin.t + margin.b;
  const hidden = { visible: false, showgrid: false, zeroline: false };
  layout.xaxis = { ...hidden, range: [-0.5 - gap / 2, columns * tileW - 0.5 - gap / 2] };
  layout.yaxis = { ...hidden, autorange: "reversed", scaleanchor: "x" };
  layout.annotations = annotations;
  layout.coloraxis = {
    cmin: lo,
    cmax: hi,
    colorscale: [[0, "#ffffff"], [1, "#000000"]],
    showscale: false,
  };
  return new Figure(traces, layout);
}

function asList(images: Matrix | readonly ArrayLike<number>[]): ArrayLike<number>[] {
  if (images instanceof Matrix) {
    return Array.from({ length: images.cols }, (_, j) => images.column(j));
  }
  if (!Array.isArray(images)) {
    throw new TypeError(
      `imageGrid expects a d × m Matrix or a list of pixel vectors, got ${describeValue(images)}`,
    );
  }
  images.forEach((image, i) => assertNumbers(image, `imageGrid: image ${i}`));
  return [...images];
}
