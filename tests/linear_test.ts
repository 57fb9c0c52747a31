import fc from "./_fast_check.ts";
import { assertAllClose, assertThrows } from "./_assert.ts";
import { assertAbsErrorBelow, assertRelErrorBelow, fdAtol, numericalBackward } from "./_check.ts";
import {
  linearBackward,
  linearForward,
  linearLayer,
  matmul,
  Matrix,
  reluLayer,
  Rng,
} from "../lib/mod.ts";

Deno.test("linearForward (E2–E3)", async (t) => {
  await t.step("computes W x_j + b for every column x_j", () => {
    const rng = new Rng(31);
    const W = rng.normalMatrix(3, 4);
    const b = rng.normalMatrix(3, 1);
    const X = rng.normalMatrix(4, 5);
    const { out } = linearForward({ W, b }, X);
    for (let j = 0; j < 5; j++) {
      const x = X.column(j);
      for (let i = 0; i < 3; i++) {
        let s = b.get(i, 0);
        for (let t = 0; t < 4; t++) s += W.get(i, t) * x[t];
        assertAllClose(out.get(i, j), s, { rtol: 1e-13, atol: 1e-15 });
      }
    }
  });

  await t.step("rejects shapes that do not fit, naming both", () => {
    const W = Matrix.zeros(2, 3);
    const b = Matrix.zeros(2, 1);
    assertThrows(() => linearForward({ W, b }, Matrix.zeros(4, 5)), /Cannot multiply 2×3 by 4×5/);
    assertThrows(
      () => linearForward({ W, b: Matrix.zeros(3, 1) }, Matrix.zeros(3, 5)),
      /bias b is 3×1 but W is 2×3/,
    );
    assertThrows(() => linearForward({ W, b: Matrix.zeros(2, 2) }, Matrix.zeros(3, 5)), /b is 2×2/);
    assertThrows(() => linearForward({ W, b }, Matrix.from([[0], [NaN], [0]])), /entry 1 is NaN/);
  });

  await t.step(
    "reports an infinite or NaN weight whether the input is dense or mostly zeros",
    () => {
      // Entry 5 of W's first row meets only zeros in the sparse input: skipping those zeros
      // would hide it (∞ · 0 is NaN, not 0), so both inputs must lead to the same report.
      const sparse = Matrix.zeros(8, 6);
      sparse.set(0, 2, 1);
      const dense = Matrix.full(8, 6, 0.5);
      for (const bad of [Infinity, -Infinity, NaN]) {
        const W = Matrix.full(3, 8, 0.25);
        W.set(0, 5, bad);
        const b = Matrix.zeros(3, 1);
        for (const X of [dense, sparse]) {
          assertThrows(() => linearForward({ W, b }, X), new RegExp(`W 3×8: entry 5 is ${bad}`));
        }
      }
    },
  );
});

Deno.test("linearBackward", async (t) => {
  const rng = new Rng(32);
  const W = rng.normalMatrix(3, 4);
  const b = rng.normalMatrix(3, 1);
  const X = rng.normalMatrix(4, 5);
  const dOut = rng.normalMatrix(3, 5);
  const { cache } = linearForward({ W, b }, X);
  const { dX, dW, db } = linearBackward(dOut, cache);

  await t.step("dX = Wᵀ dOut matches finite differences with relError < 1e-7", () => {
    const numerical = numericalBackward((V) => linearForward({ W, b }, V).out, X, dOut);
    assertRelErrorBelow("linearBackward dX vs numerical", dX, numerical);
  });

  await t.step("dW = dOut Xᵀ matches finite differences with relError < 1e-7", () => {
    const numerical = numericalBackward((V) => linearForward({ W: V, b }, X).out, W, dOut);
    assertRelErrorBelow("linearBackward dW vs numerical", dW, numerical);
  });

  await t.step("db = dOut 1 matches finite differences with relError < 1e-7", () => {
    const numerical = numericalBackward((V) => linearForward({ W, b: V }, X).out, b, dOut);
    assertRelErrorBelow("linearBackward db vs numerical", db, numerical);
  });

  await t.step("gives the shapes of X, W and b", () => {
    assertAllClose([dX.rows, dX.cols, dW.rows, dW.cols, db.rows, db.cols], [4, 5, 3, 4, 3, 1]);
  });

  await t.step("rejects an upstream gradient of the wrong shape, naming both shapes", () => {
    assertThrows(() => linearBackward(Matrix.zeros(5, 3), cache), /dOut is 5×3 but out was 3×5/);
  });
});

