/**
 * A catalogue of classic backprop mistakes, each switchable on its own in a small two-layer
 * network, so that a gradient check can be watched catching it and its report naming it.
 *
 * The network (examples in columns, E2–E3): Z = W1 X + b1 1ᵀ, H = relu(Z), S = W2 H + b2 1ᵀ,
 * P = softmax(S) (E6), and the objective (E4) J = (1/m) Σ_j H(q_j, p_j) (E13) +
 * (λ/2)(‖W1‖² + ‖W2‖²). Its backward pass is written layer by layer, E15 then E11 then the
 * linear and ReLU layers, and each {@linkcode BackpropBug} replaces one line of it.
 *
 * {@linkcode checkBackpropBug} checks the whole network's four gradients (which catches the bug)
 * and then each layer's own backward pass from the loss down, as one debugs by hand; the first
 * layer that fails names the bug through {@linkcode diagnoseGradient}. A bug that sits in no
 * layer (the regularizer's gradient is added outside them) is diagnosed from the parameter
 * checks.
 *
 * @module
 */

import { Matrix } from "../core/matrix.ts";
import {
  assertLabels,
  assertMatrixLike,
  assertObject,
  checkOptions,
  describeValue,
} from "../core/_shape.ts";
import { matmul } from "../core/matmul.ts";
import { Rng } from "../core/random.ts";
import { linearBackward, type LinearCache, linearForward } from "../nn/linear.ts";
import { reluBackward, reluForward } from "../nn/relu.ts";
import { softmax, softmaxBackward } from "../nn/softmax.ts";
import { crossEntropy, crossEntropyGradP } from "../nn/cross_entropy.ts";
import { l2Penalty } from "../nn/regularizers.ts";
import { checkGradient } from "./gradient_check.ts";
import type { GradientCheckReport } from "./gradient_check_report.ts";
import type { GradientDiagnosis, GradientDiagnosisKind } from "./diagnose_gradient.ts";

/** The name of one injectable mistake; see {@linkcode BACKPROP_BUGS}. */
export type BackpropBug =
  | "missing-1/m"
  | "transposed-dW"
  | "forgotten-regularizer-gradient"
  | "softmax-without-column-sum"
  | "bias-sum-wrong-axis"
  | "relu-mask-from-gradient";

/** What one mistake is and what a gradient check should say about it. */
export interface BackpropBugInfo {
  /** Its name, the value of `options.bug`. */
  bug: BackpropBug;
  /** The wrong line and the right one. */
  description: string;
  /** The diagnosis {@linkcode diagnoseGradient} should give. */
  expected: GradientDiagnosisKind;
}

/**
 * Every mistake the catalogue can inject, with its description and expected diagnosis.
 *
 * @example
 * ```ts
 * import { BACKPROP_BUGS } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const missing = BACKPROP_BUGS.find((b) => b.bug === "missing-1/m");
 * assert.equal(missing?.expected, "scaled"); // analytic ≈ m × numerical
 * ```
 */
export const BACKPROP_BUGS: readonly BackpropBugInfo[] = [
  {
    bug: "missing-1/m",
    description: "dP = −Q/P, forgetting the 1/m of the mean over m examples (right: −Q/(m P))",
    expected: "scaled",
  },
  {
    bug: "transposed-dW",
    description: "layer 2's dW2 = H dSᵀ, the product in the wrong order (right: dS Hᵀ); it " +
      "runs because W2 is square",
    expected: "transposed",
  },
  {
    bug: "forgotten-regularizer-gradient",
    description: "dW = dOut Xᵀ without the + λW of the L2 penalty (E4)",
    expected: "missing-regularizer",
  },
  {
    bug: "softmax-without-column-sum",
    description: "dS = P ∘ dP, the batched softmax backward without its column-sum term " +
      "(right, E11: P ∘ (dP − 1 1ᵀ(P ∘ dP)))",
    expected: "shift-invariance-broken",
  },
  {
    bug: "bias-sum-wrong-axis",
    description: "layer 1's db1 sums dZ over its rows (hidden units) instead of over its m " +
      "columns (examples); it runs because the hidden size equals m",
    expected: "wrong-axis-sum",
  },
  {
    bug: "relu-mask-from-gradient",
    description: "dZ = dH ∘ 1[dH > 0], the ReLU mask taken from the upstream gradient " +
      "(right: 1[Z > 0], from the layer's input)",
    expected: "wrong-mask",
  },
];

