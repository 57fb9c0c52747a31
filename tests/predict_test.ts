// predict and accuracy: the class of the largest score in each column, batch by batch.
import { assertEquals, assertThrows } from "./_assert.ts";
import { accuracy, linearLayer, Matrix, predict, Rng, sequential } from "../lib/mod.ts";

/** A one-layer network whose scores are W x, for a chosen k × n matrix W. */
function linearNet(W: Matrix) {
  const layer = linearLayer(W.cols, W.rows);
  layer.params.W.data.set(W.data);
  return sequential([layer]);
}

Deno.test("predict picks the row of the largest score in each column, in any batch size", () => {
  const rng = new Rng(31);
  const W = rng.normalMatrix(4, 3); // k = 4 classes, n = 3 features
  const X = rng.normalMatrix(3, 10); // m = 10 examples
  const net = linearNet(W);
  const expected = Array.from({ length: 10 }, (_, j) => {
    let best = 0;
    for (let i = 1; i < 4; i++) {
      let si = 0;
      let sb = 0;
      for (let t = 0; t < 3; t++) {
        si += W.get(i, t) * X.get(t, j);
        sb += W.get(best, t) * X.get(t, j);
      }
      if (si > sb) best = i;
    }
    return best;
  });
  for (const batchSize of [1, 3, 10, 1000]) {
    assertEquals([...predict(net, X, { batchSize })], expected, `batchSize ${batchSize}`);
  }
  const labels = expected.map((c, j) => (j < 7 ? c : (c + 1) % 4)); // 7 of 10 right
  assertEquals(accuracy(net, { X, labels }, { batchSize: 4 }), 0.7);
});

Deno.test("accuracy refuses labels that could never match instead of counting them wrong", () => {
  const net = linearNet(Matrix.identity(2));
  const X = Matrix.from([[1, 0], [0, 1]]);
  assertThrows(
    () => accuracy(net, { X, labels: ["0", "1"] as unknown as number[] }),
    /labels\[0\] is "0" \(a string\), not an integer class in \[0, 2\)/,
  );
  assertThrows(() => accuracy(net, { X, labels: [0.5, 1] }), /labels\[0\] is 0.5/);
  assertThrows(() => accuracy(net, { X, labels: [0] }), /1 labels for 2 examples/);
  assertThrows(
    () => accuracy(net, { X, labels: undefined as unknown as number[] }),
    /labels must be an array or typed array, got undefined/,
  );
  assertThrows(() => predict(net, X, { batchSize: 0 }), /batchSize must be an integer ≥ 1, got 0/);
});
