// Shared by the derivative tests: finite-difference gradients of layers, the tolerances they are
// held to, and a record of the largest error each named check measured (read by a throwaway
// script when the closing report lists them; the tests themselves print nothing).
//
// Tolerances, written down once:
// - RTOL_SMOOTH = 1e-7 (cs231n's rule of thumb) for relError(analytic, numerical) at typical
//   values (entries of order 1). Central differences with h = 1e-5 have truncation error
//   h²·|f‴|/6 ≈ 1e-11 and rounding error ≈ ε·|f|/h ≈ 2e-11, so smooth functions measure
//   1e-9 to 1e-11 there; 1e-7 leaves two orders of margin.
// - Over wide ranges (logits of ±1000, saturated sigmoid) some gradient entries are tiny
//   (e^{-20} ≈ 2e-9) while the rounding error of the difference stays ≈ ε·|f|/h in absolute
//   terms, so relError (which only floors |a| + |b| at 1e-8) is not meaningful for them. There the
//   check is absolute: |analytic − numerical| ≤ fdAtol(scale) = 1e-9 · max(1, scale), where
//   scale bounds the magnitude of the sums f is computed from (|f| ≤ scale); ε/h ≈ 2.2e-11, so
//   the bound keeps a margin of about 40.

import fc from "./_fast_check.ts";
import { assert, assertThrows } from "./_assert.ts";
import { Matrix, type Numeric, numericalVjp, relError, Rng } from "../lib/mod.ts";

/** relError bound for smooth functions at typical values (cs231n). */
export const RTOL_SMOOTH = 1e-7;

/** The absolute finite-difference tolerance for a function whose values are at most `scale`. */
export function fdAtol(scale: number): number {
  return 1e-9 * Math.max(1, scale);
}

/** The largest relative (or absolute) error each named check has measured in this process. */
export const measured: Map<string, number> = new Map();

function record(name: string, err: number): void {
  measured.set(name, Math.max(measured.get(name) ?? 0, err));
}

/** Asserts relError(analytic, numerical) < tol and records it under `name`. */
export function assertRelErrorBelow(
  name: string,
  analytic: Numeric,
  numerical: Numeric,
  tol: number = RTOL_SMOOTH,
): void {
  const err = relError(analytic, numerical);
  record(`${name} [relError]`, err);
  assert(err < tol, `${name}: relError ${err} is not below ${tol}`);
}

/** Asserts max |analytic − numerical| ≤ atol and records it under `name`. */
export function assertAbsErrorBelow(
  name: string,
  analytic: Matrix | Float64Array,
  numerical: Matrix | Float64Array,
  atol: number,
): void {
  const a = analytic instanceof Matrix ? analytic.data : analytic;
  const b = numerical instanceof Matrix ? numerical.data : numerical;
  assert(a.length === b.length, `${name}: ${a.length} analytic and ${b.length} numerical entries`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= worst)) worst = d; // NaN becomes the worst
  }
  record(`${name} [max abs error]`, worst);
  record(`${name} [relError, recorded only]`, relError(a, b));
  assert(worst <= atol, `${name}: max |analytic − numerical| ${worst} exceeds ${atol}`);
}

/**
 * The numerical ∂L/∂X of L(X) = Σ f(X) ∘ dOut, i.e. what a backward pass given the upstream
 * gradient dOut must return, by central differences over every entry of X (restored exactly):
 * the library's numericalVjp, laid out in X's shape.
 */
export function numericalBackward(
  f: (X: Matrix) => Matrix,
  X: Matrix,
  dOut: Matrix,
): Matrix {
  return new Matrix(X.rows, X.cols, numericalVjp(f, X, { dOut }));
}

/** A fast-check generator of k × m matrices, 1 ≤ k, m ≤ 8, with entries drawn from `entry`. */
export function matrixOf(entry: fc.Arbitrary<number>): fc.Arbitrary<Matrix> {
  const shape = fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }));
  return shape.chain(([k, m]) =>
    fc.array(entry, { minLength: k * m, maxLength: k * m }).map((v) =>
      new Matrix(k, m, Float64Array.from(v))
    )
  );
}

