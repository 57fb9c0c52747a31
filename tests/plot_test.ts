// Figure construction and MIME bundles of the plotting module; no permissions needed (plotly.js
// itself is only read at display time, which tests/integration/ covers).

import fc from "./_fast_check.ts";
import {
  confusionMatrixPlot,
  decisionBoundary,
  Figure,
  heatmap,
  imageGrid,
  jacobianComparison,
  linePlot,
  logLogPlot,
  Matrix,
  resetFigureSession,
  Rng,
  scatterPlot,
} from "../lib/mod.ts";
import { assert, assertEquals, assertStrictEquals, assertThrows } from "./_assert.ts";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  return new Rng(seed).normalMatrix(rows, cols);
}

Deno.test("a figure displays as one bundle with plotly JSON, HTML and a one-line summary", async (t) => {
  const fig = linePlot([3, 1, 2], { title: "Loss" });
  const bundle = fig.toBundle();

  await t.step("the bundle has exactly the three MIME types", () => {
    assertEquals(Object.keys(bundle).sort(), [PLOTLY_MIME, "text/html", "text/plain"]);
  });

  await t.step("the plotly JSON is the figure's data and layout", () => {
    assertEquals(bundle[PLOTLY_MIME].data, fig.data);
    assertEquals(bundle[PLOTLY_MIME].layout, fig.layout);
  });

  await t.step("the summary is one line naming the title, traces and points", () => {
    assertStrictEquals(bundle["text/plain"], 'Figure "Loss": 1 scatter trace, 3 points');
    assert(!bundle["text/plain"].includes("\n"));
  });

  await t.step("the HTML draws into its own div and does not carry plotly.js", () => {
    const html = bundle["text/html"];
    const id = /<div id="([^"]+)"/.exec(html)?.[1];
    assert(id !== undefined, "a div with an id");
    assert(html.includes(JSON.stringify(id)), "the script targets that div");
    assert(html.includes("Plotly.newPlot"));
    assert(!html.includes("DecompressionStream"));
  });

  await t.step("the HTML says on the page when plotly.js is missing", () => {
    assert(bundle["text/html"].includes("This figure needs plotly.js"));
    assert(bundle["text/html"].includes("resetFigureSession()"));
    assert(bundle["text/html"].includes("run all cells"));
  });

  await t.step("every bundle gets a fresh div id", () => {
    const id = (b: { "text/html": string }) => /<div id="([^"]+)"/.exec(b["text/html"])?.[1];
    assert(id(fig.toBundle()) !== id(fig.toBundle()));
  });
});

Deno.test("JSON inside the figure's script cannot close the script element", () => {
  const fig = linePlot([1, 2], { title: "</script><script>alert(1)</script> & <!--" });
  const html = fig.toBundle()["text/html"];
  const scripts = html.match(/<script/g) ?? [];
  const closes = html.match(/<\/script>/g) ?? [];
  assertStrictEquals(scripts.length, 1);
  assertStrictEquals(closes.length, 1);
  assert(!html.includes("<!--"));
});

Deno.test("the first figure of a session embeds plotly.js with no permission at all", async () => {
  assertEquals(Deno.permissions.querySync({ name: "read" }).state, "prompt");
  resetFigureSession();
  const show = (fig: Figure) =>
    (fig as unknown as Record<symbol, () => Promise<{ "text/html": string }>>)[
      Symbol.for("Jupyter.display")
    ].call(fig);
  const first = (await show(linePlot([1, 2])))["text/html"];
  assert(first.includes("DecompressionStream"), "the first figure carries plotly.js");
  assert(!first.includes("could not be read"));
  const second = (await show(linePlot([3, 4])))["text/html"];
  assert(!second.includes("DecompressionStream"), "a later figure reuses the page's plotly.js");
});

