// Private: ReLU's forward and backward loops on the WebAssembly kernels of _kernels.c
// (relu_forward, relu_backward), which lib/nn/relu.ts runs when the fast kernels are in use; its
// own readable loops stay the reference, and the tests check that both give the same bits.
//
// Why: a plain loop `x > 0 ? x : 0` compiles to a branch on the sign of each entry, and a
// training run's activations are fresh every minibatch, so about half of those branches are
// mispredicted. Timed inside `train` on MNIST (784-100-10, batch 64, load ~0.4), ReLU's forward
// pass took 46–47 µs a step and its backward pass 45–46, against 17 and 15 for the same loops
// run again and again on one input, whose branches the processor learns. Branch-free loops in
// TypeScript (x · +(x > 0)) ran at 5–6 µs in a benchmark loop but at 72–80 µs inside `train`,
// where V8 had compiled the activation's code with its fast-but-plain tier (Maglev) and never
// replaced it. The WebAssembly loops have neither problem: V8 compiles them fully, and they
// choose without branching (f64x2.pmax, and a comparison's lane mask).
//
// The entries are copied into the module's memory and the result out of it, as the products do.

import { align, instance } from "./_gemm.ts";
import { kernelsInUse } from "./kernels.ts";

/** Past this many entries the 32-bit offsets could overflow: the caller's loop runs instead. */
const MAX_ENTRIES = 2 ** 26;

/** out = max(0, x) on the WebAssembly kernel; false (out untouched) when it cannot run. */
export function reluKernel(x: Float64Array, out: Float64Array): boolean {
  const wasm = kernelsInUse() === "fast" && x.length <= MAX_ENTRIES ? instance() : undefined;
  if (wasm === undefined) return false;
  const a = align(wasm.heapBase);
  const b = align(a + 8 * x.length);
  const f64 = wasm.reserve(b + 8 * x.length);
  f64.set(x, a / 8);
  wasm.reluForward(x.length, a, b);
  out.set(f64.subarray(b / 8, b / 8 + x.length));
  return true;
}

/** dX = dOut ∘ 1[x > 0] on the WebAssembly kernel; false (dX untouched) when it cannot run. */
export function reluGradientKernel(dOut: Float64Array, x: Float64Array, dX: Float64Array): boolean {
  const wasm = kernelsInUse() === "fast" && x.length <= MAX_ENTRIES ? instance() : undefined;
  if (wasm === undefined) return false;
  const a = align(wasm.heapBase);
  const b = align(a + 8 * x.length);
  const c = align(b + 8 * x.length);
  const f64 = wasm.reserve(c + 8 * x.length);
  f64.set(dOut, a / 8);
  f64.set(x, b / 8);
  wasm.reluBackward(x.length, a, b, c);
  dX.set(f64.subarray(c / 8, c / 8 + x.length));
  return true;
}
