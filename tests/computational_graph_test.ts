// The computational-graph picture: layout left to right, values and gradients in the SVG,
// nothing fetched, input checks that name the problem. No permissions needed.

import fc from "./_fast_check.ts";
import { computationalGraph, type GraphEdge, type GraphNode } from "../lib/plot/mod.ts";
import { assert, assertEquals, assertStrictEquals, assertThrows } from "./_assert.ts";

/** f(x, y, z) = (x + y)·z at (3, −1, −2), with the gradients of its backward pass. */
function scalarExample() {
  return computationalGraph(
    [
      { id: "x", value: 3 },
      { id: "y", value: -1 },
      { id: "z", value: -2 },
      { id: "q", label: "q = x + y", value: 2 },
      { id: "f", label: "f = q·z", value: -4 },
    ],
    [
      { from: "x", to: "q", gradient: -2 },
      { from: "y", to: "q", gradient: -2 },
      { from: "q", to: "f", gradient: -2 },
      { from: "z", to: "f", gradient: 2 },
    ],
    { title: "f = (x + y)·z" },
  );
}

/** Every <tag …> opened is closed in order (a small well-formedness check, no DOM in Deno). */
function assertBalanced(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) assertEquals(stack.pop(), name, `</${name}> closes the wrong element`);
    else stack.push(name);
  }
  assertEquals(stack, [], "elements left open");
}

