// The training loop: seeded minibatches, history, callbacks, best-validation parameters, progress
// lines, the divergence error; and the spiral targets of cs231n's case study.
import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "./_assert.ts";
import {
  accuracy,
  adam,
  type Layer,
  linearLayer,
  Matrix,
  momentum,
  networkParameters,
  objective,
  type Optimizer,
  Rng,
  sequential,
  sgd,
  spiralData,
  train,
  TrainingDivergedError,
  twoLayerNet,
  useKernels,
} from "../lib/mod.ts";

const spiral = spiralData({ seed: 0 }); // 3 classes × 100 points

Deno.test("spiral, 3 classes: a linear softmax classifier reaches about 50 %", async () => {
  const net = sequential([linearLayer(2, 3, { rng: new Rng(0), weightScale: 0.01 })]);
  await train(net, spiral, {
    epochs: 200,
    batchSize: 300,
    learningRate: 1,
    l2: 1e-3,
    progress: false,
  });
  const acc = accuracy(net, spiral);
  assert(acc >= 0.45 && acc <= 0.56, `linear accuracy ${acc} is not about 50 %`);
});

Deno.test("spiral, 3 classes: a two-layer net with 100 hidden units reaches ≥ 98 % training accuracy", async () => {
  const net = twoLayerNet([2, 100, 3], { rng: new Rng(0) });
  await train(net, spiral, {
    epochs: 300,
    batchSize: 32,
    optimizer: momentum({ learningRate: 0.1 }),
    l2: 1e-3,
    progress: false,
  });
  const acc = accuracy(net, spiral);
  assert(acc >= 0.98, `two-layer training accuracy ${acc} < 0.98`);
});

Deno.test("the same seed gives the same training, another seed another minibatch order", async () => {
  const run = async (seed: number) => {
    const net = twoLayerNet([2, 10, 3], { rng: new Rng(1) });
    const h = await train(net, spiral, {
      epochs: 2,
      batchSize: 50,
      learningRate: 0.5,
      seed,
      progress: false,
    });
    return { loss: h.loss, W: networkParameters(net)[0].value.data.slice() };
  };
  const a = await run(7);
  const b = await run(7);
  const c = await run(8);
  assertEquals(a.loss, b.loss);
  assertEquals(a.W, b.W);
  assert(a.loss[0] !== c.loss[0], "a different seed should shuffle differently");
});

Deno.test("history and callbacks report every minibatch and every epoch", async () => {
  const net = twoLayerNet([2, 8, 3], { rng: new Rng(2) });
  const batches: { epoch: number; iteration: number; batch: number; loss: number }[] = [];
  const epochs: { epoch: number; valAccuracy: number | null; learningRate: number }[] = [];
  const validation = spiralData({ seed: 1, pointsPerClass: 20 });
  const history = await train(net, spiral, {
    epochs: 3,
    batchSize: 64, // 300 = 4 × 64 + 44: the last minibatch is smaller
    learningRate: 0.2,
    learningRateDecay: 0.5,
    validation,
    progress: false,
    onBatch: (info) => {
      batches.push(info);
      assertEquals(info.batchesPerEpoch, 5);
    },
    onEpoch: async (info) => {
      await Promise.resolve(); // callbacks may be async
      epochs.push(info);
      assertEquals(info.history.epochLoss.length, info.epoch);
      assert(info.trainSeconds <= info.seconds);
    },
  });
  assertEquals(batches.length, 15);
  assertEquals(batches.map((b) => b.iteration), Array.from({ length: 15 }, (_, i) => i + 1));
  assertEquals(batches[5], { ...batches[5], epoch: 2, batch: 1 });
  assertEquals(history.loss, batches.map((b) => b.loss));
  assertEquals(epochs.map((e) => e.learningRate), [0.2, 0.1, 0.05]); // decay per epoch
  assertEquals(history.learningRate, [0.2, 0.1, 0.05]);
  assertEquals(history.valAccuracy, epochs.map((e) => e.valAccuracy));
  assertEquals(history.trainAccuracy.length, 3);
  assert(history.valAccuracy.every((a) => a >= 0 && a <= 1));
});

Deno.test("onEpoch returning false stops training after that epoch", async () => {
  const net = twoLayerNet([2, 8, 3], { rng: new Rng(3) });
  const h = await train(net, spiral, {
    epochs: 10,
    learningRate: 0.1,
    progress: false,
    onEpoch: (i) => i.epoch < 2,
  });
  assertEquals(h.epochLoss.length, 2);
});

