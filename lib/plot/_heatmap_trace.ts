// Private: the heatmap trace behind heatmap() and jacobianComparison().

import type { Trace } from "./figure.ts";
import type { Matrix } from "../core/matrix.ts";
import { compactRows, DIVERGING, finiteRange, SEQUENTIAL } from "./_plot_common.ts";

/** How a heatmap trace is colored and labelled (the trace part of heatmap()'s options). */
export interface HeatmapStyle {
  diverging?: boolean;
  colorTitle?: string;
  showValues?: boolean;
}

/** The heatmap trace of heatmap(), for figures that place several side by side. */
export function heatmapTrace(matrix: Matrix, options: HeatmapStyle = {}): Trace {
  const [lo, hi] = finiteRange(matrix.data);
  const diverging = options.diverging ?? (lo < 0 && hi > 0);
  const trace: Trace = {
    type: "heatmap",
    z: compactRows(matrix),
    colorscale: diverging ? DIVERGING : SEQUENTIAL,
    // Tiny values (a difference of 4e-12) read as 4×10⁻¹², not plotly's default SI "4p".
    colorbar: {
      exponentformat: "power",
      ...(options.colorTitle ? { title: { text: options.colorTitle } } : {}),
    },
    hovertemplate: "row %{y}, column %{x}: %{z}<extra></extra>",
  };
  if (diverging) {
    const bound = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    Object.assign(trace, { zmid: 0, zmin: -bound, zmax: bound });
  }
  if (options.showValues) {
    Object.assign(trace, { texttemplate: "%{z:.3g}", textfont: { size: 11 } });
  }
  return trace;
}