/** The boxes of two nodes do not overlap. */
function disjoint(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean {
  return Math.abs(a.x - b.x) >= (a.width + b.width) / 2 ||
    Math.abs(a.y - b.y) >= (a.height + b.height) / 2;
}

Deno.test("the scalar example is laid out left to right: inputs, then q and z, then f", () => {
  const g = scalarExample();
  assertEquals(g.columns, [["x", "y"], ["q", "z"], ["f"]]);
  for (const e of g.edges) {
    assert(g.placement(e.from).x < g.placement(e.to).x, `${e.from} → ${e.to} runs right`);
  }
  assert(g.placement("q").y < g.placement("z").y, "q, which continues a path, sits above z");
});

Deno.test("a node nothing feeds sits just left of the first node that uses it", () => {
  const g = computationalGraph(
    [{ id: "x" }, { id: "a", label: "a = 2x" }, { id: "b", label: "b = a + c" }, { id: "c" }],
    [{ from: "x", to: "a" }, { from: "a", to: "b" }, { from: "c", to: "b" }],
  );
  assertStrictEquals(g.placement("c").column, g.placement("b").column - 1);
  assertStrictEquals(g.placement("x").column, 0);
});

Deno.test("the SVG writes every node's label and value and every edge's gradient", () => {
  const svg = scalarExample().toSvg();
  for (const text of ["x", "q = x + y", "f = q·z", "3", "−1", "2", "−4", "−2"]) {
    assert(svg.includes(`>${text}<`), `missing text ${text}`);
  }
  // Four edges: four wires, four arrowheads, four red gradient labels.
  assertStrictEquals(svg.match(/<path /g)?.length, 4);
  assertStrictEquals(svg.match(/<polygon /g)?.length, 4);
  assertStrictEquals(svg.match(/fill="#c0392b"/g)?.length, 4);
  assertStrictEquals(svg.match(/fill="#1e8449"/g)?.length, 5, "five green values");
});

Deno.test("the SVG is self-contained: well formed, no script, nothing fetched", () => {
  const svg = scalarExample().toSvg();
  assertBalanced(svg);
  assert(!/<script|href=|url\(|@import/i.test(svg), "no script or external reference");
  assertEquals([...svg.matchAll(/https?:\/\/[^"]*/g)].map((m) => m[0]), [
    "http://www.w3.org/2000/svg",
  ]);
  const width = Number(svg.match(/width="(\d+)"/)![1]);
  const g = scalarExample();
  assertStrictEquals(width, g.width);
});

Deno.test("labels are escaped for XML", () => {
  const svg = computationalGraph([{ id: "a", label: "a < b & c", value: '"q"' }], []).toSvg();
  assert(svg.includes(">a &lt; b &amp; c<"));
  assert(svg.includes(">&quot;q&quot;<"));
  assertBalanced(svg);
});

Deno.test("numbers are written with `digits` significant digits and a true minus sign", () => {
  const svg = (v: number, digits?: number) =>
    computationalGraph([{ id: "a", value: v }], [], { digits, legend: "" }).toSvg();
  assert(svg(0.19661193324148185).includes(">0.1966<"));
  assert(svg(-0.5, 2).includes(">−0.5<"));
  assert(svg(1.5e-12).includes(">1.5e-12<"));
  assert(svg(42).includes(">42<"));
  assert(svg(2 / 3, 2).includes(">0.67<"));
});

Deno.test("Jupyter shows the graph as SVG inline in HTML, as SVG, and as a summary", () => {
  const g = scalarExample();
  const bundle = (g as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ]();
  assertEquals(Object.keys(bundle).sort(), ["image/svg+xml", "text/html", "text/plain"]);
  assertStrictEquals(bundle["image/svg+xml"], g.toSvg());
  // Exported HTML shows text/html as it is (a bare SVG output is sanitized to its text).
  assertStrictEquals(bundle["text/html"], `<div style="overflow-x:auto">${g.toSvg()}</div>`);
  assertStrictEquals(
    bundle["text/plain"],
    'Computational graph "f = (x + y)·z": 5 nodes, 4 edges, 3 columns',
  );
});

Deno.test("bad graphs are refused with a message that names the problem", async (t) => {
  await t.step("a repeated id", () => {
    assertThrows(
      () => computationalGraph([{ id: "a" }, { id: "a" }], []),
      RangeError,
      'node id "a" repeats',
    );
  });
  await t.step("an edge to an unknown node", () => {
    assertThrows(
      () => computationalGraph([{ id: "a" }], [{ from: "a", to: "b" }]),
      RangeError,
      'unknown node "b"',
    );
  });
  await t.step("a cycle", () => {
    assertThrows(
      () =>
        computationalGraph([{ id: "a" }, { id: "b" }, { id: "c" }], [
          { from: "c", to: "a" },
          { from: "a", to: "b" },
          { from: "b", to: "a" },
        ]),
      RangeError,
      "cycle through a, b",
    );
  });
  await t.step("a node without a string id, a value that is not a number or text", () => {
    assertThrows(() => computationalGraph([{ id: 3 } as unknown as GraphNode], []), TypeError);
    assertThrows(
      () => computationalGraph([{ id: "a", value: [1] as unknown as number }], []),
      TypeError,
      'node "a" value',
    );
    assertThrows(() => computationalGraph("a" as unknown as GraphNode[], []), TypeError);
  });
  await t.step("an unknown kind and a bad digits option", () => {
    assertThrows(
      () => computationalGraph([{ id: "a", kind: "layer" as "input" }], []),
      RangeError,
      "kind",
    );
    assertThrows(() => computationalGraph([{ id: "a" }], [], { digits: 0 }), RangeError, "digits");
  });
});

Deno.test("random acyclic graphs: every edge runs right and no two boxes overlap", () => {
  const graphs = fc.integer({ min: 1, max: 9 }).chain((n) =>
    fc.tuple(
      fc.constant(n),
      fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.double({ noNaN: true })), {
        maxLength: 16,
      }),
    )
  );
  fc.assert(
    fc.property(graphs, ([n, pairs]) => {
      const nodes: GraphNode[] = Array.from({ length: n }, (_, i) => ({
        id: `n${i}`,
        value: i % 2 === 0 ? i * 1.5 : `${i}×${i + 1}`,
      }));
      // An edge always from the smaller index to the larger: acyclic by construction.
      const edges: GraphEdge[] = pairs.filter(([a, b]) => a !== b).map(([a, b, g]) => ({
        from: `n${Math.min(a, b)}`,
        to: `n${Math.max(a, b)}`,
        gradient: g,
      }));
      const g = computationalGraph(nodes, edges);
      for (const e of edges) {
        const a = g.placement(e.from), b = g.placement(e.to);
        if (!(a.column < b.column && a.x + a.width / 2 < b.x - b.width / 2)) return false;
      }
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          if (!disjoint(g.placement(`n${i}`), g.placement(`n${j}`))) return false;
        }
        const p = g.placement(`n${i}`);
        if (p.x - p.width / 2 < 0 || p.x + p.width / 2 > g.width || p.y + p.height / 2 > g.height) {
          return false;
        }
      }
      assertBalanced(g.toSvg());
      return true;
    }),
  );
});