Deno.test("with a validation set the network ends with the best epoch's parameters", async () => {
  const validation = spiralData({ seed: 5, pointsPerClass: 30 });
  const snapshots: Float64Array[][] = [];
  const net = twoLayerNet([2, 20, 3], { rng: new Rng(4) });
  const h = await train(net, spiral, {
    epochs: 8,
    batchSize: 16,
    learningRate: 2, // large steps make the validation accuracy jump around
    validation,
    progress: false,
    onEpoch: () => {
      snapshots.push(networkParameters(net).map((p) => p.value.data.slice()));
    },
  });
  const best = Math.max(...h.valAccuracy);
  assertEquals(h.bestValAccuracy, best);
  assertEquals(h.bestEpoch, h.valAccuracy.indexOf(best) + 1);
  assertEquals(accuracy(net, validation), best);
  assertEquals(networkParameters(net).map((p) => p.value.data), snapshots[h.bestEpoch - 1]);
});

Deno.test("a diverging loss stops with an error that suggests a smaller learning rate", async (t) => {
  for (
    const [name, optimizer] of [["sgd", sgd({ learningRate: 1e200 })], [
      "adam",
      adam({ learningRate: 1e300 }),
    ]] as const
  ) {
    await t.step(`${name}: parameters put back, all finite`, async () => {
      const net = twoLayerNet([2, 10, 3], { rng: new Rng(5) });
      const before = networkParameters(net).map((p) => p.value.data.slice());
      await assertRejects(
        () => train(net, spiral, { epochs: 3, optimizer, progress: false }),
        /Training diverged: .* at epoch 1.*learning rate is probably too large/s,
      );
      const after = networkParameters(net).map((p) => p.value.data);
      assertEquals(after, before);
      assert(after.every((w) => w.every(Number.isFinite)));
    });
  }
});

Deno.test("learning rates from 10 to 1e100 are stopped early, the best parameters put back", async () => {
  // A tanh network on the spiral in minibatches of 32: at η = 3 it learns (loss ≤ 61 once, then
  // falls); from η = 10 on a minibatch loss climbs past 100 × the first one within epoch 1.
  const make = () => twoLayerNet([2, 50, 3], { rng: new Rng(0), activation: "tanh" });
  const options = { epochs: 30, batchSize: 32, progress: false };
  const learns = await train(make(), spiral, { ...options, learningRate: 3 });
  assertEquals(learns.epochLoss.length, 30);
  for (const learningRate of [10, 30, 100, 1e3, 1e5, 1e10, 1e20, 1e50, 1e100]) {
    const net = make();
    const start = networkParameters(net).map((p) => p.value.data.slice());
    const seen: number[] = [];
    const error = await train(net, spiral, {
      ...options,
      learningRate,
      onBatch: ({ loss }) => void seen.push(loss),
    }).catch((e) => e);
    assert(error instanceof TrainingDivergedError, `η = ${learningRate}: ${error}`);
    assert(error instanceof RangeError);
    assertEquals(error.epoch, 1, `η = ${learningRate} stopped in epoch 1`);
    assert(error.iteration <= 10, `η = ${learningRate} stopped at iteration ${error.iteration}`);
    assert(
      Math.max(...seen) < 100 * 2,
      `η = ${learningRate}: a loss of ${Math.max(...seen)} was used`,
    );
    assertEquals(error.restoredEpoch, 0);
    assertEquals(networkParameters(net).map((p) => p.value.data), start);
    assertMatch(
      error.message,
      /exceeded 100 × the reference loss .*starting parameters were put back/,
    );
  }
});

