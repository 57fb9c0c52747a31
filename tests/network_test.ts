// Networks as compositions (E1–E3) and the gradient of the whole objective J (E4), checked
// against finite differences for 2- and 3-layer networks, with and without L2 (as cs231n checks
// its TwoLayerNet).
import { assert, assertAllClose, assertEquals, assertThrows, relError } from "./_assert.ts";
import {
  type Layer,
  linearLayer,
  Matrix,
  type Network,
  networkBackward,
  networkForward,
  networkParameters,
  numericalGradient,
  objective,
  reluLayer,
  Rng,
  sequential,
  sigmoidLayer,
  tanhLayer,
  twoLayerNet,
} from "../lib/mod.ts";
import { l1Penalty, l2Penalty } from "../lib/nn/regularizers.ts";

// Tolerance: relError < 1e-7 for smooth networks (cs231n's rule of thumb). With ReLU a
// central difference that straddles a kink is off by O(1) in that entry; at random inputs with
// h = 1e-5 no pre-activation lies within h of 0 in these small nets (checked: the tests pass
// with the smooth bound), so the same bound applies, and a failure would name the entry.
const RTOL = 1e-7;

function randomBatch(seed: number, n: number, m: number, k: number) {
  const rng = new Rng(seed);
  const X = rng.normalMatrix(n, m);
  const labels = Array.from({ length: m }, () => rng.int(k));
  return { X, labels };
}

/** Checks ∂J/∂w for every parameter of `net` against central differences. */
function checkWholeNetwork(net: Network, seed: number, options: { l2?: number; l1?: number }) {
  const { X, labels } = randomBatch(seed, 5, 7, 4);
  const { grads } = objective(net, { X, labels }, options);
  let worst = 0;
  for (const p of networkParameters(net)) {
    const numeric = numericalGradient(
      () => objective(net, { X, labels }, options).loss,
      p.value.data,
    );
    const err = relError(grads[p.layer][p.name].data, numeric);
    assert(err < RTOL, `layer ${p.layer} ${p.name}: relError ${err} ≥ ${RTOL}`);
    worst = Math.max(worst, err);
  }
  return worst;
}

Deno.test("the whole-network gradient ∂J/∂w_i matches finite differences", async (t) => {
  const nets: [string, () => Network][] = [
    ["2 layers, ReLU", () => twoLayerNet([5, 6, 4], { rng: new Rng(1) })],
    ["2 layers, tanh", () => twoLayerNet([5, 6, 4], { rng: new Rng(2), activation: "tanh" })],
    ["3 layers, ReLU", () => {
      const rng = new Rng(3);
      return sequential([
        linearLayer(5, 6, { rng }),
        reluLayer(),
        linearLayer(6, 5, { rng }),
        reluLayer(),
        linearLayer(5, 4, { rng }),
      ]);
    }],
    ["3 layers, sigmoid and tanh", () => {
      const rng = new Rng(4);
      return sequential([
        linearLayer(5, 6, { rng }),
        sigmoidLayer(),
        linearLayer(6, 5, { rng }),
        tanhLayer(),
        linearLayer(5, 4, { rng }),
      ]);
    }],
  ];
  for (const [name, make] of nets) {
    for (const options of [{}, { l2: 0.3 }, { l1: 0.05 }]) {
      const label = "l2" in options ? "with L2" : "l1" in options ? "with L1" : "without penalty";
      await t.step(`${name}, ${label}: relError < 1e-7`, () => {
        checkWholeNetwork(make(), 10, options);
      });
    }
  }
});

Deno.test("the objective averages the data term and adds R once (E4, averaged)", async (t) => {
  const net = twoLayerNet([5, 6, 4], { rng: new Rng(5) });
  const { X, labels } = randomBatch(6, 5, 8, 4);
  const weights = networkParameters(net).filter((p) => p.penalized).map((p) => p.value);
  await t.step("J = data loss + (λ/2) Σ‖W‖², the value l2Penalty gives", () => {
    const plain = objective(net, { X, labels });
    const reg = objective(net, { X, labels }, { l2: 0.7 });
    assertAllClose(reg.penalty, l2Penalty(weights, 0.7).value, { rtol: 1e-12 });
    assertAllClose(reg.loss, plain.loss + reg.penalty, { rtol: 1e-12 });
    assertEquals(plain.penalty, 0);
  });
  await t.step("the fused L2 gradient equals the data gradient plus l2Penalty's grads", () => {
    const plain = objective(net, { X, labels });
    const reg = objective(net, { X, labels }, { l2: 0.7 });
    const R = l2Penalty(weights, 0.7);
    assertAllClose(
      reg.grads[0].W.data,
      plain.grads[0].W.data.map((g, i) => g + R.grads[0].data[i]),
    );
    assertAllClose(
      reg.grads[2].W.data,
      plain.grads[2].W.data.map((g, i) => g + R.grads[1].data[i]),
    );
    assertAllClose(reg.grads[0].b, plain.grads[0].b); // biases are not penalized
  });
  await t.step("the L1 penalty is l1Penalty's value", () => {
    assertAllClose(
      objective(net, { X, labels }, { l1: 0.2 }).penalty,
      l1Penalty(weights, 0.2).value,
    );
  });
  await t.step("duplicating the batch leaves the data term unchanged (a mean, not a sum)", () => {
    const doubled = new Matrix(5, 16);
    for (let t = 0; t < 5; t++) {
      for (let j = 0; j < 16; j++) doubled.data[t * 16 + j] = X.data[t * 8 + (j % 8)];
    }
    const once = objective(net, { X, labels }).dataLoss;
    const twice = objective(net, { X: doubled, labels: [...labels, ...labels] }).dataLoss;
    assertAllClose(twice, once, { rtol: 1e-12 });
  });
  await t.step("a negative λ is an error", () => {
    assertThrows(() => objective(net, { X, labels }, { l2: -1 }), /l2 must be/);
  });
});

