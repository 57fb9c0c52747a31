// The note's slips X1 and X3, checked against the library: it follows the corrected forms, and
// the forms as written give different (wrong) results. (X2 is shown in softmax_test.ts.)
import { assert, assertAllClose, assertEquals, relError } from "./_assert.ts";
import {
  crossEntropy,
  linearLayer,
  Matrix,
  networkForward,
  reluLayer,
  Rng,
  sequential,
  softmax,
  softmaxCrossEntropy,
} from "../lib/mod.ts";
import fc from "./_fast_check.ts";

Deno.test("X1: activations follow a_i = f_i(w_i, a_{i−1}), not the note's a_{i+1}", async (t) => {
  await t.step("networkForward's a_i is layer i applied to a_{i−1}, for random widths", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 5 }), (w) => {
        const rng = new Rng(w.length * 31 + w[0]);
        const layers = w.slice(1).map((out, i) => linearLayer(w[i], out, { rng }));
        const net = sequential(layers);
        const { activations } = networkForward(net, rng.normalMatrix(w[0], 3));
        assertEquals(activations.map((a) => a.rows), w); // a_i has n_i rows, i = 0, …, k
        for (let i = 1; i < w.length; i++) {
          assertEquals(relError(activations[i], layers[i - 1].forward(activations[i - 1]).out), 0);
        }
      }),
    );
  });

  await t.step("read as written, the recursion never defines a_1 and skips layers", () => {
    const rng = new Rng(3);
    const layers = [linearLayer(2, 4, { rng }), reluLayer(), linearLayer(4, 3, { rng })];
    const x = Matrix.column([0.8, -1.1]);
    const literal = new Map<number, Matrix>([[0, x]]);
    for (let i = 1; i <= layers.length; i++) { // a_{i+1} = f_i(w_i, a_{i−1})
      const input = literal.get(i - 1);
      if (input !== undefined) literal.set(i + 1, layers[i - 1].forward(input).out);
    }
    assertEquals([...literal.keys()], [0, 2, 4]); // no a_1 and no output a_3
    const y = networkForward(sequential(layers), x).activations[3];
    assert(relError(literal.get(4)!, y) > 1e-3, "f_3(f_1(x)) skips the ReLU, so it differs from y");
  });
});

Deno.test("X3: the one-hot target is q_i = 1 iff y = i (the true class), not iff y_i = i", async (t) => {
  const oneHot = (k: number, y: number) =>
    Float64Array.from({ length: k }, (_, i) => i === y ? 1 : 0);

  await t.step("softmaxCrossEntropy uses q_i = [i = y_j] for each example j", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((k) =>
          fc.tuple(fc.constant(k), fc.array(fc.nat({ max: k - 1 }), { minLength: 1, maxLength: 8 }))
        ),
        fc.integer({ min: 0, max: 1000 }),
        ([k, labels], seed) => {
          const scores = new Rng(seed).normalMatrix(k, labels.length, 3);
          const P = softmax(scores);
          const mean = labels.reduce((s, y, j) => s + crossEntropy(oneHot(k, y), P.column(j)), 0) /
            labels.length;
          // When a label's probability is near 1 the loss is tiny and the reference, log of a
          // rounded softmax, is off by about ε in absolute terms (seed 94, k = 6 gave a relative
          // 5e-12 on a loss of 1.6e-4), so the bound is relative plus a few ε absolute.
          assertAllClose(softmaxCrossEntropy(scores, labels).loss, mean, {
            rtol: 1e-12,
            atol: 1e-14,
          });
        },
      ),
    );
  });

  await t.step("read as written, one q serves the whole batch and need not sum to 1", () => {
    const labels = [0, 1, 1, 2, 0, 2]; // y_1, …, y_6 with k = 3 classes
    const literal = Float64Array.from({ length: 3 }, (_, i) => labels[i] === i ? 1 : 0);
    assertEquals(Array.from(literal), [1, 1, 0]); // sums to 2: not a distribution
    const scores = new Rng(5).normalMatrix(3, labels.length);
    const P = softmax(scores);
    const literalMean = labels.reduce((s, _y, j) => s + crossEntropy(literal, P.column(j)), 0) /
      labels.length;
    assert(relError(literalMean, softmaxCrossEntropy(scores, labels).loss) > 1e-2);
  });
});
