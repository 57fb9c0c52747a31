// The exported pages never cut code off: a code line or an output line wider than the page wraps
// (or scrolls) instead of disappearing under the lab template's overflow: hidden. Checked in
// headless Chromium, with a screenshot kept under build/plots_browser/long_lines.png.

import { assertStrictEquals } from "../_assert.ts";
import { BUILD_DIR, executeNotebook } from "../../tools/notebook_runner.ts";
import { jupyterPython, skipJupyter } from "./_jupyter.ts";
import { loadPage, skipChromium } from "./_chromium.ts";
import { codeCell, notebookJson } from "./_notebook.ts";

const WORDS = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");

// Finds each marker's text on the page and says whether it can be seen: inside the window's width
// and not outside any ancestor that hides its overflow (one that scrolls counts as seen).
const PROBE = `<script>
window.addEventListener("load", function () {
  var said = [];
  ["CODE-END-MARK", "OUTPUT-END-MARK"].forEach(function (marker) {
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    var node, at = -1;
    while ((node = walker.nextNode())) {
      if (node.parentElement.closest("script")) continue;
      at = node.data.indexOf(marker);
      if (at >= 0) break;
    }
    if (at < 0) { said.push(marker + " missing"); return; }
    var range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + marker.length);
    var r = range.getBoundingClientRect();
    var hidden = r.right > document.documentElement.clientWidth + 0.5;
    for (var el = node.parentElement; el; el = el.parentElement) {
      var overflow = getComputedStyle(el).overflowX;
      if (overflow !== "hidden" && overflow !== "clip") continue;
      var box = el.getBoundingClientRect();
      if (r.right > box.right + 0.5 || r.left < box.left - 0.5) hidden = true;
    }
    said.push(marker + (hidden ? " cut off" : " seen"));
  });
  document.body.setAttribute("data-probe", said.join(", "));
});
</script>`;

Deno.test({
  name: "exported pages wrap long code and output lines instead of cutting them off",
  ignore: skipJupyter || skipChromium,
  async fn() {
    const python = await jupyterPython();
    const dir = await Deno.makeTempDir({ prefix: "nn_notes_long_lines_" });
    try {
      const source = `const sentence = "${WORDS} CODE-END-MARK";\n` +
        `console.log(sentence.replace("CODE", "OUTPUT").repeat(2));`;
      await Deno.writeTextFile(`${dir}/00_long.ipynb`, notebookJson([codeCell("a", source)]));
      const result = await executeNotebook(python, `${dir}/00_long.ipynb`, { outDir: dir });
      assertStrictEquals(result.status, "ok", result.error?.evalue);
      const page = `${dir}/00_long_probe.html`;
      const html = await Deno.readTextFile(result.html);
      await Deno.writeTextFile(page, html.replace("</body>", `${PROBE}</body>`));
      await Deno.mkdir(`${BUILD_DIR}/plots_browser`, { recursive: true });
      const dom = await loadPage(page, {
        windowSize: "900,500",
        screenshot: `${BUILD_DIR}/plots_browser/long_lines.png`,
      });
      const probe = dom.match(/data-probe="([^"]*)"/)?.[1];
      assertStrictEquals(probe, "CODE-END-MARK seen, OUTPUT-END-MARK seen");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
