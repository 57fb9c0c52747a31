// The exact third check (issue 6): forward-mode dual numbers confirm the library's analytic
// derivatives (E9 softmaxJacobian, E11 softmaxBackward, E15 crossEntropyGradP/GradQ, the softmax
// cross-entropy's dScores, and the sigmoid, tanh and ReLU backward passes) to machine precision,
// where the central difference agrees only to about 1e-9.
//
// Two error measures are used. "entrywise" is cs231n's max |a − b| / max(1e-8, |a| + |b|)
// (relError). "normwise" is max |a − b| / max |b|: an entry that is the small difference of
// larger terms (softmaxBackward's dY − 1ᵀ(Y ∘ dY)) carries round-off relative to those terms,
// so only the normwise error is at ε there. Measured over 200 random cases with logits of
// standard deviation 1 and shapes 1–8 (see the numbers in each step):
//   softmaxJacobian      entrywise 6.5e-16                     FD: 1.4e-9
//   softmaxBackward      entrywise 1.0e-11, normwise 1.2e-15   FD: 6.9e-7 / 5.8e-11
//   dScores (p − q)/m    entrywise 2.8e-15                     FD: 1.6e-8
//   crossEntropyGradP/Q, sigmoid, tanh, relu backward: exactly equal (0)
// With logits of standard deviation 30 the softmax formulas lose relative precision where
// y ≈ 1 (1 − y cancels) in both the analytic and the dual computation: entrywise about 1e-9.

import fc from "./_fast_check.ts";
import {
  crossEntropyGradP,
  crossEntropyGradQ,
  Dual,
  dualCrossEntropy,
  dualGradient,
  dualJacobian,
  dualMul,
  dualRelu,
  dualSigmoid,
  dualSoftmax,
  dualSoftmaxCrossEntropy,
  dualSum,
  dualTanh,
  Matrix,
  numericalGradient,
  numericalJacobian,
  numericalVjp,
  reluBackward,
  reluForward,
  Rng,
  sigmoidBackward,
  sigmoidForward,
  softmax,
  softmaxBackward,
  softmaxCrossEntropy,
  softmaxJacobian,
  tanhBackward,
  tanhForward,
} from "../lib/mod.ts";
import { assert, assertAllClose, assertEquals, assertThrows, relError } from "./_assert.ts";

/** max |a − b| / max |b|. */
function normwise(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return s === 0 ? d : d / s;
}

/** Random cases: k classes or rows, m examples, 1–8 each, seeded. */
const shapes = fc.record({
  k: fc.integer({ min: 1, max: 8 }),
  m: fc.integer({ min: 1, max: 8 }),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
});

Deno.test("dual numbers apply each derivative rule exactly", () => {
  const x = new Dual(Matrix.from([[0.7, -1.3]]), Matrix.from([[1, 1]]));
  const tanh = dualTanh(x);
  const sig = dualSigmoid(x);
  for (let i = 0; i < 2; i++) {
    const v = x.re.data[i];
    assertEquals(tanh.eps.data[i], 1 - Math.tanh(v) ** 2);
    const s = sig.re.data[i];
    assertEquals(sig.eps.data[i], s * (1 - s));
  }
  assertEquals([...dualMul(x, x).eps.data], [1.4, -2.6]);
  assertEquals([...dualRelu(x).eps.data], [1, 0]);
  assertThrows(() => new Dual(Matrix.from([[NaN]]), Matrix.zeros(1, 1)), RangeError);
});

Deno.test("dual helpers name bad input instead of failing on a NaN later", () => {
  assertThrows(
    () => dualSoftmaxCrossEntropy(Dual.constant(Matrix.zeros(2, 0)), []),
    /at least one class and one example, got scores 2×0/,
  );
  assertThrows(
    () => dualJacobian(() => Matrix.zeros(1, 1) as unknown as Dual, new Float64Array([1])),
    /f must return a Dual .* got a 1×1 Matrix/,
  );
});

Deno.test("softmaxJacobian (E9) equals the dual Jacobian to machine precision", () => {
  let worst = 0;
  let worstFd = 0;
  fc.assert(
    fc.property(shapes, ({ k, seed }) => {
      const rng = new Rng(seed);
      const x = Float64Array.from({ length: k }, () => rng.normal());
      const exact = dualJacobian(dualSoftmax, x);
      const analytic = softmaxJacobian(softmax(Matrix.column(x)).data);
      worst = Math.max(worst, relError(analytic, exact));
      const fd = numericalJacobian((v) => softmax(Matrix.column(v)).data, x);
      worstFd = Math.max(worstFd, relError(fd, exact));
    }),
    { numRuns: 200 },
  );
  assert(worst < 1e-14, `analytic vs dual ${worst}`); // measured 6.5e-16
  assert(worstFd > 1e-12 && worstFd < 1e-7, `finite difference vs dual ${worstFd}`); // 1.4e-9
});

