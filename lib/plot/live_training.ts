/**
 * Watching a network learn: callbacks for {@linkcode train} that draw the loss curve and a
 * progress bar while it runs — updated in place in a notebook, a progress line in a terminal.
 *
 * @module
 */

import type { Figure } from "./figure.ts";
import type { BatchInfo, EpochInfo } from "../train/train.ts";
import { trainingCurves, type TrainingCurvesOptions } from "./training_curves.ts";
import { escapeHtml, figureHtml } from "./_figure_html.ts";
import { plotOptions, TRAINING_CURVES_OPTIONS } from "./_plot_common.ts";
import { assertNumber } from "../core/_shape.ts";
import { takeSessionLoader } from "./_plotly_source.ts";
import { jupyterApi, stderrIsTerminal, writeStderr } from "../core/_jupyter.ts";

/** Where to show a display: a new output (`update` false) or one shown before under the same id. */
export interface DisplayTarget {
  /** The display id; outputs with the same id are replaced by updates. */
  displayId: string;
  /** Whether this replaces the output shown under `displayId` before. */
  update: boolean;
}

/**
 * Receives each MIME bundle to show. Inside a Deno Jupyter kernel the default sends it as a
 * `display_data` or `update_display_data` message.
 */
export type DisplaySink = (
  bundle: Record<string, string | object>,
  target: DisplayTarget,
) => void | Promise<void>;

/** Options of {@linkcode liveTraining}. */
export interface LiveTrainingOptions extends TrainingCurvesOptions {
  /** The least time between two redraws, in milliseconds; the last state is always drawn. @default {250} */
  intervalMs?: number;
  /**
   * Where the figure and progress bar go. @default {Deno.jupyter's display messages inside a
   * kernel, else nowhere}
   */
  display?: DisplaySink;
  /**
   * Where the terminal progress line goes (text with carriage returns). @default {standard error
   * when it is a terminal and there is no notebook, else nowhere}
   */
  write?: (text: string) => void;
}

/** The callbacks and state {@linkcode liveTraining} returns. */
export interface LiveTraining {
  /** Pass as `train`'s `onBatch`: records the minibatch loss, redraws when due. */
  onBatch: (info: BatchInfo) => Promise<void>;
  /** Pass as `train`'s `onEpoch`: records the accuracies, redraws when due and after the last epoch. */
  onEpoch: (info: EpochInfo) => Promise<void>;
  /** Draws the final state now (call it when training stopped early or threw). */
  finish: () => Promise<void>;
  /** The curves so far as a figure (see {@linkcode trainingCurves}). */
  figure: () => Figure;
  /** The one-line progress text, e.g. `epoch 3/20 · batch 50/125 · 40 % · loss 0.2345 · 1.2 s`. */
  status: () => string;
  /** How many times the display was drawn so far. */
  redraws: () => number;
}

/**
 * Callbacks for {@linkcode train} that show the loss per iteration, the accuracy per epoch and a
 * progress bar while training runs. In a notebook (the Deno kernel) they draw one figure and one
 * progress bar and update both in place, at most every `intervalMs`, so the saved notebook keeps
 * only the final state; in a terminal they keep a progress line on standard error; elsewhere
 * (tests, CI logs) they only record.
 *
 * @param options Redraw interval, where to draw, and the figure's options; see
 * {@linkcode LiveTrainingOptions}.
 * @returns The callbacks to pass to `train`, and the figure and progress so far.
 * @throws {RangeError} When an option is unknown or out of range.
 * @throws {TypeError} When an argument or option has the wrong type.
 *
 * @example Record a run and redraw at most as often as asked
 * ```ts
 * import { liveTraining } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const shown: string[] = [];
 * const live = liveTraining({
 *   intervalMs: 60_000,
 *   display: (bundle, { displayId, update }) => {
 *     shown.push(`${update ? "update" : "display"} ${displayId.split("-")[2]}`);
 *   },
 * });
 * const batch = { epochs: 1, batchesPerEpoch: 2, learningRate: 0.1, epoch: 1 };
 * await live.onBatch({ ...batch, iteration: 1, batch: 1, loss: 2.3 });
 * await live.onBatch({ ...batch, iteration: 2, batch: 2, loss: 1.7 }); // too soon: not drawn
 * await live.onEpoch({
 *   epoch: 1, epochs: 1, loss: 2.0, trainAccuracy: 0.6, valAccuracy: 0.55, learningRate: 0.1,
 *   seconds: 1, trainSeconds: 1,
 *   history: { loss: [2.3, 1.7], epochLoss: [2.0], trainAccuracy: [0.6], valAccuracy: [0.55],
 *     learningRate: [0.1], epochSeconds: [1], trainSeconds: [1], bestEpoch: 1, bestValAccuracy: 0.55 },
 * }); // the last epoch is always drawn
 * const drawn = shown.filter((s) => !s.endsWith("plotly")); // plotly.js goes out once a session
 * assert.deepEqual(drawn, ["display progress", "display figure", "update progress", "update figure"]);
 * assert.deepEqual(live.figure().data[0].y, [2.3, 1.7]);
 * ```
 */
