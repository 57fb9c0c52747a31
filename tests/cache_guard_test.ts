// Caches hold references (lib/nn/_cache_guard.ts): a matrix a forward pass keeps and that is
// changed in place before the backward pass is noticed, instead of silently giving the gradients
// of a point the forward pass never saw.
import { assert, assertEquals, assertThrows } from "./_assert.ts";
import {
  linearBackward,
  linearForward,
  linearWeightGradients,
  type LinearWorkspace,
  Matrix,
  networkBackward,
  networkForward,
  reluBackward,
  reluForward,
  Rng,
  sigmoidBackward,
  sigmoidForward,
  tanhBackward,
  tanhForward,
  twoLayerNet,
} from "../lib/mod.ts";

const rng = new Rng(12);
const changed = /was changed in place after the forward pass/;

Deno.test("linearBackward refuses an X or W changed in place since linearForward", async (t) => {
  const fresh = () => ({
    W: rng.normalMatrix(3, 4),
    b: rng.normalMatrix(3, 1),
    X: rng.normalMatrix(4, 5),
    dOut: rng.normalMatrix(3, 5),
  });
  await t.step("one entry of X, by one ulp, is enough", () => {
    const { W, b, X, dOut } = fresh();
    const { cache } = linearForward({ W, b }, X);
    X.data[7] = X.data[7] * (1 + Number.EPSILON);
    assertThrows(() => linearBackward(dOut, cache), RangeError);
    assertThrows(() => linearBackward(dOut, cache), /X \(4×5\), which linearForward keeps/);
    assertThrows(() => linearWeightGradients(dOut, cache), changed);
  });
  await t.step("W updated before the backward pass (a step taken too early)", () => {
    const { W, b, X, dOut } = fresh();
    const { cache } = linearForward({ W, b }, X);
    W.data[0] -= 0.1;
    assertThrows(() => linearBackward(dOut, cache), /linearBackward: W \(3×4\)/);
  });
  await t.step("two entries of X swapped", () => {
    const { W, b, X, dOut } = fresh();
    const { cache } = linearForward({ W, b }, X);
    [X.data[0], X.data[1]] = [X.data[1], X.data[0]];
    assertThrows(() => linearBackward(dOut, cache), changed);
  });
  await t.step("an X changed and changed back exactly is accepted, as numerical checks do", () => {
    const { W, b, X, dOut } = fresh();
    const { cache } = linearForward({ W, b }, X);
    const before = linearBackward(dOut, cache);
    const old = X.data[3];
    X.data[3] = old + 1e-5;
    X.data[3] = old;
    assertEquals(linearBackward(dOut, cache).dW.data, before.dW.data);
  });
  await t.step("with a workspace (the training loop's) nothing is fingerprinted", () => {
    const { W, b, X, dOut } = fresh();
    const workspace: LinearWorkspace = {};
    const { cache } = linearForward({ W, b }, X, { workspace });
    X.data[0] += 1;
    assert(linearBackward(dOut, cache, { workspace }).dW.data.every(Number.isFinite));
  });
});

Deno.test("the activations refuse a cached input or output changed in place", () => {
  const X = rng.normalMatrix(3, 4);
  const dOut = rng.normalMatrix(3, 4);
  const relu = reluForward(X.clone());
  relu.cache.X.data[2] = 5;
  assertThrows(() => reluBackward(dOut, relu.cache), /reluBackward: X \(3×4\), which reluForward/);
  // sigmoid and tanh keep their output: the returned matrix itself, changed by the caller
  const sigmoid = sigmoidForward(X);
  sigmoid.out.data[0] -= 1; // e.g. an in-place "probs − 1" meant for a gradient
  assertThrows(() => sigmoidBackward(dOut, sigmoid.cache), /sigmoidBackward: out \(3×4\)/);
  const tanh = tanhForward(X);
  tanh.out.data.fill(0);
  assertThrows(() => tanhBackward(dOut, tanh.cache), /tanhBackward: out/);
  const buffer = Matrix.zeros(3, 4); // with a buffer to reuse, the owner is trusted
  const reused = reluForward(X, { out: buffer });
  X.data[0] += 1;
  assertEquals(reluBackward(dOut, reused.cache).shape, "3×4");
});

Deno.test("networkBackward refuses an activation changed between the passes", () => {
  const net = twoLayerNet([2, 4, 3], { rng: new Rng(1) });
  const X = rng.normalMatrix(2, 5);
  const pass = networkForward(net, X);
  const dY = rng.normalMatrix(3, 5);
  networkBackward(dY, pass); // fine as it is
  pass.activations[2].data[1] += 1; // the ReLU's output is the last layer's cached input
  assertThrows(() => networkBackward(dY, pass), /X \(4×5\), which linearForward keeps/);
  pass.activations[2].data[1] -= 1;
  networkBackward(dY, pass);
  X.data[0] = 10; // the data themselves
  assertThrows(() => networkBackward(dY, pass, { inputGradient: true }), changed);
});
