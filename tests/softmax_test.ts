import fc from "./_fast_check.ts";
import {
  assert,
  assertAllClose,
  assertEquals,
  assertStrictEquals,
  assertThrows,
  relError,
} from "./_assert.ts";
import {
  assertAbsErrorBelow,
  assertRelErrorBelow,
  fdAtol,
  matrixOf,
  numericalBackward,
} from "./_check.ts";
import {
  matmul,
  Matrix,
  numericalJacobian,
  Rng,
  softmax,
  softmaxBackward,
  softmaxJacobian,
  softmaxJacobianProduct,
} from "../lib/mod.ts";

/** Logits for property tests: typical values, the whole ±1000 range, and exact ties at ±1000. */
const logit = fc.oneof(
  fc.double({ min: -3, max: 3, noNaN: true }),
  fc.double({ min: -1000, max: 1000, noNaN: true }),
  fc.constantFrom(-1000, 1000, 0),
);

/** The softmax of one column vector, as a vector. */
function softmaxVector(x: Float64Array): Float64Array {
  return softmax(new Matrix(x.length, 1, x)).data;
}

Deno.test("softmax (E6)", async (t) => {
  await t.step("equals e^x / Σ e^x column by column where that does not overflow", () => {
    const X = Matrix.from([[1, -2, 0.5], [2, 0, 0.5], [3, 1, 0.5]]);
    const Y = softmax(X);
    for (let j = 0; j < X.cols; j++) {
      const e = X.column(j).map(Math.exp);
      const s = e.reduce((a, b) => a + b, 0);
      assertAllClose(Y.column(j), e.map((v) => v / s), { rtol: 1e-15 });
    }
  });

  await t.step("is unchanged when a constant is added to a column", () => {
    const X = new Rng(1).normalMatrix(5, 4);
    const shifted = X.map((v, _i, j) => v + 997 * (j - 1.5));
    assertAllClose(softmax(shifted), softmax(X), { rtol: 1e-12 });
  });

  await t.step("gives exact one-hot and uniform columns for logits of ±1000", () => {
    const Y = softmax(Matrix.from([[1000, 1000, -1000], [-1000, 1000, -1000]]));
    assertAllClose(Y, Matrix.from([[1, 0.5, 0.5], [0, 0.5, 0.5]]), { rtol: 0 });
  });

  await t.step(
    "property: columns are finite probabilities summing to 1 (logits up to ±1000)",
    () => {
      fc.assert(
        fc.property(matrixOf(logit), (X) => {
          const Y = softmax(X);
          assertStrictEquals(Y.shape, X.shape);
          for (const v of Y.data) assert(Number.isFinite(v) && v >= 0 && v <= 1, `entry ${v}`);
          for (let j = 0; j < Y.cols; j++) {
            const sum = Y.column(j).reduce((a, b) => a + b, 0);
            assert(Math.abs(sum - 1) <= 1e-14, `column ${j} sums to ${sum}`);
          }
        }),
      );
    },
  );

  await t.step("rejects a non-finite logit instead of returning NaN", () => {
    assertThrows(() => softmax(Matrix.from([[1], [NaN]])), /entry 1 is NaN/);
    assertThrows(() => softmax(Matrix.from([[Infinity], [0]])), RangeError);
    assertThrows(
      () => softmax([[1], [2]] as unknown as Matrix),
      /X must be a Matrix, got a plain Array \(length 2\)/,
    );
  });

  await t.step("maps an empty batch or zero classes to an empty matrix, not NaN", () => {
    assertStrictEquals(softmax(Matrix.zeros(0, 3)).shape, "0×3");
    assertStrictEquals(softmax(Matrix.zeros(3, 0)).shape, "3×0");
  });
});

Deno.test("softmaxJacobian (E7–E9)", async (t) => {
  await t.step(
    "matches E7's piecewise partials computed from the exponentials, entry by entry",
    () => {
      const rng = new Rng(2);
      for (let trial = 0; trial < 20; trial++) {
        const k = 1 + rng.int(8);
        const x = Float64Array.from({ length: k }, () => rng.normal(0, 2));
        const J = softmaxJacobian(softmaxVector(x));
        const e = x.map(Math.exp);
        const S = e.reduce((a, b) => a + b, 0);
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < k; j++) {
            const expected = i === j
              ? (e[i] / S) * (1 - e[i] / S) // E7, i = j
              : -(e[i] * e[j]) / (S * S); // E7, i ≠ j
            assertAllClose(J.get(i, j), expected, {
              rtol: 1e-12,
              atol: 1e-17,
              msg: `∂f_${i}/∂x_${j} at k = ${k}`,
            });
          }
        }
      }
    },
  );

  await t.step("is exactly symmetric (E8), and so is the numerical Jacobian up to 1e-10", () => {
    const x = Float64Array.from([0.3, -1.2, 2.0, 0.0, 0.7]);
    const J = softmaxJacobian(softmaxVector(x));
    assertAllClose(J, J.transpose(), { rtol: 0 });
    const Jn = numericalJacobian(softmaxVector, x);
    assertAllClose(Jn, Jn.transpose(), { rtol: 0, atol: 1e-10 });
  });

  await t.step("matches numericalJacobian at N(0, 1) logits with relError < 1e-7", () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 50; trial++) {
      const x = Float64Array.from({ length: 1 + rng.int(8) }, () => rng.normal());
      const Jn = numericalJacobian(softmaxVector, x);
      assertRelErrorBelow(
        "softmaxJacobian vs numericalJacobian, N(0,1)",
        softmaxJacobian(softmaxVector(x)),
        Jn,
      );
    }
  });

  await t.step(
    "rows and columns sum to 0 (softmax ignores shifts, its outputs keep summing to 1)",
    () => {
      const J = softmaxJacobian(softmaxVector(Float64Array.from([1, 2, 3, 4])));
      for (let i = 0; i < 4; i++) {
        assertAllClose(J.row(i).reduce((a, b) => a + b, 0), 0, { atol: 1e-16 });
      }
    },
  );
});