Deno.test("typed arrays in a hand-made figure reach the page as plain arrays", () => {
  const fig = new Figure([{ type: "scatter", y: new Float64Array([1, 2.5]) }]);
  const bundle = fig.toBundle();
  assertEquals(bundle["application/vnd.plotly.v1+json"].data[0].y, [1, 2.5]);
  assert(bundle["text/html"].includes('"y":[1,2.5]'));
});

Deno.test("Figure rejects data that is not a list of traces", () => {
  assertThrows(() => new Figure({} as never), TypeError);
  assertThrows(() => new Figure([1] as never), TypeError);
});

Deno.test("linePlot accepts one sequence, named sequences, or a list of series", async (t) => {
  await t.step("one sequence is plotted against its index", () => {
    const fig = linePlot(new Float64Array([5, 6, 7]));
    assertEquals(fig.data[0].x, [0, 1, 2]);
    assertEquals(fig.data[0].y, [5, 6, 7]);
  });
  await t.step("named sequences become named traces", () => {
    const fig = linePlot({ train: [1, 2], validation: [3, 4] });
    assertEquals(fig.data.map((d) => d.name), ["train", "validation"]);
    assertStrictEquals(fig.layout.showlegend, true);
  });
  await t.step("series carry their own x", () => {
    const fig = linePlot([{ y: [1, 2], x: [10, 20], name: "a" }, { y: [3] }]);
    assertEquals(fig.data[0].x, [10, 20]);
    assertEquals(fig.data[1].x, [0]);
  });
  await t.step("values are rounded to 6 significant digits and NaN becomes a gap", () => {
    const fig = linePlot([Math.PI, NaN, Infinity]);
    assertEquals(fig.data[0].y, [3.14159, null, null]);
  });
  await t.step("x and y of different lengths are refused", () => {
    assertThrows(() => linePlot([1, 2, 3], { x: [1, 2] }), RangeError);
  });
  await t.step("log axes are log", () => {
    const fig = linePlot([1, 10], { logY: true });
    assertStrictEquals((fig.layout.yaxis as { type: string }).type, "log");
    assertStrictEquals((fig.layout.xaxis as { type?: string }).type, undefined);
  });
});

Deno.test("logLogPlot draws reference lines of the requested slopes a factor 4 under the data", () => {
  const h = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8];
  const err = h.map((s) => 3 * s * s + 1e-16 / s); // truncation h², round-off 1/h
  const fig = logLogPlot(h, { error: err }, { slopes: [2, -1] });
  assertStrictEquals(fig.data.length, 3);
  for (const [trace, p] of [[fig.data[1], 2], [fig.data[2], -1]] as const) {
    const x = trace.x as number[];
    const y = trace.y as number[];
    assert(x.length >= 2, "the line is kept where it is near the data");
    const last = x.length - 1;
    const slope = Math.log(y[last] / y[0]) / Math.log(x[last] / x[0]);
    assert(Math.abs(slope - p) < 1e-4, `slope ${slope} ≈ ${p}`);
    const gaps = x.map((v, i) => err[h.indexOf(v)] / y[i]);
    assert(gaps.every((g) => g >= 4 - 1e-4), "the line stays a factor 4 under the data");
    assert(gaps.some((g) => g < 4 + 1e-4), "and comes that close where the data follow it");
  }
  assertThrows(() => logLogPlot([1, 0], [1, 2]), RangeError);
});

