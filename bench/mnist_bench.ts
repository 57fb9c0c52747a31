// `deno task bench`: training speed of the library against a fair NumPy float64 reference
// (bench/numpy_reference.py, run with Debian's /usr/bin/python3 and kept running beside this one).
//
// Four workloads, all a two-layer ReLU network with softmax cross-entropy, L2 1e-4 and plain SGD:
// - mnist-64 and mnist-256: 784-100-10 on the fixed 8,000-digit MNIST training split, minibatch
//   64 or 256, learning rate 0.5, 2 epochs a round;
// - dense-64 and dense-256: 784-1024-10 on 4,096 Gaussian inputs (no zero to skip) labelled by a
//   random linear teacher, minibatch 64 or 256, learning rate 0.05, 1 epoch a round.
// Both sides start from the same initial weights and visit the same minibatches: this script
// writes each workload's data, weights and every epoch's order (the permutations of
// new Rng(seed) that `train` draws) to a temporary directory that the Python side reads. Both time
// the minibatch updates of each epoch (gather, forward, backward, update) and nothing else.
//
// The sides take turns, workload by workload, for 10 short rounds (the first to go rotates), so
// that a change of the machine's speed hits both; the figures are medians over all epochs of all
// rounds, printed with the load average. The library's epoch time used to look bimodal from one
// process to the next (0.12 or 0.17 s). `deno task bench:phases` (bench/phases_probe.ts) shows
// why: inside one process, with nothing in it changing, the sparse kernel runs at one speed for
// seconds, then about 1.5× slower for seconds, then fast again. The slow phases come from outside
// the virtual machine; a process a second or two long lands in one of them. NumPy on two threads
// has them too. Short rounds that alternate the sides put both into the same phases; 10 rounds of
// 2 MNIST epochs replaced 5 rounds of 4 for that reason (the same 20 epochs).
// Each side's network keeps training from round to round, so the held-out accuracies at the end
// are after the same number of epochs on both sides.
//
// NumPy is made fair in its own process only (see numpy_reference.py): glibc's malloc keeps
// freed memory, and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are removed so OpenBLAS picks the kernel
// for this CPU, which the output names. The ratios are against NumPy with OpenBLAS's default
// threads (two on a two-core machine); a second NumPy process on one thread, like the library,
// runs the batch-64 workloads too, for the like-for-like ratio. NumPy needs python3-numpy with
// libopenblas0-pthread.
//
// Permissions: --allow-write and --allow-read (the temporary directory), --allow-run (python3),
// --allow-sys=loadavg (the load average, printed with the figures). The very last line of output is one JSON object (NumPy fields null when
// NumPy could not be run).

import {
  accuracy,
  type Dataset,
  loadMnist,
  type Network,
  networkParameters,
  Rng,
  train,
  twoLayerNet,
} from "../lib/mod.ts";

const PYTHON = "/usr/bin/python3";
let numpyNote = ""; // why the NumPy side did not run, if it did not
const ROUNDS = 10;

interface Workload {
  name: string;
  data: "mnist" | "dense";
  sizes: [number, number, number];
  batchSize: number;
  learningRate: number;
  l2: number;
  epochsPerRound: number;
}

/** A workload of the kind `data`, with the recipe that kind uses. */
function workload(name: string, data: Workload["data"], batchSize: number): Workload {
  const mnist = data === "mnist";
  return {
    name,
    data,
    sizes: mnist ? [784, 100, 10] : [784, 1024, 10],
    batchSize,
    learningRate: mnist ? 0.5 : 0.05,
    l2: 1e-4,
    epochsPerRound: mnist ? 2 : 1,
  };
}

const WORKLOADS: Workload[] = [
  workload("mnist-64", "mnist", 64),
  workload("mnist-256", "mnist", 256),
  workload("dense-64", "dense", 64),
  workload("dense-256", "dense", 256),
];

const loadStart = loadAverage();
const mnist = await loadMnist();
const dense = gaussianData(784, 4096, 1000);
const dir = await Deno.makeTempDir({ prefix: "nn-notes-bench-" });

// Every workload's network, and what the NumPy side needs, written before training starts.
const nets = new Map<string, Network>();
for (const [w, workload] of WORKLOADS.entries()) {
  const { train: data, test } = workload.data === "mnist" ? mnist : dense;
  const net = twoLayerNet(workload.sizes, { rng: new Rng(0) }); // He initialization, std √(2/n)
  nets.set(workload.name, net);
  const folder = `${dir}/${workload.name}`;
  await Deno.mkdir(folder);
  const [W1, b1, W2, b2] = networkParameters(net).map((p) => p.value.data);
  const files: [string, Float64Array | Int32Array][] = [
    ["train_x.f64", data.X.data],
    ["train_y.i32", Int32Array.from(data.labels)],
    ["test_x.f64", test.X.data],
    ["test_y.i32", Int32Array.from(test.labels)],
    ["W1.f64", W1],
    ["b1.f64", b1],
    ["W2.f64", W2],
    ["b2.f64", b2],
  ];
  const N = data.X.cols;
  for (let round = 0; round < ROUNDS; round++) {
    const rng = new Rng(orderSeed(w, round));
    const orders = new Int32Array(workload.epochsPerRound * N);
    for (let e = 0; e < workload.epochsPerRound; e++) orders.set(rng.permutation(N), e * N);
    files.push([`orders_${round}.i32`, orders]);
  }
  for (const [name, array] of files) {
    await Deno.writeFile(
      `${folder}/${name}`,
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
    );
  }
  await Deno.writeTextFile(
    `${folder}/meta.json`,
    JSON.stringify({ ...workload, train: N, test: test.X.cols }),
  );
}

