import fc from "./_fast_check.ts";
import { assert, assertAllClose, assertStrictEquals, assertThrows, relError } from "./_assert.ts";
import { entryRelError, Matrix } from "../lib/mod.ts";

Deno.test("assertAllClose", async (t) => {
  await t.step(
    "accepts |actual − expected| ≤ atol + rtol·|expected| and rejects just beyond",
    () => {
      assertAllClose(1 + 1e-8, 1); // default rtol 1e-7
      assertThrows(() => assertAllClose(1 + 1e-6, 1), /1 of 1 entries differ/);
      assertAllClose([100, 0], [101, 0.5], { rtol: 0.01, atol: 0.5 });
      assertThrows(
        () => assertAllClose([100, 0], [101, 0.51], { rtol: 0.01, atol: 0.5 }),
        /entry 1/,
      );
    },
  );

  await t.step(
    "measures the tolerance against expected, as NumPy does (it is not symmetric)",
    () => {
      assertAllClose(1.5, 1, { rtol: 0.5 });
      assertThrows(() => assertAllClose(1, 1.5, { rtol: 0.3 }), /actual 1, expected 1.5/);
    },
  );

  await t.step("names the worst entry of a Matrix by row and column, with the msg prefix", () => {
    const expected = Matrix.from([[1, 2], [3, 4]]);
    const actual = Matrix.from([[1, 2.1], [3, 5]]);
    assertThrows(
      () => assertAllClose(actual, expected, { rtol: 0.01, msg: "dW" }),
      /^AssertionError.*dW: 2 of 4 entries differ.*worst at entry \(1, 1\): actual 5, expected 4/,
    );
  });

  await t.step("fails on NaN unless equalNan, and compares infinities by sign", () => {
    assertThrows(() => assertAllClose([NaN], [NaN]), /differ/);
    assertThrows(() => assertAllClose([1], [NaN]), /differ/);
    assertAllClose([NaN], [NaN], { equalNan: true });
    assertAllClose([Infinity, -Infinity], [Infinity, -Infinity]);
    assertThrows(() => assertAllClose([Infinity], [-Infinity]), /differ/);
    assertThrows(() => assertAllClose([Infinity], [1e308]), /differ/);
    assertThrows(() => assertAllClose(1, Infinity), /actual 1, expected Infinity/); // rtol·∞ = ∞
  });

  await t.step("rejects a negative or non-finite tolerance instead of failing obscurely", () => {
    assertThrows(() => assertAllClose(1, 1, { rtol: NaN }), /rtol must be a finite number ≥ 0/);
    assertThrows(() => assertAllClose(1, 1, { atol: -1 }), /atol must be .* got -1/);
  });

  await t.step("rejects different shapes, naming both", () => {
    assertThrows(
      () => assertAllClose(Matrix.zeros(2, 3), Matrix.zeros(3, 2)),
      /actual is a 2×3 matrix, expected is a 3×2 matrix/,
    );
    assertThrows(() => assertAllClose([1, 2], 1), /a vector of length 2.*a scalar/);
    assertThrows(() => assertAllClose(Matrix.zeros(1, 2), [0, 0]), /shapes differ/);
  });
});

Deno.test("relError", async (t) => {
  await t.step("is the max over entries of |a − b| / max(1e-8, |a| + |b|)", () => {
    assertStrictEquals(relError([1, 2, 3], [1, 2, 3]), 0);
    assertStrictEquals(relError(1, 3), 0.5);
    assertStrictEquals(relError([1, -1], [1, 1]), 1);
    assertAllClose(relError([0], [1e-12]), 1e-4, { rtol: 1e-12 });
    assertAllClose(relError([2, 10], [2, 11]), 1 / 21, { rtol: 1e-15 });
    assertStrictEquals(entryRelError(1, 3), 0.5);
  });

  await t.step("reports NaN as Infinity instead of hiding it", () => {
    assertStrictEquals(relError([0, NaN], [0, 1]), Infinity);
    assertStrictEquals(entryRelError(NaN, NaN), Infinity);
  });

  await t.step("an infinity against another value is Infinity, not ∞/∞ = NaN", () => {
    assertStrictEquals(relError([Infinity], [1]), Infinity);
    assertStrictEquals(relError([1, Infinity], [1, -Infinity]), Infinity);
    assertStrictEquals(relError([-Infinity], [-Infinity]), 0);
  });

  await t.step("rejects different shapes and non-numeric input", () => {
    assertThrows(
      () => relError(Matrix.zeros(1, 2), Matrix.zeros(2, 1)),
      /shapes a 1×2 matrix and a 2×1 matrix differ/,
    );
    assertThrows(() => relError(null as unknown as number, 1), TypeError);
  });

  await t.step("property: symmetric, in [0, 1], and 0 exactly for equal inputs", () => {
    const v = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(v, v, (a, b) => {
        const n = Math.min(a.length, b.length);
        const x = a.slice(0, n);
        const y = b.slice(0, n);
        const e = relError(x, y);
        assertStrictEquals(e, relError(y, x));
        assert(e >= 0 && e <= 1, `relError ${e}`);
        assertStrictEquals(relError(x, x), 0);
      }),
    );
  });
});
