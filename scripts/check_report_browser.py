#!/usr/bin/env python3
"""Renders `ctxlimits check CONFIG --report FILE.html` pages in headless Chromium at a desktop width
(1280 px) and a phone width (390 px) and checks what `swift test` cannot see (it checks that the
page is well-formed and self-contained):

* each page loads without console errors, and its screenshot is not blank;
* nothing is cut at the viewport edge: the page does not scroll sideways, and no text box (heading,
  paragraph, list item, definition, caption, banner line) reaches past the viewport's right edge;
* no table overflows: every table sits in a horizontal scroll container no wider than the page;
* no figure text is drawn below 11 px (font size × displayed width / canvas width).

The boxes are measured in the rendered page: a copy of the page gets a measuring script appended
(the report itself has none), Chromium runs it with --dump-dom, and the script writes its findings
as JSON into an element of the dumped DOM.

Usage: python3 scripts/check_report_browser.py [path/to/ctxlimits]   (default .build/debug/ctxlimits)
Needs Debian's chromium and fonts-dejavu-core, and Pillow (pip install pillow). Run by .ci/run
through `make browser-check`. Exits 1 with every failure listed.
"""
import html
import json
import pathlib
import re
import subprocess
import sys
import tempfile

from PIL import Image

tool = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/ctxlimits"
# violated models with every figure (one with long layer-type labels), one with lint warnings and a
# disagreement, one whose every bound holds (a sliding-window model), a recurrent model, a hybrid
models = ["llama-3.1-8b", "phi-3-mini-128k-instruct", "phi-3.5-mini-instruct", "gemma-3-27b-it", "mamba2-370m", "jamba-v0.1"]
widths = [1280, 390]
height = 9000

MEASURE = """
<script>
(function () {
  const vw = document.documentElement.clientWidth;
  const out = {viewport: vw, pageWidth: document.documentElement.scrollWidth, cut: [], tables: [], smallText: []};
  const inScroll = (e) => e.closest('.scroll') !== null;
  for (const e of document.querySelectorAll('h1, h2, p, li, dt, dd, figcaption, th, td')) {
    if (inScroll(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5)) out.cut.push({tag: e.tagName, text: e.textContent.slice(0, 60), right: r.right});
  }
  for (const t of document.querySelectorAll('table')) {
    const box = t.closest('.scroll');
    const r = (box || t).getBoundingClientRect();
    if (!box) out.tables.push({problem: 'not in a scroll container', text: t.textContent.slice(0, 60)});
    else if (r.right > vw + 0.5) out.tables.push({problem: 'scroll container wider than the page', right: r.right});
  }
  for (const svg of document.querySelectorAll('figure svg')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll('text')) {
      const size = parseFloat(t.getAttribute('font-size')) * scale;
      if (size < 11 - 0.01) { out.smallText.push({text: t.textContent.slice(0, 40), px: size}); break; }
    }
  }
  const pre = document.createElement('pre');
  pre.id = 'ctxlimits-measure';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""

failures = []


def chromium(width, *arguments):
    return subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
         f"--window-size={width},{height}", *arguments], capture_output=True, text=True, timeout=180)


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    for model in models:
        page = tmp / f"{model}.html"
        run = subprocess.run([tool, "check", model, "--report", str(page)], capture_output=True, text=True)
        if run.returncode not in (0, 3) or not page.exists():
            failures.append(f"{model}: ctxlimits check exited {run.returncode}: {run.stderr.strip()}")
            continue
        measured = tmp / f"{model}.measure.html"
        measured.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
        for width in widths:
            where = f"{model} at {width} px"
            shot = tmp / f"{model}-{width}.png"
            browser = chromium(width, f"--screenshot={shot}", page.as_uri())
            if browser.returncode != 0 or not shot.exists():
                failures.append(f"{where}: chromium exited {browser.returncode}: {browser.stderr.strip()[-2000:]}")
                continue
            # console messages (and page errors) of the page itself, as Chromium logs them
            console = [line for line in browser.stderr.splitlines() if re.search(r"CONSOLE|Uncaught|Refused to|net::ERR", line)]
            if console:
                failures.append(f"{where}: the page logged to the console:\n" + "\n".join(console))
            # the first screen (every page starts with its title and verdict there) must carry ink and colour
            screen = Image.open(shot).convert("RGB").crop((0, 0, width, 1200))
            histogram = screen.convert("L").histogram()
            inked = sum(histogram[:200]) / (screen.width * screen.height)   # share of pixels darker than light grey
            colours = len(screen.getcolors(maxcolors=1 << 24))
            if inked < 0.01 or colours < 50:
                failures.append(f"{where}: the screenshot looks blank ({inked:.2%} of the first screen inked, {colours} colours)")
            dump = chromium(width, "--virtual-time-budget=5000", "--dump-dom", measured.as_uri())
            found = re.search(r'<pre id="ctxlimits-measure">(.*?)</pre>', dump.stdout, re.S)
            if not found:
                failures.append(f"{where}: the measuring script wrote nothing ({dump.stderr.strip()[-500:]})")
                continue
            m = json.loads(html.unescape(found.group(1)))
            problems = []
            if m["pageWidth"] > m["viewport"] + 1:
                problems.append(f"the page scrolls sideways ({m['pageWidth']} px content in a {m['viewport']} px viewport)")
            problems += [f"text cut at the viewport edge: <{c['tag'].lower()}> '{c['text']}' reaches {c['right']:.0f} px" for c in m["cut"]]
            problems += [f"table: {t['problem']}" + (f" ('{t['text']}')" if "text" in t else "") for t in m["tables"]]
            problems += [f"figure text at {s['px']:.1f} px: '{s['text']}'" for s in m["smallText"]]
            if problems:
                failures.append(f"{where}:\n  " + "\n  ".join(problems))
            else:
                print(f"{where}: no console messages, {inked:.1%} of the first screen inked, nothing cut, tables scroll, figure text ≥ 11 px")

if failures:
    print("check_report_browser: " + "\ncheck_report_browser: ".join(failures), file=sys.stderr)
    sys.exit(1)
print("check_report_browser: every report renders at " + " and ".join(f"{w} px" for w in widths))
