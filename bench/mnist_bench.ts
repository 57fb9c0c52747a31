// `deno task bench`: the MNIST workload of issue 3, timed with the library and with a NumPy
// float64 reference (bench/numpy_reference.py, run with Debian's /usr/bin/python3).
//
// Workload: 784-100-10 ReLU network, softmax cross-entropy, L2 1e-4, plain SGD at learning rate
// 0.5, minibatch 64, the fixed 8,000-digit training split, 20 epochs. Both sides start from the
// same initial weights and visit the same minibatches: this script writes the data, the weights
// and every epoch's order (the e-th permutation of new Rng(seed), which is what `train` uses) to
// a temporary directory that the Python script reads. Both time the minibatch updates of each
// epoch (gather, forward, backward, update) and nothing else; the table gives medians.
//
// Permissions: --allow-write and --allow-read (the temporary directory), --allow-run (python3).
// NumPy needs python3-numpy with libopenblas0-pthread; without OpenBLAS it silently falls back to
// a reference BLAS about 8× slower.
//
// The very last line of output is one JSON object (NumPy fields null when NumPy is missing).

import { accuracy, loadMnist, networkParameters, Rng, train, twoLayerNet } from "../lib/mod.ts";

const SIZES = [784, 100, 10] as const;
const RECIPE = { epochs: 20, batchSize: 64, learningRate: 0.5, l2: 1e-4, seed: 0 };
const PYTHON = "/usr/bin/python3";

const { train: trainSet, test } = await loadMnist();
const N = trainSet.X.cols;
const net = twoLayerNet(SIZES, { rng: new Rng(0) }); // He initialization, std √(2/n)

// Everything the NumPy side needs, written before training changes the weights.
const dir = await Deno.makeTempDir({ prefix: "nn-notes-bench-" });
const orderRng = new Rng(RECIPE.seed);
const orders = new Int32Array(RECIPE.epochs * N);
for (let e = 0; e < RECIPE.epochs; e++) orders.set(orderRng.permutation(N), e * N);
const [W1, b1, W2, b2] = networkParameters(net).map((p) => p.value.data);
const files: [string, Float64Array | Int32Array][] = [
  ["train_x.f64", trainSet.X.data],
  ["train_y.i32", trainSet.labels],
  ["test_x.f64", test.X.data],
  ["test_y.i32", test.labels],
  ["W1.f64", W1],
  ["b1.f64", b1],
  ["W2.f64", W2],
  ["b2.f64", b2],
  ["orders.i32", orders],
];
for (const [name, array] of files) {
  await Deno.writeFile(
    `${dir}/${name}`,
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
  );
}
await Deno.writeTextFile(
  `${dir}/meta.json`,
  JSON.stringify({ sizes: SIZES, train: N, test: test.X.cols, ...RECIPE }),
);

// The library.
const history = await train(net, trainSet, {
  ...RECIPE,
  progress: (line) => console.log(`  ${line}`),
});
const tsSeconds = median(history.trainSeconds);
const tsAccuracy = accuracy(net, test);

// NumPy.
let numpy:
  | { epochSeconds: number[]; testAccuracy: number; firstLoss: number; numpy: string }
  | null = null;
let numpyNote = "";
try {
  const script = new URL("./numpy_reference.py", import.meta.url).pathname;
  const { code, stdout, stderr } = await new Deno.Command(PYTHON, { args: [script, dir] }).output();
  if (code === 0) {
    const lines = new TextDecoder().decode(stdout).trim().split("\n");
    numpy = JSON.parse(lines[lines.length - 1]);
  } else {
    numpyNote = new TextDecoder().decode(stderr).trim().split("\n").pop() ?? `exit code ${code}`;
  }
} catch (error) {
  numpyNote = `${PYTHON} could not be run (${(error as Error).message})`;
}
await Deno.remove(dir, { recursive: true });

const npSeconds = numpy ? median(numpy.epochSeconds) : null;
const ratio = npSeconds ? tsSeconds / npSeconds : null;
const rows = [
  ["", "@nn-notes/core (TypeScript)", numpy ? `NumPy ${numpy.numpy} float64` : "NumPy"],
  ["seconds per epoch (median)", tsSeconds.toFixed(3), npSeconds?.toFixed(3) ?? "–"],
  ["ratio vs NumPy", ratio?.toFixed(2) ?? "–", numpy ? "1.00" : "–"],
  ["loss of the first minibatch", history.loss[0].toFixed(12), numpy?.firstLoss.toFixed(12) ?? "–"],
  [
    "held-out accuracy (2,000 digits)",
    pct(tsAccuracy),
    numpy ? pct(numpy.testAccuracy) : "–",
  ],
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.log(
  `\nMNIST 784-100-10 ReLU, softmax CE, L2 ${RECIPE.l2}, SGD lr ${RECIPE.learningRate}, ` +
    `minibatch ${RECIPE.batchSize}, ${N} training digits, ${RECIPE.epochs} epochs\n`,
);
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join("   "));
if (!numpy) console.log(`\nNumPy reference not run: ${numpyNote}`);
console.log(JSON.stringify({
  epochs: RECIPE.epochs,
  epochSeconds: round(tsSeconds),
  numpyEpochSeconds: npSeconds === null ? null : round(npSeconds),
  ratioVsNumpy: ratio === null ? null : round(ratio),
  testAccuracy: tsAccuracy,
  numpyTestAccuracy: numpy?.testAccuracy ?? null,
}));

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function pct(a: number): string {
  return `${(100 * a).toFixed(2)} %`;
}

function round(x: number): number {
  return Number(x.toFixed(4));
}