Deno.test("logLogPlot anchors a reference slope to the series it names", async (t) => {
  const h = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8];
  const forward = h.map((s) => 0.5 * s + 1e-16 / s); // truncation h, round-off 1/h
  const central = h.map((s) => 0.2 * s * s + 1e-16 / s); // truncation h², round-off 1/h
  const lines = { forward, central };
  const valuesAt = (values: number[], x: number[]) => x.map((v) => values[h.indexOf(v)]);

  await t.step("a named series gets the line; a plain number keeps the first series", () => {
    const fig = logLogPlot(h, lines, { slopes: [1, { slope: 2, series: "central" }] });
    assertEquals(fig.data.map((d) => d.name), ["forward", "central", "slope 1", "slope 2"]);
    const color = (i: number) => (fig.data[i].line as { color: string }).color;
    assertEquals([color(2), color(3)], [color(0), color(1)]);
    for (const [line, values] of [[fig.data[2], forward], [fig.data[3], central]] as const) {
      const x = line.x as number[];
      const gaps = valuesAt(values, x).map((v, i) => v / (line.y as number[])[i]);
      assert(gaps.every((g) => g >= 4 - 1e-4), `${line.name} stays a factor 4 under its series`);
      assert(gaps.some((g) => g < 4 + 1e-4), `${line.name} touches its series`);
    }
  });

  await t.step("the line takes its series' color and is labelled on the plot", () => {
    const fig = logLogPlot(h, lines, {
      slopes: [{ slope: 2, series: 1 }, { slope: -1, series: "central" }],
    });
    const color = (i: number) => (fig.data[i].line as { color: string }).color;
    assertStrictEquals(color(2), color(1));
    assertStrictEquals(color(3), color(1));
    const labels = fig.layout.annotations as { text: string; x: number; y: number }[];
    assertEquals(labels.map((a) => a.text), ["slope 2", "slope −1"]);
    labels.forEach((a, i) => {
      const line = fig.data[2 + i];
      const x = line.x as number[];
      const y = line.y as number[];
      const lo = Math.log10(Math.min(...x));
      const hi = Math.log10(Math.max(...x));
      assert(a.x >= lo && a.x <= hi, "the label sits within the line's extent");
      const p = Math.log(y[1] / y[0]) / Math.log(x[1] / x[0]);
      const onLine = Math.log10(y[0]) + p * (a.x - Math.log10(x[0]));
      assert(Math.abs(a.y - onLine) < 1e-5, "at the line's height (log10 coordinates)");
    });
  });

  await t.step("the line covers only the stretch where its series follows the slope", () => {
    const fig = logLogPlot(h, lines, { slopes: [{ slope: 2, series: "central" }] });
    const x = fig.data[2].x as number[];
    assert(x.includes(1e-1) && x.includes(1e-4), "the h² regime is covered");
    assert(!x.includes(1e-7) && !x.includes(1e-8), "the round-off regime is not");
  });

  await t.step(
    "a slope anchored to a series that is not plotted is refused, naming the series",
    () => {
      assertThrows(
        () => logLogPlot(h, lines, { slopes: [{ slope: 2, series: "backward" }] }),
        (e: unknown) =>
          e instanceof RangeError && e.message.includes('"backward"') &&
          e.message.includes('"central"'),
      );
      assertThrows(() => logLogPlot(h, lines, { slopes: [{ slope: 2, series: 2 }] }), RangeError);
    },
  );
});

Deno.test("every figure keeps the modebar's strip free: the title sits below it", () => {
  const figures = [
    linePlot([1, 2], {
      title: "A title long enough to reach the modebar if it were centred in line",
    }),
    logLogPlot([1, 10], [1, 100], { title: "t", slopes: [2] }),
    heatmap(Matrix.identity(2), { title: "t" }),
    jacobianComparison(Matrix.identity(2), Matrix.identity(2), { title: "t" }),
    scatterPlot(Matrix.identity(2), { title: "t" }),
    imageGrid([[0, 1, 1, 0]], { title: "t" }),
    confusionMatrixPlot([0, 1], [0, 1]),
  ];
  for (const fig of figures) {
    const title = fig.layout.title as {
      yref: string;
      y: number;
      yanchor: string;
      pad: { t: number };
    };
    const top = (fig.layout.margin as { t: number }).t;
    assertEquals([title.yref, title.y, title.yanchor], ["container", 1, "top"]);
    assert(title.pad.t >= 28, `${fig}: the title starts under the modebar strip`);
    assert(top >= title.pad.t + 30, `${fig}: the plot starts under the title`);
  }
  assert((linePlot([1, 2]).layout.margin as { t: number }).t >= 28, "no title: the strip stays");
});

