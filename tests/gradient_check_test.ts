// Tests of the gradient checker itself: it passes correct derivatives (smooth functions and the
// library's layers, E2–E3, E9, E11, E15), fails wrong ones with a message naming the worst entry,
// restores x exactly, and its sparse and directional checks catch what they should.

import fc from "./_fast_check.ts";
import {
  checkDirectional,
  checkGradient,
  checkGradientSparse,
  checkJacobian,
  GradientCheckError,
  GradientCheckReport,
  l2Penalty,
  linearBackward,
  linearForward,
  matmul,
  Matrix,
  numericalGradient,
  numericalJacobian,
  numericalVjp,
  type NumericalVjpOptions,
  reluBackward,
  reluForward,
  Rng,
  sigmoidBackward,
  sigmoidForward,
  softmax,
  softmaxBackward,
  softmaxCrossEntropy,
  softmaxJacobian,
  tanhBackward,
  tanhForward,
} from "../lib/mod.ts";
import { assert, assertAllClose, assertEquals, assertThrows } from "./_assert.ts";

/** f(x) = Σ sin(x_i) x_i² + (Σ x_i)², a smooth scalar with a dense gradient. */
function smooth(x: Float64Array): { value: number; grad: Float64Array } {
  let s = 0;
  let value = 0;
  for (const v of x) {
    value += Math.sin(v) * v * v;
    s += v;
  }
  value += s * s;
  const grad = x.map((v) => Math.cos(v) * v * v + 2 * Math.sin(v) * v + 2 * s);
  return { value, grad };
}

/** A layer given as x ↦ { out, vjp }, from a forward/backward pair with a cache. */
function layer<C>(
  forward: (X: Matrix) => { out: Matrix; cache: C },
  backward: (dOut: Matrix, cache: C) => Matrix,
): (X: Matrix) => { out: Matrix; vjp: (dOut: Matrix) => Matrix } {
  return (X) => {
    const { out, cache } = forward(X);
    return { out, vjp: (dOut: Matrix) => backward(dOut, cache) };
  };
}

