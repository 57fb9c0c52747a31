import fc from "./_fast_check.ts";
import { assertAllClose, assertThrows } from "./_assert.ts";
import {
  checkActivationOut,
  checkBackwardProperty,
  checkBackwardRelError,
  numericalBackward,
} from "./_check.ts";
import { Matrix, reluBackward, reluForward, Rng, useKernels } from "../lib/mod.ts";

const relu = (X: Matrix): Matrix => reluForward(X).out;
const layer = { forward: reluForward, backward: reluBackward };

/**
 * Entries at least 0.1 away from ReLU's kink: h = 1e-5 never crosses 0, so on each side the
 * function is linear and the central difference is exact up to rounding.
 */
function awayFromKink(rng: Rng, rows: number, cols: number): Matrix {
  return rng.uniformMatrix(rows, cols).map(() => (rng.int(2) ? 1 : -1) * (0.1 + rng.uniform(0, 3)));
}

Deno.test("reluForward", async (t) => {
  await t.step("is max(0, x) entry by entry", () => {
    assertAllClose(
      relu(Matrix.from([[-2, 0, 3], [1e-300, -1e-300, 7]])),
      Matrix.from([[0, 0, 3], [1e-300, 0, 7]]),
      {
        rtol: 0,
      },
    );
  });

  await t.step("rejects non-finite input", () => {
    assertThrows(() => reluForward(Matrix.from([[NaN]])), /entry 0 is NaN/);
  });
});

Deno.test("reluBackward", async (t) => {
  await t.step("matches finite differences away from 0 with relError < 1e-7", () => {
    const sample = (rng: Rng) => awayFromKink(rng, 1 + rng.int(8), 1 + rng.int(8));
    checkBackwardRelError("reluBackward vs numerical, |x| ≥ 0.1", layer, sample, 41);
  });

  await t.step("uses the subgradient 0 at x = 0, where central differences average to 1/2", () => {
    const X = Matrix.from([[0, 0]]);
    const dOut = Matrix.from([[2, -4]]);
    assertAllClose(reluBackward(dOut, reluForward(X).cache), Matrix.from([[0, 0]]), { rtol: 0 });
    // (relu(h) − relu(−h)) / 2h = 1/2: finite differences cannot check a kink, hence |x| ≥ 0.1 above.
    assertAllClose(numericalBackward(relu, X, dOut), Matrix.from([[1, -2]]), { rtol: 1e-10 });
  });

  await t.step("property: agrees with finite differences for shapes 1–8 and |x| up to 1000", () => {
    const entry = fc.oneof(
      fc.double({ min: 0.01, max: 1000, noNaN: true }),
      fc.double({ min: -1000, max: -0.01, noNaN: true }),
    );
    checkBackwardProperty("reluBackward vs numerical, |x| in [0.01, 1000]", layer, entry, 1000);
  });

  await t.step("rejects an upstream gradient of another shape, naming both", () => {
    const { cache } = reluForward(Matrix.zeros(2, 3));
    assertThrows(() => reluBackward(Matrix.zeros(3, 2), cache), /shapes 3×2 and 2×3 differ/);
  });
});

Deno.test("reluForward and reluBackward write into a given out, the same values as fresh results", () => {
  checkActivationOut(layer, 31);
});

Deno.test("the WebAssembly ReLU loops give the readable loops' bits, signed zeros included", () => {
  const special = [0, -0, 1e-320, -1e-320, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE];
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 0, max: 1e6 }),
      (rows, cols, seed) => {
        const rng = new Rng(seed);
        const pick = () => rng.uniform() < 0.3 ? special[rng.int(special.length)] : rng.normal();
        const X = new Matrix(rows, cols).map(pick);
        const dOut = new Matrix(rows, cols).map(pick);
        const fast = reluForward(X).out;
        const dFast = reluBackward(dOut, reluForward(X).cache);
        const previous = useKernels("reference");
        try {
          assertSameBits(fast, reluForward(X).out, "forward");
          assertSameBits(dFast, reluBackward(dOut, reluForward(X).cache), "backward");
        } finally {
          useKernels(previous);
        }
      },
    ),
    { numRuns: 200 },
  );
});

/** Throws unless A and B hold the same bits (−0 ≠ 0). */
function assertSameBits(A: Matrix, B: Matrix, context: string): void {
  for (let i = 0; i < A.data.length; i++) {
    if (!Object.is(A.data[i], B.data[i])) {
      throw new Error(
        `${context}: entry ${i} is ${A.data[i]}, the readable loop gives ${B.data[i]}`,
      );
    }
  }
}
