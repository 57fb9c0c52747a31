// The exercises as a student meets them: each stub cell, model solution and planted mistake of
// exercises/manifest.json runs with its one-line check exactly as the notebook runs it (see
// _exercise_cells.ts), and each check says what it must: "not implemented yet" without an error,
// a pass, or a failure whose message names the mistake. Then the checks' edges: shapes and types
// named, stubs called by other functions, how a failure is thrown and shown.

import { assert, assertEquals, assertRejects } from "./_assert.ts";
import { matmul, Matrix } from "../lib/core/mod.ts";
import {
  exercise,
  ExerciseError,
  type ExerciseId,
  type ExerciseReport,
  EXERCISES,
  NotImplemented,
  runExercise,
  setExerciseDisplay,
} from "../lib/check/mod.ts";
import * as backpropagation from "../solutions/01_backpropagation.ts";
import * as softmaxSolutions from "../solutions/02_softmax.ts";
import * as crossEntropySolutions from "../solutions/03_cross_entropy.ts";
import * as gradientChecking from "../solutions/04_gradient_checking.ts";
import * as training from "../solutions/05_training.ts";
import { manifest, runExerciseCell } from "./_exercise_cells.ts";

const NOTEBOOKS = [
  "01_backpropagation.ipynb",
  "02_softmax.ipynb",
  "03_cross_entropy.ipynb",
  "04_gradient_checking.ipynb",
  "05_training.ipynb",
];

Deno.test("the manifest has every exercise the library checks, in every notebook, with ≥ 20 mistakes", () => {
  assertEquals(manifest.exercises.map((e) => e.id), EXERCISES.map((e) => e.id));
  assertEquals(Object.keys(exercise).sort(), EXERCISES.map((e) => e.id).sort());
  assertEquals(manifest.notebooks.map((n) => n.notebook), NOTEBOOKS);
  for (const n of manifest.notebooks) {
    assert(n.exercises.length > 0, `${n.notebook} has no exercise`);
    assert(n.questions.length >= 2, `${n.notebook} has ${n.questions.length} inline questions`);
  }
  const mistakes = manifest.exercises.reduce((s, e) => s + e.mistakes.length, 0);
  assert(mistakes >= 20, `only ${mistakes} planted mistakes`);
  for (const e of manifest.exercises) {
    assert(e.mistakes.length >= 1, `${e.id} has no planted mistake`);
    assertEquals(e.check, `await exercise.${e.id}(${e.function});`);
    assert(/\bE\d+/.test(e.stub), `the stub of ${e.id} cites no equation id`);
    assert(e.stub.includes(`throw new NotImplemented("${e.function}")`), `${e.id}'s stub body`);
  }
});

for (const ex of manifest.exercises) {
  Deno.test(`${ex.id} (${ex.notebook}): stub, model solution and every planted mistake`, async (t) => {
    await t.step('the stub reports "not implemented yet" and throws nothing', async () => {
      const { reports, error } = await runExerciseCell(ex, ex.stub);
      assertEquals(error, undefined);
      assertEquals(reports.map((r) => r.status), ["not-implemented"]);
      assert(
        /^… \w+ is not implemented yet/.test(reports[0].headline),
        reports[0].headline,
      );
    });
    await t.step("the model solution passes", async () => {
      const { reports, error } = await runExerciseCell(ex, ex.solution);
      assertEquals(error, undefined, String(error));
      assertEquals(reports.map((r) => r.status), ["passed"]);
    });
    for (const m of ex.mistakes) {
      await t.step(`planted mistake ${m.id} (${m.description}) fails, named`, async () => {
        const { reports, error } = await runExerciseCell(ex, m.source);
        assert(error instanceof ExerciseError, `no ExerciseError: ${String(error)}`);
        assertEquals(reports.map((r) => r.status), ["failed"]);
        const first = error.message.split("\n")[0];
        assert(first.startsWith(`✗ ${ex.function}: `), first);
        assert(new RegExp(m.expect).test(error.message), `${m.expect} not in:\n${error.message}`);
        assertEquals(error.stack, `ExerciseError: ${error.message}`); // no frames under it
      });
    }
  });
}

