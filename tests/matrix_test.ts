import fc from "./_fast_check.ts";
import { assert, assertEquals, assertStrictEquals, assertThrows } from "./_assert.ts";
import { Matrix } from "../lib/mod.ts";

const nested = fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 })).chain((
  [r, c],
) =>
  fc.array(fc.array(fc.double({ noNaN: true }), { minLength: c, maxLength: c }), {
    minLength: r,
    maxLength: r,
  })
);

Deno.test("Matrix construction", async (t) => {
  await t.step("the constructor wraps data without copying and allocates zeros without it", () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const M = new Matrix(2, 3, data);
    data[5] = 60;
    assertStrictEquals(M.get(1, 2), 60);
    assertEquals([...new Matrix(2, 2).data], [0, 0, 0, 0]);
  });

  await t.step("the constructor rejects bad sizes and data, stating them", () => {
    assertThrows(() => new Matrix(2, 2, new Float64Array(3)), /Matrix 2×2 needs 4 entries, got 3/);
    assertThrows(() => new Matrix(-1, 2), /Matrix rows must be an integer ≥ 0, got -1/);
    assertThrows(() => new Matrix(2, 1.5), /Matrix cols must be an integer ≥ 0, got 1.5/);
    assertThrows(
      () => new Matrix(1, 2, [1, 2] as unknown as Float64Array),
      /must be a Float64Array, got a plain Array \(length 2\)/,
    );
  });

  await t.step("from copies rows into row-major storage", () => {
    const rows = [[1, 2, 3], [4, 5, 6]];
    const M = Matrix.from(rows);
    rows[0][0] = 100;
    assertEquals([...M.data], [1, 2, 3, 4, 5, 6]);
    assertStrictEquals(M.shape, "2×3");
    assertStrictEquals(M.size, 6);
    assertStrictEquals(Matrix.from([]).shape, "0×0");
  });

  await t.step("from rejects ragged rows, non-arrays and non-numbers, naming the place", () => {
    assertThrows(
      () => Matrix.from([[1, 2], [3]]),
      /ragged rows, row 0 has 2 entries but row 1 has 1/,
    );
    assertThrows(() => Matrix.from([[1], [2, 3]]), RangeError);
    assertThrows(
      () => Matrix.from([1, 2] as unknown as number[][]),
      /row 0 is 1, not an array/,
    );
    assertThrows(() => Matrix.from([[1], 2] as unknown as number[][]), /row 1 is 2, not an array/);
    assertThrows(
      () => Matrix.from([[1, "2"]] as unknown as number[][]),
      /entry \(0, 1\) is "2" \(a string\), not a number/,
    );
    assertThrows(() => Matrix.from("ab" as unknown as number[][]), TypeError);
  });

  await t.step("zeros, full, identity, column and fromColumns build what they say", () => {
    assertEquals(Matrix.zeros(2, 1).toArray(), [[0], [0]]);
    assertEquals(Matrix.full(2, 2, -3).toArray(), [[-3, -3], [-3, -3]]);
    assertEquals(Matrix.identity(3).toArray(), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    assertEquals(Matrix.column([4, 5]).toArray(), [[4], [5]]);
    assertEquals(Matrix.fromColumns([[1, 2, 3], [4, 5, 6]]).toArray(), [[1, 4], [2, 5], [3, 6]]);
    assertThrows(
      () => Matrix.fromColumns([[1, 2], [3]]),
      /column 0 has 2 entries but column 1 has 1/,
    );
  });

  await t.step("column and fromColumns reject non-numbers instead of storing NaN", () => {
    assertThrows(() => Matrix.column(["a"] as unknown as number[]), /entry 0 is "a" \(a string\)/);
    assertThrows(
      () => Matrix.fromColumns([[1, null]] as unknown as number[][]),
      /entry 1 of column 0 is null, not a number/,
    );
    assertThrows(
      () => Matrix.fromColumns(5 as unknown as number[][]),
      /columns must be an array or typed array, got 5/,
    );
    assertThrows(() => Matrix.fromColumns([[1], 2] as unknown as number[][]), /column 1 must be/);
    assertEquals(Matrix.column(new Float64Array([1, 2])).toArray(), [[1], [2]]);
  });
});

Deno.test("Matrix access", async (t) => {
  const M = Matrix.from([[1, 2, 3], [4, 5, 6]]);

  await t.step("get and set address entry (i, j) at data[i·cols + j]", () => {
    const A = M.clone();
    A.set(1, 2, -6);
    assertStrictEquals(A.data[5], -6);
    assertStrictEquals(A.get(0, 1), 2);
    assertStrictEquals(M.get(1, 2), 6); // the clone is independent
  });

  await t.step("out-of-range and non-integer indices are RangeErrors naming the shape", () => {
    assertThrows(() => M.get(2, 0), /Cannot access entry \(2, 0\) of a 2×3 matrix/);
    assertThrows(() => M.get(0, -1), RangeError);
    assertThrows(() => M.set(0.5, 0, 1), RangeError);
    assertThrows(() => M.column(3), /column 3 of a 2×3/);
    assertThrows(() => M.row(2), /row 2 of a 2×3/);
  });

  await t.step("column and row return copies", () => {
    const c = M.column(1);
    const r = M.row(1);
    assertEquals([...c], [2, 5]);
    assertEquals([...r], [4, 5, 6]);
    c[0] = 99;
    r[0] = 99;
    assertStrictEquals(M.get(0, 1), 2);
    assertStrictEquals(M.get(1, 0), 4);
  });

  await t.step("map passes the entry, its row and its column", () => {
    const expected = [[100, 201, 302], [410, 511, 612]];
    assertEquals(M.map((v, i, j) => v * 100 + i * 10 + j).toArray(), expected);
  });

  await t.step("toString shows the shape and abbreviates large matrices", () => {
    assertStrictEquals(Matrix.from([[1, 0.5]]).toString(), "Matrix 1×2\n[   1  0.5 ]");
    const big = Matrix.zeros(20, 20).toString();
    assert(big.includes("…") && big.includes("8 more rows"), big);
  });
});

Deno.test("property: from/toArray round-trip and transposing twice is the identity", () => {
  fc.assert(
    fc.property(nested, (rows) => {
      const M = Matrix.from(rows);
      assertEquals(M.toArray(), rows);
      assertEquals(M.transpose().transpose().toArray(), rows);
      const T = M.transpose();
      for (let i = 0; i < M.rows; i++) {
        for (let j = 0; j < M.cols; j++) assertStrictEquals(T.get(j, i), M.get(i, j));
      }
      assertEquals(Matrix.fromColumns(rows).toArray(), T.toArray());
    }),
  );
});
