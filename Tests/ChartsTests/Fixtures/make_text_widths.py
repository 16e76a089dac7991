#!/usr/bin/env python3
"""Writes text_widths.json: the widths headless Chromium gives strings set in DejaVu Sans (regular
and bold) at 100 px, measured with SVGTextContentElement.getComputedTextLength(). TypesetTests
compares RichText.width (advance widths read from the font by scripts/make_font_metrics.py, no
kerning) against them: an independent measurement by a real text shaper.

Needs chromium and fonts-dejavu-core (Debian). Run: python3 make_text_widths.py
"""
import html
import json
import pathlib
import subprocess
import tempfile

here = pathlib.Path(__file__).resolve().parent
strings = [
    "context length L (tokens)", "effective base 1/ω", "fp32 ceiling 1/ε", "llama-3.1-8b", "0.0424·L",
    "Phase error against float64 in bf16", "min −1.48 at m = 126220", "10⁻⁶", "π: the phase carries no position",
    "mistral-large-instruct-2411", "Γ_ε ≤ M ≥ ×8", "WWWWW iiiii", "0123456789", "qwen2.5-7b-instruct-1m · 42",
]
cases = [(s, bold) for s in strings for bold in (False, True)]
weight = {False: "", True: ' font-weight="bold"'}
items = "\n".join(
    f'<text id="t{i}" x="0" y="100" font-size="100" font-family="DejaVu Sans"{weight[b]}>{html.escape(s)}</text>'
    for i, (s, b) in enumerate(cases))
page = f"""<!doctype html><html><body><svg xmlns="http://www.w3.org/2000/svg" width="4000" height="200">{items}</svg>
<pre id="out"></pre><script>
const w = []; for (let i = 0; i < {len(cases)}; i++) w.push(document.getElementById('t' + i).getComputedTextLength());
document.getElementById('out').textContent = 'WIDTHS' + JSON.stringify(w) + 'END';
</script></body></html>"""
with tempfile.TemporaryDirectory() as tmp:
    path = pathlib.Path(tmp) / "widths.html"
    path.write_text(page, encoding="utf-8")
    dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", path.as_uri()],
                         capture_output=True, text=True, check=True).stdout
widths = json.loads(dom.split("WIDTHS", 1)[1].split("END", 1)[0])
out = [{"text": s, "bold": b, "size": 100, "width": round(w, 3)} for (s, b), w in zip(cases, widths)]
version = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
(here / "text_widths.json").write_text(json.dumps({"measured_by": version, "font": "DejaVu Sans", "cases": out}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"wrote {len(out)} widths ({version})")
