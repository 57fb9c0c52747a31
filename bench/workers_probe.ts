// `deno task bench:workers`: what a second thread would add, measured rather than guessed, to the
// dense products of the 784-1024-10 workload and to the two sparse products of an MNIST step
// (W1·X and dZ1·Xᵀ, whose lists of nonzeros the sparse kernel takes). The library itself runs on
// one thread (a Worker needs a module to load and shared memory); this probe compiles
// lib/core/_kernels.c once more for shared memory, runs the same kernel on the main thread alone
// and on the main thread and one Worker, each computing half of C's rows, checks that both give
// the same bits, and prints the medians. The MNIST products are short (about 0.2 ms), so waking
// the Worker counts: they are timed with a Worker that sleeps between products (Atomics.wait) and
// with one that spins, checking for the next product in a loop, as OpenBLAS's threads do for a
// while.
//
// Needs clang and wasm-ld; permissions: --allow-run=clang, --allow-read, --allow-write (a
// temporary file).

import { CLANG_FLAGS, KERNELS_SOURCE, standardMadd } from "./build_kernels.ts";
import { batchColumns, gatherBatch, packDatasetColumns } from "../lib/core/_dataset_columns.ts";
import { align } from "../lib/core/_gemm.ts";
import { loadMnist, Matrix, Rng } from "../lib/mod.ts";

const PAGES = 2048; // 128 MiB of shared memory, never grown
const REPEATS = 30;

const wasmFile = await Deno.makeTempFile({ suffix: ".wasm" });
const threadFlags = [
  ...CLANG_FLAGS.filter((f) => f !== "-Werror"),
  "-matomics",
  "-mmutable-globals",
  "-Wl,--shared-memory",
  `-Wl,--max-memory=${PAGES * 65536}`,
  "-Wl,--export=__stack_pointer",
];
const built = await new Deno.Command("clang", {
  args: [...threadFlags, "-o", wasmFile, KERNELS_SOURCE.pathname],
}).output();
if (built.code !== 0) throw new Error(new TextDecoder().decode(built.stderr));
const bytes = standardMadd(await Deno.readFile(wasmFile)); // as build_kernels.ts does
await Deno.remove(wasmFile);
const module = await WebAssembly.compile(bytes);
const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES, shared: true });

// Each thread gets its own 64 KiB stack below the data: [1 MiB · (k + 1) − 64 KiB, 1 MiB · (k + 1)).
function instantiate(thread: number): WebAssembly.Instance {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  (instance.exports.__stack_pointer as WebAssembly.Global).value = (thread + 1) * 1048576;
  return instance;
}

// The worker: waits on a shared flag (spinning first when flags[12] says so), runs the export that
// its job names (0: gemm, 1: gemm_listed) on its half, signals completion.
const workerSource = `
self.onmessage = (e) => {
  const { module, memory, thread } = e.data;
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  instance.exports.__stack_pointer.value = (thread + 1) * 1048576;
  const kernels = [instance.exports.gemm, instance.exports.gemm_listed];
  const flags = new Int32Array(memory.buffer, 0, 16);
  self.postMessage("ready");
  for (;;) {
    for (let spin = 0; flags[12] === 1 && spin < 1e7 && Atomics.load(flags, thread) === 0; spin++);
    Atomics.wait(flags, thread, 0);
    const job = Array.from(new Int32Array(memory.buffer, 64 + 64 * thread, 14));
    kernels[job[0]](...job.slice(1));
    Atomics.store(flags, thread, 0);
    Atomics.add(flags, 8, 1);
    Atomics.notify(flags, 8);
  }
};`;
const workerUrl = `data:application/javascript,${encodeURIComponent(workerSource)}`;
const worker = new Worker(workerUrl, { type: "module" }); // thread 1; the main thread is 0
await new Promise((resolve, reject) => {
  worker.onmessage = resolve;
  worker.onerror = (event) => reject(new Error(`the Worker failed: ${event.message}`));
  worker.postMessage({ module, memory, thread: 1 });
});
const main = instantiate(0);
const gemm = main.exports.gemm as (...args: number[]) => number;
const gemmListed = main.exports.gemm_listed as (...args: number[]) => number;
const flags = new Int32Array(memory.buffer, 0, 16);
const f64 = new Float64Array(memory.buffer);

