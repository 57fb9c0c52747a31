// The update rules of E5: plain SGD, momentum and Adam, against their formulas written out.
import { assert, assertAllClose, assertEquals, assertThrows } from "./_assert.ts";
import { adam, Matrix, momentum, type Optimizer, sgd } from "../lib/mod.ts";

Deno.test("SGD steps w ← w − η g with the documented default η = 0.01", () => {
  const w = Matrix.from([[1, -1]]);
  const opt = sgd();
  assertEquals(opt.learningRate, 0.01);
  opt.step([w], [Matrix.from([[10, 20]])]);
  assertAllClose(w, Matrix.from([[0.9, -1.2]]), { rtol: 1e-15 });
});

Deno.test("momentum keeps one buffer per matrix: b ← μb + g, w ← w − ηb (PyTorch's form)", () => {
  const a = Matrix.from([[0]]);
  const b = Matrix.from([[0, 0]]);
  const opt = momentum({ learningRate: 0.1, momentum: 0.9 });
  const g = [Matrix.from([[1]]), Matrix.from([[2, -2]])];
  let ba = 0;
  let wa = 0;
  for (let s = 0; s < 3; s++) {
    opt.step([a, b], g);
    ba = 0.9 * ba + 1;
    wa -= 0.1 * ba;
  }
  assertAllClose(a.get(0, 0), wa, { rtol: 1e-14 });
  assertAllClose(b, Matrix.from([[2 * wa, -2 * wa]]), { rtol: 1e-14 });
});

Deno.test("momentum under a changing learning rate follows PyTorch, not v ← μv − ηg", () => {
  const w = Matrix.from([[0]]);
  const opt = momentum({ learningRate: 1, momentum: 0.5 });
  const rates = [1, 0.5, 0.25, 0.125]; // what learningRateDecay 0.5 does between epochs
  let buffer = 0;
  let pytorch = 0;
  let v = 0;
  let classical = 0;
  for (const eta of rates) {
    opt.learningRate = eta;
    opt.step([w], [Matrix.from([[1]])]);
    buffer = 0.5 * buffer + 1; // torch.optim.SGD(momentum=0.5, dampening=0, nesterov=False)
    pytorch -= eta * buffer;
    v = 0.5 * v - eta * 1; // cs231n's form: the same while η is fixed
    classical += v;
  }
  assertEquals(w.get(0, 0), pytorch);
  assertAllClose(pytorch, -(1 + 0.5 * 1.5 + 0.25 * 1.75 + 0.125 * 1.875), { rtol: 1e-15 });
  assert(Math.abs(classical - pytorch) > 0.1, "the two forms part once η changes");
});

Deno.test("a NaN or infinite gradient is refused, naming parameter and entry, before any change", () => {
  for (const make of [() => sgd(), () => momentum(), () => adam()]) {
    const opt = make();
    const W = Matrix.from([[1, 2], [3, 4]]);
    const v = Matrix.from([[5, 6]]);
    opt.step([W, v], [Matrix.full(2, 2, 1), Matrix.full(1, 2, 1)]); // some state built up
    const before = [W.data.slice(), v.data.slice()];
    for (const bad of [NaN, Infinity, -Infinity]) {
      const gv = Matrix.from([[0.5, bad]]);
      assertThrows(
        () => opt.step([W, v], [Matrix.full(2, 2, 1), gv]),
        new RegExp(
          `^RangeError: ${opt.name}: the gradient of parameter 1 \\(1×2\\) has entry 1 = ` +
            `${bad} \\(row 0, column 1\\); no parameter was changed$`,
        ),
      );
      assertEquals([W.data, v.data], before, "the first parameter was not stepped either");
    }
    // The state was not touched: the next good step is the one it would have been.
    const twin = make();
    const W2 = Matrix.from([[1, 2], [3, 4]]);
    const v2 = Matrix.from([[5, 6]]);
    twin.step([W2, v2], [Matrix.full(2, 2, 1), Matrix.full(1, 2, 1)]);
    opt.step([W, v], [Matrix.full(2, 2, 1), Matrix.full(1, 2, 1)]);
    twin.step([W2, v2], [Matrix.full(2, 2, 1), Matrix.full(1, 2, 1)]);
    assertEquals([W.data, v.data], [W2.data, v2.data]);
  }
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