const numpy = await startNumpy();
const about = numpy ? await numpy.ask({ about: true }) : null;
if (numpy) { for (const { name } of WORKLOADS) await numpy.ask({ load: name }); }
// The same NumPy on one OpenBLAS thread, like the library, for the batch-64 workloads.
const ONE_THREAD = ["mnist-64", "dense-64"];
const numpy1 = numpy ? await startNumpy({ OPENBLAS_NUM_THREADS: "1" }) : null;
if (numpy1) { for (const name of ONE_THREAD) await numpy1.ask({ load: name }); }

const seconds = new Map(
  WORKLOADS.map((w) => [w.name, { ts: [] as number[], np: [] as number[], np1: [] as number[] }]),
);
const firstLoss = new Map<string, { ts: number; np: number | null }>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [w, workload] of WORKLOADS.entries()) {
    const sides = [runLibrary, runNumpy, runNumpy1];
    for (let turn = 0; turn < round % 3; turn++) sides.push(sides.shift()!); // who goes first rotates
    for (const side of sides) await side(w, workload, round);
  }
  console.log(`round ${round + 1}/${ROUNDS} done`);
}

const accuracies = new Map<string, { ts: number; np: number | null }>();
for (const workload of WORKLOADS) {
  const { test } = workload.data === "mnist" ? mnist : dense;
  const np = numpy ? (await numpy.ask({ accuracy: workload.name })).testAccuracy as number : null;
  accuracies.set(workload.name, { ts: accuracy(nets.get(workload.name)!, test), np });
}
await numpy?.close();
await numpy1?.close();
await Deno.remove(dir, { recursive: true });
const loadEnd = loadAverage();

