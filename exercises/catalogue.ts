/**
 * The exercises of the notebooks: for each, the notebook it belongs to, the stub cell a student
 * starts from, and the classic mistakes planted by the tests, each written as an edit of the
 * model solution (in `solutions/`) with the pattern its check's message must match.
 *
 * `tools/exercise_manifest.ts` joins this with the model solutions into `exercises/manifest.json`,
 * the one file the notebook tools and tests read.
 *
 * @module
 */

import type { ExerciseId } from "../lib/check/mod.ts";

/**
 * A planted mistake: an edit of the model solution (or, where an edit would be contrived, a whole
 * wrong function) and what its check must say.
 */
export interface MistakeDef {
  /** A short id, unique within the exercise, e.g. `"transposed-dW"`. */
  id: string;
  /** The wrong line and the right one, in words. */
  description: string;
  /** Each pair replaces one exact, unique passage of the model solution. */
  replace?: readonly (readonly [from: string, to: string])[];
  /** The whole wrong cell, instead of `replace`. */
  source?: string;
  /** A regular expression (source) the check's failure message must match. */
  expect: string;
}

/** One exercise. */
export interface ExerciseDef {
  /** The id: the name of its check, `exercise.<id>`. */
  id: ExerciseId;
  /** The notebook it belongs to. */
  notebook: NotebookName;
  /**
   * The id of the notebook cell its cells go right after: a cell of the notebook's own, an
   * earlier exercise's check cell (`ex-<id>-check`) or an inline question (`q-<id>`). No two
   * exercises or questions of a notebook share one.
   */
  after: string;
  /** Where that is, in words: the section and what comes just before. */
  section: string;
  /** Earlier exercises of the same notebook whose functions this one calls. */
  requires?: readonly ExerciseId[];
  /** The stub cell's source: signature, shapes, a hint citing the equation, a body that throws. */
  stub: string;
  /** At least one classic mistake. */
  mistakes: readonly MistakeDef[];
}

/** The five notebooks, by file name. */
export type NotebookName =
  | "01_backpropagation.ipynb"
  | "02_softmax.ipynb"
  | "03_cross_entropy.ipynb"
  | "04_gradient_checking.ipynb"
  | "05_training.ipynb";

/** An inline question: a written answer, no check. */
export interface QuestionDef {
  /** Its id, also its heading in `solutions/answers.md`, e.g. `"01-backwards"`. */
  id: string;
  /** The id of the cell it goes right after (see {@linkcode ExerciseDef.after}). */
  after: string;
  /** The question, one paragraph of Markdown. */
  question: string;
}

/** What a notebook adds around its exercises. */
export interface NotebookDef {
  /** The notebook's file name. */
  notebook: NotebookName;
  /** The model-solution module in `solutions/`. */
  solutions: string;
  /** The cell (tagged `exercise-setup`) that imports what the stubs and checks use. */
  setup: string;
  /** The id of the notebook cell the setup cell goes right after (its own import cell). */
  setupAfter: string;
  /**
   * Inline questions, each a Markdown cell (tag `question`, id `q-<id>`) placed right after the
   * cell `after`; the model answers are in `solutions/answers.md` under the same ids.
   */
  questions: readonly QuestionDef[];
}

/** The first lines of every setup cell. */
const SETUP_COMMENT = [
  '// For the "Your turn" cells below: what their stubs and checks use. Each stub is yours to',
  "// write; the one-line cell after it checks it with exercise.<name>(yourFunction).",
];

const CHECK_IMPORT = 'import { exercise, NotImplemented } from "@nn-notes/core/check";';