export function liveTraining(options?: LiveTrainingOptions): LiveTraining {
  options = plotOptions(options, {
    ...TRAINING_CURVES_OPTIONS,
    intervalMs: "any",
    display: "function",
    write: "function",
  }, "liveTraining");
  const { intervalMs = 250, display: givenDisplay, write: givenWrite, ...curveOptions } = options;
  assertNumber(intervalMs, "liveTraining: intervalMs", "a number ≥ 0", (v) => v >= 0);
  const kernel = jupyterApi();
  const display: DisplaySink | undefined = givenDisplay ??
    (kernel === undefined
      ? undefined
      : (bundle, { displayId, update }) =>
        kernel.broadcast(update ? "update_display_data" : "display_data", {
          data: bundle,
          metadata: {},
          transient: { display_id: displayId },
        }));
  const write = givenWrite ??
    (display === undefined && stderrIsTerminal() ? writeStderr : undefined);

  const token = crypto.randomUUID().slice(0, 8);
  const ids = { progress: `nn-notes-progress-${token}`, figure: `nn-notes-figure-${token}` };
  const loss: number[] = [];
  const epochLoss: number[] = [];
  const trainAccuracy: number[] = [];
  const valAccuracy: number[] = [];
  const start = performance.now();
  let last: BatchInfo | undefined;
  let lastEpoch: EpochInfo | undefined;
  let started = false; // drawn at least once
  let shown = false; // displayed at least once
  let lastDraw = -Infinity;
  let dirty = false;
  let redraws = 0;

  const figure = (): Figure =>
    trainingCurves({ loss, epochLoss, trainAccuracy, valAccuracy }, {
      title: "Training",
      batchesPerEpoch: last?.batchesPerEpoch,
      ...curveOptions,
    });

  const fraction = (): number => {
    if (last === undefined) return 0;
    const done = (last.epoch - 1) * last.batchesPerEpoch + last.batch;
    return Math.min(1, done / (last.epochs * last.batchesPerEpoch));
  };

  const status = (): string => {
    if (last === undefined) return "waiting for the first minibatch";
    const parts = [
      `epoch ${last.epoch}/${last.epochs}`,
      `batch ${last.batch}/${last.batchesPerEpoch}`,
      `${Math.floor(100 * fraction())} %`,
      `loss ${last.loss.toPrecision(4)}`,
    ];
    if (lastEpoch !== undefined) {
      parts.push(`train ${(100 * lastEpoch.trainAccuracy).toFixed(1)} %`);
      if (lastEpoch.valAccuracy !== null) {
        parts.push(`val ${(100 * lastEpoch.valAccuracy).toFixed(1)} %`);
      }
    }
    parts.push(`${((performance.now() - start) / 1000).toFixed(1)} s`);
    return parts.join(" · ");
  };

  const draw = async (): Promise<void> => {
    started = true;
    lastDraw = performance.now();
    dirty = false;
    redraws += 1;
    const text = status();
    if (write !== undefined) {
      const width = 20;
      const filled = Math.round(width * fraction());
      write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${text}\x1b[K`);
    }
    if (display === undefined) return;
    const update = shown;
    shown = true;
    await display({ "text/html": progressHtml(text, fraction()), "text/plain": text }, {
      displayId: ids.progress,
      update,
    });
    const fig = figure();
    const loader = update ? undefined : await takeSessionLoader();
    if (loader !== undefined) {
      // The session's plotly.js goes in an output of its own that updates never replace, so an
      // exported notebook keeps it for every later figure.
      await display({
        "text/html": `<script type="text/javascript">\n${loader}\n</script>`,
        "text/plain": "",
      }, { displayId: `nn-notes-plotly-${token}`, update: false });
    }
    const summary = fig.toString();
    await display({
      "application/vnd.plotly.v1+json": fig.toJSON(),
      "text/html": figureHtml(fig.toJSON(), summary),
      "text/plain": summary,
    }, { displayId: ids.figure, update });
  };

  const drawIfDue = async (force: boolean): Promise<void> => {
    dirty = true;
    if (force || performance.now() - lastDraw >= intervalMs) await draw();
  };

  return {
    onBatch: async (info: BatchInfo): Promise<void> => {
      loss.push(info.loss);
      last = info;
      if (write !== undefined && info.batch === info.batchesPerEpoch) {
        write("\r\x1b[K"); // leave the line to train's own line for the epoch
        if (display === undefined) return;
      }
      await drawIfDue(!started);
    },
    onEpoch: async (info: EpochInfo): Promise<void> => {
      lastEpoch = info;
      epochLoss.push(info.loss);
      trainAccuracy.push(info.trainAccuracy);
      if (info.valAccuracy !== null) valAccuracy.push(info.valAccuracy);
      if (display !== undefined) await drawIfDue(info.epoch === info.epochs);
    },
    finish: async (): Promise<void> => {
      if (display !== undefined && dirty) await draw();
      if (write !== undefined) write("\r\x1b[K");
    },
    figure,
    status,
    redraws: () => redraws,
  };
}

function progressHtml(text: string, fraction: number): string {
  return `<div class="nn-notes-progress" style="font:13px sans-serif;display:flex;` +
    `align-items:center;gap:10px;margin:4px 0"><progress value="${fraction.toFixed(4)}" max="1" ` +
    `style="width:240px;height:14px"></progress><span>${escapeHtml(text)}</span></div>`;
}
