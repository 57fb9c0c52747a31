// How a Matrix shows itself in Jupyter (lib/_matrix_display.ts through Matrix's display method).

import fc from "./_fast_check.ts";
import { Matrix, Rng } from "../lib/mod.ts";
import { assert, assertEquals, assertStrictEquals } from "./_assert.ts";

type Bundle = { "text/plain": string; "text/html": string; "text/latex"?: string };
const show = (M: Matrix): Bundle =>
  (M as unknown as Record<symbol, () => Bundle>)[Symbol.for("Jupyter.display")]();

Deno.test("a small matrix is typeset entry by entry", async (t) => {
  const M = Matrix.from([[1, -0.5], [1e-9, 12345.678]]);
  const bundle = show(M);
  await t.step("as LaTeX, rows separated by \\\\ and entries by &", () => {
    assertStrictEquals(
      bundle["text/latex"],
      "$$\\left[\\begin{array}{rr} 1 & -0.5 \\\\ 1 \\cdot 10^{-9} & 12350 \\end{array}\\right]$$",
    );
  });
  await t.step("as an HTML table with one cell per entry", () => {
    assertStrictEquals(bundle["text/html"].match(/<td/g)?.length, 4);
    assert(bundle["text/html"].includes("2×2"));
  });
  await t.step("and as the same text console.log prints", () => {
    assertStrictEquals(bundle["text/plain"], M.toString());
  });
});

Deno.test("every shape up to 12 × 10 is typeset, larger ones are summarized", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 14 }), (r, c) => {
      const bundle = show(Matrix.full(r, c, 2));
      const typeset = r <= 12 && c <= 10;
      assertStrictEquals(bundle["text/latex"] !== undefined, typeset);
      assertStrictEquals(bundle["text/html"].match(/<td/g)?.length ?? 0, typeset ? r * c : 0);
      if (!typeset) assert(bundle["text/html"].includes(`Matrix ${r}×${c}`));
    }),
  );
});

Deno.test("a large matrix's summary states its range and counts NaN", () => {
  const M = new Rng(3).normalMatrix(784, 100);
  M.data[5] = -7;
  M.data[6] = 9;
  M.data[7] = NaN;
  const html = show(M)["text/html"];
  assert(html.includes("78400 entries"));
  assert(html.includes("min -7"));
  assert(html.includes("max 9"));
  assert(html.includes("1 NaN or infinite"));
});

Deno.test("non-finite entries are typeset as NaN and ∞", () => {
  const latex = show(Matrix.from([[NaN, Infinity, -Infinity]]))["text/latex"];
  assertStrictEquals(
    latex,
    "$$\\left[\\begin{array}{rrr} \\text{NaN} & \\infty & -\\infty \\end{array}\\right]$$",
  );
});

Deno.test("an empty matrix shows its shape", () => {
  const bundle = show(Matrix.zeros(0, 3));
  assertEquals(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
  assert(bundle["text/html"].includes("Matrix 0×3"));
});