Deno.test("property: linear backward agrees with finite differences for shapes 1–8", () => {
  const dims = fc.tuple(
    fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 0, max: 2 ** 31 }),
  );
  fc.assert(
    fc.property(dims, ([k, n, m, seed]) => {
      const rng = new Rng(seed);
      const W = rng.uniformMatrix(k, n, -2, 2);
      const b = rng.uniformMatrix(k, 1, -2, 2);
      const X = rng.uniformMatrix(n, m, -2, 2);
      const dOut = rng.uniformMatrix(k, m, -1, 1);
      const { dX, dW, db } = linearBackward(dOut, linearForward({ W, b }, X).cache);
      // L = Σ out ∘ dOut is linear in each argument, so the only error is rounding: about
      // ε·(Σ |W||X| + |b|)/h, with sums of size at most n·4 + 2 per entry, m·k entries ≤ 1.
      const atol = fdAtol(k * m * (4 * n + 2));
      const name = "linearBackward vs numerical, random shapes";
      assertAbsErrorBelow(
        `${name} dX`,
        dX,
        numericalBackward((V) => linearForward({ W, b }, V).out, X, dOut),
        atol,
      );
      assertAbsErrorBelow(
        `${name} dW`,
        dW,
        numericalBackward((V) => linearForward({ W: V, b }, X).out, W, dOut),
        atol,
      );
      assertAbsErrorBelow(
        `${name} db`,
        db,
        numericalBackward((V) => linearForward({ W, b: V }, X).out, b, dOut),
        atol,
      );
      assertAllClose(dX, matmul(W.transpose(), dOut), { rtol: 1e-12, atol: 1e-14 });
    }),
  );
});

Deno.test("a workspace buffer that shares memory with an input is refused, by any view of it", () => {
  const rng = new Rng(33);
  const W = rng.normalMatrix(4, 4);
  const b = rng.normalMatrix(4, 1);
  const X = rng.normalMatrix(4, 3);
  // Not the same object: a new Matrix over the same bytes, which gemm would read while writing.
  const alias = new Matrix(4, 3, new Float64Array(X.data.buffer));
  assertThrows(
    () => linearForward({ W, b }, X, { workspace: { out: alias } }),
    /linearForward: the output buffer shares memory with X/,
  );
  // A view of part of W's bytes, overlapping them.
  const pool = new Float64Array(40);
  const W2 = new Matrix(4, 4, pool.subarray(0, 16));
  const overlapping = new Matrix(4, 3, pool.subarray(10, 22));
  assertThrows(
    () => linearForward({ W: W2, b }, X, { workspace: { out: overlapping } }),
    /shares memory with W/,
  );
  // Disjoint views of one buffer are fine.
  const apart = new Matrix(4, 3, pool.subarray(16, 28));
  const { out, cache } = linearForward({ W: W2, b }, X, { workspace: { out: apart } });
  assertAllClose(out, linearForward({ W: W2, b }, X).out, { rtol: 0 });
  const dOut = rng.normalMatrix(4, 3);
  assertThrows(
    () => linearBackward(dOut, cache, { workspace: { dX: new Matrix(4, 3, dOut.data) } }),
    /linearBackward: the output buffer shares memory with dOut/,
  );
  assertThrows(
    () => linearBackward(dOut, cache, { workspace: { dW: new Matrix(4, 4, W2.data) } }),
    /\(dW\): the output buffer shares memory with W/,
  );
});

Deno.test("a layer reusing buffers accepts its own last output as its next input", () => {
  const rng = new Rng(34);
  const layer = linearLayer(3, 3, { rng });
  const X = rng.normalMatrix(3, 2);
  const once = layer.forward(X, { reuseBuffers: true }).out;
  const expected = layer.forward(layer.forward(X).out).out; // no buffers
  const twice = layer.forward(once, { reuseBuffers: true }).out; // reads `once`, writes elsewhere
  assertAllClose(twice, expected, { rtol: 0 });
  const relu = reluLayer();
  const r1 = relu.forward(X, { reuseBuffers: true }).out;
  assertAllClose(relu.forward(r1, { reuseBuffers: true }).out, r1, { rtol: 0 });
});
