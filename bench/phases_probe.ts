// `deno task bench:phases`: why the library's epoch time looked bimodal from one process to the
// next (0.12 or 0.17 s in the issue that asked, 0.084 or 0.127 s later). One process, one
// minibatch, one product, the same bits in and out: the MNIST step's W1·X (100 × 784 times a
// 784 × 64 minibatch, its nonzeros listed, on the sparse WebAssembly kernel) runs in slices of
// SLICE calls for the given number of seconds (default 20), each slice followed by a slice of a
// fixed scalar JavaScript loop (eight independent sums over an array that fits in the L1 cache).
// It prints, second by second, the median time per call of both, and sums up how often, and by
// how much, each was slower than its own fast mode.
//
// What it showed on the development machine (2 vCPUs of an AMD EPYC in a virtual machine, nothing
// else running in it): the product takes 204–213 µs a call for seconds on end, then 290–345 µs for
// seconds on end, then 204 again, inside one process and with nothing in the process changing
// (no allocation, no compilation, the same memory); pinned to either vCPU (taskset -c 0 or 1)
// alike; and not when the other vCPU runs a busy loop of our own. The JavaScript loop slows in the
// same slices, by 5–10 %. So the slow mode belongs to the machine, not to the process: something
// outside the virtual machine shares the physical core or its caches for seconds at a time, and
// code that keeps the core as busy as this kernel does loses far more than a scalar loop.
// A process that lives a second or two lands in one mode or the other, which is what looked like
// a per-process bimodality. NumPy on two OpenBLAS threads shows the same phases (W1·X and dW1 of
// the same shapes: 290 µs, then 450–630 µs; on one thread a steady 440). The benchmark therefore
// takes turns between the sides and prints the load average; it cannot make the machine steady.
//
// Permissions: --allow-read (the MNIST files that loadMnist caches).

import { batchColumns, gatherBatch, packDatasetColumns } from "../lib/core/_dataset_columns.ts";
import { gemm } from "../lib/core/_gemm.ts";
import { loadMnist, Matrix, Rng } from "../lib/mod.ts";

const SECONDS = Number(Deno.args[0] ?? 20);
const SLICE = 100; // calls of each workload per slice
const { train: data } = await loadMnist();
const X = new Matrix(784, 64);
gatherBatch(packDatasetColumns(data.X)!, new Rng(1).permutation(data.X.cols), 0, X, true);
const W1 = new Rng(3).normalMatrix(100, 784);
const Z = new Matrix(100, 64);
const columns = batchColumns(X);
const product = (): unknown => gemm(W1, X, { out: Z, columnsOfB: columns });

const array = new Float64Array(2048).map((_, i) => Math.sin(i));
function scalarLoop(): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  for (let round = 0; round < 40; round++) {
    for (let i = 0; i < array.length; i += 8) {
      s0 += array[i] * 1.0001, s1 += array[i + 1] * 1.0001, s2 += array[i + 2] * 1.0001;
      s3 += array[i + 3] * 1.0001, s4 += array[i + 4] * 1.0001, s5 += array[i + 5] * 1.0001;
      s6 += array[i + 6] * 1.0001, s7 += array[i + 7] * 1.0001;
    }
  }
  return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
}

/** The median time per call, in µs, of a slice of `calls` calls. */
function slice(work: () => unknown, calls: number): number {
  const times: number[] = [];
  for (let c = 0; c < calls; c++) {
    const t0 = performance.now();
    work();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return 1000 * times[calls >> 1];
}

for (let i = 0; i < 3; i++) slice(product, SLICE), slice(scalarLoop, SLICE); // warm up
const products: number[] = [], loops: number[] = [], at: number[] = [];
const start = performance.now();
while (performance.now() < start + 1000 * SECONDS) {
  at.push(Math.floor((performance.now() - start) / 1000));
  products.push(slice(product, SLICE));
  loops.push(slice(scalarLoop, SLICE));
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
console.log(`${products.length} slices of ${SLICE} calls each; per second, the median µs a call:`);
for (let s = 0; s < SECONDS; s++) {
  const p = products.filter((_, i) => at[i] === s), l = loops.filter((_, i) => at[i] === s);
  if (p.length === 0) continue;
  const low = Math.min(...p).toFixed(0), high = Math.max(...p).toFixed(0);
  console.log(
    `  second ${String(s + 1).padStart(2)}: product ${median(p).toFixed(0).padStart(4)} ` +
      `(slices ${low}–${high}), scalar loop ${median(l).toFixed(1)}`,
  );
}
for (const [name, times] of [["W1·X (sparse kernel)", products], ["scalar loop", loops]] as const) {
  const fast = Math.min(...times);
  const slow = times.filter((t) => t > 1.25 * fast);
  const slowMedian = slow.length ? median(slow) : fast;
  console.log(
    `${name}: fast mode ${fast.toFixed(1)} µs; ${slow.length} of ${times.length} slices more ` +
      `than 25 % slower` + (slow.length ? ` (median ×${(slowMedian / fast).toFixed(2)})` : ""),
  );
}
// Whether the two slow down together: the loop's median in the product's slow slices and in its
// fast ones.
const cut = 1.25 * Math.min(...products);
const inSlow = loops.filter((_, i) => products[i] > cut);
const inFast = loops.filter((_, i) => products[i] <= cut);
if (inSlow.length && inFast.length) {
  console.log(
    `scalar loop: ${median(inFast).toFixed(1)} µs in the product's fast slices, ` +
      `${median(inSlow).toFixed(1)} in its slow ones`,
  );
}
