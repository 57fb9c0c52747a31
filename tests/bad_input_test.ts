// Issue 12: nothing silent. Every public function refuses bad input before it changes anything,
// with a RangeError or TypeError whose message names the argument and shows the value; no bad
// input below returns a result. One row per case: what is called, the error class, and a pattern
// the message must match. The cases the issue lists are marked "issue 12".
import { assert, assertRejects, assertThrows } from "./_assert.ts";
import {
  accuracy,
  adam,
  assertAllClose,
  bugNetExample,
  bugNetLossAndGradients,
  checkBackpropBug,
  checkDirectional,
  checkGradient,
  checkGradientSparse,
  checkJacobian,
  confusionMatrixPlot,
  crossEntropy,
  crossEntropyGradP,
  crossEntropyGradQ,
  decisionBoundary,
  diagnoseGradient,
  Dual,
  dualAdd,
  dualCrossEntropy,
  dualExp,
  dualGradient,
  dualJacobian,
  dualLog,
  dualMatmul,
  dualScale,
  dualSoftmaxCrossEntropy,
  dualSum,
  entryRelError,
  heatmap,
  imageGrid,
  jacobianComparison,
  l1Penalty,
  l2Penalty,
  linearBackward,
  linearForward,
  linearLayer,
  linearWeightGradients,
  linePlot,
  liveTraining,
  logLogPlot,
  matmul,
  Matrix,
  momentum,
  networkBackward,
  networkForward,
  networkParameters,
  numericalGradient,
  numericalJacobian,
  numericalVjp,
  objective,
  predict,
  relError,
  reluBackward,
  reluForward,
  reluLayer,
  Rng,
  scatterPlot,
  sequential,
  sgd,
  sigmoidBackward,
  sigmoidForward,
  softmax,
  softmaxBackward,
  softmaxCrossEntropy,
  softmaxJacobian,
  softmaxJacobianProduct,
  spiralData,
  tanhBackward,
  tanhForward,
  train,
  trainingCurves,
  twoLayerNet,
} from "../lib/mod.ts";

type ErrorClass = RangeErrorConstructor | TypeErrorConstructor;
/** A bad call, the error class it must throw, and what its message must say. */
type Case = [name: string, call: () => unknown, error: ErrorClass, message: RegExp];

// deno-lint-ignore no-explicit-any
const bad = (v: unknown): any => v; // a value the types would not allow: what a student types
const M = (rows: number[][]) => Matrix.from(rows);
const X23 = () => M([[1, 2, 3], [4, 5, 6]]); // n = 2 features, m = 3 examples
const W22 = () => M([[1, 0], [0, 1]]);
const b21 = () => M([[0], [0]]);
const net = () => twoLayerNet([2, 3, 2], { rng: new Rng(0) }); // k = 2 classes
const data = () => ({ X: X23(), labels: [0, 1, 1] });
const linearCache = () => linearForward({ W: W22(), b: b21() }, X23()).cache;
const dOut23 = () => M([[1, 1, 1], [1, 1, 1]]);
const square = (x: Float64Array) => ({
  value: x.reduce((s, t) => s + t * t, 0),
  grad: x.map((t) => 2 * t),
});
const dual = () => new Dual(M([[1, 2]]), M([[1, 0]]));
const spiral = spiralData({ pointsPerClass: 10 }); // 30 points, 3 classes
/** The spiral's labels with one of them replaced, at index 17 of the whole set. */
const labelsWith = (v: unknown) => {
  const labels: unknown[] = Array.from(spiral.labels);
  labels[17] = v;
  return labels as number[];
};

