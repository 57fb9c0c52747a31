/**
 * A small neural-network library that follows Justin Johnson's "Notes about Neural Networks"
 * (2014): matrices, layers with their backward passes, softmax and its Jacobian, cross-entropy,
 * regularizers, training, and gradient checking.
 *
 * Examples are stored as columns, as in the note: a batch X is n × m (n features, m examples).
 * A {@linkcode Matrix} is a row-major `Float64Array` with `rows` and `cols`.
 *
 * @example
 * ```ts
 * import { assertAllClose, Matrix, softmax } from "@nn-notes/core";
 *
 * const scores = Matrix.from([[1, 0], [2, 0], [3, 0]]); // k = 3 classes, m = 2 examples
 * const p = softmax(scores);
 * assertAllClose(p.column(1), [1 / 3, 1 / 3, 1 / 3]);
 * ```
 *
 * @module
 */

// Matrices, random numbers and numeric comparison.
export * from "./matrix.ts";
export * from "./matmul.ts";
export * from "./random.ts";
export * from "./all_close.ts";

// The note's section 2 and 3: softmax, its derivatives, cross-entropy.
export * from "./softmax.ts";
export * from "./cross_entropy.ts";
export * from "./softmax_cross_entropy.ts";

// Layers, each forward beside its backward, and the regularizers.
export * from "./linear.ts";
export * from "./relu.ts";
export * from "./sigmoid.ts";
export * from "./tanh.ts";
export * from "./regularizers.ts";

// The note's section 1: networks as compositions, the objective, training.
export * from "./network.ts";
export * from "./layers.ts";
export * from "./two_layer_net.ts";
export * from "./objective.ts";
export * from "./optimizers.ts";
export * from "./predict.ts";
export * from "./train.ts";

// Data sets.
export * from "./dataset.ts";
export * from "./spiral.ts";
export * from "./mnist.ts";

// Gradient checking: finite differences, exact dual numbers, reports, injected bugs.
export * from "./numerical_gradient.ts";
export * from "./gradient_check.ts";
export * from "./gradient_check_report.ts";
export * from "./diagnose_gradient.ts";
export * from "./dual.ts";
export * from "./backprop_bugs.ts";

// Figures and live display in Jupyter.
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
