// The update rules of E5: plain SGD, momentum and Adam, against their formulas written out.
import { assertAllClose, assertEquals, assertThrows } from "./_assert.ts";
import { adam, Matrix, momentum, type Optimizer, sgd } from "../lib/mod.ts";

Deno.test("SGD steps w ← w − η g with the documented default η = 0.01", () => {
  const w = Matrix.from([[1, -1]]);
  const opt = sgd();
  assertEquals(opt.learningRate, 0.01);
  opt.step([w], [Matrix.from([[10, 20]])]);
  assertAllClose(w, Matrix.from([[0.9, -1.2]]), { rtol: 1e-15 });
});

Deno.test("momentum keeps one velocity per matrix: v ← μv − ηg, w ← w + v", () => {
  const a = Matrix.from([[0]]);
  const b = Matrix.from([[0, 0]]);
  const opt = momentum({ learningRate: 0.1, momentum: 0.9 });
  const g = [Matrix.from([[1]]), Matrix.from([[2, -2]])];
  let va = 0;
  let wa = 0;
  for (let s = 0; s < 3; s++) {
    opt.step([a, b], g);
    va = 0.9 * va - 0.1 * 1;
    wa += va;
  }
  assertAllClose(a.get(0, 0), wa, { rtol: 1e-14 });
  assertAllClose(b, Matrix.from([[2 * wa, -2 * wa]]), { rtol: 1e-14 });
});

Deno.test("Adam follows its formulas with bias correction (defaults 1e-3, 0.9, 0.999, 1e-8)", () => {
  const w = Matrix.from([[1]]);
  const opt = adam();
  let m = 0, v = 0, x = 1;
  const grads = [0.5, -1, 2, 0.1];
  for (let t = 1; t <= grads.length; t++) {
    const g = grads[t - 1];
    opt.step([w], [Matrix.from([[g]])]);
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g * g;
    x -= 1e-3 * (m / (1 - 0.9 ** t)) / (Math.sqrt(v / (1 - 0.999 ** t)) + 1e-8);
  }
  assertAllClose(w.get(0, 0), x, { rtol: 1e-14 });
});

Deno.test("every optimizer minimizes a quadratic ½‖w − c‖²", async (t) => {
  const makers: [string, () => Optimizer][] = [
    ["sgd", () => sgd({ learningRate: 0.1 })],
    ["momentum", () => momentum({ learningRate: 0.05 })],
    ["adam", () => adam({ learningRate: 0.05 })],
  ];
  for (const [name, make] of makers) {
    await t.step(name, () => {
      const c = [3, -2];
      const w = Matrix.from([[0, 0]]);
      const opt = make();
      for (let s = 0; s < 500; s++) {
        opt.step([w], [Matrix.from([[w.data[0] - c[0], w.data[1] - c[1]]])]);
      }
      assertAllClose(w.data, c, { atol: 1e-3 });
    });
  }
});

Deno.test("the learning rate can be changed between steps (decay)", () => {
  const w = Matrix.from([[0]]);
  const opt = sgd({ learningRate: 1 });
  opt.learningRate = 0.5;
  opt.step([w], [Matrix.from([[1]])]);
  assertEquals(w.get(0, 0), -0.5);
});

Deno.test("bad options and mismatched gradients are errors that state the values", () => {
  assertThrows(() => sgd({ learningRate: 0 }), /positive finite number, got 0/);
  assertThrows(() => momentum({ momentum: 1 }), /momentum must be in \[0, 1\), got 1/);
  assertThrows(() => adam({ beta2: -0.1 }), /beta2 must be in \[0, 1\), got -0.1/);
  assertThrows(() => adam({ epsilon: 0 }), /epsilon must be a positive finite number, got 0/);
  const opt = sgd();
  assertThrows(() => opt.step([Matrix.zeros(2, 2)], []), /1 parameters but 0 gradients/);
  assertThrows(
    () => opt.step([Matrix.zeros(2, 2)], [Matrix.zeros(2, 1)]),
    /parameter 0 is 2×2 but its gradient is 2×1/,
  );
  assertThrows(
    () => opt.step(Matrix.zeros(1, 1) as unknown as Matrix[], []),
    /array of parameters/,
  );
  assertThrows(() => adam({ epsilon: Infinity }), /epsilon must be a positive finite number/);
  assertThrows(() => sgd({ learningRate: "0.1" as unknown as number }), /got "0.1" \(a string\)/);
});

Deno.test("a learning rate set to NaN between steps is refused before any weight changes", () => {
  for (const opt of [sgd(), momentum(), adam()]) {
    const w = Matrix.from([[1, 2]]);
    opt.learningRate = NaN;
    assertThrows(
      () => opt.step([w], [Matrix.from([[1, 1]])]),
      new RegExp(`${opt.name}: the learning rate must be a positive finite number, got NaN`),
    );
    assertEquals(w.toArray(), [[1, 2]]);
  }
});