/** Bit-for-bit equality of two Float64Arrays (so -0 and 0 differ, and NaN equals NaN). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

Deno.test("correct derivatives pass every check", async (t) => {
  const rng = new Rng(11);
  const n = 4; // features
  const k = 3; // outputs / classes
  const m = 5; // examples
  const X = rng.normalMatrix(n, m);
  const W = rng.normalMatrix(k, n);
  const b = rng.normalMatrix(k, 1);

  await t.step("a smooth scalar function, at every entry", () => {
    const report = checkGradient(smooth, Float64Array.from([0.3, -1.2, 2.5, 0.7]));
    assert(report.passed);
    assert(report.maxRelError < 1e-8, `max relative error ${report.maxRelError}`);
  });

  await t.step("the linear layer's dX, dW and db (E2–E3) against their forward pass", () => {
    const dX = checkGradient(
      (A: Matrix) => {
        const { out, cache } = linearForward({ W, b }, A);
        return { out, vjp: (d: Matrix) => linearBackward(d, cache).dX };
      },
      X.clone(),
      { label: "dX" },
    );
    const dW = checkGradient(
      (A: Matrix) => {
        const { out, cache } = linearForward({ W: A, b }, X);
        return { out, vjp: (d: Matrix) => linearBackward(d, cache).dW };
      },
      W.clone(),
      { label: "dW" },
    );
    const db = checkGradient(
      (A: Matrix) => {
        const { out, cache } = linearForward({ W, b: A }, X);
        return { out, vjp: (d: Matrix) => linearBackward(d, cache).db };
      },
      b.clone(),
      { label: "db" },
    );
    for (const r of [dX, dW, db]) assert(r.maxRelError < 1e-8, r.summary());
  });

  await t.step("ReLU, sigmoid and tanh backward, away from ReLU's kink", () => {
    const Z = X.map((v) => (Math.abs(v) < 1e-3 ? v + 0.1 : v)); // no entry within h of 0
    for (
      const [name, f] of [
        ["relu", layer(reluForward, reluBackward)],
        ["sigmoid", layer(sigmoidForward, sigmoidBackward)],
        ["tanh", layer(tanhForward, tanhBackward)],
      ] as const
    ) {
      const r = checkGradient(f, Z.clone(), { label: name });
      assert(r.maxRelError < 1e-7, r.summary());
    }
  });

  await t.step("softmax cross-entropy's dScores = (p − q)/m, a scalar loss", () => {
    const labels = [0, 2, 1, 1, 0];
    const S = rng.normalMatrix(k, m);
    const r = checkGradient(
      (A: Matrix) => {
        const { loss, dScores } = softmaxCrossEntropy(A, labels);
        return { value: loss, grad: dScores };
      },
      S,
      { label: "dScores" },
    );
    assert(r.maxRelError < 1e-7, r.summary());
  });

  await t.step("the batched softmax backward (E11) and the Jacobian diag(y) − y yᵀ (E9)", () => {
    const S = rng.normalMatrix(k, m);
    const r = checkGradient(
      (A: Matrix) => {
        const Y = softmax(A);
        return { out: Y, vjp: (dY: Matrix) => softmaxBackward(Y, dY as Matrix) };
      },
      S,
      { label: "softmax dX" },
    );
    assert(r.maxRelError < 1e-7, r.summary());
    const J = checkJacobian((x) => {
      const y = softmax(Matrix.column(x)).column(0);
      return { out: y, jacobian: softmaxJacobian(y) };
    }, Float64Array.from([1, -0.5, 2, 0]));
    assert(J.maxRelError < 1e-7, J.summary());
    assertEquals([J.rows, J.cols], [4, 4]);
  });

  await t.step("the L2 penalty's gradient λW (E4)", () => {
    const r = checkGradient((A: Matrix) => {
      const { value, grads } = l2Penalty([A], 0.3);
      return { value, grad: grads[0] };
    }, W.clone());
    assert(r.maxRelError < 1e-8, r.summary());
  });

  await t.step("property: the linear layer passes dense, sparse and directional checks", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 1000 }),
        (rows, cols, batch, seed) => {
          const r = new Rng(seed);
          const A = r.normalMatrix(cols, batch);
          const bias = r.normalMatrix(rows, 1);
          const f = (V: Matrix) => {
            const { out, cache } = linearForward({ W: V, b: bias }, A);
            return { out, vjp: (d: Matrix) => linearBackward(d, cache).dW };
          };
          const V = r.normalMatrix(rows, cols);
          const options = { seed, throw: false };
          for (
            const report of [
              checkGradient(f, V, options),
              checkGradientSparse(f, V, { ...options, count: 3 }),
              checkDirectional(f, V, options),
            ]
          ) {
            if (!(report.maxRelError < 1e-7)) throw new Error(report.toString());
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

Deno.test("a wrong gradient fails, naming the worst entry with both values", async (t) => {
  const x = Float64Array.from([0.3, -1.2, 2.5, 0.7]);

  await t.step("one wrong entry: thrown GradientCheckError names it", () => {
    const wrong = (v: Float64Array) => {
      const { value, grad } = smooth(v);
      grad[2] += 0.5; // the injected mistake
      return { value, grad };
    };
    const error = assertThrowsCheck(() => checkGradient(wrong, x, { label: "dx" }));
    const worst = error.report.worst!;
    assertEquals(worst.index, 2);
    assertAllClose(worst.analytic - worst.numerical, 0.5, { rtol: 1e-6 });
    assert(error.message.includes("gradient check of dx FAILED"), error.message);
    assert(error.message.includes("at entry 2"), error.message);
    assert(error.message.includes(`numerical ${worst.numerical.toPrecision(8).slice(0, 6)}`));
    assert(error.message.includes("analytic"), error.message);
    assert(error.report.maxRelError > 1e-2);
  });

  await t.step("a matrix entry is located as (row, column)", () => {
    const W = Matrix.from([[1, 2, 3], [4, 5, 6]]);
    const f = (A: Matrix) => {
      const grad = A.map((v) => 2 * v);
      grad.set(1, 0, 0); // wrong at (1, 0)
      return { value: A.data.reduce((s, v) => s + v * v, 0), grad };
    };
    const error = assertThrowsCheck(() => checkGradient(f, W));
    assertEquals(error.report.worst?.location, "(1, 0)");
    assert(error.message.includes("at entry (1, 0): numerical 8, analytic 0"), error.message);
  });

  await t.step("throw: false returns the failed report instead", () => {
    const f = (v: Float64Array) => ({ value: v[0] * v[0], grad: new Float64Array([v[0]]) });
    const report = checkGradient(f, new Float64Array([3]), { throw: false });
    assertEquals(report.passed, false);
    assertAllClose(report.maxRelError, 1 / 3, { rtol: 1e-8 });
  });

  await t.step("a NaN in the analytic gradient fails with relative error Infinity", () => {
    const f = (v: Float64Array) => ({ value: v[0], grad: new Float64Array([NaN]) });
    const report = checkGradient(f, new Float64Array([1]), { throw: false });
    assertEquals(report.maxRelError, Infinity);
    assertEquals(report.passed, false);
  });

  await t.step("a transposed analytic shape is a RangeError that says so", () => {
    const f = (A: Matrix) => ({ value: A.data.reduce((s, v) => s + v, 0), grad: A.transpose() });
    assertThrows(() => checkGradient(f, Matrix.zeros(2, 3)), /2×3.*transposed shape/s);
    assertThrows(() => checkGradient(f, Matrix.zeros(2, 3)), RangeError);
  });

  await t.step("the text report has a table of the worst entries and a likely cause", () => {
    const f = (v: Float64Array) => ({ value: 2 * v[0] + v[1], grad: new Float64Array([2, 2]) });
    const text = checkGradient(f, new Float64Array([1, 1]), { throw: false }).toString();
    assert(/entry +numerical +analytic +rel\. error/.test(text), text);
    assert(/likely cause: /.test(text), text);
  });
});

Deno.test("x is restored exactly, bit for bit", async (t) => {
  const rng = new Rng(5);
  const X = rng.normalMatrix(4, 6);
  X.data[3] = 0.1 + 0.2; // a value whose ± h round trip is inexact
  X.data[4] = -0;
  const before = X.data.slice();
  const f = layer(tanhForward, tanhBackward);

  await t.step("after each check", () => {
    checkGradient(f, X);
    checkGradientSparse(f, X, { count: 24 });
    checkDirectional(f, X, { directions: 5 });
    numericalVjp((A: Matrix) => A.map(Math.sin), X, { dOut: rng.normalMatrix(4, 6) });
    assert(sameBits(X.data, before));
  });

  await t.step("even when f throws in the middle of a check", () => {
    let calls = 0;
    const throwing = (A: Matrix) => {
      if (++calls === 4) throw new Error("boom");
      return f(A);
    };
    assertThrows(() => checkGradient(throwing, X), /boom/);
    calls = 0;
    assertThrows(() => checkDirectional(throwing, X), /boom/);
    assert(sameBits(X.data, before));
  });
});

Deno.test("numericalVjp is Jᵀ dOut, the transpose of the numerical Jacobian times dOut", () => {
  const rng = new Rng(2);
  const x = Float64Array.from([0.5, -0.3, 1.1]);
  const f = (v: Float64Array) =>
    Float64Array.from([Math.exp(v[0]) * v[1], v[1] * v[2], Math.sin(v[0] + v[2]), v[0] ** 2]);
  const dOut = Float64Array.from({ length: 4 }, () => rng.normal());
  const J = numericalJacobian(f, x);
  const expected = matmul(J, Matrix.column(dOut), { transposeA: true });
  assertAllClose(numericalVjp(f, x, { dOut }), expected.data, { rtol: 1e-9 });
  assertThrows(() => numericalVjp(f, x, { dOut: new Float64Array(3) }), /dOut .* 4 entries/);
});

Deno.test("numericalVjp without dOut is the gradient of the sum of f's outputs", () => {
  const x = Float64Array.from([0.5, -0.3, 1.1]);
  const f = (v: Float64Array) => Float64Array.from([Math.exp(v[0]) * v[1], v[1] * v[2]]);
  const sum = (v: Float64Array) => f(v).reduce((s, t) => s + t, 0);
  assertAllClose(numericalVjp(f, x), numericalGradient(sum, x), { rtol: 1e-9 });
  assertAllClose(numericalVjp(f, x), [Math.exp(0.5) * -0.3, Math.exp(0.5) + 1.1, -0.3], {
    rtol: 1e-9,
  });
});

Deno.test("numericalVjp rejects a non-finite dOut, and a dOut passed positionally, instead of ignoring it", () => {
  const f = (v: Float64Array) => v.map((t) => 2 * t);
  assertThrows(
    () => numericalVjp(f, new Float64Array([1, 2]), { dOut: new Float64Array([1, NaN]) }),
    /numericalVjp dOut: entry 1 is NaN/,
  );
  assertThrows(
    () => numericalVjp(f, new Float64Array([1]), { h: 0 }),
    /positive finite number, got 0/,
  );
  assertThrows(
    () => numericalVjp(f, new Float64Array([1]), new Float64Array([1]) as NumericalVjpOptions),
    /numericalVjp\(f, x, \{ dOut \}\)/,
  );
});

Deno.test("the sparse check compares exactly the sampled coordinates", async (t) => {
  const size = 20;
  const wrongAt = 13;
  const x = Float64Array.from({ length: size }, (_, i) => Math.cos(i));
  const wrong = (v: Float64Array) => {
    const { value, grad } = smooth(v);
    grad[wrongAt] *= 1.01;
    return { value, grad };
  };

  await t.step("it fails if and only if the wrong coordinate was sampled", () => {
    let caught = 0;
    for (let seed = 0; seed < 100; seed++) {
      const report = checkGradientSparse(wrong, x, { count: 5, seed, throw: false });
      assertEquals(report.indices.length, 5);
      assertEquals(new Set(report.indices).size, 5); // without replacement
      const sampled = report.indices.includes(wrongAt);
      assertEquals(report.passed, !sampled, `seed ${seed}`);
      if (sampled) caught++;
    }
    assert(caught >= 13 && caught <= 38, `caught ${caught} of 100, expected about 25`);
  });

  await t.step("a whole wrong row of a matrix gradient is caught for every seed", () => {
    const W = new Rng(1).normalMatrix(5, 40);
    const f = (A: Matrix) => {
      const grad = A.map((v) => Math.cos(v));
      for (let j = 0; j < 40; j++) grad.set(2, j, 0.9 * grad.get(2, j)); // row 2 off by 10%
      return { value: A.data.reduce((s, v) => s + Math.sin(v), 0), grad };
    };
    for (let seed = 0; seed < 20; seed++) {
      assertThrows(() => checkGradientSparse(f, W, { count: 20, seed }), GradientCheckError);
    }
  });

  await t.step("count larger than x checks every entry once", () => {
    const r = checkGradientSparse(smooth, x.slice(0, 3), { count: 10 });
    assertEquals([...r.indices].sort(), [0, 1, 2]);
  });
});

Deno.test("the directional check catches a single wrong coordinate for every seed", () => {
  const W = new Rng(3).normalMatrix(30, 30); // 900 entries, one of them wrong
  const f = (A: Matrix) => {
    const { out, cache } = tanhForward(A);
    return {
      out,
      vjp: (d: Matrix) => {
        const g = tanhBackward(d, cache);
        g.data[417] += 0.05 * Math.abs(g.data[417]) + 1e-3; // the injected mistake
        return g;
      },
    };
  };
  const clean = layer(tanhForward, tanhBackward);
  let worstClean = 0;
  for (let seed = 0; seed < 30; seed++) {
    assertThrows(() => checkDirectional(f, W, { seed, directions: 2 }), GradientCheckError);
    worstClean = Math.max(worstClean, checkDirectional(clean, W, { seed }).maxRelError);
  }
  // Measured 1.7e-8 over these 30 seeds: round-off of 900 summed differences, under 1e-7.
  assert(worstClean < 1e-7, `clean directional max relative error ${worstClean}`);
});

Deno.test("a report shows itself in Jupyter as text and an HTML table", () => {
  const f = (v: Float64Array) => ({ value: v[0] * v[1], grad: new Float64Array([v[1], 0]) });
  const report = checkGradient(f, new Float64Array([2, 5]), { throw: false });
  assert(report instanceof GradientCheckReport);
  const display = Reflect.get(report, Symbol.for("Jupyter.display")) as () => Record<
    string,
    string
  >;
  const bundle = display.call(report);
  assertEquals(bundle["text/plain"], report.toString());
  assert(bundle["text/html"].includes("<table "), bundle["text/html"]);
  assert(bundle["text/html"].includes("FAILED"), bundle["text/html"]);
});

function assertThrowsCheck(fn: () => unknown): GradientCheckError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GradientCheckError) return e;
    throw e;
  }
  throw new Error("expected a GradientCheckError, nothing was thrown");
}

Deno.test("a dense report draws numerical, analytic and difference heatmaps beside its table", () => {
  const x = Float64Array.from([0.5, -1, 2]);
  const f = (v: Float64Array) => {
    const y = softmax(Matrix.column(v)).column(0);
    return { out: y, jacobian: softmaxJacobian(y) };
  };
  const report = checkJacobian(f, x);
  const display = (r: GradientCheckReport) =>
    (Reflect.get(r, Symbol.for("Jupyter.display")) as () => Record<string, string>).call(r);
  const html = display(report)["text/html"];
  assert(html.includes("<table "), html.slice(0, 200));
  assertEquals(html.match(/<svg /g)?.length, 3);
  for (const panel of ["numerical", "analytic", "analytic − numerical"]) {
    assert(html.includes(`<figcaption>${panel} (max`), panel);
  }
  // 3 × 3 entries: each cell prints its value, e.g. the diagonal y(1 − y) of the Jacobian.
  assertEquals(html.match(/<text /g)?.length, 3 * 9);
  // Sparse checks compare a few entries only: a table, no heatmaps.
  const sparse = checkGradientSparse(smooth, x, { count: 2 });
  assertEquals(display(sparse)["text/html"].includes("<svg"), false);
});