/** The parameters of the two-layer network (h hidden units, k classes, n features). */
export interface BugNetParams {
  /** h × n. */
  W1: Matrix;
  /** h × 1. */
  b1: Matrix;
  /** k × h. */
  W2: Matrix;
  /** k × 1. */
  b2: Matrix;
}

/** A batch: X is n × m (examples in columns), labels are m classes in [0, k). */
export interface BugNetBatch {
  /** The inputs, n × m. */
  X: Matrix;
  /** The true class of each column. */
  labels: readonly number[];
}

/** Options of {@linkcode bugNetLossAndGradients}. */
export interface BugNetOptions {
  /** The mistake to inject. @default {undefined} (the correct backward pass) */
  bug?: BackpropBug;
  /** λ of the L2 penalty (λ/2)(‖W1‖² + ‖W2‖²). @default {0.01} */
  strength?: number;
}

/** The objective and its gradients. */
export interface BugNetResult {
  /** J(w): mean cross-entropy plus the penalty. */
  loss: number;
  /** ∂J/∂W1, ∂J/∂b1, ∂J/∂W2, ∂J/∂b2 (wrong where a bug was injected). */
  grads: BugNetParams;
}

/**
 * The two-layer network's objective and its gradients, with at most one injected mistake.
 *
 * @param params W1, b1, W2, b2.
 * @param batch X (n × m) and m labels.
 * @param options The bug to inject and λ; see {@linkcode BugNetOptions}.
 * @returns The loss and the four gradients.
 * @throws {RangeError} When `options.bug` is not in {@linkcode BACKPROP_BUGS}, a label is not a
 * class in [0, k) or there are not m of them, or an option is unknown.
 * @throws {TypeError} When params or batch is not shaped as documented.
 *
 * @example The correct gradients pass a check; the injected bug fails it
 * ```ts
 * import { bugNetExample, bugNetLossAndGradients, checkGradient } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { params, batch } = bugNetExample();
 * const byW1 = (bug?: "missing-1/m") => (W1: typeof params.W1) => {
 *   const { loss, grads } = bugNetLossAndGradients({ ...params, W1 }, batch, { bug });
 *   return { value: loss, grad: grads.W1 };
 * };
 * assert.ok(checkGradient(byW1(), params.W1).passed);
 * assert.ok(!checkGradient(byW1("missing-1/m"), params.W1, { throw: false }).passed);
 * ```
 */
export function bugNetLossAndGradients(
  params: BugNetParams,
  batch: BugNetBatch,
  options?: BugNetOptions,
): BugNetResult {
  const who = "bugNetLossAndGradients";
  const { bug, strength = 0.01 } = checkOptions(options, { bug: true, strength: true }, who);
  checkBug(bug, who);
  assertObject(params, `${who} params ({ W1, b1, W2, b2 })`);
  for (const name of ["W1", "b1", "W2", "b2"] as const) {
    assertMatrixLike(params[name], `${who} params.${name}`);
  }
  assertObject(batch, `${who} batch ({ X, labels })`);
  const { X, labels } = batch;
  assertMatrixLike(X, `${who} batch.X`);
  assertLabels(labels, X.cols, params.W2.rows, `${who} (X ${X.shape})`);
  // Forward (E2–E3).
  const first = linearForward({ W: params.W1, b: params.b1 }, X);
  const relu = reluForward(first.out);
  const second = linearForward({ W: params.W2, b: params.b2 }, relu.out);
  const P = softmax(second.out);
  const penalty = l2Penalty([params.W1, params.W2], strength);
  const loss = meanCrossEntropy(P, labels) + penalty.value;
  // Backward, one layer a line.
  const dP = lossBackward(P, labels, bug); // E15, with the 1/m of the mean
  const dS = softmaxLayerBackward(P, dP, bug); // E11
  const g2 = linearLayerBackward(dS, second.cache, 2, bug);
  const dZ = reluLayerBackward(g2.dX, first.out, bug);
  const g1 = linearLayerBackward(dZ, first.cache, 1, bug);
  const regularize = bug !== "forgotten-regularizer-gradient";
  return {
    loss,
    grads: {
      W1: regularize ? add(g1.dW, penalty.grads[0]) : g1.dW, // + λW1
      b1: g1.db,
      W2: regularize ? add(g2.dW, penalty.grads[1]) : g2.dW, // + λW2
      b2: g2.db,
    },
  };
}