/** Runs the export `kernel` (0: gemm, 1: gemm_listed) with these arguments on a Worker. */
function post(thread: number, kernel: number, args: number[]): void {
  new Int32Array(memory.buffer, 64 + 64 * thread, 14).set([kernel, ...args]);
  Atomics.store(flags, thread, 1);
  Atomics.notify(flags, thread);
}

/** Waits for the Worker's half (at most 10 s: a probe that hangs would say nothing). */
function join(): void {
  const deadline = performance.now() + 10_000;
  while (Atomics.load(flags, 8) < 1) {
    Atomics.wait(flags, 8, Atomics.load(flags, 8), 1000);
    if (performance.now() > deadline) throw new Error("the Worker did not finish its half in 10 s");
  }
  Atomics.store(flags, 8, 0);
}

/** C = op(A) · op(B), dense kernel, on one thread or split by rows with the Worker. */
function product(
  [p, r, q]: number[],
  transposeB: boolean,
  a: number,
  b: number,
  c: number,
  scratch: number[],
  threads: 1 | 2,
): void {
  const [bInner, bCol] = transposeB ? [1, r] : [q, 1];
  if (threads === 1) {
    gemm(p, r, q, a, r, 1, b, bInner, bCol, c, scratch[0], 1, 1);
    return;
  }
  const half = Math.ceil(p / 2 / 4) * 4; // the main thread's rows; the Worker takes the rest
  const second = [a + 8 * half * r, r, 1, b, bInner, bCol, c + 8 * half * q, scratch[1], 1, 1];
  post(1, 0, [p - half, r, q, ...second]);
  gemm(half, r, q, a, r, 1, b, bInner, bCol, c, scratch[0], 1, 1);
  join();
}

/**
 * C = A · op(B) on the sparse kernel, B's nonzeros listed by columns (at `lists`: start, index,
 * value), on one thread or split by rows of A (and C) with the Worker. A is p × r.
 */
function listedProduct(
  [p, r, q]: number[],
  transposeB: boolean,
  a: number,
  lists: [number, number, number],
  c: number,
  scratch: number[],
  threads: 1 | 2,
): void {
  const t = transposeB ? 1 : 0;
  if (threads === 1) {
    if (!gemmListed(p, r, q, a, r, 1, t, ...lists, c, scratch[0])) throw new Error("not finite");
    return;
  }
  const half = Math.ceil(p / 2 / 4) * 4; // the main thread's rows; the Worker takes the rest
  post(1, 1, [p - half, r, q, a + 8 * half * r, r, 1, t, ...lists, c + 8 * half * q, scratch[1]]);
  if (!gemmListed(half, r, q, a, r, 1, t, ...lists, c, scratch[0])) throw new Error("not finite");
  join();
}

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  return s[s.length >> 1];
}

const cases = [
  { name: "W X    (1024×784 · 784×64)", shape: [1024, 784, 64], transposeB: false },
  { name: "dH Xᵀ  (1024×64 · 64×784)", shape: [1024, 64, 784], transposeB: true },
];
const base = 8 * 1048576; // past the stacks
console.log(`dense kernel, ${REPEATS} repeats, medians; load average ${Deno.loadavg()[0]}`);
for (const { name, shape, transposeB } of cases) {
  const [p, r, q] = shape;
  const a = base, b = a + 8 * p * r, c = b + 8 * r * q, c2 = c + 8 * p * q;
  const scratch = [0, 1].map((k) => c2 + 8 * p * q + k * 8 * 1048576);
  for (let i = 0; i < p * r + r * q; i++) f64[a / 8 + i] = Math.sin(i);
  const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
  for (let rep = 0; rep < 10; rep++) { // warm up: every instance's code tiers up to TurboFan
    for (const threads of [1, 2] as const) product(shape, transposeB, a, b, c, scratch, threads);
  }
  for (let rep = 0; rep < REPEATS; rep++) {
    for (const threads of [1, 2] as const) {
      const start = performance.now();
      product(shape, transposeB, a, b, threads === 1 ? c : c2, scratch, threads);
      times[threads].push(performance.now() - start);
    }
  }
  for (let i = 0; i < p * q; i++) {
    if (!Object.is(f64[c / 8 + i], f64[c2 / 8 + i])) throw new Error(`${name}: entry ${i} differs`);
  }
  const [one, two] = [median(times[1]), median(times[2])];
  const gflops = (ms: number) => (2 * p * r * q / ms / 1e6).toFixed(1);
  console.log(
    `${name}: one thread ${one.toFixed(2)} ms (${gflops(one)} GFLOP/s), two threads ` +
      `${two.toFixed(2)} ms (${gflops(two)} GFLOP/s), ×${(one / two).toFixed(2)}`,
  );
}

