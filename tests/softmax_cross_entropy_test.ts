import fc from "./_fast_check.ts";
import { assert, assertAllClose, assertThrows } from "./_assert.ts";
import { assertAbsErrorBelow, assertRelErrorBelow, fdAtol } from "./_check.ts";
import {
  crossEntropy,
  crossEntropyGradP,
  Matrix,
  numericalGradient,
  Rng,
  softmax,
  softmaxCrossEntropy,
  softmaxJacobianProduct,
} from "../lib/mod.ts";

function oneHot(k: number, label: number): Float64Array {
  const q = new Float64Array(k);
  q[label] = 1;
  return q;
}

/** The numerical ∂loss/∂scores by central differences (scores is not changed). */
function numericalDScores(scores: Matrix, labels: ArrayLike<number>): Matrix {
  const { rows: k, cols: m } = scores;
  const g = numericalGradient(
    (v) => softmaxCrossEntropy(new Matrix(k, m, v), labels).loss,
    scores.data.slice(),
  );
  return new Matrix(k, m, g);
}

Deno.test("softmaxCrossEntropy", async (t) => {
  await t.step("loss is the mean of crossEntropy(one-hot, softmax column) (E13 on E6)", () => {
    const rng = new Rng(21);
    for (let trial = 0; trial < 20; trial++) {
      const k = 1 + rng.int(8);
      const m = 1 + rng.int(8);
      const scores = rng.normalMatrix(k, m, 3);
      const labels = Array.from({ length: m }, () => rng.int(k));
      const P = softmax(scores);
      let mean = 0;
      for (let j = 0; j < m; j++) mean += crossEntropy(oneHot(k, labels[j]), P.column(j)) / m;
      const { loss, probs } = softmaxCrossEntropy(scores, labels);
      assertAllClose(loss, mean, { rtol: 1e-12, atol: 1e-15 });
      assertAllClose(probs, P, { rtol: 0 });
    }
  });

  await t.step("p − q is E15's ∂H/∂p chained through E9's Jacobian", () => {
    const p = softmax(Matrix.column([0.2, -1, 1.5, 0])).data;
    const q = oneHot(4, 2);
    const chained = softmaxJacobianProduct(p, crossEntropyGradP(q, p)); // (∂p/∂s)ᵀ ∂H/∂p
    assertAllClose(chained, p.map((v, i) => v - q[i]), { rtol: 1e-14, atol: 1e-16 });
  });

  await t.step("dScores is (p − q)/m and matches numericalGradient with relError < 1e-7", () => {
    const rng = new Rng(22);
    for (let trial = 0; trial < 30; trial++) {
      const k = 1 + rng.int(8);
      const m = 1 + rng.int(8);
      const scores = rng.normalMatrix(k, m);
      const labels = Array.from({ length: m }, () => rng.int(k));
      const { dScores, probs } = softmaxCrossEntropy(scores, labels);
      const expected = probs.map((v, i, j) => (v - (labels[j] === i ? 1 : 0)) / m);
      assertAllClose(dScores, expected, { rtol: 1e-15 });
      assertRelErrorBelow(
        "softmaxCrossEntropy dScores vs numericalGradient, N(0,1)",
        dScores,
        numericalDScores(scores, labels),
      );
    }
  });

  await t.step("stays finite for logits of ±1000 where −log(softmax) would be Infinity", () => {
    const scores = Matrix.from([[1000, -1000], [-1000, 1000]]);
    const { loss, dScores } = softmaxCrossEntropy(scores, [1, 0]);
    assertAllClose(loss, 2000, { rtol: 1e-15 });
    assertAllClose(dScores, Matrix.from([[0.5, -0.5], [-0.5, 0.5]]), { rtol: 0 });
    assertAllClose(crossEntropy(oneHot(2, 1), softmax(scores).column(0)), Infinity, { rtol: 0 });
  });

  await t.step(
    "property: finite loss, and dScores agrees with finite differences (logits up to ±1000)",
    () => {
      const logit = fc.oneof(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.constantFrom(-1000, 1000),
      );
      const batch = fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 })).chain((
        [k, m],
      ) =>
        fc.tuple(
          fc.array(logit, { minLength: k * m, maxLength: k * m }),
          fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: m, maxLength: m }),
        ).map(([v, labels]) => ({ scores: new Matrix(k, m, Float64Array.from(v)), labels }))
      );
      fc.assert(
        fc.property(batch, ({ scores, labels }) => {
          const { loss, dScores } = softmaxCrossEntropy(scores, labels);
          assert(Number.isFinite(loss) && loss >= 0, `loss ${loss}`);
          for (let j = 0; j < scores.cols; j++) {
            const sum = dScores.column(j).reduce((a, b) => a + b, 0);
            assert(Math.abs(sum) <= 1e-14, `column ${j} of dScores sums to ${sum}, not 0`);
          }
          // The loss is a difference of log-sum-exps and scores, sums of size up to 2·max|s|.
          const scale = 2 * Math.max(...scores.data.map(Math.abs));
          assertAbsErrorBelow(
            "softmaxCrossEntropy dScores vs numericalGradient, ±1000",
            dScores,
            numericalDScores(scores, labels),
            fdAtol(scale),
          );
        }),
      );
    },
  );

  await t.step("rejects bad labels and scores, naming the value", () => {
    const scores = Matrix.zeros(3, 2);
    assertThrows(
      () => softmaxCrossEntropy(scores, [0, 3]),
      /labels\[1\] is 3, not an integer class in \[0, 3\)/,
    );
    assertThrows(() => softmaxCrossEntropy(scores, [-1, 0]), /labels\[0\] is -1/);
    assertThrows(() => softmaxCrossEntropy(scores, [0.5, 0]), /labels\[0\] is 0.5/);
    assertThrows(() => softmaxCrossEntropy(scores, [0]), /1 labels for 2 examples/);
    assertThrows(() => softmaxCrossEntropy(Matrix.from([[NaN]]), [0]), /entry 0 is NaN/);
    assertThrows(
      () => softmaxCrossEntropy(Matrix.zeros(3, 0), []),
      /at least one class and one example/,
    );
    assertThrows(
      () => softmaxCrossEntropy(scores, ["0", "1"] as unknown as number[]),
      /labels\[0\] is "0" \(a string\), not an integer class/,
    );
    assertThrows(
      () => softmaxCrossEntropy(scores, undefined as unknown as number[]),
      /labels must be an array or typed array, got undefined/,
    );
    assertThrows(
      () => softmaxCrossEntropy([[0, 0]] as unknown as Matrix, [0, 1]),
      /scores must be a Matrix, got a plain Array \(length 1\)/,
    );
  });
});