Deno.test("softmaxJacobian's diagonal is y(1 − y), exact to rounding even at y = 0.99999999", () => {
  const y = Float64Array.from([0.99999999, 1 - 0.99999999]);
  const J = softmaxJacobian(y);
  // 1 − y is exact here (Sterbenz), so y · (1 − y) is the correctly rounded value...
  assertStrictEquals(J.get(0, 0), y[0] * (1 - y[0]));
  // ...while y − y·y keeps only the digits that survive a cancellation of 8 of them.
  assert(relError(y[0] - y[0] * y[0], y[0] * (1 - y[0])) > 1e-10, "the old form loses digits");
  assertStrictEquals(J.get(1, 1), y[1] * (1 - y[1]));
  assertStrictEquals(J.get(0, 1), -y[0] * y[1]);
});

Deno.test("the softmax derivatives reject scores passed where softmax(x) belongs", () => {
  const scores = Float64Array.from([2, -1, 0.5]);
  assertThrows(() => softmaxJacobian(scores), /entry \(0, 0\) is 2, not a probability/);
  assertThrows(
    () => softmaxJacobian(Float64Array.from([0.5, 0.6])),
    /column 0 sums to 1.1, not 1/,
  );
  assertThrows(
    () => softmaxJacobianProduct(Float64Array.from([0.2, 0.2]), Float64Array.from([1, 1])),
    /sums to 0.4/,
  );
  assertThrows(
    () => softmaxBackward(Matrix.from([[3, 0.5], [-2, 0.5]]), Matrix.zeros(2, 2)),
    /softmaxBackward Y: entry \(0, 0\) is 3/,
  );
  assertThrows(
    () => softmaxBackward(Matrix.from([[0.5], [0.5]]), Matrix.from([[NaN], [0]])),
    /dY: entry 0 is NaN/,
  );
  assertThrows(
    () => softmaxJacobian(5 as unknown as Float64Array),
    /y must be a Float64Array, got 5/,
  );
});

Deno.test("softmaxJacobianProduct (E10)", async (t) => {
  await t.step("equals the full Jacobian times z", () => {
    const rng = new Rng(4);
    for (let trial = 0; trial < 20; trial++) {
      const k = 1 + rng.int(8);
      const y = softmaxVector(Float64Array.from({ length: k }, () => rng.normal(0, 3)));
      const z = Float64Array.from({ length: k }, () => rng.normal());
      const Jz = matmul(softmaxJacobian(y), Matrix.column(z));
      assertAllClose(softmaxJacobianProduct(y, z), Jz.data, { rtol: 1e-12, atol: 1e-16 });
    }
  });

  await t.step("matches numericalJacobian times z with relError < 1e-7", () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < 50; trial++) {
      const k = 1 + rng.int(8);
      const x = Float64Array.from({ length: k }, () => rng.normal());
      const z = Float64Array.from({ length: k }, () => rng.normal());
      const numerical = matmul(numericalJacobian(softmaxVector, x), Matrix.column(z)).data;
      assertRelErrorBelow(
        "softmaxJacobianProduct vs numericalJacobian·z, N(0,1)",
        softmaxJacobianProduct(softmaxVector(x), z),
        numerical,
      );
    }
  });

  await t.step("rejects vectors of different lengths", () => {
    assertThrows(
      () => softmaxJacobianProduct(new Float64Array(3), new Float64Array(2)),
      /lengths 3 and 2 differ/,
    );
  });

  await t.step("no intermediate overflows when the result is finite (z near ±1e308)", () => {
    const y = Float64Array.from([0.9, 0.1]);
    const z = Float64Array.from([-1e308, 1e308]);
    // yᵀz = −0.8e308, so z − yᵀz reaches 1.8e308 > Number.MAX_VALUE, yet y ∘ (z − yᵀz) is
    // (−1.8e307, 1.8e307).
    assert(
      !Number.isFinite(z[1] - (y[0] * z[0] + y[1] * z[1])),
      "the naive intermediate overflows",
    );
    assertAllClose(softmaxJacobianProduct(y, z), [-1.8e307, 1.8e307], { rtol: 1e-15 });
    const dX = softmaxBackward(
      Matrix.from([[0.9, 0.5], [0.1, 0.5]]),
      Matrix.from([[-1e308, 1], [1e308, 3]]),
    );
    assertAllClose(dX, Matrix.from([[-1.8e307, -0.5], [1.8e307, 0.5]]), { rtol: 1e-15 });
    // |y_i (z_i − yᵀz)| ≤ y_i (1 − y_i) · 2 max|z| ≤ max|z| / 2: with finite z it is always finite.
    const widest = Float64Array.from([-Number.MAX_VALUE, Number.MAX_VALUE, 0]);
    const p = Float64Array.from([0.25, 0.5, 0.25]);
    assert(softmaxJacobianProduct(p, widest).every(Number.isFinite));
  });

  await t.step("ordinary z are computed by the formula as written, to the last bit", () => {
    const rng = new Rng(44);
    for (let trial = 0; trial < 50; trial++) {
      const k = 1 + rng.int(6);
      const y = softmaxVector(Float64Array.from({ length: k }, () => rng.normal(0, 2)));
      const z = Float64Array.from({ length: k }, () => rng.normal(0, 1e100));
      let yz = 0;
      for (let i = 0; i < k; i++) yz += y[i] * z[i];
      assertEquals([...softmaxJacobianProduct(y, z)], [...y].map((yi, i) => yi * (z[i] - yz)));
    }
  });
});

