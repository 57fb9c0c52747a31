// liveTraining: callbacks for train() that redraw a figure and a progress bar in place, throttled.

import {
  type BatchInfo,
  type DisplayTarget,
  type EpochInfo,
  liveTraining,
  Matrix,
  Rng,
  train,
  trainingCurves,
  twoLayerNet,
} from "../lib/mod.ts";
import { assert, assertEquals, assertStrictEquals } from "./_assert.ts";

interface Shown {
  bundle: Record<string, unknown>;
  target: DisplayTarget;
}

function recorder(): {
  shown: Shown[];
  display: (b: Record<string, unknown>, t: DisplayTarget) => void;
} {
  const shown: Shown[] = [];
  return { shown, display: (bundle, target) => void shown.push({ bundle, target }) };
}

function batch(epoch: number, b: number, loss: number, epochs = 2, perEpoch = 3): BatchInfo {
  return {
    epoch,
    epochs,
    iteration: (epoch - 1) * perEpoch + b,
    batch: b,
    batchesPerEpoch: perEpoch,
    loss,
    learningRate: 0.1,
  };
}

function epochInfo(epoch: number, epochs = 2): EpochInfo {
  return {
    epoch,
    epochs,
    loss: 1,
    trainAccuracy: 0.5 + 0.1 * epoch,
    valAccuracy: 0.4 + 0.1 * epoch,
    learningRate: 0.1,
    seconds: 0.1,
    trainSeconds: 0.1,
    history: {
      loss: [],
      epochLoss: [],
      trainAccuracy: [],
      valAccuracy: [],
      learningRate: [],
      epochSeconds: [],
      trainSeconds: [],
      bestEpoch: epoch,
      bestValAccuracy: null,
    },
  };
}

Deno.test("liveTraining displays once, then only updates the same two outputs", async () => {
  const { shown, display } = recorder();
  const live = liveTraining({ intervalMs: 0, display });
  for (let e = 1; e <= 2; e++) {
    for (let b = 1; b <= 3; b++) await live.onBatch(batch(e, b, 3 - e - b / 10));
    await live.onEpoch(epochInfo(e));
  }
  const drawn = shown.filter((s) => !s.target.displayId.includes("plotly"));
  const ids = new Set(drawn.map((s) => s.target.displayId));
  assertStrictEquals(ids.size, 2, "one progress output and one figure output");
  assertEquals(drawn.slice(0, 2).map((s) => s.target.update), [false, false]);
  assert(drawn.slice(2).every((s) => s.target.update), "everything after the first draw updates");
  const loaders = shown.filter((s) => s.target.displayId.includes("plotly"));
  assert(loaders.every((s) => !s.target.update), "the output carrying plotly.js is never replaced");
  assertEquals(live.figure().data[0].y, [1.9, 1.8, 1.7, 0.9, 0.8, 0.7]);
  const last = drawn.at(-1)!.bundle;
  assertEquals(Object.keys(last).sort(), [
    "application/vnd.plotly.v1+json",
    "text/html",
    "text/plain",
  ]);
});

Deno.test("liveTraining redraws at most once per interval but always draws the last epoch", async () => {
  const { shown, display } = recorder();
  const live = liveTraining({ intervalMs: 3_600_000, display });
  for (let e = 1; e <= 2; e++) {
    for (let b = 1; b <= 3; b++) await live.onBatch(batch(e, b, 1));
    await live.onEpoch(epochInfo(e));
  }
  assertStrictEquals(live.redraws(), 2, "the first minibatch and the last epoch");
  const progress = shown.filter((s) => s.target.displayId.includes("progress"));
  assertStrictEquals(progress.at(-1)!.bundle["text/plain"], live.status());
  assert(live.status().startsWith("epoch 2/2 · batch 3/3 · 100 % · loss 1.000"));
});

Deno.test("finish draws what the last redraw missed, and only then", async () => {
  const { display } = recorder();
  const live = liveTraining({ intervalMs: 3_600_000, display });
  await live.onBatch(batch(1, 1, 2));
  await live.onBatch(batch(1, 2, 1.5));
  assertStrictEquals(live.redraws(), 1);
  await live.finish();
  assertStrictEquals(live.redraws(), 2);
  await live.finish();
  assertStrictEquals(live.redraws(), 2, "nothing new: no redraw");
});

Deno.test("in a terminal the progress line is rewritten in place and cleared at each epoch's end", async () => {
  const written: string[] = [];
  const live = liveTraining({ intervalMs: 0, write: (t) => void written.push(t) });
  await live.onBatch(batch(1, 1, 2));
  await live.onBatch(batch(1, 2, 1.5));
  await live.onBatch(batch(1, 3, 1.2));
  assert(written[0].startsWith("\r[###"), written[0]);
  assert(written[1].includes("batch 2/3"));
  assertStrictEquals(written.at(-1), "\r\x1b[K", "the line is cleared for train's epoch line");
  assert(written.every((t) => !t.includes("\n")));
});

Deno.test("outside Jupyter and a terminal liveTraining only records", async () => {
  const live = liveTraining({ intervalMs: 0 });
  await live.onBatch(batch(1, 1, 2));
  await live.onEpoch(epochInfo(1, 1));
  await live.finish();
  assertEquals(live.figure().data[0].y, [2]);
});

Deno.test("liveTraining's callbacks plug into train and see every minibatch", async () => {
  const rng = new Rng(5);
  const X = rng.normalMatrix(2, 40);
  const labels = Int32Array.from({ length: 40 }, (_, j) => (X.get(0, j) > 0 ? 1 : 0));
  const { shown, display } = recorder();
  const live = liveTraining({ intervalMs: 0, display });
  const history = await train(twoLayerNet([2, 8, 2], { rng: new Rng(1) }), { X, labels }, {
    epochs: 3,
    batchSize: 10,
    learningRate: 0.5,
    progress: false,
    onBatch: live.onBatch,
    onEpoch: live.onEpoch,
  });
  assertEquals(live.figure().data[0].y, trainingCurves(history).data[0].y);
  assertStrictEquals(live.figure().data.length, 3, "loss, epoch loss, train accuracy");
  assert(shown.length > 0);
  assert(X instanceof Matrix);
});