/**
 * A small seeded example for the catalogue: n = 3 features and h = k = m = 4 (hidden units,
 * classes, examples), so that W2 is square and the hidden size equals m; that is what lets the
 * transposed and wrong-axis bugs run at all, and why real tests use unequal sizes.
 *
 * @param seed The seed of the weights, inputs and labels. @default {0}
 * @returns Parameters and a batch.
 * @throws {RangeError} When the seed is not a safe integer.
 *
 * @example
 * ```ts
 * import { bugNetExample } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { params, batch } = bugNetExample(1);
 * assert.equal(params.W2.shape, "4×4");
 * assert.equal(batch.X.shape, "3×4");
 * ```
 */
export function bugNetExample(seed = 0): { params: BugNetParams; batch: BugNetBatch } {
  const rng = new Rng(seed);
  const n = 3;
  const h = 4;
  const k = 4;
  const m = 4;
  const params = {
    W1: rng.normalMatrix(h, n, 0.8),
    b1: rng.normalMatrix(h, 1, 0.3),
    W2: rng.normalMatrix(k, h, 0.8),
    b2: rng.normalMatrix(k, 1, 0.3),
  };
  const X = rng.normalMatrix(n, m);
  const labels = Array.from({ length: m }, () => rng.int(k));
  return { params, batch: { X, labels } };
}

/** Options of {@linkcode checkBackpropBug}. */
export interface BackpropBugCheckOptions {
  /** The seed of the example network and of the checks' upstream gradients. @default {0} */
  seed?: number;
  /** λ of the L2 penalty. @default {0.01} */
  strength?: number;
  /**
   * The relative error above which a check fails. Looser than the 1e-7 that suits one smooth
   * function: over seeds 0–299 the correct network's checks reach 7.9e-5 (an entry of the
   * softmax VJP that is a small difference of larger terms carries their round-off; ReLU adds
   * kinks), while the mildest bug gives 7.1e-2 (a forgotten λW with λ = 0.01).
   * @default {1e-3}
   */
  tolerance?: number;
}

/** What {@linkcode checkBackpropBug} found. */
export interface BackpropBugCheck {
  /** The injected bug (undefined for the correct network). */
  bug: BackpropBug | undefined;
  /** The whole network's checks, one per parameter: W1, b1, W2, b2. */
  parameters: Record<keyof BugNetParams, GradientCheckReport>;
  /** Each layer's own backward pass, from the loss down. */
  layers: Record<string, GradientCheckReport>;
  /** Whether any parameter check failed. */
  caught: boolean;
  /** The largest relative error over the parameter checks. */
  maxRelError: number;
  /** Which check the diagnosis was read from (`"layer softmax"`, `"parameter W1"`, …). */
  diagnosedBy: string;
  /** The likely mistake. */
  diagnosis: GradientDiagnosis;
}

/**
 * Runs the catalogue's network with one bug (or none), checks its four gradients against
 * central differences, then checks each layer's backward pass on its own, from the loss down,
 * and reads the diagnosis from the first failing layer (or, when every layer passes, from the
 * first failing parameter).
 *
 * @param bug The mistake to inject, or undefined for the correct network.
 * @param options The seed, λ and tolerance; see {@linkcode BackpropBugCheckOptions}.
 * @returns The reports, whether the bug was caught, and the diagnosis.
 * @throws {RangeError} When `bug` is neither undefined nor in {@linkcode BACKPROP_BUGS}, or an
 * option is bad or unknown.
 *
 * @example A forgotten 1/m is caught and named
 * ```ts
 * import { checkBackpropBug } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const found = checkBackpropBug("missing-1/m");
 * assert.ok(found.caught);
 * assert.equal(found.diagnosis.kind, "scaled");
 * assert.match(found.diagnosis.message, /missing 1\/m/);
 * assert.equal(checkBackpropBug(undefined).caught, false);
 * ```
 */
