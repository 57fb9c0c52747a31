// Private: the check of the gradient-checking exercise (notebook 04): a numerical gradient by
// central differences, compared with exact gradients of three smooth functions.

import { Rng } from "../core/random.ts";
import type { ExerciseSpec, StudentFunction, Trial } from "./_exercise_trial.ts";

interface Smooth {
  label: string;
  f: (x: Float64Array) => number;
  grad: (x: Float64Array) => Float64Array;
  x: Float64Array;
}

/** The student's function again on the same f, x and h, computed the wrong ways they often are. */
function differences(
  f: (x: Float64Array) => number,
  x0: Float64Array,
  h: number,
  kind: "forward" | "backward" | "over-h" | "all-at-once",
): Float64Array {
  const x = x0.slice();
  const fx = f(x);
  return x.map((_, i) => {
    const old = x[i];
    if (kind === "all-at-once") {
      const up = f(x0.map((v) => v + h));
      const down = f(x0.map((v) => v - h));
      return (up - down) / (2 * h);
    }
    x[i] = old + h;
    const plus = f(x);
    x[i] = old - h;
    const minus = f(x);
    x[i] = old;
    if (kind === "forward") return (plus - fx) / h;
    if (kind === "backward") return (fx - minus) / h;
    return (plus - minus) / h;
  });
}

/** ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h for every i, leaving x as it was. */
export const numericalGradientSpec: ExerciseSpec = {
  id: "numericalGradient",
  title: "a numerical gradient by central differences",
  equation: "E5",
  fn: "myNumericalGradient",
  async run(fn: StudentFunction, t: Trial): Promise<void> {
    const f = fn as unknown as (
      g: (x: Float64Array) => number,
      x: Float64Array,
      h: number,
    ) => unknown;
    const rng = new Rng(1400);
    const h = 1e-5;
    const cases: Smooth[] = [
      {
        label: "n = 4, f(x) = Σ x_i³ + x_0 x_1",
        f: (x) => x.reduce((s, v) => s + v ** 3, 0) + x[0] * x[1],
        grad: (x) => x.map((v, i) => 3 * v * v + (i === 0 ? x[1] : i === 1 ? x[0] : 0)),
        x: Float64Array.from({ length: 4 }, () => rng.normal()),
      },
      {
        label: "n = 3, f(x) = log Σ e^{x_i}",
        f: (x) => Math.log(x.reduce((s, v) => s + Math.exp(v), 0)),
        grad: (x) => {
          const total = x.reduce((s, v) => s + Math.exp(v), 0);
          return x.map((v) => Math.exp(v) / total);
        },
        x: Float64Array.from({ length: 3 }, () => rng.normal()),
      },
      {
        label: "n = 1, f(x) = 3 sin x_0",
        f: (x) => 3 * Math.sin(x[0]),
        grad: (x) => new Float64Array([3 * Math.cos(x[0])]),
        x: new Float64Array([0.7]),
      },
    ];
    for (const { label, f: g, grad, x } of cases) {
      const n = x.length;
      t.begin({ n }, `${label}, h = 1e-5`);
      const given = x.slice();
      const out = t.vector("the gradient", await t.call(() => f(g, given, h)), n, "n");
      const moved = given.findIndex((v, i) => v !== x[i]);
      if (moved >= 0) {
        const drift = Math.abs(given[moved] - x[moved]) <= 1e-12 * Math.max(1, Math.abs(x[moved]));
        t.fail(
          `x was left changed by the call (x[${moved}] is ${given[moved]} instead ` +
            `of ${x[moved]}): ` +
            (drift
              ? "adding and subtracting h does not give x back exactly in floating point; save " +
                "the old value and put it back (x[i] = old)"
              : "restore x[i] to its old value after each pair of evaluations") +
            "; whoever calls you reuses x",
        );
      }
      t.compare("the gradient", out, grad(x), {
        against: "the exact gradient",
        hypotheses: [
          {
            message: "a one-sided (forward) difference (f(x + h) − f(x)) / h: its error is " +
              "O(h), about 1e-5 here; the central difference (f(x + h) − f(x − h)) / 2h has " +
              "error O(h²)",
            value: () => differences(g, x, h, "forward"),
          },
          {
            message: "a one-sided (backward) difference (f(x) − f(x − h)) / h: its error is " +
              "O(h); the central difference (f(x + h) − f(x − h)) / 2h has error O(h²)",
            value: () => differences(g, x, h, "backward"),
          },
          {
            message: "twice the gradient: the central difference spans 2h, so divide " +
              "f(x + h) − f(x − h) by 2h, not by h",
            value: () => differences(g, x, h, "over-h"),
          },
          {
            message: "every entry of x was moved at once: that measures the slope along " +
              "(1, …, 1); move one entry x_i at a time",
            value: () => differences(g, x, h, "all-at-once"),
          },
        ],
      });
    }
  },
};
