// `deno task bench:workers`: what two Workers would add to the dense products of the
// 784-1024-10 workload, measured rather than guessed. The library itself runs on one thread (a
// Worker needs a module to load and shared memory; see lib/core/kernels.ts); this probe compiles
// lib/core/_kernels.c once more for shared memory, runs the same dense kernel on one thread and
// on two Workers that each compute half of C's rows, checks that both give the same bits, and
// prints the medians.
//
// Needs clang and wasm-ld; permissions: --allow-run=clang, --allow-read, --allow-write (a
// temporary file).

import { CLANG_FLAGS, KERNELS_SOURCE } from "./build_kernels.ts";

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
const bytes = await Deno.readFile(wasmFile);
await Deno.remove(wasmFile);
const module = await WebAssembly.compile(bytes);
const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES, shared: true });

// Each thread gets its own 64 KiB stack below the data: [1 MiB · (k + 1) − 64 KiB, 1 MiB · (k + 1)).
function instantiate(thread: number): WebAssembly.Instance {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  (instance.exports.__stack_pointer as WebAssembly.Global).value = (thread + 1) * 1048576;
  return instance;
}

// The worker: waits on a shared flag, runs gemm on its half, signals completion.
const workerSource = `
let gemm;
self.onmessage = (e) => {
  const { module, memory, thread } = e.data;
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  instance.exports.__stack_pointer.value = (thread + 1) * 1048576;
  gemm = instance.exports.gemm;
  const flags = new Int32Array(memory.buffer, 0, 16);
  self.postMessage("ready");
  for (;;) {
    Atomics.wait(flags, thread, 0);
    const args = Array.from(new Int32Array(memory.buffer, 64 + 64 * thread, 12));
    gemm(...args);
    Atomics.store(flags, thread, 0);
    Atomics.add(flags, 8, 1);
    Atomics.notify(flags, 8);
  }
};`;
const workerUrl = `data:application/javascript,${encodeURIComponent(workerSource)}`;
const workers = [0, 1].map(() => new Worker(workerUrl, { type: "module" }));
await Promise.all(workers.map((w, k) =>
  new Promise((resolve) => {
    w.onmessage = resolve;
    w.postMessage({ module, memory, thread: k + 1 });
  })
));
const main = instantiate(0);
const gemm = main.exports.gemm as (...args: number[]) => number;
const flags = new Int32Array(memory.buffer, 0, 16);
const f64 = new Float64Array(memory.buffer);

/** C = op(A) · op(B), dense kernel, on one thread or split by rows over the two Workers. */
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
    gemm(p, r, q, a, r, 1, b, bInner, bCol, c, scratch[0], 1);
    return;
  }
  const half = Math.ceil(p / 2 / 4) * 4;
  Atomics.store(flags, 8, 0);
  for (let k = 0; k < 2; k++) {
    const rows = k === 0 ? half : p - half;
    const job = new Int32Array(memory.buffer, 64 + 64 * (k + 1), 12);
    job.set([
      rows,
      r,
      q,
      a + 8 * k * half * r,
      r,
      1,
      b,
      bInner,
      bCol,
      c + 8 * k * half * q,
      scratch[k + 1],
      1,
    ]);
    Atomics.store(flags, k + 1, 1);
    Atomics.notify(flags, k + 1);
  }
  while (Atomics.load(flags, 8) < 2) Atomics.wait(flags, 8, Atomics.load(flags, 8));
}

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  return s[s.length >> 1];
}

const cases = [
  { name: "W X    (1024×784 · 784×64)", shape: [1024, 784, 64], transposeB: false },
  { name: "dH Xᵀ  (1024×64 · 64×784)", shape: [1024, 64, 784], transposeB: true },
];
const base = 8 * 1048576; // past the three stacks
console.log(`dense kernel, ${REPEATS} repeats, medians; load average ${Deno.loadavg()[0]}`);
for (const { name, shape, transposeB } of cases) {
  const [p, r, q] = shape;
  const a = base, b = a + 8 * p * r, c = b + 8 * r * q, c2 = c + 8 * p * q;
  const scratch = [0, 1, 2].map((k) => c2 + 8 * p * q + k * 8 * 1048576);
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
    `${name}: one thread ${one.toFixed(2)} ms (${gflops(one)} GFLOP/s), two Workers ` +
      `${two.toFixed(2)} ms (${gflops(two)} GFLOP/s), ×${(one / two).toFixed(2)}`,
  );
}
Deno.exit(0); // the Workers wait forever
