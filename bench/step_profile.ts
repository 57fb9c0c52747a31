// `deno task bench:step`: where the time of one MNIST training step goes (784-100-10, minibatch
// 64, L2 1e-4, plain SGD: the benchmark's mnist-64 workload). Each operation of the step runs on
// its own, many times over, with the inputs that `train` would give it (the intermediate
// matrices of 8 minibatches are computed first and cycled through: few enough to stay in the
// cache, as train's reused buffers do); the table gives the median time per call of 15
// repetitions of 400 calls, the whole step's time measured the same way,
// and the load average, since the machine may be shared. NumPy's mnist-64 epoch of 0.080–0.093 s
// is 0.64–0.74 ms a step.
//
// The network is trained for one epoch first, so that ReLU's zeros and the weights look like
// those of a run.
//
// What this cannot show: inside `train` every minibatch is new. Cutting it reads 64 random
// examples' nonzeros from memory far from the cache (timed inside train at load ~0.4: 49–59 µs a
// step, against 13–17 here or on a second call with the same minibatch), and a loop that branches
// on its data meets patterns that 8 cycled minibatches let the processor learn (ReLU's plain
// loops took 46 µs a step forward and 45 backward inside train, 18 and 15 here; they now run
// without branches, see lib/core/_relu_kernels.ts). The whole step below is a lower bound of a
// step in train.

import {
  batchColumns,
  gatherBatch,
  packDatasetColumns,
  type SparseColumns,
} from "../lib/core/_dataset_columns.ts";
import { gemm } from "../lib/core/_gemm.ts";
import { assertFinite, assertLabels } from "../lib/core/_shape.ts";
import { unscannedStep } from "../lib/train/_unscanned_step.ts";
import {
  linearBackward,
  type LinearCache,
  linearForward,
  linearWeightGradients,
  loadMnist,
  Matrix,
  networkParameters,
  objective,
  reluBackward,
  reluForward,
  Rng,
  sgd,
  softmaxCrossEntropy,
  train,
  twoLayerNet,
} from "../lib/mod.ts";

const REPEATS = 15;
const { train: data } = await loadMnist();
const net = twoLayerNet([784, 100, 10], { rng: new Rng(0) });
await train(net, data, {
  epochs: 1,
  learningRate: 0.5,
  l2: 1e-4,
  progress: false,
  trainAccuracySamples: 1,
});
const [W1, b1, W2, b2] = networkParameters(net).map((p) => p.value);
const N = data.X.cols;
const m = 64;
const batches = 8;
const CALLS = 400;
const order = new Rng(99).permutation(N);
const packed = packDatasetColumns(data.X)!;

// Every minibatch and its intermediate results, as train would see them.
const Xs: Matrix[] = [];
const ys: Int32Array[] = [];
const Z1: Matrix[] = [], H: Matrix[] = [], S: Matrix[] = [], dS: Matrix[] = [];
const dH: Matrix[] = [], dZ1: Matrix[] = [];
const cache1: LinearCache[] = [], cache2: LinearCache[] = [];
for (let b = 0; b < batches; b++) {
  const X = new Matrix(784, m);
  gatherBatch(packed, order, b * m, X, false);
  const y = new Int32Array(m);
  for (let j = 0; j < m; j++) y[j] = data.labels[order[b * m + j]];
  Xs.push(X), ys.push(y);
  const f1 = linearForward({ W: W1, b: b1 }, X, { workspace: {} });
  Z1.push(f1.out), cache1.push(f1.cache);
  H.push(reluForward(f1.out).out);
  const f2 = linearForward({ W: W2, b: b2 }, H[b], { workspace: {} });
  S.push(f2.out), cache2.push(f2.cache);
  dS.push(softmaxCrossEntropy(f2.out, y).dScores);
  dH.push(linearBackward(dS[b], f2.cache, { workspace: {} }).dX);
  dZ1.push(reluBackward(dH[b], { X: f1.out }));
}
let zeroRows = 0;
for (const d of dZ1) {
  for (let i = 0; i < d.rows; i++) {
    let any = false;
    for (let j = 0; j < m; j++) any ||= d.data[i * m + j] !== 0;
    if (!any) zeroRows++;
  }
}
let zeros = 0, entries = 0;
for (const d of dZ1) for (const v of d.data) (zeros += v === 0 ? 1 : 0), entries++;
let pixels = 0;
for (let b = 0; b < batches; b++) {
  const { start } = packed;
  for (let j = 0; j < m; j++) pixels += start[order[b * m + j] + 1] - start[order[b * m + j]];
}

