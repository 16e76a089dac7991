#!/usr/bin/env python3
"""Renders `ctxlimits check CONFIG --report FILE.html` pages in headless Chromium and checks that
each loads without console errors and that its screenshot is not blank: what `swift test` cannot
see (it checks that the page is well-formed and self-contained).

Usage: python3 scripts/check_report_browser.py [path/to/ctxlimits]   (default .build/debug/ctxlimits)
Needs Debian's chromium and fonts-dejavu-core, and Pillow (pip install pillow). Run by .ci/run
through `make browser-check`. Exits 1 with a message on the first failure.
"""
import pathlib
import re
import subprocess
import sys
import tempfile

from PIL import Image

tool = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/ctxlimits"
# a violated model with every figure, one with lint warnings and a disagreement, one without RoPE
models = ["llama-3.1-8b", "phi-3.5-mini-instruct", "mamba2-130m"]
width, height = 1100, 9000


def fail(message):
    print(f"check_report_browser: {message}", file=sys.stderr)
    sys.exit(1)


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    for model in models:
        page = tmp / f"{model}.html"
        run = subprocess.run([tool, "check", model, "--report", str(page)], capture_output=True, text=True)
        if run.returncode not in (0, 3) or not page.exists():
            fail(f"{model}: ctxlimits check exited {run.returncode}: {run.stderr.strip()}")
        shot = tmp / f"{model}.png"
        browser = subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
             f"--window-size={width},{height}", f"--screenshot={shot}", page.as_uri()],
            capture_output=True, text=True, timeout=120)
        if browser.returncode != 0 or not shot.exists():
            fail(f"{model}: chromium exited {browser.returncode}: {browser.stderr.strip()[-2000:]}")
        # console messages (and page errors) of the page itself, as Chromium logs them
        console = [line for line in browser.stderr.splitlines() if re.search(r"CONSOLE|Uncaught|Refused to|net::ERR", line)]
        if console:
            fail(f"{model}: the page logged to the console:\n" + "\n".join(console))
        # the first screen (every page starts with its title and verdict there) must carry ink and colour
        screen = Image.open(shot).convert("RGB").crop((0, 0, width, 1200))
        histogram = screen.convert("L").histogram()
        inked = sum(histogram[:200]) / (screen.width * screen.height)   # share of pixels darker than light grey
        colours = len(screen.getcolors(maxcolors=1 << 24))
        if inked < 0.01 or colours < 50:
            fail(f"{model}: the screenshot looks blank ({inked:.2%} of the first screen inked, {colours} colours)")
        print(f"{model}: loaded without console messages; {inked:.1%} of the first screen inked, {colours} colours")
print("check_report_browser: every report renders")