Deno.test("softmaxBackward (E11) equals the dual vector-Jacobian product", () => {
  let worst = 0;
  let worstFd = 0;
  fc.assert(
    fc.property(shapes, ({ k, m, seed }) => {
      const rng = new Rng(seed);
      const S = rng.normalMatrix(k, m);
      const dY = rng.normalMatrix(k, m);
      // dᵀ softmax(S) contracted with dY: its gradient is exactly the VJP softmaxBackward gives.
      const exact = dualGradient((d) => dualSum(dualMul(Dual.constant(dY), dualSoftmax(d))), S);
      worst = Math.max(worst, normwise(softmaxBackward(softmax(S), dY).data, exact));
      worstFd = Math.max(worstFd, normwise(numericalVjp(softmax, S, { dOut: dY }), exact));
    }),
    { numRuns: 200 },
  );
  assert(worst < 1e-14, `analytic vs dual, normwise ${worst}`); // measured 1.2e-15
  assert(worstFd > 1e-13 && worstFd < 1e-7, `finite difference vs dual ${worstFd}`); // 5.8e-11
});

Deno.test("softmaxCrossEntropy's dScores = (p − q)/m equals the dual gradient", () => {
  let worst = 0;
  let worstFd = 0;
  fc.assert(
    fc.property(shapes, ({ k, m, seed }) => {
      const rng = new Rng(seed);
      const S = rng.normalMatrix(k, m);
      const labels = Array.from({ length: m }, () => rng.int(k));
      const exact = dualGradient((d) => dualSoftmaxCrossEntropy(d, labels), S);
      const { loss, dScores } = softmaxCrossEntropy(S, labels);
      worst = Math.max(worst, relError(dScores.data, exact));
      const fd = numericalGradient(() => softmaxCrossEntropy(S, labels).loss, S.data);
      worstFd = Math.max(worstFd, relError(fd, exact));
      const value = dualSoftmaxCrossEntropy(Dual.constant(S), labels).re.data[0];
      assertAllClose(value, loss, { rtol: 1e-13 });
    }),
    { numRuns: 200 },
  );
  assert(worst < 1e-14, `analytic vs dual ${worst}`); // measured 2.8e-15
  assert(worstFd > 1e-12 && worstFd < 1e-6, `finite difference vs dual ${worstFd}`); // 1.6e-8
});

Deno.test("crossEntropyGradP and crossEntropyGradQ (E15) equal the dual gradients exactly", () => {
  fc.assert(
    fc.property(shapes, ({ k, seed }) => {
      const rng = new Rng(seed);
      const p = softmax(rng.normalMatrix(k, 1)).data;
      const q = softmax(rng.normalMatrix(k, 1)).data;
      const column = (v: Float64Array) => Dual.constant(Matrix.column(v));
      const gradP = dualGradient((d) => dualCrossEntropy(column(q), d), p);
      const gradQ = dualGradient((d) => dualCrossEntropy(d, column(p)), q);
      assertEquals(relError(crossEntropyGradP(q, p), gradP), 0);
      assertEquals(relError(crossEntropyGradQ(p), gradQ), 0);
    }),
    { numRuns: 100 },
  );
});

Deno.test("sigmoid, tanh and ReLU backward equal the dual VJPs exactly", async (t) => {
  const cases = [
    ["sigmoid", sigmoidForward, sigmoidBackward, dualSigmoid],
    ["tanh", tanhForward, tanhBackward, dualTanh],
    ["relu", reluForward, reluBackward, dualRelu],
  ] as const;
  for (const [name, forward, backward, dual] of cases) {
    await t.step(name, () => {
      let worstFd = 0;
      fc.assert(
        fc.property(shapes, ({ k, m, seed }) => {
          const rng = new Rng(seed);
          const X = rng.normalMatrix(k, m);
          const dOut = rng.normalMatrix(k, m);
          // deno-lint-ignore no-explicit-any
          const { cache } = forward(X) as { cache: any };
          const analytic = backward(dOut, cache).data;
          const exact = dualGradient((d) => dualSum(dualMul(Dual.constant(dOut), dual(d))), X);
          assertEquals(relError(analytic, exact), 0);
          const fd = numericalVjp((A: Matrix) => forward(A).out, X, { dOut });
          worstFd = Math.max(worstFd, normwise(fd, exact));
        }),
        { numRuns: 100 },
      );
      // The finite difference is good to about 1e-9 (normwise), never to ε.
      assert(worstFd < 1e-7, `${name}: finite difference vs dual ${worstFd}`);
    });
  }
});

Deno.test("a wrong analytic derivative is far from the dual one", () => {
  // The softmax Jacobian without its −y yᵀ term: the dual check must see it at once.
  const x = Float64Array.from([0.2, -0.4, 1.0]);
  const y = softmax(Matrix.column(x)).data;
  const wrong = Matrix.identity(3).map((d, i) => d * y[i]);
  assert(relError(wrong, dualJacobian(dualSoftmax, x)) > 0.1);
});