export function checkBackpropBug(
  bug: BackpropBug | undefined,
  options?: BackpropBugCheckOptions,
): BackpropBugCheck {
  const { seed = 0, strength = 0.01, tolerance = 1e-3 } = checkOptions(
    options,
    { seed: true, strength: true, tolerance: true },
    "checkBackpropBug",
  );
  checkBug(bug, "checkBackpropBug");
  const { params, batch } = bugNetExample(seed);
  const settings = { throw: false, seed, tolerance };
  const parameters = {} as Record<keyof BugNetParams, GradientCheckReport>;
  for (const name of ["W1", "b1", "W2", "b2"] as const) {
    const f = (value: Matrix) => {
      const { loss, grads } = bugNetLossAndGradients({ ...params, [name]: value }, batch, {
        bug,
        strength,
      });
      return { value: loss, grad: grads[name] };
    };
    parameters[name] = checkGradient(f, params[name].clone(), { ...settings, label: name });
  }
  const layers = checkLayers(params, batch, bug, settings);
  const all = Object.values(parameters);
  const caught = all.some((r) => !r.passed);
  const maxRelError = Math.max(...all.map((r) => r.maxRelError));
  const candidates: [string, GradientCheckReport][] = [
    ...Object.entries(layers).map(([k, r]): [string, GradientCheckReport] => [`layer ${k}`, r]),
    ...Object.entries(parameters).map((
      [k, r],
    ): [string, GradientCheckReport] => [`parameter ${k}`, r]),
  ];
  const pick = candidates.find(([, r]) => !r.passed);
  const [diagnosedBy, diagnosis]: [string, GradientDiagnosis] = pick === undefined
    ? ["every check", { kind: "none", message: "every check passed" }]
    : [pick[0], pick[1].diagnosis];
  return { bug, parameters, layers, caught, maxRelError, diagnosedBy, diagnosis };
}

/** Each layer's backward pass checked on its own at the example's activations. */
function checkLayers(
  params: BugNetParams,
  batch: BugNetBatch,
  bug: BackpropBug | undefined,
  settings: { throw: boolean; seed: number; tolerance: number },
): Record<string, GradientCheckReport> {
  const { X, labels } = batch;
  const Z = linearForward({ W: params.W1, b: params.b1 }, X).out;
  const H = reluForward(Z).out;
  const S = linearForward({ W: params.W2, b: params.b2 }, H).out;
  const P = softmax(S);
  const linear = (layer: 1 | 2, input: Matrix, which: "W" | "b"): GradientCheckReport => {
    const W = layer === 1 ? params.W1 : params.W2;
    const b = layer === 1 ? params.b1 : params.b2;
    const f = (value: Matrix) => {
      const { out, cache } = linearForward(
        which === "W" ? { W: value, b } : { W, b: value },
        input,
      );
      return { out, vjp: (d: Matrix) => linearLayerBackward(d, cache, layer, bug)[`d${which}`] };
    };
    const at = (which === "W" ? W : b).clone();
    return checkGradient(f, at, { ...settings, label: `d${which}${layer} (linear ${layer})` });
  };
  return {
    loss: checkGradient(
      (p: Matrix) => ({
        value: meanCrossEntropy(p, labels),
        grad: lossBackward(p, labels, bug),
      }),
      // At the network's own P a small p_i makes −log p curve sharply, and the central
      // difference's truncation error (h/p)²/3 can pass 1e-7; any point tests the layer, so it
      // is checked where P is mixed half and half with the uniform distribution (p ≥ 1/2k).
      P.map((v) => (v + 1 / P.rows) / 2),
      { ...settings, label: "dP (loss)" },
    ),
    softmax: checkGradient(
      (s: Matrix) => {
        const Y = softmax(s);
        return { out: Y, vjp: (dY: Matrix) => softmaxLayerBackward(Y, dY, bug) };
      },
      S.clone(),
      { ...settings, label: "dS (softmax)" },
    ),
    "linear 2, W": linear(2, H, "W"),
    "linear 2, b": linear(2, H, "b"),
    relu: checkGradient(
      (z: Matrix) => ({
        out: reluForward(z).out,
        vjp: (d: Matrix) => reluLayerBackward(d, z, bug),
      }),
      Z.clone(),
      { ...settings, label: "dZ (relu)" },
    ),
    "linear 1, W": linear(1, X, "W"),
    "linear 1, b": linear(1, X, "b"),
  };
}