Deno.test("a slow climb of the epoch loss is stopped and the best epoch's parameters put back", async () => {
  // cs231n's spiral network with full-batch steps of η = 10: the loss falls for a few epochs,
  // then rises above where it started.
  const net = twoLayerNet([2, 100, 3], { rng: new Rng(0), weightScale: 0.01 });
  const snapshots: Float64Array[][] = [];
  const error = await train(net, spiral, {
    epochs: 50,
    batchSize: 300,
    learningRate: 10,
    l2: 1e-3,
    progress: false,
    onEpoch: () => void snapshots.push(networkParameters(net).map((p) => p.value.data.slice())),
  }).catch((e) => e);
  assert(error instanceof TrainingDivergedError, String(error));
  assertMatch(error.message, /the epoch's mean loss rose 3 epochs in a row/);
  const losses = error.history.epochLoss;
  assert(losses.at(-1)! > losses[0], "it climbed above the first epoch's loss");
  assert(error.restoredEpoch >= 1 && error.restoredEpoch < error.epoch);
  assertEquals(networkParameters(net).map((p) => p.value.data), snapshots[error.restoredEpoch - 1]);
  // divergence: false trains on, to the last epoch
  const regardless = twoLayerNet([2, 100, 3], { rng: new Rng(0), weightScale: 0.01 });
  const h = await train(regardless, spiral, {
    epochs: 50,
    batchSize: 300,
    learningRate: 10,
    l2: 1e-3,
    progress: false,
    divergence: false,
  });
  assertEquals(h.epochLoss.length, 50);
});

Deno.test("every label is checked before any parameter moves, named by its index in the set", async () => {
  const net = twoLayerNet([2, 8, 3], { rng: new Rng(7) });
  const before = networkParameters(net).map((p) => p.value.data.slice());
  const cases: [unknown, RegExp, ErrorConstructor][] = [
    [1.5, /labels\[250\] is 1.5, not an integer class in \[0, 3\)/, RangeError],
    [NaN, /labels\[250\] is NaN/, RangeError],
    ["2", /labels\[250\] is "2" \(a string\)/, TypeError],
    [2 ** 32 + 1, /labels\[250\] is 4294967297/, RangeError],
    [-1, /labels\[250\] is -1/, RangeError],
    [3, /labels\[250\] is 3, not an integer class in \[0, 3\)/, RangeError],
  ];
  for (const [bad, message, kind] of cases) {
    const labels: unknown[] = Array.from(spiral.labels);
    labels[250] = bad;
    let batches = 0;
    await assertRejects(
      () =>
        train(net, { X: spiral.X, labels: labels as number[] }, {
          epochs: 1,
          progress: false,
          onBatch: () => void batches++,
        }),
      kind,
    );
    await assertRejects(() => train(net, { X: spiral.X, labels: labels as number[] }), message);
    assertEquals(batches, 0);
    assertEquals(networkParameters(net).map((p) => p.value.data), before);
  }
  const validation = spiralData({ seed: 3, pointsPerClass: 10 });
  const labels = Array.from(validation.labels);
  labels[17] = 5; // a class the network does not score would only count as wrong
  await assertRejects(
    () => train(net, spiral, { validation: { X: validation.X, labels } }),
    /the validation set \(X 2×30\): labels\[17\] is 5, not an integer class in \[0, 3\)/,
  );
  assertEquals(networkParameters(net).map((p) => p.value.data), before);
});

Deno.test("a NaN in the validation data is bad data, refused up front; no epoch is rolled back", async () => {
  const net = twoLayerNet([2, 8, 3], { rng: new Rng(8) });
  const validation = spiralData({ seed: 4, pointsPerClass: 10 });
  validation.X.set(1, 12, NaN);
  let batches = 0;
  const error = await train(net, spiral, {
    epochs: 2,
    validation,
    progress: false,
    onBatch: () => void batches++,
  }).catch((e) => e);
  assert(error instanceof RangeError && !(error instanceof TrainingDivergedError));
  assertMatch(error.message, /the validation set, X \(2×30\),: entry \(1, 12\) is NaN/);
  assert(!/learning rate/.test(error.message), error.message);
  assertEquals(batches, 0);
  // And in the training data, the same.
  const X = spiral.X.clone();
  X.set(0, 299, Infinity);
  await assertRejects(
    () => train(net, { X, labels: spiral.labels }),
    /the training set, X \(2×300\),: entry \(0, 299\) is Infinity/,
  );
});

Deno.test("an error thrown by a callback is the caller's, never taken for divergence", async () => {
  const net = twoLayerNet([2, 8, 3], { rng: new Rng(9) });
  const own = new RangeError("my plot: entry 3 is NaN, not a finite number");
  const error = await train(net, spiral, {
    epochs: 1,
    progress: false,
    onBatch: () => {
      throw own;
    },
  }).catch((e) => e);
  assertStrictEquals(error, own);
});

Deno.test("one progress line per epoch goes to the given writer", async () => {
  const lines: string[] = [];
  const net = twoLayerNet([2, 8, 3], { rng: new Rng(6) });
  await train(net, spiral, { epochs: 3, learningRate: 0.1, progress: (line) => lines.push(line) });
  assertEquals(lines.length, 3);
  assert(
    /^epoch 1\/3 {2}loss \d+\.\d{4} {2}train +\d+\.\d % {2}lr 0\.100 {2}\d+\.\d\d s$/.test(
      lines[0],
    ),
    lines[0],
  );
});

Deno.test("bad options and data are errors that state the values", async () => {
  const net = twoLayerNet([2, 4, 3]);
  const X = Matrix.zeros(2, 3);
  await assertRejects(() => train(net, { X, labels: [0, 1] }), /2 labels for 3 examples/);
  await assertRejects(
    () => train(net, spiral, { batchSize: 0 }),
    /batchSize must be an integer ≥ 1, got 0/,
  );
  await assertRejects(
    () => train(net, spiral, { learningRateDecay: 2 }),
    /learningRateDecay must be in \(0, 1\], got 2/,
  );
  await assertRejects(
    () => train(net, spiral, { optimizer: sgd(), learningRate: 0.1 }),
    /either an optimizer or a learningRate/,
  );
  assertThrows(() => spiralData({ classes: 0 }), /classes must be an integer ≥ 1, got 0/);
});

Deno.test("epoch 1 visits the examples in the order of new Rng(seed).permutation(N)", async () => {
  const net = twoLayerNet([2, 6, 3], { rng: new Rng(9) });
  const order = new Rng(4).permutation(300);
  const first = (j: number) => {
    const x = Matrix.fromColumns([spiral.X.column(j)]);
    return objective(net, { X: x, labels: [spiral.labels[j]] }, { l2: 0.01 }).loss;
  };
  const expected = first(order[0]);
  const h = await train(net, spiral, {
    epochs: 1,
    batchSize: 1,
    learningRate: 0.01,
    l2: 0.01,
    seed: 4,
    progress: false,
  });
  assertEquals(h.loss[0], expected);
});

Deno.test("on sparse data (minibatches cut from packed examples) training takes exactly the steps of objective and sgd on copied minibatches", async () => {
  const rng = new Rng(21);
  const N = 50; // batches of 8: six full ones and a short one of 2
  const X = rng.normalMatrix(20, N).map((v) => (rng.uniform() < 0.8 ? 0 : v)); // 80 % zeros
  const labels = Array.from({ length: N }, () => rng.int(3));
  const trained = twoLayerNet([20, 7, 3], { rng: new Rng(5) });
  const byHand = twoLayerNet([20, 7, 3], { rng: new Rng(5) });
  const options = { epochs: 2, batchSize: 8, learningRate: 0.1, l2: 0.01, seed: 3 };
  await train(trained, { X, labels }, { ...options, progress: false });
  const params = networkParameters(byHand);
  const step = sgd({ learningRate: options.learningRate });
  const orders = new Rng(options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = orders.permutation(N);
    for (let from = 0; from < N; from += options.batchSize) {
      const which = Array.from(order.subarray(from, from + options.batchSize));
      const Xb = Matrix.fromColumns(which.map((e) => X.column(e)));
      const { grads } = objective(byHand, { X: Xb, labels: which.map((e) => labels[e]) }, {
        l2: options.l2,
      });
      step.step(params.map((p) => p.value), params.map((p) => grads[p.layer][p.name]));
    }
  }
  const trainedParams = networkParameters(trained);
  params.forEach((p, t) => assertEquals(trainedParams[t].value.data, p.value.data));
});

Deno.test("a NaN gradient in training stops it as diverged, whatever notices it first", async () => {
  // A layer whose parameter s is not used by the forward pass but gets a NaN gradient: the
  // losses stay finite, so only the parameters' own check can notice.
  const nanLayer = (): Layer => {
    const s = Matrix.zeros(1, 1);
    return {
      name: "nan",
      params: { s },
      penalized: [],
      forward: (X: Matrix) => ({ out: X, cache: {} }),
      backward: (dOut: Matrix) => ({ dX: dOut, grads: { s: Matrix.full(1, 1, NaN) } }),
    };
  };
  for (const optimizer of [sgd({ learningRate: 0.1 }), momentum(), adam()]) {
    const net = sequential([linearLayer(2, 3, { rng: new Rng(2) }), nanLayer()]);
    const start = networkParameters(net).map((p) => p.value.data.slice());
    const error = await train(net, spiral, { epochs: 2, optimizer, progress: false })
      .catch((e) => e);
    assert(error instanceof TrainingDivergedError, String(error));
    assertMatch(error.message, /a parameter became NaN or infinite at epoch 1/);
    assertEquals(networkParameters(net).map((p) => p.value.data), start);
  }
  // An optimizer of one's own is stepped through its step, which refuses the NaN itself.
  const own = sgd({ learningRate: 0.1 });
  const wrapped: Optimizer = {
    name: "own",
    get learningRate() {
      return own.learningRate;
    },
    set learningRate(v: number) {
      own.learningRate = v;
    },
    step: (p, g) => own.step(p, g),
  };
  const net = sequential([linearLayer(2, 3, { rng: new Rng(2) }), nanLayer()]);
  const error = await train(net, spiral, { epochs: 2, optimizer: wrapped, progress: false })
    .catch((e) => e);
  assert(error instanceof TrainingDivergedError, String(error));
  assertMatch(
    error.message,
    /the gradient of parameter 2 \(1×1\) has entry 0 = NaN .* at epoch 1, iteration 1/,
  );
});

Deno.test("SGD's fused L2 step trains exactly as objective's penalty followed by the step", async () => {
  // Plain SGD takes the L2 penalty into its step (fusesL2); the same optimizer with the fusion
  // hidden gets the penalty's gradient from objective instead. Both must give the same bits,
  // losses included, with an L1 penalty on top and the reference kernels as well.
  const { loadMnist } = await import("../lib/data/mod.ts"); // sparse inputs: the listed kernel
  const { train: digits } = await loadMnist();
  const data = { X: sliceColumns(digits.X, 300), labels: digits.labels.subarray(0, 300) };
  for (const l1 of [0, 1e-5]) {
    const run = async (fused: boolean) => {
      const net = twoLayerNet([784, 20, 10], { rng: new Rng(4) });
      const optimizer = fused
        ? sgd({ learningRate: 0.3 })
        : { ...sgd({ learningRate: 0.3 }), fusesL2: false };
      const h = await train(net, data, {
        epochs: 2,
        batchSize: 64,
        optimizer,
        l2: 1e-3,
        l1,
        progress: false,
      });
      return { loss: h.loss, params: networkParameters(net).map((p) => [...p.value.data]) };
    };
    const fused = await run(true);
    const separate = await run(false);
    assertEquals(fused.loss, separate.loss);
    assertEquals(fused.params, separate.params);
  }
  const w = Matrix.from([[3, -4]]);
  const penalty = sgd({ learningRate: 0.5 }).step([w], [Matrix.from([[1, 1]])], { l2: 0.1 });
  assertEquals(penalty, 0.5 * 0.1 * 25); // R of the weights before the step
  assertEquals(w.toArray(), [[3 - 0.5 * (1 + 0.1 * 3), -4 - 0.5 * (1 - 0.1 * 4)]]);
  const untouched = Matrix.from([[3, -4]]);
  sgd({ learningRate: 0.5 }).step([untouched], [Matrix.from([[1, 1]])], {
    l2: 0.1,
    penalized: [false],
  });
  assertEquals(untouched.toArray(), [[2.5, -4.5]]);
});

Deno.test("training on the fast kernels gives the reference kernels' bits, sparse inputs included", async () => {
  // On MNIST's sparse digits the minibatch's entries are listed and, as the first layer is
  // linear, never written on the fast path; the reference kernels read every entry. A linear
  // first layer with an infinite weight would fall back to the dense kernel (tests/gemm_test.ts).
  const { loadMnist } = await import("../lib/data/mod.ts");
  const { train: digits } = await loadMnist();
  const data = { X: sliceColumns(digits.X, 200), labels: digits.labels.subarray(0, 200) };
  const run = async (kernels: "fast" | "reference") => {
    const previous = useKernels(kernels);
    try {
      const net = twoLayerNet([784, 12, 10], { rng: new Rng(5) });
      const h = await train(net, data, {
        epochs: 2,
        batchSize: 48,
        learningRate: 0.2,
        l2: 1e-3,
        progress: false,
      });
      return { loss: h.loss, params: networkParameters(net).map((p) => [...p.value.data]) };
    } finally {
      useKernels(previous);
    }
  };
  const fast = await run("fast");
  const reference = await run("reference");
  assertEquals(fast.loss, reference.loss);
  assertEquals(fast.params, reference.params);
});

/** The first `count` columns of X. */
function sliceColumns(X: Matrix, count: number): Matrix {
  const out = new Matrix(X.rows, count);
  for (let t = 0; t < X.rows; t++) {
    out.data.set(X.data.subarray(t * X.cols, t * X.cols + count), t * count);
  }
  return out;
}
