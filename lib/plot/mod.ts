/**
 * Figures and live display in Jupyter: line and log-log plots, heatmaps, Jacobian comparisons,
 * scatter plots and decision boundaries, image grids, confusion matrices and training curves,
 * drawn by plotly.js (from its npm package, embedded in the page, never from a CDN).
 *
 * @example
 * ```ts
 * import { linePlot } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = linePlot({ loss: [2.3, 1.1, 0.6] }, { yTitle: "loss" });
 * assert.equal(fig.data.length, 1);
 * ```
 *
 * @module
 */

export * from "./figure.ts";
export * from "./line_plot.ts";
export * from "./log_log_plot.ts";
export * from "./heatmap.ts";
export * from "./jacobian_comparison.ts";
export * from "./scatter_plot.ts";
export * from "./decision_boundary.ts";
export * from "./image_grid.ts";
export * from "./confusion_matrix_plot.ts";
export * from "./training_curves.ts";
export * from "./live_training.ts";
export * from "./computational_graph.ts";