// The table, then the JSON line.
const summary = WORKLOADS.map((workload) => {
  const s = seconds.get(workload.name)!;
  const ts = median(s.ts);
  const np = s.np.length ? median(s.np) : null;
  const np1 = s.np1.length ? median(s.np1) : null;
  return { workload, ts, np, ratio: np ? ts / np : null, np1, ratio1: np1 ? ts / np1 : null };
});
const rows = [[
  "workload",
  "library s/epoch",
  "NumPy s/epoch",
  "ratio",
  "NumPy 1 thread",
  "ratio",
  "first loss (library / NumPy)",
  "held-out accuracy (library / NumPy)",
]];
for (const { workload, ts, np, ratio, np1, ratio1 } of summary) {
  const loss = firstLoss.get(workload.name)!;
  const acc = accuracies.get(workload.name)!;
  rows.push([
    workload.name,
    ts.toFixed(4),
    np?.toFixed(4) ?? "–",
    ratio?.toFixed(2) ?? "–",
    np1?.toFixed(4) ?? "–",
    ratio1?.toFixed(2) ?? "–",
    `${loss.ts.toFixed(12)} / ${loss.np?.toFixed(12) ?? "–"}`,
    `${pct(acc.ts)} / ${acc.np === null ? "–" : pct(acc.np)}`,
  ]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.log(
  `\nTwo-layer ReLU nets, softmax CE, L2 1e-4, plain SGD; ${ROUNDS} interleaved rounds, medians ` +
    `over epochs. NumPy ${about?.numpy ?? "not run"}, OpenBLAS kernel ${
      about?.openblasKernel ?? "–"
    } with ${about?.openblasThreads ?? "–"} threads (and with 1 for two workloads); the library ` +
    "on one thread.\n",
);
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join("   "));
if (!numpy) console.log(`\nNumPy reference not run: ${numpyNote}`);
console.log(`load average (1 min) ${loadStart} at the start, ${loadEnd} at the end`);
const by = (name: string) => summary.find((s) => s.workload.name === name)!;
console.log(JSON.stringify({
  epochSeconds: round(by("mnist-64").ts),
  numpyEpochSeconds: roundOrNull(by("mnist-64").np),
  ratioVsNumpy: roundOrNull(by("mnist-64").ratio),
  ratio256VsNumpy: roundOrNull(by("mnist-256").ratio),
  denseEpochSeconds: round(by("dense-64").ts),
  denseNumpyEpochSeconds: roundOrNull(by("dense-64").np),
  denseRatioVsNumpy: roundOrNull(by("dense-64").ratio),
  dense256RatioVsNumpy: roundOrNull(by("dense-256").ratio),
  numpy1ThreadEpochSeconds: roundOrNull(by("mnist-64").np1),
  ratioVsNumpy1Thread: roundOrNull(by("mnist-64").ratio1),
  denseRatioVsNumpy1Thread: roundOrNull(by("dense-64").ratio1),
  testAccuracy: accuracies.get("mnist-64")!.ts,
  numpyTestAccuracy: accuracies.get("mnist-64")!.np,
  openblasKernel: about?.openblasKernel ?? null,
  openblasThreads: about?.openblasThreads ?? null,
  numpy: about?.numpy ?? null,
  removedVariables: about?.removedVariables ?? null,
  rounds: ROUNDS,
  loadAverage: [loadStart, loadEnd],
}));

/** One round of a workload on the library: its epochs, timed by `train` itself. */
async function runLibrary(w: number, workload: Workload, round: number): Promise<void> {
  const data = workload.data === "mnist" ? mnist.train : dense.train;
  const history = await train(nets.get(workload.name)!, data, {
    epochs: workload.epochsPerRound,
    batchSize: workload.batchSize,
    learningRate: workload.learningRate,
    l2: workload.l2,
    seed: orderSeed(w, round),
    progress: false,
    trainAccuracySamples: 1, // the per-epoch evaluation is not timed, but keep it short
  });
  seconds.get(workload.name)!.ts.push(...history.trainSeconds);
  if (round === 0) firstLoss.set(workload.name, { ts: history.loss[0], np: null });
}

/** The same round on the NumPy side. */
async function runNumpy(_w: number, workload: Workload, round: number): Promise<void> {
  if (!numpy) return;
  const answer = await numpy.ask({ run: workload.name, round });
  seconds.get(workload.name)!.np.push(...answer.epochSeconds as number[]);
  if (round === 0) firstLoss.get(workload.name)!.np = answer.firstLoss as number;
}

/** The same round on the one-thread NumPy side, for the workloads it runs. */
async function runNumpy1(_w: number, workload: Workload, round: number): Promise<void> {
  if (!numpy1 || !ONE_THREAD.includes(workload.name)) return;
  const answer = await numpy1.ask({ run: workload.name, round });
  seconds.get(workload.name)!.np1.push(...answer.epochSeconds as number[]);
}

/** The seed of a workload's minibatch order in a round. */
function orderSeed(w: number, round: number): number {
  return 1000 * w + round;
}

/** N Gaussian examples (n × N, and `test` more), labelled by argmax of a random 10 × n teacher. */
function gaussianData(
  n: number,
  N: number,
  test: number,
): { train: Dataset & { labels: Int32Array }; test: Dataset & { labels: Int32Array } } {
  const rng = new Rng(7);
  const teacher = rng.normalMatrix(10, n);
  const make = (count: number) => {
    const X = rng.normalMatrix(n, count);
    const labels = new Int32Array(count);
    for (let j = 0; j < count; j++) {
      let best = -Infinity;
      for (let c = 0; c < 10; c++) {
        let s = 0;
        for (let t = 0; t < n; t++) s += teacher.data[c * n + t] * X.data[t * count + j];
        if (s > best) [best, labels[j]] = [s, c];
      }
    }
    return { X, labels };
  };
  return { train: make(N), test: make(test) };
}

/** The NumPy side as a process that answers one JSON line per request; null if it won't run. */
async function startNumpy(env: Record<string, string> = {}): Promise<
  { ask(request: object): Promise<Record<string, unknown>>; close(): Promise<void> } | null
> {
  const script = new URL("./numpy_reference.py", import.meta.url).pathname;
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(PYTHON, {
      args: [script, dir],
      env,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    numpyNote = `${PYTHON} could not be run (${(error as Error).message})`;
    return null;
  }
  const writer = child.stdin.getWriter();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const errors = new Response(child.stderr).text();
  let buffered = "";
  const ask = async (request: object): Promise<Record<string, unknown>> => {
    await writer.write(new TextEncoder().encode(JSON.stringify(request) + "\n"));
    while (!buffered.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the NumPy side stopped: ${(await errors).trim()}`);
      buffered += value;
    }
    const end = buffered.indexOf("\n");
    const line = buffered.slice(0, end);
    buffered = buffered.slice(end + 1);
    return JSON.parse(line);
  };
  const close = async (): Promise<void> => {
    await writer.close();
    await child.status;
    await errors;
  };
  try {
    await ask({ about: true });
  } catch (error) {
    numpyNote = (error as Error).message.split("\n").pop() ?? "";
    await writer.close().catch(() => {});
    await child.status;
    return null;
  }
  return { ask, close };
}

/** The 1-minute load average (null without --allow-sys=loadavg). */
function loadAverage(): number | null {
  try {
    return Deno.loadavg()[0];
  } catch {
    return null;
  }
}

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

function roundOrNull(x: number | null): number | null {
  return x === null ? null : round(x);
}