Deno.test("softmaxBackward (E11–E12)", async (t) => {
  await t.step("column j equals softmaxJacobianProduct at column j of Y and dY", () => {
    const rng = new Rng(6);
    const Y = softmax(rng.normalMatrix(6, 5, 2));
    const dY = rng.normalMatrix(6, 5);
    const dX = softmaxBackward(Y, dY);
    for (let j = 0; j < 5; j++) {
      assertAllClose(dX.column(j), softmaxJacobianProduct(Y.column(j), dY.column(j)), {
        rtol: 1e-14,
        atol: 1e-17,
      });
    }
  });

  await t.step("matches finite differences of Σ softmax(X) ∘ dY with relError < 1e-7", () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 20; trial++) {
      const X = rng.normalMatrix(1 + rng.int(8), 1 + rng.int(8));
      const dY = rng.normalMatrix(X.rows, X.cols);
      assertRelErrorBelow(
        "softmaxBackward vs numerical, N(0,1)",
        softmaxBackward(softmax(X), dY),
        numericalBackward(softmax, X, dY),
      );
    }
  });

  await t.step("slip X2: multiplying by the column of Y, as the note's text says, is wrong", () => {
    const rng = new Rng(8);
    const X = rng.normalMatrix(4, 3);
    const Y = softmax(X);
    const dY = rng.normalMatrix(4, 3);
    const numerical = numericalBackward(softmax, X, dY);
    const asWritten = Matrix.fromColumns(
      [0, 1, 2].map((j) => softmaxJacobianProduct(Y.column(j), Y.column(j))),
    );
    assert(relError(asWritten, numerical) > 0.1, "the text's version should disagree");
    assertAllClose(softmaxBackward(Y, dY), numerical, { rtol: 1e-6, atol: 1e-10 });
  });

  await t.step("rejects mismatched shapes, naming both", () => {
    assertThrows(
      () => softmaxBackward(Matrix.zeros(3, 2), Matrix.zeros(2, 3)),
      /shapes 3×2 and 2×3 differ/,
    );
  });
});

Deno.test("property: the three softmax derivatives agree with finite differences (logits up to ±1000)", () => {
  const upstream = fc.double({ min: -1, max: 1, noNaN: true });
  fc.assert(
    fc.property(matrixOf(logit), fc.array(upstream, { minLength: 64, maxLength: 64 }), (X, u) => {
      const { rows: k, cols: m } = X;
      const dY = new Matrix(k, m, Float64Array.from(u.slice(0, k * m)));
      const Y = softmax(X);
      // Softmax outputs are at most 1, so each finite difference is of numbers ≤ 1: fdAtol(1).
      for (let j = 0; j < m; j++) {
        const Jn = numericalJacobian(softmaxVector, X.column(j));
        assertAbsErrorBelow(
          "softmaxJacobian vs numericalJacobian, ±1000",
          softmaxJacobian(Y.column(j)),
          Jn,
          fdAtol(1),
        );
        const Jnz = matmul(Jn, Matrix.column(dY.column(j))).data;
        assertAbsErrorBelow(
          "softmaxJacobianProduct vs numericalJacobian·z, ±1000",
          softmaxJacobianProduct(Y.column(j), dY.column(j)),
          Jnz,
          fdAtol(k),
        );
      }
      // Σ softmax(X) ∘ dY is at most m in size (each column contributes at most max |dY| ≤ 1).
      assertAbsErrorBelow(
        "softmaxBackward vs numerical, ±1000",
        softmaxBackward(Y, dY),
        numericalBackward(softmax, X, dY),
        fdAtol(m),
      );
    }),
  );
});