Deno.test("a legend below the plot is placed in figure coordinates, under the axis title", () => {
  const fig = linePlot({ a: [1, 2], b: [2, 1] }, { xTitle: "step" });
  const legend = fig.layout.legend as Record<string, unknown>;
  assertEquals([legend.orientation, legend.yref, legend.y, legend.yanchor], [
    "h",
    "container",
    0,
    "bottom",
  ]);
  assert((fig.layout.margin as { b: number }).b >= 90, "room for ticks, axis title and legend");
});

Deno.test("a log axis spanning two to five decades is labelled at powers of ten only", () => {
  const dtick = (values: number[]) =>
    (linePlot(values, { logY: true }).layout.yaxis as { dtick?: number }).dtick;
  assertStrictEquals(dtick([0.1, 30]), 1);
  assertStrictEquals(dtick([1, 1e5]), 1);
  assertStrictEquals(dtick([1, 20]), undefined, "under two decades plotly's own ticks stay");
  assertStrictEquals(dtick([1e-12, 1]), undefined, "over five decades plotly thins them itself");
});

Deno.test("heatmap keeps row 0 on top and centres a mixed-sign scale at zero", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer(),
      (r, c, seed) => {
        const M = randomMatrix(r, c, seed);
        const trace = heatmap(M).data[0];
        const z = trace.z as number[][];
        assertStrictEquals(z.length, r);
        for (let i = 0; i < r; i++) {
          for (let j = 0; j < c; j++) {
            assert(Math.abs(z[i][j] - M.get(i, j)) <= 1e-5 * Math.abs(M.get(i, j)));
          }
        }
      },
    ),
  );
  const mixed = heatmap(Matrix.from([[-1, 3]])).data[0];
  assertEquals([mixed.zmin, mixed.zmid, mixed.zmax], [-3, 0, 3]);
  const positive = heatmap(Matrix.from([[1, 3]])).data[0];
  assertStrictEquals(positive.zmid, undefined);
});

Deno.test("jacobianComparison shows both Jacobians on one scale and their difference", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer(),
      (k, d, seed) => {
        const numerical = randomMatrix(k, d, seed);
        const analytic = numerical.map((v, i, j) => v + 1e-3 * (i - j));
        const fig = jacobianComparison(numerical, analytic);
        const [a, b, diff] = fig.data;
        assertEquals([a.zmin, a.zmax], [b.zmin, b.zmax]);
        assertStrictEquals(diff.zmid, 0);
        const z = diff.z as number[][];
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < d; j++) {
            const expected = analytic.get(i, j) - numerical.get(i, j);
            assert(Math.abs(z[i][j] - expected) <= 1e-9 + 1e-5 * Math.abs(expected));
          }
        }
      },
    ),
  );
  assertThrows(() => jacobianComparison(Matrix.zeros(2, 2), Matrix.zeros(2, 3)), RangeError);
});

Deno.test("jacobianComparison writes the numbers of small matrices in their cells", () => {
  const small = randomMatrix(8, 8, 1);
  const large = randomMatrix(9, 8, 2);
  const texts = (fig: ReturnType<typeof jacobianComparison>) => fig.data.map((t) => t.texttemplate);
  assertEquals(texts(jacobianComparison(small, small)), Array(3).fill("%{z:.2g}"));
  assertEquals(texts(jacobianComparison(large, large)), Array(3).fill(undefined));
  assertEquals(texts(jacobianComparison(large, large, { showValues: true })).length, 3);
  assertStrictEquals(
    jacobianComparison(large, large, { showValues: true }).data[2].texttemplate,
    "%{z:.2g}",
  );
  assertEquals(
    texts(jacobianComparison(small, small, { showValues: false })),
    Array(3).fill(undefined),
  );
});