/** An elementwise layer's forward and backward, as lib/relu.ts, sigmoid.ts and tanh.ts export them. */
export interface ElementwiseLayer<C> {
  forward(X: Matrix): { out: Matrix; cache: C };
  backward(dOut: Matrix, cache: C): Matrix;
}

/**
 * Asserts, for `trials` inputs X = sample(rng) and N(0, 1) upstream gradients, that the layer's
 * backward matches finite differences of Σ forward(X) ∘ dOut with relError < RTOL_SMOOTH.
 */
export function checkBackwardRelError<C>(
  name: string,
  layer: ElementwiseLayer<C>,
  sample: (rng: Rng) => Matrix,
  seed: number,
): void {
  const rng = new Rng(seed);
  for (let trial = 0; trial < 20; trial++) {
    const X = sample(rng);
    const dOut = rng.normalMatrix(X.rows, X.cols);
    assertRelErrorBelow(
      name,
      layer.backward(dOut, layer.forward(X).cache),
      numericalBackward((V) => layer.forward(V).out, X, dOut),
    );
  }
}

/**
 * Property over shapes 1–8 with entries from `entry` and upstream gradients in [−1, 1]: the
 * backward is finite and within fdAtol(bound · size) of finite differences, where `bound`
 * bounds |forward(x)| (so Σ forward(X) ∘ dOut is a sum of terms no larger than it).
 */
export function checkBackwardProperty<C>(
  name: string,
  layer: ElementwiseLayer<C>,
  entry: fc.Arbitrary<number>,
  bound: number,
): void {
  fc.assert(
    fc.property(matrixOf(entry), fc.integer({ min: 0, max: 2 ** 31 }), (X, seed) => {
      const dOut = new Rng(seed).uniformMatrix(X.rows, X.cols, -1, 1);
      const dX = layer.backward(dOut, layer.forward(X).cache);
      assert(dX.data.every(Number.isFinite), `${name}: a non-finite gradient`);
      const numerical = numericalBackward((V) => layer.forward(V).out, X, dOut);
      assertAbsErrorBelow(name, dX, numerical, fdAtol(bound * X.size));
    }),
  );
}

/**
 * An activation's `out` option: forward and backward write into the given matrices, which hold
 * exactly what the allocating calls return; a wrong shape or a buffer shared with an argument
 * is refused, naming the shapes.
 */
export function checkActivationOut<C>(
  layer: {
    forward(X: Matrix, options?: { out?: Matrix }): { out: Matrix; cache: C };
    backward(dOut: Matrix, cache: C, options?: { out?: Matrix }): Matrix;
  },
  seed: number,
): void {
  const rng = new Rng(seed);
  const X = rng.normalMatrix(5, 7, 2);
  const dOut = rng.normalMatrix(5, 7);
  const fresh = layer.forward(X);
  const out = Matrix.full(5, 7, 99);
  const reused = layer.forward(X, { out });
  assert(reused.out === out, "forward returns the given out");
  assert(out.data.every((v, i) => Object.is(v, fresh.out.data[i])), "forward: same values");
  const dX = Matrix.full(5, 7, 99);
  assert(layer.backward(dOut, reused.cache, { out: dX }) === dX, "backward returns the given out");
  const dXFresh = layer.backward(dOut, fresh.cache);
  assert(dX.data.every((v, i) => Object.is(v, dXFresh.data[i])), "backward: same values");
  assertThrows(
    () => layer.forward(X, { out: Matrix.zeros(7, 5) }),
    /out is 7×5 but the result is 5×7/,
  );
  assertThrows(() => layer.forward(X, { out: X }), /output buffer shares memory with X/);
  assertThrows(() => layer.backward(dOut, fresh.cache, { out: dOut }), /shares memory with dOut/);
}