Deno.test("the forward pass keeps every activation a_0 = x, a_i = f_i(w_i, a_{i−1}) (E3)", () => {
  const net = twoLayerNet([3, 4, 2], { rng: new Rng(7) });
  const X = new Rng(8).normalMatrix(3, 5);
  const { activations, caches } = networkForward(net, X);
  assertEquals(activations.length, 4);
  assert(activations[0] === X, "a_0 is the input itself");
  assertEquals(caches.length, 3);
  for (let i = 1; i <= 3; i++) { // each activation is that layer's own forward of the one before
    assertAllClose(activations[i], net.layers[i - 1].forward(activations[i - 1]).out);
  }
  assertEquals(activations[3].shape, "2×5");
});

Deno.test("the backward pass is the layers' own backward, applied last to first", () => {
  const net = twoLayerNet([3, 4, 2], { rng: new Rng(9) });
  const X = new Rng(10).normalMatrix(3, 5);
  const dY = new Rng(11).normalMatrix(2, 5);
  const pass = networkForward(net, X);
  const { grads, dX } = networkBackward(dY, pass, { inputGradient: true });
  const [l1, act, l2] = net.layers as Layer[];
  const g2 = l2.backward(dY, pass.caches[2]);
  const g1 = act.backward(g2.dX!, pass.caches[1]);
  const g0 = l1.backward(g1.dX!, pass.caches[0]);
  assertAllClose(grads[2].W, g2.grads.W);
  assertAllClose(grads[0].W, g0.grads.W);
  assertAllClose(grads[0].b, g0.grads.b);
  assertAllClose(dX!, g0.dX!);
  assertEquals(Object.keys(grads[1]).length, 0); // ReLU has no parameters
  assertEquals(networkBackward(dY, pass).dX, undefined); // not asked for
});

Deno.test("networks are checked for mistakes", async (t) => {
  await t.step("sequential needs at least one layer", () => {
    assertThrows(() => sequential([]), /at least one layer/);
  });
  await t.step("an upstream gradient of the wrong shape is refused, naming both shapes", () => {
    const pass = networkForward(twoLayerNet([2, 3, 2]), Matrix.zeros(2, 4));
    assertThrows(
      () => networkBackward(Matrix.zeros(3, 4), pass),
      /dY is 3×4 but the network's output a_k is 2×4/,
    );
  });
  await t.step("a linear layer needs positive sizes and a finite weight scale", () => {
    assertThrows(() => linearLayer(0, 3), /number of inputs n must be an integer ≥ 1, got 0/);
    assertThrows(
      () => linearLayer(2, 2, { weightScale: NaN }),
      /weightScale must be a finite number ≥ 0, got NaN/,
    );
    assertThrows(() => linearLayer(2, 2, { weightScale: -1 }), /got -1/);
  });
  await t.step("sequential refuses what is not a layer, naming its place", () => {
    assertThrows(
      () => sequential([linearLayer(2, 2), {} as unknown as Layer]),
      /layer 1 is an empty object \{\}, not a layer with params, penalized, forward and backward/,
    );
    assertThrows(() => sequential(linearLayer(2, 2) as unknown as Layer[]), /array of layers/);
  });
  await t.step("twoLayerNet needs exactly three sizes", () => {
    assertThrows(
      () => twoLayerNet([3, 2] as unknown as [number, number, number]),
      /sizes must be \[n, h, k\] \(inputs, hidden units, classes\), got \[3, 2\]/,
    );
  });
  await t.step("reused buffers hold the same values as fresh ones", () => {
    const net = twoLayerNet([6, 5, 3], { rng: new Rng(12) });
    const { X, labels } = randomBatch(13, 6, 4, 3);
    const fresh = objective(net, { X, labels });
    objective(net, { X, labels }, { reuseBuffers: true });
    const reused = objective(net, { X, labels }, { reuseBuffers: true });
    assertAllClose(reused.grads[0].W, fresh.grads[0].W);
    assertAllClose(reused.loss, fresh.loss);
  });
});

Deno.test("with reuseBuffers every layer (linear, ReLU, sigmoid, tanh) gives exactly the fresh gradients", () => {
  for (const activation of [reluLayer, sigmoidLayer, tanhLayer]) {
    const rng = new Rng(40);
    const net = sequential([linearLayer(6, 5, { rng }), activation(), linearLayer(5, 3, { rng })]);
    const { X, labels } = randomBatch(41, 6, 4, 3);
    const fresh = objective(net, { X, labels }, { l2: 0.1 });
    const other = randomBatch(42, 6, 4, 3); // fills the buffers with another batch first
    objective(net, other, { l2: 0.1, reuseBuffers: true });
    const reused = objective(net, { X, labels }, { l2: 0.1, reuseBuffers: true });
    assertEquals(reused.loss, fresh.loss);
    reused.grads.forEach((g, i) => {
      for (const name of Object.keys(g)) assertEquals(g[name].data, fresh.grads[i][name].data);
    });
    const { dX } = networkBackward(reused.scores, networkForward(net, X), { inputGradient: true });
    const again = networkBackward(reused.scores, networkForward(net, X, { reuseBuffers: true }), {
      inputGradient: true,
    });
    assertEquals(again.dX?.data, dX?.data);
  }
});