/** The notebooks with exercises, in order. */
export const NOTEBOOKS: readonly NotebookDef[] = [
  {
    notebook: "01_backpropagation.ipynb",
    solutions: "solutions/01_backpropagation.ts",
    setupAfter: "bp-01",
    setup: [
      ...SETUP_COMMENT,
      'import { Matrix, matmul } from "@nn-notes/core/core";',
      'import type { LinearCache, LinearGrads, LinearParams } from "@nn-notes/core/nn";',
      'import { softmaxCrossEntropy } from "@nn-notes/core/nn";',
      CHECK_IMPORT,
    ].join("\n"),
    questions: [
      {
        id: "01-backwards",
        after: "bp-11",
        question: "Why does the backward pass run from the last layer to the first? What would " +
          "it cost to get ∂J/∂w_i for every layer by applying the chain rule separately for " +
          "each i, front to back?",
      },
      {
        id: "01-no-mean-in-layer",
        after: "ex-linearBackward-check",
        question: "dW = dOut Xᵀ sums over the m examples. Why does the linear layer not divide " +
          "by m, and where does the 1/m of the mean loss enter the gradient?",
      },
      {
        id: "01-output-derivative",
        after: "ex-tanhBackward-check",
        question: "The sigmoid's derivative is written through its output, y(1 − y), and so is " +
          "tanh's, 1 − y². What does that save in the backward pass, and what must the " +
          "forward pass keep for it?",
      },
      {
        id: "01-subgradient",
        after: "bp-kink",
        question: "ReLU has no derivative at 0. Why may training still use dX = dOut ∘ 1[X > 0], " +
          'and what does the note\'s word "subgradient" (E5) allow there?',
      },
    ],
  },
  {
    notebook: "02_softmax.ipynb",
    solutions: "solutions/02_softmax.ts",
    setupAfter: "sm-01",
    setup: [
      ...SETUP_COMMENT,
      'import { Matrix } from "@nn-notes/core/core";',
      CHECK_IMPORT,
    ].join("\n"),
    questions: [
      {
        id: "02-subtract-max",
        after: "ex-softmax-check",
        question: "Why subtract each column's maximum before exponentiating? Why does the " +
          "result not change, and why can the sum in the denominator then never underflow to 0?",
      },
      {
        id: "02-symmetric",
        after: "sm-09",
        question: "Why is the softmax Jacobian symmetric (E8)? Is the Jacobian of " +
          "x ↦ softmax(Ax) symmetric too?",
      },
      {
        id: "02-columns-sum-to-zero",
        after: "ex-softmaxBackward-check",
        question: "Every column of dX = Y ∘ (dY − 1 1ᵀ(Y ∘ dY)) sums to 0, whatever dY is. Why " +
          "must it?",
      },
      {
        id: "02-slip-x2",
        after: "sm-22",
        question: 'The note\'s text multiplies the Jacobian by "the i-th column of Y" (slip X2). ' +
          "Which reading does its formula E11 follow, and how does a gradient check tell them apart?",
      },
    ],
  },
  {
    notebook: "03_cross_entropy.ipynb",
    solutions: "solutions/03_cross_entropy.ts",
    setupAfter: "ce-01",
    setup: [
      ...SETUP_COMMENT,
      'import { Matrix } from "@nn-notes/core/core";',
      CHECK_IMPORT,
    ].join("\n"),
    questions: [
      {
        id: "03-slip-x3",
        after: "ce-07",
        question: "The note writes the one-hot target as q_i = 1 iff y_i = i (slip X3). What " +
          "does a loop that codes it literally compute, and why does it still run?",
      },
      {
        id: "03-likelihood",
        after: "ce-09",
        question: "Why is picking the weights by maximum likelihood the same as minimizing the " +
          "summed cross-entropy with one-hot targets (E14)? And why does the cell above compute " +
          "log L as a sum of logarithms instead of multiplying the 40 probabilities?",
      },
      {
        id: "03-fused",
        after: "ex-softmaxCrossEntropy-check",
        question: "∂H/∂s = p − q could also be computed as the Jacobian diag(p) − ppᵀ times " +
          "−q/p. Why is the fused form better when some p_i is tiny?",
      },
    ],
  },
  {
    notebook: "04_gradient_checking.ipynb",
    solutions: "solutions/04_gradient_checking.ts",
    setupAfter: "gc-01",
    setup: [
      ...SETUP_COMMENT,
      CHECK_IMPORT,
    ].join("\n"),
    questions: [
      {
        id: "04-kink",
        after: "gc-07",
        question: "What does a kink (ReLU at 0) do to a central finite difference when x lies " +
          "within h of it? What relative error would you expect, and what should you do?",
      },
      {
        id: "04-central",
        after: "q-04-kink",
        question: "Why is the central difference more accurate than the forward one, and why " +
          "is h = 1e-5 a good step in float64 but a poor one in float32?",
      },
      {
        id: "04-relative-error",
        after: "gc-09",
        question: "Why does the relative error divide by |a| + |b| (with a floor of 1e-8) " +
          "instead of by |b| alone?",
      },
    ],
  },
  {
    notebook: "05_training.ipynb",
    solutions: "solutions/05_training.ts",
    setupAfter: "tr-01",
    setup: [
      ...SETUP_COMMENT,
      'import type { Dataset } from "@nn-notes/core/core";',
      'import { Matrix } from "@nn-notes/core/core";',
      'import { type Network, networkParameters, objective } from "@nn-notes/core/nn";',
      CHECK_IMPORT,
    ].join("\n"),
    questions: [
      {
        id: "05-stochastic",
        after: "ex-trainSpiral-check",
        question: "A loop that steps on all 300 points at once is plain gradient descent. What " +
          "changes with minibatches of 32 random points, and why is that still the note's " +
          "stochastic subgradient descent (E5)?",
      },
      {
        id: "05-half",
        after: "ex-l2Penalty-check",
        question: "Why is there a ½ in R = (λ/2)‖W‖²? What changes if you drop it?",
      },
      {
        id: "05-momentum",
        after: "ex-momentumStep-check",
        question: "The library's momentum is b ← μb + g, w ← w − ηb; the classical form is " +
          "v ← μv − ηg, w ← w + v. Show that the two take the same steps while η stays fixed " +
          "(how is v related to b?). Then let the gradient stay g for many steps and halve η: " +
          "how long is the next step in each form, for μ = 0.9?",
      },
    ],
  },
];