Deno.test("jacobianComparison's headings cannot run into each other", async (t) => {
  const A = Matrix.from([[1e-12, 0], [0, 2]]);
  const B = Matrix.from([[0, 0], [0, 2]]);
  const headings = (fig: ReturnType<typeof jacobianComparison>) =>
    (fig.layout.annotations as { text: string }[]).map((a) => a.text.split("<br>"));

  await t.step("the largest difference stands on a line of its own", () => {
    const [, , diff] = headings(jacobianComparison(A, B));
    assertEquals(diff, ["analytic − numerical", "max |·| 1.0e-12"]);
  });

  await t.step("long names wrap at spaces, the difference breaking before its minus sign", () => {
    const fig = jacobianComparison(A, B, {
      numericalName: "true dX",
      analyticName: "X2 read literally, column by column",
    });
    const [first, second, diff] = headings(fig);
    assertEquals(first, ["true dX"]);
    assertEquals(second, ["X2 read literally,", "column by column"]);
    assertEquals(diff, ["X2 read literally,", "column by column", "− true dX", "max |·| 1.0e-12"]);
    for (const line of [...first, ...second, ...diff]) assert(line.length <= 24, line);
    const top = (fig.layout.margin as { t: number }).t;
    assert(top >= 28 + 4 * 17, "the top margin holds the tallest heading");
  });

  await t.step("axis titles default to input j / output i and can be renamed", () => {
    const title = (fig: ReturnType<typeof jacobianComparison>, key: string) =>
      (fig.layout[key] as { title?: { text: string } }).title?.text;
    const plain = jacobianComparison(A, B);
    assertEquals([title(plain, "xaxis2"), title(plain, "yaxis")], ["input j", "output i"]);
    const batch = jacobianComparison(A, B, { xTitle: "example j", yTitle: "class i" });
    assertEquals([title(batch, "xaxis2"), title(batch, "yaxis")], ["example j", "class i"]);
    assertEquals([title(batch, "xaxis"), title(batch, "yaxis2")], [undefined, undefined]);
  });

  await t.step("color bars write tiny values as powers of ten, not SI prefixes like 4p", () => {
    const fig = jacobianComparison(A, B);
    for (const trace of fig.data) {
      assertStrictEquals((trace.colorbar as { exponentformat: string }).exponentformat, "power");
    }
  });
});

Deno.test("scatterPlot puts every point in the trace of its class", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 40 }),
      (labels) => {
        const m = labels.length;
        const X = Matrix.fromColumns(labels.map((c, j) => [j, 10 * c]));
        const fig = scatterPlot(X, { labels });
        let total = 0;
        for (const trace of fig.data) {
          const c = Number(String(trace.name).replace("class ", ""));
          for (let p = 0; p < (trace.x as number[]).length; p++) {
            assertStrictEquals(labels[(trace.x as number[])[p]], c);
            assertStrictEquals((trace.y as number[])[p], 10 * c);
          }
          total += (trace.x as number[]).length;
        }
        assertStrictEquals(total, m);
      },
    ),
  );
  assertThrows(() => scatterPlot(Matrix.zeros(2, 3), { labels: [0, 1] }), RangeError);
  assertThrows(() => scatterPlot(Matrix.zeros(2, 2), { labels: [0, 0.5] }), RangeError);
});