Deno.test("the model solutions in solutions/ pass their checks when called directly", async () => {
  const modules: Record<string, unknown>[] = [
    backpropagation,
    softmaxSolutions,
    crossEntropySolutions,
    gradientChecking,
    training,
  ];
  for (const info of EXERCISES) {
    const fn = modules.map((m) => m[info.function]).find((f) => f !== undefined);
    assert(typeof fn === "function", `no ${info.function} in solutions/`);
    const report = await runExercise(info.id, fn);
    assert(report.passed, `${info.id}: ${report}`);
  }
});

/** A correct linear backward, and a harness to break one part of its output. */
function linearBackwardReturning(
  part: "dX" | "dW" | "db",
  value: (right: Matrix) => unknown,
): (dOut: Matrix, cache: { W: Matrix; b: Matrix; X: Matrix }) => unknown {
  return (dOut, cache) => {
    const right = backpropagation.myLinearBackward(dOut, cache);
    return { ...right, [part]: value(right[part]) };
  };
}

/** What a promise rejected with (fails when it resolves). */
async function rejection(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

async function diagnosis(id: ExerciseId, fn: unknown): Promise<string> {
  const report = await runExercise(id, fn);
  assertEquals(report.status, "failed", report.toString());
  return report.diagnosis ?? "";
}

Deno.test("shape and type mistakes are named as such", async (t) => {
  await t.step("k × n where n × k is due: transposed", async () => {
    const text = await diagnosis(
      "linearBackward",
      linearBackwardReturning("dX", (M) => M.transpose()),
    );
    assert(
      /^dX came out transposed: dX = Wᵀ dOut is n × m like X; dX is 5 × 4 \(m × n\) where 4 × 5 \(n × m\) is due/
        .test(text),
      text,
    );
  });
  await t.step("a plain array where a Matrix is due", async () => {
    const text = await diagnosis(
      "linearBackward",
      linearBackwardReturning("dW", (M) => M.toArray()),
    );
    assert(
      /^dW is a plain array \(3 rows of 4\), not a Matrix: return a 3 × 4 \(k × n\) Matrix/.test(
        text,
      ),
      text,
    );
  });
  await t.step(
    "a Float64Array where a Matrix is due, of the right length and of a wrong one",
    async () => {
      const right = await diagnosis("linearBackward", linearBackwardReturning("dW", (M) => M.data));
      assert(
        /^dW is a Float64Array of length 12, not a Matrix: .*new Matrix\(3, 4, data\)/.test(right),
        right,
      );
      const wrong = await diagnosis(
        "linearBackward",
        linearBackwardReturning("db", (M) => M.data.subarray(1)),
      );
      assert(
        /^db is a Float64Array of length 2, not a Matrix: return a 3 × 1 \(k × 1\) Matrix, which has 3 entries/
          .test(wrong),
        wrong,
      );
    },
  );
  await t.step("a Float64Array of the wrong length where a vector is due", async () => {
    const text = await diagnosis(
      "softmaxJvp",
      (y: Float64Array, z: Float64Array) => softmaxSolutions.mySoftmaxJvp(y, z).subarray(1),
    );
    assert(/^the product has length 4 where k = 5 is due/.test(text), text);
  });
  await t.step("a Matrix where a vector is due, and a missing field", async () => {
    const matrix = await diagnosis(
      "softmaxJvp",
      (y: Float64Array, z: Float64Array) => Matrix.column(softmaxSolutions.mySoftmaxJvp(y, z)),
    );
    assert(
      /^the product is a 5 × 1 Matrix where a Float64Array of length k = 5 is due/.test(matrix),
      matrix,
    );
    const missing = await diagnosis(
      "crossEntropy",
      (q: Float64Array, p: Float64Array) => ({ H: crossEntropySolutions.myCrossEntropy(q, p).H }),
    );
    assert(
      /returned an object without dp \(it has H\); it must return \{ H, dp \}/.test(missing),
      missing,
    );
  });
  await t.step("a 1 × 1 Matrix where a number is due", async () => {
    const text = await diagnosis("l2Penalty", (weights: Matrix[], lambda: number) => {
      const { value, grads } = training.myL2Penalty(weights, lambda);
      return { value: Matrix.from([[value]]), grads };
    });
    assert(/^value is a 1 × 1 Matrix, not a number: return its entry/.test(text), text);
  });
});

Deno.test("a function that calls an unwritten stub is waiting for it, not failed", async () => {
  function myLinearForward(_params: unknown, _X: Matrix): Matrix {
    throw new NotImplemented("myLinearForward");
  }
  const report = await runExercise("twoLayerGradient", function myTwoLayerLoss() {
    return myLinearForward(undefined, Matrix.zeros(1, 1));
  });
  assertEquals(report.status, "not-implemented");
  assertEquals(report.waitingFor, "myLinearForward");
  assert(
    /^… myTwoLayerLoss calls myLinearForward, which is not implemented yet/.test(report.headline),
    report.headline,
  );
});

Deno.test("an empty body (undefined returned) is not implemented yet; an in-place step that does nothing is wrong", async () => {
  assertEquals((await runExercise("softmax", function mySoftmax() {})).status, "not-implemented");
  const text = await diagnosis("sgdStep", function mySgdStep() {});
  assert(/^params\[0\] did not change/.test(text), text);
});

Deno.test("an error thrown inside the student's function is quoted with its case, the function named once", async () => {
  const report = await runExercise("softmax", function mySoftmax(X: Matrix) {
    return matmul(X, X);
  });
  assert(
    /^✗ mySoftmax: it threw RangeError: Cannot multiply 4×5 by 4×5: inner sizes 5 and 4 differ \(in the case k = 4, m = 5\)/
      .test(report.headline),
    report.headline,
  );
});

Deno.test("a failed check throws an ExerciseError with the diagnosis on its first line and the report", async () => {
  const wrong = (dOut: Matrix, cache: { X: Matrix }) =>
    backpropagation.myReluBackward(dOut, cache).map((v) => 2 * v);
  const error = await rejection(() => exercise.reluBackward(wrong, { display: "none" }));
  assert(error instanceof ExerciseError);
  const lines = error.message.split("\n");
  assert(/^✗ wrong: dX: yours ≈ 2 × numerical everywhere/.test(lines[0]), lines[0]);
  assert(/in the case n = 4, m = 5/.test(lines[1]), lines[1]);
  assert(/dX, worst entries:/.test(error.message), error.message);
  assertEquals(error.report.mismatch?.entries.length, 5);
});

Deno.test("with throw: false a failed check resolves, and its report still goes to the display", async () => {
  const seen: ExerciseReport[] = [];
  await exercise.tanhBackward(backpropagation.mySigmoidBackward, {
    throw: false,
    display: (r) => {
      seen.push(r);
    },
  });
  assertEquals(seen.map((r) => r.status), ["failed"]);
});

Deno.test('display "text" prints passes and stubs; a failure\'s text comes with the thrown error', async () => {
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => printed.push(args.join(" "));
  try {
    await exercise.softmax(softmaxSolutions.mySoftmax, { display: "text" });
    await exercise.softmax(() => {
      throw new NotImplemented("mySoftmax");
    }, { display: "text" });
    await assertRejects(() => exercise.softmax((X: Matrix) => X, { display: "text" }));
  } finally {
    console.log = log;
  }
  assertEquals(printed.length, 2);
  assert(
    /^✓ mySoftmax passed \(stable softmax, E6\): 4 cases\n {2}cases: /.test(printed[0]),
    printed[0],
  );
  assert(/Y: max relative error 0 against softmax \(bound 1e-7\)/.test(printed[0]), printed[0]);
  assert(
    /^… mySoftmax is not implemented yet: write its body in its cell/.test(printed[1]),
    printed[1],
  );
});

Deno.test("setExerciseDisplay sets the default and returns the previous one; bad values are refused", async () => {
  const seen: string[] = [];
  const previous = setExerciseDisplay((r) => {
    seen.push(r.status);
  });
  try {
    await exercise.softmax(softmaxSolutions.mySoftmax);
  } finally {
    assertEquals(typeof setExerciseDisplay(previous), "function");
  }
  assertEquals(seen, ["passed"]);
  let refused: unknown;
  try {
    setExerciseDisplay("html" as "text");
  } catch (error) {
    refused = error;
  }
  assert(refused instanceof TypeError);
});

Deno.test("runExercise refuses an unknown exercise and a value that is not a function", async () => {
  await assertRejects(() => runExercise("nope" as ExerciseId, () => 1), RangeError);
  const error = await rejection(() => runExercise("softmax", undefined));
  assert(
    error instanceof TypeError &&
      /exercise\.softmax takes your function \(e\.g\. mySoftmax\), got undefined/.test(
        error.message,
      ),
  );
});

Deno.test("a failed matrix check shows numerical | yours | difference heatmaps in its HTML", async () => {
  const report = await runExercise(
    "softmaxJacobian",
    (y: Float64Array) => softmaxSolutions.mySoftmaxJacobian(y).map((v) => -v),
  );
  const html = report.toHtml();
  assert(
    /numerical \(max \|·\|/.test(html) && /yours \(max/.test(html) &&
      /yours − numerical/.test(html),
    html,
  );
  assertEquals((html.match(/<svg/g) ?? []).length, 3);
  const passed = await runExercise("softmaxJacobian", softmaxSolutions.mySoftmaxJacobian);
  assert(!passed.toHtml().includes("<svg"));
});

Deno.test("an SGD step that swaps in new matrices is told the network kept the old ones", async () => {
  const text = await diagnosis("sgdStep", (params: Matrix[], grads: Matrix[], eta: number) => {
    params.forEach((W, t) => params[t] = W.map((w, i, j) => w - eta * grads[t].get(i, j)));
  });
  assert(
    /^params\[0\] was replaced by a new matrix: the network keeps the one it had/.test(text),
    text,
  );
});

Deno.test("a numerical gradient that restores x by adding and subtracting h is told why x moved", async () => {
  const drifting = (f: (x: Float64Array) => number, x: Float64Array, h: number) =>
    x.map((_, i) => {
      x[i] += h;
      const plus = f(x);
      x[i] -= 2 * h;
      const minus = f(x);
      x[i] += h; // not always the old value, by an ulp
      return (plus - minus) / (2 * h);
    });
  const text = await diagnosis("numericalGradient", drifting);
  assert(
    /^x was left changed .*adding and subtracting h does not give x back exactly/.test(text),
    text,
  );
});

Deno.test("momentum in another convention is named, and the schedule case tells the classical form apart", async () => {
  type Hyper = { learningRate: number; momentum: number };
  const etaInBuffer = await diagnosis(
    "momentumStep",
    (w: Matrix, b: Matrix, g: Matrix, h: Hyper) => {
      for (let i = 0; i < w.data.length; i++) {
        b.data[i] = h.momentum * b.data[i] + h.learningRate * g.data[i]; // η inside the buffer
        w.data[i] -= b.data[i];
      }
    },
  );
  assert(/^b holds η times the buffer/.test(etaInBuffer), etaInBuffer);
  // The classical form with its velocity kept apart from b: w is compared alone, so only the
  // case where η changes between steps tells it from the library's form.
  const velocities = new Map<Matrix, Float64Array>();
  const classical = await diagnosis(
    "momentumStep",
    (w: Matrix, b: Matrix, g: Matrix, h: Hyper) => {
      const v = velocities.get(b) ?? new Float64Array(w.data.length);
      velocities.set(b, v);
      for (let i = 0; i < w.data.length; i++) {
        v[i] = h.momentum * v[i] - h.learningRate * g.data[i];
        w.data[i] += v[i];
        b.data[i] = -v[i] / h.learningRate; // b as the library would hold it, were η fixed
      }
    },
  );
  assert(
    /^you wrote the classical form .*\(here η changed before step 3\)/.test(
      classical,
    ),
    classical,
  );
});

Deno.test("correct solutions written differently from the model ones pass too", async (t) => {
  const sumRows = (M: Matrix) =>
    Matrix.column(Array.from({ length: M.rows }, (_, i) => M.row(i).reduce((s, v) => s + v, 0)));
  const alternatives: [ExerciseId, unknown][] = [
    [
      "linearForward",
      (p: { W: Matrix; b: Matrix }, X: Matrix) =>
        Matrix.zeros(p.W.rows, X.cols).map((_, i, j) =>
          p.W.row(i).reduce((s, w, c) => s + w * X.get(c, j), p.b.get(i, 0))
        ),
    ],
    ["linearBackward", (dOut: Matrix, c: { W: Matrix; X: Matrix }) => ({
      dX: matmul(c.W.transpose(), dOut),
      dW: matmul(dOut, c.X.transpose()),
      db: sumRows(dOut),
    })],
    ["sigmoidNeuron", (w: number[], x: number[], b: number) => {
      const s = w.reduce((acc, wi, i) => acc + wi * x[i], 0) + b;
      const a = Math.exp(s) / (1 + Math.exp(s));
      const dads = Math.exp(-s) / (1 + Math.exp(-s)) ** 2;
      return {
        s,
        a,
        dads,
        dw: Float64Array.from(x, (xi) => xi * dads),
        dx: w.map((wi) => wi * dads),
        db: dads,
      };
    }],
    ["softmax", (X: Matrix) => {
      const Y = X.clone();
      for (let j = 0; j < X.cols; j++) {
        const col = X.column(j);
        const lse = Math.max(...col) +
          Math.log(col.reduce((s, v) => s + Math.exp(v - Math.max(...col)), 0));
        col.forEach((v, i) => Y.set(i, j, Math.exp(v - lse)));
      }
      return Y;
    }],
    [
      "softmaxBackward",
      (Y: Matrix, dY: Matrix) =>
        Matrix.fromColumns(
          Array.from({ length: Y.cols }, (_, j) =>
            softmaxSolutions.mySoftmaxJvp(Y.column(j), dY.column(j))),
        ),
    ],
    ["crossEntropy", (q: Float64Array, p: Float64Array) => ({
      H: q.reduce((s, qi, i) => (qi === 0 ? s : s - qi * Math.log(p[i])), 0),
      dp: Float64Array.from(q, (qi, i) => (qi === 0 ? 0 : -qi / p[i])),
    })],
    ["sgdStep", (params: Matrix[], grads: Matrix[], eta: number) =>
      params.forEach((W, t) => {
        for (let i = 0; i < W.rows; i++) {
          for (let j = 0; j < W.cols; j++) W.set(i, j, W.get(i, j) - eta * grads[t].get(i, j));
        }
      })],
    [
      "momentumStep",
      (w: Matrix, b: Matrix, g: Matrix, h: { learningRate: number; momentum: number }) => {
        // whole arrays at a time instead of one loop
        b.data.set(b.data.map((bi, i) => h.momentum * bi + g.data[i]));
        w.data.set(w.data.map((wi, i) => wi - h.learningRate * b.data[i]));
      },
    ],
    [
      "trainSpiral",
      async (
        net: import("../lib/nn/mod.ts").Network,
        data: import("../lib/core/mod.ts").Dataset,
      ) => {
        const { train } = await import("../lib/train/mod.ts");
        const history = await train(net, data, {
          epochs: 200,
          batchSize: 300,
          learningRate: 1,
          l2: 1e-3,
          progress: false,
        });
        return history.loss;
      },
    ],
  ];
  for (const [id, fn] of alternatives) {
    await t.step(id, async () => {
      const report = await runExercise(id, fn);
      assert(report.passed, report.toString());
    });
  }
});