/** Every exercise, in notebook order. */
export const EXERCISE_DEFS: readonly ExerciseDef[] = [
  // ───────────────────────────── 01_backpropagation ─────────────────────────────
  {
    id: "sigmoidNeuron",
    notebook: "01_backpropagation.ipynb",
    after: "bp-neuron-graph",
    section: "§1 Start from a scalar: after the sigmoid neuron's graph",
    stub: `// Your turn (warm-up, E3 and E5): one sigmoid neuron a = σ(s) with s = w·x + b, by hand.
// w and x hold n numbers each, b is one number. Return the forward values s and a, the local
// gradient dads = ∂a/∂s, and the gradients of a by every input: dw and dx (n numbers each) and db.
// Hint: σ(s) = 1/(1 + e^(−s)) and σ′(s) = a(1 − a); ∂s/∂w_i = x_i, ∂s/∂x_i = w_i, ∂s/∂b = 1, and
// the chain rule multiplies each of them by ∂a/∂s.
function mySigmoidNeuron(
  w: number[],
  x: number[],
  b: number,
): { s: number; a: number; dads: number; dw: number[]; dx: number[]; db: number } {
  throw new NotImplemented("mySigmoidNeuron"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "local-gradient-at-input",
        description: "∂a/∂s = s(1 − s), σ′ written with the input s (right: a(1 − a))",
        replace: [["const dads = a * (1 - a);", "const dads = s * (1 - s);"]],
        expect: "∂a/∂s was taken at the input",
      },
      {
        id: "dw-dx-swapped",
        description: "dw_i = w_i σ′ and dx_i = x_i σ′, the local gradients swapped",
        replace: [
          ["const dw = x.map((xi) => xi * dads);", "const dw = w.map((wi) => wi * dads);"],
          ["const dx = w.map((wi) => wi * dads);", "const dx = x.map((xi) => xi * dads);"],
        ],
        expect: "dw and dx are swapped",
      },
      {
        id: "no-chain-rule",
        description: "dw = x, the local gradient ∂s/∂w without the upstream ∂a/∂s",
        replace: [["const dw = x.map((xi) => xi * dads);", "const dw = x.map((xi) => xi);"]],
        expect: "the local gradient alone: the chain rule multiplies",
      },
    ],
  },
  {
    id: "linearForward",
    notebook: "01_backpropagation.ipynb",
    after: "bp-07",
    section: "§4 the forward pass (E2, E3): after the slip X1",
    stub: `// Your turn (E2–E3): the linear layer's forward pass out = W X + b 1ᵀ.
// W is k × n, b is k × 1, X is n × m (m examples in columns). Return out, k × m.
// Hint: column j of out is W x_j + b; matmul(W, X) gives W X, then add b_i to every entry of row i.
function myLinearForward(params: LinearParams, X: Matrix): Matrix {
  throw new NotImplemented("myLinearForward"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "missing-bias",
        description: "out = W X, the bias forgotten (right: W X + b 1ᵀ)",
        replace: [[
          "for (let j = 0; j < out.cols; j++) out.set(i, j, out.get(i, j) + b.get(i, 0)); // + b 1ᵀ",
          "for (let j = 0; j < out.cols; j++) out.set(i, j, out.get(i, j)); // the bias forgotten",
        ]],
        expect: "the bias is missing",
      },
      {
        id: "plain-array",
        description: "returns out.toArray(), a plain number[][] (right: the Matrix)",
        replace: [["  return out;\n}", "  return out.toArray();\n}"]],
        expect: "plain array .*not a Matrix",
      },
      {
        id: "transposed-output",
        description: "returns (W X)ᵀ, m × k (right: k × m)",
        replace: [["  return out;\n}", "  return out.transpose();\n}"]],
        expect: "out came out transposed: out is 5 × 3 \\(m × k\\) where 3 × 5 \\(k × m\\) is due",
      },
    ],
  },
  {
    id: "linearBackward",
    notebook: "01_backpropagation.ipynb",
    after: "bp-linear-lib",
    section: "§7 the linear layer's backward pass: after the snippet is compared with the library",
    stub: `// Your turn (E5): the linear layer's backward pass.
// dOut = ∂L/∂out is k × m; the cache holds W (k × n), b (k × 1) and the input X (n × m).
// Return dX = ∂L/∂X (n × m), dW = ∂L/∂W (k × n) and db = ∂L/∂b (k × 1).
// Hint: out = W X + b 1ᵀ, so every example (column) adds its share to dW and db: sum over the
// m columns. Write each product's shape in the letters k, n, m before you code it;
// matmul(A, B, { transposeA, transposeB }) multiplies with either factor transposed.
function myLinearBackward(dOut: Matrix, cache: LinearCache): LinearGrads {
  throw new NotImplemented("myLinearBackward"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "transposed-dW",
        description: "dW = X dOutᵀ, the product in the wrong order (right: dOut Xᵀ)",
        replace: [[
          "const dW = matmul(dOut, X, { transposeB: true });",
          "const dW = matmul(X, dOut, { transposeB: true });",
        ]],
        expect: "dW came out transposed",
      },
      {
        id: "db-wrong-axis",
        description: "db sums each column of dOut, 1 × m (right: each row, k × 1)",
        replace: [
          ["const db = new Matrix(dOut.rows, 1);", "const db = new Matrix(1, dOut.cols);"],
          ["db.data[i] += dOut.get(i, j);", "db.data[j] += dOut.get(i, j);"],
        ],
        expect: "summed over the wrong axis",
      },
      {
        id: "dX-without-transpose",
        description: "dX = W dOut (right: Wᵀ dOut)",
        replace: [[
          "const dX = matmul(W, dOut, { transposeA: true });",
          "const dX = matmul(W, dOut);",
        ]],
        expect: "threw RangeError: Cannot multiply 3×4 by 3×5.*check the product's inner sizes",
      },
    ],
  },
  {
    id: "reluBackward",
    notebook: "01_backpropagation.ipynb",
    after: "q-01-no-mean-in-layer",
    section: "§7: after the linear layer's backward exercise and its question",
    stub: `// Your turn (E5): ReLU's backward pass. dOut and the cached input X are n × m; return
// dX = ∂L/∂X, n × m.
// Hint: max(0, x) has slope 1 where x > 0 and 0 where x < 0 (at the kink x = 0 take 0, a
// subgradient: E5 allows it). Which tensor decides where the gradient passes?
function myReluBackward(dOut: Matrix, cache: { X: Matrix }): Matrix {
  throw new NotImplemented("myReluBackward"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "mask-from-gradient",
        description: "dX = dOut ∘ 1[dOut > 0], the mask from the gradient (right: from X)",
        replace: [["(cache.X.get(i, j) > 0 ? g : 0)", "(g > 0 ? g : 0)"]],
        expect: "the mask was taken from the gradient",
      },
      {
        id: "mask-without-upstream",
        description: "dX = 1[X > 0], the local gradient without dOut",
        replace: [["(cache.X.get(i, j) > 0 ? g : 0)", "(cache.X.get(i, j) > 0 ? 1 : 0)"]],
        expect: "the mask 1\\[X > 0\\] alone: multiply it by the upstream gradient dOut",
      },
    ],
  },
  {
    id: "sigmoidBackward",
    notebook: "01_backpropagation.ipynb",
    after: "ex-reluBackward-check",
    section: "§7: after the ReLU backward exercise",
    stub: `// Your turn (E5): the sigmoid's backward pass. dOut is n × m; the forward pass kept its
// output out = σ(X), n × m. Return dX = ∂L/∂X, n × m.
// Hint: σ′(x) = σ(x)(1 − σ(x)), and σ(x) is already in the cache.
function mySigmoidBackward(dOut: Matrix, cache: { out: Matrix }): Matrix {
  throw new NotImplemented("mySigmoidBackward"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "sigmoid-applied-twice",
        description: "σ′ evaluated at σ(out): the cached output treated as the input",
        replace: [[
          "const y = cache.out.get(i, j);\n    return g * y * (1 - y);",
          "const y = 1 / (1 + Math.exp(-cache.out.get(i, j)));\n    return g * y * (1 - y);",
        ]],
        expect: "σ was applied twice",
      },
      {
        id: "missing-upstream",
        description: "dX = y(1 − y), without multiplying by dOut",
        replace: [["return g * y * (1 - y);", "return y * (1 - y);"]],
        expect: "local gradient alone: multiply it by the upstream gradient dOut",
      },
    ],
  },
  {
    id: "tanhBackward",
    notebook: "01_backpropagation.ipynb",
    after: "ex-sigmoidBackward-check",
    section: "§7: after the sigmoid backward exercise",
    stub: `// Your turn (E5): tanh's backward pass. dOut is n × m; the forward pass kept its output
// out = tanh(X), n × m. Return dX = ∂L/∂X, n × m.
// Hint: tanh′(x) = 1 − tanh(x)², and tanh(x) is already in the cache.
function myTanhBackward(dOut: Matrix, cache: { out: Matrix }): Matrix {
  throw new NotImplemented("myTanhBackward"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "square-missing",
        description: "dX = dOut ∘ (1 − y) (right: 1 − y²)",
        replace: [["return g * (1 - y * y);", "return g * (1 - y);"]],
        expect: "the square is missing",
      },
      {
        id: "tanh-applied-twice",
        description: "tanh′ evaluated at tanh(out): the cached output treated as the input",
        replace: [[
          "const y = cache.out.get(i, j);\n    return g * (1 - y * y);",
          "const y = Math.tanh(cache.out.get(i, j));\n    return g * (1 - y * y);",
        ]],
        expect: "tanh was applied twice",
      },
    ],
  },
  {
    id: "twoLayerGradient",
    notebook: "01_backpropagation.ipynb",
    after: "bp-13",
    section:
      "§8 a whole network's gradient against finite differences: after the library's network is checked",
    requires: ["linearForward", "linearBackward", "reluBackward"],
    stub:
      `// Your turn (E1–E5): the objective of a two-layer network and its gradients, built from YOUR
// layers above. With Z1 = W1 X + b1 1ᵀ (h × m), H = relu(Z1), S = W2 H + b2 1ᵀ (k × m):
//   J = mean cross-entropy of softmax(S) against the labels + (λ/2)(‖W1‖² + ‖W2‖²)   (E4)
// W1 is h × n, b1 h × 1, W2 k × h, b2 k × 1, X n × m, labels m class numbers in [0, k).
// Return the loss J and its gradients by W1, b1, W2, b2 (each shaped like its parameter).
// Hint: softmaxCrossEntropy(S, labels) gives the mean loss and dS = (P − Q)/m (notebook 03).
// Then go backwards (E5): myLinearBackward, myReluBackward, myLinearBackward, each with its own
// layer's cache. The penalty adds λW to each weight's gradient, and nothing to the biases'.
function myTwoLayerLoss(
  params: { W1: Matrix; b1: Matrix; W2: Matrix; b2: Matrix },
  batch: { X: Matrix; labels: number[] },
  lambda: number,
): { loss: number; grads: { W1: Matrix; b1: Matrix; W2: Matrix; b2: Matrix } } {
  throw new NotImplemented("myTwoLayerLoss"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "forgotten-regularizer-gradient",
        description: "dW1 = dZ Xᵀ without the + λW1 of the penalty",
        replace: [[
          "W1: g1.dW.map((g, i, j) => g + lambda * W1.get(i, j)), // + λW1, the penalty's gradient",
          "W1: g1.dW, // the penalty's gradient forgotten",
        ]],
        expect: "the regularizer's gradient λW is missing",
      },
      {
        id: "penalty-missing-from-loss",
        description: "the loss returns the data loss alone, without R(w)",
        replace: [["loss: dataLoss + penalty,", "loss: dataLoss,"]],
        expect: "leaves out the penalty R\\(w\\)",
      },
      {
        id: "wrong-cache",
        description: "the second layer's backward gets X as its input (right: H)",
        replace: [[
          "const g2 = myLinearBackward(dScores, { W: W2, b: b2, X: H });",
          "const g2 = myLinearBackward(dScores, { W: W2, b: b2, X: batch.X });",
        ]],
        expect: "its cache must hold its own input H",
      },
    ],
  },
  {
    id: "sgdStep",
    notebook: "01_backpropagation.ipynb",
    after: "bp-sgd",
    section: "§9 stochastic subgradient descent (E5): after the SGD snippet",
    stub:
      `// Your turn (E5): one step of stochastic gradient descent, in place: w ← w − η ∂J/∂w for every
// parameter. params and grads are lists of matrices of matching shapes; learningRate is η.
// Hint: change the entries of each parameter itself (W.data[i], or W.set); W.map(…) would build
// a new matrix and leave the network's W as it was.
function mySgdStep(params: Matrix[], grads: Matrix[], learningRate: number): void {
  throw new NotImplemented("mySgdStep"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "uphill",
        description: "w ← w + η g, gradient ascent",
        replace: [[
          "W.data[i] -= learningRate * G.data[i];",
          "W.data[i] += learningRate * G.data[i];",
        ]],
        expect: "the step went uphill",
      },
      {
        id: "updated-a-copy",
        description: "W = W.map(…): the new matrix is thrown away, the parameter unchanged",
        replace: [[
          "for (let i = 0; i < W.data.length; i++) W.data[i] -= learningRate * G.data[i]; // w ← w − η g",
          "W = W.map((w, i, j) => w - learningRate * G.get(i, j)); // a new matrix, then dropped",
        ]],
        expect: "did not change: the update must be written into the parameter itself",
      },
    ],
  },
  // ───────────────────────────── 02_softmax ─────────────────────────────
  {
    id: "softmax",
    notebook: "02_softmax.ipynb",
    after: "sm-snippet-softmax",
    section: "§2 why the maximum is subtracted: after the softmax snippet",
    stub:
      `// Your turn (E6): a softmax that never overflows. X holds k scores for each of m examples
// (k × m, examples in columns); return Y (k × m) with Y[:, j] = softmax(X[:, j]).
// Hint: softmax(x − c1) = softmax(x) for any number c. Which c keeps every e^(…) ≤ 1 and the
// sum ≥ 1? Each column is one example: normalize down the column.
function mySoftmax(X: Matrix): Matrix {
  throw new NotImplemented("mySoftmax"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "no-max-subtracted",
        description: "exp(x) without subtracting the maximum: overflow at scores of 1000",
        replace: [["const e = Math.exp(X.get(i, j) - max);", "const e = Math.exp(X.get(i, j));"]],
        expect: "e\\^1000 overflows",
      },
      {
        id: "global-max",
        description: "subtracts the largest score of the whole matrix, not each column's",
        replace: [[
          "let max = -Infinity;\n    for (let i = 0; i < X.rows; i++) max = Math.max(max, X.get(i, j)); // the column's largest",
          "const max = Math.max(...X.data); // the largest score anywhere",
        ]],
        expect: "subtract each column's own maximum",
      },
      {
        id: "rows-normalized",
        description: "normalizes each row (over the examples) instead of each column",
        source: `/** Softmax of each row: the wrong axis. */
function mySoftmax(X: Matrix): Matrix {
  const Y = new Matrix(X.rows, X.cols);
  for (let i = 0; i < X.rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < X.cols; j++) max = Math.max(max, X.get(i, j)); // this row's largest score
    let sum = 0;
    for (let j = 0; j < X.cols; j++) {
      const e = Math.exp(X.get(i, j) - max);
      Y.set(i, j, e);
      sum += e;
    }
    for (let j = 0; j < X.cols; j++) Y.set(i, j, Y.get(i, j) / sum);
  }
  return Y;
}`,
        expect: "each row sums to 1, not each column",
      },
    ],
  },
  {
    id: "softmaxJacobian",
    notebook: "02_softmax.ipynb",
    after: "sm-11",
    section: "§5 the matrix form diag(y) − yyᵀ (E9): after E9 is checked",
    stub:
      `// Your turn (E7–E9): the softmax Jacobian at y = softmax(x), a probability vector of length k.
// Return the k × k matrix J with J[i][j] = ∂y_i/∂x_j.
// Hint: E7 gives y_i(1 − y_i) on the diagonal and −y_i y_j off it; E9 writes it diag(y) − yyᵀ.
function mySoftmaxJacobian(y: Float64Array): Matrix {
  throw new NotImplemented("mySoftmaxJacobian"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "missing-diag",
        description: "J = −yyᵀ, without diag(y)",
        replace: [["(i === j ? y[i] : 0) - y[i] * y[j]", "-y[i] * y[j]"]],
        expect: "diag\\(y\\) is missing",
      },
      {
        id: "plus-yyT",
        description: "J = diag(y) + yyᵀ, the sign of the outer product flipped",
        replace: [["(i === j ? y[i] : 0) - y[i] * y[j]", "(i === j ? y[i] : 0) + y[i] * y[j]"]],
        expect: "the sign of yyᵀ is wrong",
      },
      {
        id: "diagonal-only",
        description: "only the diagonal y_i(1 − y_i), off-diagonal entries left 0",
        replace: [["(i === j ? y[i] : 0) - y[i] * y[j]", "i === j ? y[i] * (1 - y[i]) : 0"]],
        expect: "off-diagonal entries .* are missing",
      },
    ],
  },
  {
    id: "softmaxJvp",
    notebook: "02_softmax.ipynb",
    after: "sm-13",
    section: "§6 multiplying by the Jacobian without building it (E10): after E10 is checked",
    stub: `// Your turn (E10): (∂f/∂x) z for softmax without building the k × k Jacobian, in O(k).
// y = softmax(x) and z both have length k; return the product, length k (a Float64Array).
// Hint: (diag(y) − yyᵀ) z = y ∘ z − y (yᵀz) = y ∘ (z − (yᵀz) 1), and yᵀz is one number.
function mySoftmaxJvp(y: Float64Array, z: Float64Array): Float64Array {
  throw new NotImplemented("mySoftmaxJvp"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "missing-yTz-term",
        description: "y ∘ z, without the −(yᵀz) y term",
        replace: [[
          "return y.map((yi, i) => yi * (z[i] - yz));",
          "return y.map((yi, i) => yi * z[i]);",
        ]],
        expect: "the −\\(yᵀz\\) y term is missing",
      },
      {
        id: "plain-sum",
        description: "subtracts 1ᵀz (the plain sum of z) instead of yᵀz",
        replace: [["yz += y[i] * z[i];", "yz += z[i];"]],
        expect: "1ᵀz, the plain sum of z",
      },
      {
        id: "plain-array",
        description: "returns a number[] (Array.from) instead of a Float64Array",
        replace: [[
          "return y.map((yi, i) => yi * (z[i] - yz));",
          "return Array.from(y, (yi, i) => yi * (z[i] - yz));",
        ]],
        expect: "is a plain array of length 5, not a Float64Array",
      },
    ],
  },
  {
    id: "softmaxBackward",
    notebook: "02_softmax.ipynb",
    after: "sm-19",
    section: "§8 the broadcasting one-liner (E12): after E12 is checked",
    stub:
      `// Your turn (E11–E12): softmax's backward pass for a batch. Y = softmax(X) and the upstream
// gradient dY are k × m (examples in columns); return dX = ∂L/∂X, k × m.
// Hint: column j is E10 with y = Y[:, j] and z = dY[:, j]; together,
// dX = Y ∘ (dY − 1 1ᵀ(Y ∘ dY)), where 1ᵀ(Y ∘ dY) holds one sum per column.
function mySoftmaxBackward(Y: Matrix, dY: Matrix): Matrix {
  throw new NotImplemented("mySoftmaxBackward"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "missing-column-sum",
        description: "dX = Y ∘ dY, without the −1 1ᵀ(Y ∘ dY) term",
        replace: [[
          "return Y.map((y, i, j) => y * (dY.get(i, j) - sums[j]));",
          "return Y.map((y, i, j) => y * dY.get(i, j));",
        ]],
        expect: "the −1 1ᵀ\\(Y ∘ dY\\) term of E11 is missing",
      },
      {
        id: "row-sums",
        description: "sums each row of Y ∘ dY (over the examples) instead of each column",
        replace: [
          ["const sums = new Float64Array(Y.cols);", "const sums = new Float64Array(Y.rows);"],
          ["sums[j] += Y.get(i, j) * dY.get(i, j);", "sums[i] += Y.get(i, j) * dY.get(i, j);"],
          ["y * (dY.get(i, j) - sums[j])", "y * (dY.get(i, j) - sums[i])"],
        ],
        expect: "summed over the wrong axis",
      },
      {
        id: "slip-x2",
        description: "the note's text read literally: multiplied by Y where dY belongs (X2)",
        replace: [
          ["sums[j] += Y.get(i, j) * dY.get(i, j);", "sums[j] += Y.get(i, j) * Y.get(i, j);"],
          ["y * (dY.get(i, j) - sums[j])", "y * (Y.get(i, j) - sums[j])"],
        ],
        expect: "slip X2",
      },
    ],
  },
  // ───────────────────────────── 03_cross_entropy ─────────────────────────────
  {
    id: "crossEntropy",
    notebook: "03_cross_entropy.ipynb",
    after: "ce-snippet-partials",
    section: "§4 the two partial derivatives (E15): after the partials snippet",
    stub:
      `// Your turn (E13, E15): cross-entropy and its partial by p. q (the target) and p (the model's
// probabilities) have length k. Return H = −Σ_i q_i log p_i and dp = ∂H/∂p (length k).
// Hint: a term with q_i = 0 is 0, even where p_i = 0. Differentiate −q_i log p_i by p_i (E15).
function myCrossEntropy(q: Float64Array, p: Float64Array): { H: number; dp: Float64Array } {
  throw new NotImplemented("myCrossEntropy"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "missing-minus",
        description: "H = Σ q log p, the minus sign forgotten",
        replace: [["H -= q[i] * Math.log(p[i]);", "H += q[i] * Math.log(p[i]);"]],
        expect: "H came out negative",
      },
      {
        id: "dH-dq-for-dH-dp",
        description: "dp = −log p, which is ∂H/∂q",
        replace: [[
          "const dp = q.map((qi, i) => -qi / p[i]);",
          "const dp = p.map((pi) => -Math.log(pi));",
        ]],
        expect: "which is ∂H/∂q",
      },
      {
        id: "ignores-q",
        description: "dp = −1/p, forgetting the factor q_i",
        replace: [[
          "const dp = q.map((qi, i) => -qi / p[i]);",
          "const dp = p.map((pi) => -1 / pi);",
        ]],
        expect: "ignores q",
      },
    ],
  },
  {
    id: "softmaxCrossEntropy",
    notebook: "03_cross_entropy.ipynb",
    after: "ce-15",
    section: "§5 beyond the note, ∂H/∂x = p − q: after the batched identity",
    stub:
      `// Your turn (E14; E15 chained through E9): the mean softmax cross-entropy and its gradient.
// scores is k × m (k classes, m examples in columns), labels holds m classes in [0, k).
// Return loss = (1/m) Σ_j −log p_{y_j, j} with p = softmax(scores), and dScores (k × m).
// Hint: with a one-hot q (q_i = 1 iff y = i; mind slip X3), ∂H/∂s = p − q for one example;
// the mean over m divides it by m. −log p_y = logsumexp(s) − s_y never overflows.
function mySoftmaxCrossEntropy(
  scores: Matrix,
  labels: number[],
): { loss: number; dScores: Matrix } {
  throw new NotImplemented("mySoftmaxCrossEntropy"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "missing-1/m",
        description: "dScores = p − q, without the 1/m of the mean",
        replace: [["dScores.set(i, j, (p - q) / m);", "dScores.set(i, j, p - q);"]],
        expect: "missing 1/m",
      },
      {
        id: "forgot-q",
        description: "dScores = p / m, without subtracting q",
        replace: [["dScores.set(i, j, (p - q) / m);", "dScores.set(i, j, p / m);"]],
        expect: "the −q term is missing",
      },
      {
        id: "slip-x3",
        description: "q_i = 1 iff labels[i] = i, the note's slip X3 (right: iff labels[j] = i)",
        replace: [["const q = labels[j] === i ? 1 : 0;", "const q = labels[i] === i ? 1 : 0;"]],
        expect: "slip X3",
      },
    ],
  },
  // ───────────────────────────── 04_gradient_checking ─────────────────────────────
  {
    id: "numericalGradient",
    notebook: "04_gradient_checking.ipynb",
    after: "gc-05",
    section: "§2 round-off and the V-shaped plot: after the plot",
    stub:
      `// Your turn: the numerical gradient that checks every derivative (the ∂J/∂w of E5, measured).
// f maps a Float64Array of n numbers to a number; x has n entries; h is the step.
// Return the n central differences (f(x + h e_i) − f(x − h e_i)) / 2h, and leave x as it was.
// Hint: change one entry x[i] at a time, call f, and put the old value back before the next i.
function myNumericalGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  h: number,
): Float64Array {
  throw new NotImplemented("myNumericalGradient"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "forward-difference",
        description: "(f(x + h) − f(x)) / h, a one-sided difference",
        replace: [
          ["x[i] = old - h;\n    const minus = f(x);", "x[i] = old;\n    const minus = f(x);"],
          ["grad[i] = (plus - minus) / (2 * h);", "grad[i] = (plus - minus) / h;"],
        ],
        expect: "one-sided \\(forward\\) difference",
      },
      {
        id: "divided-by-h",
        description: "(f(x + h) − f(x − h)) / h, the 2 forgotten",
        replace: [["grad[i] = (plus - minus) / (2 * h);", "grad[i] = (plus - minus) / h;"]],
        expect: "divide f\\(x \\+ h\\) − f\\(x − h\\) by 2h",
      },
      {
        id: "x-not-restored",
        description: "x[i] is left at x_i − h",
        replace: [["x[i] = old; // restore x exactly", "// x[i] is not put back"]],
        expect: "x was left changed",
      },
    ],
  },
  // ───────────────────────────── 05_training ─────────────────────────────
  {
    id: "trainSpiral",
    notebook: "05_training.ipynb",
    after: "tr-08",
    section: "§3 a two-layer network: after its decision regions are discussed",
    stub:
      `// Your turn (E4–E5): a training loop. Train net (2 → 100 → 3, as the check builds it) on the
// spiral data (X is 2 × 300, 300 labels) in place, and return the loss J of every step.
// The check wants ≥ 95 % training accuracy.
// Hint: objective(net, data, { l2: 1e-3 }) gives J and ∂J/∂w_i for every layer (E4–E5);
// networkParameters(net) lists each parameter p with its slot grads[p.layer][p.name].
// Step each one against its gradient (E5), in place. How many steps, with what η?
function myTrain(net: Network, data: Dataset): number[] {
  throw new NotImplemented("myTrain"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "uphill",
        description: "w ← w + η ∂J/∂w, climbing the loss",
        replace: [["p.value.data[i] -= 1 * g[i];", "p.value.data[i] += 1 * g[i];"]],
        expect: "the loss rose from 1.383",
      },
      {
        id: "too-few-steps",
        description: "20 steps instead of 300",
        replace: [["step < 300", "step < 20"]],
        expect: "so the loop works; train longer",
      },
      {
        id: "updated-copies",
        description: "p.value.map(…) builds new matrices; the network never changes",
        replace: [[
          "for (let i = 0; i < g.length; i++) p.value.data[i] -= 1 * g[i]; // w ← w − η ∂J/∂w",
          "p.value.map((w, i, j) => w - g[i * p.value.cols + j]); // a new matrix, dropped",
        ]],
        expect: "parameters never changed",
      },
    ],
  },
  {
    id: "l2Penalty",
    notebook: "05_training.ipynb",
    after: "tr-26",
    section: "§6 the L2 strength: after the sweep over λ is discussed",
    stub:
      `// Your turn (E4): the L2 penalty R = (λ/2) Σ_W ‖W‖² over a list of weight matrices, and its
// gradient by each: return { value: R, grads } with grads[t] shaped like weights[t].
// Hint: differentiate (λ/2) w² entry by entry.
function myL2Penalty(weights: Matrix[], lambda: number): { value: number; grads: Matrix[] } {
  throw new NotImplemented("myL2Penalty"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "missing-half",
        description: "R = λ Σ ‖W‖², the ½ forgotten",
        replace: [["value += 0.5 * lambda * w * w;", "value += lambda * w * w;"]],
        expect: "the ½ is missing",
      },
      {
        id: "gradient-2λW",
        description: "∂R/∂W = 2λW (right: λW, the 2 cancels the ½)",
        replace: [["W.map((w) => lambda * w)", "W.map((w) => 2 * lambda * w)"]],
        expect: "came out as 2λW",
      },
    ],
  },
  {
    id: "momentumStep",
    notebook: "05_training.ipynb",
    after: "tr-snippet-momentum",
    section: "§7 momentum, a schedule and shifted digits: after the momentum snippet",
    stub: `// Your turn (E5, with momentum): one step of SGD with momentum in the library's form,
// in place:   b ← μ b + g,   then   w ← w − η b
// w, b (the momentum buffer, zeros before the first step) and g (the gradient) have the same
// shape; η and μ are hyper.learningRate and hyper.momentum.
// Hint: the next step needs this step's b, so write b's entries back in place too. (The
// classical v ← μ v − η g, w ← w + v keeps v = −η b: the same steps while η stays fixed, not
// once it changes.)
function myMomentumStep(
  w: Matrix,
  b: Matrix,
  g: Matrix,
  hyper: { learningRate: number; momentum: number },
): void {
  throw new NotImplemented("myMomentumStep"); // replace this line with your code
}`,
    mistakes: [
      {
        id: "buffer-not-kept",
        description:
          "b computed into a local variable and never written back (the velocity not kept)",
        replace: [[
          "b.data[i] = mu * b.data[i] + g.data[i]; // b ← μ b + g\n    w.data[i] -= eta * b.data[i]; // w ← w − η b",
          "const step = mu * b.data[i] + g.data[i]; // b is never written back\n    w.data[i] -= eta * step;",
        ]],
        expect: "the momentum buffer b \\(the velocity\\) was not kept between steps",
      },
      {
        id: "uphill",
        description: "w ← w + η b, climbing the loss",
        replace: [["w.data[i] -= eta * b.data[i];", "w.data[i] += eta * b.data[i];"]],
        expect: "the step went uphill",
      },
      {
        id: "classical-form",
        description:
          "the classical v ← μ v − η g, w ← w + v kept in b (right: b ← μ b + g, w ← w − η b)",
        replace: [
          [
            "b.data[i] = mu * b.data[i] + g.data[i];",
            "b.data[i] = mu * b.data[i] - eta * g.data[i];",
          ],
          ["w.data[i] -= eta * b.data[i];", "w.data[i] += b.data[i];"],
        ],
        expect: "you wrote the classical form v ← μ v − η g, w ← w \\+ v",
      },
    ],
  },
];