/** (1/m) Σ_j H(q_j, p_j) with one-hot q_j (E13, E14). */
function meanCrossEntropy(P: Matrix, labels: readonly number[]): number {
  let total = 0;
  for (let j = 0; j < P.cols; j++) total += crossEntropy(oneHot(labels[j], P.rows), P.column(j));
  return total / P.cols;
}

/** ∂J/∂P = −Q / (m P) column by column (E15 and the mean's 1/m). */
function lossBackward(P: Matrix, labels: readonly number[], bug?: BackpropBug): Matrix {
  const m = P.cols;
  const scale = bug === "missing-1/m" ? 1 : 1 / m; // the bug forgets 1/m
  const columns = [];
  for (let j = 0; j < m; j++) {
    columns.push(crossEntropyGradP(oneHot(labels[j], P.rows), P.column(j)).map((g) => g * scale));
  }
  return Matrix.fromColumns(columns);
}

/** dS = P ∘ (dP − 1 1ᵀ(P ∘ dP)) (E11); the bug drops the column sums. */
function softmaxLayerBackward(P: Matrix, dP: Matrix, bug?: BackpropBug): Matrix {
  if (bug === "softmax-without-column-sum") return P.map((p, i, j) => p * dP.get(i, j));
  return softmaxBackward(P, dP);
}

/** The linear layer's backward, with the transposed-dW bug in layer 2, wrong-axis db in layer 1. */
function linearLayerBackward(
  dOut: Matrix,
  cache: LinearCache,
  layer: 1 | 2,
  bug?: BackpropBug,
): { dX: Matrix; dW: Matrix; db: Matrix } {
  const grads = linearBackward(dOut, cache);
  if (bug === "transposed-dW" && layer === 2) {
    return { ...grads, dW: matmul(cache.X, dOut, { transposeB: true }) }; // X dOutᵀ
  }
  if (bug === "bias-sum-wrong-axis" && layer === 1) {
    const sums = new Float64Array(dOut.cols); // Σ over rows, one per column
    for (let i = 0; i < dOut.rows; i++) {
      for (let j = 0; j < dOut.cols; j++) sums[j] += dOut.data[i * dOut.cols + j];
    }
    if (sums.length !== grads.db.rows) {
      throw new RangeError(
        `bias-sum-wrong-axis: the ${sums.length} column sums cannot stand for the ` +
          `${grads.db.rows} biases (the bug only runs when the hidden size equals m)`,
      );
    }
    return { ...grads, db: Matrix.column(sums) };
  }
  return grads;
}

/** dZ = dH ∘ 1[Z > 0]; the bug takes the mask from dH. */
function reluLayerBackward(dH: Matrix, Z: Matrix, bug?: BackpropBug): Matrix {
  if (bug === "relu-mask-from-gradient") return dH.map((g) => (g > 0 ? g : 0));
  return reluBackward(dH, { X: Z });
}

function checkBug(bug: BackpropBug | undefined, who: string): void {
  if (bug !== undefined && !BACKPROP_BUGS.some((b) => b.bug === bug)) {
    throw new RangeError(
      `${who}: unknown bug ${describeValue(bug)}; the catalogue has ` +
        BACKPROP_BUGS.map((b) => b.bug).join(", "),
    );
  }
}

function oneHot(label: number, k: number): Float64Array {
  if (!Number.isInteger(label) || label < 0 || label >= k) {
    throw new RangeError(`label ${label} is not a class in [0, ${k})`);
  }
  const q = new Float64Array(k);
  q[label] = 1;
  return q;
}

function add(A: Matrix, B: Matrix): Matrix {
  return A.map((v, i, j) => v + B.get(i, j));
}