// MNIST's step: W1·X (100×784 · 784×64) and dZ1·Xᵀ (100×64 · 64×784), X a minibatch of 64 digits
// with its nonzeros listed, dZ1 Gaussian where W1·X > 0 and zero elsewhere (ReLU's pattern).
const { train: digits } = await loadMnist();
const X = new Matrix(784, 64);
gatherBatch(packDatasetColumns(digits.X)!, new Rng(1).permutation(digits.X.cols), 0, X, true);
const columns = batchColumns(X)!;
const nonzeros = columns.start[64];
const rng = new Rng(3);
const W1 = rng.normalMatrix(100, 784, Math.sqrt(2 / 784));
let free = base;
/** The offset of `bytes` more bytes of the shared memory, 64-byte aligned. */
function at(bytes: number): number {
  const offset = free;
  free = align(free + bytes);
  return offset;
}
const w1 = at(8 * W1.data.length), dZ1 = at(8 * 100 * 64);
const lists: [number, number, number] = [at(4 * 65), at(4 * nonzeros), at(8 * nonzeros)];
const out = [at(8 * 100 * 784), at(8 * 100 * 784)];
const mnistScratch = [0, 1].map(() => at(8 * 1048576));
f64.set(W1.data, w1 / 8);
new Int32Array(memory.buffer).set(columns.start, lists[0] / 4);
new Int32Array(memory.buffer).set(columns.index.subarray(0, nonzeros), lists[1] / 4);
f64.set(columns.value.subarray(0, nonzeros), lists[2] / 8);
listedProduct([100, 784, 64], false, w1, lists, out[0], mnistScratch, 1);
for (let i = 0; i < 100 * 64; i++) {
  f64[dZ1 / 8 + i] = f64[out[0] / 8 + i] > 0 ? rng.normal() : 0;
}
const steps = [
  { name: "W1·X   (100×784 · 784×64) ", shape: [100, 784, 64], transposeB: false, a: w1 },
  { name: "dZ1·Xᵀ (100×64 · 64×784)  ", shape: [100, 64, 784], transposeB: true, a: dZ1 },
];
const STEP_REPEATS = 300;
console.log(
  `\nMNIST's sparse products, ${STEP_REPEATS} repeats, medians (each thread lists op(B) itself)`,
);
for (const spin of [0, 1]) {
  flags[12] = spin;
  for (const { name, shape, transposeB, a } of steps) {
    const [p, , q] = shape;
    const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
    for (let rep = 0; rep < STEP_REPEATS + 30; rep++) {
      for (const threads of [1, 2] as const) {
        const start = performance.now();
        listedProduct(shape, transposeB, a, lists, out[threads - 1], mnistScratch, threads);
        if (rep >= 30) times[threads].push(performance.now() - start); // after warming up
      }
    }
    for (let i = 0; i < p * q; i++) {
      if (!Object.is(f64[out[0] / 8 + i], f64[out[1] / 8 + i])) {
        throw new Error(`${name}: entry ${i} differs`);
      }
    }
    const [one, two] = [1000 * median(times[1]), 1000 * median(times[2])];
    const worker = spin ? "spinning" : "sleeping";
    console.log(
      `${name}: one thread ${one.toFixed(0)} µs, two (the Worker ${worker}) ` +
        `${two.toFixed(0)} µs, ×${(one / two).toFixed(2)}`,
    );
  }
}
Deno.exit(0); // the Worker waits forever
