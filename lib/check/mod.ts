/**
 * Checking derivatives: central finite differences, gradient and Jacobian checks with reports
 * that name the worst entry, a diagnosis of what a wrong gradient's error pattern means, exact
 * dual numbers, and a catalogue of classic backpropagation bugs.
 *
 * @example
 * ```ts
 * import { checkGradient } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * // f(x) = Σ x², whose gradient is 2x.
 * const f = (x: Float64Array) => ({
 *   value: x.reduce((s, v) => s + v * v, 0),
 *   grad: x.map((v) => 2 * v),
 * });
 * const report = checkGradient(f, new Float64Array([1, -2, 3]));
 * assert.ok(report.passed && report.maxRelError < 1e-8);
 * ```
 *
 * @module
 */

export * from "./numerical_gradient.ts";
export * from "./gradient_check.ts";
export * from "./gradient_check_report.ts";
export * from "./diagnose_gradient.ts";
export * from "./dual.ts";
export * from "./backprop_bugs.ts";
export * from "./not_implemented.ts";
export * from "./exercise_report.ts";
export * from "./exercises.ts";