const cases: Case[] = [
  // ── core: Matrix ──────────────────────────────────────────────────────────────────────────
  [
    "issue 12: Matrix.zeros(1e10, 1e10) says how big, not 'Invalid typed array length'",
    () => Matrix.zeros(1e10, 1e10),
    RangeError,
    /Matrix 10000000000×10000000000 would hold 100000000000000000000 entries \(.*EiB\), more than/,
  ],
  [
    "issue 12: a string size is quoted, not reported as 'got 2'",
    () => Matrix.zeros(bad("2"), 2),
    TypeError,
    /Matrix rows must be an integer ≥ 0, got "2" \(a string\)/,
  ],
  [
    "new Matrix with 1.5 columns",
    () => new Matrix(2, 1.5),
    RangeError,
    /Matrix cols must be an integer ≥ 0, got 1.5/,
  ],
  [
    "new Matrix with -1 rows",
    () => new Matrix(-1, 2),
    RangeError,
    /Matrix rows must be an integer ≥ 0, got -1/,
  ],
  [
    "new Matrix with NaN rows",
    () => new Matrix(NaN, 2),
    RangeError,
    /Matrix rows must be an integer ≥ 0, got NaN/,
  ],
  [
    "new Matrix with a plain Array as data",
    () => new Matrix(1, 2, bad([1, 2])),
    TypeError,
    /Matrix data must be a Float64Array, got a plain Array \(length 2\)/,
  ],
  [
    "new Matrix with Float32Array data",
    () => new Matrix(1, 2, bad(new Float32Array(2))),
    TypeError,
    /Matrix data must be a Float64Array, got a Float32Array \(length 2\)/,
  ],
  [
    "new Matrix with data of the wrong length",
    () => new Matrix(2, 2, new Float64Array(3)),
    RangeError,
    /Matrix 2×2 needs 4 entries, got 3/,
  ],
  [
    "Matrix.from of a number",
    () => Matrix.from(bad(5)),
    TypeError,
    /Matrix.from expects an array of rows, got 5/,
  ],
  [
    "Matrix.from with a string entry",
    () => Matrix.from(bad([[1, "2"]])),
    TypeError,
    /Matrix.from: entry \(0, 1\) is "2" \(a string\), not a number/,
  ],
  [
    "Matrix.from with ragged rows",
    () => Matrix.from([[1, 2], [3]]),
    RangeError,
    /ragged rows, row 0 has 2 entries but row 1 has 1/,
  ],
  [
    "Matrix.full with a string value",
    () => Matrix.full(1, 1, bad("7")),
    TypeError,
    /Matrix.full value must be a number, got "7" \(a string\)/,
  ],
  [
    "Matrix.identity(-2)",
    () => Matrix.identity(-2),
    RangeError,
    /Matrix.identity n must be an integer ≥ 0, got -2/,
  ],
  [
    "Matrix.column of a number",
    () => Matrix.column(bad(3)),
    TypeError,
    /Matrix.column values must be an array or typed array, got 3/,
  ],
  [
    "Matrix.column with a string entry",
    () => Matrix.column(bad([1, "x"])),
    TypeError,
    /Matrix.column: entry 1 is "x" \(a string\), not a number/,
  ],
  [
    "Matrix.fromColumns with columns of different lengths",
    () => Matrix.fromColumns([[1, 2], [3]]),
    RangeError,
    /column 0 has 2 entries but column 1 has 1/,
  ],
  [
    "M.get outside the matrix",
    () => W22().get(2, 0),
    RangeError,
    /Cannot access entry \(2, 0\) of a 2×2 matrix/,
  ],
  [
    "M.get with a string index",
    () => W22().get(bad("0"), 0),
    TypeError,
    /Cannot access entry \("0" \(a string\), 0\) of a 2×2 matrix/,
  ],
  [
    "M.set with a string value",
    () => W22().set(0, 0, bad("1")),
    TypeError,
    /Matrix.set: the value for entry \(0, 0\) is "1" \(a string\), not a number/,
  ],
  [
    "M.column(1.5)",
    () => W22().column(1.5),
    RangeError,
    /Cannot access column 1.5 of a 2×2 matrix/,
  ],
  [
    "M.map with a non-function",
    () => W22().map(bad(3)),
    TypeError,
    /Matrix.map fn must be a function, got 3/,
  ],
  [
    "M.map whose fn returns a string",
    () => W22().map(bad(() => "x")),
    TypeError,
    /Matrix.map: fn at entry \(0, 0\) returned "x" \(a string\), not a number/,
  ],
  // ── core: matmul ──────────────────────────────────────────────────────────────────────────
  [
    "issue 12: matmul(A, \"x\") names B, not 'undefined×undefined'",
    () => matmul(W22(), bad("x")),
    TypeError,
    /matmul B must be a Matrix, got "x" \(a string\)/,
  ],
  [
    "matmul of a nested array",
    () => matmul(bad([[1, 2]]), W22()),
    TypeError,
    /matmul A must be a Matrix, got a plain Array \(length 1\); build one with Matrix.from/,
  ],
  [
    "matmul of a plain object { rows, cols, data }",
    () => matmul(bad({ rows: 1, cols: 1, data: [1] }), W22()),
    TypeError,
    /matmul A must be a Matrix, got a plain object \{ rows, cols, data \} whose data is a plain Array/,
  ],
  [
    "matmul with inner sizes that differ",
    () => matmul(W22(), X23().transpose()),
    RangeError,
    /Cannot multiply 2×2 by 3×2: inner sizes 2 and 3 differ/,
  ],
  [
    'matmul with a transposeA of "true"',
    () => matmul(W22(), W22(), { transposeA: bad("true") }),
    TypeError,
    /matmul transposeA must be true or false, got "true" \(a string\)/,
  ],
  [
    "matmul with a misspelt option",
    () => matmul(W22(), W22(), bad({ transposeb: true })),
    RangeError,
    /matmul: unknown option "transposeb"; did you mean transposeB\?/,
  ],
  [
    "matmul with a number for options",
    () => matmul(W22(), W22(), bad(1)),
    TypeError,
    /matmul: options must be an object, got 1/,
  ],
  // ── core: Rng ─────────────────────────────────────────────────────────────────────────────
  [
    "issue 12: Rng(2⁵³), where seeds stop being one to one",
    () => new Rng(2 ** 53),
    RangeError,
    /Rng seed must be a safe integer .*got 9007199254740992/,
  ],
  ["Rng(1.5)", () => new Rng(1.5), RangeError, /Rng seed must be a safe integer .*got 1.5/],
  [
    'Rng("1")',
    () => new Rng(bad("1")),
    TypeError,
    /Rng seed must be a safe integer, got "1" \(a string\)/,
  ],
  [
    "rng.uniform(1, 0)",
    () => new Rng(0).uniform(1, 0),
    RangeError,
    /Rng.uniform needs finite ends lo ≤ hi, got lo = 1, hi = 0/,
  ],
  ["rng.uniform(0, Infinity)", () => new Rng(0).uniform(0, Infinity), RangeError, /hi = Infinity/],
  [
    'rng.uniform("0", 1)',
    () => new Rng(0).uniform(bad("0"), 1),
    TypeError,
    /Rng.uniform needs numbers lo ≤ hi, got lo = "0" \(a string\)/,
  ],
  [
    "rng.normal with a negative std",
    () => new Rng(0).normal(0, -1),
    RangeError,
    /Rng.normal: std must be a finite number ≥ 0, got -1/,
  ],
  [
    "rng.int(0)",
    () => new Rng(0).int(0),
    RangeError,
    /Rng.int n must be an integer in \[1, 4294967296\], got 0/,
  ],
  ["rng.int(2.5)", () => new Rng(0).int(2.5), RangeError, /Rng.int n must be .*got 2.5/],
  [
    "rng.permutation(-1)",
    () => new Rng(0).permutation(-1),
    RangeError,
    /Rng.permutation length n must be an integer in \[0, 2147483648\], got -1/,
  ],
  [
    "rng.permutation(1e20)",
    () => new Rng(0).permutation(1e20),
    RangeError,
    /Rng.permutation length n must be .*got 100000000000000000000/,
  ],
  [
    "rng.shuffle of a number",
    () => new Rng(0).shuffle(bad(5)),
    TypeError,
    /Rng.shuffle array must be an array or typed array, got 5/,
  ],
  [
    "rng.normalMatrix(2.5, 2)",
    () => new Rng(0).normalMatrix(2.5, 2),
    RangeError,
    /Rng.normalMatrix rows must be an integer ≥ 0, got 2.5/,
  ],
  [
    "rng.uniformMatrix with lo > hi",
    () => new Rng(0).uniformMatrix(2, 2, 3, 1),
    RangeError,
    /Rng.uniformMatrix needs finite ends lo ≤ hi, got lo = 3, hi = 1/,
  ],
  // ── core: comparison ──────────────────────────────────────────────────────────────────────
  [
    'issue 12: assertAllClose(["1"], [1]) is an error, not a pass',
    () => assertAllClose(bad(["1"]), [1]),
    TypeError,
    /assertAllClose actual: entry 0 is "1" \(a string\), not a number/,
  ],
  [
    "assertAllClose with a negative rtol",
    () => assertAllClose(1, 1, { rtol: -1 }),
    RangeError,
    /assertAllClose: rtol must be a finite number ≥ 0, got -1/,
  ],
  [
    'assertAllClose with equalNan: "yes"',
    () => assertAllClose(1, 1, { equalNan: bad("yes") }),
    TypeError,
    /assertAllClose: equalNan must be true or false, got "yes" \(a string\)/,
  ],
  [
    "assertAllClose with a misspelt option",
    () => assertAllClose(1, 1, bad({ tol: 1e-3 })),
    RangeError,
    /assertAllClose: unknown option "tol" \(the options are rtol, atol, equalNan, msg\)/,
  ],
  [
    "assertAllClose of an object",
    () => assertAllClose(bad({}), 1),
    TypeError,
    /assertAllClose actual must be a number, a vector or a Matrix, got an empty object \{\}/,
  ],
  [
    "relError of a string",
    () => relError(bad("1"), 1),
    TypeError,
    /relError a must be a number, a vector or a Matrix, got "1" \(a string\)/,
  ],
  [
    "relError of vectors of different lengths",
    () => relError([1, 2], [1]),
    RangeError,
    /relError: shapes a vector of length 2 and a vector of length 1 differ/,
  ],
  [
    "entryRelError of a string",
    () => entryRelError(bad("1"), 1),
    TypeError,
    /entryRelError takes two numbers, got "1" \(a string\) and 1/,
  ],
  // ── nn: linear ────────────────────────────────────────────────────────────────────────────
  [
    "issue 12: linearForward(undefined, X), not 'Cannot destructure property W'",
    () => linearForward(bad(undefined), X23()),
    TypeError,
    /linearForward params must be an object, got undefined/,
  ],
  [
    "issue 12: linearForward with X a plain Array",
    () => linearForward({ W: W22(), b: b21() }, bad([1, 2, 3, 4, 5, 6])),
    TypeError,
    /linearForward X must be a Matrix, got a plain Array \(length 6\)/,
  ],
  [
    "issue 12: linearForward with X backed by a Float32Array",
    () =>
      linearForward({ W: W22(), b: b21() }, bad({ rows: 2, cols: 1, data: new Float32Array(2) })),
    TypeError,
    /linearForward X must be a Matrix, got a plain object \{ rows, cols, data \} whose data is a Float32Array \(length 2\), not a Float64Array/,
  ],
  [
    "issue 12: linearForward with X a plain object",
    () => linearForward({ W: W22(), b: b21() }, bad({ rows: 2, cols: 3 })),
    TypeError,
    /linearForward X must be a Matrix, got a plain object \{ rows, cols \}/,
  ],
  [
    "linearForward with W a nested array",
    () => linearForward({ W: bad([[1, 0], [0, 1]]), b: b21() }, X23()),
    TypeError,
    /linearForward params.W must be a Matrix, got a plain Array \(length 2\); build one with Matrix.from/,
  ],
  [
    "linearForward with a Matrix claiming the wrong size",
    () =>
      linearForward({ W: W22(), b: b21() }, bad({ rows: 2, cols: 3, data: new Float64Array(5) })),
    TypeError,
    /linearForward X must be a Matrix, got an object claiming 2×3 with 5 entries/,
  ],
  [
    "linearForward with X of the wrong height",
    () => linearForward({ W: W22(), b: b21() }, Matrix.zeros(3, 1)),
    RangeError,
    /Cannot multiply 2×2 by 3×1: inner sizes 2 and 3 differ/,
  ],
  [
    "linearForward with b a row",
    () => linearForward({ W: W22(), b: M([[0, 0]]) }, X23()),
    RangeError,
    /linearForward: bias b is 1×2 but W is 2×2; b must be 2×1/,
  ],
  [
    "linearForward with a NaN in X",
    () => linearForward({ W: W22(), b: b21() }, M([[1], [NaN]])),
    RangeError,
    /linearForward X 2×1: entry 1 is NaN, not a finite number/,
  ],
  [
    "issue 12: a workspace out over X's bytes (another Matrix, same memory)",
    () => {
      const X = X23();
      return linearForward({ W: W22(), b: b21() }, X, {
        workspace: { out: new Matrix(2, 3, new Float64Array(X.data.buffer)) },
      });
    },
    RangeError,
    /linearForward: the output buffer shares memory with X, which is still being read/,
  ],
  [
    "a workspace with a misspelt buffer",
    () =>
      linearForward({ W: W22(), b: b21() }, X23(), {
        workspace: bad({ output: Matrix.zeros(2, 3) }),
      }),
    RangeError,
    /linearForward workspace: unknown option "output"/,
  ],
  [
    "issue 12: linearBackward(dOut, undefined), not 'Cannot read properties of undefined'",
    () => linearBackward(dOut23(), bad(undefined)),
    TypeError,
    /linearBackward cache must be an object, got undefined/,
  ],
  [
    "linearBackward with a cache lacking W",
    () => linearBackward(dOut23(), bad({ X: X23() })),
    TypeError,
    /linearBackward cache.W \(the cache linearForward returns\) must be a Matrix, got undefined/,
  ],
  [
    "linearBackward with dOut a nested array",
    () => linearBackward(bad([[1, 1, 1], [1, 1, 1]]), linearCache()),
    TypeError,
    /linearBackward dOut must be a Matrix, got a plain Array \(length 2\)/,
  ],
  [
    "linearBackward with dOut of the wrong shape",
    () => linearBackward(Matrix.zeros(3, 3), linearCache()),
    RangeError,
    /linearBackward: dOut is 3×3 but out was 2×3 \(W 2×2 times X 2×3\)/,
  ],
  [
    "linearBackward with an infinite dOut",
    () => linearBackward(M([[1, Infinity, 1], [1, 1, 1]]), linearCache()),
    RangeError,
    /linearBackward dOut 2×3: entry 1 is Infinity, not a finite number/,
  ],
  [
    "issue 12: linearBackward after X was changed in place",
    () => {
      const X = X23();
      const { cache } = linearForward({ W: W22(), b: b21() }, X);
      X.data[4] = 0;
      return linearBackward(dOut23(), cache);
    },
    RangeError,
    /linearBackward: X \(2×3\), which linearForward keeps in its cache by reference, was changed in place after the forward pass/,
  ],
  [
    "linearWeightGradients after W was changed in place",
    () => {
      const W = W22();
      const { cache } = linearForward({ W, b: b21() }, X23());
      W.data[0] = 2;
      return linearWeightGradients(dOut23(), cache);
    },
    RangeError,
    /linearWeightGradients: W \(2×2\), which linearForward keeps .* was changed in place/,
  ],
  [
    "linearBackward with a dX buffer over dOut's bytes",
    () => {
      const d = dOut23();
      return linearBackward(d, linearCache(), { workspace: { dX: new Matrix(2, 3, d.data) } });
    },
    RangeError,
    /linearBackward: the output buffer shares memory with dOut/,
  ],
  // ── nn: activations ───────────────────────────────────────────────────────────────────────
  [
    "issue 12: reluForward of a plain Array",
    () => reluForward(bad([1, -1])),
    TypeError,
    /reluForward X must be a Matrix, got a plain Array \(length 2\)/,
  ],
  [
    "issue 12: sigmoidForward of Float32Array data",
    () => sigmoidForward(bad({ rows: 1, cols: 2, data: new Float32Array(2) })),
    TypeError,
    /sigmoidForward X must be a Matrix, got .*Float32Array/,
  ],
  [
    "issue 12: tanhForward of a plain object",
    () => tanhForward(bad({ rows: 1, cols: 1 })),
    TypeError,
    /tanhForward X must be a Matrix, got a plain object \{ rows, cols \}/,
  ],
  [
    "reluForward of a NaN",
    () => reluForward(M([[NaN]])),
    RangeError,
    /reluForward of a 1×1 matrix: entry 0 is NaN, not a finite number/,
  ],
  [
    "issue 12: reluForward into a view of X's bytes",
    () => {
      const X = X23();
      return reluForward(X, { out: new Matrix(2, 3, X.data.subarray(0)) });
    },
    RangeError,
    /reluForward: the output buffer shares memory with X/,
  ],
  [
    "sigmoidForward into an out of the wrong shape",
    () => sigmoidForward(X23(), { out: Matrix.zeros(3, 2) }),
    RangeError,
    /sigmoidForward: out is 3×2 but the result is 2×3/,
  ],
  [
    "tanhForward with a misspelt option",
    () => tanhForward(X23(), bad({ output: Matrix.zeros(2, 3) })),
    RangeError,
    /tanhForward: unknown option "output"/,
  ],
  [
    "reluBackward(dOut, undefined)",
    () => reluBackward(dOut23(), bad(undefined)),
    TypeError,
    /reluBackward cache \(what reluForward returned\) must be an object, got undefined/,
  ],
  [
    "sigmoidBackward with a cache lacking out",
    () => sigmoidBackward(dOut23(), bad({ X: X23() })),
    TypeError,
    /sigmoidBackward cache.out \(the cache sigmoidForward returns\) must be a Matrix, got undefined/,
  ],
  [
    "tanhBackward with dOut of the wrong shape",
    () => tanhBackward(Matrix.zeros(1, 1), tanhForward(X23()).cache),
    RangeError,
    /tanhBackward\(dOut, out\): shapes 1×1 and 2×3 differ/,
  ],
  [
    "issue 12: sigmoidBackward after the returned output was changed in place",
    () => {
      const { out, cache } = sigmoidForward(X23());
      out.data[0] -= 1;
      return sigmoidBackward(dOut23(), cache);
    },
    RangeError,
    /sigmoidBackward: out \(2×3\), which sigmoidForward keeps .* was changed in place/,
  ],
  [
    "reluBackward after X was changed in place",
    () => {
      const X = X23();
      const { cache } = reluForward(X);
      X.data[1] = -5;
      return reluBackward(dOut23(), cache);
    },
    RangeError,
    /reluBackward: X \(2×3\), which reluForward keeps .* was changed in place/,
  ],
  [
    "reluBackward into dOut itself",
    () => {
      const d = dOut23();
      return reluBackward(d, reluForward(X23()).cache, { out: d });
    },
    RangeError,
    /reluBackward: the output buffer shares memory with dOut/,
  ],
  // ── nn: softmax and cross-entropy ─────────────────────────────────────────────────────────
  [
    "softmax of a nested array",
    () => softmax(bad([[1], [2]])),
    TypeError,
    /softmax X must be a Matrix, got a plain Array \(length 2\)/,
  ],
  [
    "softmax of an infinite score",
    () => softmax(M([[Infinity], [0]])),
    RangeError,
    /softmax of a 2×1 matrix: entry 0 is Infinity, not a finite number/,
  ],
  [
    "softmaxJacobian of a plain Array",
    () => softmaxJacobian(bad([0.5, 0.5])),
    TypeError,
    /softmaxJacobian y must be a Float64Array, got a plain Array \(length 2\)/,
  ],
  [
    "softmaxJacobian of scores instead of probabilities",
    () => softmaxJacobian(Float64Array.from([2, -1])),
    RangeError,
    /softmaxJacobian y: entry \(0, 0\) is 2, not a probability in \[0, 1\]; pass the softmax output/,
  ],
  [
    "softmaxJacobian of a Matrix",
    () => softmaxJacobian(bad(M([[0.5], [0.5]]))),
    TypeError,
    /softmaxJacobian y must be a Float64Array, got a 2×1 Matrix \(pass its .data/,
  ],
  [
    "softmaxJacobianProduct of vectors of different lengths",
    () => softmaxJacobianProduct(Float64Array.from([0.5, 0.5]), new Float64Array(3)),
    RangeError,
    /softmaxJacobianProduct\(y, z\): lengths 2 and 3 differ/,
  ],
  [
    "softmaxJacobianProduct with a NaN in z",
    () => softmaxJacobianProduct(Float64Array.from([0.5, 0.5]), Float64Array.from([NaN, 0])),
    RangeError,
    /softmaxJacobianProduct z: entry 0 is NaN/,
  ],
  [
    "softmaxBackward of scores",
    () => softmaxBackward(M([[3], [-2]]), M([[0], [0]])),
    RangeError,
    /softmaxBackward Y: entry \(0, 0\) is 3, not a probability/,
  ],
  [
    "softmaxBackward with shapes that differ",
    () => softmaxBackward(M([[0.5], [0.5]]), Matrix.zeros(1, 2)),
    RangeError,
    /softmaxBackward\(Y, dY\): shapes 2×1 and 1×2 differ/,
  ],
  [
    "softmaxCrossEntropy with a label 1.5",
    () => softmaxCrossEntropy(X23(), [0, 1.5, 1]),
    RangeError,
    /softmaxCrossEntropy \(scores 2×3\): labels\[1\] is 1.5, not an integer class in \[0, 2\)/,
  ],
  [
    'softmaxCrossEntropy with a label "1"',
    () => softmaxCrossEntropy(X23(), bad([0, "1", 1])),
    TypeError,
    /labels\[1\] is "1" \(a string\), not an integer class in \[0, 2\)/,
  ],
  [
    "softmaxCrossEntropy with a class ≥ k",
    () => softmaxCrossEntropy(X23(), [0, 2, 1]),
    RangeError,
    /labels\[1\] is 2, not an integer class in \[0, 2\)/,
  ],
  [
    "softmaxCrossEntropy with too few labels",
    () => softmaxCrossEntropy(X23(), [0, 1]),
    RangeError,
    /softmaxCrossEntropy \(scores 2×3\): 2 labels for 3 examples/,
  ],
  [
    "softmaxCrossEntropy with labels undefined",
    () => softmaxCrossEntropy(X23(), bad(undefined)),
    TypeError,
    /softmaxCrossEntropy \(scores 2×3\) labels must be an array or typed array, got undefined/,
  ],
  [
    "crossEntropy of a Matrix",
    () => crossEntropy(bad(M([[1], [0]])), [1, 0]),
    TypeError,
    /crossEntropy\(q, p\): q must be an array or typed array, got a 2×1 Matrix/,
  ],
  [
    "crossEntropy with a p entry outside [0, 1]",
    () => crossEntropy([0, 1], [1.5, -0.5]),
    RangeError,
    /crossEntropy\(q, p\): p entry 0 is 1.5, not a probability/,
  ],
  [
    "crossEntropyGradQ with a string entry",
    () => crossEntropyGradQ(bad(["0.5", 0.5])),
    RangeError,
    /crossEntropyGradQ: p entry 0 is "0.5" \(a string\), not a probability/,
  ],
  [
    "crossEntropyGradP with lengths that differ",
    () => crossEntropyGradP([1], [0.5, 0.5]),
    RangeError,
    /crossEntropyGradP\(q, p\): lengths 1 and 2 differ/,
  ],
  // ── nn: regularizers ──────────────────────────────────────────────────────────────────────
  [
    "l2Penalty with a negative strength",
    () => l2Penalty([W22()], -1),
    RangeError,
    /l2Penalty: strength must be a finite number ≥ 0, got -1/,
  ],
  [
    "l1Penalty with a string strength",
    () => l1Penalty([W22()], bad("0.1")),
    RangeError,
    /l1Penalty: strength must be a finite number ≥ 0, got "0.1" \(a string\)/,
  ],
  [
    "l2Penalty of a Matrix instead of a list",
    () => l2Penalty(bad(W22()), 0.1),
    TypeError,
    /l2Penalty: weights must be an array of matrices, got a 2×2 Matrix/,
  ],
  [
    "l1Penalty of a NaN weight",
    () => l1Penalty([M([[NaN]])], 0.1),
    RangeError,
    /l1Penalty weights\[0\] 1×1: entry 0 is NaN/,
  ],
  // ── nn: layers and networks ───────────────────────────────────────────────────────────────
  [
    "issue 12: linearLayer with a seed for rng, not 'rng.normalMatrix is not a function'",
    () => linearLayer(2, 3, { rng: bad(5) }),
    TypeError,
    /linearLayer: rng must be an Rng \(new Rng\(seed\)\), got 5/,
  ],
  [
    "linearLayer with 0 inputs",
    () => linearLayer(0, 3),
    RangeError,
    /linearLayer: the number of inputs n must be an integer ≥ 1, got 0/,
  ],
  [
    "linearLayer with a string size",
    () => linearLayer(2, bad("3")),
    TypeError,
    /linearLayer: the number of outputs k must be an integer ≥ 1, got "3" \(a string\)/,
  ],
  [
    "linearLayer with a NaN weightScale",
    () => linearLayer(2, 3, { weightScale: NaN }),
    RangeError,
    /linearLayer: weightScale must be a finite number ≥ 0, got NaN/,
  ],
  [
    "linearLayer with a misspelt option",
    () => linearLayer(2, 3, bad({ scale: 0.1 })),
    RangeError,
    /linearLayer: unknown option "scale" \(the options are rng, weightScale\)/,
  ],
  [
    "a layer's forward with reuseBuffers: 1",
    () => reluLayer().forward(X23(), { reuseBuffers: bad(1) }),
    TypeError,
    /relu forward: reuseBuffers must be true or false, got 1/,
  ],
  [
    "a layer's backward without its cache",
    () => linearLayer(2, 2).backward(dOut23(), bad(undefined)),
    TypeError,
    /linear 2→2 backward: cache \(what the linear layer's forward returned\) must be an object, got undefined/,
  ],
  [
    "sequential of a non-layer",
    () => sequential([linearLayer(2, 2), bad({})]),
    TypeError,
    /sequential: layer 1 is an empty object \{\}, not a layer with params, penalized, forward and backward/,
  ],
  [
    "sequential with one layer object in two places",
    () => {
      const relu = reluLayer();
      return sequential([linearLayer(2, 2), relu, linearLayer(2, 2), relu]);
    },
    RangeError,
    /sequential: layer 3 is the same object as layer 1 \(relu\)/,
  ],
  [
    "sequential of no layers",
    () => sequential([]),
    RangeError,
    /sequential needs at least one layer, got none/,
  ],
  [
    "twoLayerNet with two sizes",
    () => twoLayerNet(bad([3, 2])),
    RangeError,
    /twoLayerNet: sizes must be \[n, h, k\] \(inputs, hidden units, classes\), got \[3, 2\]/,
  ],
  [
    "twoLayerNet with a string size",
    () => twoLayerNet(bad([2, "3", 2])),
    TypeError,
    /twoLayerNet: sizes\[1\], the number of hidden units h, must be an integer ≥ 1, got "3" \(a string\)/,
  ],
  [
    "twoLayerNet with an unknown activation",
    () => twoLayerNet([2, 3, 2], { activation: bad("Relu") }),
    RangeError,
    /twoLayerNet: unknown activation "Relu" \(a string\) \(use "relu", "sigmoid" or "tanh"\)/,
  ],
  [
    "twoLayerNet with a seed for rng",
    () => twoLayerNet([2, 3, 2], { rng: bad(0) }),
    TypeError,
    /twoLayerNet: rng must be an Rng \(new Rng\(seed\)\), got 0/,
  ],
  [
    "networkForward of an object that is not a network",
    () => networkForward(bad({ layers: [] }), X23()),
    TypeError,
    /networkForward: net must be a network .*got a plain object \{ layers \}/,
  ],
  [
    "issue 12: networkForward of a plain Array",
    () => networkForward(net(), bad([[1, 2, 3], [4, 5, 6]])),
    TypeError,
    /networkForward X must be a Matrix, got a plain Array \(length 2\)/,
  ],
  [
    "networkForward of X with the wrong number of features",
    () => networkForward(net(), Matrix.zeros(5, 1)),
    RangeError,
    /Cannot multiply 3×2 by 5×1: inner sizes 2 and 5 differ/,
  ],
  [
    "networkBackward of something that is not a pass",
    () => networkBackward(dOut23(), bad({ network: net() })),
    TypeError,
    /networkBackward: pass must be what networkForward returned/,
  ],
  [
    "networkBackward with dY of the wrong shape",
    () => networkBackward(Matrix.zeros(3, 3), networkForward(net(), X23())),
    RangeError,
    /networkBackward: dY is 3×3 but the network's output a_k is 2×3/,
  ],
  [
    "networkBackward after an activation was changed in place",
    () => {
      const pass = networkForward(net(), X23());
      pass.activations[2].data[0] += 1;
      return networkBackward(dOut23(), pass);
    },
    RangeError,
    /X \(3×3\), which linearForward keeps in its cache by reference, was changed in place/,
  ],
  [
    "networkParameters of undefined",
    () => networkParameters(bad(undefined)),
    TypeError,
    /networkParameters: net must be a network .*got undefined/,
  ],
  [
    "objective with a label ≥ k",
    () => objective(net(), { X: X23(), labels: [0, 1, 2] }),
    RangeError,
    /objective \(scores 2×3\): labels\[2\] is 2, not an integer class in \[0, 2\)/,
  ],
  [
    "objective with a negative l2",
    () => objective(net(), data(), { l2: -0.1 }),
    RangeError,
    /objective: l2 must be a finite number ≥ 0, got -0.1/,
  ],
  [
    'objective with l1 "0.1"',
    () => objective(net(), data(), { l1: bad("0.1") }),
    TypeError,
    /objective: l1 must be a finite number ≥ 0, got "0.1" \(a string\)/,
  ],
  [
    "objective of a batch that is not { X, labels }",
    () => objective(net(), bad(X23())),
    TypeError,
    /objective batch.X must be a Matrix, got undefined/,
  ],
  // ── train: optimizers ─────────────────────────────────────────────────────────────────────
  [
    "issue 12: sgd steps with a NaN gradient",
    () => sgd().step([W22(), b21()], [W22(), M([[0], [NaN]])]),
    RangeError,
    /sgd: the gradient of parameter 1 \(2×1\) has entry 1 = NaN \(row 1, column 0\); no parameter was changed/,
  ],
  [
    "issue 12: momentum steps with an infinite gradient",
    () => momentum().step([W22()], [M([[0, Infinity], [0, 0]])]),
    RangeError,
    /momentum: the gradient of parameter 0 \(2×2\) has entry 1 = Infinity .*no parameter was changed/,
  ],
  [
    "issue 12: adam steps with a −∞ gradient",
    () => adam().step([W22()], [M([[0, 0], [-Infinity, 0]])]),
    RangeError,
    /adam: the gradient of parameter 0 \(2×2\) has entry 2 = -Infinity \(row 1, column 0\)/,
  ],
  [
    "sgd with a zero learning rate",
    () => sgd({ learningRate: 0 }),
    RangeError,
    /sgd: the learning rate must be a positive finite number, got 0/,
  ],
  [
    "sgd with a string learning rate",
    () => sgd({ learningRate: bad("0.1") }),
    TypeError,
    /sgd: the learning rate must be a positive finite number, got "0.1" \(a string\)/,
  ],
  [
    "sgd with a misspelt option",
    () => sgd(bad({ learning_rate: 0.1 })),
    RangeError,
    /sgd: unknown option "learning_rate" \(the options are learningRate\)/,
  ],
  [
    "momentum of 1",
    () => momentum({ momentum: 1 }),
    RangeError,
    /momentum: momentum must be in \[0, 1\), got 1/,
  ],
  [
    "adam with ε = 0",
    () => adam({ epsilon: 0 }),
    RangeError,
    /adam: epsilon must be a positive finite number, got 0/,
  ],
  [
    "an optimizer stepping plain arrays",
    () => sgd().step(bad([[1, 2]]), bad([[1, 2]])),
    TypeError,
    /sgd: parameter 0 must be a Matrix, got a plain Array \(length 2\)/,
  ],
  [
    "an optimizer with a gradient of the wrong shape",
    () => sgd().step([W22()], [b21()]),
    RangeError,
    /sgd: parameter 0 is 2×2 but its gradient is 2×1/,
  ],
  // ── train: predict and accuracy ───────────────────────────────────────────────────────────
  [
    "issue 12: predict of a plain Array (it returned [])",
    () => predict(net(), bad([[1, 2, 3], [4, 5, 6]])),
    TypeError,
    /predict X must be a Matrix, got a plain Array \(length 2\)/,
  ],
  [
    "issue 12: predict of a plain object",
    () => predict(net(), bad({ rows: 2, cols: 3 })),
    TypeError,
    /predict X must be a Matrix, got a plain object \{ rows, cols \}/,
  ],
  [
    "predict of a NaN example",
    () => predict(net(), M([[1, NaN], [0, 0]])),
    RangeError,
    /predict X \(2×2\): entry \(0, 1\) is NaN, not a finite number/,
  ],
  [
    "predict with batchSize 0",
    () => predict(net(), X23(), { batchSize: 0 }),
    RangeError,
    /predict: batchSize must be an integer ≥ 1, got 0/,
  ],
  [
    "predict of a network that is not one",
    () => predict(bad({}), X23()),
    TypeError,
    /predict: net must be a network .*got an empty object \{\}/,
  ],
  [
    "issue 12: accuracy with a class ≥ k (it just counted as wrong)",
    () => accuracy(net(), { X: X23(), labels: [0, 1, 5] }),
    RangeError,
    /accuracy \(X 2×3\): labels\[2\] is 5, not an integer class in \[0, 2\)/,
  ],
  [
    "issue 12: accuracy with a class < 0",
    () => accuracy(net(), { X: X23(), labels: [-1, 1, 1] }),
    RangeError,
    /labels\[0\] is -1, not an integer class in \[0, 2\)/,
  ],
  [
    "accuracy with a label 0.5",
    () => accuracy(net(), { X: X23(), labels: [0.5, 1, 1] }),
    RangeError,
    /labels\[0\] is 0.5/,
  ],
  [
    "accuracy with string labels",
    () => accuracy(net(), { X: X23(), labels: bad(["0", "1", "1"]) }),
    TypeError,
    /labels\[0\] is "0" \(a string\), not an integer class/,
  ],
  [
    "accuracy with too few labels",
    () => accuracy(net(), { X: X23(), labels: [0] }),
    RangeError,
    /accuracy \(X 2×3\): 1 labels for 3 examples/,
  ],
  [
    "accuracy of no examples",
    () => accuracy(net(), { X: Matrix.zeros(2, 0), labels: [] }),
    RangeError,
    /accuracy needs at least one example, X is 2×0/,
  ],
  [
    "accuracy of data undefined",
    () => accuracy(net(), bad(undefined)),
    TypeError,
    /accuracy data \(\{ X, labels \}\) must be an object, got undefined/,
  ],
  // ── data ──────────────────────────────────────────────────────────────────────────────────
  [
    "issue 12: spiralData({ noise: Infinity }) (every point was NaN)",
    () => spiralData({ noise: Infinity }),
    RangeError,
    /spiralData: noise must be a finite number ≥ 0, got Infinity/,
  ],
  [
    "spiralData with a negative noise",
    () => spiralData({ noise: -0.1 }),
    RangeError,
    /spiralData: noise must be a finite number ≥ 0, got -0.1/,
  ],
  [
    "spiralData with one point per class",
    () => spiralData({ pointsPerClass: 1 }),
    RangeError,
    /spiralData: pointsPerClass must be an integer ≥ 2, got 1/,
  ],
  [
    "spiralData with 2.5 classes",
    () => spiralData({ classes: 2.5 }),
    RangeError,
    /spiralData: classes must be an integer ≥ 1, got 2.5/,
  ],
  [
    "spiralData with a string seed",
    () => spiralData({ seed: bad("1") }),
    TypeError,
    /Rng seed must be a safe integer, got "1" \(a string\)/,
  ],
  [
    "spiralData with a misspelt option",
    () => spiralData(bad({ points: 50 })),
    RangeError,
    /spiralData: unknown option "points"/,
  ],
  // ── check: finite differences ─────────────────────────────────────────────────────────────
  [
    "issue 12: numericalGradient(f, aMatrix) (it returned an empty array)",
    () => numericalGradient(() => 0, bad(W22())),
    TypeError,
    /numericalGradient x must be a Float64Array, got a 2×2 Matrix \(pass its .data/,
  ],
  [
    "numericalGradient of a plain Array",
    () => numericalGradient(() => 0, bad([1, 2])),
    TypeError,
    /numericalGradient x must be a Float64Array, got a plain Array \(length 2\)/,
  ],
  [
    "numericalGradient of a non-function",
    () => numericalGradient(bad(3), new Float64Array(2)),
    TypeError,
    /numericalGradient f must be a function, got 3/,
  ],
  [
    "numericalGradient at a NaN",
    () => numericalGradient(() => 0, Float64Array.from([NaN])),
    RangeError,
    /numericalGradient x: entry 0 is NaN/,
  ],
  [
    "numericalGradient with h = 0",
    () => numericalGradient(() => 0, new Float64Array(1), { h: 0 }),
    RangeError,
    /The finite-difference step h must be a positive finite number, got 0/,
  ],
  [
    "numericalGradient of an f returning NaN",
    () => numericalGradient(() => NaN, new Float64Array(1)),
    RangeError,
    /numericalGradient: f returned NaN while entry 0 of x was perturbed/,
  ],
  [
    "numericalJacobian of an f returning a number",
    () => numericalJacobian(bad(() => 3), new Float64Array(1)),
    TypeError,
    /numericalJacobian: f must return an array of outputs, got 3/,
  ],
  [
    "numericalVjp with dOut passed as the third argument",
    () => numericalVjp((v: Float64Array) => v, new Float64Array(2), bad(new Float64Array(2))),
    TypeError,
    /numericalVjp takes the upstream gradient as an option/,
  ],
  [
    "numericalVjp of x a plain Array",
    () => numericalVjp(bad((v: Float64Array) => v), bad([1, 2])),
    TypeError,
    /numericalVjp x must be a Float64Array or a Matrix, got a plain Array \(length 2\)/,
  ],
  [
    "checkGradient of x a plain Array",
    () => checkGradient(square, bad([1, 2])),
    TypeError,
    /checkGradient x must be a Float64Array or a Matrix, got a plain Array \(length 2\)/,
  ],
  [
    "checkGradient at a NaN x (was reported as a failed check)",
    () => checkGradient(square, Float64Array.from([NaN, 1])),
    RangeError,
    /checkGradient x: entry 0 is NaN/,
  ],
  [
    "checkGradient with a negative tolerance",
    () => checkGradient(square, new Float64Array(2), { tolerance: -1 }),
    RangeError,
    /checkGradient: tolerance must be a number ≥ 0, got -1/,
  ],
  [
    'checkGradient with throw: "no"',
    () => checkGradient(square, new Float64Array(2), { throw: bad("no") }),
    TypeError,
    /checkGradient: throw must be true or false, got "no" \(a string\)/,
  ],
  [
    "checkGradient with a misspelt option",
    () => checkGradient(square, new Float64Array(2), bad({ tol: 1e-5 })),
    RangeError,
    /checkGradient: unknown option "tol"/,
  ],
  [
    "checkGradient of an f returning a number",
    () => checkGradient(bad(() => 3), new Float64Array(2)),
    TypeError,
    /must return \{ value, grad \} .* or \{ out, vjp \}/,
  ],
  [
    "checkGradient with a gradient of the wrong shape",
    () => checkGradient(() => ({ value: 0, grad: new Float64Array(3) }), new Float64Array(2)),
    RangeError,
    /The analytic gradient of x is a vector of length 3 but x is a vector of length 2/,
  ],
  [
    "checkGradientSparse with count 0",
    () => checkGradientSparse(square, new Float64Array(2), { count: 0 }),
    RangeError,
    /checkGradientSparse: count must be an integer ≥ 1, got 0/,
  ],
  [
    "checkDirectional with 1e20 directions",
    () => checkDirectional(square, new Float64Array(2), { directions: 1e20 }),
    RangeError,
    /checkDirectional: directions must be an integer in \[1, 2147483648\], got 100000000000000000000/,
  ],
  [
    "checkJacobian of an f that does not return { out, jacobian }",
    () => checkJacobian(bad(() => ({})), new Float64Array(2)),
    TypeError,
    /checkJacobian: f\(x\).out must be an array or typed array, got undefined/,
  ],
  [
    "checkJacobian with a Jacobian of the wrong shape",
    () => checkJacobian((x) => ({ out: x, jacobian: Matrix.identity(3) }), new Float64Array(2)),
    RangeError,
    /checkJacobian: the analytic Jacobian of x is 3×3 but f maps 2 inputs to 2 outputs, so it must be 2×2/,
  ],
  [
    "diagnoseGradient of a number",
    () => diagnoseGradient(bad(3)),
    TypeError,
    /diagnoseGradient report \(what checkGradient returns\) must be an object, got 3/,
  ],
  [
    "diagnoseGradient of a report without arrays",
    () => diagnoseGradient(bad({ passed: false, numerical: [1], analytic: [1] })),
    TypeError,
    /diagnoseGradient report.numerical must be a Float64Array, got a plain Array \(length 1\)/,
  ],
  // ── check: dual numbers and the bug catalogue ─────────────────────────────────────────────
  [
    "issue 12: dualExp(1000) names the function and the input",
    () => dualExp(new Dual(M([[1000]]), M([[1]]))),
    RangeError,
    /dualExp: exp\(1000 \+ 1ε\) is Infinity \+ Infinityε at entry 0, not finite/,
  ],
  [
    "dualExp of a Matrix",
    () => dualExp(bad(W22())),
    TypeError,
    /dualExp a must be a Dual, got a 2×2 Matrix \(wrap a Matrix with Dual.constant\(M\)/,
  ],
  [
    "dualAdd of a number",
    () => dualAdd(dual(), bad(1)),
    TypeError,
    /dualAdd b must be a Dual, got 1/,
  ],
  [
    "dualAdd of shapes that differ",
    () => dualAdd(dual(), Dual.constant(W22())),
    RangeError,
    /dualAdd: shapes 1×2 and 2×2 differ/,
  ],
  [
    "dualLog of 0",
    () => dualLog(Dual.constant(M([[0]]))),
    RangeError,
    /dualLog: log of 0, which is not positive/,
  ],
  [
    "dualScale by a string",
    () => dualScale(dual(), bad("2")),
    TypeError,
    /dualScale c must be a finite number, got "2" \(a string\)/,
  ],
  [
    "dualScale overflowing",
    () => dualScale(Dual.constant(M([[1e308]])), 10),
    RangeError,
    /dualScale: 10 · \(1e\+308 \+ 0ε\) is Infinity \+ 0ε at entry 0, not finite/,
  ],
  [
    "dualMatmul with inner sizes that differ",
    () => dualMatmul(dual(), dual()),
    RangeError,
    /dualMatmul: cannot multiply 1×2 by 1×2: inner sizes 2 and 1 differ/,
  ],
  [
    "dualSum of undefined",
    () => dualSum(bad(undefined)),
    TypeError,
    /dualSum a must be a Dual, got undefined/,
  ],
  [
    "dualCrossEntropy of a Matrix",
    () => dualCrossEntropy(bad(W22()), dual()),
    TypeError,
    /dualCrossEntropy q must be a Dual, got a 2×2 Matrix/,
  ],
  [
    "dualSoftmaxCrossEntropy with a label 3 of 2 classes",
    () => dualSoftmaxCrossEntropy(Dual.constant(M([[1], [2]])), [3]),
    RangeError,
    /dualSoftmaxCrossEntropy \(scores 2×1\): labels\[0\] is 3, not an integer class in \[0, 2\)/,
  ],
  [
    "new Dual of a nested array",
    () => new Dual(bad([[1]]), M([[0]])),
    TypeError,
    /Dual values re must be a Matrix, got a plain Array \(length 1\)/,
  ],
  [
    "new Dual with an infinite tangent",
    () => new Dual(M([[1]]), M([[Infinity]])),
    RangeError,
    /Dual: entry 0 is 1 \+ Infinityε, not finite/,
  ],
  [
    "dualJacobian at a plain Array",
    () => dualJacobian(dualExp, bad([1, 2])),
    TypeError,
    /dualJacobian x must be a Float64Array, got a plain Array \(length 2\)/,
  ],
  [
    "dualGradient of a non-function",
    () => dualGradient(bad(5), new Float64Array(1)),
    TypeError,
    /dualGradient f must be a function, got 5/,
  ],
  [
    "bugNetLossAndGradients with an unknown bug",
    () => {
      const e = bugNetExample();
      return bugNetLossAndGradients(e.params, e.batch, { bug: bad("nope") });
    },
    RangeError,
    /bugNetLossAndGradients: unknown bug "nope" \(a string\); the catalogue has/,
  ],
  [
    "bugNetLossAndGradients with params lacking W2",
    () => {
      const e = bugNetExample();
      return bugNetLossAndGradients(bad({ ...e.params, W2: undefined }), e.batch);
    },
    TypeError,
    /bugNetLossAndGradients params.W2 must be a Matrix, got undefined/,
  ],
  [
    "checkBackpropBug with a misspelt option",
    () => checkBackpropBug(undefined, bad({ lambda: 0.1 })),
    RangeError,
    /checkBackpropBug: unknown option "lambda" \(the options are seed, strength, tolerance\)/,
  ],
  [
    "bugNetExample with seed 0.5",
    () => bugNetExample(0.5),
    RangeError,
    /Rng seed must be a safe integer .*got 0.5/,
  ],
  // ── plot ──────────────────────────────────────────────────────────────────────────────────
  [
    'issue 12: linePlot([1, "2", 3]) (it drew a gap)',
    () => linePlot(bad([1, "2", 3])),
    TypeError,
    /linePlot: the values: entry 1 is "2" \(a string\), not a number/,
  ],
  [
    "linePlot of a named series with a string",
    () => linePlot(bad({ loss: [1, "x"] })),
    TypeError,
    /linePlot: "loss": entry 1 is "x" \(a string\), not a number/,
  ],
  [
    "linePlot of a Matrix",
    () => linePlot(bad(W22())),
    TypeError,
    /linePlot: lines must be numbers, .* got a 2×2 Matrix/,
  ],
  [
    "linePlot with x of another length",
    () => linePlot([1, 2, 3], { x: [1, 2] }),
    RangeError,
    /linePlot: series "y" has 3 values but 2 x positions/,
  ],
  [
    'linePlot with logY: "yes"',
    () => linePlot([1, 2], { logY: bad("yes") }),
    TypeError,
    /linePlot: logY must be true or false, got "yes" \(a string\)/,
  ],
  [
    "linePlot with a negative width",
    () => linePlot([1, 2], { width: -5 }),
    RangeError,
    /linePlot: width must be a positive finite number, got -5/,
  ],
  [
    "linePlot with a misspelt option",
    () => linePlot([1, 2], bad({ xtitle: "epoch" })),
    RangeError,
    /linePlot: unknown option "xtitle"; did you mean xTitle\?/,
  ],
  [
    "logLogPlot with a position ≤ 0",
    () => logLogPlot([1, 0], [1, 2]),
    RangeError,
    /logLogPlot: x\[1\] is 0, not a positive finite number/,
  ],
  [
    'logLogPlot with a slope "2"',
    () => logLogPlot([1, 2], [1, 2], { slopes: bad(["2"]) }),
    TypeError,
    /logLogPlot: a slope must be a number or \{ slope, series \}, got "2" \(a string\)/,
  ],
  [
    "issue 12: confusionMatrixPlot({ classes: 2.5 }), not 'Invalid array length'",
    () => confusionMatrixPlot([0, 1], [0, 1], { classes: 2.5 }),
    RangeError,
    /confusionMatrixPlot: classes must be an integer in \[1, 10000\], got 2.5/,
  ],
  [
    "confusionMatrixPlot with a label ≥ classes",
    () => confusionMatrixPlot([0, 3], [0, 1], { classes: 2 }),
    RangeError,
    /confusionMatrixPlot: a label is 3, but there are 2 classes/,
  ],
  [
    "confusionMatrixPlot with a label 0.5",
    () => confusionMatrixPlot([0, 0.5], [0, 1]),
    RangeError,
    /confusionMatrixPlot: true labels: label 1 is 0.5, not a non-negative integer/,
  ],
  [
    "confusionMatrixPlot of undefined predictions",
    () => confusionMatrixPlot([0, 1], bad(undefined)),
    TypeError,
    /confusionMatrixPlot: predictions must be an array or typed array, got undefined/,
  ],
  [
    "confusionMatrixPlot with too few classNames",
    () => confusionMatrixPlot([0, 2], [1, 2], { classNames: ["a"] }),
    RangeError,
    /confusionMatrixPlot: 1 classNames for 3 classes/,
  ],
  [
    "heatmap of a nested array",
    () => heatmap(bad([[1, 2]])),
    TypeError,
    /heatmap expects a Matrix, got a plain Array \(length 1\)/,
  ],
  [
    "heatmap with a misspelt option",
    () => heatmap(W22(), bad({ diverge: true })),
    RangeError,
    /heatmap: unknown option "diverge"/,
  ],
  [
    "jacobianComparison of an array",
    () => jacobianComparison(W22(), bad([[1]])),
    TypeError,
    /jacobianComparison expects two matrices, got a 2×2 Matrix and a plain Array \(length 1\)/,
  ],
  [
    "scatterPlot of points in 3 dimensions",
    () => scatterPlot(Matrix.zeros(3, 4)),
    RangeError,
    /scatterPlot needs points in the plane, a 2 × m matrix, got 3×4/,
  ],
  [
    "scatterPlot of a NaN point (it would vanish)",
    () => scatterPlot(M([[0, NaN], [0, 1]])),
    RangeError,
    /scatterPlot: the points X \(2×2\): entry \(0, 1\) is NaN/,
  ],
  [
    "scatterPlot with a label 1.5",
    () => scatterPlot(W22(), { labels: [0, 1.5] }),
    RangeError,
    /scatterPlot labels: label 1 is 1.5, not a non-negative integer/,
  ],
  [
    "decisionBoundary of a non-function",
    () => decisionBoundary(bad("net"), W22()),
    TypeError,
    /decisionBoundary: predict must be a function of a 2 × m matrix, got "net" \(a string\)/,
  ],
  [
    "decisionBoundary with resolution 1",
    () => decisionBoundary(() => [], W22(), { resolution: 1 }),
    RangeError,
    /decisionBoundary: resolution must be an integer in \[2, 4096\], got 1/,
  ],
  [
    "decisionBoundary with a classifier returning too few labels",
    () => decisionBoundary(() => [0], W22(), { resolution: 2 }),
    RangeError,
    /decisionBoundary: predict returned 1 labels for 4 points/,
  ],
  [
    "imageGrid of a number",
    () => imageGrid(bad(5)),
    TypeError,
    /imageGrid expects a d × m Matrix or a list of pixel vectors, got 5/,
  ],
  [
    "imageGrid with 1.5 columns",
    () => imageGrid([new Float64Array(4)], { columns: 1.5 }),
    RangeError,
    /imageGrid: columns must be an integer ≥ 1, got 1.5/,
  ],
  [
    "imageGrid with a title that is not a string",
    () => imageGrid([new Float64Array(4)], { titles: bad([3]) }),
    TypeError,
    /imageGrid: titles\[0\] must be a string, got 3/,
  ],
  [
    "trainingCurves of a history with a string loss",
    () => trainingCurves(bad({ loss: [1, "2"] })),
    TypeError,
    /trainingCurves: history.loss: entry 1 is "2" \(a string\), not a number/,
  ],
  [
    "trainingCurves with maxPoints 0",
    () => trainingCurves({ loss: [1] }, { maxPoints: 0 }),
    RangeError,
    /trainingCurves: maxPoints must be an integer ≥ 1, got 0/,
  ],
  [
    "liveTraining with a negative interval",
    () => liveTraining({ intervalMs: -1 }),
    RangeError,
    /liveTraining: intervalMs must be a number ≥ 0, got -1/,
  ],
  [
    "liveTraining with a display that is not a function",
    () => liveTraining({ display: bad("html") }),
    TypeError,
    /liveTraining: display must be a function, got "html" \(a string\)/,
  ],
];

/** Calls to train: asynchronous, and each must leave the network's parameters untouched. */
const trainCases: [
  name: string,
  args: () => [unknown, unknown, unknown],
  error: ErrorClass,
  message: RegExp,
][] = [
  [
    "issue 12: train with a label 1.5 (it was truncated to 1)",
    () => [net3(), { X: spiral.X, labels: labelsWith(1.5) }, {}],
    RangeError,
    /train: the training set \(X 2×30\): labels\[17\] is 1.5, not an integer class in \[0, 3\)/,
  ],
  [
    "issue 12: train with a label NaN (it became 0)",
    () => [net3(), { X: spiral.X, labels: labelsWith(NaN) }, {}],
    RangeError,
    /labels\[17\] is NaN, not an integer class in \[0, 3\)/,
  ],
  [
    'issue 12: train with a label "2" (it became 2)',
    () => [net3(), { X: spiral.X, labels: labelsWith("2") }, {}],
    TypeError,
    /labels\[17\] is "2" \(a string\), not an integer class/,
  ],
  [
    "issue 12: train with a label 2³² + 1 (it became 1)",
    () => [net3(), { X: spiral.X, labels: labelsWith(2 ** 32 + 1) }, {}],
    RangeError,
    /labels\[17\] is 4294967297, not an integer class in \[0, 3\)/,
  ],
  [
    "issue 12: train with a label −1 (noticed mid-epoch, by its index in the minibatch)",
    () => [net3(), { X: spiral.X, labels: labelsWith(-1) }, {}],
    RangeError,
    /labels\[17\] is -1, not an integer class in \[0, 3\)/,
  ],
  [
    "issue 12: train with a validation label ≥ k (it counted as wrong)",
    () => [net3(), spiral, { validation: { X: spiral.X, labels: labelsWith(3) } }],
    RangeError,
    /train: the validation set \(X 2×30\): labels\[17\] is 3, not an integer class in \[0, 3\)/,
  ],
  [
    "issue 12: train with a NaN in the validation data is bad data, not a learning rate",
    () => [net3(), spiral, { validation: { X: withNaN(spiral.X), labels: spiral.labels } }],
    RangeError,
    /train: the validation set, X \(2×30\),: entry \(1, 4\) is NaN, not a finite number/,
  ],
  [
    "train with a NaN example",
    () => [net3(), { X: withNaN(spiral.X), labels: spiral.labels }, {}],
    RangeError,
    /train: the training set, X \(2×30\),: entry \(1, 4\) is NaN/,
  ],
  [
    "issue 12: train of a plain Array",
    () => [net3(), { X: [[1, 2], [3, 4]], labels: [0, 1] }, {}],
    TypeError,
    /train: data.X must be a Matrix, got a plain Array \(length 2\)/,
  ],
  [
    "issue 12: train of Float32Array data",
    () => [net3(), { X: { rows: 2, cols: 2, data: new Float32Array(4) }, labels: [0, 1] }, {}],
    TypeError,
    /train: data.X must be a Matrix, got .*Float32Array/,
  ],
  [
    "issue 12: train of a plain object",
    () => [net3(), { X: {}, labels: [] }, {}],
    TypeError,
    /train: data.X must be a Matrix, got an empty object \{\}/,
  ],
  [
    "train of data undefined",
    () => [net3(), undefined, {}],
    TypeError,
    /train: data \(\{ X, labels \}\) must be an object, got undefined/,
  ],
  [
    "train of a network that is not one",
    () => [{ layers: "x" }, spiral, {}],
    TypeError,
    /train: net must be a network .*got a plain object \{ layers \}/,
  ],
  [
    "train with X of the wrong number of features",
    () => [twoLayerNet([5, 3, 3]), spiral, {}],
    RangeError,
    /Cannot multiply 3×5 by 2×1: inner sizes 5 and 2 differ/,
  ],
  [
    "train with validation of the wrong number of features",
    () => [net3(), spiral, { validation: { X: Matrix.zeros(5, 2), labels: [0, 1] } }],
    RangeError,
    /train: validation.X has 5 rows but the training examples have 2/,
  ],
  [
    "train with too few labels",
    () => [net3(), { X: spiral.X, labels: [0, 1] }, {}],
    RangeError,
    /train: the training set \(X 2×30\): 2 labels for 30 examples/,
  ],
  [
    "train with no examples",
    () => [net3(), { X: Matrix.zeros(2, 0), labels: [] }, {}],
    RangeError,
    /train: the training set has no examples \(X is 2×0\)/,
  ],
  [
    "train with a misspelt option (learningrate)",
    () => [net3(), spiral, { learningrate: 0.1 }],
    RangeError,
    /train: unknown option "learningrate"; did you mean learningRate\?/,
  ],
  [
    "train with options that are a number",
    () => [net3(), spiral, 5],
    TypeError,
    /train: options must be an object, got 5/,
  ],
  [
    "train with 2.5 epochs",
    () => [net3(), spiral, { epochs: 2.5 }],
    RangeError,
    /train: epochs must be an integer ≥ 0, got 2.5/,
  ],
  [
    'train with batchSize "32"',
    () => [net3(), spiral, { batchSize: "32" }],
    TypeError,
    /train: batchSize must be an integer ≥ 1, got "32" \(a string\)/,
  ],
  [
    "train with a learningRateDecay of 2",
    () => [net3(), spiral, { learningRateDecay: 2 }],
    RangeError,
    /train: learningRateDecay must be in \(0, 1\], got 2/,
  ],
  [
    "train with an infinite l2",
    () => [net3(), spiral, { l2: Infinity }],
    RangeError,
    /train: l2 must be a finite number ≥ 0, got Infinity/,
  ],
  [
    "train with seed 0.5",
    () => [net3(), spiral, { seed: 0.5 }],
    RangeError,
    /train: seed must be a safe integer, got 0.5/,
  ],
  [
    "train with both an optimizer and a learning rate",
    () => [net3(), spiral, { optimizer: sgd(), learningRate: 0.1 }],
    RangeError,
    /train: give either an optimizer or a learningRate/,
  ],
  [
    "train with an optimizer that is a string",
    () => [net3(), spiral, { optimizer: "adam" }],
    TypeError,
    /train: optimizer must be an optimizer \(sgd\(\), momentum\(\) or adam\(\)\), got "adam" \(a string\)/,
  ],
  [
    "train with onEpoch that is not a function",
    () => [net3(), spiral, { onEpoch: true }],
    TypeError,
    /train: onEpoch must be a function, got true \(a boolean\)/,
  ],
  [
    'train with progress "yes"',
    () => [net3(), spiral, { progress: "yes" }],
    TypeError,
    /train: progress must be true, false or a function, got "yes" \(a string\)/,
  ],
  [
    "train with keepBest 1",
    () => [net3(), spiral, { keepBest: 1 }],
    TypeError,
    /train: keepBest must be true or false, got 1/,
  ],
  [
    "train with a divergence factor of 1",
    () => [net3(), spiral, { divergence: { factor: 1 } }],
    RangeError,
    /train: divergence.factor must be a number > 1, got 1/,
  ],
  [
    "train with a misspelt divergence option",
    () => [net3(), spiral, { divergence: { epochs: 3 } }],
    RangeError,
    /train: divergence: unknown option "epochs" \(the options are factor, risingEpochs\)/,
  ],
  [
    "issue 12: train at learning rate 1e100 stops early and says why",
    () => [net3(), spiral, { learningRate: 1e100, progress: false }],
    RangeError,
    /Training diverged: .* at epoch [12], iteration [12] \(sgd, learning rate 1e\+100\)\. The learning rate is probably too large.*starting parameters were put back/s,
  ],
];

function net3(): ReturnType<typeof twoLayerNet> {
  return twoLayerNet([2, 6, 3], { rng: new Rng(1) });
}

function withNaN(X: Matrix): Matrix {
  const Y = X.clone();
  Y.set(1, 4, NaN);
  return Y;
}

Deno.test("every bad input is refused with its error class and a message naming argument and value", async (t) => {
  for (const [name, call, error, message] of cases) {
    await t.step(name, () => {
      assertThrows(call, error, `${name}: not a ${error.name}`);
      assertThrows(call, message, `${name}: the message does not match ${message}`);
    });
  }
});

Deno.test("train refuses every bad input before any parameter moves", async (t) => {
  for (const [name, args, error, message] of trainCases) {
    await t.step(name, async () => {
      const [net, set, options] = args();
      const params = (net as { layers?: unknown }).layers instanceof Array
        ? networkParameters(net as ReturnType<typeof twoLayerNet>).map((p) => p.value)
        : [];
      const before = params.map((W) => W.data.slice());
      let updates = 0;
      const withCount = typeof options === "object" && options !== null
        ? { ...options, onBatch: () => void updates++ }
        : options;
      const guarded = (name.includes("1e100") ? options : withCount) as Record<string, unknown>;
      // deno-lint-ignore no-explicit-any
      const run = () => train(net as any, set as any, guarded as any);
      const thrown = await run().then(() => undefined, (e) => e);
      assert(thrown instanceof error, `${name}: got ${thrown}`);
      await assertRejects(run, message);
      assert(updates === 0, `${name}: ${updates} updates were made before the error`);
      params.forEach((W, t) => assert(W.data.every((v, i) => Object.is(v, before[t][i])), name));
    });
  }
});

Deno.test("the table holds at least 150 cases, each with a name of its own", () => {
  const total = cases.length + trainCases.length;
  assert(total >= 150, `only ${total} cases`);
  const names = [...cases, ...trainCases].map(([name]) => name);
  assert(new Set(names).size === names.length, "every case has its own name");
});