Deno.test("decisionBoundary asks the classifier once, for the whole grid, and plots its answers", async (t) => {
  const X = Matrix.from([[-1, 1, -1, 1], [-1, -1, 1, 1]]);
  await t.step("labels: the classifier sees a 2 × resolution² matrix", () => {
    const calls: string[] = [];
    const fig = decisionBoundary(
      (P) => {
        calls.push(P.shape);
        return Array.from({ length: P.cols }, (_, j) => (P.get(0, j) > 0 ? 1 : 0));
      },
      X,
      { resolution: 7, labels: [0, 1, 0, 1] },
    );
    assertEquals(calls, ["2×49"]);
    const z = fig.data[0].z as number[][];
    const gx = fig.data[0].x as number[];
    for (const row of z) row.forEach((label, c) => assertStrictEquals(label, gx[c] > 0 ? 1 : 0));
    assert(gx[0] < -1 && gx[6] > 1, "the grid covers the data with a margin");
  });
  await t.step("scores: the largest entry of each column is the class", () => {
    const fig = decisionBoundary(
      (P) => Matrix.from([[...P.row(1)], [...P.row(1)].map((v) => -v)]),
      X,
      {
        resolution: 4,
      },
    );
    const z = fig.data[0].z as number[][];
    const gy = fig.data[0].y as number[];
    z.forEach((row, r) => row.forEach((label) => assertStrictEquals(label, gy[r] > 0 ? 0 : 1)));
  });
  await t.step("a classifier that answers for the wrong number of points is refused", () => {
    assertThrows(() => decisionBoundary(() => [0, 1], X), RangeError);
    assertThrows(() => decisionBoundary(() => Matrix.zeros(2, 3), X), RangeError);
  });
});

Deno.test("imageGrid widens a figure whose title is wider than its grid, so the title is not cut", () => {
  const digits = [new Float64Array(784), new Float64Array(784)];
  const narrow = imageGrid(digits).layout.width as number;
  const title = "One training digit and its two shifted copies, drawn at the default size";
  const titled = imageGrid(digits, { title }).layout.width as number;
  assert(titled > narrow, `width ${titled} for a long title, ${narrow} without`);
  assert(
    titled >= title.length * 0.6 * 17,
    `${titled} px is too narrow for ${title.length} characters`,
  );
  assertStrictEquals(imageGrid(digits, { title: "ab" }).layout.width, narrow);
});

Deno.test("imageGrid draws each image row by row in its own tile, with its caption", () => {
  const images = Matrix.fromColumns([
    [1, 0, 0, 0.5, 0, 0, 0, 0, 1],
    [0, 0.25, 0, 0, 1, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0, 0.75],
  ]);
  const fig = imageGrid(images, { titles: ["a", "b", "c"], columns: 2 });
  assertStrictEquals(fig.data.length, 3);
  assertEquals(fig.data[0].z, [[1, 0, 0], [0.5, 0, 0], [0, 0, 1]]);
  const at = (t: number) => [fig.data[t].x0 as number, fig.data[t].y0 as number];
  assert(at(1)[0] >= at(0)[0] + 3 && at(1)[1] === at(0)[1], "image 1 right of image 0");
  assert(at(2)[0] === at(0)[0] && at(2)[1] >= at(0)[1] + 3, "image 2 starts the next row");
  const captions = fig.layout.annotations as { text: string; x: number; y: number }[];
  assertEquals(captions.map((a) => a.text), ["a", "b", "c"]);
  captions.forEach((a, t) => {
    assertStrictEquals(a.x, at(t)[0] + 1, "centred over its image");
    assert(a.y < at(t)[1], "above its image");
  });
  assertThrows(() => imageGrid([[1, 2, 3, 4], [1, 2]]), RangeError);
  assertThrows(() => imageGrid([[1, 2, 3]], { imageWidth: 2 }), RangeError);
  assertThrows(() => imageGrid(images, { titles: ["a"] }), RangeError);
});

Deno.test("confusionMatrixPlot counts every example once, the right ones on the diagonal", () => {
  fc.assert(fc.property(
    fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), {
      maxLength: 50,
    }),
    (pairs) => {
      const fig = confusionMatrixPlot(pairs.map((p) => p[0]), pairs.map((p) => p[1]), {
        classes: 4,
      });
      const z = fig.data[0].z as number[][];
      assertStrictEquals(z.flat().reduce((a, b) => a + b, 0), pairs.length);
      const right = pairs.filter(([a, b]) => a === b).length;
      assertStrictEquals(z.reduce((s, row, i) => s + row[i], 0), right);
    },
  ));
  assertThrows(() => confusionMatrixPlot([0, 1], [0]), RangeError);
  assertThrows(() => confusionMatrixPlot([0, 5], [0, 1], { classes: 3 }), RangeError);
});