const out1 = new Matrix(100, m), out2 = new Matrix(10, m);
const dW1 = new Matrix(100, 784), dW2 = new Matrix(10, 100), dHout = new Matrix(100, m);
const ws1 = {}, ws2 = {}, ws2b = {}, ws1b = {};
const reluOut = new Matrix(100, m), reluDx = new Matrix(100, m);
const batchX = new Matrix(784, m);
const opt = sgd({ learningRate: 1e-9 }); // a tiny rate: the weights barely move while timed
const step = (opt as unknown as Record<symbol, typeof opt.step>)[unscannedStep];
const params = [W1, b1, W2, b2];
const grads = [dW1, new Matrix(100, 1), dW2, new Matrix(10, 1)];
const penalized = [true, false, true, false];

const ops: [string, (b: number) => unknown][] = [
  ["cut minibatch (gatherBatch, listed)", (b) => gatherBatch(packed, order, b * m, batchX, false)],
  ["W1·X, bare gemm (listed sparse)", (b) => gemm(W1, Xs[b], { out: out1, columnsOfB: lists(b) })],
  ["W1·X + b1 (linearForward)", (b) => linearForward({ W: W1, b: b1 }, Xs[b], { workspace: ws1 })],
  ["ReLU forward", (b) => reluForward(Z1[b], { out: reluOut })],
  ["W2·H, bare gemm", (b) => gemm(W2, H[b], { out: out2 })],
  ["W2·H + b2 (linearForward)", (b) => linearForward({ W: W2, b: b2 }, H[b], { workspace: ws2 })],
  ["softmax-CE (loss, dS)", (b) => softmaxCrossEntropy(S[b], ys[b])],
  ["dW2 = dS·Hᵀ, bare gemm", (b) => gemm(dS[b], H[b], { transposeB: true, out: dW2 })],
  ["dH = W2ᵀ·dS, bare gemm", (b) => gemm(W2, dS[b], { transposeA: true, out: dHout })],
  [
    "layer-2 backward (linearBackward)",
    (b) => linearBackward(dS[b], cache2[b], { workspace: ws2b }),
  ],
  ["ReLU backward", (b) => reluBackward(dH[b], { X: Z1[b] }, { out: reluDx })],
  [
    "dW1 = dZ1·Xᵀ, bare gemm (listed sparse)",
    (b) => gemm(dZ1[b], Xs[b], { transposeB: true, out: dW1, columnsOfB: lists(b) }),
  ],
  [
    "layer-1 backward (linearWeightGradients)",
    (b) => linearWeightGradients(dZ1[b], cache1[b], { workspace: ws1b }),
  ],
  ["SGD step with fused L2", () => step(params, grads, { l2: 1e-4, penalized })],
  ["  checks: assertFinite(Z1), (dH), (dZ1)", (b) => {
    assertFinite(Z1[b].data, "Z1"), assertFinite(dH[b].data, "dH");
    assertFinite(dZ1[b].data, "dZ1");
  }],
  ["  checks: assertFinite(S), (dS), labels ×2", (b) => {
    assertFinite(S[b].data, "S"), assertFinite(dS[b].data, "dS");
    assertLabels(ys[b], m, 10, "y"), assertLabels(ys[b], m, 10, "y");
  }],
  ["whole step (gather, objective, step)", (b) => {
    gatherBatch(packed, order, b * m, batchX, false);
    const result = objective(net, { X: batchX, labels: ys[b] }, { l2: 0, reuseBuffers: true });
    const g = [result.grads[0].W, result.grads[0].b, result.grads[2].W, result.grads[2].b];
    step(params, g, { l2: 1e-4, penalized });
  }],
];

function lists(b: number): SparseColumns | undefined {
  return batchColumns(Xs[b]);
}

const filter = Deno.args[0];
const load = () => Deno.loadavg()[0].toFixed(2);
console.log(`load average ${load()} at the start; minibatches of ${m}`);
console.log(
  `pixels nonzero ${(100 * pixels / (batches * m * 784)).toFixed(1)} %, dZ1 zero ` +
    `${(100 * zeros / entries).toFixed(1)} %, all-zero rows of dZ1 ` +
    `${(100 * zeroRows / (batches * 100)).toFixed(1)} %`,
);
let sum = 0;
for (const [name, op] of ops) {
  if (filter !== undefined && !name.includes(filter)) continue;
  for (let c = 0; c < CALLS; c++) op(c % batches); // warm up
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    for (let c = 0; c < CALLS; c++) op(c % batches);
    times.push((performance.now() - t0) / CALLS);
  }
  times.sort((a, b) => a - b);
  const med = times[Math.floor(REPEATS / 2)];
  console.log(`${name.padEnd(44)} ${(1000 * med).toFixed(1).padStart(7)} µs`);
  if (!name.startsWith(" ") && !name.includes("bare") && !name.startsWith("whole")) sum += med;
}
console.log(`${"sum of the non-bare ops".padEnd(44)} ${(1000 * sum).toFixed(1).padStart(7)} µs`);
console.log(`load average ${load()} at the end`);
